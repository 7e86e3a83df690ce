#!/usr/bin/env python3
"""Generates the iso9001 pack fixtures. Deterministic; re-run after editing:
    python3 standards/iso9001/tests/make_fixtures.py
Every case starts from the all-pass evidence and changes only what the case is about."""
import json, os, shutil
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = "2026-11-15"
PERIOD = ("2025-11-01", "2026-10-31")
MONTHS = [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]

# ---------------------------------------------------------------- documents
# Each heading gets a short paragraph of real words (at least ten).
def para(topic):
    return (f"This part describes {topic} for the Riverside contact centre, who owns it, "
            f"how it is carried out each month and how the results are reviewed.")

def doc(kind, title, fields, headings, extra=""):
    return {"kind": kind, "title": title, "fields": dict(fields), "headings": list(headings), "extra": extra}

def scalar(v):
    v = str(v)
    return json.dumps(v) if (":" in v or "#" in v or v[:1] in "[{&*!|>'\"%@`") else v

def render(d):
    fm = [f"kind: {d['kind']}", f"title: {scalar(d['title'])}"]
    for k, v in d["fields"].items():
        if isinstance(v, list):
            fm.append(f"{k}: [{', '.join(v)}]")
        else:
            fm.append(f"{k}: {scalar(v)}")
    body = [f"# {d['title']}", ""]
    for h in d["headings"]:
        text = d.get("bodies", {}).get(h) or para(h.lower())
        body += [f"## {h}", "", text, ""]
    if d["extra"]:
        body += [d["extra"], ""]
    return "---\n" + "\n".join(fm) + "\n---\n" + "\n".join(body)

OWN = {"owner": "Head of Quality", "approved_on": "2026-03-02"}
APP = {"owner": "Head of Quality", "approved_by": "Managing Director", "approved_on": "2026-03-02"}
MR_HEADINGS = ["Previous actions", "Changes in context", "Performance", "Audit results",
               "External providers", "Resources", "Risks and opportunities", "Opportunities for improvement",
               "Changes to the quality management system", "Decisions and actions"]

def base_docs():
    d = {}
    d["qms/scope.md"] = doc("qms-scope", "Scope of the quality management system", APP,
        ["Sites and services", "Boundaries", "Exclusions"])
    d["qms/context.md"] = doc("context-analysis", "Context analysis", OWN, ["Internal issues", "External issues"])
    d["qms/interested-parties.md"] = doc("interested-parties", "Interested parties", OWN, ["Parties", "Requirements"],
        "Clients, customers, the telecom regulator and the data protection law all set requirements.")
    d["qms/process-map.md"] = doc("process-map", "Process map", OWN, ["Processes", "Interactions", "Measures"])
    d["qms/master-document-list.md"] = doc("master-document-list", "Master document list", OWN,
        ["Internal documents", "External documents"])
    d["qms/master-document-list.md"]["bodies"] = {
        "Internal documents": "QMS scope v3, quality policy v5, quality objectives and targets v2, "
                              "contact-handling procedure v7; each with its owner and version in the register.",
        "External documents": "Client process manuals, client SLAs and the telecom regulator's code, each with source and version.",
    }
    d["policies/quality-policy.md"] = doc("quality-policy", "Quality policy",
        {**APP, "published_at": "intranet/quality/policy"},
        ["Purpose", "Scope", "Policy statement", "Commitment to improvement"],
        "We commit to meet client, customer and legal requirements and to improve continually.")
    d["people/organisation-chart.md"] = doc("organisation-chart", "Organisation chart", OWN,
        ["Structure", "Responsibilities"], "The Head of Quality answers for the quality management system.")
    d["people/jd-agent.md"] = doc("job-description", "Customer service agent",
        {**OWN, "role": "agent"}, ["Purpose", "Duties", "Minimum skills", "Responsibilities"])
    d["qms/risk-register.md"] = doc("risk-register", "Risk and opportunity register", OWN,
        ["Method", "Risks", "Treatment"], "Opportunities are listed beside risks; each action's effectiveness is reviewed quarterly.")
    d["qms/kpi-targets.md"] = doc("kpi-targets", "Quality objectives and targets", APP,
        ["Metrics", "Targets", "Rationale"], "Service level 80% in 20 seconds; satisfaction 85% top-two box.")
    d["qms/objectives-plan.md"] = doc("objectives-plan", "Plan for the quality objectives", OWN,
        ["Actions", "Resources", "Responsibilities", "Deadlines", "Evaluation"])
    d["qms/implementation-plan.md"] = doc("implementation-plan", "Implementation plan: new energy client", OWN,
        ["Scope", "Readiness criteria", "Go-live criteria", "Post-implementation review"])
    d["plans/business-plan.md"] = doc("business-plan", "Business plan 2026", APP,
        ["Inputs analysed", "Goals", "Initiatives", "Resources", "Review"])
    d["plans/workforce-plan.md"] = doc("workforce-plan", "Workforce plan", OWN,
        ["Forecasting", "Scheduling", "Real-time management", "Accuracy"])
    d["facilities/infrastructure.md"] = doc("infrastructure-register", "Infrastructure register", OWN,
        ["Assets", "Maintenance", "Availability"])
    d["facilities/work-environment.md"] = doc("work-environment-assessment", "Work environment assessment", OWN,
        ["Physical environment", "Wellbeing", "Actions"])
    d["quality/monitoring-procedure.md"] = doc("quality-monitoring-procedure", "Quality monitoring procedure", APP,
        ["Sampling", "Evaluation form", "Critical errors", "Calibration", "Feedback"])
    d["quality/calibration-2026-07.md"] = doc("calibration-record", "Calibration July",
        {"approved_on": "2026-07-20", "attendees": ["QA lead", "Evaluator A", "Evaluator B"]}, ["Variance"])
    d["quality/calibration-2026-10.md"] = doc("calibration-record", "Calibration October",
        {"approved_on": "2026-10-19", "attendees": ["QA lead", "Evaluator A", "Evaluator B"]}, ["Variance"])
    d["quality/measurement-verification.md"] = doc("measurement-verification", "Recording time-source verification",
        {**OWN, "basis": "NTP against the national time service"}, ["Equipment", "Method", "Results"])
    d["knowledge/knowledge-management.md"] = doc("knowledge-management", "Knowledge management", OWN,
        ["Ownership", "Review cycle", "Measures"])
    d["people/competence-matrix.md"] = doc("competence-matrix", "Competence matrix", OWN, ["Roles", "Skills", "Verification"])
    d["qms/communication-plan.md"] = doc("communication-plan", "Communication plan", OWN,
        ["Topics", "Audiences", "Timing", "Channels", "Responsibilities"])
    d["qms/document-control.md"] = doc("document-control-procedure", "Document control procedure", APP,
        ["Identification", "Approval", "Distribution", "Changes", "Retention"])
    d["operations/operating-plan.md"] = doc("operating-plan", "Operating plan: utilities programme", APP,
        ["Requirements", "Acceptance criteria", "Resources", "Records", "Outsourced processes"])
    d["operations/service-charter.md"] = doc("service-charter", "Service charter", APP,
        ["Channels and hours", "Service standards", "How to complain"])
    d["operations/service-charter.md"]["bodies"] = {
        "Service standards": "We answer 80% of calls within 20 seconds and reply to emails within 24 hours, every day of the year."}
    d["operations/complaint-procedure.md"] = doc("complaint-procedure", "Complaint procedure", APP,
        ["Purpose", "Scope", "Responsibilities", "Procedure", "Records"])
    d["operations/continuity-plan.md"] = doc("business-continuity-plan", "Business continuity plan", APP,
        ["Scope", "Scenarios", "Recovery objectives", "Roles", "Testing"])
    d["operations/requirements-review-utilities.md"] = doc("requirements-review", "Contract review: utilities SOW",
        {"client": "Northern Utilities", "approved_by": "Operations Director", "approved_on": "2026-02-10"},
        ["Requirements", "Capability", "Differences resolved"])
    d["operations/change-procedure.md"] = doc("change-procedure", "Change procedure", APP,
        ["Request", "Assessment", "Approval", "Testing", "Review"], "Affected agents are briefed before every change goes live.")
    d["operations/design-billing-line.md"] = doc("design-record", "Design file: billing enquiries line",
        {**OWN, "service": "billing enquiries"}, ["Planning", "Inputs", "Controls", "Outputs", "Changes"])
    d["suppliers/supplier-register.md"] = doc("supplier-register", "Supplier register", OWN,
        ["Suppliers", "Evaluation criteria", "Monitoring"], "Each provider is tracked monthly against its SLA scorecard.")
    d["suppliers/agreement-telco.md"] = doc("supplier-agreement", "Agreement: telecom carrier",
        {"supplier": "Telco One", "approved_by": "Operations Director", "approved_on": "2025-12-01"},
        ["Services", "Approvals", "Competence", "Interaction", "Monitoring", "Verification"])
    d["operations/contact-handling.md"] = doc("contact-handling-procedure", "Contact handling procedure", APP,
        ["Purpose", "Scope", "Steps", "Records", "Measures"])
    d["privacy/privacy-policy.md"] = doc("privacy-policy", "Privacy policy", APP,
        ["Scope", "Lawful basis", "Rights", "Retention", "Breaches"])
    d["privacy/data-incident-log.md"] = doc("data-incident-log", "Data incident log", OWN,
        ["Incidents", "Notifications", "Actions"])
    d["privacy/retention-schedule.md"] = doc("records-retention-schedule", "Records retention schedule", APP,
        ["Record types", "Retention periods", "Storage", "Disposal"])
    d["operations/release-energy.md"] = doc("release-signoff", "Go-live sign-off: energy programme",
        {"programme": "energy", "approved_by": "Operations Director", "approved_on": "2026-04-14"},
        ["Acceptance criteria", "Results", "Decision"])
    d["performance/metric-definitions.md"] = doc("metric-definitions", "Metric definitions", OWN,
        ["Definitions", "Sources", "Data checks"])
    for m in ["07", "08", "09", "10"]:
        d[f"performance/review-2026-{m}.md"] = doc("performance-review", f"Performance review 2026-{m}",
            {"approved_on": f"2026-{m}-12", "attendees": ["Operations Director", "Head of Quality"]},
            ["Metrics reviewed", "Misses", "Actions"], "The twelve-month trend of each metric was reviewed.")
    d["performance/survey-method.md"] = doc("survey-method", "Customer survey method", {**OWN, "questions": 8},
        ["Sampling", "Timing", "Questionnaire", "Scale", "Administration"])
    d["performance/feedback-review.md"] = doc("customer-feedback-review", "Customer feedback review Q3",
        {"owner": "Head of Quality", "approved_on": "2026-10-05"}, ["Trends", "Actions"])
    d["audit/audit-programme.md"] = doc("audit-programme", "Internal audit programme 2026", OWN,
        ["Scope", "Schedule", "Auditors"])
    d["audit/report-2026-06.md"] = doc("internal-audit-report", "Internal audit: contact handling",
        {"auditor": "J. Okafor (finance team)", "approved_on": "2026-06-18", "scope": "clauses 7.5, 8.5, 8.7",
         "independent": "true"}, ["Scope", "Findings", "Follow-up"])
    for m, day in [("03", "10"), ("09", "15")]:
        d[f"reviews/management-review-2026-{m}.md"] = doc("management-review", f"Management review 2026-{m}",
            {"approved_on": f"2026-{m}-{day}", "approved_by": "Managing Director",
             "attendees": ["Managing Director", "Operations Director", "Head of Quality"]}, MR_HEADINGS,
            "Customer satisfaction and complaint trends were discussed; two improvement actions were agreed.")
    d["improvement/improvement-log.md"] = doc("improvement-log", "Improvement log", OWN, ["Improvements", "Results"])
    d["improvement/corrective-action-log.md"] = doc("corrective-action-log", "Corrective action log", OWN, ["Actions"])
    d["improvement/nc-procedure.md"] = doc("nonconformity-procedure", "Nonconformity and corrective action procedure", APP,
        ["Identification", "Containment", "Root cause", "Corrective action", "Effectiveness"])
    return d

# ---------------------------------------------------------------- records
def month_days(y, m, n):
    """n dates spread over the month (days 1..28)."""
    return [date(y, m, 1 + (i % 28)) for i in range(n)]

def qa_rows(per_month=25, months=MONTHS, overrides=None, missing_contact=0):
    overrides = overrides or {}
    rows, k = [], 0
    for (y, m) in months:
        n = overrides.get((y, m), per_month)
        for d in month_days(y, m, n):
            k += 1
            cid = "" if k <= missing_contact else f"CT{k:05d}"
            rows.append(["riverside", d.isoformat(), f"A{k % 9:02d}", f"{80 + k % 15}.0", "N", cid])
    return ["site,evaluated_on,agent_id,score,critical_error,contact_id"] + [",".join(r) for r in rows]

def training_rows(total=40, unverified=0):
    rows = ["site,person_id,course,completed_on,verified,role"]
    for i in range(total):
        v = "N" if i < unverified else "Y"
        rows.append(f"riverside,P{i:03d},induction,2026-0{1 + i % 9}-1{i % 10},{v},agent")
    return rows

def survey_rows(per_month=35, months=MONTHS, overrides=None):
    overrides = overrides or {}
    rows, k = ["site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions"], 0
    for (y, m) in months:
        for d in month_days(y, m, overrides.get((y, m), per_month)):
            k += 1
            rows.append(f"riverside,C{k:05d},{d}T10:00:00,{d}T12:00:00,{4 + k % 2},Y,5,8")
    return rows

def complaint_rows(resolved=25, without_cause=0, open_=4, old_without_cause=3):
    rows, k = ["site,complaint_id,received_on,category,acknowledged_on,resolved_on,root_cause"], 0
    for i in range(resolved):
        k += 1
        d = date(2026, 1 + i % 10, 3 + i % 20)
        cause = "" if i < without_cause else "script unclear"
        rows.append(f"riverside,K{k:04d},{d},billing,{d},{d + timedelta(days=5)},{cause}")
    for i in range(open_):  # still open: not counted yet
        k += 1
        rows.append(f"riverside,K{k:04d},2026-10-2{i},billing,2026-10-2{i},,")
    for i in range(old_without_cause):  # before the audit period: left out
        k += 1
        rows.append(f"riverside,K{k:04d},2025-09-1{i},billing,2025-09-1{i},2025-09-2{i},")
    return rows

def change_rows(total=10, unreviewed=0, unauthorised=0):
    rows = ["site,change_id,raised_on,description,approved_by,reviewed,implemented_on"]
    for i in range(total):
        a = "" if i < unauthorised else "Change board"
        r = "N" if i < unreviewed else "Y"
        rows.append(f"riverside,CH{i:03d},2026-{1 + i % 10:02d}-05,IVR menu update {i},{a},{r},2026-{1 + i % 10:02d}-09")
    return rows

def nc_rows(total=10, undecided=0, ineffective=0, open_=2):
    rows = ["site,nc_id,raised_on,category,action,decided_by,root_cause,closed_on,effective"]
    for i in range(total):
        who = "" if i < undecided else "Team leader"
        eff = "N" if total - i <= ineffective else "Y"
        rows.append(f"riverside,NC{i:03d},2026-{1 + i % 10:02d}-07,wrong advice,call back and correct,{who},knowledge gap,2026-{1 + i % 10:02d}-20,{eff}")
    for i in range(open_):  # still open, effectiveness not yet known: not counted
        rows.append(f"riverside,NC{total + i:03d},2026-10-2{i},wrong advice,call back and correct,Team leader,,,")
    return rows

def base_records():
    return {
        "records/qa-evaluation/2026.csv": qa_rows(),
        "records/training-record/all.csv": training_rows(),
        "records/customer-survey/2026.csv": survey_rows(),
        "records/complaint/2026.csv": complaint_rows(),
        "records/change-record/2026.csv": change_rows(),
        "records/nonconformity/2026.csv": nc_rows(),
    }

ATTESTED = ["iso9001.5.1.1", "iso9001.5.1.2", "iso9001.5.2.2", "iso9001.7.3", "iso9001.8.5.5", "iso9001.10.3"]
STATEMENTS = {
    "iso9001.5.1.1": "Interviewed the MD and operations director; budget for two evaluators followed the March review.",
    "iso9001.5.1.2": "SLA results and the satisfaction trend are a standing item; risks to satisfaction have owners.",
    "iso9001.5.2.2": "Policy on the intranet and in induction; 8 of 8 agents sampled explained it in their words.",
    "iso9001.7.3": "Interviewed 8 agents and 2 team leaders across both shifts; all knew their team objectives.",
    "iso9001.8.5.5": "Sampled 12 promised callbacks from the CRM; 12 made within the promised time.",
    "iso9001.10.3": "Objectives trend compared over two years; March review actions done and effective.",
}

FAILED = {
    "iso9001.5.1.1": "The MD could not say what the last review decided; no resourcing decision traced to a review.",
    "iso9001.5.1.2": "Satisfaction results are not reviewed by leadership; no owner for risks to satisfaction.",
    "iso9001.5.2.2": "Policy not on the intranet; 2 of 8 agents sampled knew it existed.",
    "iso9001.7.3": "Interviewed 8 agents; none could name a team objective or the policy.",
    "iso9001.8.5.5": "Sampled 12 promised callbacks from the CRM; 7 made within the promised time, 2 never made.",
    "iso9001.10.3": "No improvement trend over two years; March review actions not started.",
}

def attestations(results):
    out = []
    for rule in ATTESTED:
        r = results.get(rule, "pass")
        if r is None:
            continue
        text = STATEMENTS[rule] if r == "pass" else FAILED[rule]
        out += [f"- rule: {rule}", f"  result: {r}", "  auditor: L. Brandt (lead auditor)",
                "  date: 2026-10-20", f"  statement: {scalar(text)}"]
    return "\n".join(out) + "\n"

RULES = [
    "iso9001.4.1", "iso9001.4.2", "iso9001.4.3", "iso9001.4.4.1", "iso9001.4.4.2", "iso9001.4.4.2-records",
    "iso9001.5.1.1", "iso9001.5.1.2", "iso9001.5.2.1", "iso9001.5.2.2", "iso9001.5.3",
    "iso9001.6.1", "iso9001.6.2.1", "iso9001.6.2.2", "iso9001.6.3",
    "iso9001.7.1.1", "iso9001.7.1.2", "iso9001.7.1.3", "iso9001.7.1.4", "iso9001.7.1.5.1", "iso9001.7.1.5.2",
    "iso9001.7.1.6", "iso9001.7.2", "iso9001.7.3", "iso9001.7.4", "iso9001.7.5.1", "iso9001.7.5.2",
    "iso9001.7.5.3", "iso9001.7.5.3-external-documents",
    "iso9001.8.1", "iso9001.8.2.1", "iso9001.8.2.2", "iso9001.8.2.3", "iso9001.8.2.4", "iso9001.8.3",
    "iso9001.8.4.1", "iso9001.8.4.2", "iso9001.8.4.3", "iso9001.8.5.1", "iso9001.8.5.2", "iso9001.8.5.3",
    "iso9001.8.5.4", "iso9001.8.5.5", "iso9001.8.5.6", "iso9001.8.6", "iso9001.8.7",
    "iso9001.9.1.1", "iso9001.9.1.2", "iso9001.9.1.3", "iso9001.9.2", "iso9001.9.3",
    "iso9001.10.1", "iso9001.10.2", "iso9001.10.2-effectiveness", "iso9001.10.2-procedure", "iso9001.10.3",
]

def severities():
    """Rule id -> severity, read from the pack's rule files."""
    import glob, re
    sev = {}
    for f in sorted(glob.glob(os.path.join(HERE, "..", "rules", "*.yaml"))):
        for rid, sv in re.findall(r"(?m)^  - id: (\S+)\n(?:    .*\n)*?    severity: (\w+)", open(f).read()):
            sev[rid] = sv
    return sev

SEVERITY = severities()
assert sorted(SEVERITY) == sorted(RULES), set(SEVERITY) ^ set(RULES)

# ---------------------------------------------------------------- cases
STALE_AGED = ["iso9001.4.4.2", "iso9001.5.2.1", "iso9001.7.5.3", "iso9001.8.2.1", "iso9001.8.4.1", "iso9001.9.1.1",
              "iso9001.9.3"]
class Case:
    def __init__(self, name, note):
        self.name, self.note = name, note
        self.docs, self.records = base_docs(), base_records()
        self.att = {}
        self.expected = {r: "pass" for r in RULES}
        self.profile_extra = ""
        self.summary = None

    def fail(self, *rules, status="fail"):
        for r in rules:
            self.expected[r] = status

    def write(self):
        root = os.path.join(HERE, self.name)
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(root)
        with open(os.path.join(root, "evident.yaml"), "w") as f:
            f.write("organisation: Riverside Contact Services\nsites: [riverside]\n"
                    f"as_of: {AS_OF}\nperiod: {{from: {PERIOD[0]}, to: {PERIOD[1]}}}\n" + self.profile_extra)
        for path, d in sorted(self.docs.items()):
            p = os.path.join(root, path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(render(d))
        for path, rows in sorted(self.records.items()):
            p = os.path.join(root, path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write("\n".join(rows) + "\n")
        with open(os.path.join(root, "attestations.yaml"), "w") as f:
            f.write(attestations(self.att))
        with open(os.path.join(root, "expected.yaml"), "w") as f:
            f.write(f"# {self.note}\n")
            # certify: {severity: major}: certified when no major or critical rule is left
            # failing or pending (not-applicable rules are out of the decision).
            blocked = any(SEVERITY[r] in ("major", "critical") and self.expected[r] in ("fail", "error", "pending")
                          for r in RULES)
            f.write(f"summary: {{certified: {'false' if blocked else 'true'}}}\n")
            f.write("rules:\n")
            for r in RULES:
                f.write(f"  {r}: {self.expected[r]}\n")

cases = []

c = Case("all-pass", "Every mandatory document current and complete, every record set in line, every attestation passed.")
cases.append(c)

# --- all-fail: stale or incomplete documents, thin records, failed attestations.
c = Case("all-fail", "Every rule fails: documents stale, incomplete or missing, records short, attestations failed.")
stale = "2024-05-01"
keep = {}
for path, d in c.docs.items():
    if "approved_on" in d["fields"]:
        d["fields"]["approved_on"] = stale
    if d["kind"] in ("performance-review", "calibration-record", "internal-audit-report", "management-review"):
        d["fields"]["approved_on"] = stale
# documents whose rules check structure rather than age: make them incomplete, or drop them
for path in ["qms/master-document-list.md"]:
    c.docs[path]["headings"] = ["Documents"]
    c.docs[path]["bodies"] = {"Documents": "Procedures are kept on the shared drive."}
for path in ["qms/implementation-plan.md", "operations/requirements-review-utilities.md",
             "operations/design-billing-line.md", "suppliers/agreement-telco.md", "operations/release-energy.md",
             "operations/continuity-plan.md", "people/jd-agent.md", "audit/report-2026-06.md",
             "performance/review-2026-07.md", "performance/review-2026-08.md", "performance/review-2026-09.md",
             "quality/calibration-2026-07.md"]:
    del c.docs[path]
c.docs["operations/service-charter.md"]["headings"] = ["Channels and hours"]
c.docs["operations/service-charter.md"]["bodies"] = {}
c.docs["suppliers/supplier-register.md"]["extra"] = "Providers are chosen on price."
c.docs["qms/interested-parties.md"]["extra"] = "Clients and customers."
c.docs["operations/change-procedure.md"]["extra"] = ""
c.docs["operations/change-procedure.md"]["headings"] = ["Request"]
c.docs["qms/kpi-targets.md"]["extra"] = "Targets to be agreed."
c.docs["qms/kpi-targets.md"]["bodies"] = {h: "Targets will be agreed with each client when the contract is renewed next." for h in ["Metrics", "Targets", "Rationale"]}
c.docs["policies/quality-policy.md"]["fields"].pop("published_at")
c.docs["policies/quality-policy.md"]["extra"] = "TODO: add the commitments."
c.docs["people/organisation-chart.md"]["extra"] = ""
c.docs["qms/risk-register.md"]["extra"] = ""
for path in ["reviews/management-review-2026-03.md", "reviews/management-review-2026-09.md"]:
    c.docs[path]["headings"] = ["Notes"]
    c.docs[path]["extra"] = "Volumes were discussed."
    c.docs[path]["fields"].pop("approved_by")
del c.docs["reviews/management-review-2026-03.md"]
c.docs["performance/review-2026-10.md"]["extra"] = "Figures for the month were read out."
c.docs["qms/document-control.md"]["headings"] = ["Changes"]
c.records = {
    "records/qa-evaluation/2026.csv": qa_rows(per_month=25, months=MONTHS[6:], missing_contact=3),
    "records/training-record/all.csv": training_rows(total=40, unverified=10),
    "records/customer-survey/2026.csv": survey_rows(per_month=35, months=MONTHS[:5]),
    "records/complaint/2026.csv": complaint_rows(resolved=25, without_cause=12),
    "records/change-record/2026.csv": change_rows(total=10, unreviewed=4),
    "records/nonconformity/2026.csv": nc_rows(total=10, undecided=2, ineffective=3),
}
c.att = {r: "fail" for r in ATTESTED}
c.fail(*RULES)
cases.append(c)

# --- metric boundaries
c = Case("qa-20-every-month", "4.4.2 records: exactly the minimum of 20 evaluations in each of the 12 months passes.")
c.records["records/qa-evaluation/2026.csv"] = qa_rows(per_month=20)
cases.append(c)

c = Case("qa-19-one-month", "4.4.2 records: one month with 19 evaluations breaks the 12-month run.")
c.records["records/qa-evaluation/2026.csv"] = qa_rows(per_month=20, overrides={(2026, 5): 19})
c.fail("iso9001.4.4.2-records")
cases.append(c)

c = Case("qa-gap-month", "4.4.2 records: a month with no evaluations at all breaks the run.")
c.records["records/qa-evaluation/2026.csv"] = qa_rows(per_month=25, overrides={(2026, 2): 0})
c.fail("iso9001.4.4.2-records")
cases.append(c)

c = Case("training-95pct", "7.2: 19 of 20 training records verified is exactly 95%: passes.")
c.records["records/training-record/all.csv"] = training_rows(total=20, unverified=1)
cases.append(c)

c = Case("training-94pct", "7.2: 47 of 50 verified is 94%: under 95%, fails.")
c.records["records/training-record/all.csv"] = training_rows(total=50, unverified=3)
c.fail("iso9001.7.2")
cases.append(c)

c = Case("training-19-records", "7.2: 19 records, all verified, are fewer than the 20 needed: fails.")
c.records["records/training-record/all.csv"] = training_rows(total=19, unverified=0)
c.fail("iso9001.7.2")
cases.append(c)

c = Case("trace-one-missing", "8.5.2: one evaluation of 300 names no contact: under 100%, fails.")
c.records["records/qa-evaluation/2026.csv"] = qa_rows(missing_contact=1)
c.fail("iso9001.8.5.2")
cases.append(c)

c = Case("change-one-unreviewed", "8.5.6: one change of ten not reviewed after going live: fails.")
c.records["records/change-record/2026.csv"] = change_rows(unreviewed=1)
c.fail("iso9001.8.5.6")
cases.append(c)

c = Case("change-one-unauthorised", "8.5.6: one change of ten with no authoriser recorded: fails.")
c.records["records/change-record/2026.csv"] = change_rows(unauthorised=1)
c.fail("iso9001.8.5.6")
cases.append(c)

c = Case("nc-one-undecided", "8.7: one nonconformity of ten without who decided the action: fails.")
c.records["records/nonconformity/2026.csv"] = nc_rows(undecided=1)
c.fail("iso9001.8.7")
cases.append(c)

c = Case("ca-effective-90pct", "10.2 effectiveness: 9 of 10 closed actions checked effective is exactly 90%: passes (open ones are left out).")
c.records["records/nonconformity/2026.csv"] = nc_rows(ineffective=1)
cases.append(c)

c = Case("ca-effective-80pct", "10.2 effectiveness: 8 of 10 closed actions checked effective is 80%: fails.")
c.records["records/nonconformity/2026.csv"] = nc_rows(ineffective=2)
c.fail("iso9001.10.2-effectiveness")
cases.append(c)

c = Case("survey-30-every-month", "9.1.2: exactly 30 responses in each of the 12 months passes.")
c.records["records/customer-survey/2026.csv"] = survey_rows(per_month=30)
cases.append(c)

c = Case("survey-29-one-month", "9.1.2: one month with 29 responses breaks the monitoring: fails.")
c.records["records/customer-survey/2026.csv"] = survey_rows(per_month=30, overrides={(2026, 8): 29})
c.fail("iso9001.9.1.2")
cases.append(c)

c = Case("survey-gap-month", "9.1.2: a month with no survey at all: fails.")
c.records["records/customer-survey/2026.csv"] = survey_rows(per_month=35, overrides={(2025, 12): 0})
c.fail("iso9001.9.1.2")
cases.append(c)

c = Case("root-cause-90pct", "10.2: 18 of 20 resolved complaints with a root cause is exactly 90%: passes (open and pre-period complaints are left out).")
c.records["records/complaint/2026.csv"] = complaint_rows(resolved=20, without_cause=2)
cases.append(c)

c = Case("root-cause-85pct", "10.2: 17 of 20 resolved complaints with a root cause is 85%: fails.")
c.records["records/complaint/2026.csv"] = complaint_rows(resolved=20, without_cause=3)
c.fail("iso9001.10.2")
cases.append(c)

c = Case("root-cause-19-resolved", "10.2: 19 resolved complaints, all with a root cause, are fewer than the 20 needed: fails.")
c.records["records/complaint/2026.csv"] = complaint_rows(resolved=19, without_cause=0)
c.fail("iso9001.10.2")
cases.append(c)

# --- partial: a believable first-surveillance picture
c = Case("mr-newest-without-outputs", "9.3: the newest review (September) records no opportunities for improvement "
         "and no decision on changes to the QMS, though March's did: the current review is judged, and fails.")
mr = c.docs["reviews/management-review-2026-09.md"]
mr["headings"] = [h for h in MR_HEADINGS if h not in ("Opportunities for improvement", "Changes to the quality management system")]
c.fail("iso9001.9.3", "iso9001.10.3")
cases.append(c)

c = Case("mr-without-top-management", "9.3: the newest review was attended by managers only; top management was not there.")
c.docs["reviews/management-review-2026-09.md"]["fields"]["attendees"] = ["Operations Director", "Head of Quality"]
c.fail("iso9001.9.3")
cases.append(c)

c = Case("continuity-plan-stale", "8.2.1: the continuity plan exists but was last approved in 2019: "
         "contingency arrangements seven years old are not current.")
c.docs["operations/continuity-plan.md"]["fields"]["approved_on"] = "2019-05-02"
c.fail("iso9001.8.2.1")
cases.append(c)

c = Case("charter-without-measures", "8.2.2: the service charter's standards section cites numbers, "
         "but none is a measure (\"see section 3 of schedule 2\").")
c.docs["operations/service-charter.md"]["bodies"]["Service standards"] = (
    "Our service standards are set out in section 3 of schedule 2 of each client agreement, which we follow.")
c.fail("iso9001.8.2.2")
cases.append(c)

c = Case("stale-documents", "Currency, not presence: the management reviews, performance reviews, quality policy, master "
                            "document list, document-control procedure, service charter and supplier register all say what "
                            "the rules look for, but every one of them is from 2019.")
for path, d in c.docs.items():
    if d["kind"] in ("management-review", "performance-review", "quality-policy", "master-document-list",
                     "document-control-procedure", "service-charter", "supplier-register"):
        d["fields"]["approved_on"] = "2019" + d["fields"]["approved_on"][4:]
# rules that already judged the age of these documents
c.fail(*STALE_AGED)
# rules that judged their words, headings or fields only: an old document passed them
c.fail("iso9001.5.1.1", "iso9001.5.1.2", "iso9001.5.2.2", "iso9001.7.5.1", "iso9001.7.5.2",
       "iso9001.7.5.3-external-documents", "iso9001.8.2.2", "iso9001.8.4.2", "iso9001.9.1.3", "iso9001.10.3")
cases.append(c)

c = Case("partial", "A believable mix: design and traceability tailored out, some documents stale, the data incident "
                    "log missing, one attestation failed and one not yet done, training verification just short.")
c.profile_extra = (
    "packs:\n"
    "  - id: iso9001\n"
    "    exclude:\n"
    "      - rule: iso9001.8.3\n"
    "        justification: Riverside runs programmes designed by its clients; stated in the QMS scope.\n"
    "      - rule: iso9001.7.1.5.2\n"
    "        justification: No measurement needs traceability to a national standard; stated in the QMS scope.\n")
del c.docs["operations/design-billing-line.md"]
del c.docs["quality/measurement-verification.md"]
c.docs["qms/context.md"]["fields"]["approved_on"] = "2025-06-30"          # stale
c.docs["suppliers/supplier-register.md"]["fields"]["approved_on"] = "2025-07-15"  # stale
c.docs["plans/workforce-plan.md"]["fields"]["approved_on"] = "2025-05-01"   # stale
c.docs["qms/communication-plan.md"]["fields"]["approved_on"] = "2025-01-20"  # stale
c.docs["qms/risk-register.md"]["fields"]["approved_on"] = "2025-09-30"      # stale
del c.docs["privacy/data-incident-log.md"]                                   # missing
c.records["records/training-record/all.csv"] = training_rows(total=50, unverified=4)  # 92%
c.att = {"iso9001.8.5.5": "fail", "iso9001.7.3": None}
c.fail("iso9001.4.1", "iso9001.6.1", "iso9001.8.4.1", "iso9001.8.4.2", "iso9001.7.1.2", "iso9001.7.4", "iso9001.8.5.3", "iso9001.7.2", "iso9001.8.5.5")
c.expected["iso9001.7.3"] = "pending"
c.expected["iso9001.8.3"] = "not_applicable"
c.expected["iso9001.7.1.5.2"] = "not_applicable"
cases.append(c)

# --- no-contact-centre: a back-office service tailors out the contact-centre rules by their tag
c = Case("no-contact-centre", "An organisation that runs no contact centre excludes the pack's contact-centre rules by "
                              "their tag, with one justification, and keeps none of their evidence; the other rules are "
                              "still judged, and the stale supplier register still fails 8.4.1 and 8.4.2.")
c.profile_extra = (
    "packs:\n"
    "  - id: iso9001\n"
    "    exclude:\n"
    "      - tag: contact-centre\n"
    "        justification: Riverside runs no contact centre; customers are served by named account managers.\n")
for path in ["quality/monitoring-procedure.md", "quality/calibration-2026-07.md", "quality/calibration-2026-10.md",
             "operations/contact-handling.md"]:
    del c.docs[path]
del c.records["records/qa-evaluation/2026.csv"]
c.att = {"iso9001.8.5.5": None}
c.docs["suppliers/supplier-register.md"]["fields"]["approved_on"] = "2025-07-15"  # stale
c.fail("iso9001.8.4.1", "iso9001.8.4.2")
for r in ["iso9001.4.4.2-records", "iso9001.7.1.5.1", "iso9001.8.5.1", "iso9001.8.5.2", "iso9001.8.5.5"]:
    c.expected[r] = "not_applicable"
cases.append(c)

for c in cases:
    c.write()
print(f"{len(cases)} cases written under {HERE}")
