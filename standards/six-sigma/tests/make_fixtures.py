#!/usr/bin/env python3
"""Writes the six-sigma pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months), as of 2026-10-15, sites north and
south. A boundary case puts north exactly on the threshold (passes) and south
one unit beyond it (fails). Volumes are chosen so that DPMO values are exact:
a million offered calls or handled contacts a month, 125 evaluations a month
(one critical error is 8,000 DPMO).
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]

RULES = [
    "six-sigma.deploy.plan", "six-sigma.deploy.champion", "six-sigma.deploy.defect-definitions",
    "six-sigma.deploy.belts", "six-sigma.deploy.black-belt",
    "six-sigma.measure.tally", "six-sigma.measure.msa",
    "six-sigma.capability.critical-errors", "six-sigma.capability.abandoned-calls",
    "six-sigma.capability.complaints", "six-sigma.capability.repeat-contacts",
    "six-sigma.dmaic.charter", "six-sigma.dmaic.phases", "six-sigma.dmaic.closed", "six-sigma.dmaic.results",
    "six-sigma.control.plan", "six-sigma.control.sustained-complaints",
]


# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections, site=None):
    fm = ["---", "kind: %s" % kind, 'title: "%s"' % title] + (["site: %s" % site] if site else [])
    fm += ["%s: %s" % kv for kv in front] + ["---"]
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return "\n".join(fm) + "\n" + body


DEFINITIONS = [
    ("critical-error", "An evaluated contact with one or more critical errors", "Evaluated contact", "QA tool export"),
    ("abandoned-call", "A call abandoned after the short-abandon threshold", "Offered call", "ACD interval report"),
    ("complaint", "A complaint logged against a handled contact", "Handled contact, all channels",
     "Complaint log and channel volumes"),
    ("repeat-contact", "The same customer again about the same reason within seven days", "Handled contact",
     "CRM repeat-contact report"),
]


def deployment(ok=True, rows=4, empty=(), placeholder=False, approved="2026-02-16"):
    table = "| CTQ | Defect | Opportunity | Source |\n| --- | --- | --- | --- |\n" + "".join(
        "| %s | %s | %s | %s |\n" % r for r in DEFINITIONS[:rows])
    sections = [
        ("Roles", "The operations director is the champion: she selects projects with the site managers, "
                  "removes obstacles and signs off every tollgate. Each site has a Black Belt who leads the "
                  "larger projects and coaches the Green Belts, team leaders who lead one project a year each."),
        ("Defect definitions", "Each defect is counted against one opportunity, defined before any data are "
                               "collected.\n\n" + table),
        ("Project selection", "Projects are chosen each quarter from the CTQs that miss their ceiling, the "
                              "complaint root causes and the business plan, and chartered with a baseline and a goal."),
        ("Tollgate reviews", "A tollgate review closes each phase: the belt presents, the champion and the process "
                             "owner sign off, and the date is recorded on the project."),
    ]
    sections = [(h, "" if h in empty else t) for h, t in sections]
    front = [("owner", "Head of Continuous Improvement"), ("champion", "TBD" if placeholder else "Operations Director"),
             ("approved_by", "Managing Director"), ("approved_on", approved if ok else "2019-02-11")]
    return doc("six-sigma-deployment", "Six Sigma deployment plan", front, sections)


PROJECTS = {
    "north": dict(name="Billing complaints", ctq="complaint", baseline=2100, goal=1300, result=1000,
                  tollgates=("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-15"), closed="2026-08-14",
                  reviewed="2026-09-28"),
    "south": dict(name="Identity-check critical errors", ctq="critical-error", baseline=56000, goal=30000,
                  result=24000, tollgates=("2026-02-23", "2026-03-30", "2026-04-27", "2026-06-08"),
                  closed="2026-07-30", reviewed="2026-10-02"),
}


def project(site, p, empty=(), closed=True, sponsor="Operations Director", reviewed=None):
    charter = [
        ("Problem statement", "Customers %s more often than the ceiling allows, at a cost in rework and goodwill "
                              "that the site managers see every month." % ("complain" if p["ctq"] == "complaint" else
                                                                          "suffer critical errors")),
        ("Defect definition", "One defect per %s, counted against every contact handled in the month." % p["ctq"]),
        ("CTQ", "The customer's need to get the answer right the first time, measured as DPMO."),
        ("Baseline", "The baseline DPMO from the six months before the charter, from the monthly defect data."),
        ("Goal", "The goal DPMO set in the charter, agreed with the sponsor at the Define tollgate."),
        ("Scope", "Every handled contact at the site, all channels, from the first contact to the close."),
        ("Team", "The Green Belt who leads, two agents, a team leader, the QA analyst and the process owner."),
    ]
    phases = [
        ("Measurement system analysis", "Three evaluators scored thirty reference contacts twice; agreement with "
                                        "the reference was ninety-four percent, so the defect data were trusted."),
        ("Root causes", "A Pareto of the defects by reason and a fishbone with the agents showed two causes "
                        "behind most of them: an unclear script step and a missing field in the system."),
        ("Pilot", "The new script step and the system field were piloted with one team for four weeks while the "
                  "other teams kept the old way as a comparison."),
        ("Results", "The pilot team's DPMO fell below the goal and held; the change was rolled out to the whole "
                    "site and the result measured over the following month."),
    ]
    control = [
        ("Control chart", "A p-chart of the monthly defect rate with control limits from the improved process, "
                          "updated by the QA analyst every month."),
        ("Process owner", "The site's operations manager owns the chart and the reaction plan after handover."),
        ("Reaction plan", "A point outside the control limits opens a review within a week: the cause is found, "
                          "the script and system checked, and the agents concerned coached."),
    ]
    sections = charter + (phases + control if closed else [])
    sections = [(h, "" if h in empty else t) for h, t in sections]
    t = p["tollgates"]
    front = [("owner", "%s Green Belt" % site.title()), ("sponsor", sponsor), ("ctq", p["ctq"]),
             ("baseline_dpmo", p["baseline"]), ("goal_dpmo", p["goal"]), ("define_tollgate", t[0])]
    if closed:
        front += [("measure_tollgate", t[1]), ("analyse_tollgate", t[2]), ("improve_tollgate", t[3]),
                  ("control_tollgate", p["closed"]), ("closed_on", p["closed"]), ("result_dpmo", p["result"]),
                  ("control_reviewed_on", reviewed or p["reviewed"])]
    return doc("dmaic-project", "DMAIC project: %s" % p["name"], front, sections, site=site)


def documents(ok=True, rows=4, empty=(), placeholder=False, stale=(), open_south=False, approved="2026-02-16"):
    out = {"six-sigma/deployment-plan.md": deployment(ok, rows, empty, placeholder, approved)}
    for site in SITES:
        p = PROJECTS[site]
        out["six-sigma/projects/%s-%s.md" % (site, p["ctq"])] = project(
            site, p, empty=empty, closed=ok and not (open_south and site == "south"),
            sponsor="\"[Name]\"" if placeholder and site == "south" else "Operations Director",
            reviewed="2026-06-01" if site in stale else None)
    # A project still in Analyse at north: chartered, not closed, judged only on its charter.
    out["six-sigma/projects/north-repeat-contact.md"] = project(
        "north", dict(name="Repeat contacts on moves", ctq="repeat-contact", baseline=150000, goal=110000,
                      result=None, tollgates=("2026-09-07",), closed=None, reviewed=None),
        empty=empty, closed=False)
    return out


# ---------------------------------------------------------------- records
def month_spec(spec, site, month, **defaults):
    """A site-month's settings: the defaults, then the spec's "*" (every month), then that month's."""
    site_spec = spec.get(site, {})
    out = dict(defaults)
    out.update(site_spec.get("*", {}))
    out.update(site_spec.get(month, {}))
    return out


def qa_evaluation(spec):
    lines = ["site,evaluated_on,agent_id,score,critical_error,evaluator,contact_id,channel"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=125, errors=3, skip=False)
            if kw["skip"]:
                continue
            errors = {7 + 13 * k for k in range(kw["errors"])}
            for i in range(kw["n"]):
                err = i in errors
                lines.append("%s,%s-%02d,%s%02d,%.1f,%s,QE%d,%s%s%03d,voice" % (
                    site, m, i % 28 + 1, site[0].upper() + "A", i % 10 + 1, 40.0 if err else 88.0,
                    "Y" if err else "N", i % 3 + 1, site[0].upper(), m[5:], i + 1))
    return "\n".join(lines) + "\n"


def acd_interval(spec):
    """Ten intervals a month, 100,000 offered each: a million offered calls a site-month."""
    lines = ["site,interval_start,offered,answered,answered_in_sl,abandoned"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, offered=1000000, abandoned=30000, skip=False)
            if kw["skip"]:
                continue
            for i in range(10):
                off = kw["offered"] // 10 + (kw["offered"] % 10 if i == 0 else 0)
                ab = kw["abandoned"] // 10 + (kw["abandoned"] % 10 if i == 0 else 0)
                lines.append("%s,%s-%02dT09:00:00,%d,%d,%d,%d" % (site, m, i + 1, off, off - ab,
                                                                   (off - ab) * 4 // 5, ab))
    return "\n".join(lines) + "\n"


def ctq_tally(spec):
    lines = ["site,month,ctq,opportunities,defects,source"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, opp=1000000, complaints=1000, repeat_opp=1000000, repeats=120000,
                            skip=False)
            if kw["skip"]:
                continue
            lines.append("%s,%s-01,complaint,%d,%d,complaint log" % (site, m, kw["opp"], kw["complaints"]))
            lines.append("%s,%s-01,repeat-contact,%d,%d,CRM" % (site, m, kw["repeat_opp"], kw["repeats"]))
    return "\n".join(lines) + "\n"


def calibration(spec):
    """4 evaluators x 5 contacts a month; deviations from the reference within 5 points unless `off`."""
    lines = ["site,session_on,evaluator,contact_id,score,reference_score"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, contacts=5, evaluators=4, off=0, drop=0, skip=False)
            if kw["skip"]:
                continue
            k = 0
            for c in range(kw["contacts"]):
                for e in range(kw["evaluators"]):
                    k += 1
                    if k <= kw["drop"]:
                        continue
                    ref = 80.0 + c * 3
                    dev = 6 if k <= kw["drop"] + kw["off"] else [1, 3, 5, 2][e % 4]
                    sign = 1 if (c + e) % 2 == 0 else -1
                    lines.append("%s,%s-18,QE%d,%s-CAL-%s-%d,%.1f,%.1f"
                                 % (site, m, e + 1, site[0].upper(), m[5:], c + 1, ref + sign * dev, ref))
    return "\n".join(lines) + "\n"


def training(spec):
    """Per site a Black Belt and a Green Belt certified in the period, plus rows that must not count."""
    lines = ["site,person_id,course,completed_on,verified,expires_on,score,role"]
    for site in SITES:
        kw = dict(black=1, green=1)
        kw.update(spec.get(site, {}))
        s = site[0].upper()
        for i in range(kw["black"]):
            lines.append("%s,%sB%d,black-belt,2026-05-1%d,Y,2029-05-1%d,91,team-leader" % (site, s, i + 1, i, i))
        for i in range(kw["green"]):
            lines.append("%s,%sG%d,green-belt,2026-06-2%d,Y,2029-06-2%d,86,team-leader" % (site, s, i + 1, i, i))
        # Not counted: a Green Belt not yet verified, one certified before the period, an induction.
        lines.append("%s,%sG8,green-belt,2026-07-03,N,,74,team-leader" % (site, s))
        lines.append("%s,%sG9,green-belt,2025-11-20,Y,2028-11-20,88,team-leader" % (site, s))
        lines.append("%s,%sA01,induction,2026-04-07,Y,2027-04-07,92,agent" % (site, s))
    return "\n".join(lines) + "\n"


def tracker(spec):
    """Four projects closed a site in the period, each beating its goal, and one still open."""
    lines = ["site,project_id,ctq,chartered_on,baseline_dpmo,goal_dpmo,closed_on,result_dpmo,belt"]
    for site in SITES:
        kw = dict(missed=0, closed=4)
        kw.update(spec.get(site, {}))
        for i in range(4):
            closed = i < kw["closed"]
            result = 21000 if i < kw["missed"] else 18000
            lines.append("%s,%s-P%d,%s,2026-0%d-02,30000,20000,%s,%s,%sG1" % (
                site, site[0].upper(), i + 1, ["critical-error", "complaint", "repeat-contact", "abandoned-call"][i],
                i + 1, "2026-0%d-10" % (i + 5) if closed else "", result if closed else "", site[0].upper()))
        lines.append("%s,%s-P5,repeat-contact,2026-09-07,150000,110000,,,%sG1" % (site, site[0].upper(),
                                                                                  site[0].upper()))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- cases
def expected_text(about, expected, summary):
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    if summary:
        lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    return "\n".join(lines) + "\n"


def case(name, about, rec=None, expected=None, docs=None, summary=None, params=None):
    """One evidence root: the profile, the documents, a CSV per record kind and expected.yaml."""
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    pack = "packs: [six-sigma]\n"
    if params:
        pack = "packs:\n  - id: six-sigma\n    params: {%s}\n" % ", ".join("%s: %s" % kv for kv in params.items())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: 2026-09-30}\n%s" % (about, pack))
    for kind, text in [("qa-evaluation", qa_evaluation(rec.get("qa", {}))),
                       ("acd-interval", acd_interval(rec.get("acd", {}))),
                       ("ctq-tally", ctq_tally(rec.get("tally", {}))),
                       ("qa-calibration", calibration(rec.get("calibration", {}))),
                       ("training-record", training(rec.get("training", {}))),
                       ("dmaic-tracker", tracker(rec.get("tracker", {})))]:
        files["records/%s/2026.csv" % kind] = text
    files["expected.yaml"] = expected_text(about, expected, summary)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


SOUTH = ("pass", "fail")


def boundary(name, about, kind, month, north, south, rule, params=None):
    case(name, about, rec={kind: {"north": {month: north}, "south": {month: south}}}, expected={rule: SOUTH},
         params=params)


def every(**kw):
    return {s: {"*": dict(kw)} for s in SITES}


case("all-pass", "Every rule passes at both sites.", summary={"level": 3})

case("all-fail",
     "Every rule fails at both sites: a stale, incomplete deployment plan, projects never closed, records off "
     "their ceilings everywhere.",
     docs=documents(ok=False, rows=3, empty=("Roles", "Project selection", "Tollgate reviews", "Problem statement")),
     rec={"qa": every(errors=10),
          "acd": every(abandoned=70000),
          "tally": every(opp=4000, complaints=30, repeat_opp=4000, repeats=700),
          "calibration": every(off=4),
          "training": {s: dict(black=0, green=1) for s in SITES},
          "tracker": {s: dict(missed=4) for s in SITES}},
     expected={r: "fail" for r in RULES}, summary={"level": 0})

case("stale-documents",
     "Currency, not presence: the deployment plan was last approved in 2019, and south's control plan was last "
     "reviewed on 1 June (older than 95 days).",
     docs=documents(ok=True, stale=("south",), approved="2019-02-11"),
     expected={"six-sigma.deploy.plan": "fail", "six-sigma.control.plan": SOUTH}, summary={"level": 0})

case("empty-sections",
     "Headings kept, content gone: the deployment plan's Roles, the projects' Root causes and Reaction plan.",
     docs=documents(empty=("Roles", "Root causes", "Reaction plan")),
     expected={"six-sigma.deploy.champion": "fail", "six-sigma.dmaic.phases": "fail",
               "six-sigma.control.plan": "fail"},
     summary={"level": 0})

case("placeholders",
     "An unfilled template: the deployment plan's champion is TBD, south's project sponsor is [Name].",
     docs=documents(placeholder=True),
     expected={"six-sigma.deploy.champion": "fail", "six-sigma.dmaic.charter": SOUTH}, summary={"level": 0})

case("missing-definition", "Three defect definitions where four CTQs are measured.",
     docs=documents(rows=3), expected={"six-sigma.deploy.defect-definitions": "fail"}, summary={"level": 0})

case("missing-month",
     "South has no data for August (evaluations, ACD intervals, CTQ tally, calibration): every monthly rule "
     "fails south's August, and the complaint improvement's run of three months is broken.",
     rec={k: {"south": {"2026-08": dict(skip=True)}} for k in ("qa", "acd", "tally", "calibration")},
     expected={r: SOUTH for r in ["six-sigma.measure.tally", "six-sigma.measure.msa",
                                   "six-sigma.capability.critical-errors", "six-sigma.capability.abandoned-calls",
                                   "six-sigma.capability.complaints", "six-sigma.capability.repeat-contacts",
                                   "six-sigma.control.sustained-complaints"]},
     summary={"level": 0})

case("no-closed-project",
     "South's project is still open (no later tollgate, no closed date) and its tracker shows nothing closed; "
     "north closed its project.",
     docs=documents(open_south=True), rec={"tracker": {"south": dict(closed=0)}},
     expected={r: SOUTH for r in ["six-sigma.dmaic.phases", "six-sigma.dmaic.closed", "six-sigma.dmaic.results",
                                   "six-sigma.control.plan"]},
     summary={"level": 1})

boundary("critical-error-boundary",
         "Critical-error DPMO in July with the ceiling set to 64,000: north exactly 64,000 (8 of 125), south "
         "72,000 (9 of 125).",
         "qa", "2026-07", dict(errors=8), dict(errors=9), "six-sigma.capability.critical-errors",
         params={"max_dpmo_critical_error": 64000})

boundary("evaluation-small-sample",
         "Evaluations in June: north exactly 100, south 99 (no critical error at either): south's DPMO is not shown.",
         "qa", "2026-06", dict(n=100, errors=0), dict(n=99, errors=0), "six-sigma.capability.critical-errors")

boundary("abandoned-boundary", "Abandoned-call DPMO in July: north exactly 66,807 (3 sigma), south 66,808.",
         "acd", "2026-07", dict(abandoned=66807), dict(abandoned=66808), "six-sigma.capability.abandoned-calls")

boundary("offered-small-sample", "Offered calls in May: north exactly 5,000, south 4,999 (none abandoned).",
         "acd", "2026-05", dict(offered=5000, abandoned=0), dict(offered=4999, abandoned=0),
         "six-sigma.capability.abandoned-calls")

boundary("complaint-boundary", "Complaint DPMO in May: north exactly 6,210 (4 sigma), south 6,211.",
         "tally", "2026-05", dict(complaints=6210), dict(complaints=6211), "six-sigma.capability.complaints")

boundary("repeat-boundary", "Repeat-contact DPMO in June: north exactly 158,655 (2.5 sigma), south 158,656.",
         "tally", "2026-06", dict(repeats=158655), dict(repeats=158656), "six-sigma.capability.repeat-contacts")

boundary("tally-small-sample",
         "Complaint opportunities in April: north exactly 5,000, south 4,999 (the DPMO itself is fine).",
         "tally", "2026-04", dict(opp=5000, complaints=5), dict(opp=4999, complaints=4), "six-sigma.measure.tally")

case("stretch-boundary",
     "Complaint DPMO in August, inside the last three months: north exactly 1,350 (4.5 sigma), south 1,351.",
     rec={"tally": {"north": {"2026-08": dict(complaints=1350)}, "south": {"2026-08": dict(complaints=1351)}}},
     expected={"six-sigma.control.sustained-complaints": SOUTH})

case("stretch-early-month",
     "South's complaint DPMO was over the stretch ceiling in June, before the last three months: the "
     "improvement holds now, so it passes.",
     rec={"tally": {"south": {"2026-06": dict(complaints=5000)}}})

boundary("agreement-boundary",
         "Calibration agreement in June: north exactly 90% (2 of 20 scores 6 points off), south 85% (3 of 20).",
         "calibration", "2026-06", dict(off=2), dict(off=3), "six-sigma.measure.msa")

boundary("calibration-small-sample", "Calibration scores in July: north exactly 10, south 9 (all agreeing).",
         "calibration", "2026-07", dict(drop=10), dict(drop=11), "six-sigma.measure.msa")

case("belts-boundary",
     "Belts certified in the period: north exactly 2 (a Black Belt and a Green Belt), south only its Black Belt.",
     rec={"training": {"south": dict(black=1, green=0)}}, expected={"six-sigma.deploy.belts": SOUTH},
     summary={"level": 0})

case("black-belt-boundary",
     "Black Belts: north exactly 1, south none (but two Green Belts, so south still has enough belts).",
     rec={"training": {"south": dict(black=0, green=2)}}, expected={"six-sigma.deploy.black-belt": SOUTH},
     summary={"level": 1})

case("results-boundary",
     "Projects closed in the period that reached their goal: north exactly 3 of 4 (75%), south 2 of 4.",
     rec={"tracker": {"north": dict(missed=1), "south": dict(missed=2)}},
     expected={"six-sigma.dmaic.results": SOUTH}, summary={"level": 1})
