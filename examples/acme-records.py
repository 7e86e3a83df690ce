#!/usr/bin/env python3
"""Regenerates the record exports of examples/acme-contact-centre (except the
survey file, which is older and kept as it is). Deterministic: same seed, same
bytes. The story the numbers tell: north is a steady site; south loses staff
over the summer, so its service level, abandonment, QA accuracy and
complaint handling slip from July to September.

    python3 examples/acme-records.py
"""
import csv
import datetime as dt
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
START, END = dt.date(2026, 1, 1), dt.date(2026, 10, 31)
SITES = {"north": "NA", "south": "SA"}
SUMMER = {7, 8, 9}
rng = random.Random(2026)


def days():
    d = START
    while d <= END:
        yield d
        d += dt.timedelta(days=1)


def write(kind, name, header, rows):
    folder = os.path.join(ROOT, kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def struggling(site, month):
    return site == "south" and month in SUMMER


def acd():
    rows = []
    for site in SITES:
        for d in days():
            if d.weekday() == 6:
                continue
            for slot in range(24):  # 08:00-20:00 in half hours
                ts = dt.datetime.combine(d, dt.time(8)) + dt.timedelta(minutes=30 * slot)
                peak = 1.4 if 4 <= slot <= 10 else 1.0
                offered = max(5, int(rng.gauss(28 if site == "north" else 24, 4) * peak))
                bad = struggling(site, d.month)
                short = sum(rng.random() < 0.01 for _ in range(offered))
                aband_rate = 0.075 if bad else (0.028 if site == "north" else 0.038)
                abandoned = sum(rng.random() < aband_rate for _ in range(offered - short))
                answered = offered - short - abandoned
                sl_rate = 0.72 if bad else (0.86 if site == "north" else 0.82)
                in_sl = sum(rng.random() < sl_rate for _ in range(answered))
                asa = 48 if bad else (16 if site == "north" else 22)
                wait = int(sum(rng.expovariate(1 / asa) for _ in range(answered)))
                handle = int(sum(rng.gauss(330, 60) for _ in range(answered)))
                rows.append([site, ts.strftime("%Y-%m-%dT%H:%M:00"), "general", offered, answered, in_sl,
                             abandoned, short, wait, handle])
    write("acd-interval", "2026.csv",
          ["site", "interval_start", "queue", "offered", "answered", "answered_in_sl", "abandoned",
           "short_abandons", "wait_s", "handle_s"], rows)


def qa():
    rows = []
    n = 0
    for site, prefix in SITES.items():
        for month in range(1, 11):
            for a in range(1, 25):
                for _ in range(5):
                    n += 1
                    day = dt.date(2026, month, rng.randint(1, 28))
                    bad = struggling(site, month)
                    crit = rng.random() < (0.07 if bad else (0.02 if site == "north" else 0.035))
                    score = min(100.0, max(40.0, rng.gauss(80 if bad else (89 if site == "north" else 86), 6)))
                    rows.append([site, day.isoformat(), f"{prefix}{a:02d}", f"{score:.1f}", "Y" if crit else "N",
                                 rng.choice(["QE1", "QE2", "QE3"]), f"{prefix[0]}C{n:06d}",
                                 rng.choice(["voice", "voice", "voice", "chat"])])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    write("qa-evaluation", "2026.csv",
          ["site", "evaluated_on", "agent_id", "score", "critical_error", "evaluator", "contact_id", "channel"], rows)


def staff():
    rows = []
    for site in SITES:
        head = 30 if site == "north" else 29
        for month in range(1, 11):
            bad = struggling(site, month)
            seps = rng.choice([0, 1, 1]) if site == "north" else (rng.choice([2, 3]) if bad else rng.choice([0, 1, 1, 2]))
            hires = seps if site == "north" else (max(0, seps - 1) if bad else seps + (month == 10))
            end = head - seps + hires
            sched = 160.0 * (head + end) / 2
            absent = sched * (0.068 if bad else (0.032 if site == "north" else 0.045))
            rows.append([site, f"2026-{month:02d}-01", head, end, seps, max(0, seps - (month % 3 == 0)),
                         f"{sched:.0f}", f"{absent:.0f}"])
            head = end
    write("staff-month", "2026.csv",
          ["site", "month", "headcount_start", "headcount_end", "separations", "voluntary_separations",
           "scheduled_hours", "absent_hours"], rows)


COURSES = ["induction", "product-knowledge", "complaint-handling", "data-protection", "security-awareness"]


def training():
    rows = []
    for site, prefix in SITES.items():
        for a in range(1, 25):
            person = f"{prefix}{a:02d}"
            hired = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randint(0, 600))
            for course in COURSES:
                done = min(END, hired + dt.timedelta(days=rng.randint(0, 20)))
                if course in ("data-protection", "security-awareness") and done < dt.date(2026, 1, 1):
                    done = dt.date(2026, rng.randint(1, 6), rng.randint(1, 28))
                # South's summer starters were put on the phones before their
                # product-knowledge check; two security refreshers lapsed.
                verified = not (site == "south" and course == "product-knowledge" and a in (7, 15, 21))
                expires = done + dt.timedelta(days=365)
                if site == "south" and course == "security-awareness" and a in (3, 11):
                    done = dt.date(2025, 9, 30)
                    expires = dt.date(2026, 9, 30)
                rows.append([site, person, course, done.isoformat(), "Y" if verified else "N",
                             expires.isoformat(), f"{rng.randint(72, 99)}", "agent"])
    write("training-record", "2026.csv",
          ["site", "person_id", "course", "completed_on", "verified", "expires_on", "score", "role"], rows)


CATEGORIES = ["billing", "delay", "agent-conduct", "wrong-information", "repeat-contact"]


def complaints():
    rows = []
    n = 0
    for site in SITES:
        for d in days():
            if d.weekday() == 6:
                continue
            for _ in range(rng.choice([0, 1, 1, 2]) if site == "north" else rng.choice([0, 1, 2, 2])):
                n += 1
                bad = struggling(site, d.month)
                ack = d + dt.timedelta(days=rng.choice([0, 0, 1]))
                late = rng.random() < (0.25 if bad else 0.05)
                res = d + dt.timedelta(days=rng.randint(8, 15) if late else rng.randint(1, 5))
                resolved = "" if res > END else res.isoformat()
                rows.append([site, f"CMP-{n:05d}", d.isoformat(), rng.choice(CATEGORIES), ack.isoformat(),
                             resolved, rng.choice(["process", "training", "system", "policy"])])
    write("complaint", "2026.csv",
          ["site", "complaint_id", "received_on", "category", "acknowledged_on", "resolved_on", "root_cause"], rows)


def roster():
    """The agents qa() evaluates, on the books since before the audit year.
    No random draws, so the other files do not move."""
    rows = [[site, f"{prefix}{a:02d}", "2024-09-02", "", "agent"]
            for site, prefix in SITES.items() for a in range(1, 25)]
    write("agent-roster", "2026.csv", ["site", "agent_id", "start_date", "end_date", "role"], rows)


if __name__ == "__main__":
    acd()
    qa()
    staff()
    training()
    complaints()
    roster()
