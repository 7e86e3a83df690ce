#!/usr/bin/env python3
"""Writes the escm-sp pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months, two complete quarters), as of
2026-10-15, sites north and south. A boundary case puts north exactly on the
threshold (passes) and south one unit beyond it (fails). Level cases check the
organisation's level when the rules of one level fail.
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]

# rule -> capability level (the level cases and the expected summaries use it)
LEVELS = {
    "escm-sp.knw01": 2, "escm-sp.knw03": 2, "escm-sp.knw07": 3,
    "escm-sp.ppl02": 2, "escm-sp.ppl03": 2, "escm-sp.ppl04": 2, "escm-sp.ppl06": 2, "escm-sp.ppl07": 2,
    "escm-sp.ppl08": 2, "escm-sp.ppl-attrition": 3,
    "escm-sp.prf01": 2, "escm-sp.prf02": 2, "escm-sp.prf04": 2, "escm-sp.prf06": 3, "escm-sp.prf07": 3,
    "escm-sp.prf08": 3, "escm-sp.prf09": 4, "escm-sp.prf11": 4, "escm-sp.prf-sustained": 5,
    "escm-sp.rel01": 2, "escm-sp.rel02": 2, "escm-sp.rel03": 2, "escm-sp.rel05": 3, "escm-sp.rel06": 3,
    "escm-sp.rel08": 4,
    "escm-sp.tch01": 2, "escm-sp.tch02": 2, "escm-sp.tch04": 3,
    "escm-sp.thr01": 2, "escm-sp.thr03": 2, "escm-sp.thr04": 2, "escm-sp.thr05": 2,
    "escm-sp.cnt03": 2, "escm-sp.cnt06": 2, "escm-sp.sdd01": 2, "escm-sp.sdd04": 2,
    "escm-sp.tfr01": 2, "escm-sp.tfr-completion": 2,
    "escm-sp.l1-providing-services": 1, "escm-sp.del01": 2, "escm-sp.del03": 2,
    "escm-sp.del04-service-level": 2, "escm-sp.del04-satisfaction": 2, "escm-sp.del05": 2,
}
RULES = list(LEVELS)

# ---------------------------------------------------------------- documents
FILLER = ("{h}: the service team keeps this for every client engagement, with named owners, dates and "
          "the results reviewed each month against the contracted service level and customer "
          "satisfaction; client data are returned and deleted when an engagement ends.")

# kind -> (path, fields, headings). Dates are the all-pass ones; "D" marks a date that the
# stale/all-fail variants move back to 2019.
DOCS = {
    "knowledge-management": ("knowledge/knowledge-management.md", {"owner": "Knowledge manager", "approved_on": "D"},
                             ["Ownership", "Review cycle", "Measures"]),
    "document-control-procedure": ("documents/document-control.md",
                                   {"owner": "Head of Quality", "approved_by": "Operations director", "approved_on": "D"},
                                   ["Identification", "Approval", "Distribution", "Changes", "Retention"]),
    "master-document-list": ("documents/master-document-list.md", {"owner": "Head of Quality", "approved_on": "D"},
                             ["Documents"]),
    "process-map": ("management/process-map.md", {"owner": "Head of Quality", "approved_on": "D"},
                    ["Processes", "Interactions", "Measures"]),
    "staff-survey": ("people/staff-survey.md", {"approved_on": "D", "response_rate": "0.62"}, ["Results", "Actions"]),
    "work-environment-assessment": ("people/work-environment.md", {"owner": "Facilities manager", "approved_on": "D"},
                                    ["Physical environment", "Wellbeing", "Actions"]),
    "organisation-chart": ("management/organisation-chart.md", {"owner": "Managing Director", "approved_on": "D"},
                           ["Structure", "Responsibilities"]),
    "competence-matrix": ("people/competence-matrix.md", {"owner": "Head of training", "approved_on": "D"},
                          ["Roles", "Skills", "Verification"]),
    "training-plan": ("people/training-plan.md", {"owner": "Head of training", "approved_on": "D"}, ["Courses"]),
    "kpi-targets": ("management/kpi-targets.md",
                    {"owner": "Head of Quality", "approved_by": "Operations director", "approved_on": "D"},
                    ["Metrics", "Targets", "Rationale"]),
    "internal-audit-report": ("audit/internal-audit.md",
                              {"auditor": "Internal audit", "approved_on": "D", "scope": "Service delivery"},
                              ["Scope", "Findings", "Follow-up"]),
    "business-plan": ("management/business-plan.md",
                      {"owner": "Managing Director", "approved_by": "Board", "approved_on": "D"},
                      ["Inputs analysed", "Goals", "Initiatives", "Resources", "Review"]),
    "improvement-log": ("improvement/improvement-log.md", {"owner": "Head of Quality", "approved_on": "D"},
                        ["Improvements", "Results"]),
    "benchmark-report": ("management/benchmark.md", {"owner": "Head of customer experience", "approved_on": "D"},
                         ["Peers", "Measures compared", "Gaps", "Actions"]),
    "innovation-log": ("improvement/innovation-log.md",
                       {"owner": "Head of customer experience", "approved_on": "D", "ideas_implemented": "2"},
                       ["Ideas", "Trials", "Results"]),
    "supplier-register": ("suppliers/supplier-register.md", {"owner": "Procurement lead", "approved_on": "D"},
                          ["Suppliers", "Evaluation criteria", "Monitoring"]),
    "supplier-agreement": ("suppliers/agreement-platform.md",
                           {"supplier": "Platform provider", "approved_by": "Operations director", "approved_on": "D"},
                           ["Services", "Approvals", "Competence", "Interaction", "Monitoring", "Verification"]),
    "interested-parties": ("management/interested-parties.md", {"owner": "Head of Quality", "approved_on": "D"},
                           ["Parties", "Requirements"]),
    "service-value-report": ("management/service-value.md",
                             {"owner": "Finance manager", "approved_on": "D", "retention_rate": "0.91",
                              "cost_per_contact": "4.10", "service_revenue": "120000"},
                             ["Retention", "Revenue from service", "Cost to serve", "Method"]),
    "infrastructure-register": ("management/infrastructure.md", {"owner": "IT manager", "approved_on": "D"},
                                ["Assets", "Maintenance", "Availability"]),
    "software-licence-register": ("security/licences.md",
                                  {"owner": "IT manager", "approved_on": "D", "over_deployed": "0"}, ["Licences"]),
    "change-procedure": ("change/change-procedure.md",
                         {"owner": "IT manager", "approved_by": "Operations director", "approved_on": "D"},
                         ["Request", "Assessment", "Approval", "Testing", "Review"]),
    "risk-register": ("management/risk-register.md", {"owner": "Head of Quality", "approved_on": "D"},
                      ["Method", "Risks", "Treatment"]),
    "information-security-policy": ("security/security-policy.md",
                                    {"owner": "Information security manager", "approved_by": "Managing Director",
                                     "approved_on": "D", "doc_id": "ISP-001", "classification": "internal"},
                                    ["Policy"]),
    "legal-register": ("security/legal-register.md", {"owner": "Data protection officer", "approved_on": "D"},
                       ["Requirements", "Applicability", "Owners"]),
    "business-continuity-plan": ("continuity/continuity-plan.md",
                                 {"owner": "Facilities manager", "approved_by": "Operations director", "approved_on": "D"},
                                 ["Scope", "Scenarios", "Recovery objectives", "Roles", "Testing"]),
    "continuity-test-report": ("continuity/test-2026-06.md", {"approved_on": "2026-06-24", "scenario": "Site loss"},
                               ["Scenario", "Results", "Actions"]),
    "requirements-review": ("clients/requirements-review.md",
                            {"client": "Utility client", "approved_by": "Operations director", "approved_on": "2025-11-20"},
                            ["Requirements", "Capability", "Differences resolved"]),
    "client-contract": ("clients/contract-utility.md",
                        {"client": "Utility client", "owner": "Account director", "approved_by": "Managing Director",
                         "approved_on": "2025-12-01"},
                        ["Services", "Service levels", "Charges", "Responsibilities", "Changes", "Termination"]),
    "operating-plan": ("clients/operating-plan.md",
                       {"owner": "Operations manager", "approved_by": "Operations director", "approved_on": "D"},
                       ["Requirements", "Acceptance criteria", "Resources", "Records", "Outsourced processes"]),
    "implementation-plan": ("change/implementation-plan.md", {"owner": "IT manager", "approved_on": "D"},
                            ["Scope", "Readiness criteria", "Go-live criteria", "Post-implementation review"]),
    "release-signoff": ("change/release-signoff.md",
                        {"programme": "Chat launch", "approved_by": "Operations director", "approved_on": "2026-05-30"},
                        ["Acceptance criteria", "Results", "Decision"]),
    "service-transfer-plan": ("clients/transfer-plan.md",
                              {"client": "Utility client", "owner": "Transition manager", "approved_on": "2025-12-10"},
                              ["Resources", "Personnel", "Knowledge", "Schedule", "Acceptance"]),
    "exit-plan": ("clients/exit-plan.md",
                  {"client": "Utility client", "owner": "Account director", "approved_by": "Operations director",
                   "approved_on": "D"},
                  ["Triggers", "Resources returned", "Knowledge transfer", "Personnel", "Data return"]),
    "workforce-plan": ("people/workforce-plan.md", {"owner": "Workforce manager", "approved_on": "D"},
                       ["Forecasting", "Scheduling", "Real-time management", "Accuracy"]),
    "contact-handling-procedure": ("procedures/contact-handling.md",
                                   {"owner": "Operations manager", "approved_by": "Operations director", "approved_on": "D"},
                                   ["Purpose", "Scope", "Steps", "Records", "Measures"]),
    "nonconformity-procedure": ("improvement/nonconformity-procedure.md",
                                {"owner": "Head of Quality", "approved_by": "Operations director", "approved_on": "D"},
                                ["Identification", "Containment", "Root cause", "Corrective action", "Effectiveness"]),
    "corrective-action-log": ("improvement/corrective-action-log.md", {"owner": "Head of Quality"}, ["Actions"]),
}
FRESH = "2026-03-02"
STALE = "2019-03-04"


def doc(kind, title, front, headings, empty=()):
    lines = ["---", "kind: %s" % kind, 'title: "%s"' % title]
    lines += ["%s: %s" % kv for kv in front.items()]
    body = "# %s\n\n" % title
    for h in headings:
        body += "## %s\n\n%s\n\n" % (h, "" if h in empty else FILLER.format(h=h))
    return "\n".join(lines + ["---"]) + "\n" + body


def documents(ok=True, stale=(), empty=(), placeholder=(), drop=(), reviews=None, perf=None,
              determinations=None, override=None):
    """path -> text. ok=False backdates every "D" date (the all-fail variant); `stale` backdates
    those kinds only; `empty` empties those headings everywhere; `placeholder` maps kind -> (field,
    value); `drop` leaves kinds out; `reviews`/`perf`/`determinations` replace the per-site documents;
    `override` maps kind -> {field: value}."""
    out = {}
    for kind, (path, front, headings) in DOCS.items():
        if kind in drop:
            continue
        f = dict(front)
        for k, v in f.items():
            if v == "D":
                f[k] = FRESH if ok and kind not in stale else STALE
            elif not ok and k == "approved_on":
                f[k] = STALE
        f.update((override or {}).get(kind, {}))
        if kind in dict(placeholder):
            field, value = dict(placeholder)[kind]
            f[field] = value
        out[path] = doc(kind, kind.replace("-", " ").capitalize(), f, headings, empty)
    # Two job descriptions.
    for role in ("agent", "team-leader"):
        out["people/job-%s.md" % role] = doc(
            "job-description", "Job description: %s" % role,
            {"owner": "Head of people", "approved_on": FRESH if ok else STALE, "role": role},
            ["Purpose", "Duties", "Minimum skills", "Responsibilities"], empty)
    # Two management reviews in the year.
    for d in ("2026-03-20", "2026-09-18"):
        out["reviews/management-review-%s.md" % d[:7]] = doc(
            "management-review", "Management review %s" % d[:7],
            {"approved_on": d if ok else STALE[:8] + d[8:], "attendees": "[Managing Director, Head of Quality]"},
            ["Inputs", "Decisions"], empty)
    # Per site: a client review each quarter, a performance review each month, two determinations.
    reviews = reviews if reviews is not None else {s: ["2026-05-20", "2026-08-19"] for s in SITES}
    perf = perf if perf is not None else {s: 6 for s in SITES}
    determinations = determinations if determinations is not None else {s: [("2022-11-10", 4), ("2024-11-12", 4)]
                                                                           for s in SITES}
    for site in SITES:
        for d in reviews[site]:
            out["clients/%s/client-review-%s.md" % (site, d[:7])] = doc(
                "client-review", "Client service review %s" % d[:7],
                {"site": site, "client": "Utility client", "approved_on": d if ok else "2019" + d[4:],
                 "attendees": "[Client contract manager, Account director, Site manager]"},
                ["Performance", "Issues", "Actions"], empty)
        for i in range(perf[site]):
            m = MONTHS[i % 6]
            out["reviews/%s/performance-review-%s-%d.md" % (site, m, i)] = doc(
                "performance-review", "Performance review %s" % m,
                {"site": site, "approved_on": ("%s-08" % MONTHS[i % 6]) if ok else STALE,
                 "attendees": "[Site manager, team leaders, MI analyst]"},
                ["Metrics reviewed", "Misses", "Actions"], empty)
        for j, (d, level) in enumerate(determinations[site]):
            out["determinations/%s/determination-%d.md" % (site, j + 1)] = doc(
                "capability-determination", "eSCM-SP capability determination %s" % d[:4],
                {"site": site, "lead_evaluator": "Authorised lead evaluator", "approved_on": d if ok else "2019" + d[4:],
                 "level_awarded": level, "scope": "Contact-centre services of the %s site" % site},
                ["Scope", "Result"], empty)
    return out


def attestations(result="pass"):
    lines = []
    for site in SITES:
        lines += ["- rule: escm-sp.ppl08", "  site: %s" % site, "  result: %s" % result,
                  "  auditor: Internal audit", "  date: 2026-09-10",
                  "  statement: Interviewed six agents and two team leaders; each had monthly one-to-ones against written objectives."]
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------- records
def month_spec(spec, site, month, **defaults):
    """A site-month's settings: the defaults, then the spec's "*" (every month), then that month's."""
    site_spec = spec.get(site, {})
    out = dict(defaults)
    out.update(site_spec.get("*", {}))
    out.update(site_spec.get(month, {}))
    return out


def acd(spec):
    """60 intervals a site-month, 100 offered each, no short abandons; `in_sl` answered within the
    threshold (85 by default), `short_by` taken off the first interval's."""
    lines = ["site,interval_start,offered,answered,answered_in_sl,abandoned,short_abandons"]
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=60, in_sl=85, short_by=0, answered=95, skip=False)
            if kw["skip"]:
                continue
            for i in range(kw["n"]):
                day, slot = i // 20 + 1, i % 20
                in_sl = kw["in_sl"] - (kw["short_by"] if i == 0 else 0)
                lines.append("%s,%s-%02dT%02d:%02d:00,100,%d,%d,%d,0" % (
                    site, m, day, 8 + slot // 2, 30 * (slot % 2), kw["answered"], min(in_sl, kw["answered"]),
                    100 - kw["answered"]))
    return "\n".join(lines) + "\n"


def surveys(spec):
    """80 surveys a site-month; the first `sat` rate the call 5, the rest 3."""
    lines = ["site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions"]
    k = 0
    for site in SITES:
        for m in MONTHS:
            kw = month_spec(spec, site, m, n=80, sat=70, skip=False)
            if kw["skip"]:
                continue
            for i in range(kw["n"]):
                k += 1
                d = i % 27 + 1
                score = 5 if i < kw["sat"] else 3
                lines.append("%s,C%05d,%s-%02dT10:00:00,%s-%02dT15:00:00,%d,Y,%d,8" % (site, k, m, d, m, d, score, score))
    return "\n".join(lines) + "\n"


def staff(spec):
    """40 people a site-month; `seps` lists the separations per month (3 in the period by default)."""
    lines = ["site,month,headcount_start,headcount_end,separations"]
    for site in SITES:
        kw = dict(seps=[1, 0, 1, 0, 1, 0], skip=())
        kw.update(spec.get(site, {}))
        for m, s in zip(MONTHS, kw["seps"]):
            if m in kw["skip"]:
                continue
            lines.append("%s,%s-01,40,40,%d" % (site, m, s))
    return "\n".join(lines) + "\n"


def training(spec):
    """20 training records a site in the period; the first `unverified` not verified."""
    lines = ["site,person_id,course,completed_on,verified,expires_on"]
    for site in SITES:
        kw = dict(n=20, unverified=0)
        kw.update(spec.get(site, {}))
        for i in range(kw["n"]):
            m = MONTHS[i % 6]
            lines.append("%s,%s%02d,product-update,%s-%02d,%s,2027-%s-01" % (
                site, site[0].upper() + "A", i + 1, m, i % 25 + 2, "N" if i < kw["unverified"] else "Y", m[5:]))
        # A record before the period: never counted.
        lines.append("%s,%sOLD,induction,2025-11-03,N,2026-11-03" % (site, site[0].upper()))
    return "\n".join(lines) + "\n"


def client_sat(spec):
    """10 client responses a site in the period; the first `low` rate the service 3, the rest 5."""
    lines = ["site,client,surveyed_on,overall_sat,respondent"]
    for site in SITES:
        kw = dict(n=10, low=1)
        kw.update(spec.get(site, {}))
        for i in range(kw["n"]):
            lines.append("%s,utility,%s-%02d,%d,Contract manager" % (site, MONTHS[i % 6], i + 3, 3 if i < kw["low"] else 5))
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------- cases
def expected_text(about, expected, summary):
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    if summary is None:
        summary = {"level": level_of(exp)}
    lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    return "\n".join(lines) + "\n"


def level_of(exp):
    """The organisation's level: the highest whose rules, and those below, pass at every site."""
    def ok(v):
        return v == "pass" if isinstance(v, str) else all(x == "pass" for x in v)
    achieved = 0
    for level in range(1, 6):
        if all(ok(exp[r]) for r in RULES if LEVELS[r] == level):
            achieved = level
        else:
            break
    return achieved


def case(name, about, rec=None, expected=None, docs=None, atts=None, summary=None):
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Outsourcing Services\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: 2026-09-30}\npacks: [escm-sp]\n" % about)
    files["attestations.yaml"] = atts if atts is not None else attestations()
    for kind, text in [("acd-interval", acd(rec.get("acd", {}))), ("customer-survey", surveys(rec.get("survey", {}))),
                       ("staff-month", staff(rec.get("staff", {}))), ("training-record", training(rec.get("training", {}))),
                       ("client-satisfaction", client_sat(rec.get("client", {})))]:
        files["records/%s/2026.csv" % kind] = text
    files["expected.yaml"] = expected_text(about, expected, summary)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


SOUTH = ("pass", "fail")


def boundary(name, about, kind, north, south, rule):
    """A threshold case: one kind's records changed at each site; `rule` passes at north (exactly
    on the threshold) and fails at south (one unit beyond it)."""
    case(name, about, rec={kind: {"north": north, "south": south}}, expected={rule: SOUTH})


case("all-pass", "Every rule passes at both sites: level 5.")

case("all-fail",
     "Every rule fails at both sites: stale and empty documents, a failed attestation, records off target.",
     docs=documents(ok=False, empty=("Evaluation criteria", "Verification", "Testing", "Capability", "Termination",
                                     "Acceptance")),
     atts=attestations("fail"),
     rec={"acd": {s: {"*": dict(answered=0)} for s in SITES},
          "survey": {s: {"*": dict(sat=40)} for s in SITES},
          "staff": {s: dict(seps=[3, 3, 3, 3, 3, 3]) for s in SITES},
          "training": {s: dict(unverified=10) for s in SITES},
          "client": {s: dict(low=6) for s in SITES}},
     expected={r: "fail" for r in RULES})

case("stale-documents",
     "Currency, not presence: the knowledge-management arrangement, the targets register, the business plan "
     "and the exit plan were last approved in 2019.",
     docs=documents(stale=("knowledge-management", "kpi-targets", "business-plan", "exit-plan")),
     expected={r: "fail" for r in ["escm-sp.knw01", "escm-sp.prf01", "escm-sp.prf06", "escm-sp.tfr-completion"]})

case("empty-section",
     "Headings kept, content gone: the contract's Termination, the supplier agreement's Interaction and the "
     "transfer plan's Acceptance are empty.",
     docs=documents(empty=("Termination", "Interaction", "Acceptance")),
     expected={r: "fail" for r in ["escm-sp.cnt06", "escm-sp.rel03", "escm-sp.tfr01"]})

case("placeholder",
     "Unfilled fields: the risk register's owner is TBD, the contract's client is [Client name], the staff "
     "survey's response rate is 'To be confirmed'.",
     docs=documents(placeholder={"risk-register": ("owner", "TBD"), "client-contract": ("client", "\"[Client name]\""),
                                 "staff-survey": ("response_rate", "To be confirmed")}.items()),
     expected={r: "fail" for r in ["escm-sp.thr01", "escm-sp.cnt06", "escm-sp.ppl02"]})

case("no-contract", "No client contract in the evidence: level 1 is not shown (nor is cnt06).",
     docs=documents(drop=("client-contract",)),
     expected={"escm-sp.l1-providing-services": "fail", "escm-sp.cnt06": "fail"})

case("not-providing",
     "South's ACD shows contacts offered but none answered in the period: level 1 is not shown at south "
     "(and its service level is nil).",
     rec={"acd": {"south": {"*": dict(answered=0)}}},
     expected={"escm-sp.l1-providing-services": SOUTH, "escm-sp.del04-service-level": SOUTH})

case("missing-month",
     "South has no ACD, survey or staff records for August: the monthly service level and satisfaction fail "
     "south's August, and the attrition pool lacks a month.",
     rec={"acd": {"south": {"2026-08": dict(skip=True)}}, "survey": {"south": {"2026-08": dict(skip=True)}},
          "staff": {"south": dict(skip=("2026-08",))}},
     expected={"escm-sp.del04-service-level": SOUTH, "escm-sp.del04-satisfaction": SOUTH,
               "escm-sp.ppl-attrition": SOUTH})

case("client-review-missing-quarter", "South held no client service review in the third quarter.",
     docs=documents(reviews={"north": ["2026-05-20", "2026-08-19"], "south": ["2026-05-20"]}),
     expected={"escm-sp.rel01": SOUTH})

case("performance-reviews-boundary", "Performance reviews in the year: north exactly 6, south 5.",
     docs=documents(perf={"north": 6, "south": 5}),
     expected={"escm-sp.prf04": SOUTH})

case("determination-boundary",
     "Capability determinations: north two at level 4 (exactly the level needed), south's latest at level 3.",
     docs=documents(determinations={"north": [("2022-11-10", 4), ("2024-11-12", 4)],
                                    "south": [("2022-11-10", 4), ("2024-11-12", 3)]}),
     expected={"escm-sp.prf-sustained": SOUTH})

case("determination-too-old",
     "South's first level-4 determination is from 2021-10-14, one day outside the five-year span before the "
     "as-of date; north's is from 2021-10-15, exactly on it.",
     docs=documents(determinations={"north": [("2021-10-15", 4), ("2024-11-12", 4)],
                                    "south": [("2021-10-14", 4), ("2024-11-12", 4)]}),
     expected={"escm-sp.prf-sustained": SOUTH})

case("no-innovation", "Level 4 boundary: the innovation log records no idea implemented (organisation level 3).",
     docs=documents(override={"innovation-log": {"ideas_implemented": 0}}),
     expected={"escm-sp.prf11": "fail"})

case("no-attestation", "No auditor has judged performance feedback: pending, which holds the organisation at level 1.",
     atts="[]\n", expected={"escm-sp.ppl08": "pending"})

boundary("service-level-boundary", "Service level in July: north exactly 80.0% (4800 of 6000), south 4799.",
         "acd", {"2026-07": dict(in_sl=80)}, {"2026-07": dict(in_sl=80, short_by=1)}, "escm-sp.del04-service-level")

boundary("service-level-small-sample", "ACD intervals in May: north exactly 50, south 49 (the service level is fine).",
         "acd", {"2026-05": dict(n=50)}, {"2026-05": dict(n=49)}, "escm-sp.del04-service-level")

boundary("satisfaction-boundary", "Satisfied surveys in June: north exactly 80% (64 of 80), south 63 of 80.",
         "survey", {"2026-06": dict(sat=64)}, {"2026-06": dict(sat=63)}, "escm-sp.del04-satisfaction")

boundary("satisfaction-small-sample", "Surveys in September: north exactly 60, south 59 (all satisfied).",
         "survey", {"2026-09": dict(n=60, sat=60)}, {"2026-09": dict(n=59, sat=59)}, "escm-sp.del04-satisfaction")

boundary("attrition-boundary", "Separations in the period over 40 heads: north 6 (exactly 30.0% a year), south 7 (35%).",
         "staff", dict(seps=[1, 1, 1, 1, 1, 1]), dict(seps=[2, 1, 1, 1, 1, 1]), "escm-sp.ppl-attrition")

boundary("training-boundary", "Training verified: north 19 of 20 (exactly 95%), south 18 of 20.",
         "training", dict(unverified=1), dict(unverified=2), "escm-sp.ppl07")

boundary("training-small-sample", "Training records in the period: north exactly 10, south 9 (all verified).",
         "training", dict(n=10), dict(n=9), "escm-sp.ppl07")

boundary("client-satisfaction-boundary", "Client responses rating 4 or 5: north 8 of 10 (exactly 80%), south 7 of 10.",
         "client", dict(low=2), dict(low=3), "escm-sp.rel06")

boundary("client-satisfaction-small-sample", "Client responses in the period: north exactly 5, south 4 (all satisfied).",
         "client", dict(n=5, low=0), dict(n=4, low=0), "escm-sp.rel06")
