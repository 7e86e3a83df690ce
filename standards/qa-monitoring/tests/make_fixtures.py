#!/usr/bin/env python3
"""Writes the qa-monitoring pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months, two complete quarters), as of
2026-10-15, sites north and south (month-running runs the period to December,
with October's first records). A boundary case puts north exactly on the
threshold (passes) and south one unit beyond it (fails).
"""
import datetime as dt
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]
AGENTS = 8           # per site; 5 evaluations each a month = 40 a month
LOW = [3, 3, 3, 3, 4, 4]  # low scores (under 70) per month: 20 in the period
ALL = 10 ** 6             # "every row" for the per-row counts below

RULES = [
    "qa-monitoring.team.programme", "qa-monitoring.team.procedure", "qa-monitoring.team.named-evaluators",
    "qa-monitoring.scorecards.complete", "qa-monitoring.scorecards.agent-input",
    "qa-monitoring.call-types.own-scorecard", "qa-monitoring.recognition.strengths",
    "qa-monitoring.exemplars.current", "qa-monitoring.exemplars.prime",
    "qa-monitoring.process.findings", "qa-monitoring.process.implemented",
    "qa-monitoring.reviews.timely", "qa-monitoring.reviews.in-person", "qa-monitoring.reviews.coaching",
    "qa-monitoring.listening.every-agent", "qa-monitoring.listening.notice", "qa-monitoring.listening.score",
    "qa-monitoring.voice.channels", "qa-monitoring.voice.surveys",
    "qa-monitoring.impact.measured", "qa-monitoring.impact.review",
    "qa-monitoring.evolve.programme-review",
    "qa-monitoring.calibration.sessions", "qa-monitoring.calibration.variance",
    "qa-monitoring.calibration.evaluators",
]


def day(s):
    return dt.date.fromisoformat(s)


def plus(s, n):
    return (day(s) + dt.timedelta(days=n)).isoformat()

# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections):
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return fm + "\n" + body


PROGRAMME = [
    ("Roles", "The head of quality owns the programme. Evaluators score contacts, team leaders give the "
              "feedback and coaching, and a third-party reviewer scores a sample each quarter for an unbiased view."),
    ("Evaluators", "Evaluators are senior agents or managers with a year on the phones, chosen by interview; "
                   "each passes a scoring test against reference calls before scoring live contacts."),
    ("Channels monitored", "Calls, emails and chats are monitored with the same scorecards per call type."),
    ("Monitoring notice", "Customers hear that the call may be monitored or recorded before an agent answers, "
                          "and agents are told about monitoring in their induction and contract."),
    ("Programme review", "The programme was reviewed in February against the year's priorities and last year's "
                         "customer feedback; chat was added to the channels monitored and the coaching days shortened."),
]
SCORECARD = [
    ("Criteria", "Opening and identification, understanding the need, accuracy of the answer, resolution, "
                 "handling of an upset customer and the close."),
    ("Weighting", "Understanding and resolution carry half the points; the rest are spread over the other "
                  "criteria in equal parts."),
    ("Critical errors", "Failed identity checks, wrong information that costs the customer, a missing "
                        "regulated statement or rudeness score the whole contact zero."),
    ("Agent input", "Twelve agents from both sites reviewed the draft in a workshop; at their request the "
                    "greeting script became optional and bad news delivered well now scores in full."),
]
PROCEDURE = [
    ("Sampling", "Five contacts per agent per month drawn at random across channels by the QA tool."),
    ("Evaluation form", "The scorecard of the contact's call type, scored out of one hundred points."),
    ("Critical errors", "Identity, wrong information, regulated statements and rudeness, as the scorecards list."),
    ("Calibration", "Evaluators score the same contacts every month against a reference score."),
    ("Feedback", "Team leaders give feedback in person within five days; low scores are coached within a week."),
]
IMPACT = [
    ("Handle time", "Average handle time before and after each change, from the ACD reports, by call type."),
    ("Customer satisfaction", "Post-call satisfaction before and after each change, from the survey results."),
    ("Changes assessed", "Every process change implemented from a QA finding in the quarter is assessed here."),
    ("Next steps", "Changes that did not help are reopened with the process owner and tried again."),
]


def documents(ok=True, scorecards=("support", "sales"), impact_reviews=("2026-06-25", "2026-09-24"),
              empty=(), placeholder=False, stale=()):
    """path -> text. ok=False gives the defective versions used by all-fail."""
    d = "2026-02-10" if ok else "2019-02-11"
    approved = [("owner", "TBD" if placeholder else "Head of Quality"), ("approved_by", "Operations Director"),
                ("approved_on", d)]
    blank = lambda secs: [(h, "" if h in empty else t) for h, t in secs]
    out = {}
    out["quality/qa-programme.md"] = doc("qa-programme", "Quality monitoring programme", approved, blank(PROGRAMME))
    out["quality/monitoring-procedure.md"] = doc(
        "quality-monitoring-procedure", "Quality monitoring procedure",
        [("owner", "Head of Quality"), ("approved_by", "Operations Director"), ("approved_on", d)], PROCEDURE)
    for i, ct in enumerate(scorecards):
        out["scorecards/%s.md" % ct] = doc(
            "qa-scorecard", "Scorecard: %s calls" % ct,
            [("owner", "Head of Quality"), ("approved_on", "2026-03-0%d" % (i + 2) if ok else "2024-03-02"),
             ("call_type", "\"[Call type]\"" if placeholder and i == 0 else ct), ("version", 3)],
            blank(SCORECARD))
    out["calibration/calibration-2026-09.md"] = doc(
        "calibration-record", "Calibration session September",
        [("approved_on", "2026-09-21" if ok else "2026-06-22"),
         ("attendees", "To be confirmed" if placeholder else "[QE1, QE2, QE3, team leaders]")],
        [("Contacts scored", "Four calls, two of each call type."),
         ("Variance", "Mean difference from the reference three points; no evaluator above five.")])
    for r in impact_reviews:
        out["impact/qa-impact-%s.md" % r[:7]] = doc(
            "qa-impact-review", "QA impact review %s" % r[:7],
            [("owner", "Head of Quality"), ("approved_on", r)], IMPACT)
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


def evaluations(spec, months=MONTHS):
    """(site, month) -> list of dict rows: the month's evaluations with their feedback."""
    out = {}
    for site in SITES:
        for mi, m in enumerate(months):
            kw = month_spec(spec, site, m, agents=AGENTS, each=5, low=LOW[mi] if mi < len(LOW) else 0,
                            short_agent=None, short_by=1,
                            score=90.0, adjust=None, strengths=ALL, timely=ALL, in_person=None, generic=0,
                            self_scored=0, coach_days=3, late_coaching=0, late_days=9, uncoached=0, skip=False)
            if kw["skip"]:
                out[(site, m)] = []
                continue
            rows = []
            for a in range(kw["agents"]):
                each = kw["each"] - (kw["short_by"] if kw["short_agent"] == a else 0)
                for e in range(each):
                    rows.append((a, e))
            lows_left, late_left, uncoached_left = kw["low"], kw["late_coaching"], kw["uncoached"]
            adjust = list(kw["adjust"] or [])
            in_person = len(rows) * 9 // 10 if kw["in_person"] is None else kw["in_person"]
            out_rows = []
            for j, (a, e) in enumerate(rows):
                agent = "%s%02d" % (site[0].upper() + "A", a + 1)
                evaluated = "%s-%02d" % (m, e * 5 + a % 3 + 2)
                call_type = "support" if (a + e) % 2 == 0 else "sales"
                score = kw["score"]
                coached = ""
                if j % 9 == 4 and lows_left:
                    lows_left -= 1
                    score = 60.0
                    days = kw["coach_days"]
                    if late_left:
                        late_left -= 1
                        days = kw["late_days"]
                    coached = plus(evaluated, days)
                    if uncoached_left:
                        uncoached_left -= 1
                        coached = ""
                elif adjust:
                    # Scores lowered on the month's first non-low rows (a boundary on the mean).
                    score = adjust.pop(0)
                out_rows.append(dict(
                    agent=agent, evaluated=evaluated, score=score, call_type=call_type,
                    scorecard="general" if j < kw["generic"] else call_type,
                    evaluator=agent if j < kw["self_scored"] else "QE%d" % (a % 3 + 1),
                    feedback=plus(evaluated, 2 if j < kw["timely"] else 6),
                    in_person="Y" if j < in_person else "N",
                    strengths=2 if j < kw["strengths"] else 0, coached=coached,
                    contact="%s%s%03d" % (site[0].upper(), m[5:], j + 1)))
            assert lows_left == 0, (site, m)
            out[(site, m)] = out_rows
    return out


def qa_evaluation(ev):
    lines = ["site,evaluated_on,agent_id,score,critical_error,evaluator,contact_id,channel"]
    for (site, m), rows in sorted(ev.items(), key=lambda kv: (SITES.index(kv[0][0]), kv[0][1])):
        for r in rows:
            lines.append("%s,%s,%s,%.1f,%s,%s,%s,voice" % (site, r["evaluated"], r["agent"], r["score"],
                                                           "N", r["evaluator"], r["contact"]))
    return "\n".join(lines) + "\n"


def qa_feedback(ev):
    lines = ["site,agent_id,evaluated_on,score,call_type,scorecard_type,feedback_on,in_person,strengths,coached_on,contact_id"]
    for (site, m), rows in sorted(ev.items(), key=lambda kv: (SITES.index(kv[0][0]), kv[0][1])):
        for r in rows:
            lines.append("%s,%s,%s,%.1f,%s,%s,%s,%s,%d,%s,%s" % (
                site, r["agent"], r["evaluated"], r["score"], r["call_type"], r["scorecard"], r["feedback"],
                r["in_person"], r["strengths"], r["coached"], r["contact"]))
    return "\n".join(lines) + "\n"


def roster(spec):
    lines = ["site,agent_id,start_date,end_date,role"]
    for site in SITES:
        for a in range(AGENTS):
            lines.append("%s,%s%02d,2024-01-08,,agent" % (site, site[0].upper() + "A", a + 1))
    for site, agent, start in spec.get("extra", []):
        lines.append("%s,%s,%s,,agent" % (site, agent, start))
    return "\n".join(lines) + "\n"


def calibration(spec, months=MONTHS):
    """3 evaluators x 4 contacts a month; deviations from the reference as the spec says."""
    lines = ["site,session_on,evaluator,contact_id,score,reference_score"]
    for site in SITES:
        for m in months:
            kw = month_spec(spec, site, m, dev=[3, 3, 3], extra=0, extra_e=0, contacts=4, evaluators=3, skip=False)
            if kw["skip"]:
                continue
            for c in range(kw["contacts"]):
                for e in range(kw["evaluators"]):
                    if kw.get("drop") and (c, e) in kw["drop"]:
                        continue
                    ref = 80.0 + c * 4
                    dev = kw["dev"][e] + (kw["extra"] if (c, e) == (0, kw["extra_e"]) else 0)
                    sign = 1 if (c + e) % 2 == 0 else -1
                    lines.append("%s,%s-20,QE%d,%s-CAL-%s-%d,%.1f,%.1f"
                                 % (site, m, e + 1, site[0].upper(), m[5:], c + 1, ref + sign * dev, ref))
    return "\n".join(lines) + "\n"


def exemplars(spec):
    """Two calls a quarter a site: mid-quarter and in its last month."""
    lines = ["site,contact_id,call_type,added_on,score,notes,shared_on"]
    note = "Calm apology, clear explanation of the bill and a follow-up date the customer chose."
    for site in SITES:
        kw = dict(added=["2026-05-12", "2026-06-16", "2026-08-11", "2026-09-15"], score=98.0, low=None,
                  short_note=None, unshared=None)
        kw.update(spec.get(site, {}))
        for i, added in enumerate(kw["added"]):
            score = kw["low"] if (kw["low"] is not None and i == 0) else kw["score"]
            notes = kw["short_note"] if (kw["short_note"] and i == 0) else note
            shared = "" if kw["unshared"] == i else plus(added, 3)
            lines.append("%s,%s-EX-%d,%s,%s,%.1f,\"%s\",%s"
                         % (site, site[0].upper(), i + 1, ["support", "sales"][i % 2], added, score, notes, shared))
    return "\n".join(lines) + "\n"


# Six findings a site: five raised at least 90 days before the as-of date, one in September (not
# due yet). The July finding was seen with two agents only; the September one with three, so the
# third quarter's process finding is the September one.
FINDINGS = [("2026-04-08", 4, 34), ("2026-05-06", 5, 34), ("2026-06-02", 3, 29), ("2026-06-24", 6, 47),
            ("2026-07-06", 2, 50), ("2026-09-10", 3, None)]


def findings(spec):
    lines = ["site,finding_id,raised_on,process,agents_affected,implemented_on,agents_consulted,"
             "aht_before_s,aht_after_s,csat_before,csat_after"]
    for site in SITES:
        kw = dict(agents={}, late=(), unconsulted=(), unmeasured=(), never=False)
        kw.update(spec.get(site, {}))
        for i, (raised, agents, days) in enumerate(FINDINGS):
            agents = kw["agents"].get(i, agents)
            if days is not None and i in kw["late"]:
                days = kw["late"][i] if isinstance(kw["late"], dict) else 95
            impl = "" if (days is None or kw["never"]) else plus(raised, days)
            measured = impl and i not in kw["unmeasured"]
            lines.append("%s,F-%s-%d,%s,%s,%d,%s,%s,%s,%s,%s,%s" % (
                site, site[0].upper(), i + 1, raised, ["billing", "transfers", "holds", "refunds", "identity",
                                                        "callbacks"][i], agents, impl,
                "" if not impl else ("N" if i in kw["unconsulted"] else "Y"),
                "412" if impl else "", "388" if measured else "", "0.81" if impl else "", "0.84" if measured else ""))
    return "\n".join(lines) + "\n"


def surveys(spec, months=MONTHS):
    """Post-call surveys, 70 a site-month by default, all taken the same day as the call except the
    spec's `late` ones (50 hours after it). Call ids run on per site."""
    header = "site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions"
    rows = [header]
    for site in SITES:
        per_month = [(m, month_spec(spec, site, m, n=70, late=0)) for m in months]
        calls = [(m, i, kw["late"]) for m, kw in per_month for i in range(kw["n"])]
        for k, (m, i, late) in enumerate(calls, start=1):
            d = i % 27 + 1
            taken = "%s-%02dT12:00:00" % (m, d + 2) if i < late else "%s-%02dT18:30:00" % (m, d)
            rows.append("%s,%s%05d,%s-%02dT10:00:00,%s,%d,Y,%d,8" % (site, site[0].upper(), k, m, d, taken,
                                                                  4 + i % 2, 4 + i % 2))
    return "\n".join(rows) + "\n"


CHANNELS = ["voice", "email", "chat"]


def channel_volume(spec, months=MONTHS):
    lines = ["site,month,channel,handled"]
    for site in SITES:
        kw = dict(channels=CHANNELS, extra=None)
        kw.update(spec.get(site, {}))
        for m in months:
            for ch in kw["channels"]:
                lines.append("%s,%s-01,%s,%d" % (site, m, ch, 900 if ch == "voice" else 300))
            if kw["extra"] and m >= kw["extra"][1]:
                lines.append("%s,%s-01,%s,40" % (site, m, kw["extra"][0]))
    return "\n".join(lines) + "\n"


def feedback(spec, months=MONTHS):
    lines = ["site,received_on,channel,source,rating"]
    for site in SITES:
        kw = dict(channels=CHANNELS, n=25, short=None)
        kw.update(spec.get(site, {}))
        for m in months:
            for ch in kw["channels"]:
                n = kw["short"][2] if kw["short"] and (ch, m) == kw["short"][:2] else kw.get(m, kw["n"])
                for i in range(n):
                    lines.append("%s,%s-%02d,%s,%s,%d" % (site, m, i % 28 + 1, ch,
                                                          "survey" if ch == "voice" else "comment", 3 + i % 3))
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------- cases
def expected_text(about, expected, summary):
    """expected.yaml: every rule's status (a string, or (north, south)) and the optional summary."""
    exp = dict({r: "pass" for r in RULES}, **(expected or {}))
    show = lambda v: v if isinstance(v, str) else "{north: %s, south: %s}" % v
    lines = ["# %s" % about, "rules:"] + ["  %s: %s" % (r, show(exp[r])) for r in RULES]
    if summary:
        lines.append("summary: {%s}" % ", ".join("%s: %s" % kv for kv in summary.items()))
    return "\n".join(lines) + "\n"


def case(name, about, rec=None, expected=None, docs=None, summary=None, to="2026-09-30", months=MONTHS):
    """One evidence root: the profile, the documents, a CSV per record kind and expected.yaml.
    `to` ends the period; `months` are the months with records."""
    rec = rec or {}
    ev = evaluations(rec.get("qa", {}), months)
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: %s}\npacks: [qa-monitoring]\n" % (about, to))
    for kind, text in [("qa-evaluation", qa_evaluation(ev)), ("qa-feedback", qa_feedback(ev)),
                       ("agent-roster", roster(rec.get("roster", {}))),
                       ("qa-calibration", calibration(rec.get("calibration", {}), months)),
                       ("qa-exemplar", exemplars(rec.get("exemplar", {}))),
                       ("qa-process-finding", findings(rec.get("finding", {}))),
                       ("customer-survey", surveys(rec.get("survey", {}), months)),
                       ("channel-volume", channel_volume(rec.get("channel", {}), months)),
                       ("customer-feedback", feedback(rec.get("feedback", {}), months))]:
        files["records/%s/2026.csv" % kind] = text
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


def every(**kw):
    return {s: {"*": dict(kw)} for s in SITES}


case("all-pass", "Every rule passes at both sites.", summary={"level": 3})

case("all-fail",
     "Every rule fails at both sites: stale, incomplete documents and records off target everywhere.",
     docs=documents(ok=False, scorecards=("support",), impact_reviews=(),
                    empty=("Agent input", "Monitoring notice", "Programme review")),
     rec={"qa": every(each=3, low=3, score=80.0, strengths=20, timely=20, in_person=10, generic=5, self_scored=1,
                      coach_days=12),
          "calibration": every(dev=[9, 9, 9]),
          "exemplar": {s: dict(added=["2026-05-12"], score=90.0) for s in SITES},
          "finding": {s: dict(agents={i: 1 for i in range(6)}, never=True) for s in SITES},
          "survey": every(n=30),
          "channel": {s: dict(channels=["voice", "email"]) for s in SITES},
          "feedback": {s: dict(n=5) for s in SITES}},
     expected={r: "fail" for r in RULES}, summary={"level": 0})

case("stale-documents",
     "Currency, not presence: the programme was last approved in 2019, a scorecard in 2019, and the newest "
     "calibration minutes are from June (older than 45 days).",
     docs=documents(stale=("quality/qa-programme.md", "scorecards/sales.md",
                           "calibration/calibration-2026-09.md")),
     expected={r: "fail" for r in ["qa-monitoring.team.programme", "qa-monitoring.scorecards.complete",
                                   "qa-monitoring.listening.notice", "qa-monitoring.evolve.programme-review",
                                   "qa-monitoring.calibration.sessions"]},
     summary={"level": 0})

case("empty-sections",
     "Headings kept, content gone: the scorecards' Agent input and the programme's Monitoring notice and "
     "Programme review are empty.",
     docs=documents(empty=("Agent input", "Monitoring notice", "Programme review")),
     expected={r: "fail" for r in ["qa-monitoring.scorecards.agent-input", "qa-monitoring.listening.notice",
                                   "qa-monitoring.evolve.programme-review"]},
     summary={"level": 0})

case("placeholders",
     "An unfilled template: the programme's owner is TBD, a scorecard's call type is [Call type], the "
     "calibration minutes' attendees are 'To be confirmed'.",
     docs=documents(placeholder=True),
     expected={r: "fail" for r in ["qa-monitoring.team.programme", "qa-monitoring.scorecards.complete",
                                   "qa-monitoring.calibration.sessions"]},
     summary={"level": 0})

case("one-scorecard", "A single scorecard for every call: fewer scorecards than the two required.",
     docs=documents(scorecards=("support",)),
     expected={"qa-monitoring.scorecards.complete": "fail"}, summary={"level": 0})

case("missing-month",
     "South has no QA exports for August (evaluations, feedback, calibration): every monthly QA rule fails "
     "south's August; the pooled coaching share is unaffected.",
     rec={"qa": {"south": {"2026-08": dict(skip=True)}},
          "calibration": {"south": {"2026-08": dict(skip=True)}}},
     expected={r: SOUTH for r in ["qa-monitoring.team.named-evaluators", "qa-monitoring.call-types.own-scorecard",
                                   "qa-monitoring.recognition.strengths", "qa-monitoring.reviews.timely",
                                   "qa-monitoring.reviews.in-person", "qa-monitoring.listening.every-agent",
                                   "qa-monitoring.listening.score", "qa-monitoring.calibration.variance"]},
     summary={"level": 1})

case("impact-review-missing-quarter", "No QA impact review is dated in the second quarter.",
     docs=documents(impact_reviews=("2026-09-24",)),
     expected={"qa-monitoring.impact.review": "fail"}, summary={"level": 2})

boundary("score-boundary", "Mean evaluation score in July: north exactly 85.0, south 84.99.",
         "qa", "2026-07", dict(adjust=[80.0] * 11), dict(adjust=[80.0] * 10 + [79.6]), "qa-monitoring.listening.score")

boundary("agent-sample-boundary", "Evaluations per agent in June (6 each otherwise): north's NA03 exactly 4, south's SA03 only 3.",
         "qa", "2026-06", dict(each=6, short_agent=2, short_by=2), dict(each=6, short_agent=2, short_by=3), "qa-monitoring.listening.every-agent")

case("agent-never-evaluated", "South took on SA09 in July and never evaluated them; everyone else has 5 a month.",
     rec={"roster": {"extra": [("south", "SA09", "2026-07-01")]}},
     expected={"qa-monitoring.listening.every-agent": SOUTH})

boundary("evaluation-small-sample", "Evaluations in May: north exactly 40, south 39 (one agent 4): south's mean is on target but on too few.",
         "qa", "2026-05", dict(each=5), dict(short_agent=1), "qa-monitoring.listening.score")

case("self-scored", "South has one evaluation in September scored by the agent evaluated.",
     rec={"qa": {"south": {"2026-09": dict(self_scored=1)}}},
     expected={"qa-monitoring.team.named-evaluators": SOUTH})

case("generic-scorecard", "South scored one sales call in June on the generic form.",
     rec={"qa": {"south": {"2026-06": dict(generic=1)}}},
     expected={"qa-monitoring.call-types.own-scorecard": SOUTH})

boundary("recognition-boundary", "Feedback with a strength in August: north exactly 90% (36 of 40), south 35 of 40.",
         "qa", "2026-08", dict(strengths=36), dict(strengths=35), "qa-monitoring.recognition.strengths")

boundary("feedback-boundary", "Feedback within 5 days in April: north exactly 95% (38 of 40), south 37 of 40.",
         "qa", "2026-04", dict(timely=38), dict(timely=37), "qa-monitoring.reviews.timely")

boundary("in-person-boundary", "Feedback in person in May: north exactly 80% (32 of 40), south 31 of 40.",
         "qa", "2026-05", dict(in_person=32), dict(in_person=31), "qa-monitoring.reviews.in-person")

case("coaching-boundary",
     "Low scores coached within 7 days: north 19 of 20 (95%), the others exactly on the seventh day; south 18 of 20.",
     rec={"qa": {"north": {"*": dict(coach_days=7), "2026-09": dict(coach_days=7, late_coaching=1)},
                 "south": {"2026-09": dict(late_coaching=2, late_days=8)}}},
     expected={"qa-monitoring.reviews.coaching": SOUTH})

case("no-low-scores",
     "No evaluation under 70 in the period: north has nothing to coach and passes; south has one low score, "
     "in September, never coached.",
     rec={"qa": {"north": {"*": dict(low=0)},
                 "south": {"*": dict(low=0), "2026-09": dict(low=1, uncoached=1)}}},
     expected={"qa-monitoring.reviews.coaching": SOUTH})

boundary("calibration-boundary", "Calibration variance in July: north exactly 5.0 points, south 5.08 (one score a point further off).",
         "calibration", "2026-07", dict(dev=[5, 5, 5]), dict(dev=[5, 5, 5], extra=1), "qa-monitoring.calibration.variance")

case("evaluator-drift",
     "QE3 over the period: north exactly 7 points from the reference on average, south 7.04; the monthly means "
     "stay within 5.",
     rec={"calibration": {"north": {"*": dict(dev=[3, 3, 7])},
                          "south": {"*": dict(dev=[3, 3, 7]), "2026-04": dict(extra=1, extra_e=2)}}},
     expected={"qa-monitoring.calibration.evaluators": SOUTH})

case("calibration-small-sample",
     "Calibration in June: north 10 scores, south 9 (the variance itself is fine).",
     rec={"calibration": {"north": {"2026-06": dict(drop=[(3, 1), (3, 2)])},
                          "south": {"2026-06": dict(drop=[(3, 0), (3, 1), (3, 2)])}}},
     expected={"qa-monitoring.calibration.variance": SOUTH})

case("exemplar-count-boundary", "Exemplars added in the third quarter: north exactly 2, south 1.",
     rec={"exemplar": {"south": dict(added=["2026-05-12", "2026-06-16", "2026-09-15"])}},
     expected={"qa-monitoring.exemplars.current": SOUTH})

case("exemplar-prime-boundary",
     "An exemplar scored exactly 95 with notes of exactly 40 characters at north; south's scored 94.5.",
     rec={"exemplar": {"north": dict(low=95.0, short_note="Warm greeting and a clear, correct fix.."),
                       "south": dict(low=94.5)}},
     expected={"qa-monitoring.exemplars.prime": SOUTH})

case("exemplar-not-shared", "South never showed one exemplar to agents.",
     rec={"exemplar": {"south": dict(unshared=1)}},
     expected={"qa-monitoring.exemplars.prime": SOUTH})

case("findings-boundary",
     "The third quarter's only process finding: seen with exactly 3 agents at north, 2 at south.",
     rec={"finding": {"south": dict(agents={5: 2})}},
     expected={"qa-monitoring.process.findings": SOUTH})

case("implemented-boundary",
     "Findings due: north 4 of 5 implemented within 90 days (one on day 90, one on day 95), south 3 of 5.",
     rec={"finding": {"north": dict(late={0: 90, 1: 95}), "south": dict(late={0: 95, 1: 96})}},
     expected={"qa-monitoring.process.implemented": SOUTH})

case("unconsulted", "South implemented two changes without consulting agents (3 of 5 left).",
     rec={"finding": {"south": dict(unconsulted=(0, 1))}},
     expected={"qa-monitoring.process.implemented": SOUTH})

case("never-implemented",
     "South raised its process findings but implemented none: nothing implemented, and no change whose "
     "effect could have been measured (no counted records is a fail, not a pass).",
     rec={"finding": {"south": dict(never=True)}},
     expected={"qa-monitoring.process.implemented": SOUTH, "qa-monitoring.impact.measured": SOUTH})

case("impact-unmeasured", "South never measured the effect of one implemented change.",
     rec={"finding": {"south": dict(unmeasured=(2,))}},
     expected={"qa-monitoring.impact.measured": SOUTH})

boundary("survey-boundary", "Surveys within 48 hours in September: north exactly 60, south 59 (and one taken too late).",
         "survey", "2026-09", dict(n=60), dict(n=60, late=1), "qa-monitoring.voice.surveys")

case("channel-feedback-boundary", "Chat feedback in June: north exactly 20, south 19.",
     rec={"feedback": {"north": dict(short=("chat", "2026-06", 20)), "south": dict(short=("chat", "2026-06", 19))}},
     expected={"qa-monitoring.voice.channels": SOUTH})

case("channel-never-captured",
     "South opened a social-media channel in August and captured no feedback on it.",
     rec={"channel": {"south": dict(extra=("social", "2026-08"))}},
     expected={"qa-monitoring.voice.channels": SOUTH})

case("too-few-channels", "South serves only voice and email (and captures feedback on both).",
     rec={"channel": {"south": dict(channels=["voice", "email"])},
          "feedback": {"south": dict(channels=["voice", "email"])}},
     expected={"qa-monitoring.voice.channels": SOUTH})

case("month-running",
     "The audit year runs to December and, as of 2026-10-15, October is still running: its first two weeks of "
     "records (one evaluation an agent, a few surveys and comments, no calibration yet) would fail four monthly "
     "rules, but a month that has not ended is not judged. Every rule passes at both sites.",
     rec={"qa": {s: {"2026-10": dict(each=1)} for s in SITES},
          "calibration": {s: {"2026-10": dict(skip=True)} for s in SITES},
          "survey": {s: {"2026-10": dict(n=10)} for s in SITES},
          "feedback": {s: {"2026-10": 5} for s in SITES}},
     to="2026-12-31", months=MONTHS + ["2026-10"], summary={"level": 3})
