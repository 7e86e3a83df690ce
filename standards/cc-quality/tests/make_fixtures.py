#!/usr/bin/env python3
"""Writes the cc-quality pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-05-01..2026-10-31 (six months), as of 2026-11-15, sites north and south.
Boundary cases put north exactly on the target (passes) and south one unit past it (fails).

    python3 standards/cc-quality/tests/make_fixtures.py
"""
import itertools
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
SITES = ["north", "south"]

RULES = [
    "cc-quality.policy.quality-policy",
    "cc-quality.policy.objectives-measurable",
    "cc-quality.policy.objectives-deployed",
    "cc-quality.specification.service-specification",
    "cc-quality.specification.post-responsibilities",
    "cc-quality.specification.operating-instructions",
    "cc-quality.specification.personalised-service",
    "cc-quality.process.control-points-defined",
    "cc-quality.process.in-process-control",
    "cc-quality.process.rings",
    "cc-quality.process.connection-speed",
    "cc-quality.process.courtesy",
    "cc-quality.process.handling",
    "cc-quality.process.care",
    "cc-quality.process.answer-quality",
    "cc-quality.measurement.methods",
    "cc-quality.measurement.key-press",
    "cc-quality.measurement.active-consultation",
    "cc-quality.measurement.sampling-feedback",
    "cc-quality.measurement.follow-up-visits",
    "cc-quality.measurement.analysis",
    "cc-quality.improvement.after-monitoring",
    "cc-quality.improvement.monitoring-coverage",
    "cc-quality.improvement.quality-score",
    "cc-quality.improvement.call-loss-rate",
    "cc-quality.improvement.call-loss-analysis",
    "cc-quality.improvement.queue-time",
    "cc-quality.improvement.speed-of-answer",
    "cc-quality.improvement.value-added",
]
CONTROL_POINT_RULES = ["cc-quality.process.in-process-control", "cc-quality.process.courtesy",
                       "cc-quality.process.handling", "cc-quality.process.care",
                       "cc-quality.process.answer-quality", "cc-quality.measurement.active-consultation"]

WORDS = "with named owners, dated actions and a measure agreed for each part of the work"

# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections):
    """sections: heading -> extra text (None: the generic sentence only; "": nothing under it)."""
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h, extra in sections:
        body += "## %s\n\n" % h
        if extra != "":
            body += "This part covers %s %s.\n\n" % (h.lower(), WORDS)
            if extra:
                body += extra + "\n\n"
    return fm + "\n" + body


CONTROL_TABLE = """| Control point | Standard | Measure | Target | Owner |
| --- | --- | --- | --- | --- |
| Rings | Pick up within three rings | Switch queue report | 90% | Site manager |
| Connection speed | Answer within 20 seconds | ACD service level | 80% | WFM lead |
| Courtesy | Greeting, name, polite close | Control-point evaluation | 95% | Quality lead |
| Handling | Request taken through to an outcome | Control-point evaluation | 90% | Quality lead |
| Care | Customer's situation acknowledged | Control-point evaluation | 90% | Quality lead |
| Answer quality | Correct and complete answer | Control-point evaluation | 90% | Knowledge lead |"""


def documents(ok=True):
    """path -> text. ok=False gives the defective versions used by all-fail."""
    d = "2026-03-02" if ok else "2024-06-01"
    appr = [("owner", "Head of Quality"), ("approved_by", "Managing Director"), ("approved_on", d)]
    own = [("owner", "Head of Quality"), ("approved_on", d)]
    out = {}
    out["policies/quality-policy.md"] = doc(
        "quality-policy", "Quality policy", appr,
        [("Purpose", "We put our customers first in every call." if ok else "We run the centre well."),
         ("Scope", None), ("Policy statement", None), ("Commitment to improvement", None)])
    out["plans/kpi-targets.md"] = doc(
        "kpi-targets", "Quality objectives and targets", appr,
        [("Metrics", None),
         ("Targets", "Connection within 20 seconds for 80% of calls; call loss under 5%." if ok
          else "Targets are agreed with the clients."),
         ("Rationale", None)])
    out["plans/objectives-plan.md"] = doc(
        "objectives-plan", "Quality objectives plan", own,
        [("Actions", None), ("Resources", None), ("Responsibilities", None), ("Deadlines", None),
         ("Evaluation", None if ok else "")])
    out["spec/service-specification.md"] = doc(
        "service-specification", "Service specification", appr,
        [("Posts", None),
         ("Service standards", "Before closing, the agent asks the customer whether they are satisfied with the service." if ok
          else "The agent closes the call politely."),
         ("Control points", ("Team leaders check the control points live, side by side with the agent, "
                             "as well as from recordings.\n\n" + CONTROL_TABLE) if ok
          else "Control points are checked from call recordings."),
         ("Personalised service", ("Customers with special requirements get personalised service; the extra "
                                   "time it takes is never penalised in an agent's evaluation.") if ok
          else "Special requests are passed to a team leader.")])
    for role in ["agent", "team-leader"]:
        out["people/job-%s.md" % role] = doc(
            "job-description", "Job description: %s" % role, own + [("role", role)],
            [("Purpose", None), ("Duties", None), ("Minimum skills", None),
             ("Responsibilities", "Meets the quality standards of the service specification." if ok
              else "Meets the targets of the post.")])
    out["procedures/contact-handling.md"] = doc(
        "contact-handling-procedure", "Contact handling", appr,
        [("Purpose", None), ("Scope", None),
         ("Steps", None),
         ("Records", None), ("Measures", None)])
    out["measurement/satisfaction-measurement-plan.md"] = doc(
        "satisfaction-measurement-plan", "Satisfaction measurement plan", own,
        [("Key press", None), ("Active consultation", None), ("Sampling feedback", None),
         ("Follow-up visits", None if ok else ""), ("Analysis", None)])
    out["measurement/survey-method.md"] = doc(
        "survey-method", "Survey method", own + [("questions", 8)],
        [("Sampling", None), ("Timing", None), ("Questionnaire", None), ("Scale", None), ("Administration", None)])
    out["improvement/call-loss-analysis.md"] = doc(
        "call-loss-analysis", "Call loss analysis Q3",
        [("owner", "Operations manager"), ("approved_on", "2026-10-08" if ok else "2026-03-08"),
         ("control_limit", "5%" if ok else "TBD")],
        [("Control limit", None), ("Results", None), ("Human resources", None), ("Information technology", None),
         ("Management supervision", None), ("Actions", None)])
    out["improvement/value-added-analysis.md"] = doc(
        "value-added-analysis", "Value-added service analysis", own,
        [("Services", None),
         ("Method", "Take-up was compared across queues with an analysis of variance." if ok
          else "Take-up was counted."),
         ("Opportunities", None), ("Customer base", None), ("Follow-up", None)])
    reviews = ["2026-06-05", "2026-10-05"] if ok else ["2026-04-06"]
    for r in reviews:
        out["measurement/satisfaction-analysis-%s.md" % r] = doc(
            "satisfaction-analysis", "Satisfaction analysis %s" % r,
            [("owner", "Customer insight lead"), ("approved_on", r)],
            [("Results", None), ("Comparison", None), ("Actions", None)])
        out["improvement/monitoring-review-%s.md" % r] = doc(
            "monitoring-review", "Monitoring review %s" % r,
            [("owner", "Quality lead"), ("approved_on", r)],
            [("Common problems", None), ("Specification gaps", None), ("Process control", None), ("Actions", None)])
    return out


def change(docs, path, old, new, count=1):
    out = dict(docs)
    assert old in out[path], (path, old)
    out[path] = out[path].replace(old, new, count)
    return out


def backdated(docs, paths, day="2019-06-03"):
    out = dict(docs)
    for p in paths:
        out[p] = re.sub(r"(?m)^approved_on: .*$", "approved_on: %s" % day, out[p])
    return out

# ---------------------------------------------------------------- records
def spread(total, n):
    base, rem = divmod(total, n)
    return [base + (1 if i < rem else 0) for i in range(n)]


def opts(spec, site, month, defaults):
    kw = dict(defaults)
    kw.update(spec.get(site, {}).get("*", {}))
    kw.update(spec.get(site, {}).get(month, {}))
    return kw


def stamps(month, rows):
    """Interval starts: two half hours a day from the 1st."""
    return ["%s-%02dT%s:00" % (month, i // 2 + 1, "09:00" if i % 2 == 0 else "09:30") for i in range(rows)]


def monthly(header, spec, defaults, emit):
    """A record file: the header, then for each site and month the rows of
    emit(site, month, options, number), where `options` are the defaults with the
    case's changes for that site (`*`) and month, and `number()` numbers a site's rows."""
    lines = [header]
    for site in SITES:
        counter = itertools.count(1)
        for m in MONTHS:
            kw = opts(spec, site, m, defaults)
            if not kw.pop("skip", False):
                lines += emit(site, m, kw, lambda: next(counter))
    return "\n".join(lines) + "\n"


def acd(spec):
    """60 general intervals of 50 offered calls a month, plus `personal` intervals of the
    personalised-service queue (5 offered, 5 answered, none within the threshold, 600 s of wait each)."""
    def emit(site, m, kw, _):
        rows = kw["rows"]
        a = spread(kw["aband"], rows)
        answered = [50 - x for x in a]
        in_sl = spread(kw["in_sl"], rows)
        assert all(s <= ans for s, ans in zip(in_sl, answered)), "in_sl over answered"
        wait = spread(kw["asa"] * sum(answered) + kw["asa_plus"], rows)
        return (["%s,%s,general,50,%d,%d,%d,0,%d,%d" % (site, ts, answered[i], in_sl[i], a[i], wait[i], 330 * answered[i])
                 for i, ts in enumerate(stamps(m, rows))]
                + ["%s,%s-%02dT14:00:00,%s,5,5,0,0,0,600,3000" % (site, m, i + 1, kw["personal_queue"])
                   for i in range(kw["personal"])])
    return monthly("site,interval_start,queue,offered,answered,answered_in_sl,abandoned,short_abandons,wait_s,handle_s",
                   spec, dict(rows=60, aband=60, in_sl=2550, asa=18, asa_plus=0, personal=4,
                              personal_queue="personalised"), emit)


def queues(spec):
    """The switch's queue report: 60 intervals of 50 offered and 49 answered a month."""
    def emit(site, m, kw, _):
        rings, waits = spread(kw["rings"], kw["rows"]), spread(kw["queue"], kw["rows"])
        return ["%s,%s,general,50,49,1,%d,%d" % (site, ts, rings[i], waits[i]) for i, ts in enumerate(stamps(m, kw["rows"]))]
    return monthly("site,interval_start,queue,offered,answered,abandoned,answered_in_rings,queue_s",
                   spec, dict(rows=60, rings=2800, queue=60000), emit)


POINTS = ["live", "courtesy", "handling", "care", "answer_quality", "satisfaction_asked"]
POINT_DEFAULTS = dict(live=20, courtesy=59, handling=57, care=57, answer_quality=57, satisfaction_asked=57)


def control_points(spec):
    """10 agents x 6 evaluations a month; each point met on the first N rows of the month."""
    def emit(site, m, kw, number):
        out = []
        for j in range(kw["agents"] * kw["each"]):
            a, e = j % kw["agents"], j // kw["agents"]
            flags = ",".join("Y" if j < kw[p] else "N" for p in POINTS)
            out.append("%s,%s-%02d,%sA%02d,%s-%05d,%s,QE%d"
                       % (site, m, e * 4 + 2, site[0].upper(), a + 1, site[0].upper(), number(), flags, a % 3 + 1))
        return out
    return monthly("site,evaluated_on,agent_id,contact_id,live,courtesy,handling,care,answer_quality,satisfaction_asked,evaluator",
                   spec, dict(POINT_DEFAULTS, agents=10, each=6), emit)


def qa(spec):
    """10 agents x 6 evaluations a month, scores summing to `total` (mean 88.5 by default)."""
    def emit(site, m, kw, _):
        rows = [(a, e) for a in range(kw["agents"])
                for e in range(kw["each"] - (1 if kw["short_agent"] == a else 0))]
        scores = spread(kw["total"], len(rows))
        return ["%s,%s-%02d,%sA%02d,%d,N,QE%d" % (site, m, e * 4 + 2, site[0].upper(), a + 1, scores[j], a % 3 + 1)
                for j, (a, e) in enumerate(rows)]
    return monthly("site,evaluated_on,agent_id,score,critical_error,evaluator",
                   spec, dict(agents=10, each=6, total=5310, short_agent=None), emit)


def roster(spec):
    lines = ["site,agent_id,start_date,end_date"]
    lines += ["%s,%sA%02d,2024-01-08," % (site, site[0].upper(), a + 1) for site in SITES for a in range(10)]
    lines += ["%s,%s,%s," % extra for extra in spec.get("extra", [])]
    return "\n".join(lines) + "\n"


def surveys(spec):
    def emit(site, m, kw, number):
        out = []
        for i in range(kw["n"]):
            rating = (5 if i % 2 == 0 else 4) if i < kw["sat"] else (3 if i % 2 == 0 else 2)
            day, minute = i % 28 + 1, (i * 7) % 50
            out.append("%s,%s%05d,%s-%02dT10:%02d:00,%s-%02dT12:%02d:00,%d,Y,%d,8"
                       % (site, site[0].upper(), number(), m, day, minute, m, day, minute, rating, rating))
        return out
    return monthly("site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions", spec, dict(n=80, sat=70), emit)


def key_presses(spec):
    """240 valid ratings a month (`sat` of them 4 or 5) and `stray` presses of keys outside 1-5."""
    def emit(site, m, kw, number):
        out = []
        for i in range(kw["n"] + kw["stray"]):
            if i >= kw["n"]:
                rating = 9 if i % 2 else 0
            else:
                rating = (5 if i % 2 == 0 else 4) if i < kw["sat"] else (3 if i % 3 else 1)
            out.append("%s,K%s%06d,%s-%02dT%02d:%02d:00,%d"
                       % (site, site[0].upper(), number(), m, i % 28 + 1, 9 + i % 8, (i * 7) % 60, rating))
        return out
    return monthly("site,call_id,call_ts,rating", spec, dict(n=240, sat=216, stray=6), emit)


def follow_ups(spec):
    """`n` follow-up visits a month, `recorded` of them with the customer's opinions written down;
    the others carry `blank` as their opinions (empty by default)."""
    def emit(site, m, kw, number):
        out = []
        for i in range(kw["n"]):
            k = number()
            said = ("Satisfied with the callback; asked for text reminders before payment dates"
                    if i < kw["recorded"] else kw["blank"])
            out.append("%s,F-%s-%03d,%s-%02d,CUST-%s%04d,%s,Customer care officer"
                       % (site, site, k, m, 1 + (i * 5) % 28, site[0].upper(), k, said))
        return out
    return monthly("site,visit_id,visited_on,customer_ref,opinions,visited_by", spec,
                   dict(n=6, recorded=6, blank=""), emit)

# ---------------------------------------------------------------- cases
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# Each record kind's file, its writer, and the key of a case's `rec` that changes it.
RECORD_FILES = [("acd-interval", acd, "acd"), ("queue-interval", queues, "queue"),
                ("control-point-evaluation", control_points, "cp"), ("qa-evaluation", qa, "qa"),
                ("agent-roster", roster, "roster"), ("customer-survey", surveys, "survey"),
                ("key-press-survey", key_presses, "keys"), ("follow-up-visit", follow_ups, "visits")]


PROFILE = ("# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-11-15\n"
           "period: {from: 2026-05-01, to: 2026-10-31}\n")


def case(name, about, rec=None, expected=None, docs=None):
    """Writes the case folder afresh: profile, documents, record files, expected statuses."""
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = PROFILE % about
    files.update({"records/%s/2026.csv" % kind: make(rec.get(key, {})) for kind, make, key in RECORD_FILES})
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    shown = [(r, v if isinstance(v, str) else "{north: %s, south: %s}" % v) for r, v in ((r, exp[r]) for r in RULES)]
    files["expected.yaml"] = "\n".join(["# %s" % about, "rules:"] + ["  %s: %s" % rv for rv in shown]) + "\n"
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for path, text in files.items():
        write(os.path.join(root, path), text)


SOUTH = ("pass", "fail")


def both(spec):
    return {s: {"*": dict(spec)} for s in SITES}


case("all-pass", "Every rule passes at both sites.")

case("all-fail",
     "Every rule fails at both sites: stale or incomplete documents, and every measure off its target.",
     docs=documents(ok=False),
     rec={"acd": both(dict(aband=300, in_sl=2100, asa=45)),
          "queue": both(dict(rings=2400, queue=150000)),
          "cp": both(dict(live=5, courtesy=50, handling=45, care=45, answer_quality=45, satisfaction_asked=30)),
          "qa": both(dict(total=2400, each=3)),
          "survey": both(dict(sat=50)),
          "keys": both(dict(sat=150)),
          "visits": both(dict(n=2, recorded=1))},
     expected={r: "fail" for r in RULES})

# ------------------------------------------------ documents
case("stale-documents",
     "Currency, not presence: the service specification and the call loss analysis are complete but were "
     "last approved in 2019.",
     docs=backdated(documents(), ["spec/service-specification.md", "improvement/call-loss-analysis.md"]),
     expected={r: "fail" for r in ["cc-quality.specification.service-specification",
                                   "cc-quality.specification.personalised-service",
                                   "cc-quality.process.control-points-defined",
                                   "cc-quality.process.in-process-control",
                                   "cc-quality.measurement.active-consultation",
                                   "cc-quality.improvement.call-loss-analysis"]})

case("superseded-policy",
     "The policy in force counts, not an older one: a newer quality policy, approved this year, no longer "
     "mentions customers, while the 2026-03 one did.",
     docs=dict(documents(), **{"policies/quality-policy-2026-09.md": doc(
         "quality-policy", "Quality policy (revised)",
         [("owner", "Head of Quality"), ("approved_by", "Managing Director"), ("approved_on", "2026-09-01")],
         [("Purpose", "We run the centre to the contract."), ("Scope", None), ("Policy statement", None),
          ("Commitment to improvement", None)])}),
     expected={"cc-quality.policy.quality-policy": "fail"})

case("empty-section",
     "The service specification keeps its Personalised service heading with nothing under it.",
     docs=change(documents(), "spec/service-specification.md",
                 "## Personalised service\n\nThis part covers personalised service " + WORDS + ".\n\n"
                 "Customers with special requirements get personalised service; the extra time it takes is "
                 "never penalised in an agent's evaluation.\n\n",
                 "## Personalised service\n\n"),
     expected={"cc-quality.specification.service-specification": "fail",
               "cc-quality.specification.personalised-service": "fail"})

case("placeholder",
     "Unfilled values: the quality policy's approver is TBD, and south's follow-up visits in September and "
     "October have 'TBD' where the customer's opinions belong.",
     docs=change(documents(), "policies/quality-policy.md", "approved_by: Managing Director", "approved_by: TBD"),
     rec={"visits": {"south": {"2026-09": dict(recorded=0, blank="TBD"), "2026-10": dict(recorded=0, blank="TBD")}}},
     expected={"cc-quality.policy.quality-policy": "fail", "cc-quality.measurement.follow-up-visits": SOUTH})

case("control-table-incomplete",
     "The control-point table has no row for care, and answer quality has no owner.",
     docs=change(change(documents(), "spec/service-specification.md",
                        "| Care | Customer's situation acknowledged | Control-point evaluation | 90% | Quality lead |\n", ""),
                 "spec/service-specification.md", "| 90% | Knowledge lead |", "| 90% | |"),
     expected={"cc-quality.process.control-points-defined": "fail"})

case("one-post",
     "South has one job description: the team leader's applies to north only.",
     docs=change(documents(), "people/job-team-leader.md", "role: team-leader", "role: team-leader\nsite: north"),
     expected={"cc-quality.specification.post-responsibilities": SOUTH})

case("missing-quarter-review",
     "No monitoring review or satisfaction analysis is dated in May to July: the October ones do not make up "
     "for the first quarter of the period.",
     docs={p: t for p, t in documents().items() if "2026-06-05" not in p},
     expected={"cc-quality.improvement.after-monitoring": "fail", "cc-quality.measurement.analysis": "fail"})

# ------------------------------------------------ months and samples
case("missing-month",
     "South has no control-point evaluations for August: every control-point measure fails that month.",
     rec={"cp": {"south": {"2026-08": dict(skip=True)}}},
     expected={r: SOUTH for r in CONTROL_POINT_RULES})

case("missing-interval-month",
     "South's ACD export has no intervals for October, the period's last month.",
     rec={"acd": {"south": {"2026-10": dict(skip=True)}}},
     expected={r: SOUTH for r in ["cc-quality.process.connection-speed", "cc-quality.improvement.call-loss-rate",
                                  "cc-quality.improvement.speed-of-answer"]})

case("small-samples",
     "South has one month under each minimum sample (49 intervals, 39 evaluations, 59 surveys, 199 key "
     "presses) with every value on target. Ten agents cannot have four evaluations each in 39, so the "
     "per-agent coverage fails that month too.",
     rec={"acd": {"south": {"2026-07": dict(rows=49, aband=49, in_sl=2100, personal=0)}},
          "queue": {"south": {"2026-07": dict(rows=49, rings=2300, queue=49000)}},
          "cp": {"south": {"2026-07": dict(agents=13, each=3, live=13, courtesy=39, handling=39, care=39,
                                          answer_quality=39, satisfaction_asked=39)}},
          "qa": {"south": {"2026-07": dict(agents=13, each=3, total=3432)}},
          "survey": {"south": {"2026-07": dict(n=59, sat=55)}},
          "keys": {"south": {"2026-07": dict(n=199, sat=199)}}},
     expected={r: SOUTH for r in ["cc-quality.process.rings", "cc-quality.process.connection-speed",
                                  "cc-quality.improvement.call-loss-rate", "cc-quality.improvement.queue-time",
                                  "cc-quality.improvement.speed-of-answer", "cc-quality.improvement.quality-score",
                                  "cc-quality.improvement.monitoring-coverage",
                                  "cc-quality.measurement.sampling-feedback", "cc-quality.measurement.key-press"]
               + CONTROL_POINT_RULES})

# ------------------------------------------------ metric boundaries
case("rings-boundary", "Rings: north exactly 90% of 2940 answered (2646) in June, south 2645.",
     rec={"queue": {"north": {"2026-06": dict(rings=2646)}, "south": {"2026-06": dict(rings=2645)}}},
     expected={"cc-quality.process.rings": SOUTH})
case("connection-boundary",
     "Connection speed: north exactly 80% of 2960 answered (2368 within the threshold) in October, south 2367.",
     rec={"acd": {"north": {"2026-10": dict(in_sl=2368)}, "south": {"2026-10": dict(in_sl=2367)}}},
     expected={"cc-quality.process.connection-speed": SOUTH})
for point, rule, target in [("courtesy", "cc-quality.process.courtesy", 57),
                            ("handling", "cc-quality.process.handling", 54),
                            ("care", "cc-quality.process.care", 54),
                            ("answer_quality", "cc-quality.process.answer-quality", 54),
                            ("live", "cc-quality.process.in-process-control", 15),
                            ("satisfaction_asked", "cc-quality.measurement.active-consultation", 54)]:
    case("%s-boundary" % point.replace("_", "-"),
         "%s: north exactly %d of 60 evaluations in September, south %d." % (point, target, target - 1),
         rec={"cp": {"north": {"2026-09": {point: target}}, "south": {"2026-09": {point: target - 1}}}},
         expected={rule: SOUTH})
case("key-press-boundary",
     "Key press: north exactly 85% (204 of 240 valid ratings) in May, south 203; both months also hold six "
     "presses of keys outside 1-5, which are not ratings (counted, they would pull north under).",
     rec={"keys": {"north": {"2026-05": dict(sat=204)}, "south": {"2026-05": dict(sat=203)}}},
     expected={"cc-quality.measurement.key-press": SOUTH})
case("survey-boundary", "Sampled surveys: north exactly 80% satisfied (64 of 80) in August, south 63.",
     rec={"survey": {"north": {"2026-08": dict(sat=64)}, "south": {"2026-08": dict(sat=63)}}},
     expected={"cc-quality.measurement.sampling-feedback": SOUTH})
case("follow-up-count-boundary",
     "Follow-up visits: north exactly 3 recorded visits in August, south 2 (every visit recorded).",
     rec={"visits": {"north": {"2026-08": dict(n=3, recorded=3)}, "south": {"2026-08": dict(n=2, recorded=2)}}},
     expected={"cc-quality.measurement.follow-up-visits": SOUTH})
case("follow-up-recorded-boundary",
     "Follow-up visits recorded: north 19 of 20 in July (95%), south 18 of 20; both well over the count, so "
     "only the share decides.",
     rec={"visits": {"north": {"2026-07": dict(n=20, recorded=19)}, "south": {"2026-07": dict(n=20, recorded=18)}}},
     expected={"cc-quality.measurement.follow-up-visits": SOUTH})
case("qa-score-boundary", "Quality score: north mean exactly 85 in July, south 84.98.",
     rec={"qa": {"north": {"2026-07": dict(total=5100)}, "south": {"2026-07": dict(total=5099)}}},
     expected={"cc-quality.improvement.quality-score": SOUTH})
case("qa-per-agent-boundary",
     "Monitoring coverage: every north agent exactly 4 evaluations in August; at south, where an eleventh "
     "evaluated agent keeps the month's sample over 40, one agent on the roster has 3.",
     rec={"qa": {"north": {"2026-08": dict(each=4, total=3540)},
                 "south": {"2026-08": dict(agents=11, each=4, short_agent=0, total=3806)}}},
     expected={"cc-quality.improvement.monitoring-coverage": SOUTH})
case("agent-never-evaluated",
     "Monitoring coverage: south took on SA11 in June and never evaluated them.",
     rec={"roster": {"extra": [("south", "SA11", "2026-06-01")]}},
     expected={"cc-quality.improvement.monitoring-coverage": SOUTH})
case("loss-rate-boundary",
     "Call loss rate: north exactly at the 5% control limit (151 of 3020) in July, south 152.",
     rec={"acd": {"north": {"2026-07": dict(aband=151)}, "south": {"2026-07": dict(aband=152)}}},
     expected={"cc-quality.improvement.call-loss-rate": SOUTH})
case("queue-floor-boundary",
     "Average queuing time: north exactly 5 s (15000 s over 3000 offered) in June, south one second under.",
     rec={"queue": {"north": {"2026-06": dict(queue=15000)}, "south": {"2026-06": dict(queue=14999)}}},
     expected={"cc-quality.improvement.queue-time": SOUTH})
case("queue-ceiling-boundary",
     "Average queuing time: north exactly 40 s (120000 s over 3000 offered) in October, south one second over.",
     rec={"queue": {"north": {"2026-10": dict(queue=120000)}, "south": {"2026-10": dict(queue=120001)}}},
     expected={"cc-quality.improvement.queue-time": SOUTH})
case("asa-boundary",
     "Speed of answer on the standard queue: north exactly 30 s in September, south one second of wait over; "
     "the personalised queue's 120 s waits are left out at both.",
     rec={"acd": {"north": {"2026-09": dict(asa=30)}, "south": {"2026-09": dict(asa=30, asa_plus=1)}}},
     expected={"cc-quality.improvement.speed-of-answer": SOUTH})
case("asa-personalised-unnamed",
     "Speed of answer exactly 30 s on the standard queue at both sites in September; south's personalised "
     "service runs on a queue it calls `special`, which is not the queue the pack leaves out, so its long "
     "waits count.",
     rec={"acd": {"north": {"2026-09": dict(asa=30)}, "south": {"2026-09": dict(asa=30, personal_queue="special")}}},
     expected={"cc-quality.improvement.speed-of-answer": SOUTH})
