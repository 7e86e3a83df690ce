#!/usr/bin/env python3
"""Writes the pcmm pack's fixtures (deterministic; re-run to regenerate).

Every case is the all-pass evidence with one thing changed, except all-fail.
Period 2026-04-01..2026-09-30 (six months, two complete quarters, one
six-month span), as of 2026-10-15, sites north and south, ten agents a site.
A boundary case puts north exactly on the threshold (passes) and south one
unit beyond it (fails). Level cases break one rule of a level and check the
level reached.
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
SITES = ["north", "south"]
AGENTS = 10

RULES = [
    "pcmm.staffing.procedure", "pcmm.staffing.workload", "pcmm.communication.plan",
    "pcmm.work-environment.assessment", "pcmm.work-environment.absence",
    "pcmm.performance.procedure", "pcmm.performance.objectives", "pcmm.performance.on-time",
    "pcmm.training.unit-plan", "pcmm.training.curriculum", "pcmm.training.verified",
    "pcmm.compensation.policy",
    "pcmm.competency-analysis.framework", "pcmm.competency-analysis.matrix",
    "pcmm.workforce-planning.strategic-plan", "pcmm.competency-development.continuous",
    "pcmm.career.paths", "pcmm.competency-practices.based-on-competencies", "pcmm.competency-practices.pay",
    "pcmm.workgroups.methods",
    "pcmm.participation.survey",
    "pcmm.integration.processes", "pcmm.empowerment.attested", "pcmm.assets.knowledge",
    "pcmm.quantitative.qa-score", "pcmm.capability.attrition", "pcmm.capability.review",
    "pcmm.mentoring.programme", "pcmm.mentoring.sessions",
    "pcmm.improvement.personal-goals", "pcmm.alignment.scorecard", "pcmm.innovation.log",
]


def agent(site, a):
    return "%s%02d" % (site[0].upper() + "A", a + 1)


# ---------------------------------------------------------------- documents
def doc(kind, title, front, sections):
    fm = "\n".join(["---", "kind: %s" % kind, 'title: "%s"' % title] + ["%s: %s" % kv for kv in front] + ["---"])
    body = "# %s\n\n" % title
    for h, text in sections:
        body += "## %s\n\n%s\n\n" % (h, text)
    return fm + "\n" + body


APPROVED = [("owner", "Head of People"), ("approved_by", "Operations Director"), ("approved_on", "2026-02-10")]
OWNED = [("owner", "Head of People"), ("approved_on", "2026-02-10")]

# path -> (kind, title, front matter, sections)
DOCS = {
    "people/staffing-procedure.md": ("staffing-procedure", "Staffing procedure", APPROVED, [
        ("Workforce needs", "Site managers turn the client volumes agreed for the next quarter into the number of "
                            "agents and team leaders each team needs, with the planner's shrinkage figures."),
        ("Recruiting", "Open positions are advertised inside first for two weeks, then outside; the position's "
                       "description and its competencies are in every advertisement."),
        ("Selection", "Candidates are selected against the competencies of the role with a structured interview, "
                      "a listening test and a written exercise, scored by two people."),
        ("Transition", "New starters complete induction and nesting with a buddy and are verified before they take "
                       "live contacts alone; internal movers get a handover from their old team leader."),
        ("Separations", "Leavers have an exit interview; the reasons are coded and reported monthly to the site "
                        "manager, and any reduction in staff follows the consultation policy."),
    ]),
    "people/performance-management.md": ("performance-management-procedure", "Performance management procedure",
                                          APPROVED, [
        ("Objectives", "Each agent agrees monthly objectives with the team leader from the unit's targets: quality "
                       "score, resolution and the competencies they are developing."),
        ("Ongoing discussion", "A one-to-one every month, due on the twentieth, reviews last month's objectives with "
                               "the data and records the next; huddles cover the team's results daily."),
        ("Appraisal", "Twice a year each person's performance is appraised against the objectives and the role's "
                      "competencies, and the appraisal is recorded and signed by both."),
        ("Improving performance", "An agent below the objectives for two months gets an improvement plan with "
                                  "coaching and a review date; the plan is closed when results recover."),
        ("Recognition", "Team leaders nominate agents for the monthly recognition awards from QA and customer "
                        "comments; the site manager announces them at the team huddle."),
    ]),
    "people/compensation-policy.md": ("compensation-policy", "Compensation policy", APPROVED, [
        ("Strategy", "Pay is set at the local market median for each role, reviewed every April against two salary "
                     "surveys, so that the site keeps the people it trains."),
        ("Pay structure", "Each role has a band of four steps; an agent moves a step when a new competency is "
                          "verified at the required proficiency, up to the top of the band."),
        ("Adjustments", "Adjustments are proposed by the site manager, approved by the Head of People and told to the "
                        "person in writing with the reason before they take effect."),
        ("Equity review", "Every year pay is compared by gender, site and length of service within each band, and "
                          "any unexplained gap over three per cent is corrected in the April review."),
    ]),
    "people/training-plan.md": ("training-plan", "Training plan", OWNED, [
        ("Initial training", "Four weeks of classroom and nesting; an agent takes live contacts only after the "
                             "product knowledge test and a floor observation are passed."),
        ("Refresher training", "Quarterly refreshers on products, complaint handling and data protection, chosen "
                               "from the quality evaluations of the quarter before."),
    ]),
    "people/competency-framework.md": ("competency-framework", "Competency framework", OWNED, [
        ("Competencies", "Customer handling, product knowledge, complaint resolution, coaching (team leaders), "
                         "evaluation (quality evaluators) and planning (workforce planners), each with the knowledge, "
                         "skills and process abilities it holds."),
        ("Proficiency levels", "Four levels for each competency: learning, proficient, skilled and expert, each "
                               "with the behaviour an assessor looks for."),
        ("Roles", "Agents need customer handling and product knowledge at proficient; team leaders coaching at "
                  "skilled; evaluators evaluation at skilled."),
        ("Assessment", "Proficiency is assessed by a scored test and two floor observations, by an assessor who "
                       "holds the competency at expert level, and re-assessed every year."),
    ]),
    "people/competence-matrix.md": ("competence-matrix", "Competence matrix", OWNED, [
        ("Roles", "Agent, team leader, quality evaluator and workforce planner at each site."),
        ("Skills", "The competencies of the framework, one column each, with the level each person holds."),
        ("Verification", "A level counts once an assessor has verified it; the training records show the date."),
    ]),
    "people/strategic-workforce-plan.md": ("strategic-workforce-plan", "Strategic workforce plan 2026-28", OWNED, [
        ("Business needs", "Two new client programmes from next spring and a shift of a fifth of voice contacts to "
                           "chat over two years, as the business plan sets out."),
        ("Competency needs", "Twelve more agents proficient in written contact, three more skilled coaches and a "
                             "second workforce planner by the end of next year."),
        ("Current capability", "Thirty agents proficient in voice handling, eight in written contact, six skilled "
                               "coaches, one planner, from the competence matrix."),
        ("Gaps", "Written contact and coaching are the gaps; planning depends on one person today."),
        ("Development plans", "Cross-skill twelve voice agents to chat by June, train three senior agents as "
                              "coaches, and recruit a second planner in the first quarter."),
    ]),
    "people/career-framework.md": ("career-framework", "Career framework", OWNED, [
        ("Career paths", "Agent, senior agent, team leader and site manager; senior agent to quality evaluator or "
                         "workforce planner as specialist paths."),
        ("Graduation criteria", "Each step needs the competencies of the next role at proficient level, verified, "
                                "and six months at the current step with objectives met."),
        ("Development plans", "Every agent has an individual development plan reviewed at the appraisal, naming "
                              "the next competency and the activities to reach it."),
        ("Promotion", "Positions above agent are filled by interview against the competencies, internal "
                      "candidates first; unsuccessful candidates get written feedback."),
    ]),
    "people/workgroup-handbook.md": ("workgroup-handbook", "Team handbook", OWNED, [
        ("Workgroup roles", "Each team of about ten agents has a team leader, a senior agent as deputy, a quality "
                            "champion and a rota coordinator, chosen by the team for a year."),
        ("Standard processes", "Daily huddle, the contact handling procedure, the monthly one-to-one, weekly "
                               "calibration listening and the team's improvement board."),
        ("Tailoring", "A team may change the huddle's time and format and its improvement board's cadence; changes "
                      "to the standard processes are agreed with the site manager and written down."),
        ("Integrated processes", "Quality evaluators and team leaders coach together from the same evaluations; "
                                 "the workforce planner works the intraday plan with the rota coordinators, so "
                                 "planning and team decisions are made in one place."),
        ("Forming workgroups", "New teams are formed from the competencies the work needs, with at least two "
                               "skilled agents in each, and given their first month's objectives by the manager."),
    ]),
    "people/staff-survey-2026.md": ("staff-survey", "Staff survey 2026", [("approved_on", "2026-05-15"),
                                                                          ("response_rate", "0.72")], [
        ("Results", "Engagement index 71, up four points; lowest scores on workload in the summer and on "
                    "recognition."),
        ("Actions", "A recognition scheme from June and a review of summer staffing, owned by the site managers."),
    ]),
    "people/knowledge-management.md": ("knowledge-management", "Knowledge management", OWNED, [
        ("Ownership", "Every article has an owner in the client team; the knowledge manager runs the base."),
        ("Review cycle", "Articles are reviewed every six months or when a client changes a product."),
        ("Measures", "Article use per contact and the share of flagged articles fixed within five days."),
    ]),
    "people/workforce-plan.md": ("workforce-plan", "Workforce management", OWNED, [
        ("Forecasting", "Volumes are forecast per channel and half hour from two years of history, with client "
                        "campaigns added as events."),
        ("Scheduling", "Schedules are built four weeks ahead to meet the service level in each interval, with the "
                       "shrinkage agreed for training and one-to-ones."),
        ("Real-time management", "A real-time analyst moves staff between queues against the intraday forecast."),
        ("Accuracy", "Forecast accuracy is reported weekly against a target of five per cent a day."),
    ]),
    "people/communication-plan.md": ("communication-plan", "Communication plan", OWNED, [
        ("Topics", "Results, changes to clients and processes, people news and the survey actions."),
        ("Audiences", "All agents and team leaders at both sites, the site managers and the clients."),
        ("Timing", "Daily huddles before each shift, monthly results within ten working days."),
        ("Channels", "Team huddles, the intranet, email bulletins and the monthly site briefing meeting."),
        ("Responsibilities", "Site managers for site news; the Head of People for people news."),
        ("Raising concerns", "Any member of staff can raise a concern with their team leader, the site manager or "
                             "the confidential line; every concern is answered in writing within ten days."),
    ]),
    "people/work-environment.md": ("work-environment-assessment", "Work environment assessment", OWNED, [
        ("Physical environment", "Noise, temperature and display-screen set-ups measured at every desk in March; "
                                 "headsets replaced yearly."),
        ("Wellbeing", "The survey and return-to-work interviews show workload and abusive calls as the stressors; "
                      "mental-health first aiders on every shift."),
        ("Actions", "Acoustic panels in the south bay, a break after any abusive call, and a quiet room at each site."),
    ]),
    "people/capability-review-2026-09.md": ("workforce-capability-review", "Workforce capability review", [
        ("owner", "Head of People"), ("approved_on", "2026-09-22")], [
        ("Measures", "Attrition, absence, the share of agents proficient in each competency and the mean quality "
                     "score, per site and month."),
        ("Trends", "Attrition and absence steady at both sites; written-contact proficiency up from 20 to 31 per "
                   "cent of agents since April."),
        ("Limits", "Attrition four per cent a month, absence seven per cent, quality score eighty, as the pack's "
                   "parameters and the scorecard set them."),
        ("Actions", "Keep the cross-skilling pace; review the summer rota before next year's peak."),
    ]),
    "people/mentoring-programme.md": ("mentoring-programme", "Mentoring programme", OWNED, [
        ("Objectives", "Every new starter and every agent preparing for a next step has a mentor for six months."),
        ("Mentor selection", "Mentors are skilled or expert agents and team leaders who volunteer and are chosen "
                             "by the site manager for their coaching record."),
        ("Mentor training", "Mentors take a one-day course on listening, questioning and giving feedback before "
                            "their first pairing."),
        ("Pairing", "Pairs are made across teams by the people team, matched on the competency the mentee is "
                    "developing; they meet at least twice a month."),
        ("Evaluation", "Mentees and mentors rate the programme every quarter; first-year attrition of mentored "
                       "starters is compared with the rest."),
    ]),
    "management/balanced-scorecard.md": ("balanced-scorecard", "Balanced scorecard", [
        ("owner", "Head of Quality"), ("approved_by", "Managing Director"), ("approved_on", "2026-03-02"),
        ("perspectives", 4), ("measures_with_targets", 10)], [
        ("Financial", "Cost per contact and revenue from service against budget."),
        ("Customer", "Satisfaction and first-contact resolution per site."),
        ("Internal process", "Service level, accuracy and knowledge review."),
        ("Learning and growth", "Staff engagement from the survey, monthly attrition, and agents verified on each "
                                "course before live work, each with a target."),
        ("Cause and effect", "Trained, engaged and stable agents resolve contacts first time, which raises "
                             "satisfaction and lowers the cost per contact."),
    ]),
    "improvement/innovation-log.md": ("innovation-log", "Innovation log", [
        ("owner", "Head of People"), ("approved_on", "2026-09-01"), ("ideas_implemented", 2)], [
        ("Ideas", "Nine ideas from staff this year, among them self-rostering for part-time agents and "
                  "peer-led refresher sessions."),
        ("Trials", "Self-rostering trialled with one team for two months; peer-led refreshers at one site."),
        ("Results", "Both adopted: rota swaps handled by the team, and refresher scores up four points."),
    ]),
}
for s in SITES:
    DOCS["people/unit-training-plan-%s.md" % s] = ("unit-training-plan", "Training plan %s site 2026" % s, [
        ("site", s), ("owner", "Site manager %s" % s), ("approved_on", "2026-01-20")], [
        ("Critical skills", "Product knowledge for the site's clients, complaint resolution and, for team leaders, "
                            "coaching from evaluations."),
        ("Training needs", "Each agent's needs come from the competence matrix and last quarter's evaluations; "
                           "new starters take the full induction."),
        ("Schedule", "Refreshers in the last month of each quarter; induction cohorts in March and September."),
    ])


def documents(ok=True, empty=(), placeholder=(), stale=(), drop=(), replace=None):
    """path -> text. `empty`: headings left with nothing under them; `placeholder`: (path, field) set to TBD;
    `stale`: paths approved in 2019; `drop`: paths left out; `replace`: {path: {field: value}}."""
    out = {}
    for path, (kind, title, front, sections) in DOCS.items():
        if path in drop:
            continue
        front = [(k, v) for k, v in front]
        for k, v in (replace or {}).get(path, {}).items():
            front = [(kk, v if kk == k else vv) for kk, vv in front]
        front = [(k, "TBD" if (path, k) in placeholder else v) for k, v in front]
        secs = [(h, "" if h in empty else t) for h, t in sections]
        text = doc(kind, title, front, secs)
        if not ok or path in stale:
            text = re.sub(r"(?m)^approved_on: .*$", "approved_on: 2019-06-03", text)
        out[path] = text
    return out


ATTESTATION = """- rule: pcmm.empowerment.attested
  result: %s
  auditor: P. Assessor (People CMM lead assessor)
  date: %s
  statement: %s
  evidence: [people/workgroup-handbook.md]
"""


def attestations(result="pass", date="2026-09-30"):
    if result is None:
        return None
    statement = ("Interviewed two teams and their managers at each site; every team decides its rota swaps and "
                 "improvement actions itself.") if result == "pass" else \
        "Interviewed two teams a site; rota swaps and improvement actions are all escalated to the site manager."
    return ATTESTATION % (result, date, statement)


# ---------------------------------------------------------------- records
def site_spec(spec, site, month=None, **defaults):
    """A site's (or site-month's) settings: the defaults, then the spec's "*", then that month's."""
    s = spec.get(site, {})
    out = dict(defaults)
    out.update(s.get("*", {}))
    if month:
        out.update(s.get(month, {}))
    return out


def roster(spec):
    lines = ["site,agent_id,start_date,end_date,role"]
    for site in SITES:
        for a in range(AGENTS):
            lines.append("%s,%s,2024-01-08,,agent" % (site, agent(site, a)))
    for site, who, start in spec.get("extra", []):
        lines.append("%s,%s,%s,,agent" % (site, who, start))
    return "\n".join(lines) + "\n"


def discussions(spec):
    """One discussion per agent and month, due on the 20th, held two days later, objectives and an improvement
    goal recorded. Per site-month: `late` agents held 8 days late, `edge` agents held exactly 7 days late,
    `no_objectives` agents without objectives, `skip` (no rows). Per site: `no_goal` discussions without a goal."""
    lines = ["site,agent_id,due_on,held_on,objectives_agreed,improvement_goal,reviewer"]
    for site in SITES:
        no_goal = site_spec(spec, site, no_goal=0)["no_goal"]
        for m in MONTHS:
            kw = site_spec(spec, site, m, late=0, edge=0, no_objectives=0, skip=False)
            if kw["skip"]:
                continue
            for a in range(AGENTS):
                held = 22
                if a < kw["late"]:
                    held = 28
                elif a < kw["late"] + kw["edge"]:
                    held = 27
                objectives = "N" if AGENTS - a <= kw["no_objectives"] else "Y"
                goal = "Y"
                if no_goal:
                    no_goal -= 1
                    goal = "N"
                lines.append("%s,%s,%s-20,%s-%02d,%s,%s,TL%s" % (site, agent(site, a), m, m, held, objectives, goal,
                                                                 site[0].upper()))
    return "\n".join(lines) + "\n"


def staff_month(spec):
    lines = ["site,month,headcount_start,headcount_end,separations,voluntary_separations,scheduled_hours,absent_hours"]
    for site in SITES:
        for i, m in enumerate(MONTHS):
            kw = site_spec(spec, site, m, start=30, end=30, seps=i % 2, absent=240, sched=4800, skip=False)
            if kw["skip"]:
                continue
            lines.append("%s,%s-01,%d,%d,%d,%d,%d,%d" % (site, m, kw["start"], kw["end"], kw["seps"], kw["seps"],
                                                         kw["sched"], kw["absent"]))
    return "\n".join(lines) + "\n"


def training(spec):
    """Per agent: induction in 2024, product knowledge in the second quarter, a refresher in September; two team
    leaders with a coaching course each quarter. `q3` agents take the refresher (default all); `unverified`
    records not verified."""
    lines = ["site,person_id,course,completed_on,verified,expires_on,score,role"]
    for site in SITES:
        kw = dict(q3=AGENTS, unverified=0)
        kw.update(spec.get(site, {}))
        unverified = kw["unverified"]
        rows = []
        for a in range(AGENTS):
            who = agent(site, a)
            rows.append((who, "induction", "2024-01-%02d" % (a + 10), "agent"))
            rows.append((who, "product-knowledge", "2026-%02d-%02d" % (4 + a % 3, a + 3), "agent"))
            if a < kw["q3"]:
                rows.append((who, "refresher", "2026-09-%02d" % (a + 5), "agent"))
        for t in range(2):
            who = "%sTL%d" % (site[0].upper(), t + 1)
            rows.append((who, "coaching", "2026-05-%02d" % (t + 12), "team-leader"))
        for who, course, done, role in rows:
            verified = "Y"
            if unverified and role == "agent" and course == "product-knowledge":
                unverified -= 1
                verified = "N"
            lines.append("%s,%s,%s,%s,%s,%s-%s,%d,%s" % (site, who, course, done, verified, int(done[:4]) + 1,
                                                        done[5:], 90, role))
    return "\n".join(lines) + "\n"


def evaluations(spec):
    """Four evaluations per agent and month, scored 88; `n` evaluations a month, `scores` overriding the first."""
    lines = ["site,evaluated_on,agent_id,score,critical_error,evaluator"]
    for site in SITES:
        for m in MONTHS:
            kw = site_spec(spec, site, m, n=AGENTS * 4, score=88.0, scores=(), skip=False)
            if kw["skip"]:
                continue
            for j in range(kw["n"]):
                score = kw["scores"][j] if j < len(kw["scores"]) else kw["score"]
                lines.append("%s,%s-%02d,%s,%.1f,N,QE1" % (site, m, j % 25 + 2, agent(site, j % AGENTS), score))
    return "\n".join(lines) + "\n"


def mentoring(spec):
    lines = ["site,mentee_id,mentor_id,held_on,topic"]
    for site in SITES:
        for m in MONTHS:
            kw = site_spec(spec, site, m, n=6, skip=False)
            if kw["skip"]:
                continue
            for i in range(kw["n"]):
                lines.append("%s,%s,%sTL%d,%s-%02d,coaching" % (site, agent(site, i % AGENTS), site[0].upper(),
                                                                i % 2 + 1, m, i * 4 + 3))
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


def case(name, about, rec=None, expected=None, docs=None, summary=None, attest=("pass", "2026-09-30")):
    """One evidence root: the profile, the documents, a CSV per record kind, attestations and expected.yaml."""
    rec = rec or {}
    files = dict(docs if docs is not None else documents())
    files["evident.yaml"] = (
        "# %s\norganisation: Fixture Contact Centre\nsites: [north, south]\nas_of: 2026-10-15\n"
        "period: {from: 2026-04-01, to: 2026-09-30}\npacks: [pcmm]\n" % about)
    for kind, text in [("agent-roster", roster(rec.get("roster", {}))),
                       ("performance-discussion", discussions(rec.get("discussion", {}))),
                       ("staff-month", staff_month(rec.get("staff", {}))),
                       ("training-record", training(rec.get("training", {}))),
                       ("qa-evaluation", evaluations(rec.get("qa", {}))),
                       ("mentoring-session", mentoring(rec.get("mentoring", {})))]:
        files["records/%s/2026.csv" % kind] = text
    att = attestations(*attest) if attest else None
    if att:
        files["attestations.yaml"] = att
    files["expected.yaml"] = expected_text(about, expected, summary)
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


SOUTH = ("pass", "fail")


def boundary(name, about, kind, month, north, south, rule, summary=None):
    """A threshold case: one month's records of one kind changed at each site; `rule` passes at north
    (exactly on the threshold) and fails at south (one unit beyond it)."""
    case(name, about, rec={kind: {"north": {month: north}, "south": {month: south}}}, expected={rule: SOUTH},
         summary=summary)


def no_competencies(docs):
    """The staffing procedure, performance procedure and compensation policy with every mention of
    competencies replaced by "skill"."""
    return {p: re.sub(r"(?i)competenc(e|y|ies)", "skill", t) if p in (
        "people/staffing-procedure.md", "people/performance-management.md", "people/compensation-policy.md") else t
        for p, t in docs.items()}


def every(**kw):
    return {s: {"*": dict(kw)} for s in SITES}


case("all-pass", "Every rule passes at both sites: level 5 Optimizing.", summary={"level": 5})

case("all-fail",
     "Every rule fails at both sites: stale, incomplete documents, a failing attestation, records off target "
     "everywhere. Level 1 (Initial) has no rules, so it is still reached.",
     docs=no_competencies(documents(
         ok=False, empty=("Raising concerns", "Integrated processes", "Refresher training", "Tailoring",
                          "Learning and growth"),
         replace={"people/staff-survey-2026.md": {"response_rate": "0.3"},
                  "improvement/innovation-log.md": {"ideas_implemented": 0}},
         drop=("people/capability-review-2026-09.md",))),
     rec={"discussion": every(late=4, no_objectives=1, no_goal=30),
          "staff": every(absent=400, seps=2),
          "training": {s: dict(q3=2, unverified=2) for s in SITES},
          "qa": every(score=75.0),
          "mentoring": every(n=2)},
     attest=("fail", "2026-09-30"),
     expected={r: "fail" for r in RULES}, summary={"level": 1})


case("stale-documents",
     "Currency, not presence: the staffing procedure, the competency framework and the mentoring programme were "
     "last approved in 2019, and so was south's unit training plan.",
     docs=documents(stale=("people/staffing-procedure.md", "people/competency-framework.md",
                           "people/mentoring-programme.md", "people/unit-training-plan-south.md")),
     expected={"pcmm.staffing.procedure": "fail", "pcmm.competency-analysis.framework": "fail",
               "pcmm.mentoring.programme": "fail", "pcmm.training.unit-plan": SOUTH},
     summary={"level": 1})

case("empty-sections",
     "Headings kept, content gone: the communication plan's Raising concerns, the handbook's Integrated "
     "processes and the scorecard's Learning and growth are empty.",
     docs=documents(empty=("Raising concerns", "Integrated processes", "Learning and growth")),
     expected={"pcmm.communication.plan": "fail", "pcmm.integration.processes": "fail",
               "pcmm.alignment.scorecard": "fail"},
     summary={"level": 1})

case("placeholders",
     "An unfilled template: the staffing procedure's owner, the career framework's approval date and the staff "
     "survey's response rate are TBD.",
     docs=documents(placeholder=(("people/staffing-procedure.md", "owner"),
                                 ("people/career-framework.md", "approved_on"),
                                 ("people/staff-survey-2026.md", "response_rate"))),
     expected={"pcmm.staffing.procedure": "fail", "pcmm.career.paths": "fail", "pcmm.participation.survey": "fail"},
     summary={"level": 1})

case("no-competency-basis",
     "The staffing procedure, performance procedure and compensation policy never mention competencies.",
     docs=no_competencies(documents()),
     expected={"pcmm.competency-practices.based-on-competencies": "fail", "pcmm.competency-practices.pay": "fail"},
     summary={"level": 2})

case("missing-month",
     "South has no August exports (staff figures, performance discussions, evaluations, mentoring): every "
     "monthly rule fails south's August; the pooled improvement-goal share is unaffected.",
     rec={k: {"south": {"2026-08": dict(skip=True)}} for k in ("discussion", "staff", "qa", "mentoring")},
     expected={r: SOUTH for r in ["pcmm.work-environment.absence", "pcmm.performance.objectives",
                                   "pcmm.performance.on-time", "pcmm.quantitative.qa-score",
                                   "pcmm.capability.attrition", "pcmm.mentoring.sessions"]},
     summary={"level": 1})

case("capability-review-missing", "The only workforce capability review is dated before the period.",
     docs=documents(replace={"people/capability-review-2026-09.md": {"approved_on": "2026-03-20"}}),
     expected={"pcmm.capability.review": "fail"}, summary={"level": 3})

case("attestation-missing", "Nobody has attested that teams decide what was delegated to them.",
     attest=None, expected={"pcmm.empowerment.attested": "pending"}, summary={"level": 3})

# Level boundaries: one rule of a level broken, the level below reached.
case("level-2", "No career framework: a level 3 rule fails, level 2 Managed is reached.",
     docs=documents(drop=("people/career-framework.md",)),
     expected={"pcmm.career.paths": "fail"}, summary={"level": 2})

case("level-3", "No mentoring programme: a level 4 rule fails, level 3 Defined is reached.",
     docs=documents(drop=("people/mentoring-programme.md",)),
     expected={"pcmm.mentoring.programme": "fail"}, summary={"level": 3})

case("level-4", "The innovation log records nothing implemented: a level 5 rule fails, level 4 Predictable is "
                "reached.",
     docs=documents(replace={"improvement/innovation-log.md": {"ideas_implemented": 0}}),
     expected={"pcmm.innovation.log": "fail"}, summary={"level": 4})

case("survey-response-boundary",
     "Each site ran its own staff survey: north's response rate is exactly 0.5, south's 0.49.",
     docs=dict({p: t for p, t in documents(drop=("people/staff-survey-2026.md",)).items()}, **{
         "people/staff-survey-%s.md" % s: doc("staff-survey", "Staff survey %s 2026" % s,
                                              [("site", s), ("approved_on", "2026-05-15"), ("response_rate", r)],
                                              DOCS["people/staff-survey-2026.md"][3])
         for s, r in (("north", "0.5"), ("south", "0.49"))}),
     expected={"pcmm.participation.survey": SOUTH}, summary={"level": 2})

# Metric boundaries.
boundary("absence-boundary", "Absence in July: north exactly 7% (336 of 4800 hours), south 337 hours.",
         "staff", "2026-07", dict(absent=336), dict(absent=337), "pcmm.work-environment.absence", {"level": 1})

boundary("attrition-boundary",
         "Attrition in June: north exactly 4% (1 leaver, 25 at both ends), south 1 leaver over 25 and 24.",
         "staff", "2026-06", dict(seps=1, start=25, end=25), dict(seps=1, start=25, end=24), "pcmm.capability.attrition", {"level": 3})

boundary("on-time-boundary",
         "Discussions held within 7 days in May: north exactly 90% (one 8 days late, one on the seventh day), "
         "south 80%.",
         "discussion", "2026-05", dict(late=1, edge=1), dict(late=2), "pcmm.performance.on-time", {"level": 1})

boundary("objectives-boundary",
         "Discussions with objectives in September: north's agents one each, south's SA10 none.",
         "discussion", "2026-09", dict(no_objectives=0), dict(no_objectives=1), "pcmm.performance.objectives",
         {"level": 1})

case("agent-never-reviewed", "South took on SA11 in July and never held a performance discussion with them.",
     rec={"roster": {"extra": [("south", "SA11", "2026-07-01")]}},
     expected={"pcmm.performance.objectives": SOUTH}, summary={"level": 1})

case("verified-boundary", "Training records verified: north all of them (exactly 100%), south all but one.",
     rec={"training": {"south": dict(unverified=1)}},
     expected={"pcmm.training.verified": SOUTH}, summary={"level": 1})

case("development-boundary",
     "Development activities in the third quarter: north exactly 5, south 4.",
     rec={"training": {"north": dict(q3=5), "south": dict(q3=4)}},
     expected={"pcmm.competency-development.continuous": SOUTH}, summary={"level": 2})

boundary("qa-score-boundary", "Mean evaluation score in July: north exactly 80.0, south 79.975 (one score 79).",
         "qa", "2026-07", dict(score=80.0), dict(score=80.0, scores=(79.0,)), "pcmm.quantitative.qa-score",
         {"level": 3})

boundary("qa-small-sample", "Evaluations in May: north exactly 40, south 39 (the mean itself is fine).",
         "qa", "2026-05", dict(n=40), dict(n=39), "pcmm.quantitative.qa-score", {"level": 3})

boundary("mentoring-boundary", "Mentoring sessions in August: north exactly 4, south 3.",
         "mentoring", "2026-08", dict(n=4), dict(n=3), "pcmm.mentoring.sessions", {"level": 3})

case("improvement-goal-boundary",
     "Discussions with a personal improvement goal over the period: north exactly 90% (54 of 60), south 53.",
     rec={"discussion": {"north": {"*": dict(no_goal=6)}, "south": {"*": dict(no_goal=7)}}},
     expected={"pcmm.improvement.personal-goals": SOUTH}, summary={"level": 4})
