#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the
iso9001, copc and csqs packs read and acme-records.py does not write:
change-record, nonconformity, client-satisfaction, proactive-contact,
system-availability, service-recovery and knowledge-article, one
records/<kind>/2026.csv each. Deterministic: same seed, same bytes.

The story the numbers tell, in step with acme-records.py: north is steady;
south loses staff over the summer (July-September), its client's stakeholders
score it lower, its nonconformities pile up and many of them close without
the effectiveness check; one emergency IVR change made
at south in August never had its post-implementation review; the knowledge
base fell behind on its article reviews while the knowledge team covered the
phones in the summer.

    python3 examples/acme-records-extra.py
"""
import csv
import datetime as dt
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
START, END = dt.date(2026, 1, 1), dt.date(2026, 10, 31)
SITES = ("north", "south")
SUMMER = {7, 8, 9}
rng = random.Random(20261101)


def months():
    return [dt.date(2026, m, 1) for m in range(1, 11)]


def month_end(m):
    nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def workday(m):
    """A random weekday in month m."""
    while True:
        d = m + dt.timedelta(days=rng.randrange((month_end(m) - m).days + 1))
        if d.weekday() < 5:
            return d


def write(kind, header, rows):
    folder = os.path.join(ROOT, kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "2026.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def struggling(site, month):
    return site == "south" and month in SUMMER


def changes():
    kinds = [
        ("routing", "Skill-group weighting for {c} queue", "low"),
        ("ivr", "IVR message update: {c} planned works", "low"),
        ("ivr", "IVR menu option for {c} payment line", "medium"),
        ("script", "Script change: {c} vulnerability check", "low"),
        ("crm", "CRM case-form field for {c} complaints", "medium"),
        ("wfm", "Shrinkage profile for {c} forecast", "low"),
    ]
    approvers = {"low": "Change advisory board", "medium": "Change advisory board"}
    rows, n = [], 0
    for m in months():
        for site in SITES:
            for _ in range(rng.randint(3, 6)):
                n += 1
                area, text, risk = rng.choice(kinds)
                client = rng.choice(["water", "lender"])
                raised = workday(m)
                live = raised + dt.timedelta(days=rng.randint(3, 12))
                reviewed_on = live + dt.timedelta(days=rng.randint(5, 14))
                rows.append([site, f"CHG-2026-{n:03d}", raised.isoformat(), text.format(c=client), area,
                             risk, approvers[risk], live.isoformat(), "Y", reviewed_on.isoformat()])
        if m.month == 8:
            # The emergency IVR change at south during the August queue crisis:
            # authorised by phone by the duty manager, never reviewed afterwards.
            n += 1
            rows.append(["south", f"CHG-2026-{n:03d}", "2026-08-11",
                         "Emergency IVR overflow message and callback offer (south)", "ivr", "high",
                         "Duty manager (emergency)", "2026-08-11", "N", ""])
    rows.sort(key=lambda r: (r[2], r[1]))
    write("change-record", ["site", "change_id", "raised_on", "description", "area", "risk", "approved_by",
                            "implemented_on", "reviewed", "reviewed_on"], rows)


def nonconformities():
    cats = ["service failure", "process error", "audit finding", "complaint upheld", "data handling"]
    causes = ["training gap", "system defect", "staffing", "procedure unclear", "supplier"]
    actions = ["Coaching and re-test of the agent", "Procedure and job aid amended", "Schedule changed",
               "Fix logged with supplier", "Briefing to all teams", "Knowledge article corrected"]
    rows, n = [], 0
    for m in months():
        for site in SITES:
            count = rng.randint(6, 9) if struggling(site, m.month) else rng.randint(2, 4)
            for _ in range(count):
                n += 1
                raised = workday(m)
                due = raised + dt.timedelta(days=30)
                decider = rng.choice(["Head of Quality", f"{site.capitalize()} site manager", "Operations director"])
                closed = raised + dt.timedelta(days=rng.randint(7, 45))
                if closed > END:
                    closed_s, effective = "", ""
                else:
                    closed_s = closed.isoformat()
                    effective = "N" if rng.random() < 0.05 else "Y"
                    if struggling(site, m.month) and rng.random() < 0.4:
                        effective = ""  # effectiveness check not done: south quality team on the phones
                rows.append([site, f"NC-2026-{n:03d}", raised.isoformat(), rng.choice(cats), rng.choice(actions),
                             decider, rng.choice(causes), due.isoformat(), closed_s, effective])
    rows.sort(key=lambda r: (r[2], r[1]))
    write("nonconformity", ["site", "nc_id", "raised_on", "category", "action", "decided_by", "root_cause",
                            "due_on", "closed_on", "effective"], rows)


def client_satisfaction():
    # Quarterly client relationship survey plus the monthly service review score.
    roles = ["Customer service director", "Contract manager", "Complaints lead", "Operations analyst"]
    rows = []
    for m in months():
        for site in SITES:
            for client in ("water", "lender"):
                if site == "south" and client == "lender":
                    continue  # the lender's work is handled at north only
                for role in rng.sample(roles, 2):
                    if site == "north":
                        sat = rng.choices([5, 4, 3], [45, 45, 10])[0]
                    elif m.month in SUMMER or m.month == 10:
                        sat = rng.choices([4, 3, 2, 1], [25, 35, 30, 10])[0]
                    else:
                        sat = rng.choices([5, 4, 3, 2], [20, 55, 20, 5])[0]
                    rows.append([site, client, workday(m).isoformat(), sat, role, "inbound service"])
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    write("client-satisfaction", ["site", "client", "surveyed_on", "overall_sat", "respondent", "programme"], rows)


def proactive():
    triggers = [("planned-works", "sms", "water"), ("supply-interruption", "sms", "water"),
                ("missed-callback", "phone", "any"), ("complaint-update", "email", "any"),
                ("welcome-call", "phone", "lender")]
    rows, n = [], 0
    for m in months():
        for site in SITES:
            for _ in range(rng.randint(40, 70) if site == "north" else rng.randint(25, 45)):
                n += 1
                trig, chan, _client = rng.choice(triggers)
                outcome = rng.choices(["delivered", "answered", "no answer"], [60, 30, 10])[0]
                rows.append([site, f"PC-{n:05d}", workday(m).isoformat(), trig, chan, outcome])
    rows.sort(key=lambda r: (r[2], r[1]))
    write("proactive-contact", ["site", "contact_id", "sent_on", "trigger", "channel", "outcome"], rows)


def availability():
    systems = ["acd-ivr", "crm", "call-recording", "wfm"]
    rows = []
    for m in months():
        days_open = sum(1 for i in range((month_end(m) - m).days + 1)
                        if (m + dt.timedelta(days=i)).weekday() != 6)
        scheduled = days_open * 12 * 60  # 08:00-20:00, Monday to Saturday
        for site in SITES:
            for system in systems:
                down = rng.choice([0, 0, 0, 5, 10, 15])
                incidents = 0 if down == 0 else 1
                if site == "south" and system == "acd-ivr" and m.month == 8:
                    down, incidents = 38, 2  # carrier fault on 2026-08-10, failed over to north
                rows.append([site, m.isoformat(), system, scheduled, scheduled - down, incidents])
    write("system-availability", ["site", "month", "system", "scheduled_minutes", "available_minutes", "incidents"],
          rows)


def recoveries():
    remedies = [("goodwill credit £10", True), ("goodwill credit £25", True), ("apology letter", True),
                ("priority engineer visit", True), ("fee refund", True), ("goodwill credit £75", False)]
    rows, n = [], 0
    for m in months():
        for site in SITES:
            for _ in range(rng.randint(8, 14) if struggling(site, m.month) else rng.randint(4, 8)):
                n += 1
                remedy, within = rng.choice(remedies)
                sat = rng.choices([5, 4, 3, 2, 1], [35, 40, 15, 7, 3])[0]
                rows.append([site, f"SR-2026-{n:04d}", workday(m).isoformat(), remedy, "Y" if within else "N", sat])
    rows.sort(key=lambda r: (r[2], r[1]))
    write("service-recovery", ["site", "case_id", "recovered_on", "remedy", "within_authority", "post_sat"], rows)


def knowledge():
    owners = ["Knowledge lead", "Water product owner", "Lender product owner", "Complaints lead"]
    topics = ["billing", "meter", "leak", "payment-plan", "direct-debit", "hardship", "arrears-letter",
              "account-closure", "vulnerability", "complaints", "identity-check", "interest-rate"]
    rows = []
    for i in range(1, 181):
        site = "north" if i % 3 else "south"  # articles are owned where the product team sits
        due = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
        if due.month in SUMMER or due.month == 10:
            on_time = rng.random() < 0.62  # the knowledge team covered the phones
        else:
            on_time = rng.random() < 0.96
        if on_time:
            reviewed = due - dt.timedelta(days=rng.randint(0, 20))
        elif due + dt.timedelta(days=20) <= END and rng.random() < 0.5:
            reviewed = due + dt.timedelta(days=rng.randint(5, 20))
        else:
            reviewed = None
        flag = rng.random() < (0.06 if reviewed is None else 0.01)
        rows.append([site, f"KB-{i:04d}", rng.choice(topics), rng.choice(owners), due.isoformat(),
                     reviewed.isoformat() if reviewed else "", "Y" if flag else "N", rng.randint(20, 4000),
                     "Y" if rng.random() < 0.3 else "N"])
    rows.sort(key=lambda r: r[1])
    write("knowledge-article", ["site", "article_id", "topic", "owner", "review_due", "reviewed_on", "accuracy_flag",
                                "views", "self_service"], rows)


if __name__ == "__main__":
    changes()
    nonconformities()
    client_satisfaction()
    proactive()
    availability()
    recoveries()
    knowledge()
