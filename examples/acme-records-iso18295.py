#!/usr/bin/env python3
"""Generates the record export of examples/acme-contact-centre that the
iso18295 pack reads and the other generators do not write: new-starter, one
records/new-starter/2026.csv. It reads (never writes) the training records
acme-records.py made (records/training-record), so every starter is a person
whose induction was completed in the audit year, with the same dates.
Deterministic: no random draws, same bytes every run.

The story, in step with acme-records.py: a new agent starts two weeks before
their first course, and takes live contacts two days after the later of
induction and the product-knowledge check. North holds to that for all ten of
its starters. South put two starters (SA21 late in May, SA07 in August, with
the team short of people) on the phones the day after induction, before the
product-knowledge check that never got signed off, so their skills were never
verified before their first live contact.

    python3 examples/acme-records-iso18295.py
"""
import csv
import datetime as dt
import importlib.util
import os
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
START, END = dt.date(2026, 1, 1), dt.date(2026, 10, 31)

# records/<kind>/2026.csv with a header row: the other generator's writer, shared.
_spec = importlib.util.spec_from_file_location(
    "acme_records_extra", os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-records-extra.py"))
_extra = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_extra)
write = _extra.write


def courses():
    """(site, person) -> course -> (completed_on, verified)."""
    out = defaultdict(dict)
    with open(os.path.join(ROOT, "training-record", "2026.csv"), newline="") as f:
        for r in csv.DictReader(f):
            out[(r["site"], r["person_id"])][r["course"]] = (dt.date.fromisoformat(r["completed_on"]),
                                                             r["verified"] == "Y")
    return out


def starters():
    rows = []
    for (site, person), done in sorted(courses().items()):
        induction, _ = done["induction"]
        if not START <= induction <= END:
            continue  # on the books before the audit year
        checked, verified = done["product-knowledge"]
        started = min(induction, checked) - dt.timedelta(days=14)
        if verified:
            live = max(induction, checked) + dt.timedelta(days=2)
            rows.append([site, person, started.isoformat(), live.isoformat(), induction.isoformat(),
                         checked.isoformat(), "Training lead", "agent"])
        else:
            # On the phones the day after induction; the check was never signed off.
            live = induction + dt.timedelta(days=1)
            rows.append([site, person, started.isoformat(), live.isoformat(), induction.isoformat(), "", "",
                         "agent"])
    write("new-starter", ["site", "agent_id", "started_on", "first_live_on", "induction_completed_on",
                          "verified_on", "verified_by", "role"], rows)


if __name__ == "__main__":
    starters()
