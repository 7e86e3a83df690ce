#!/usr/bin/env python3
"""Writes the hdi-scp pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months, two complete quarters), as of
2026-10-15, sites north and south. A boundary case puts north exactly on the
threshold (passes) and south one unit beyond it (fails).

Per site and month the all-pass evidence has 100 tickets (25 logged on the
portal, 5 by e-mail, 70 live: 56 of them resolved at first contact), 40
post-incident surveys (36 rating 4-5, one rating 2), 75 ACD intervals of the
support queue (40 offered, 39 answered, one abandoned, 30 s average wait) and
a general queue and other surveys that the pack must leave out.
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]
SOUTH = ("pass", "fail")
BOTH = ("fail", "fail")
SLA = {"P1": 4, "P2": 8, "P3": 24, "P4": 72}

RULES = [
    "hdi-scp.lead.mission", "hdi-scp.lead.service-review",
    "hdi-scp.strategy.plan", "hdi-scp.strategy.catalogue", "hdi-scp.strategy.sla", "hdi-scp.strategy.ola",
    "hdi-scp.staff.staffing-model", "hdi-scp.staff.certified", "hdi-scp.staff.performance",
    "hdi-scp.resources.tools", "hdi-scp.resources.knowledge-base", "hdi-scp.resources.self-service",
    "hdi-scp.process.incident", "hdi-scp.process.request", "hdi-scp.process.problem", "hdi-scp.process.change",
    "hdi-scp.process.prioritised", "hdi-scp.process.knowledge-use",
    "hdi-scp.staff-results.survey", "hdi-scp.staff-results.attrition",
    "hdi-scp.customer-results.csat", "hdi-scp.customer-results.dissatisfaction", "hdi-scp.customer-results.study",
    "hdi-scp.performance.asa", "hdi-scp.performance.abandonment", "hdi-scp.performance.fcr",
    "hdi-scp.performance.sla", "hdi-scp.performance.reopen",
]
MINOR = ["hdi-scp.strategy.ola", "hdi-scp.staff.performance", "hdi-scp.resources.tools",
         "hdi-scp.resources.self-service", "hdi-scp.process.request", "hdi-scp.process.prioritised",
         "hdi-scp.staff-results.attrition", "hdi-scp.customer-results.dissatisfaction",
         "hdi-scp.customer-results.study", "hdi-scp.performance.reopen"]
TICKET_RULES = ["hdi-scp.resources.self-service", "hdi-scp.process.prioritised", "hdi-scp.process.knowledge-use",
                "hdi-scp.performance.fcr", "hdi-scp.performance.sla", "hdi-scp.performance.reopen"]


# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections):
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return fm + "\n" + body


SLA_TABLE = ("| Priority | Definition | Response | Resolution |\n| --- | --- | --- | --- |\n"
             "| P1 | Service down for many users | 15 minutes | 4 hours |\n"
             "| P2 | Service degraded or one user blocked | 30 minutes | 8 hours |\n"
             "| P3 | One user impaired, workaround exists | 4 hours | 24 hours |\n"
             "| P4 | Request or question | 8 hours | 72 hours |")

DOCS = {
    "leadership/mission.md": ("support-mission", "Support centre mission and vision", "full", [
        ("Mission", "We keep our customers working: every fault fixed or routed right first time, and every "
                    "customer told what happens next and when."),
        ("Vision", "By 2028 most customers solve common problems themselves and the desk resolves the rest at "
                   "the first contact."),
        ("Customers served", "Staff of the client businesses using the supported applications, and their own "
                             "customers who reach the desk by phone, chat or the portal."),
        ("Communication", "Leaders present the mission at every induction, at the quarterly town hall and in "
                          "the service review with the business."),
    ]),
    "strategy/support-strategy.md": ("support-strategy", "Support strategy and plan", "full", [
        ("Goals", "Raise first-contact resolution to 80%, move a third of tickets to the portal and keep every "
                  "priority within its SLA every month."),
        ("Services", "Incident and request handling for the supported applications; a new remote-support "
                     "service for home workers from the third quarter."),
        ("Budget", "The year's budget is £1.2m: staff £980k, tools £150k, training and certification £70k."),
        ("Measures", "First-contact resolution, resolution within SLA per priority, reopen rate, post-incident "
                     "satisfaction and the portal's share, reported monthly."),
    ]),
    "strategy/service-catalogue.md": ("service-catalogue", "Service catalogue", "owner", [
        ("Services", "Application incidents, password and access requests, device set-up, remote support and "
                     "how-to questions on the supported applications."),
        ("Entitlement", "Every member of staff of a client business on the supported applications; customers "
                        "of those businesses for login and access problems only."),
        ("Hours and channels", "Phone and chat 08:00-18:00 on weekdays, the portal at all hours, walk-up at the "
                               "north office 09:00-17:00."),
    ]),
    "strategy/sla.md": ("service-level-agreement", "Service level agreement: supported applications", "sla", [
        ("Services", "The services of the catalogue for every client business on the supported applications."),
        ("Priorities", "Priority follows impact and urgency: how many users are affected and whether work "
                       "can go on."),
        ("Targets", SLA_TABLE),
        ("Reporting", "A monthly report of every target per priority, sent to the business owners."),
        ("Review", "Reviewed every quarter at the service review and renewed every year."),
    ]),
    "strategy/ola-applications.md": ("operational-level-agreement", "OLA: application support team", "ola", [
        ("Scope", "Tickets the desk escalates to the application support team."),
        ("Handoffs", "The desk escalates with the diagnosis done; the team accepts within 30 minutes."),
        ("Targets", "P1 fixed within 3 hours, P2 within 6 hours of acceptance."),
        ("Review", "Reviewed monthly with the team lead."),
    ]),
    "people/staffing-model.md": ("support-staffing-model", "Support centre staffing model", "owner", [
        ("Roles", "Support analysts on the first line, senior analysts on the second line, a team leader per "
                  "shift and a knowledge lead."),
        ("Tiers", "First line resolves at first contact where it can; second line takes escalations from the "
                  "first line."),
        ("Staffing model", "Staffing is sized from ticket and call volumes per half hour, with a shrinkage "
                           "allowance of thirty per cent."),
        ("Career path", "Analysts certify as support analysts in their first six months and may then train "
                        "as senior analysts."),
    ]),
    "resources/support-tooling.md": ("support-tooling", "Support tooling", "owner", [
        ("Ticketing", "The ITSM tool holds every ticket; owned by the support manager, supported by its vendor."),
        ("Knowledge base", "Articles in the ITSM tool, owned by the knowledge lead."),
        ("Telephony", "The tech-support queue on the contact-centre platform, owned by the IT manager."),
        ("Remote support", "The remote-control tool with the customer's consent, owned by the IT manager."),
        ("Self-service", "The customer portal for logging and following tickets, owned by the support manager."),
    ]),
    "resources/knowledge-management.md": ("knowledge-management", "Knowledge management", "owner", [
        ("Ownership", "The knowledge lead owns the knowledge base; every article has an owner."),
        ("Review cycle", "Articles are reviewed every six months or when a ticket shows them wrong."),
        ("Measures", "Article links per resolved ticket, article views and flagged inaccuracies, monthly."),
    ]),
    "process/incident-procedure.md": ("incident-procedure", "Incident management procedure", "full", [
        ("Logging", "Every contact about a fault is logged as a ticket with the caller, the service and the symptoms."),
        ("Categorisation", "Tickets are categorised by service and symptom from the catalogue's list."),
        ("Prioritisation", "Priority follows impact and urgency as the SLA defines P1 to P4."),
        ("Escalation", "The first line escalates a ticket it cannot resolve within twenty minutes, and every "
                       "P1 at once, to the second line."),
        ("Resolution and closure", "The analyst confirms the fix with the customer, links the article used "
                                   "and closes the ticket."),
    ]),
    "process/request-procedure.md": ("request-procedure", "Service request procedure", "owner", [
        ("Request types", "Access, password resets, device set-up and software installs."),
        ("Approval", "Access requests need the line manager's approval in the portal."),
        ("Fulfilment", "Fulfilled by the first line from the request's checklist."),
        ("Closure", "Closed when the requester confirms it is done."),
    ]),
    "process/problem-procedure.md": ("problem-procedure", "Problem management procedure", "owner", [
        ("Identification", "Three or more incidents with the same cause in a month open a problem record."),
        ("Root cause analysis", "The senior analyst analyses the cause with the five whys and the vendor's logs."),
        ("Known errors", "A known error with its workaround is published as a knowledge article."),
        ("Closure", "Closed when the fix is in place and no incident has recurred for a month."),
    ]),
    "process/change-procedure.md": ("change-procedure", "Change procedure", "full", [
        ("Request", "Changes are requested in the ITSM tool."),
        ("Assessment", "Risk and impact assessed by the change owner."),
        ("Approval", "Approved by the change advisory board."),
        ("Testing", "Tested in the vendor's sandbox first."),
        ("Review", "Reviewed a week after going live."),
    ]),
    "people/staff-survey.md": ("staff-survey", "Support team survey", "survey", [
        ("Results", "Engagement index 72; highest on teamwork, lowest on tools."),
        ("Actions", "A tools working group and a monthly recognition award."),
    ]),
    "results/customer-study.md": ("customer-satisfaction-study", "Customer satisfaction study", "study", [
        ("Method", "An annual web survey of a random sample of customers who used the desk this year."),
        ("Results", "Eighty-eight per cent satisfied with the desk overall; speed of fix rated lowest."),
        ("Trend", "Up four points on last year's study, and speed of fix up two points."),
        ("Actions", "Publish known errors faster and staff the lunchtime peak."),
    ]),
}
REVIEW = [
    ("Service performance", "Every priority met its resolution target; first-contact resolution eighty per cent."),
    ("Customer feedback", "Post-incident satisfaction ninety per cent; two complaints about portal updates."),
    ("Actions", "The desk publishes portal status updates; the business sends release notes a week earlier."),
]


def documents(ok=True, reviews=("2026-06-24", "2026-09-23"), empty=(), placeholder=False, stale=(),
              drop=(), sla_rows=4):
    """path -> text. ok=False gives the defective versions used by all-fail."""
    d = "2026-02-10" if ok else "2019-02-11"
    fronts = {
        "full": [("owner", "TBD" if placeholder else "Support manager"), ("approved_by", "Head of IT services"),
                 ("approved_on", d)],
        "owner": [("owner", "Support manager"), ("approved_on", d)],
        "sla": [("owner", "Support manager"), ("approved_by", "Head of IT services"), ("approved_on", d),
                ("customer", "\"[Customer]\"" if placeholder else "Client businesses")],
        "ola": [("owner", "Support manager"), ("approved_on", d), ("resolver", "Application support team")],
        "survey": [("approved_on", "2026-05-15" if ok else "2024-05-15"), ("response_rate", 0.62 if ok else 0.41)],
        "study": [("approved_on", "2026-03-20" if ok else "2024-03-20"), ("responses", 240 if ok else 60)],
    }
    out = {}
    for path, (kind, title, front, secs) in DOCS.items():
        if path in drop:
            continue
        secs = [(h, "" if h in empty else t) for h, t in secs]
        if kind == "service-level-agreement":
            table = "\n".join(SLA_TABLE.split("\n")[:2 + sla_rows])
            secs = [(h, table if h == "Targets" and t else t) for h, t in secs]
        out[path] = doc(kind, title, fronts[front], secs)
    for r in reviews:
        out["leadership/service-review-%s.md" % r[:7]] = doc(
            "support-service-review", "Service review %s" % r[:7],
            [("approved_on", r), ("attendees", "To be confirmed" if placeholder else "[Support manager, business owners]")],
            [(h, "" if h in empty else t) for h, t in REVIEW])
    for p in stale:
        out[p] = re.sub(r"(?m)^approved_on: .*$", "approved_on: 2019-06-03", out[p])
    return out


# ---------------------------------------------------------------- records
def month_spec(spec, site, month, **defaults):
    """A site-month's settings: the defaults, then the spec's "*" (every month), then that month's."""
    site_spec = spec.get(site, {})
    out = dict(defaults)
    out.update(site_spec.get("*", {}))
    out.update(site_spec.get(month, {}))
    return out


def priority(i):
    return "P1" if i % 10 == 0 else "P2" if i % 10 in (1, 2) else "P3" if i % 10 < 7 else "P4"


def tickets(spec):
    """100 tickets a site-month: `portal` on the portal, `email` by e-mail, the rest live (phone, chat,
    walk-up) with `fcr` of them resolved at first contact; `late` {priority: n} resolved past target,
    `open` {priority: n} never resolved, `reopened` and `kb` (linked to an article) counts of rows."""
    lines = ["site,ticket_id,opened_at,channel,priority,sla_hours,first_contact_resolved,escalated,reopened,"
             "resolved_at,type,kb_article"]
    for site in SITES:
        k = 0
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=100, portal=25, email=5, fcr=56, late={}, open={}, reopened=2,
                            kb=70, unprioritised=0, skip=False)
            if kw["skip"]:
                continue
            late, still_open = dict(kw["late"]), dict(kw["open"])
            live_seen = 0
            for i in range(kw["n"]):
                k += 1
                day, hour = i % 25 + 1, 8 + i % 9
                opened = "%s-%02dT%02d:%02d:00" % (m, day, hour, (i * 7) % 60)
                channel = ("portal" if i < kw["portal"] else "email" if i < kw["portal"] + kw["email"]
                           else ["phone", "phone", "chat", "phone", "walk-up"][i % 5])
                fcr = "N"
                if channel not in ("portal", "email"):
                    fcr = "Y" if live_seen < kw["fcr"] else "N"
                    live_seen += 1
                p = priority(i)
                hours = SLA[p]
                taken = hours // 2
                resolved = True
                if still_open.get(p):
                    still_open[p] -= 1
                    resolved = False
                elif late.get(p):
                    late[p] -= 1
                    taken = hours + 1
                if i < kw["unprioritised"]:
                    p = "urgent"
                h = hour + taken
                resolved_at = ("%s-%02dT%02d:%02d:00" % (m, day + h // 24, h % 24, (i * 7) % 60)) if resolved else ""
                lines.append("%s,%s-%05d,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s" % (
                    site, site[0].upper() + "T", k, opened, channel, p, hours, fcr,
                    "N" if fcr == "Y" or channel == "portal" else ("Y" if i % 3 == 0 else "N"),
                    "Y" if resolved and i % 100 < kw["reopened"] else "N", resolved_at,
                    "request" if i % 4 == 3 else "incident", "KB-%04d" % (i % 40 + 1) if i % 100 < kw["kb"] else ""))
            assert not any(late.values()) and not any(still_open.values()), (site, m)
    return "\n".join(lines) + "\n"


def acd(spec):
    """75 half-hour intervals a site-month on the support queue (3 a day, days 1-25), and a general queue
    that misses every target (left out by the queue filter)."""
    lines = ["site,interval_start,queue,offered,answered,answered_in_sl,abandoned,short_abandons,wait_s"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, intervals=75, abandoned=1, wait=30, extra_abandon=0, extra_wait=0,
                            skip=False)
            if kw["skip"]:
                continue
            for j in range(kw["intervals"]):
                day, slot = j // 3 + 1, ["09:00", "12:30", "15:00"][j % 3]
                ab = kw["abandoned"] + (kw["extra_abandon"] if j == 0 else 0)
                answered = 40 - ab
                wait = answered * kw["wait"] + (kw["extra_wait"] if j == 0 else 0)
                lines.append("%s,%s-%02dT%s:00,tech-support,42,%d,%d,%d,2,%d" % (
                    site, m, day, slot, answered, answered - 3, ab + 2, wait))
            for day in (1, 2):
                lines.append("%s,%s-%02dT10:00:00,general,50,40,20,10,0,8000" % (site, m, day))
    return "\n".join(lines) + "\n"


def surveys(spec):
    """40 post-incident surveys a site-month: `good` rate 4-5, `bad` rate 1-2, the rest 3; and ten surveys
    of the general line, all rated 1 (left out by the call-type filter)."""
    lines = ["site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions,call_type"]
    for site in SITES:
        k = 0
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=40, good=36, bad=1, skip=False)
            if kw["skip"]:
                continue
            for i in range(kw["n"]):
                k += 1
                d = i % 27 + 1
                sat = (5 - i % 2) if i < kw["good"] else (2 if i < kw["good"] + kw["bad"] else 3)
                lines.append("%s,%sS%05d,%s-%02dT10:00:00,%s-%02dT16:00:00,%d,Y,%d,4,tech-support"
                             % (site, site[0].upper(), k, m, d, m, d, sat, sat))
            for i in range(10):
                k += 1
                lines.append("%s,%sS%05d,%s-%02dT11:00:00,%s-%02dT17:00:00,1,N,1,4,general"
                             % (site, site[0].upper(), k, m, i + 1, m, i + 1))
    return "\n".join(lines) + "\n"


def training(spec):
    """Six analysts a site, three courses each, verified and current; agents' records (not support staff)
    unverified, to be left out."""
    lines = ["site,person_id,course,completed_on,verified,expires_on,score,role"]
    for site in SITES:
        kw = dict(unverified=0, expires=None)
        kw.update(spec.get(site, {}))
        n = 0
        for a in range(6):
            for c in ["support-analyst-certification", "itsm-tool", "kcs-fundamentals"]:
                verified = "N" if n < kw["unverified"] else "Y"
                expires = kw["expires"] if (kw["expires"] and n == 0) else "2027-03-31"
                lines.append("%s,%s%02d,%s,2026-04-%02d,%s,%s,88,analyst" % (
                    site, site[0].upper() + "S", a + 1, c, a + 2, verified, expires))
                n += 1
        lines.append("%s,%sA01,induction,2026-03-02,N,2025-01-01,60,agent" % (site, site[0].upper()))
    return "\n".join(lines) + "\n"


def staff_month(spec):
    lines = ["site,month,headcount_start,headcount_end,separations"]
    for site in SITES:
        for mi, m in enumerate(MONTHS):
            kw = month_spec(spec, site, m, separations=1 if mi in (1, 4) else 0, skip=False)
            if kw["skip"]:
                continue
            lines.append("%s,%s-01,40,40,%d" % (site, m, kw["separations"]))
    return "\n".join(lines) + "\n"


ATTEST = """- rule: hdi-scp.staff.performance
  result: %s
  auditor: Fixture auditor
  date: %s
  statement: Interviewed six analysts and sampled their one-to-ones; each knew their targets.
"""


# ---------------------------------------------------------------- cases
def expected_text(about, expected, summary):
    """expected.yaml: every rule's status (a string, or (north, south)) and the optional summary."""
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    if summary:
        lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    return "\n".join(lines) + "\n"


def case(name, about, rec=None, expected=None, docs=None, summary=None, att=("pass", "2026-09-10"), params=None):
    """One evidence root: the profile, the documents, a CSV per record kind and expected.yaml."""
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    pack = "[hdi-scp]" if not params else "[{id: hdi-scp, params: {%s}}]" % ", ".join("%s: %s" % kv for kv in params.items())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Support Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: 2026-09-30}\npacks: %s\n" % (about, pack))
    if att:
        files["attestations.yaml"] = ATTEST % att
    for kind, text in [("support-ticket", tickets(rec.get("ticket", {}))), ("acd-interval", acd(rec.get("acd", {}))),
                       ("customer-survey", surveys(rec.get("survey", {}))),
                       ("training-record", training(rec.get("training", {}))),
                       ("staff-month", staff_month(rec.get("staff", {})))]:
        files["records/%s/2026.csv" % kind] = text
    files["expected.yaml"] = expected_text(about, expected, summary)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


def boundary(name, about, kind, month, north, south, rule, also=None):
    """A threshold case: one month's records of one kind changed at each site; `rule` passes at north
    (exactly on the threshold) and fails at south (one unit beyond it)."""
    exp = {rule: SOUTH}
    exp.update(also or {})
    minor_only = all(r in MINOR for r, v in exp.items() if v != "pass")
    case(name, about, rec={kind: {"north": {month: north}, "south": {month: south}}}, expected=exp,
         summary={"certified": "true" if minor_only else "false"})


def every(**kw):
    return {s: {"*": dict(kw)} for s in SITES}


case("all-pass", "Every rule passes at both sites.", summary={"certified": "true"})

case("all-fail",
     "Every rule fails at both sites: stale, incomplete documents, a failing attestation, and records off target "
     "everywhere.",
     docs=documents(ok=False, reviews=(), sla_rows=2, empty=("Customers served", "Budget", "Entitlement",
                                                             "Review", "Career path", "Remote support",
                                                             "Measures", "Escalation", "Closure", "Known errors",
                                                             "Testing", "Actions", "Trend")),
     att=("fail", "2026-09-10"),
     rec={"ticket": every(portal=10, fcr=40, late={"P1": 2, "P2": 3, "P3": 5, "P4": 4}, reopened=8, kb=40,
                          unprioritised=1),
          "acd": every(intervals=50, abandoned=4, wait=60),
          "survey": every(n=25, good=15, bad=5),
          "training": {s: dict(unverified=2) for s in SITES},
          "staff": every(separations=3)},
     expected={r: "fail" for r in RULES}, summary={"certified": "false"})

case("stale-documents",
     "Currency, not presence: the mission, the SLA and the problem procedure were last approved in 2019.",
     docs=documents(stale=("leadership/mission.md", "strategy/sla.md", "process/problem-procedure.md")),
     expected={r: "fail" for r in ["hdi-scp.lead.mission", "hdi-scp.strategy.sla", "hdi-scp.process.problem"]},
     summary={"certified": "false"})

case("empty-sections",
     "Headings kept, content gone: the strategy's Budget, the incident procedure's Escalation, the study's Trend "
     "and the Review of the SLA, the OLA and the change procedure are empty.",
     docs=documents(empty=("Budget", "Escalation", "Trend", "Review")),
     expected={r: "fail" for r in ["hdi-scp.strategy.plan", "hdi-scp.process.incident",
                                   "hdi-scp.customer-results.study", "hdi-scp.strategy.sla",
                                   "hdi-scp.strategy.ola", "hdi-scp.process.change"]},
     summary={"certified": "false"})

case("placeholders",
     "An unfilled template: the mission's and the procedures' owner is TBD, the SLA's customer is [Customer], "
     "the service reviews' attendees are 'To be confirmed'.",
     docs=documents(placeholder=True),
     expected={r: "fail" for r in ["hdi-scp.lead.mission", "hdi-scp.strategy.plan", "hdi-scp.strategy.sla",
                                   "hdi-scp.process.incident", "hdi-scp.process.change",
                                   "hdi-scp.lead.service-review"]},
     summary={"certified": "false"})

case("sla-table-short", "The SLA's target table lists only P1 and P2: P3 and P4 have no targets.",
     docs=documents(sla_rows=2), expected={"hdi-scp.strategy.sla": "fail"}, summary={"certified": "false"})

case("service-review-missing-quarter", "No service review with the business is dated in the second quarter.",
     docs=documents(reviews=("2026-09-23",)), expected={"hdi-scp.lead.service-review": "fail"},
     summary={"certified": "false"})

case("missing-month",
     "South has no ticket, ACD, survey or staff exports for August: every monthly rule fails south's August, "
     "and the attrition window has a gap.",
     rec={k: {"south": {"2026-08": dict(skip=True)}} for k in ("ticket", "acd", "survey", "staff")},
     expected={r: SOUTH for r in TICKET_RULES + [
         "hdi-scp.performance.asa", "hdi-scp.performance.abandonment", "hdi-scp.customer-results.csat",
         "hdi-scp.customer-results.dissatisfaction", "hdi-scp.staff-results.attrition"]},
     summary={"certified": "false"})

case("no-attestation", "Nobody has judged the analysts' performance management: the attestation is missing.",
     att=None, expected={"hdi-scp.staff.performance": "pending"}, summary={"certified": "true"})

case("stale-attestation", "The performance-management attestation is from 2024, older than the review cycle.",
     att=("pass", "2024-09-10"), expected={"hdi-scp.staff.performance": "pending"}, summary={"certified": "true"})

case("minor-gaps-certified",
     "No OLA, no tooling description and no request procedure (three minor rules): score 90.8, over the "
     "default pass mark of 75, and every major rule passes.",
     docs=documents(drop=("strategy/ola-applications.md", "resources/support-tooling.md",
                          "process/request-procedure.md")),
     expected={r: "fail" for r in ["hdi-scp.strategy.ola", "hdi-scp.resources.tools", "hdi-scp.process.request"]},
     summary={"certified": "true"})

case("pass-mark",
     "The same three minor gaps with the pass mark raised to 91 in the profile: score 90.8 is under it, so no "
     "certification although every major rule passes.",
     docs=documents(drop=("strategy/ola-applications.md", "resources/support-tooling.md",
                          "process/request-procedure.md")),
     params={"pass_mark": 91},
     expected={r: "fail" for r in ["hdi-scp.strategy.ola", "hdi-scp.resources.tools", "hdi-scp.process.request"]},
     summary={"certified": "false"})

case("certificate-expiry",
     "An analyst's certification expires exactly on the as-of date at north (still current), the day before "
     "at south.",
     rec={"training": {"north": dict(expires="2026-10-15"), "south": dict(expires="2026-10-14")}},
     expected={"hdi-scp.staff.certified": SOUTH}, summary={"certified": "false"})

case("unverified", "South has one analyst's course never verified.",
     rec={"training": {"south": dict(unverified=1)}},
     expected={"hdi-scp.staff.certified": SOUTH}, summary={"certified": "false"})

boundary("self-service-boundary", "Tickets logged on the portal in June: north exactly 20 of 100, south 19.",
         "ticket", "2026-06", dict(portal=20, email=10), dict(portal=19, email=11), "hdi-scp.resources.self-service")

boundary("fcr-boundary", "First-contact resolution of live tickets in July: north exactly 70% (49 of 70), south 48.",
         "ticket", "2026-07", dict(fcr=49), dict(fcr=48), "hdi-scp.performance.fcr")

boundary("fcr-small-sample",
         "Live tickets in May: north exactly 60 (45 resolved first time), south 59 (45 too): south's share is on "
         "target but on too few.",
         "ticket", "2026-05", dict(n=90, fcr=45), dict(n=89, fcr=45), "hdi-scp.performance.fcr")

boundary("sla-boundary",
         "P2 tickets resolved within 8 hours in August: north exactly 90% (18 of 20), south 17 of 20.",
         "ticket", "2026-08", dict(late={"P2": 2}), dict(late={"P2": 3}), "hdi-scp.performance.sla")

case("open-tickets",
     "South left two P1 tickets of September unresolved (8 of 10 within target); north one (9 of 10). The "
     "unresolved tickets do not count for reopens or article links.",
     rec={"ticket": {"north": {"2026-09": dict(open={"P1": 1})}, "south": {"2026-09": dict(open={"P1": 2})}}},
     expected={"hdi-scp.performance.sla": SOUTH}, summary={"certified": "false"})

boundary("ticket-count-boundary",
         "Tickets in April: north exactly 60, south 59 (none on the portal or by e-mail, all live): the SLA rule's "
         "volume check passes at north and fails at south; no portal tickets fails self-service at both.",
         "ticket", "2026-04", dict(n=60, portal=0, email=0, fcr=45), dict(n=59, portal=0, email=0, fcr=45),
         "hdi-scp.performance.sla",
         also={"hdi-scp.resources.self-service": BOTH, "hdi-scp.performance.fcr": SOUTH})

boundary("reopen-boundary", "Resolved tickets reopened in September: north exactly 5 of 100, south 6.",
         "ticket", "2026-09", dict(reopened=5), dict(reopened=6), "hdi-scp.performance.reopen")

boundary("knowledge-boundary", "Resolved tickets linked to an article in June: north exactly 60 of 100, south 59.",
         "ticket", "2026-06", dict(kb=60), dict(kb=59), "hdi-scp.process.knowledge-use")

case("unprioritised",
     "South logged one ticket in July with priority 'urgent', outside the SLA's P1-P4 (a minor rule: south "
     "is still certified).",
     rec={"ticket": {"south": {"2026-07": dict(unprioritised=1)}}},
     expected={"hdi-scp.process.prioritised": SOUTH}, summary={"certified": "true"})

boundary("asa-boundary", "Average speed of answer in April: north exactly 45 s, south 45 s plus one second on one interval.",
         "acd", "2026-04", dict(wait=45), dict(wait=45, extra_wait=1), "hdi-scp.performance.asa")

boundary("abandonment-boundary",
         "Abandonment in May: north exactly 5% (150 of 3,000 after short abandons), south 151.",
         "acd", "2026-05", dict(abandoned=2), dict(abandoned=2, extra_abandon=1), "hdi-scp.performance.abandonment")

boundary("acd-small-sample", "Support-queue intervals in June: north exactly 60, south 59.",
         "acd", "2026-06", dict(intervals=60), dict(intervals=59), "hdi-scp.performance.asa",
         also={"hdi-scp.performance.abandonment": SOUTH})

boundary("csat-boundary", "Post-incident surveys rating 4-5 in July: north exactly 85% (34 of 40), south 33.",
         "survey", "2026-07", dict(good=34), dict(good=33), "hdi-scp.customer-results.csat")

boundary("dsat-boundary", "Post-incident surveys rating 1-2 in August: north exactly 5% (2 of 40), south 3.",
         "survey", "2026-08", dict(bad=2), dict(bad=3), "hdi-scp.customer-results.dissatisfaction")

boundary("survey-small-sample",
         "Post-incident surveys in September: north exactly 30, south 29 (27 of them rating 4-5).",
         "survey", "2026-09", dict(n=30, good=27), dict(n=29, good=27), "hdi-scp.customer-results.csat",
         also={"hdi-scp.customer-results.dissatisfaction": SOUTH})

case("attrition-boundary",
     "Separations over the six months with 40 staff: north 7 (exactly 35% annualised), south 8 (40%).",
     rec={"staff": {"north": {"*": dict(separations=1), "2026-09": dict(separations=2)},
                    "south": {"*": dict(separations=1), "2026-08": dict(separations=2),
                              "2026-09": dict(separations=2)}}},
     expected={"hdi-scp.staff-results.attrition": SOUTH}, summary={"certified": "true"})

case("staff-survey-response-rate", "The staff survey's response rate is 0.49, under the 0.5 required.",
     docs={**documents(), "people/staff-survey.md": documents()["people/staff-survey.md"].replace(
         "response_rate: 0.62", "response_rate: 0.49")},
     expected={"hdi-scp.staff-results.survey": "fail"}, summary={"certified": "false"})
