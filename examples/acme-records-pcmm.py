#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the pcmm
(People CMM) pack reads and the other generators do not write:
performance-discussion and mentoring-session, one records/<kind>/2026.csv
each. It reads (never writes) the agent roster acme-records.py made, so every
rostered agent has their monthly one-to-one. Deterministic: same seed, same
bytes.

The story, in step with the other generators: both sites hold the monthly
one-to-one with every agent, objectives recorded, and most agents set
themselves an improvement goal. South's team leaders cover the phones over
the summer (July-September): a few one-to-ones slip past the seven days the
procedure allows, and fewer improvement goals are agreed, but neither falls
under the limits. Each site's mentors meet their mentees about twice a month,
a little less often at south in the summer. South's People CMM gaps come from
the records the other packs read too: attrition from May, three agents never
verified on product knowledge, and August's quality score.

    python3 examples/acme-records-pcmm.py
"""
import csv
import datetime as dt
import importlib.util
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
SITES = ("north", "south")
MONTHS = range(1, 11)
SUMMER = {7, 8, 9}
rng = random.Random(20261103)

# records/<kind>/2026.csv with a header row: the other generator's writer, shared.
_spec = importlib.util.spec_from_file_location(
    "acme_records_extra", os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-records-extra.py"))
_extra = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_extra)
write = _extra.write


def struggling(site, month):
    return site == "south" and month in SUMMER


def roster():
    with open(os.path.join(ROOT, "agent-roster", "2026.csv"), newline="") as f:
        return [r for r in csv.DictReader(f)]


def team_leader(site, agent_id):
    """Two teams of twelve a site; south's TLS3 covers TLS2's team in the summer."""
    n = int(agent_id[2:])
    return "TL%s%d" % (site[0].upper(), 1 if n <= 12 else 2)


def discussions():
    rows = []
    agents = roster()
    for month in MONTHS:
        due = dt.date(2026, month, 20)
        for r in agents:
            site, agent_id = r["site"], r["agent_id"]
            reviewer = team_leader(site, agent_id)
            if struggling(site, month) and reviewer == "TLS2":
                reviewer = "TLS3"
            # Two of a site's 24 discussions a month at most run late in south's summer.
            late = struggling(site, month) and int(agent_id[2:]) in (5, 17)
            held = due + dt.timedelta(days=rng.randint(8, 12) if late else rng.randint(0, 5))
            goal_share = 0.88 if struggling(site, month) else 0.97
            rows.append([site, agent_id, due.isoformat(), held.isoformat(), "Y",
                         "Y" if rng.random() < goal_share else "N", reviewer])
    rows.sort(key=lambda x: (SITES.index(x[0]), x[2], x[1]))
    write("performance-discussion", ["site", "agent_id", "due_on", "held_on", "objectives_agreed",
                                     "improvement_goal", "reviewer"], rows)


# Mentees: agents working towards a next step on the career paths (a senior agent's role, chat, the
# quality team); their mentors are team leaders and skilled agents from another team.
PAIRS = {"north": [("NA03", "NA14"), ("NA09", "TLN2"), ("NA15", "NA02"), ("NA21", "TLN1")],
         "south": [("SA04", "SA18"), ("SA11", "TLS1"), ("SA19", "SA06"), ("SA23", "TLS1")]}
TOPICS = ["written contact", "coaching", "complaint resolution", "vulnerable customers", "career next step"]


def mentoring():
    rows = []
    for site in SITES:
        for month in MONTHS:
            for mentee, mentor in PAIRS[site]:
                # Twice a month; one meeting at most in south's summer, for half the pairs.
                times = 1 if struggling(site, month) and mentee in ("SA11", "SA23") else 2
                for k in range(times):
                    day = 6 + k * 14 + rng.randint(0, 5)
                    rows.append([site, mentee, mentor, dt.date(2026, month, day).isoformat(), rng.choice(TOPICS)])
    rows.sort(key=lambda x: (SITES.index(x[0]), x[3], x[1]))
    write("mentoring-session", ["site", "mentee_id", "mentor_id", "held_on", "topic"], rows)


if __name__ == "__main__":
    discussions()
    mentoring()
