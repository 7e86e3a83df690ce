#!/usr/bin/env python3
"""Writes the copc pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-05-01..2026-10-31 (six months), as of 2026-11-15, sites north and south.
"""
import copy, os, re, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
SITES = ["north", "south"]

RULES = (
    ["copc.lp.%d" % i for i in range(1, 6)]
    + ["copc.pr.%d" % i for i in range(1, 14)]
    + ["copc.pe.%d" % i for i in range(1, 6)]
    + ["copc.rs.1", "copc.rs.1-dissatisfaction", "copc.rs.2", "copc.rs.3", "copc.rs.3-abandonment",
       "copc.rs.3-asa", "copc.rs.4", "copc.rs.4-fcr", "copc.rs.5", "copc.rs.6",
       "copc.rs.6-absenteeism", "copc.rs.7"]
)
ATTESTED = ["copc.lp.1", "copc.pr.4", "copc.pr.11", "copc.pr.12", "copc.pe.1", "copc.pe.4"]

WORDS = "with named owners, dated actions and a measure agreed for each part of the work"

# ---------------------------------------------------------------- documents
def doc(kind, title, front, headings, extra=""):
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h in headings:
        body += "## %s\n\nThis part covers %s %s.\n\n" % (h, h.lower(), WORDS)
    return fm + "\n" + body + extra


def documents(ok=True, lp5_ok=True):
    """name -> text. ok=False gives the defective versions used by all-fail."""
    d = "2026-03-02" if ok else "2024-06-01"       # approvals
    recent = "2026-11-03" if ok else "2026-06-01"  # monthly reviews
    appr = [("owner", "Head of Operations"), ("approved_by", "Managing Director"), ("approved_on", d)]
    own = [("owner", "Head of Operations"), ("approved_on", d)]
    out = {}
    out["direction/statement-of-direction.md"] = doc(
        "statement-of-direction", "Statement of direction", appr, ["Mission", "Vision", "Values", "Communication"])
    out["plans/business-plan.md"] = doc(
        "business-plan", "Business plan 2026", appr,
        ["Inputs analysed", "Goals", "Initiatives", "Resources", "Review"],
        "Progress is reviewed every quarter by the leadership team.\n" if ok else "")
    metrics = ("Service level, abandonment, average speed of answer (ASA), average handle time, customer "
               "satisfaction, dissatisfaction, first contact resolution, critical-error accuracy, "
               "attrition and absenteeism each carry a client target.\n")
    out["plans/kpi-targets.md"] = doc("kpi-targets", "Table F metrics and targets", appr,
                                      ["Metrics", "Targets", "Rationale"],
                                      metrics if ok else "Service level and abandonment carry targets.\n")
    reviews = ["2026-06-05", "2026-07-06", "2026-08-05", "2026-09-04", "2026-10-05", "2026-11-05"]
    if not ok:
        reviews = ["2026-04-06", "2026-06-01"]
    for i, r in enumerate(reviews):
        out["reviews/performance-%d.md" % (i + 1)] = doc(
            "performance-review", "Performance review %s" % r,
            [("approved_on", r), ("attendees", "[Site managers, Quality lead, WFM lead]")],
            ["Metrics reviewed", "Misses", "Actions"])
    out["audit/copc-self-assessment.md"] = doc(
        "internal-audit-report", "COPC self-assessment 2026",
        [("auditor", "Internal audit (independent of operations)"),
         ("approved_on", "2026-04-20" if (ok and lp5_ok) else "2025-04-20"),
         ("scope", "All COPC items at both sites")],
        ["Scope", "Findings", "Follow-up"], "Every item of the COPC standard was assessed.\n")
    out["processes/journeys.md"] = doc("customer-journey-map", "Customer journeys", own,
                                       ["Journeys", "Pain points", "Measures"])
    out["insight/feedback-review.md"] = doc("customer-feedback-review", "Customer insight review October",
                                            [("owner", "Insight lead"), ("approved_on", recent)],
                                            ["Top drivers", "Recommendations"])
    out["insight/survey-method.md"] = doc("survey-method", "Customer survey method",
                                          own + [("questions", 8)],
                                          ["Sampling", "Timing", "Questionnaire", "Scale", "Administration"])
    out["processes/contact-handling.md"] = doc("contact-handling-procedure", "Contact handling", appr,
                                               ["Purpose", "Scope", "Steps", "Records", "Measures"])
    out["processes/knowledge.md"] = doc("knowledge-management", "Knowledge management", own,
                                        ["Ownership", "Review cycle", "Measures"])
    out["quality/monitoring.md"] = doc("quality-monitoring-procedure", "Quality monitoring", appr,
                                       ["Sampling", "Evaluation form", "Critical errors", "Calibration", "Feedback"])
    out["quality/calibration-2026-10.md"] = doc(
        "calibration-record", "Calibration session October",
        [("approved_on", "2026-10-20" if ok else "2026-03-10"), ("attendees", "[QE1, QE2, QE3]")],
        ["Variance"])
    out["wfm/workforce-plan.md"] = doc("workforce-plan", "Workforce plan", own,
                                       ["Forecasting", "Scheduling", "Real-time management", "Accuracy"],
                                       "Volume is forecast per channel and interval; accuracy is held within tolerance.\n")
    out["change/implementation-plan.md"] = doc(
        "implementation-plan", "Implementation plan: new billing programme", own,
        ["Scope", "Readiness criteria", "Go-live criteria", "Post-implementation review"])
    out["change/change-procedure.md"] = doc("change-procedure", "Change procedure", appr,
                                            ["Request", "Assessment", "Approval", "Testing", "Review"])
    out["improvement/corrective-action-log.md"] = doc(
        "corrective-action-log", "Corrective action log", [("owner", "Quality lead"), ("approved_on", recent)], ["Entries"],
        ("A metric below target for two months is the trigger. Each entry records the root cause "
         "(five whys) and a verification that the action was effective.\n") if ok else "Entries are listed below.\n")
    out["suppliers/register.md"] = doc(
        "supplier-register", "Supplier and key support process register", own,
        ["Suppliers", "Evaluation criteria", "Monitoring"],
        "Each key support process and vendor has a metric and a target.\n")
    out["data/metric-definitions.md"] = doc("metric-definitions", "Metric definitions", own,
                                            ["Definitions", "Sources", "Data checks"])
    out["policies/privacy.md"] = doc("privacy-policy", "Privacy policy", appr,
                                     ["Scope", "Lawful basis", "Rights", "Retention", "Breaches"])
    out["digital/channel-review.md"] = doc(
        "digital-channel-review", "Digital channel review Q3",
        [("owner", "Digital lead"), ("approved_on", "2026-10-10" if ok else "2026-04-10")],
        ["Channels", "Containment", "Resolution", "Actions"])
    out["people/job-agent.md"] = doc("job-description", "Customer service agent", own + [("role", "agent")],
                                     ["Purpose", "Duties", "Minimum skills", "Responsibilities"])
    out["people/training-plan.md"] = doc(
        "training-plan", "Training plan", own,
        ["Skills covered", "Delivery", "Verification", "Retraining", "Supervised live work"])
    out["people/staff-survey.md"] = doc(
        "staff-survey", "Staff survey 2026",
        [("approved_on", "2026-09-15"), ("response_rate", 0.72 if ok else 0.31)], ["Results", "Actions"])
    return out


def attestations(result="pass"):
    out = []
    for rule in ATTESTED:
        for site in SITES:
            out.append("- rule: %s\n  site: %s\n  result: %s\n  auditor: A. Auditor (COPC registered coordinator)\n"
                       "  date: 2026-10-12\n  statement: Sampled at the site as the rule's guidance asks; %s.\n"
                       % (rule, site, result, "all as required" if result == "pass" else "gaps found"))
    return "".join(out)

# ---------------------------------------------------------------- records
def spread(total, n):
    base, rem = divmod(total, n)
    return [base + (1 if i < rem else 0) for i in range(n)]


def fill(total, floors, caps):
    """Values >= floors, <= caps, summing to total, spread round-robin."""
    vals = list(floors)
    left = total - sum(vals)
    assert left >= 0, (total, sum(vals))
    while left:
        moved = False
        for i in range(len(vals)):
            if left and vals[i] < caps[i]:
                vals[i] += 1
                left -= 1
                moved = True
        assert moved, "infeasible"
    return vals


ACD_DEFAULT = dict(rows=60, sl=0.85, good=54, aband=0.03, asa=18, aht=330)


def acd_month(site, month, sl=None, sl_n=None, good=54, aband=None, aband_n=None, asa=18, asa_plus=0,
              aht=330, aht_plus=0, rows=60, quiet=0):
    denom = 49 * rows                      # offered 50, short abandons 1 per row
    s_total = sl_n if sl_n is not None else round(sl * denom)
    a_total = aband_n if aband_n is not None else round(aband * denom)
    a = spread(a_total, rows)
    answered = [50 - 1 - x for x in a]
    n_ans = sum(answered)
    floors = [40 if i < good else 0 for i in range(rows)]
    caps = [answered[i] if i < good else min(39, answered[i]) for i in range(rows)]
    in_sl = fill(s_total, floors, caps)
    wait = spread(asa * n_ans + asa_plus, rows)
    handle = spread(aht * n_ans + aht_plus, rows)
    out = []
    for i in range(rows):
        day = i // 2 + 1
        t = "09:00" if i % 2 == 0 else "09:30"
        out.append("%s,%s-%02dT%s:00,general,50,%d,%d,%d,1,%d,%d"
                   % (site, month, day, t, answered[i], in_sl[i], 1 + a[i], wait[i], handle[i]))
    # Overnight intervals with nothing offered: nothing to meet a target with.
    for i in range(quiet):
        out.append("%s,%s-%02dT%02d:00:00,general,0,0,0,0,0,0,0" % (site, month, i // 4 + 1, 1 + i % 4))
    return out


def acd(spec):
    lines = ["site,interval_start,queue,offered,answered,answered_in_sl,abandoned,short_abandons,wait_s,handle_s"]
    for site in SITES:
        for m in MONTHS:
            kw = dict(sl=0.85, aband=0.03)
            kw.update(spec.get(site, {}).get("*", {}))
            kw.update(spec.get(site, {}).get(m, {}))
            if kw.pop("skip", False):
                continue
            lines += acd_month(site, m, **kw)
    return "\n".join(lines) + "\n"


def surveys(spec):
    lines = ["site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions"]
    for site in SITES:
        k = 0
        for m in MONTHS:
            kw = dict(n=80, sat=72, dsat=2, res=68)
            kw.update(spec.get(site, {}).get("*", {}))
            kw.update(spec.get(site, {}).get(m, {}))
            n, sat, dsat, res = kw["n"], kw["sat"], kw["dsat"], kw["res"]
            assert sat + dsat <= n
            for i in range(n):
                k += 1
                rating = (5 if i % 2 == 0 else 4) if i < sat else ((1 if i % 2 else 2) if i < sat + dsat else 3)
                day, minute = i % 28 + 1, (i * 7) % 50
                lines.append("%s,%s%05d,%s-%02dT10:%02d:00,%s-%02dT12:%02d:00,%d,%s,%d,8"
                             % (site, site[0].upper(), k, m, day, minute, m, day, minute, rating,
                                "Y" if i < res else "N", rating))
    return "\n".join(lines) + "\n"


def qa(spec):
    lines = ["site,evaluated_on,agent_id,score,critical_error,evaluator"]
    for site in SITES:
        for m in MONTHS:
            kw = dict(agents=10, each=6, errors=1, short_agent=None)
            kw.update(spec.get(site, {}).get("*", {}))
            kw.update(spec.get(site, {}).get(m, {}))
            rows = []
            for a in range(kw["agents"]):
                each = kw["each"] - (1 if kw["short_agent"] == a else 0)
                for e in range(each):
                    rows.append((a, e))
            for j, (a, e) in enumerate(rows):
                lines.append("%s,%s-%02d,%s%02d,%.1f,%s,QE%d"
                             % (site, m, e * 4 + 2, site[0].upper() + "A", a + 1, 88.5,
                                "Y" if j < kw["errors"] else "N", a % 3 + 1))
    return "\n".join(lines) + "\n"


def staff(spec):
    lines = ["site,month,headcount_start,headcount_end,separations,voluntary_separations,scheduled_hours,absent_hours"]
    for site in SITES:
        kw = dict(seps=[1, 0, 1, 0, 1, 0], absent=[200] * 6)
        kw.update(spec.get(site, {}))
        for i, m in enumerate(MONTHS):
            lines.append("%s,%s-01,40,40,%d,%d,6400,%d" % (site, m, kw["seps"][i], kw["seps"][i], kw["absent"][i]))
    return "\n".join(lines) + "\n"


def training(spec):
    lines = ["site,person_id,course,completed_on,verified,expires_on,score,role"]
    for site in SITES:
        kw = dict(scores=[88] * 20, unverified=0)
        kw.update(spec.get(site, {}))
        for i in range(20):
            agent, course = i // 2 + 1, ["induction", "product-knowledge"][i % 2]
            done = "2026-%02d-%02d" % (5 + i % 6, 3 + i)
            lines.append("%s,%s%02d,%s,%s,%s,2027-%s,%d,agent"
                         % (site, site[0].upper() + "A", agent, course, done,
                            "N" if i < kw["unverified"] else "Y", done[5:], kw["scores"][i]))
    return "\n".join(lines) + "\n"


def complaints(spec):
    lines = ["site,complaint_id,received_on,category,acknowledged_on,resolved_on,root_cause"]
    for site in SITES:
        coded = spec.get(site, {}).get("coded", 20)
        for i in range(20):
            d = "2026-%02d-%02d" % (5 + i % 6, 2 + i)
            lines.append("%s,C-%s-%03d,%s,billing,%s,%s,%s"
                         % (site, site, i + 1, d, d, d, "process" if i < coded else ""))
    return "\n".join(lines) + "\n"


def clients(spec):
    lines = ["site,client,surveyed_on,overall_sat"]
    for site in SITES:
        kw = dict(n=10, sat=9, dsat=0)
        kw.update(spec.get(site, {}))
        for i in range(kw["n"]):
            r = 5 if i < kw["sat"] else (2 if i < kw["sat"] + kw["dsat"] else 3)
            lines.append("%s,Client %d,2026-%02d-15,%d" % (site, i % 3 + 1, 6 + (i % 2) * 3, r))
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------- cases
def roster(spec):
    """Agents on the books since 2024 (10 a site, as qa() evaluates), plus the spec's (site, agent, start)."""
    lines = ["site,agent_id,start_date,end_date"]
    for site in SITES:
        for a in range(10):
            lines.append("%s,%s%02d,2024-01-08," % (site, site[0].upper() + "A", a + 1))
    for site, agent, start in spec.get("extra", []):
        lines.append("%s,%s,%s," % (site, agent, start))
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def case(name, about, rec=None, expected=None, docs=None, att="pass", summary=None):
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    rec = rec or {}
    write(os.path.join(root, "evident.yaml"),
          "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-11-15\n"
          "period: {from: 2026-05-01, to: 2026-10-31}\n" % about)
    for p, t in (docs if docs is not None else documents()).items():
        write(os.path.join(root, p), t)
    write(os.path.join(root, "attestations.yaml"), attestations(att))
    write(os.path.join(root, "records/acd-interval/2026.csv"), acd(rec.get("acd", {})))
    write(os.path.join(root, "records/customer-survey/2026.csv"), surveys(rec.get("survey", {})))
    write(os.path.join(root, "records/qa-evaluation/2026.csv"), qa(rec.get("qa", {})))
    write(os.path.join(root, "records/agent-roster/2026.csv"), roster(rec.get("roster", {})))
    write(os.path.join(root, "records/staff-month/2026.csv"), staff(rec.get("staff", {})))
    write(os.path.join(root, "records/training-record/2026.csv"), training(rec.get("training", {})))
    write(os.path.join(root, "records/complaint/2026.csv"), complaints(rec.get("complaint", {})))
    write(os.path.join(root, "records/client-satisfaction/2026.csv"), clients(rec.get("client", {})))
    exp = {r: "pass" for r in RULES}
    exp.update(expected or {})
    lines = ["# %s" % about, "rules:"]
    for r in RULES:
        v = exp[r]
        lines.append("  %s: %s" % (r, v if isinstance(v, str) else "{north: %s, south: %s}" % (v[0], v[1])))
    if summary:
        lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    write(os.path.join(root, "expected.yaml"), "\n".join(lines) + "\n")


SOUTH = ("pass", "fail")

case("all-pass", "Every rule passes at both sites.", summary={"certified": "true"})

case("all-fail", "Every rule fails at both sites: stale or incomplete documents, failed attestations, records off target.",
     docs=documents(ok=False), att="fail",
     rec={"acd": {s: {"*": dict(sl=0.60, good=10, aband=0.10, asa=60, aht=600)} for s in SITES},
          "survey": {s: {"*": dict(sat=50, dsat=15, res=40)} for s in SITES},
          "qa": {s: {"*": dict(errors=8, each=3)} for s in SITES},
          "staff": {s: dict(seps=[3] * 6, absent=[500] * 6) for s in SITES},
          "training": {s: dict(scores=[70] * 20, unverified=3) for s in SITES},
          "complaint": {s: dict(coded=10) for s in SITES},
          "client": {s: dict(sat=5, dsat=3) for s in SITES}},
     expected={r: "fail" for r in RULES}, summary={"certified": "false"})

case("certification-blocked",
     "Only copc.lp.5 (major, weight 40) fails: the score (98.6) is above the pass mark but a major rule blocks certification.",
     docs=documents(lp5_ok=False), expected={"copc.lp.5": "fail"}, summary={"certified": "false"})

# Metric boundaries: north exactly on target (passes), south one unit beyond (fails).
def backdated(docs, paths, day="2019-06-03"):
    """The documents at `paths` with their approval moved back to `day`: present, complete, years old."""
    out = dict(docs)
    for p in paths:
        out[p] = re.sub(r"(?m)^approved_on: .*$", "approved_on: %s" % day, out[p])
    return out


case("stale-documents",
     "Currency, not presence: the workforce plan (with its real-time management section) was last approved in "
     "2019 and the corrective-action log (triggers, root causes, effectiveness) last brought up to date in 2019.",
     docs=backdated(documents(), ["wfm/workforce-plan.md", "improvement/corrective-action-log.md"]),
     expected={"copc.pr.6": "fail", "copc.pr.7": "fail", "copc.pr.9": "fail"}, summary={"certified": "false"})

case("sl-boundary", "Service level: north exactly 80.0%, south 79.97% in October.",
     rec={"acd": {"north": {"2026-10": dict(sl_n=2352)}, "south": {"2026-10": dict(sl_n=2351)}}},
     expected={"copc.rs.3": SOUTH})
case("abandonment-boundary", "Abandonment: north exactly 5.0%, south 5.03% in July.",
     rec={"acd": {"north": {"2026-07": dict(aband_n=147)}, "south": {"2026-07": dict(aband_n=148)}}},
     expected={"copc.rs.3-abandonment": SOUTH})
case("asa-boundary", "Speed of answer: north exactly 30 s, south one second of wait over in August.",
     rec={"acd": {"north": {"2026-08": dict(asa=30)}, "south": {"2026-08": dict(asa=30, asa_plus=1)}}},
     expected={"copc.rs.3-asa": SOUTH})
case("aht-boundary", "Handle time: north exactly 480 s, south one second over in May.",
     rec={"acd": {"north": {"2026-05": dict(aht=480)}, "south": {"2026-05": dict(aht=480, aht_plus=1)}}},
     expected={"copc.rs.5": SOUTH})
case("interval-sl-boundary", "Intervals meeting service level: north 42 of 60 (70%), south 41 of 60 in June.",
     rec={"acd": {"north": {"2026-06": dict(good=42)}, "south": {"2026-06": dict(good=41)}}},
     expected={"copc.pr.7": SOUTH})
case("interval-zero-offered",
     "Intervals meeting service level: north 42 of 60, south 41 of 60 in June plus 20 overnight intervals with nothing offered, which meet no target.",
     rec={"acd": {"north": {"2026-06": dict(good=42)}, "south": {"2026-06": dict(good=41, quiet=20)}}},
     expected={"copc.pr.7": SOUTH})
case("qa-agent-never-evaluated",
     "Monitoring sample: south took on SA11 in June and never evaluated them; every other agent has 6 a month.",
     rec={"roster": {"extra": [("south", "SA11", "2026-06-01")]}},
     expected={"copc.pr.5": SOUTH})
case("csat-boundary", "CSAT top-2-box: north exactly 80%, south 78.75% in September.",
     rec={"survey": {"north": {"2026-09": dict(sat=64)}, "south": {"2026-09": dict(sat=63)}}},
     expected={"copc.rs.1": SOUTH})
case("dsat-boundary", "Dissatisfaction bottom-2-box: north exactly 10%, south 11.25% in May.",
     rec={"survey": {"north": {"2026-05": dict(sat=70, dsat=8)}, "south": {"2026-05": dict(sat=70, dsat=9)}}},
     expected={"copc.rs.1-dissatisfaction": SOUTH})
case("fcr-boundary", "Survey FCR: north exactly 75%, south 73.75% in June.",
     rec={"survey": {"north": {"2026-06": dict(res=60)}, "south": {"2026-06": dict(res=59)}}},
     expected={"copc.rs.4-fcr": SOUTH})
case("accuracy-boundary", "Critical-error accuracy: north exactly 95% (3 of 60), south 93.3% (4 of 60) in July.",
     rec={"qa": {"north": {"2026-07": dict(errors=3)}, "south": {"2026-07": dict(errors=4)}}},
     expected={"copc.rs.4": SOUTH})
case("qa-sample-per-agent", "Monitoring sample: north every agent exactly 4 in August, south one agent of 11 only 3.",
     rec={"qa": {"north": {"2026-08": dict(each=4)}, "south": {"2026-08": dict(agents=11, each=4, short_agent=0)}}},
     expected={"copc.pr.5": SOUTH})
case("attrition-boundary", "Annualised attrition: north exactly 30% (6 leavers), south 35% (7 leavers).",
     rec={"staff": {"north": dict(seps=[1] * 6), "south": dict(seps=[2, 1, 1, 1, 1, 1])}},
     expected={"copc.rs.6": SOUTH})
case("absenteeism-boundary", "Absenteeism: north exactly 5.0% in October, south 5.02%.",
     rec={"staff": {"north": dict(absent=[200] * 5 + [320]), "south": dict(absent=[200] * 5 + [321])}},
     expected={"copc.rs.6-absenteeism": SOUTH})
case("client-sat-boundary", "Client satisfaction: north exactly 80% satisfied and 10% dissatisfied, south 70% satisfied.",
     rec={"client": {"north": dict(sat=8, dsat=1), "south": dict(sat=7, dsat=1)}},
     expected={"copc.rs.2": SOUTH})
case("root-cause-boundary", "Complaints coded with a root cause: north 19 of 20 (95%), south 18 of 20.",
     rec={"complaint": {"north": dict(coded=19), "south": dict(coded=18)}},
     expected={"copc.pr.2": SOUTH})
case("training-score-boundary", "Mean training score: north exactly 80, south 79.95.",
     rec={"training": {"north": dict(scores=[80] * 20), "south": dict(scores=[79] + [80] * 19)}},
     expected={"copc.pe.2": SOUTH})
case("verification-gap", "Skills verification: south has one unverified training record.",
     rec={"training": {"south": dict(unverified=1)}},
     expected={"copc.pe.3": SOUTH})
case("history-gap", "South has no interval data for August: the six-month history is broken, and every monthly interval metric fails August (a month without records is a failing month).",
     rec={"acd": {"south": {"2026-08": dict(skip=True)}}},
     expected={r: SOUTH for r in ["copc.lp.4", "copc.pr.7", "copc.rs.3", "copc.rs.3-abandonment", "copc.rs.3-asa",
                                   "copc.rs.5", "copc.rs.7"]})
case("small-samples",
     "South has one month under each minimum sample (49 intervals, 59 surveys, 32 evaluations) and 4 client responses; its values are on target. Two of its agents have no evaluation that month, so the per-agent sample fails too.",
     rec={"acd": {"south": {"2026-07": dict(rows=49)}},
          "survey": {"south": {"2026-07": dict(n=59, sat=53, dsat=1, res=50)}},
          "qa": {"south": {"2026-07": dict(agents=8, each=4, errors=0)}},
          "client": {"south": dict(n=4, sat=4)}},
     expected={r: SOUTH for r in ["copc.rs.1", "copc.rs.1-dissatisfaction", "copc.rs.2", "copc.rs.3",
                                   "copc.rs.3-abandonment", "copc.rs.3-asa", "copc.rs.4", "copc.rs.4-fcr",
                                   "copc.rs.5", "copc.pr.7", "copc.rs.7", "copc.pr.5"]})
case("results-8-of-10",
     "Achieving results: north misses 2 of the 10 metrics (8 met, passes), south misses 3 (7 met, fails).",
     rec={"acd": {"north": {"2026-09": dict(aht=500)}, "south": {"2026-09": dict(aht=500, asa=35)}},
          "staff": {s: dict(absent=[200, 200, 400, 200, 200, 200]) for s in SITES}},
     expected={"copc.rs.5": "fail", "copc.rs.6-absenteeism": "fail", "copc.rs.3-asa": SOUTH, "copc.rs.7": SOUTH})
