#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the
six-sigma pack reads and the other generators do not write:

- records/ctq-tally/2026.csv: the monthly defect data of the CTQs measured
  across systems. Complaints are counted from the complaint log
  (records/complaint) against the contacts handled on every channel
  (records/channel-volume), so the tally is those same records joined month by
  month; repeat contacts come from the CRM's repeat-contact report.
- records/dmaic-tracker/2026.csv: the deployment office's project tracker.
- records/training-record/six-sigma-belts.csv: the Green and Black Belt
  certifications of the year (beside the training export acme-records.py
  writes, which stays untouched).

It reads (never writes) the other generators' complaint and channel-volume
records. Deterministic: same seed, same bytes.

The story: Acme launched its Six Sigma deployment in February 2026, with the
operations director as champion, a Black Belt and two Green Belts per site.
North's billing-complaints project closed in June and its complaint rate has
held under the stretch ceiling since. South's identity-check project closed in
May and cut critical errors, but over the summer, while team leaders covered
the phones, critical errors and abandoned calls went over their 3-sigma
ceilings and a covering evaluator's calibration drifted (the QA and ACD records
the other generators wrote show it); south's control chart caught it and the
reaction plan is running. South's complaints stay above the 4.5-sigma stretch.

    python3 examples/acme-records-sixsigma.py
"""
import csv
import os
import random
from collections import Counter

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
SITES = ("north", "south")
rng = random.Random(20261103)


def read(kind):
    with open(os.path.join(ROOT, kind, "2026.csv"), newline="") as f:
        return list(csv.DictReader(f))


def write(kind, name, header, rows):
    folder = os.path.join(ROOT, kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def tally():
    handled = Counter()
    for r in read("channel-volume"):
        handled[(r["site"], r["month"][:7])] += int(r["handled"])
    complaints = Counter((r["site"], r["received_on"][:7]) for r in read("complaint"))
    rows = []
    for site in SITES:
        for month in range(1, 11):
            m = f"2026-{month:02d}"
            contacts = handled[(site, m)]
            rows.append([site, f"{m}-01", "complaint", contacts, complaints[(site, m)],
                         "complaint log / channel volumes"])
            # Repeat contacts within seven days: north 10-12%, south 12-14% (15% over the summer).
            rate = rng.uniform(0.10, 0.12) if site == "north" else (
                rng.uniform(0.14, 0.15) if month in (7, 8, 9) else rng.uniform(0.12, 0.14))
            rows.append([site, f"{m}-01", "repeat-contact", contacts, round(contacts * rate),
                         "CRM repeat-contact report"])
    write("ctq-tally", "2026.csv", ["site", "month", "ctq", "opportunities", "defects", "source"], rows)


def tracker():
    rows = [
        # site, id, ctq, chartered, baseline, goal, closed, result, belt, sponsor
        ["north", "SS-N01", "complaint", "2026-02-23", 2100, 1300, "2026-06-30", 1040, "TLN2", "Operations director"],
        ["north", "SS-N02", "repeat-contact", "2026-09-07", 118000, 100000, "", "", "TLN4", "Operations director"],
        ["south", "SS-S01", "critical-error", "2026-02-23", 56000, 30000, "2026-05-29", 26500, "TLS2",
         "Operations director"],
        ["south", "SS-S02", "abandoned-call", "2026-10-05", 76000, 40000, "", "", "SBB1", "Operations director"],
    ]
    write("dmaic-tracker", "2026.csv", ["site", "project_id", "ctq", "chartered_on", "baseline_dpmo", "goal_dpmo",
                                        "closed_on", "result_dpmo", "belt", "sponsor"], rows)


def belts():
    rows = [
        ["north", "NBB1", "black-belt", "2026-02-06", "Y", "2029-02-06", 91, "continuous-improvement"],
        ["north", "TLN2", "green-belt", "2026-02-20", "Y", "2029-02-20", 87, "team-leader"],
        ["north", "TLN4", "green-belt", "2026-02-20", "Y", "2029-02-20", 84, "team-leader"],
        ["south", "SBB1", "black-belt", "2026-02-06", "Y", "2029-02-06", 89, "continuous-improvement"],
        ["south", "TLS2", "green-belt", "2026-02-20", "Y", "2029-02-20", 85, "team-leader"],
        ["south", "TLS5", "green-belt", "2026-03-13", "Y", "2029-03-13", 82, "team-leader"],
    ]
    write("training-record", "six-sigma-belts.csv", ["site", "person_id", "course", "completed_on", "verified",
                                                     "expires_on", "score", "role"], rows)


tally()
tracker()
belts()
