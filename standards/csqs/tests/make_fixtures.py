#!/usr/bin/env python3
"""Generates the csqs pack fixtures (deterministic; re-run to rebuild every case).

Each case starts from the all-pass evidence and applies a mutation; expected.yaml lists
every rule of the pack (pass unless the case says otherwise) and the level reached.
"""
import copy
import os
import re
import shutil
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.dirname(HERE)
MONTHS = list(range(5, 11))  # audit period 2026-05 .. 2026-10


def rule_ids():
    ids = []
    for f in sorted(os.listdir(os.path.join(PACK, "rules"))):
        for line in open(os.path.join(PACK, "rules", f)):
            m = re.match(r"\s*- id: (csqs\.\S+)", line)
            if m:
                ids.append(m.group(1))
    return ids


RULES = rule_ids()


def rule_level(rid):
    # l1 intention/implementation -> 1; l1 integration -> 2; l2 i/i -> 2; l2 integration -> 3; l3 -> 3
    lvl = int(rid.split(".")[1][1])
    if rid.endswith("-integration") and lvl < 3:
        lvl += 1
    return lvl


def level_of(statuses):
    ok = lambda l: all(statuses[r] == "pass" for r in RULES if rule_level(r) <= l)
    got = 0
    for l in (1, 2, 3):
        if ok(l):
            got = l
        else:
            break
    return got


# ------------------------------------------------------------------ documents
def sec(title, words):
    return f"## {title}\n\n{words}\n"


def doc(kind, fields, sections, extra=""):
    return {"kind": kind, "fields": fields, "sections": sections, "extra": extra}


A = "approved_on"


def base_docs():
    d = {}
    d["charter/service-charter.md"] = doc("service-charter", {
        "title": "Our service pledge", "owner": "Head of Customer Service", "approved_by": "Chief Executive",
        A: "2026-02-10", "published_at": "https://example.org/service-pledge", "published_on": "2026-02-15"}, [
        ("Channels and hours", "Phone, chat and email, Monday to Saturday from 08:00 to 20:00, and our branches in office hours."),
        ("Service standards", "We answer 80% of calls within 20 seconds, reply to emails within 24 hours and resolve complaints within 10 working days."),
        ("How to complain", "Call us, write to the complaints team, or use the web form; we acknowledge every complaint within one working day."),
    ])
    d["procedures/contact-handling.md"] = doc("contact-handling-procedure", {
        "title": "Handling an inbound contact", "owner": "Operations manager", "approved_by": "Head of Customer Service", A: "2026-03-01"}, [
        ("Purpose", "Every customer gets the same, complete handling whichever agent answers."),
        ("Scope", "Inbound calls, chats and emails for all products and both sites."),
        ("Steps", "Identify the customer, verify identity with two factors, resolve the enquiry or route it, record the outcome in the CRM, and close the contact with a disposition code."),
        ("Records", "The CRM case, the call recording and the disposition code for every contact."),
        ("Measures", "Average handle time, first contact resolution from the survey, and the quality score from monitoring."),
    ])
    d["kpi/kpi-targets.md"] = doc("kpi-targets", {
        "title": "KPI and target register 2026", "owner": "Performance manager", "approved_by": "Head of Customer Service", A: "2026-01-20"}, [
        ("Metrics", "Service level, average speed of answer (ASA), abandonment rate, average handle time (AHT), first contact resolution (FCR), customer satisfaction (CSAT), retention, revenue from cross-sell and cost per contact."),
        ("Targets", "Service level 80% in 20 seconds, ASA 25 seconds, abandonment under 5%, AHT 300 seconds, FCR 75%, CSAT 80% top-two box, retention 90%, cost per contact under 4.50."),
        ("Rationale", "Answer and complaint targets come from the service charter pledge; the others from client contracts and last year's benchmark."),
    ])
    for i, day in enumerate(["2026-08-31", "2026-09-30", "2026-10-31"], 1):
        d[f"reviews/performance-{i}.md"] = doc("performance-review", {
            "title": f"Monthly performance review {day[:7]}", A: day, "attendees": ["Head of Customer Service", "Operations manager", "Quality lead"]}, [
            ("Metrics reviewed", "Service level, abandonment, quality score and critical errors, CSAT survey results, system availability, proactive contacts against inbound volume, and the balanced scorecard for the quarter."),
            ("Misses", "Tuesday morning service level fell short in two weeks because of a forecasting error."),
            ("Actions", "Workforce team to re-forecast Tuesdays; quality lead to coach two agents on verification."),
        ])
    d["quality/qm-procedure.md"] = doc("quality-monitoring-procedure", {
        "title": "Quality monitoring", "owner": "Quality lead", "approved_by": "Head of Customer Service", A: "2026-02-01"}, [
        ("Sampling", "Four contacts per agent per month, chosen at random across channels by the quality system."),
        ("Evaluation form", "One standard form with weighted items for accuracy, compliance and customer experience."),
        ("Critical errors", "Wrong information, missed verification and data-protection breaches are critical errors."),
        ("Calibration", "Evaluators score the same five contacts each month and compare their variance."),
        ("Feedback", "Team leaders coach each agent on their evaluations within five working days."),
    ])
    d["quality/calibration-2026-10.md"] = doc("calibration-record", {
        "title": "Calibration October", A: "2026-10-12", "attendees": ["Quality lead", "Team leaders"]}, [
        ("Variance", "Average variance between evaluators was three points on five contacts."),
    ])
    d["procedures/complaints.md"] = doc("complaint-procedure", {
        "title": "Complaint handling", "owner": "Customer relations manager", "approved_by": "Head of Customer Service", A: "2026-02-20"}, [
        ("Purpose", "To put things right for complaining customers and learn from every complaint."),
        ("Scope", "Complaints received through any channel, at any site."),
        ("Responsibilities", "Agents log and acknowledge, the complaints team investigates, managers approve closure."),
        ("Procedure", "Acknowledge within 1 working day, investigate, resolve within 10 working days, confirm closure with the customer."),
        ("Records", "Every complaint is logged with its category, dates and root cause."),
    ])
    d["reviews/management-review-2026.md"] = doc("management-review", {
        "title": "Management review 2026", A: "2026-09-20", "attendees": ["Chief Executive", "Head of Customer Service", "Finance director"]}, [
        ("Inputs", "Internal audit results and corrective action status, complaints volumes and timeliness, customer outcomes including satisfaction and retention, and progress on the service strategy."),
        ("Decisions", "Fund a second knowledge editor; extend proactive notifications to billing; keep targets."),
    ])
    d["people/competence-matrix.md"] = doc("competence-matrix", {
        "title": "Competence matrix", "owner": "Training manager", A: "2026-01-15"}, [
        ("Roles", "Agent, senior agent, team leader and quality evaluator."),
        ("Skills", "Products, systems, verification, complaint handling and coaching, per role."),
        ("Verification", "A test and an observed call before live work, and again every year."),
    ])
    d["people/training-plan.md"] = doc("training-plan", {
        "title": "Training plan 2026", "owner": "Training manager", A: "2026-01-15"}, [
        ("Programme", "Induction, product refreshers each quarter, and coaching topics drawn from quality monitoring findings and KPI results."),
    ])
    d["technology/register.md"] = doc("infrastructure-register", {
        "title": "Technology register", "owner": "IT service manager", A: "2026-03-05"}, [
        ("Assets", "ACD and IVR platform, CRM, call recording, WFM workforce management and the knowledge base."),
        ("Maintenance", "Supplier support contracts with monthly patch windows outside opening hours."),
        ("Availability", "Each core system 99.5% of scheduled minutes every month."),
    ])
    d["technology/change-procedure.md"] = doc("change-procedure", {
        "title": "Change procedure", "owner": "IT service manager", "approved_by": "Operations manager", A: "2026-03-05"}, [
        ("Request", "Changes to routing, IVR, CRM and scripts are requested on the change form."),
        ("Assessment", "Impact on customers and staff is assessed."),
        ("Approval", "The change board approves."),
        ("Testing", "Changes are tested before release."),
        ("Review", "Reviewed one week after release."),
    ])
    d["qms/document-control.md"] = doc("document-control-procedure", {
        "title": "Document control", "owner": "Quality lead", "approved_by": "Head of Customer Service", A: "2026-01-10"}, [
        ("Identification", "Every document has an id, version and owner."),
        ("Approval", "Owners draft, the approver signs off in the document system."),
        ("Distribution", "Published on the intranet only."),
        ("Changes", "Changes are tracked with a version history."),
        ("Retention", "Records kept three years, then destroyed."),
    ])
    d["qms/master-list.md"] = doc("master-document-list", {"title": "Master document list", "owner": "Quality lead", A: "2026-10-01"}, [
        ("Documents", "Twenty-four controlled documents with owner, version and status."),
    ])
    d["qms/internal-audit-2026.md"] = doc("internal-audit-report", {
        "title": "Internal audit 2026", "auditor": "R. Chan (independent of operations)", A: "2026-06-30", "scope": "Contact handling, complaints, quality monitoring"}, [
        ("Scope", "Contact handling, complaints and quality monitoring at both sites."),
        ("Findings", "Two minor nonconformities on calibration records and complaint closure letters."),
        ("Follow-up", "Both closed by September and verified effective."),
    ])
    d["qms/corrective-actions.md"] = doc("corrective-action-log", {"title": "Corrective action log", "owner": "Quality lead", A: "2026-10-12", "overdue_actions": 0}, [
        ("Actions", "Each action records the root cause, the owner in the process at fault (billing, logistics, IT), the due date and the effectiveness check."),
    ])
    d["survey/method.md"] = doc("survey-method", {"title": "Post-contact survey method", "owner": "Customer insight manager", A: "2026-01-25", "questions": 8}, [
        ("Sampling", "A random sample of contacts every day from all queues."),
        ("Timing", "Within 72 hours after the contact by SMS link."),
        ("Questionnaire", "Eight questions on satisfaction, resolution and effort."),
        ("Scale", "One to five, five best."),
        ("Administration", "Run by an independent survey vendor."),
    ])
    d["voc/programme.md"] = doc("voc-programme", {"title": "Voice of the customer programme", "owner": "Customer insight manager", A: "2026-02-05"}, [
        ("Sources", "Complaints, survey verbatims and coded contact reasons from every channel."),
        ("Analysis method", "Monthly Pareto of drivers followed by five-whys root cause analysis."),
        ("Process owners", "Billing, logistics and IT owners receive findings for their processes."),
        ("Follow-up", "Actions go to the corrective action log and are reviewed every month."),
    ])
    for i, day in enumerate(["2026-08-28", "2026-09-29", "2026-10-29"], 1):
        d[f"voc/feedback-review-{i}.md"] = doc("customer-feedback-review", {
            "title": f"Customer feedback review {day[:7]}", "owner": "Customer insight manager", A: day}, [
            ("Top drivers", "Late deliveries, billing errors and password resets drove most contacts."),
            ("Root causes", "Carrier cut-off times and an unclear bill layout were the main root causes."),
            ("Actions", "Logistics to move cut-off; billing to redesign the bill; recovery cases reviewed with both owners."),
        ])
    d["knowledge/km.md"] = doc("knowledge-management", {"title": "Customer service knowledge management", "owner": "Knowledge manager", A: "2026-02-12"}, [
        ("Ownership", "Each article has an owner in the team that owns the process it describes."),
        ("Review cycle", "Articles are reviewed by their due date, at most every six months."),
        ("Measures", "Reviews on time, accuracy flags raised by agents, and use in self-service."),
    ])
    d["proactive/plan.md"] = doc("proactive-contact-plan", {"title": "Proactive contact programme", "owner": "Operations manager", A: "2026-02-18"}, [
        ("Triggers", "Delivery delays, failed payments, outages and follow-ups on open cases."),
        ("Channels", "SMS, email and outbound calls for vulnerable customers."),
        ("Measures", "Contacts sent, inbound calls avoided and repeat contacts."),
    ])
    d["recovery/policy.md"] = doc("service-recovery-policy", {"title": "Service recovery", "owner": "Customer relations manager", "approved_by": "Head of Customer Service", A: "2026-02-22"}, [
        ("Empowerment", "Any agent may apologise, fix and offer a goodwill gesture without asking."),
        ("Authority limits", "Agents up to 50 dollars, team leaders up to 200 dollars, managers above."),
        ("Recording", "Each recovery is logged with the remedy and the customer's rating afterwards."),
    ])
    d["insight/plan.md"] = doc("customer-insight-plan", {"title": "Customer insight and CRM use", "owner": "Customer insight manager", A: "2026-03-10"}, [
        ("Segments", "New, loyal, at-risk and vulnerable customers from CRM history."),
        ("Personalisation rules", "At-risk customers go to the retention queue; vulnerable customers get a callback."),
        ("Data quality", "Monthly duplicate and missing-field checks on CRM records."),
    ])
    d["insight/journeys.md"] = doc("customer-journey-map", {"title": "Customer journeys", "owner": "Customer insight manager", A: "2026-04-01"}, [
        ("Journeys", "Joining, paying a bill, reporting a fault and leaving."),
        ("Pain points", "Bill layout and fault updates are the main pain points."),
        ("Measures", "Journey CSAT, effort and repeat contacts."),
    ])
    d["people/staff-survey-2026.md"] = doc("staff-survey", {"title": "Engagement survey 2026", A: "2026-05-30", "response_rate": 0.68}, [
        ("Results", "Engagement index 71% favourable, up four points."),
        ("Actions", "More schedule flexibility and a career path for senior agents."),
    ])
    d["strategy/service-strategy.md"] = doc("service-strategy", {"title": "Customer service strategy 2026-2028", "owner": "Head of Customer Service", "approved_by": "Executive committee", A: "2026-01-30"}, [
        ("Corporate objectives", "Grow retained revenue by five percent and lower cost to serve while customers rate us higher."),
        ("Service strategy", "Resolve at first contact, prevent avoidable contacts and use service conversations to keep customers."),
        ("Alignment", "Each service objective is tied to a corporate objective in the business plan and on the scorecard."),
    ])
    d["strategy/business-plan.md"] = doc("business-plan", {"title": "Business plan 2026", "owner": "Chief Executive", "approved_by": "Board", A: "2026-01-30"}, [
        ("Inputs analysed", "Customer research, complaints, the benchmark report and market analysis."),
        ("Goals", "Customer service goals for retention, FCR and cost per contact."),
        ("Initiatives", "Proactive notifications, a knowledge base rebuild and the innovation pipeline."),
        ("Resources", "Two knowledge editors and a proactive messaging platform."),
        ("Review", "Quarterly by the executive committee."),
    ])
    d["strategy/balanced-scorecard.md"] = doc("balanced-scorecard", {
        "title": "Service balanced scorecard 2026", "owner": "Head of Customer Service", "approved_by": "Executive committee", A: "2026-02-01",
        "perspectives": 4, "measures_with_targets": 10}, [
        ("Financial", "Cost per contact target 4.50 and revenue from service cross-sell target two million; retention value."),
        ("Customer", "CSAT target 80% top-two box, NPS target plus thirty, customer retention target 90%."),
        ("Internal process", "Service level target 80% in 20 seconds and FCR target 75%, quality score target 90%."),
        ("Learning and growth", "Training hours per agent, knowledge accuracy, engagement index and attrition under 30% a year."),
        ("Cause and effect", "Training and knowledge raise FCR and quality, which lift CSAT and retention, which lift revenue and lower cost."),
    ])
    d["strategy/value-report.md"] = doc("service-value-report", {
        "title": "Value of customer service 2026 H1", "owner": "Finance business partner", A: "2026-07-20",
        "retention_rate": 0.91, "cost_per_contact": 4.35, "service_revenue": 1850000}, [
        ("Retention", "Customers handled by the retention queue stayed at 91% against 84% for the control group."),
        ("Revenue from service", "Cross-sell during service contacts brought in 1.85 million in the half year."),
        ("Cost to serve", "Cost per contact fell from 4.60 to 4.35 dollars with stable satisfaction."),
        ("Method", "Control groups for retention; CRM attribution for sales; ledger cost over contacts handled."),
    ])
    d["governance/terms.md"] = doc("governance-terms-of-reference", {"title": "Customer council terms of reference", "owner": "Company secretary", "approved_by": "Board", A: "2026-01-12"}, [
        ("Membership", "Chief Executive, Chief Operating Officer, Finance director and Head of Customer Service."),
        ("Remit", "Oversee customer outcomes and approve customer-facing changes."),
        ("Customer outcomes reviewed", "Satisfaction, complaints, retention and vulnerable customer treatment every quarter."),
        ("Customer impact assessment", "Every major decision carries an impact assessment using the template."),
    ])
    d["governance/impact-billing.md"] = doc("customer-impact-assessment", {"title": "Impact: new billing system", "owner": "Programme manager", A: "2026-06-15", "decision": "Replace the billing system"}, [
        ("Decision", "Replace the billing system in the fourth quarter."),
        ("Customers affected", "All residential customers during the first two bills."),
        ("Impact", "Expected spike in billing calls."),
        ("Mitigation", "Proactive messages, extra staff and a simplified bill."),
    ])
    d["improvement/benchmark.md"] = doc("benchmark-report", {"title": "Benchmark 2026", "owner": "Performance manager", A: "2026-04-20"}, [
        ("Peers", "Six best-in-class peers from the CRE Awards finalists."),
        ("Measures compared", "Service level, FCR, CSAT and cost per contact."),
        ("Gaps", "FCR five points behind the best peer."),
        ("Actions", "Knowledge rebuild and a resolution coaching programme."),
    ])
    d["improvement/innovation-log.md"] = doc("innovation-log", {"title": "Service innovation log", "owner": "Innovation lead", A: "2026-09-15", "ideas_implemented": 3}, [
        ("Ideas", "Twelve ideas from staff and customers this year."),
        ("Trials", "Five trialled, including visual IVR and proactive fault texts."),
        ("Results", "Three adopted; proactive fault texts cut fault calls by a fifth."),
    ])
    return d


def render(d):
    lines = ["---"]
    for k, v in d["fields"].items():
        if k == "title":
            continue
        if isinstance(v, list):
            v = "[" + ", ".join(v) + "]"
        lines.append(f"{k}: {v}")
    lines = ["---", f"kind: {d['kind']}", f"title: \"{d['fields'].get('title', d['kind'])}\""] + lines[1:] + ["---", ""]
    lines.append(f"# {d['fields'].get('title', d['kind'])}\n")
    for t, w in d["sections"]:
        lines.append(sec(t, w))
    if d["extra"]:
        lines.append(d["extra"])
    return "\n".join(lines)


# ------------------------------------------------------------------ records
def acd(sl=85, aband=3, per_month=20, month_over=None):
    """month_over: {month: dict(sl=..., aband=[...], n=...)}"""
    rows = []
    for m in MONTHS:
        o = (month_over or {}).get(m, {})
        n = o.get("n", per_month)
        for i in range(n):
            ab = o.get("aband", [aband] * n)[i]
            s = o.get("sl", sl)
            ts = datetime(2026, m, 2 + i // 10, 8 + i % 10, 0)
            rows.append(dict(site="hk", interval_start=ts.strftime("%Y-%m-%dT%H:%M:%S"), offered=100,
                             answered=100 - ab, answered_in_sl=s, abandoned=ab, queue="general", wait_s=1500, handle_s=28000))
    return rows


def qa(per_agent=4, agents=5, crit_per_month=1, over=None):
    """over: {month: dict(counts={agent: n}, crit=k)}"""
    rows = []
    for m in MONTHS:
        o = (over or {}).get(m, {})
        counts = {f"A{a:02d}": per_agent for a in range(1, agents + 1)}
        counts.update(o.get("counts", {}))
        crit = o.get("crit", crit_per_month)
        k = 0
        for ag, n in counts.items():
            for i in range(n):
                rows.append(dict(site="hk", evaluated_on=date(2026, m, 3 + i).isoformat(), agent_id=ag,
                                 score=88.0, critical_error="Y" if k < crit else "N", evaluator="Q1"))
                k += 1
    return rows


def roster(agents=5, extra=()):
    """The agent roster: A01.. on the books since 2024, plus (agent, start) extras."""
    rows = [dict(site="hk", agent_id=f"A{a:02d}", start_date="2024-01-08", end_date="") for a in range(1, agents + 1)]
    rows += [dict(site="hk", agent_id=ag, start_date=start, end_date="") for ag, start in extra]
    return rows


def complaints(n=40, late=2, open_=0):
    rows = []
    for i in range(n):
        rec = date(2026, MONTHS[i % len(MONTHS)], 5 + i // 10)
        if i < late:
            res = (rec + timedelta(days=15)).isoformat()
        elif i < late + open_:
            res = ""
        else:
            res = (rec + timedelta(days=5)).isoformat()
        rows.append(dict(site="hk", complaint_id=f"CP{i:03d}", received_on=rec.isoformat(), category="billing",
                         acknowledged_on=(rec + timedelta(days=1)).isoformat(), resolved_on=res, root_cause="bill layout"))
    return rows


def training(n=20, unverified=0):
    return [dict(site="hk", person_id=f"P{i:03d}", course="Induction", completed_on=date(2026, MONTHS[i % len(MONTHS)], 10).isoformat(),
                 verified="N" if i < unverified else "Y", expires_on="2027-06-30") for i in range(n)]


def availability(avail=39950, over=None):
    rows = []
    for sysn in ["ACD-IVR", "CRM", "Recording", "WFM"]:
        for m in MONTHS:
            a = (over or {}).get((sysn, m), avail)
            rows.append(dict(site="hk", month=date(2026, m, 1).isoformat(), system=sysn, scheduled_minutes=40000, available_minutes=a))
    return rows


def surveys(per_month=50, sat=45, over=None):
    """over: {month: dict(n=.., sat=.., late=..)}"""
    rows = []
    k = 0
    for m in MONTHS:
        o = (over or {}).get(m, {})
        n, s, late = o.get("n", per_month), o.get("sat", sat), o.get("late", 0)
        for i in range(n):
            call = datetime(2026, m, 1 + i % 28, 9 + i % 8, 0)
            lag = timedelta(hours=100) if i < late else timedelta(hours=2)
            rows.append(dict(site="hk", call_id=f"S{k:05d}", call_ts=call.strftime("%Y-%m-%dT%H:%M:%S"),
                             survey_ts=(call + lag).strftime("%Y-%m-%dT%H:%M:%S"), overall_sat=5 if i < s else 2,
                             resolved="Y" if i < s else "N", csr_sat=5 if i < s else 3, questions=8))
            k += 1
    return rows


def articles(n=40, late=0, never=0, flagged=0):
    rows = []
    for i in range(n):
        due = date(2026, MONTHS[i % len(MONTHS)], 15)
        if i < late:
            rev = (due + timedelta(days=20)).isoformat()
        elif i < late + never:
            rev = ""
        else:
            rev = (due - timedelta(days=3)).isoformat()
        rows.append(dict(site="hk", article_id=f"KB{i:04d}", owner="Knowledge manager", review_due=due.isoformat(),
                         accuracy_flag="Y" if i >= n - flagged else "N", reviewed_on=rev, views=120))
    return rows


def proactive(per_month=25, months=MONTHS, over=None):
    rows = []
    k = 0
    for m in months:
        n = (over or {}).get(m, per_month)
        for i in range(n):
            rows.append(dict(site="hk", contact_id=f"PC{k:05d}", sent_on=date(2026, m, 1 + i % 28).isoformat(), trigger="delivery delay", channel="sms"))
            k += 1
    return rows


def recoveries(n=30, good=24):
    return [dict(site="hk", case_id=f"R{i:03d}", recovered_on=date(2026, MONTHS[i % len(MONTHS)], 12).isoformat(), remedy="credit",
                 within_authority="Y", post_sat=5 if i < good else 2) for i in range(n)]


def staff(months=MONTHS, seps=None):
    seps = seps or {}
    return [dict(site="hk", month=date(2026, m, 1).isoformat(), headcount_start=100, headcount_end=100, separations=seps.get(m, 2))
            for m in months]


def base_records():
    return {
        "acd-interval": acd(), "qa-evaluation": qa(), "agent-roster": roster(), "complaint": complaints(), "training-record": training(),
        "system-availability": availability(), "customer-survey": surveys(), "knowledge-article": articles(),
        "proactive-contact": proactive(), "service-recovery": recoveries(), "staff-month": staff(),
    }


BASE_ATTEST = [
    ("csqs.l1.2-implementation", "pass", "Sampled 12 recorded calls and 10 chats from September; all identified, verified, recorded and closed per procedure; two agents observed live."),
    ("csqs.l2.5-implementation", "pass", "Sampled 10 contacts across segments; history panel used and segment rule applied in 9 of 10 with the miss coached; CRM data-quality report for October read."),
]


# ------------------------------------------------------------------ writing
def write_case(name, docs, records, attest, fails=(), extra_status=None, note=""):
    root = os.path.join(HERE, name)
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    with open(os.path.join(root, "evident.yaml"), "w") as f:
        f.write("organisation: Harbour Telecom Customer Service\nsites: [hk]\nas_of: 2026-11-15\n"
                "period: {from: 2026-05-01, to: 2026-10-31}\n")
    for path, d in docs.items():
        p = os.path.join(root, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(render(d))
    for kind, rows in records.items():
        if not rows:
            continue
        p = os.path.join(root, "records", kind, "2026.csv")
        os.makedirs(os.path.dirname(p), exist_ok=True)
        cols = list(rows[0].keys())
        with open(p, "w") as f:
            f.write(",".join(cols) + "\n")
            for r in rows:
                f.write(",".join(str(r[c]) for c in cols) + "\n")
    with open(os.path.join(root, "attestations.yaml"), "w") as f:
        for rule, result, stmt in attest:
            f.write(f"- rule: {rule}\n  result: {result}\n  auditor: M. Lee (CSQS assessor)\n  date: 2026-10-20\n"
                    f"  statement: \"{stmt}\"\n")
        if not attest:
            f.write("[]\n")
    statuses = {r: "pass" for r in RULES}
    for r in fails:
        assert r in statuses, r
        statuses[r] = "fail"
    statuses.update(extra_status or {})
    with open(os.path.join(root, "expected.yaml"), "w") as f:
        f.write(f"# {note or name}\n" if True else "")
        f.write(f"summary: {{level: {level_of(statuses)}}}\n")
        f.write("rules:\n")
        for r in RULES:
            f.write(f"  {r}: {statuses[r]}\n")


def mutate_doc(docs, path, fields=None, drop_fields=(), sections=None, drop_sections=()):
    d = docs[path]
    if fields:
        d["fields"].update(fields)
    for k in drop_fields:
        d["fields"].pop(k, None)
    if sections is not None:
        d["sections"] = sections
    d["sections"] = [s for s in d["sections"] if s[0] not in drop_sections]


def case(name, fails=(), docs_fn=None, rec=None, attest=None, note=""):
    docs = base_docs()
    if docs_fn:
        docs_fn(docs)
    records = base_records()
    records.update(rec or {})
    write_case(name, docs, records, BASE_ATTEST if attest is None else attest, fails, note=note)


STALE_KINDS = ["kpi-targets", "contact-handling-procedure", "performance-review", "training-plan", "master-document-list",
               "balanced-scorecard", "customer-feedback-review", "business-plan"]
# rules that read those kinds and already judged their age
STALE_AGED = ["csqs.l1.2-intention", "csqs.l1.3-intention", "csqs.l1.3-integration", "csqs.l1.6-intention",
              "csqs.l2.1-implementation", "csqs.l3.1-implementation", "csqs.l3.2-intention", "csqs.l3.2-integration"]
# and those that judged their words only, whatever their age
STALE_FAILS = STALE_AGED + ["csqs.l1.1-integration", "csqs.l1.2-integration", "csqs.l1.4-integration", "csqs.l1.6-integration",
               "csqs.l1.7-integration", "csqs.l1.8-intention", "csqs.l1.9-integration", "csqs.l2.2-integration",
               "csqs.l2.3-integration", "csqs.l2.4-integration", "csqs.l2.6-integration", "csqs.l3.2-implementation",
               "csqs.l3.3-intention", "csqs.l3.3-integration", "csqs.l3.5-integration"]


def backdate_kinds(kinds, year=2019):
    """Every document of these kinds keeps its words but is dated `year`."""
    def fn(docs):
        for d in docs.values():
            if d["kind"] in kinds:
                d["fields"][A] = f"{year}{d['fields'][A][4:]}"
                if "published_on" in d["fields"]:
                    d["fields"]["published_on"] = f"{year}{d['fields']['published_on'][4:]}"
    return fn


def all_fail():
    docs = {}
    for path, d in base_docs().items():
        f = {"title": d["fields"]["title"]}
        for k in d["fields"]:
            if k != "title":
                f[k] = "TBD"
        f[A] = "2020-01-01"
        for k in ("response_rate", "perspectives", "measures_with_targets", "ideas_implemented"):
            if k in f:
                f[k] = 0
        if "overdue_actions" in f:
            f["overdue_actions"] = 7
        if "published_on" in f:
            f["published_on"] = "2020-01-01"
        docs[path] = {"kind": d["kind"], "fields": f, "sections": [], "extra": "Draft, to be completed.\n"}
    # only one performance review and one feedback review, both stale
    for p in ["reviews/performance-2.md", "reviews/performance-3.md", "voc/feedback-review-2.md", "voc/feedback-review-3.md"]:
        docs.pop(p)
    records = {
        "acd-interval": acd(sl=60, aband=12), "qa-evaluation": qa(per_agent=2, crit_per_month=4),
        "complaint": complaints(n=40, late=20, open_=10), "training-record": training(n=20, unverified=10),
        "system-availability": availability(avail=39000), "customer-survey": surveys(sat=20),
        "knowledge-article": articles(late=10, never=10, flagged=10), "proactive-contact": proactive(per_month=5),
        "service-recovery": recoveries(good=5), "staff-month": staff(seps={m: 6 for m in MONTHS}),
    }
    attest = [(r, "fail", "Sample showed the practice is not followed.") for r, _, _ in BASE_ATTEST]
    write_case("all-fail", docs, records, attest, fails=RULES, note="every rule fails: level 0")


def main():
    for entry in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, entry)):
            shutil.rmtree(os.path.join(HERE, entry))
    case("all-pass", note="every rule passes: level 3")
    all_fail()

    # ---- level boundaries
    case("ca-log-stale", fails=["csqs.l1.8-implementation", "csqs.l2.1-integration"],
         docs_fn=lambda d: d["qms/corrective-actions.md"]["fields"].update({A: "2024-06-30"}),
         note="the corrective-action log still says no action is overdue, but was last brought up to date in June 2024")
    case("stale-documents", fails=STALE_FAILS, docs_fn=backdate_kinds(STALE_KINDS),
         note="currency, not presence: the KPI register, contact-handling procedure, training plan, master list, "
              "scorecard and business plan were last approved in 2019, and every performance and feedback review on "
              "file is from 2019; each says what the rules look for, none shows the current state")
    case("level-1", fails=["csqs.l2.2-intention"], docs_fn=lambda d: d.pop("knowledge/km.md"),
         note="all level-1 rules pass, one L2 rule fails (no CSKM document): level 1")
    case("level-1-l1-integration", fails=["csqs.l1.7-integration"], docs_fn=lambda d: d.pop("technology/change-procedure.md"),
         note="L1 integration is required for Level II (our level rule): level 1")
    case("level-2", fails=["csqs.l3.5-intention"], docs_fn=lambda d: d.pop("improvement/benchmark.md"),
         note="L1 and L2 pass, one L3 rule fails (no benchmark report): level 2")
    case("level-2-l2-integration", fails=["csqs.l2.5-integration"], docs_fn=lambda d: d.pop("insight/journeys.md"),
         note="L2 integration is required for Level III: level 2")
    case("l1-gap", fails=["csqs.l1.1-intention"],
         docs_fn=lambda d: mutate_doc(d, "charter/service-charter.md", drop_sections=["How to complain"]),
         note="everything passes but one L1 rule (charter lacks complaint route): level 0")

    # ---- L1.3 service level and abandonment
    case("sl-under", fails=["csqs.l1.3-implementation"], rec={"acd-interval": acd(month_over={6: dict(sl=79)})},
         note="June service level 79% (< 80%)")
    case("sl-at-target", rec={"acd-interval": acd(month_over={6: dict(sl=80)})}, note="June service level exactly 80%: passes (>=)")
    case("abandon-over", fails=["csqs.l1.3-implementation"],
         rec={"acd-interval": acd(month_over={6: dict(aband=[5] * 19 + [6])})}, note="June abandonment 5.05% (> 5%)")
    case("abandon-at-limit", rec={"acd-interval": acd(month_over={6: dict(aband=[5] * 20)})}, note="June abandonment exactly 5%: passes")
    case("acd-small-month", fails=["csqs.l1.3-implementation"], rec={"acd-interval": acd(month_over={6: dict(n=19)})},
         note="June has 19 intervals (< 20): too small a sample fails")
    # ---- L1.4 quality monitoring
    case("qa-agent-short", fails=["csqs.l1.4-implementation"],
         rec={"qa-evaluation": qa(over={5: dict(counts={"A03": 3, "A04": 5})})}, note="one agent had 3 evaluations in May")
    case("qa-agent-never-evaluated", fails=["csqs.l1.4-implementation"],
         rec={"agent-roster": roster(extra=[("A06", "2026-06-01")])},
         note="A06 joined in June and was never evaluated: an agent with no evaluations is the worst case, not an invisible one")
    case("qa-critical-over", fails=["csqs.l1.4-integration"], rec={"qa-evaluation": qa(over={7: dict(crit=2)})},
         note="July accuracy 90% (2 critical errors in 20)")
    case("qa-small-month", fails=["csqs.l1.4-integration", "csqs.l1.4-implementation"],
         rec={"qa-evaluation": qa(over={8: dict(counts={"A05": 0}, crit=0)})},
         note="August has 16 evaluations (< 20), and agent A05 none at all that month: the per-agent count fails for August")
    # ---- L1.5 complaints
    case("complaints-at-target", rec={"complaint": complaints(late=3, open_=1)}, note="36 of 40 on time = 90%: passes")
    case("complaints-under", fails=["csqs.l1.5-implementation"], rec={"complaint": complaints(late=4, open_=1)},
         note="35 of 40 on time (one still open) = 87.5%")
    case("complaints-few", fails=["csqs.l1.5-implementation"], rec={"complaint": complaints(n=19, late=0)},
         note="19 complaints (< 20)")
    # ---- L1.6 training
    case("training-at-target", rec={"training-record": training(unverified=1)}, note="19 of 20 verified = 95%")
    case("training-under", fails=["csqs.l1.6-implementation"], rec={"training-record": training(unverified=2)}, note="18 of 20 verified")
    case("training-few", fails=["csqs.l1.6-implementation"], rec={"training-record": training(n=9)}, note="9 completions (< 10)")
    # ---- L1.7 availability
    case("availability-at-target", rec={"system-availability": availability(over={("CRM", 9): 39800})}, note="CRM September exactly 99.5%")
    case("availability-under", fails=["csqs.l1.7-implementation"], rec={"system-availability": availability(over={("CRM", 9): 39799})},
         note="CRM September 99.4975%")
    # ---- L1.9 CSAT
    case("csat-at-target", rec={"customer-survey": surveys(over={7: dict(sat=40)})}, note="July CSAT exactly 80%")
    case("csat-under", fails=["csqs.l1.9-implementation"], rec={"customer-survey": surveys(over={7: dict(sat=39)})}, note="July CSAT 78%")
    case("csat-small-month", fails=["csqs.l1.9-implementation"], rec={"customer-survey": surveys(over={7: dict(n=49, sat=45)})},
         note="July has 49 surveys (< 50)")
    case("csat-late-surveys", fails=["csqs.l1.9-implementation"], rec={"customer-survey": surveys(over={7: dict(n=52, sat=47, late=3)})},
         note="July: 52 surveys but 3 taken after 72 h do not count, leaving 49")
    # ---- L2.2 knowledge
    case("kb-review-at-target", rec={"knowledge-article": articles(late=2)}, note="38 of 40 reviewed on time = 95%")
    case("kb-review-under", fails=["csqs.l2.2-implementation"], rec={"knowledge-article": articles(late=2, never=1)},
         note="37 of 40 (one never reviewed)")
    case("kb-accuracy-under", fails=["csqs.l2.2-integration"], rec={"knowledge-article": articles(flagged=1)},
         note="1 flagged of 40 = 97.5% accurate (< 98%)")
    case("kb-few", fails=["csqs.l2.2-implementation", "csqs.l2.2-integration"], rec={"knowledge-article": articles(n=19)},
         note="19 articles due (< 20)")
    # ---- L2.3 proactive
    case("proactive-run-of-3", rec={"proactive-contact": proactive(months=[8, 9, 10])}, note="only Aug-Oct, each 25: a run of 3")
    case("proactive-broken-run", fails=["csqs.l2.3-implementation"],
         rec={"proactive-contact": proactive(months=[5, 6, 8, 9])}, note="never 3 consecutive months")
    case("proactive-low-month", fails=["csqs.l2.3-implementation"],
         rec={"proactive-contact": proactive(over={6: 19, 9: 19})}, note="June and September 19 contacts (< 20): no run of 3")
    # ---- L2.4 recovery
    case("recovery-at-target", rec={"service-recovery": recoveries(good=21)}, note="21 of 30 = 70%")
    case("recovery-under", fails=["csqs.l2.4-implementation"], rec={"service-recovery": recoveries(good=20)}, note="20 of 30")
    case("recovery-few", fails=["csqs.l2.4-implementation"], rec={"service-recovery": recoveries(n=19, good=19)}, note="19 cases (< 20)")
    # ---- L2.6 attrition
    case("attrition-at-limit", rec={"staff-month": staff(seps={6: 5})}, note="15 separations over 600 = 2.5%")
    case("attrition-over", fails=["csqs.l2.6-implementation"], rec={"staff-month": staff(seps={6: 6})}, note="16 over 600 = 2.67%")
    case("attrition-few", fails=["csqs.l2.6-implementation"], rec={"staff-month": staff(months=[9, 10])}, note="2 months (< 3)")


if __name__ == "__main__":
    main()
