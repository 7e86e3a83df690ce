#!/usr/bin/env python3
"""Writes the files of examples/halden-lifts that its systems export rather than people type.

pip install python-docx==1.2.0 openpyxl==3.1.5 (other versions may write other bytes).

- policies/QP-00-quality-policy.docx and policies/BCP-01-business-continuity-plan.docx: Word
  documents with a document-control table and no front matter, dated "4 May 2026" style;
- exports/hr/Qualifications.xlsx (the HR system's qualification export) and
  exports/qms/NCR-register-2026.xlsx (the QMS tool's nonconformity register), headers as the
  tools write them;
- exports/servicedesk/complaints-2026.csv, exports/it/*.csv: the service desk's complaint log and
  IT's change log, security incident log, leavers' access log and backup job history (August's
  backup history is missing, as the example's README explains).

Deterministic: a fixed random seed, fixed document properties and zip entry dates, so running it
again reproduces the committed files byte for byte (a test checks this).
"""
import csv, datetime as dt, importlib.util, os, random

import docx
import openpyxl

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "halden-lifts")

# Fixed zip entry dates and core-property times: the Acme example's helper, shared.
_spec = importlib.util.spec_from_file_location("acme_office", os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-office.py"))
_acme = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_acme)
normalise_zip = _acme.normalise_zip
SITES = ["Ridgeway", "Wharfside"]


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def word(path, title, control, sections, author, created, modified):
    """A Word document as the office writes one: title, control table, Heading 1 sections."""
    d = docx.Document()
    d.add_paragraph(title, style="Title")
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in control:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for heading, paragraphs in sections:
        d.add_paragraph(heading, style="Heading 1")
        for p in paragraphs:
            if p.startswith("- "):
                d.add_paragraph(p[2:], style="List Bullet")
            else:
                d.add_paragraph(p)
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = title, author, author, 1
    cp.created, cp.modified = created, modified
    d.save(path)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    normalise_zip(path, iso(created), iso(modified))


def quality_policy():
    word(
        out("policies", "QP-00-quality-policy.docx"),
        "Quality Policy",
        [("Document ID", "QP-00"), ("Document owner", "Managing Director"), ("Approved by", "Owen Halden, Managing Director"),
         ("Approval date", "4 May 2026"), ("Next review", "4 May 2027"),
         ("Published at", "Depot notice boards, the handbook site and halden-lifts.example/quality")],
        [
            ("Purpose", ["This policy sets out how Halden Lift Services keeps the lifts in its care safe and running, "
                         "and the frame within which our quality objectives are set each year."]),
            ("Scope", ["Maintenance, repair, call-out and modernisation work from the Ridgeway and Wharfside depots, "
                       "the service desk, and the suppliers and subcontractors who work for us."]),
            ("Policy statement", [
                "We will:",
                "- meet our clients' contract requirements and the legal requirements for lifting equipment;",
                "- release trapped passengers quickly and keep lifts available;",
                "- train and assess every engineer before they work alone;",
                "- set measurable quality objectives each year and review them at every management review.",
            ]),
            ("Commitment to improvement", ["We are committed to continual improvement of our service and of the "
                                           "quality management system, through audits, client feedback, "
                                           "nonconformities and the ideas of our engineers."]),
        ],
        "Owen Halden", dt.datetime(2026, 4, 20, 9, 0), dt.datetime(2026, 5, 4, 16, 30),
    )


def continuity_plan():
    word(
        out("policies", "BCP-01-business-continuity-plan.docx"),
        "Business Continuity Plan",
        [("Document ID", "BCP-01"), ("Document owner", "Operations Director"), ("Approved by", "Owen Halden, Managing Director"),
         ("Approval date", "11 March 2026")],
        [
            ("Scope", ["Emergency alarm handling, dispatch and breakdown service from both depots; the field service "
                       "system and the alarm platform; the people who run them."]),
            ("Incident scenarios", [
                "- Loss of the Ridgeway service desk (fire, flood, power): calls are diverted to Wharfside, the "
                "alternate site, and controllers log in to the alarm platform there.",
                "- Loss of the alarm platform: Northline's secondary data centre takes over; the service desk "
                "re-routes the alarm lines' overflow number to the duty mobile.",
                "- Loss of the field service system: engineers work from printed route sheets and the dispatch "
                "board runs on paper until the system returns.",
            ]),
            ("Recovery time objectives", ["Alarm handling within 15 minutes, dispatch within 1 hour, field service "
                                          "system within 4 hours, client reporting within 5 working days."]),
            ("Roles and contacts", ["The on-call manager decides to activate the plan and leads the response; the "
                                    "Service Desk Supervisor moves the desk; the IT & Systems Lead restores systems "
                                    "with Brightwell; the Commercial Manager informs clients."]),
            ("Exercises", ["The plan is exercised once a year with a different scenario each time (June 2026: loss "
                           "of the Ridgeway service desk) and reviewed after every exercise or activation."]),
        ],
        "Grace Whitlow", dt.datetime(2026, 3, 2, 8, 0), dt.datetime(2026, 3, 11, 12, 0),
    )


def workbook(path, sheet, header, rows, date_cols, creator, when):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    for col in date_cols:
        for cell in ws[col][1:]:
            cell.number_format = "dd.mm.yyyy"
    wb.properties.creator = wb.properties.lastModifiedBy = creator
    wb.properties.created = wb.properties.modified = when
    wb.save(path)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    normalise_zip(path, stamp, stamp)


def day(rng, start, end):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def qualifications(rng):
    """One row per qualification achieved; 'Assessed competent' is the assessor's Y/N."""
    staff = [(f"H{100 + i}", SITES[0] if i < 38 else SITES[1]) for i in range(62)]
    rows = []
    for no, depot in staff:
        done = day(rng, dt.date(2026, 1, 12), dt.date(2026, 6, 30))
        # One refresher not yet assessed (the new controller on leave when it was marked).
        ok = "N" if no == "H157" else "Y"
        rows.append([no, depot, "Information Security Awareness", done, dt.date(done.year + 1, done.month, done.day), ok, "S. Varma"])
    courses = ["Safe isolation and lock-off", "Trapped passenger release", "Hydraulic lift fault-finding", "Door operator set-up"]
    for no, depot in staff[:40]:
        course = courses[rng.randrange(len(courses))]
        done = day(rng, dt.date(2026, 1, 5), dt.date(2026, 10, 23))
        rows.append([no, depot, course, done, None, "Y", "M. Kowalczyk"])
    rows.sort(key=lambda r: (r[3], r[0]))
    workbook(out("exports", "hr", "Qualifications.xlsx"), "Qualifications",
             ["Employee No", "Depot", "Qualification", "Date achieved", "Expiry", "Assessed competent", "Assessor"],
             rows, ["D", "E"], "HR system export", dt.datetime(2026, 11, 2, 7, 0))


def ncr_register(rng):
    cats = ["Attendance time missed", "Repeat breakdown", "Supplier part defective", "Job record incomplete", "Audit finding"]
    rows = []
    for i in range(1, 25):
        raised = day(rng, dt.date(2026, 1, 5), dt.date(2026, 10, 20))
        depot = SITES[rng.randrange(2)]
        cat = cats[rng.randrange(len(cats))]
        closed = raised + dt.timedelta(days=rng.randrange(7, 40))
        closed = closed if closed <= dt.date(2026, 10, 31) else None
        effective = ("Yes" if i != 11 else "No") if closed else None
        rows.append([f"NCR-26-{i:03d}", raised, depot, cat, f"{cat} ({depot})", "Corrected and cause removed",
                     "Depot Manager" if i % 3 else "Quality & Compliance Manager", "Recorded in NCR", closed, effective])
    rows.sort(key=lambda r: r[1])
    workbook(out("exports", "qms", "NCR-register-2026.xlsx"), "NCR register",
             ["NCR No", "Raised", "Depot", "Category", "Description", "Action taken", "Decided by", "Root cause",
              "Closed", "Effective"],
             rows, ["B", "I"], "QMS tool", dt.datetime(2026, 11, 2, 7, 0))


def write_csv(path, header, rows):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def complaints(rng):
    cats = ["Attendance", "Long repair", "Communication", "Workmanship"]
    rows = []
    for i in range(1, 27):
        received = day(rng, dt.date(2026, 1, 5), dt.date(2026, 10, 16))
        resolved = received + dt.timedelta(days=rng.randrange(2, 12))
        cause = "" if i == 14 else ["Standby cover", "Parts lead time", "No update sent", "Adjustment missed"][i % 4]
        rows.append([f"C-26-{i:03d}", received.isoformat(), SITES[i % 2], cats[i % 4],
                     (received + dt.timedelta(days=1)).isoformat(), resolved.isoformat(), cause])
    rows.sort(key=lambda r: r[1])
    write_csv(out("exports", "servicedesk", "complaints-2026.csv"),
              ["Ref", "Received", "Depot", "Category", "Acknowledged", "Resolved", "Root cause"], rows)


def it_logs(rng):
    changes = []
    for i in range(1, 19):
        raised = day(rng, dt.date(2026, 1, 6), dt.date(2026, 10, 9))
        changes.append([f"CHG-{2600 + i}", raised.isoformat(), f"Change {i}: configuration update", "S. Varma",
                        (raised + dt.timedelta(days=3)).isoformat(), "Yes"])
    changes.sort(key=lambda r: r[1])
    write_csv(out("exports", "it", "change-log-2026.csv"),
              ["Change", "Raised", "Summary", "Approver", "Implemented", "PIR done"], changes)

    incidents = [
        ["INC-26-01", "2026-03-11T17:40", "2026-03-11T18:05", "Lost device", "low", "yes"],
        ["INC-26-02", "2026-05-19T09:12", "2026-05-19T09:30", "Phishing", "medium", "yes"],
        ["INC-26-03", "2026-07-29T14:02", "2026-07-29T15:10", "Misdirected email", "low", "yes"],
    ]
    write_csv(out("exports", "it", "security-incidents-2026.csv"),
              ["Incident", "Detected", "Reported", "Category", "Severity", "Reviewed"], incidents)

    leavers = []
    for i in range(11):
        left = day(rng, dt.date(2026, 1, 9), dt.date(2026, 10, 30))
        lag = 1 if i in (3, 8) else 0
        leavers.append([f"H{300 + i}", left.isoformat(), (left + dt.timedelta(days=lag)).isoformat()])
    leavers.sort(key=lambda r: r[1])
    write_csv(out("exports", "it", "leavers-2026.csv"), ["Employee No", "Leaving date", "Accounts disabled"], leavers)

    jobs = []
    d = dt.date(2026, 1, 1)
    while d <= dt.date(2026, 10, 31):
        if d.month != 8:  # August's history was lost from the export
            for system, hour in [("FS-DB nightly", 1), ("M365 nightly", 2)]:
                ok = "no" if (d == dt.date(2026, 4, 14) and system == "M365 nightly") else "yes"
                jobs.append([system, f"{d.isoformat()}T0{hour}:00", ok, "no"])
        if d in (dt.date(2026, 3, 20), dt.date(2026, 6, 19), dt.date(2026, 9, 18), dt.date(2026, 10, 16)):
            jobs.append(["Restore test FS-DB", f"{d.isoformat()}T10:00", "yes", "yes"])
        d += dt.timedelta(days=1)
    write_csv(out("exports", "it", "backup-history-2026.csv"), ["Job", "Start time", "Succeeded", "Restore test"], jobs)


if __name__ == "__main__":
    rng = random.Random(20261116)
    quality_policy()
    continuity_plan()
    qualifications(rng)
    ncr_register(rng)
    complaints(rng)
    it_logs(rng)
    print("ok")
