#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the
hdi-scp pack reads for Acme's digital support desk: the tickets
(records/support-ticket/2026.csv), the tech-support queue's ACD intervals
(records/acd-interval/tech-support-2026.csv), the post-incident surveys
(records/customer-survey/tech-support-2026.csv) and the analysts' training
and certification (records/training-record/support-desk-2026.csv). The
other generators' files are left alone: each kind reads every file under
its folder. Deterministic: same seed, same bytes.

The story: the desk supports the clients' customers who cannot use their
online services, the lender's app, online banking and chat at north and the
water company's online account and smart-meter portal at south. North holds
every target all year. South's analysts cover the water phones in August and
September: P2 tickets wait past their eight hours, and linking knowledge
articles to resolved tickets, never strong at south, drops to about half
from July and has not recovered in October.

    python3 examples/acme-records-hdi.py
"""
import datetime as dt
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
SITES = ("north", "south")
MONTHS = range(1, 11)
SLA = {"P1": 4, "P2": 8, "P3": 24, "P4": 72}
ANALYSTS = {"north": 11, "south": 7}
rng = random.Random(20261103)


def write(kind, name, header, rows):
    path = os.path.join(ROOT, kind, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def weekdays(month):
    d = dt.date(2026, month, 1)
    while d.month == month:
        if d.weekday() < 5:
            yield d
        d += dt.timedelta(days=1)


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:00")


# A hundred tickets' channels, in a fixed mixed order: 27 on the portal, 6 by e-mail, 45 by phone, 22 by chat.
CHANNELS = ["portal"] * 27 + ["email"] * 6 + ["phone"] * 45 + ["chat"] * 22
random.Random(7).shuffle(CHANNELS)


def tickets():
    rows = []
    for site in SITES:
        k = 0
        for m in MONTHS:
            days = list(weekdays(m))
            n = (255 if site == "north" else 175) + rng.randint(-15, 15)
            kb_rate = (0.72 if site == "north" else 0.68 if m < 7 else 0.5 if m < 10 else 0.56)
            p2_late = site == "south" and m in (8, 9)
            p2_seen = live_seen = 0
            for i in range(n):
                k += 1
                day = days[i % len(days)]
                opened = dt.datetime(day.year, day.month, day.day, 8 + rng.randint(0, 11), rng.randint(0, 59))
                channel = CHANNELS[i % 100]
                y = rng.random()
                prio = "P1" if y < 0.02 else "P2" if y < 0.17 else "P3" if y < 0.67 else "P4"
                live = channel in ("phone", "chat")
                # North resolves four live tickets in five at first contact, south three in four.
                fcr = False
                if live:
                    live_seen += 1
                    fcr = prio != "P1" and live_seen % (5 if site == "north" else 4) != 0
                hours = SLA[prio]
                if fcr:
                    taken = rng.randint(8, 40) / 60
                else:
                    taken = hours * rng.uniform(0.2, 0.85)
                if prio == "P2":
                    p2_seen += 1
                    # South's summer: one P2 ticket in four waits past its eight hours.
                    if p2_late and p2_seen % 4 == 0:
                        taken = hours + rng.uniform(1, 9)
                    elif prio == "P2" and p2_seen % 29 == 0:
                        taken = hours + rng.uniform(0.5, 2)
                resolved = opened + dt.timedelta(hours=taken)
                escalated = not fcr and not live and prio in ("P1", "P2") or (not fcr and rng.random() < 0.3)
                reopened = k % 60 == 0
                kb = "KB-%04d" % (rng.randint(1, 240) + (0 if site == "north" else 500)) if rng.random() < kb_rate else ""
                analyst = "%sS%02d" % (site[0].upper(), rng.randint(1, ANALYSTS[site]))
                category = rng.choice(["login", "password", "device", "payment", "chat" if site == "north" else "meter-reading"])
                rows.append((site, "%s-%05d" % ("DSN" if site == "north" else "DSS", k), ts(opened), channel, prio,
                             hours, "Y" if fcr else "N", "Y" if escalated else "N", "Y" if reopened else "N",
                             ts(resolved), "request" if category == "password" else "incident", category, kb, analyst))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    write("support-ticket", "2026.csv",
          ["site", "ticket_id", "opened_at", "channel", "priority", "sla_hours", "first_contact_resolved", "escalated",
           "reopened", "resolved_at", "type", "category", "kb_article", "analyst"], rows)


def acd():
    rows = []
    for site in SITES:
        for m in MONTHS:
            for day in weekdays(m):
                for slot in range(24):
                    start = dt.datetime(day.year, day.month, day.day, 8) + dt.timedelta(minutes=30 * slot)
                    offered = rng.randint(4, 12) if site == "north" else rng.randint(3, 9)
                    short = 1 if rng.random() < 0.08 else 0
                    abandoned = short + (1 if rng.random() < 0.15 else 0)
                    abandoned = min(abandoned, offered)
                    answered = offered - abandoned
                    in_sl = answered - (1 if answered and rng.random() < 0.25 else 0)
                    wait = sum(rng.randint(5, 50 if site == "north" else 60) for _ in range(answered))
                    handle = sum(rng.randint(300, 540) for _ in range(answered))
                    rows.append((site, ts(start), "tech-support", offered, answered, in_sl, abandoned, short, wait, handle))
    write("acd-interval", "tech-support-2026.csv",
          ["site", "interval_start", "queue", "offered", "answered", "answered_in_sl", "abandoned", "short_abandons",
           "wait_s", "handle_s"], rows)


def surveys():
    rows = []
    for site in SITES:
        k = 0
        for m in MONTHS:
            days = list(weekdays(m))
            # North: 36 rate 5, 4 rate 4, 3 rate 3, 1 rates 2; south: 29, 5, 3 and 1.
            ratings = [5] * (36 if site == "north" else 29) + [4] * (4 if site == "north" else 5) + [3] * 3 + [2]
            rng.shuffle(ratings)
            for sat in ratings:
                k += 1
                day = days[rng.randrange(len(days))]
                closed = dt.datetime(day.year, day.month, day.day, 9 + rng.randint(0, 9), rng.randint(0, 59))
                taken = closed + dt.timedelta(hours=rng.randint(1, 20))
                resolved = sat >= 4 or rng.random() < 0.5
                csr = 5 if sat == 5 and rng.random() < 0.95 else max(sat - 1, 1) if sat < 4 else 4
                rows.append((site, "%sDS%05d" % (site[0].upper(), k), ts(closed), ts(taken), sat,
                             "Y" if resolved else "N", csr, 6, "", "tech-support"))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    write("customer-survey", "tech-support-2026.csv",
          ["site", "call_id", "call_ts", "survey_ts", "overall_sat", "resolved", "csr_sat", "questions", "agent_id",
           "call_type"], rows)


def training():
    rows = []
    for site in SITES:
        for a in range(ANALYSTS[site]):
            person = "%sS%02d" % (site[0].upper(), a + 1)
            for c, (month, years) in [("hdi-support-center-analyst", (1, 3)), ("kcs-fundamentals", (2, 2)),
                                      ("itsm-tool", (3, 1))]:
                done = dt.date(2026, month, 5 + a)
                rows.append((site, person, c, done.isoformat(), "Y", done.replace(year=2026 + years).isoformat(),
                             rng.randint(82, 97), "analyst"))
    write("training-record", "support-desk-2026.csv",
          ["site", "person_id", "course", "completed_on", "verified", "expires_on", "score", "role"], rows)


tickets()
acd()
surveys()
training()
