#!/usr/bin/env python3
"""Writes the iso18295 pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months), as of 2026-10-15, sites north and
south. A boundary case puts north exactly on the threshold (passes) and south
one unit beyond it (fails).
"""
import datetime as dt
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]

RULES = [
    "iso18295.4.1.client-requirements",
    "iso18295.4.2.charter", "iso18295.4.2.at-contact",
    "iso18295.4.3.method", "iso18295.4.3.measured", "iso18295.4.3.review",
    "iso18295.4.4.procedure", "iso18295.4.4.acknowledged", "iso18295.4.4.resolved", "iso18295.4.4.analysed",
    "iso18295.4.5.privacy", "iso18295.4.5.fair-treatment",
    "iso18295.5.1.direction",
    "iso18295.5.x.targets", "iso18295.5.x.review", "iso18295.5.x.resources",
    "iso18295.people.roles", "iso18295.people.training-plan", "iso18295.people.trained-before-live",
    "iso18295.people.skills-verified", "iso18295.people.engagement", "iso18295.people.environment",
    "iso18295.operations.monitoring", "iso18295.operations.calibration", "iso18295.operations.knowledge",
    "iso18295.infrastructure.systems", "iso18295.infrastructure.continuity", "iso18295.infrastructure.security",
    "iso18295.performance.definitions", "iso18295.performance.service-level", "iso18295.performance.abandonment",
    "iso18295.improvement.management-review", "iso18295.improvement.corrective-action",
]
# Rules whose documents carry a `fresh` check (all-fail backdates them all).
FRESH_DOC_RULES = [r for r in RULES if r not in (
    "iso18295.4.2.at-contact", "iso18295.4.3.measured", "iso18295.4.4.acknowledged", "iso18295.4.4.resolved",
    "iso18295.4.4.analysed", "iso18295.people.trained-before-live", "iso18295.people.skills-verified",
    "iso18295.performance.service-level", "iso18295.performance.abandonment",
    "iso18295.improvement.corrective-action")]


def plus(s, n):
    return (dt.date.fromisoformat(s) + dt.timedelta(days=n)).isoformat()

# ---------------------------------------------------------------- documents
S = "Written for the fixture: enough words under this heading to count as real content here."
APPROVED = [("owner", "Head of Service"), ("approved_by", "Managing Director"), ("approved_on", "2026-02-10")]
OWNED = [("owner", "Head of Service"), ("approved_on", "2026-02-10")]

# path -> (kind, title, front matter, [(heading, text)])
DOCS = {
    "clients/requirements-review.md": ("requirements-review", "Requirements review: utility client",
        [("client", "Utility client"), ("approved_by", "Managing Director"), ("approved_on", "2026-03-02")],
        [("Requirements", "Channels, opening hours, the 80/20 service level and the complaint time limits the client asked for."),
         ("Capability", "Both sites can staff the hours asked; the forecast shows the service level is reachable."),
         ("Differences resolved", "Saturday hours were agreed as 9:00 to 17:00 instead of 8:00 to 18:00.")]),
    "customers/service-charter.md": ("service-charter", "Customer service charter", APPROVED,
        [("Channels and hours", "Phone, chat and email from 8:00 to 20:00 on weekdays and 9:00 to 17:00 on Saturdays."),
         ("Service standards", "We answer 80% of calls within 20 seconds and reply to every email within 1 working day."),
         ("Costs and your information", "Calls cost the same as a local call and chat is free; we use your personal data only to handle your request."),
         ("How to complain", "By phone, email or letter; we acknowledge within two working days and resolve within ten.")]),
    "customers/survey-method.md": ("survey-method", "Customer survey method", OWNED + [("questions", 6)],
        [("Sampling", "A random sample of each day's contacts on every channel, drawn by the survey provider."),
         ("Timing", "Customers are asked within one day of the contact, by text message or email."),
         ("Questionnaire", "Six questions: overall satisfaction, the agent, resolution, effort and two open comments."),
         ("Scale", "Ratings from one to five, where four and five are satisfied and one and two dissatisfied."),
         ("Administration", "An external survey provider runs the survey; no agent chooses who is asked.")]),
    "customers/feedback-review.md": ("customer-feedback-review", "Customer feedback review, third quarter",
        [("owner", "Head of Service"), ("approved_on", "2026-10-05")],
        [("Drivers", "Waiting times and repeat calls about bills were the main drivers of low ratings."),
         ("Actions", "Billing explanations rewritten; a callback offered when the wait exceeds two minutes.")]),
    "customers/complaint-procedure.md": ("complaint-procedure", "Complaint handling procedure", APPROVED,
        [("Purpose", "Resolve every complaint fairly and quickly, and learn from each one."),
         ("Scope", "Complaints on every channel about the service of either site."),
         ("Responsibilities", "Agents log complaints, team leaders resolve them, the complaints lead analyses trends."),
         ("Procedure", "Log the complaint, acknowledge it within 2 working days, investigate, and resolve it within 10 days."),
         ("Records", "Each complaint is recorded with its dates, category and root cause in the complaint log.")]),
    "customers/privacy-policy.md": ("privacy-policy", "Privacy policy", APPROVED,
        [("Scope", "Personal data of customers and staff handled by both sites on every channel."),
         ("Lawful basis", "Contract with the client and legitimate interest for quality monitoring."),
         ("Rights", "Customers may see, correct or erase their data through the privacy contact."),
         ("Retention", "Recordings are kept ninety days and contact records six years, then deleted."),
         ("Breaches", "A breach is reported to the privacy lead at once and to the regulator within 72 hours.")]),
    "customers/contact-handling.md": ("contact-handling-procedure", "Contact handling procedure", APPROVED,
        [("Purpose", "One consistent way of handling a contact on every channel at both sites."),
         ("Scope", "Inbound phone, chat and email contacts for every client of the centre."),
         ("Steps", "Greet, verify the customer's identity before discussing the account, resolve, record and close."),
         ("Customers in vulnerable circumstances", "Agents offer more time and a specialist team to customers in vulnerable circumstances."),
         ("Records", "The CRM contact record with its disposition code and the call recording."),
         ("Measures", "Service level, first-contact resolution and quality score from the target register.")]),
    "leadership/statement-of-direction.md": ("statement-of-direction", "Statement of direction", APPROVED,
        [("Mission", "Make every customer contact easy, fair and resolved the first time."),
         ("Vision", "The contact centre customers would choose if they could choose."),
         ("Values", "Listen first, own the problem, keep promises, treat customers as we would family."),
         ("Communication", "Briefed to every team at the start of the year and in every induction.")]),
    "leadership/kpi-targets.md": ("kpi-targets", "Target register", APPROVED,
        [("Metrics", "Service level, abandonment, complaint acknowledgement and resolution, customer satisfaction, training before live work."),
         ("Targets", "Service level 80% in 20 seconds; abandonment at most 5%; complaints resolved within 10 days."),
         ("Rationale", "Client contracts set the accessibility targets; the others come from our customer research.")]),
    "leadership/workforce-plan.md": ("workforce-plan", "Workforce plan", OWNED,
        [("Forecasting", "Volume and handle time forecast by channel and half hour from two years of history."),
         ("Scheduling", "Schedules built four weeks ahead to the forecast requirement with shrinkage allowed."),
         ("Real-time management", "The real-time analyst moves breaks and training when the queue exceeds target."),
         ("Accuracy", "Daily forecast accuracy within five per cent, reviewed every week by the planners.")]),
    "people/job-agent.md": ("job-description", "Job description: customer service agent", OWNED + [("role", "agent")],
        [("Purpose", "Handle customer contacts on every channel to the service standards."),
         ("Duties", "Answer calls, chats and emails, resolve requests, record every contact accurately."),
         ("Minimum skills", "Clear spoken and written language, keyboard skills and a calm manner with upset customers."),
         ("Responsibilities", "Protect customer data, follow the contact procedure and report complaints.")]),
    "people/training-plan.md": ("training-plan", "Training plan", OWNED,
        [("Induction", "Three weeks of induction training and a skills check before the first live contact."),
         ("Refresher", "Quarterly refresher modules chosen from quality monitoring results.")]),
    "people/staff-survey.md": ("staff-survey", "Staff engagement survey", [("approved_on", "2026-05-20"), ("response_rate", 0.5)],
        [("Results", "Engagement index 71% favourable, up four points; workload remains the lowest score."),
         ("Actions", "More schedule choice, a quiet room and monthly team meetings with the site manager.")]),
    "people/work-environment.md": ("work-environment-assessment", "Work environment assessment", OWNED,
        [("Physical environment", "Noise, lighting, temperature and desk set-up assessed on both floors."),
         ("Wellbeing", "Workload, breaks and stress discussed with staff representatives in March."),
         ("Actions", "New headsets ordered, break rota changed, a wellbeing contact named at each site.")]),
    "quality/monitoring-procedure.md": ("quality-monitoring-procedure", "Quality monitoring procedure", APPROVED,
        [("Sampling", "Five contacts per agent per month drawn at random across channels."),
         ("Evaluation form", "The scorecard of the contact type, scored out of one hundred points."),
         ("Critical errors", "Identity, wrong information, regulated statements and rudeness are critical."),
         ("Calibration", "Evaluators score the same contacts every month against a reference score."),
         ("Feedback", "Team leaders give feedback within five days and coach every low score.")]),
    "quality/calibration.md": ("calibration-record", "Calibration session",
        [("approved_on", "2026-09-21"), ("attendees", "[QE1, QE2, team leaders]")],
        [("Contacts scored", "Four calls scored by every evaluator."), ("Variance", "Three points from the reference.")]),
    "quality/knowledge.md": ("knowledge-management", "Knowledge management", OWNED,
        [("Ownership", "Each knowledge area has a named owner in the service team."),
         ("Review cycle", "Articles are reviewed every ninety days or when a process changes."),
         ("Measures", "Article use, accuracy checks and agent feedback are reported every month.")]),
    "systems/infrastructure-register.md": ("infrastructure-register", "Infrastructure register", OWNED,
        [("Assets", "Telephony platform, ACD and IVR, CRM, network, headsets and workstations at both sites."),
         ("Maintenance", "Supplier maintenance contracts with response times for every system listed."),
         ("Availability", "Availability is reported monthly per system against a 99.5% target.")]),
    "systems/continuity-plan.md": ("business-continuity-plan", "Business continuity plan", APPROVED,
        [("Scope", "Both sites, every channel and every client programme of the centre."),
         ("Scenarios", "Loss of a site, telephony outage, CRM outage and a sudden staff shortage."),
         ("Recovery objectives", "Calls rerouted to the other site within thirty minutes of a site loss."),
         ("Roles", "The duty manager invokes the plan; the continuity lead runs the recovery."),
         ("Testing", "A rerouting test every six months and a desk exercise every year.")]),
    "systems/security-policy.md": ("information-security-policy", "Information security policy",
        APPROVED + [("doc_id", "ISP-001"), ("classification", "internal")],
        [("Policy", "Information is protected according to its classification by everyone at the centre.")]),
    "performance/metric-definitions.md": ("metric-definitions", "Metric definitions", OWNED,
        [("Definitions", "Service level is calls answered in 20 seconds over calls offered less short abandons."),
         ("Sources", "ACD interval reports, the survey provider's export and the complaint log."),
         ("Data checks", "Monthly totals are reconciled with the ACD's own reports before they are published.")]),
    "improvement/management-review.md": ("management-review", "Management review",
        [("approved_on", "2026-09-15"), ("attendees", "[Managing Director, site managers, Head of Service]")],
        [("Inputs", "Complaint trends, customer satisfaction from the survey, performance against target."),
         ("Decisions", "Fund a callback option and a second complaints handler at south.")]),
    "improvement/corrective-action-log.md": ("corrective-action-log", "Corrective action log", [("owner", "Head of Service")],
        [("Actions", "Each missed target is logged with its root cause, the action taken and a check that it worked.")]),
}
REVIEWS = ["2026-04-08", "2026-05-08", "2026-06-09", "2026-07-08", "2026-08-07", "2026-09-08", "2026-10-07"]


def doc(kind, title, front, sections):
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return fm + "\n" + body


def documents(stale=(), empty=(), placeholder=(), reviews=REVIEWS, drop=(), bare=()):
    """path -> text. `stale` paths approved in 2019; `empty` (path, heading) pairs with nothing under
    the heading; `placeholder` paths with their first front-matter value TBD; `bare` paths with only
    a heading sentence that names nothing the rules look for."""
    out = {}
    for path, (kind, title, front, sections) in DOCS.items():
        if path in drop:
            continue
        front = list(front)
        if path in stale:
            front = [(k, "2019-02-11" if k == "approved_on" else v) for k, v in front]
        if path in placeholder:
            front[0] = (front[0][0], "TBD")
        secs = [(h, "" if (path, h) in empty else t) for h, t in sections]
        if path in bare:
            secs = [(h, "Kept on the shared drive.") for h, _ in sections]
        out[path] = doc(kind, title, front, secs)
    for r in reviews:
        out["performance/review-%s.md" % r] = doc(
            "performance-review", "Performance review %s" % r,
            [("approved_on", r), ("attendees", "[site managers, planners, Head of Service]")],
            [("Metrics reviewed", "Service level, abandonment, complaints, satisfaction and training."),
             ("Misses", "None of the targets was missed this month."),
             ("Actions", "Keep the callback trial running for another month.")])
    return out


def attested(north="pass", south="pass"):
    """attestations.yaml: the auditor's sample of contacts at each site."""
    text = ""
    for site, result in [("north", north), ("south", south)]:
        text += ("- rule: iso18295.4.2.at-contact\n  site: %s\n  result: %s\n  auditor: A. Auditor (certification body)\n"
                 "  date: 2026-09-30\n  statement: Twelve contacts sampled across channels at the site; %s\n"
                 % (site, result, "as required." if result == "pass" else "agents did not announce the recording."))
    return text


ATTESTED = attested()
# Minor rules: their failures do not block certification (certify: major).
MINOR = {"iso18295.4.2.at-contact", "iso18295.4.4.acknowledged", "iso18295.4.4.analysed",
         "iso18295.people.skills-verified", "iso18295.people.environment", "iso18295.operations.calibration",
         "iso18295.operations.knowledge", "iso18295.performance.definitions", "iso18295.performance.abandonment"}

# ---------------------------------------------------------------- records
def month_spec(spec, site, month, **defaults):
    """A site-month's settings: the defaults, then the spec's "*" (every month), then that month's."""
    out = dict(defaults)
    out.update(spec.get(site, {}).get("*", {}))
    out.update(spec.get(site, {}).get(month, {}))
    return out


def site_spec(spec, site, **defaults):
    out = dict(defaults)
    out.update(spec.get(site, {}))
    return out


def surveys(spec):
    rows = ["site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions"]
    for site in SITES:
        k = 0
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=110)
            for i in range(kw["n"]):
                k += 1
                d = i % 28 + 1
                rows.append("%s,%s%05d,%s-%02dT10:00:00,%s-%02dT18:00:00,%d,Y,%d,6"
                            % (site, site[0].upper(), k, m, d, m, d, 4 + i % 2, 4 + i % 2))
    return "\n".join(rows) + "\n"


def complaints(spec):
    """20 complaints a site-month: acknowledged the next day, resolved in 5 days, root cause coded;
    the first `late_ack` acknowledged after 3 days, the first `late` resolved after 12 days and the
    next `open` never resolved; `uncoded` complaints in the period without a root cause."""
    rows = ["site,complaint_id,received_on,category,acknowledged_on,resolved_on,root_cause"]
    for site in SITES:
        uncoded = site_spec(spec.get("period", {}), site, uncoded=0)["uncoded"]
        k = 0
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=20, late_ack=0, late=0, open=0)
            for i in range(kw["n"]):
                k += 1
                rec = "%s-%02d" % (m, i + 1)
                ack = plus(rec, 3 if i < kw["late_ack"] else 1)
                res = "" if kw["late"] <= i < kw["late"] + kw["open"] else plus(rec, 12 if i < kw["late"] else 5)
                cause = "" if k <= uncoded else ["process", "system", "people", "policy"][i % 4]
                rows.append("%s,C-%s-%03d,%s,%s,%s,%s,%s" % (site, site[0].upper(), k, rec,
                                                            ["billing", "delay", "conduct"][i % 3], ack, res, cause))
    return "\n".join(rows) + "\n"


def starters(spec):
    """Four new starters a site, first live in May, June, July and August; trained and verified the
    working week before (`tight`: on the very day; `late`: the first verified a day after going live;
    `untrained`: the first never finished induction; `n`: how many)."""
    rows = ["site,agent_id,started_on,first_live_on,induction_completed_on,verified_on,verified_by"]
    for site in SITES:
        kw = site_spec(spec, site, n=4, tight=False, late=False, untrained=False)
        for i in range(kw["n"]):
            live = "2026-%02d-15" % (5 + i)
            done = live if kw["tight"] else plus(live, -3)
            verified = plus(live, 1) if (kw["late"] and i == 0) else done
            induction = "" if (kw["untrained"] and i == 0) else done
            rows.append("%s,%sN%02d,%s,%s,%s,%s,Training lead" % (site, site[0].upper(), i + 1, plus(live, -21), live,
                                                                 induction, verified))
    return "\n".join(rows) + "\n"


def training(spec):
    """40 training records a site in the period, the first `unverified` not verified."""
    rows = ["site,person_id,course,completed_on,verified,expires_on,score"]
    for site in SITES:
        kw = site_spec(spec, site, n=40, unverified=0)
        for i in range(kw["n"]):
            done = "%s-%02d" % (MONTHS[i % 6], i // 6 + 3)
            rows.append("%s,%sA%02d,%s,%s,%s,%s,88" % (site, site[0].upper(), i % 20 + 1,
                                                     ["product", "complaints", "privacy"][i % 3], done,
                                                     "N" if i < kw["unverified"] else "Y", plus(done, 365)))
    return "\n".join(rows) + "\n"


def intervals(spec):
    """60 half-hour rows a site-month, 102 offered (2 short abandons): 85 answered in the service
    level and 4 abandoned (2 after the short threshold) unless the month says otherwise; `in_sl` and
    `abandoned` set every row, `worse` the number of rows one call worse."""
    rows = ["site,interval_start,queue,offered,answered,answered_in_sl,abandoned,short_abandons,wait_s,handle_s"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=60, in_sl=85, abandoned=4, worse_sl=0, worse_ab=0, skip=False)
            if kw["skip"]:
                continue
            for i in range(kw["n"]):
                ab = kw["abandoned"] + (1 if i < kw["worse_ab"] else 0)
                in_sl = kw["in_sl"] - (1 if i < kw["worse_sl"] else 0)
                ts = "%s-%02dT%02d:%s:00" % (m, i // 20 + 2, 8 + (i % 20) // 2, "00" if i % 2 == 0 else "30")
                rows.append("%s,%s,general,102,%d,%d,%d,2,%d,%d" % (site, ts, 102 - ab, in_sl, ab, (102 - ab) * 15,
                                                                  (102 - ab) * 300))
    return "\n".join(rows) + "\n"

# ---------------------------------------------------------------- cases
def expected_text(about, expected, summary):
    """expected.yaml: every rule's status (a string, or (north, south)) and the optional summary."""
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    if summary:
        lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    return "\n".join(lines) + "\n"


def case(name, about, rec=None, expected=None, docs=None, attestations=ATTESTED, summary=None):
    """One evidence root: the profile, the documents, a CSV per record kind and expected.yaml."""
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: 2026-09-30}\npacks: [iso18295]\n" % about)
    if attestations:
        files["attestations.yaml"] = attestations
    for kind, text in [("customer-survey", surveys(rec.get("survey", {}))),
                       ("complaint", complaints(rec.get("complaint", {}))),
                       ("new-starter", starters(rec.get("starter", {}))),
                       ("training-record", training(rec.get("training", {}))),
                       ("acd-interval", intervals(rec.get("acd", {})))]:
        files["records/%s/2026.csv" % kind] = text
    if summary is None:
        blocking = [r for r in (expected or {}) if r not in MINOR]
        summary = {"certified": "false" if blocking else "true"}
    files["expected.yaml"] = expected_text(about, expected, summary)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


SOUTH = ("pass", "fail")


def boundary(name, about, kind, month, north, south, rule):
    """A threshold case: one month's records of one kind changed at each site; `rule` passes at north
    (exactly on the threshold) and fails at south (one unit beyond it)."""
    case(name, about, rec={kind: {"north": {month: north}, "south": {month: south}}}, expected={rule: SOUTH})


def per_site(kind, north, south, rule, name, about):
    """A threshold case on a kind judged over the whole period (one pool per site)."""
    case(name, about, rec={kind: {"north": north, "south": south}}, expected={rule: SOUTH})


case("all-pass", "Every rule passes at both sites.")

case("all-fail",
     "Every rule fails at both sites: documents approved in 2019, empty of what the rules look for or "
     "unfilled, an observation that failed, and records off target everywhere.",
     docs=documents(stale=set(DOCS), bare={"customers/service-charter.md", "customers/feedback-review.md",
                                           "customers/complaint-procedure.md", "customers/contact-handling.md",
                                           "leadership/statement-of-direction.md", "leadership/kpi-targets.md",
                                           "people/training-plan.md", "improvement/management-review.md",
                                           "improvement/corrective-action-log.md"},
                    reviews=["2019-03-04"]),
     attestations=attested("fail", "fail"),
     rec={"survey": {s: {"*": dict(n=60)} for s in SITES},
          "complaint": dict({s: {"*": dict(late_ack=5, late=5, open=2)} for s in SITES},
                            period={s: dict(uncoded=60) for s in SITES}),
          "starter": {s: dict(untrained=True, late=True) for s in SITES},
          "training": {s: dict(unverified=10) for s in SITES},
          "acd": {s: {"*": dict(in_sl=70, abandoned=10)} for s in SITES}},
     expected={r: "fail" for r in RULES})

case("stale-documents",
     "Currency, not presence: the charter, the privacy policy and the target register were last approved in "
     "2019, and the newest performance review is from July (older than 45 days).",
     docs=documents(stale={"customers/service-charter.md", "customers/privacy-policy.md", "leadership/kpi-targets.md"},
                    reviews=REVIEWS[:4]),
     expected={r: "fail" for r in ["iso18295.4.2.charter", "iso18295.4.5.privacy", "iso18295.5.x.targets",
                                   "iso18295.5.x.review"]})

case("empty-section",
     "Headings kept, content gone: the charter's Service standards and the contact procedure's section on "
     "customers in vulnerable circumstances are empty.",
     docs=documents(empty={("customers/service-charter.md", "Service standards"),
                           ("customers/contact-handling.md", "Customers in vulnerable circumstances")}),
     expected={r: "fail" for r in ["iso18295.4.2.charter", "iso18295.4.5.fair-treatment"]})

case("placeholder",
     "An unfilled template: the requirements review's client, the privacy policy's owner and the "
     "statement of direction's owner are TBD.",
     docs=documents(placeholder={"clients/requirements-review.md", "customers/privacy-policy.md",
                                 "leadership/statement-of-direction.md"}),
     expected={r: "fail" for r in ["iso18295.4.1.client-requirements", "iso18295.4.5.privacy",
                                   "iso18295.5.1.direction"]})

case("too-few-reviews", "Only three performance reviews in the year (four needed), the newest current.",
     docs=documents(reviews=REVIEWS[-3:]), expected={"iso18295.5.x.review": "fail"})

case("missing-month",
     "South has no ACD, survey or complaint records for August: every monthly rule fails south's August; the "
     "root-cause share, judged over the period, is unaffected.",
     rec={"acd": {"south": {"2026-08": dict(skip=True)}},
          "survey": {"south": {"2026-08": dict(n=0)}},
          "complaint": {"south": {"2026-08": dict(n=0)}}},
     expected={r: SOUTH for r in ["iso18295.4.3.measured", "iso18295.4.4.acknowledged", "iso18295.4.4.resolved",
                                  "iso18295.performance.service-level", "iso18295.performance.abandonment"]})

case("small-samples",
     "Too few to judge, with every share on target: south has 9 complaints in June (10 needed), 49 interval "
     "rows in July (50 needed) and 19 training records in the period (20 needed).",
     rec={"complaint": {"north": {"2026-06": dict(n=10)}, "south": {"2026-06": dict(n=9)}},
          "acd": {"north": {"2026-07": dict(n=50)}, "south": {"2026-07": dict(n=49)}},
          "training": {"north": dict(n=20), "south": dict(n=19)}},
     expected={r: SOUTH for r in ["iso18295.4.4.acknowledged", "iso18295.4.4.resolved",
                                  "iso18295.people.skills-verified", "iso18295.performance.service-level",
                                  "iso18295.performance.abandonment"]})

boundary("survey-boundary", "Survey responses in July: north exactly 100, south 99.",
         "survey", "2026-07", dict(n=100), dict(n=99), "iso18295.4.3.measured")

boundary("acknowledged-boundary", "Complaints acknowledged within 2 days in May: north 19 of 20 (95%), south 18 of 20.",
         "complaint", "2026-05", dict(late_ack=1), dict(late_ack=2), "iso18295.4.4.acknowledged")

boundary("resolved-boundary",
         "Complaints resolved within 10 days in September: north 18 of 20 (90%, two late), south 17 of 20 "
         "(two late and one still open, which counts as late).",
         "complaint", "2026-09", dict(late=2), dict(late=2, open=1), "iso18295.4.4.resolved")

case("root-cause-boundary",
     "Complaints with a root cause over the period: north 114 of 120 (95%), south 113 of 120.",
     rec={"complaint": {"period": {"north": dict(uncoded=6), "south": dict(uncoded=7)}}},
     expected={"iso18295.4.4.analysed": SOUTH})

per_site("starter", dict(tight=True), dict(tight=True, late=True), "iso18295.people.trained-before-live",
         "trained-boundary",
         "New starters: at north all four finished induction and were verified on the day they first went live "
         "(on the threshold); at south one was verified the day after.")

case("untrained-starter", "South put a starter on the phones who never finished induction.",
     rec={"starter": {"south": dict(untrained=True)}}, expected={"iso18295.people.trained-before-live": SOUTH})

case("no-new-starters",
     "South took on nobody in the period: nothing shows training before live work, so the rule fails there "
     "(a site without starters excludes it in its profile).",
     rec={"starter": {"south": dict(n=0)}}, expected={"iso18295.people.trained-before-live": SOUTH})

per_site("training", dict(unverified=2), dict(unverified=3), "iso18295.people.skills-verified",
         "verified-boundary", "Training verified over the period: north 38 of 40 (95%), south 37 of 40.")

boundary("service-level-boundary",
         "Service level in June: north exactly 80.0% (80 of 100 every interval), south one call short (79.98%).",
         "acd", "2026-06", dict(in_sl=80), dict(in_sl=80, worse_sl=1), "iso18295.performance.service-level")

boundary("abandonment-boundary",
         "Abandonment in August: north exactly 5.0% (5 of 100 every interval), south one call more (5.02%).",
         "acd", "2026-08", dict(abandoned=7), dict(abandoned=7, worse_ab=1), "iso18295.performance.abandonment")

case("observation-failed", "The auditor's sample of contacts at south found agents not announcing the recording.",
     attestations=attested(south="fail"), expected={"iso18295.4.2.at-contact": SOUTH})
