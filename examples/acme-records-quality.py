#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that only the
cc-quality pack reads: queue-interval (the switch's queue report, with rings
and the queuing time of every caller), control-point-evaluation, key-press-survey
and follow-up-visit, one records/<kind>/2026.csv each. Deterministic: same
seed, same bytes.

The story, in step with acme-records.py: north is steady; south loses staff
over the summer (July-September), so its phones ring longer, callers queue
longer and fewer press the satisfied keys; its customer care officer covered
the phones in August, so only two follow-up visits were made that month.

    python3 examples/acme-records-quality.py
"""
import datetime as dt
import importlib.util
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SITES = {"north": "NA", "south": "SA"}
rng = random.Random(20260707)


def borrow(name):
    """The sibling generator `name`.py as a module (its records are written only when run)."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The same days, the same summer at south, and the same records/<kind>/2026.csv writer.
extra = borrow("acme-records-extra")
days, write, struggling = borrow("acme-records").days, extra.write, extra.struggling


def queue_intervals():
    rows = []
    for site in SITES:
        for d in days():
            if d.weekday() == 6:
                continue
            bad = struggling(site, d.month)
            for slot in range(24):  # 08:00-20:00 in half hours
                ts = dt.datetime.combine(d, dt.time(8)) + dt.timedelta(minutes=30 * slot)
                offered = max(5, int(rng.gauss(28 if site == "north" else 24, 4)))
                abandoned = sum(rng.random() < (0.075 if bad else 0.03) for _ in range(offered))
                answered = offered - abandoned
                in_rings = sum(rng.random() < (0.86 if bad else 0.955) for _ in range(answered))
                mean_wait = 55 if bad else (16 if site == "north" else 21)
                queued = int(sum(rng.expovariate(1 / mean_wait) for _ in range(offered)))
                rows.append([site, ts.strftime("%Y-%m-%dT%H:%M:00"), "general", offered, answered, abandoned,
                             in_rings, queued])
    write("queue-interval", ["site", "interval_start", "queue", "offered", "answered", "abandoned",
                             "answered_in_rings", "queue_s"], rows)


def control_points():
    rows = []
    n = 0
    for site, prefix in SITES.items():
        for month in range(1, 11):
            bad = struggling(site, month)
            for a in range(1, 25):
                for _ in range(3):
                    n += 1
                    day = dt.date(2026, month, rng.randint(1, 28))
                    live = rng.random() < (0.18 if bad else 0.42)
                    met = [rng.random() < p for p in (0.985, 0.95 if bad else 0.96, 0.95, 0.95, 0.96)]
                    rows.append([site, day.isoformat(), f"{prefix}{a:02d}", f"{prefix[0]}C{n:06d}",
                                 "Y" if live else "N"] + ["Y" if m else "N" for m in met]
                                + [f"QE{rng.randint(1, 3)}"])
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    write("control-point-evaluation", ["site", "evaluated_on", "agent_id", "contact_id", "live", "courtesy",
                                       "handling", "care", "answer_quality", "satisfaction_asked", "evaluator"], rows)


def key_presses():
    rows = []
    for site, prefix in SITES.items():
        k = 0
        for month in range(1, 11):
            bad = struggling(site, month)
            for _ in range(rng.randint(280, 340)):
                k += 1
                day = dt.date(2026, month, rng.randint(1, 28))
                ts = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=rng.randint(0, 719))
                r = rng.random()
                if r < 0.015:
                    key = rng.choice([0, 9])  # a key that is not a rating
                else:
                    sat = 0.79 if bad else (0.92 if site == "north" else 0.89)
                    key = rng.choice([4, 5]) if rng.random() < sat else rng.choice([1, 2, 3])
                rows.append([site, f"{prefix[0]}K{k:06d}", ts.strftime("%Y-%m-%dT%H:%M:00"), key,
                             f"{prefix}{rng.randint(1, 24):02d}"])
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    write("key-press-survey", ["site", "call_id", "call_ts", "rating", "agent_id"], rows)


OPINIONS = [
    "Happy with the payment plan; would like a text before each instalment",
    "Engineer visit was on time; the hold music on the phone line is too loud",
    "Satisfied overall; had to repeat the account number twice on the call",
    "Wants the online form to save a half-finished complaint",
    "Pleased the agent called back as promised; bill wording still confusing",
    "Asked for a named contact for the leak claim; otherwise satisfied",
]


def follow_ups():
    rows = []
    for site in SITES:
        k = 0
        for month in range(1, 11):
            count = 2 if (site == "south" and month == 8) else 5
            for i in range(count):
                k += 1
                day = dt.date(2026, month, 4 + 5 * i)
                rows.append([site, f"FU-{site[0].upper()}-{k:03d}", day.isoformat(), f"CUST-{rng.randint(10000, 99999)}",
                             rng.choice(OPINIONS), "Customer care officer", rng.choice(["visit", "phone"])])
    write("follow-up-visit", ["site", "visit_id", "visited_on", "customer_ref", "opinions", "visited_by", "channel"],
          rows)


if __name__ == "__main__":
    queue_intervals()
    control_points()
    key_presses()
    follow_ups()
