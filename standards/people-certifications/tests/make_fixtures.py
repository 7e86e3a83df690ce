#!/usr/bin/env python3
"""Writes the people-certifications pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months), as of 2026-10-15, sites north and
south. A boundary case puts north exactly on the threshold (passes) and south
one unit beyond it (fails).

Each site has, on the roster: twenty agents (A01-A07 hold credentials that fall
due in the period and are renewed two weeks early, A08-A17 hold current ones,
A18 and A19 hold none, A20 leaves on 2026-06-15 and their credential, due in
August, is retired), a new starter (A21, from 2026-08-03, inside the grace
period), two team leaders and a manager whose credentials fall due in June and
July and are renewed early. The month-end status export is derived from the
credential register, then changed as a case says.
"""
import datetime as dt
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]
GRACE = 180
PERIOD_END = "2026-09-30"

RULES = [
    "people-certifications.policy.matrix", "people-certifications.policy.new-starters",
    "people-certifications.policy.recertification", "people-certifications.policy.verification",
    "people-certifications.plan.current", "people-certifications.plan.budget",
    "people-certifications.coverage.roster", "people-certifications.coverage.agents",
    "people-certifications.coverage.team-leaders", "people-certifications.coverage.managers",
    "people-certifications.upkeep.verified", "people-certifications.upkeep.renewed",
    "people-certifications.upkeep.traced",
]


def day(s):
    return dt.date.fromisoformat(s)


def plus(s, n):
    return (day(s) + dt.timedelta(days=n)).isoformat()


def years(s, n):
    d = day(s)
    return d.replace(year=d.year + n).isoformat()


def month_end(m):
    d = day(m + "-01")
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (nxt - dt.timedelta(days=1)).isoformat()

# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections, site=None):
    fm = ["---", "kind: %s" % kind, 'title: "%s"' % title] + (["site: %s" % site] if site else [])
    fm += ["%s: %s" % kv for kv in front] + ["---"]
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return "\n".join(fm) + "\n" + body


MATRIX_ROWS = [
    ("Agent", "HDI Customer Service Representative; a legacy SSPA Certified Support Professional", "180 days"),
    ("Team leader or supervisor", "HDI Support Center Team Lead; CIAC Certified Management Associate", "180 days"),
    ("Manager", "CIAC Certified Operations Manager or Strategic Leader; HDI Support Center Manager", "180 days"),
]
PLAN_ROWS = [
    ("A18", "HDI Customer Service Representative", "2026-11-30"),
    ("A19", "HDI Customer Service Representative", "2026-11-30"),
    ("A21", "HDI Customer Service Representative", "2027-01-29"),
]


def table(header, rows):
    lines = ["| %s |" % " | ".join(header), "|" + "---|" * len(header)]
    lines += ["| %s |" % " | ".join(r) for r in rows]
    return "\n".join(lines)


def policy(ok=True, roles=3, empty=(), placeholder=False, site=None):
    d = "2026-02-10" if ok else "2019-02-11"
    front = [("owner", "TBD" if placeholder else "Head of Training"), ("approved_by", "Operations Director"),
             ("approved_on", d)]
    sections = [
        ("Requirements matrix", "Each role group must hold one of the credentials accepted for it, within the "
                                "period shown after starting in the role.\n\n"
         + table(["Role", "Accepted certifications", "Required within"], MATRIX_ROWS[:roles])),
        ("New starters", "Someone new to a role has 180 days to gain its certification; the course is booked in "
                         "their first month and their team leader reviews progress monthly."),
        ("Recertification", "HR tracks every expiry date and books renewal six months before a credential "
                            "expires; credentials that do not expire are refreshed every three years."),
        ("Verification", "HR confirms each credential with the issuing body's register when it is recorded and "
                         "again when it is renewed, and files the confirmation."),
    ]
    sections = [(h, "" if h in empty else t) for h, t in sections]
    return doc("certification-policy", "Certification policy", front, sections, site)


def plan(ok=True, rows=3, empty=(), placeholder=False, budget="18500", site=None):
    d = "2026-01-20" if ok else "2019-01-21"
    front = [("owner", "Head of Training"), ("approved_by", "Operations Director"), ("approved_on", d),
             ("budget", "TBD" if placeholder else budget)]
    sections = [
        ("Candidates", "Everyone uncertified past half the grace period and every credential due this year.\n\n"
         + table(["Candidate", "Certification", "Due by"], PLAN_ROWS[:rows])),
        ("Schedule", "Courses run in March, June and October; exams are sat within 30 days of the course."),
        ("Budget", "Course and exam fees for twelve candidates, renewal fees and cover for time off the phones."),
    ]
    sections = [(h, "" if h in empty else t) for h, t in sections]
    return doc("certification-plan", "Certification plan 2026", front, sections, site)


def documents(ok=True, empty=(), placeholder=False, roles=None, rows=None, budget=None):
    """path -> text; roles, rows and budget give per-site documents {site: value} for boundaries."""
    out = {}
    if roles:
        for s in SITES:
            out["people/certification-policy-%s.md" % s] = policy(ok, roles[s], empty, placeholder, s)
    else:
        out["people/certification-policy.md"] = policy(ok, 1 if not ok else 3, empty, placeholder)
    if rows or budget:
        for s in SITES:
            out["people/certification-plan-%s.md" % s] = plan(
                ok, (rows or {}).get(s, 3), empty, placeholder, (budget or {}).get(s, "18500"), s)
    else:
        out["people/certification-plan.md"] = plan(ok, 1 if not ok else 3, empty, placeholder,
                                                   "18500" if ok else "0")
    return out

# ---------------------------------------------------------------- people and credentials
def cred(scheme, credential, awarded, expires, renewed=None, retired=None):
    return dict(scheme=scheme, credential=credential, awarded=awarded, expires=expires, renewed=renewed,
                retired=retired, verified=awarded)


def with_renewal(c, late=False, shift=False):
    """A credential falling due: renewed 14 days early (5 days late when `late`), or, with
    `shift`, not due in the period at all (a year later)."""
    if shift:
        return [dict(c, awarded=years(c["awarded"], 1), expires=years(c["expires"], 1))]
    renewed = plus(c["expires"], 5 if late else -14)
    new = cred(c["scheme"], c["credential"], renewed, years(renewed, 3))
    return [dict(c, renewed=renewed), new]


def people(site, spec):
    """The site's people: id, role group, start, end, credentials."""
    kw = dict(agents=20, team_leaders=2, managers=1, late=(), shift=False, new_tl=None)
    kw.update(spec.get(site, {}))
    p = site[0].upper()
    out = []
    for i in range(1, kw["agents"] + 1):
        pid = "%sA%02d" % (p, i)
        person = dict(id=pid, role="agent", start="2024-01-08", end=None, creds=[])
        if i <= 7:
            expires = plus("2026-04-20", 20 * (i - 1))
            c = cred("HDI", "HDI-CSR", years(expires, -3), expires)
            person["creds"] = with_renewal(c, pid[1:] in kw["late"], kw["shift"])
        elif i <= 17:
            person["creds"] = [cred("HDI", "HDI-CSR", "2025-02-10", "2028-02-10")]
        elif i == 20:
            person["end"] = "2026-06-15"
            c = cred("HDI", "HDI-CSR", "2023-08-01", "2026-08-01", retired="2026-06-15")
            person["creds"] = [dict(c, awarded=years(c["awarded"], 1), expires=years(c["expires"], 1))
                               if kw["shift"] else c]
        out.append(person)
    out.append(dict(id="%sA%02d" % (p, kw["agents"] + 1), role="agent", start="2026-08-03", end=None, creds=[]))
    for i in range(1, kw["team_leaders"] + 1):
        pid = "%sT%02d" % (p, i)
        person = dict(id=pid, role="team-leader", start="2023-05-02", end=None, creds=[])
        if i <= 2:
            expires = "2026-06-12" if i == 1 else "2026-06-26"
            c = cred("HDI", "HDI-SCTL", years(expires, -3), expires)
            person["creds"] = with_renewal(c, pid[1:] in kw["late"], kw["shift"])
        else:
            person["creds"] = [cred("HDI", "HDI-SCTL", "2025-01-15", "2028-01-15")]
        out.append(person)
    if kw["new_tl"]:
        out.append(dict(id="%sT%02d" % (p, kw["team_leaders"] + 1), role="team-leader", start=kw["new_tl"],
                        end=None, creds=[]))
    for i in range(1, kw["managers"] + 1):
        pid = "%sM%02d" % (p, i)
        c = cred("CIAC", "CCOM", "2023-07-10", "2026-07-10")
        out.append(dict(id=pid, role="manager", start="2022-03-01", end=None,
                        creds=with_renewal(c, pid[1:] in kw["late"], kw["shift"])))
    return out


def status_rows(site, persons):
    """(month, row dict) for every person on the roster at any time in each month."""
    out = []
    for m in MONTHS:
        end = month_end(m)
        for person in persons:
            if person["start"] > end or (person["end"] and person["end"] < m + "-01"):
                continue
            as_at = min(end, person["end"] or end)
            held = [c for c in person["creds"] if c["awarded"] <= as_at <= c["expires"]]
            c = max(held, key=lambda c: c["awarded"]) if held else None
            out.append((m, dict(site=site, agent_id=person["id"], as_at=as_at, role_group=person["role"],
                                start_date=person["start"], certified=c is not None,
                                scheme=c["scheme"] if c else "", credential=c["credential"] if c else "",
                                expires_on=c["expires"] if c else "",
                                verified=(c["verified"] <= as_at) if c else None)))
    return out


def change_status(rows, site, changes):
    """Applies a case's changes to a site's status rows; changes: {month: {what: n}}.
    uncertify_<role>: the month's first n certified rows of the role become uncertified;
    unverify: the first n certified rows unverified; no_expiry / expired: the first n certified
    agents' expiry date blanked / set before the month; drop: ids left out; skip: no rows."""
    out = []
    for m in MONTHS:
        ch = changes.get(m, {})
        month_rows = [r for mm, r in rows if mm == m]
        if ch.get("skip"):
            continue
        month_rows = [r for r in month_rows if r["agent_id"] not in ch.get("drop", ())]
        for role in ("agent", "team-leader", "manager"):
            n = ch.get("uncertify_" + role.replace("-", "_"), 0)
            for r in [r for r in month_rows if r["role_group"] == role and r["certified"]][:n]:
                r.update(certified=False, scheme="", credential="", expires_on="", verified=None)
        for key, value in (("no_expiry", ""), ("expired", "2026-06-30")):
            n = ch.get(key, 0)
            for r in [r for r in month_rows if r["role_group"] == "agent" and r["certified"]][-n:] if n else []:
                r["expires_on"] = value
        n = ch.get("unverify", 0)
        for r in [r for r in month_rows if r["certified"]][:n]:
            r["verified"] = False
        out.extend((m, r) for r in month_rows)
    return out


def yn(v):
    return "" if v is None else ("Y" if v else "N")


def records(rec):
    """kind -> CSV text for the roster, the register and the status export."""
    roster = ["site,agent_id,start_date,end_date,role"]
    register = ["site,agent_id,scheme,credential,awarded_on,expires_on,renewed_on,retired_on,verified_on"]
    status = ["site,agent_id,as_at,role_group,start_date,certified,scheme,credential,expires_on,verified"]
    for site in SITES:
        persons = people(site, rec.get("people", {}))
        for person in persons:
            roster.append("%s,%s,%s,%s,%s" % (site, person["id"], person["start"], person["end"] or "",
                                              person["role"]))
            for c in person["creds"]:
                register.append(",".join([site, person["id"], c["scheme"], c["credential"], c["awarded"],
                                          c["expires"], c["renewed"] or "", c["retired"] or "", c["verified"]]))
        rows = change_status(status_rows(site, persons), site, rec.get("status", {}).get(site, {}))
        for m, r in rows:
            status.append(",".join([site, r["agent_id"], r["as_at"], r["role_group"], r["start_date"],
                                    yn(r["certified"]), r["scheme"], r["credential"], r["expires_on"],
                                    yn(r["verified"])]))
    return {"agent-roster": "\n".join(roster) + "\n", "certification": "\n".join(register) + "\n",
            "certification-status": "\n".join(status) + "\n"}


def attestations(result="pass", date="2026-09-21"):
    lines = []
    for site in SITES:
        lines += ["- rule: people-certifications.upkeep.traced", "  site: %s" % site, "  result: %s" % result,
                  "  auditor: Internal audit", "  date: %s" % date,
                  "  statement: Ten certified rows of the August status export traced to the register and to "
                  + ("the issuers' confirmations; all found." if result == "pass"
                     else "the certificates; three had no certificate on file."),
                  "  evidence: [records/certification-status/2026.csv]"]
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------- cases
def expected_text(about, expected):
    """expected.yaml: every rule's status (a string, or (north, south))."""
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    return "\n".join(lines) + "\n"


def case(name, about, rec=None, expected=None, docs=None, attest=None):
    """One evidence root: the profile, the documents, a CSV per record kind and expected.yaml."""
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: %s}\npacks: [people-certifications]\n" % (about, PERIOD_END))
    for kind, text in records(rec or {}).items():
        files["records/%s/2026.csv" % kind] = text
    files["attestations.yaml"] = attest if attest is not None else attestations()
    files["expected.yaml"] = expected_text(about, expected)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


SOUTH = ("pass", "fail")
FAIL_ALL = {m: dict(uncertify_agent=10, uncertify_team_leader=2, uncertify_manager=1, unverify=8,
                    drop=("NA05", "SA05")) for m in MONTHS}
LATE_ALL = tuple("A%02d" % i for i in range(1, 8)) + ("T01", "T02", "M01")


def at(site, month, **changes):
    return {site: {month: changes}}


case("all-pass", "Every rule passes at both sites.")

case("all-fail",
     "Every rule fails at both sites: a stale policy with one role and empty sections, an unfunded one-line "
     "plan, half the agents and every leader uncertified, credentials unverified, renewals late, a person "
     "missing from the export, and a failed trace.",
     docs=documents(ok=False, empty=("New starters", "Recertification", "Verification", "Budget")),
     rec={"people": {s: dict(late=LATE_ALL) for s in SITES}, "status": {s: FAIL_ALL for s in SITES}},
     expected={r: "fail" for r in RULES}, attest=attestations("fail"))

case("stale-documents", "Currency, not presence: the policy and the plan were last approved in 2019.",
     docs=documents(ok=True) | {p: t.replace("approved_on: 2026-02-10", "approved_on: 2019-02-11")
                                .replace("approved_on: 2026-01-20", "approved_on: 2019-01-21")
                                for p, t in documents().items()},
     expected={"people-certifications.policy.matrix": "fail", "people-certifications.plan.current": "fail"})

case("empty-sections",
     "Headings kept, content gone: the policy's New starters, Recertification and Verification and the "
     "plan's Budget are empty.",
     docs=documents(empty=("New starters", "Recertification", "Verification", "Budget")),
     expected={r: "fail" for r in ["people-certifications.policy.new-starters",
                                   "people-certifications.policy.recertification",
                                   "people-certifications.policy.verification",
                                   "people-certifications.plan.budget"]})

case("placeholders", "An unfilled template: the policy's owner is TBD, and so is the plan's budget.",
     docs=documents(placeholder=True),
     expected={"people-certifications.policy.matrix": "fail", "people-certifications.plan.budget": "fail"})

case("matrix-boundary", "The requirements matrix: north's policy lists exactly 3 roles, south's 2.",
     docs=documents(roles={"north": 3, "south": 2}),
     expected={"people-certifications.policy.matrix": SOUTH})

case("plan-rows-boundary", "The certification plan: north's names exactly 3 candidates, south's 2.",
     docs=documents(rows={"north": 3, "south": 2}),
     expected={"people-certifications.plan.current": SOUTH})

case("unfunded-plan", "North's plan has a budget of exactly 1, south's 0.",
     docs=documents(budget={"north": "1", "south": "0"}),
     expected={"people-certifications.plan.budget": SOUTH})

case("agents-boundary", "Agents certified at the end of May: north exactly 80% (16 of 20), south 15 of 20.",
     rec={"status": {"north": {"2026-05": dict(uncertify_agent=2)}, "south": {"2026-05": dict(uncertify_agent=3)}}},
     expected={"people-certifications.coverage.agents": SOUTH})

case("team-leaders-boundary",
     "Ten team leaders a site; at the end of July north has exactly 90% certified (9 of 10), south 8 of 10.",
     rec={"people": {s: dict(team_leaders=10) for s in SITES},
          "status": {"north": {"2026-07": dict(uncertify_team_leader=1)},
                     "south": {"2026-07": dict(uncertify_team_leader=2)}}},
     expected={"people-certifications.coverage.team-leaders": SOUTH})

case("managers-boundary", "At the end of August north's manager is certified (100%), south's is not.",
     rec={"status": {"south": {"2026-08": dict(uncertify_manager=1)}}},
     expected={"people-certifications.coverage.managers": SOUTH})

case("grace-boundary",
     "A new, uncertified team leader: at the end of September north's has been in the role %d days (inside the "
     "grace period, left out), south's exactly %d (counted: 2 of 3)." % (GRACE - 1, GRACE),
     rec={"people": {"north": dict(new_tl=plus(PERIOD_END, -(GRACE - 1))),
                     "south": dict(new_tl=plus(PERIOD_END, -GRACE))}},
     expected={"people-certifications.coverage.team-leaders": SOUTH})

case("agents-small-sample",
     "North has exactly 5 agents past the grace period, south 4 (all certified): too few for a share.",
     rec={"people": {"north": dict(agents=5), "south": dict(agents=4)}},
     expected={"people-certifications.coverage.agents": SOUTH})

case("person-missing", "South's July export leaves out SA05, who is on the roster.",
     rec={"status": at("south", "2026-07", drop=("SA05",))},
     expected={"people-certifications.coverage.roster": SOUTH})

case("missing-month",
     "South has no status export for August: the roster rule and every monthly share fail south's August.",
     rec={"status": at("south", "2026-08", skip=True)},
     expected={r: SOUTH for r in ["people-certifications.coverage.roster", "people-certifications.coverage.agents",
                                  "people-certifications.coverage.team-leaders",
                                  "people-certifications.coverage.managers", "people-certifications.upkeep.verified"]})

case("claimed-without-date",
     "South's July export says certified for two agents with no expiry date and two whose credential "
     "expired in June: neither counts (13 of 19).",
     rec={"status": at("south", "2026-07", no_expiry=2, expired=4)},
     expected={"people-certifications.coverage.agents": SOUTH})

case("verified-boundary",
     "Credentials relied on at the end of July confirmed with the issuer: north exactly 95% (19 of 20), "
     "south 18 of 20.",
     rec={"status": {"north": {"2026-07": dict(unverify=1)}, "south": {"2026-07": dict(unverify=2)}}},
     expected={"people-certifications.upkeep.verified": SOUTH})

case("renewal-boundary",
     "Credentials due in the period renewed by their expiry date: north exactly 90% (9 of 10, one renewed "
     "five days late), south 8 of 10.",
     rec={"people": {"north": dict(late=("A01",)), "south": dict(late=("A01", "A02"))}},
     expected={"people-certifications.upkeep.renewed": SOUTH})

case("nothing-due",
     "No credential at south fell due in the period: nothing was shown to be renewed, so south fails.",
     rec={"people": {"south": dict(shift=True)}},
     expected={"people-certifications.upkeep.renewed": SOUTH})

case("stale-trace", "The auditor's trace of the export is from 2024, older than a year: a judgement is pending.",
     attest=attestations(date="2024-09-20"),
     expected={"people-certifications.upkeep.traced": "pending"})
