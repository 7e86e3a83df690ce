#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the
qa-monitoring pack reads and the other generators do not write: qa-feedback,
qa-calibration, qa-exemplar, qa-process-finding, channel-volume and
customer-feedback, one records/<kind>/2026.csv each. It reads (never writes)
the evaluations acme-records.py made (records/qa-evaluation) and the ACD
intervals, so the feedback rows are those same evaluations and the voice
volumes those same calls. Deterministic: same seed, same bytes.

The story, in step with acme-records.py: north runs the whole programme and
has no evaluation under 70 all year, so it has nothing to coach. South's team
leaders cover the phones over the summer (July-September): feedback on
evaluations slips past five days, much of it goes by email instead of face to
face, the summer's low scores wait two weeks and more for coaching, a covering
team leader (TLS3) scores far from the reference in the August and September
calibration sessions, and no exemplary call is added in the third quarter.
Both sites keep raising process findings and measuring what the changes did.

    python3 examples/acme-records-qa.py
"""
import csv
import datetime as dt
import importlib.util
import os
import random
import re
import zipfile
from collections import Counter, defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
SITES = ("north", "south")
SUMMER = {7, 8, 9}
rng = random.Random(20261102)


def struggling(site, month):
    return site == "south" and month in SUMMER


def read(kind):
    with open(os.path.join(ROOT, kind, "2026.csv"), newline="") as f:
        return list(csv.DictReader(f))


# records/<kind>/2026.csv with a header row: the other generator's writer, shared.
_spec = importlib.util.spec_from_file_location(
    "acme_records_extra", os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-records-extra.py"))
_extra = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_extra)
write = _extra.write


def day(s):
    return dt.date.fromisoformat(s)


EVALUATIONS = read("qa-evaluation")
CALL_TYPE = {}


def feedback():
    """The QA tool's feedback export: every evaluation, as it went back to the agent."""
    rows = []
    for e in EVALUATIONS:
        site, month, evaluated = e["site"], int(e["evaluated_on"][5:7]), day(e["evaluated_on"])
        ct = rng.choice(["support", "billing"] if e["channel"] == "chat" else ["support", "billing", "sales"])
        CALL_TYPE[e["contact_id"]] = ct
        bad = struggling(site, month)
        late = rng.random() < ({7: 0.10, 8: 0.40, 9: 0.30}[month] if bad else 0.0)
        fed = evaluated + dt.timedelta(days=rng.randint(6, 12) if late else rng.randint(1, 3))
        in_person = rng.random() < (0.58 if bad else (0.93 if site == "north" else 0.9))
        strengths = 0 if rng.random() < (0.03 if site == "north" else 0.05) else rng.randint(1, 3)
        coached = ""
        if float(e["score"]) < 70:
            wait = rng.randint(9, 20) if (bad and rng.random() < 0.75) else rng.randint(2, 6)
            coached = (evaluated + dt.timedelta(days=wait)).isoformat()
        rows.append([site, e["agent_id"], e["evaluated_on"], e["score"], ct, ct, fed.isoformat(),
                     "Y" if in_person else "N", strengths, coached, e["contact_id"], e["evaluator"]])
    write("qa-feedback", ["site", "agent_id", "evaluated_on", "score", "call_type", "scorecard_type", "feedback_on",
                          "in_person", "strengths", "coached_on", "contact_id", "evaluator"], rows)


# Calibration: on the session day each site's three evaluators and two team leaders score the same
# five contacts; the reference is the head of quality's agreed score. Differences in points.
STEADY = [2, 4, 3, 1, 5, 3, 2, 4, 3, 2, 1, 4, 3, 5, 2]
RUSTY = [5, 7, 4, 6, 3]      # south's evaluators in August, after weeks on the phones
ADRIFT = [11, 9, 12, 10, 8]  # TLS3, covering for TLS2 in August and September
SESSIONS = {1: 14, 2: 11, 3: 12, 4: 15, 5: 13, 6: 17, 7: 16, 8: 13, 9: 16, 10: 14}


def calibration():
    rows = []
    for site in SITES:
        p = site[0].upper()
        for month, d in SESSIONS.items():
            on = dt.date(2026, month, d).isoformat()
            leaders = [f"TL{p}1", f"TL{p}3" if (site == "south" and month in (8, 9)) else f"TL{p}2"]
            for c in range(5):
                ref = float(rng.choice([72, 78, 84, 88, 92, 96]))
                for k, who in enumerate(["QE1", "QE2", "QE3"] + leaders):
                    if who == "TLS3":
                        dev = ADRIFT[c]
                    elif site == "south" and month == 8 and k < 3:
                        dev = RUSTY[(c + k) % 5]
                    else:
                        dev = STEADY[(c * 5 + k + month) % len(STEADY)]
                    sign = 1 if (c + k + month) % 2 else -1
                    score = min(100.0, max(0.0, ref + sign * dev))
                    if score == 100.0 and ref + sign * dev > 100:
                        score = ref - dev
                    rows.append([site, on, who, f"{p}CAL{month:02d}{c + 1}", f"{score:.1f}", f"{ref:.1f}"])
    write("qa-calibration", ["site", "session_on", "evaluator", "contact_id", "score", "reference_score"], rows)


NOTES = {
    "billing": ["Explained a large bill line by line, agreed a payment plan and confirmed it in writing.",
                "Fixed a meter-reading error on the call and told the customer exactly when the new bill comes."],
    "support": ["Spotted a vulnerable customer early, slowed down and arranged a callback at a time they chose.",
                "Calmed an angry caller by naming the problem back in their words before answering it."],
    "sales": ["Sold the fixed-rate plan only after checking it suited the customer's usage, and said so.",
              "Turned down a discount the rules did not allow, said why, and offered the option that did apply."],
}


def exemplars():
    """Calls scored 96 or more, nominated by evaluators; south adds none in the third quarter."""
    plan = {"north": {1: 3, 2: 2, 3: 3, 4: 1}, "south": {1: 2, 2: 3, 3: 0, 4: 1}}
    rows = []
    for site in SITES:
        best = defaultdict(list)
        for e in EVALUATIONS:
            if e["site"] == site and float(e["score"]) >= 96 and e["evaluated_on"] <= "2026-10-20":
                best[(int(e["evaluated_on"][5:7]) - 1) // 3 + 1].append(e)
        for q, n in plan[site].items():
            picks = sorted(best[q], key=lambda e: (-float(e["score"]), e["contact_id"]))[:n]
            for e in sorted(picks, key=lambda e: e["evaluated_on"]):
                added = day(e["evaluated_on"]) + dt.timedelta(days=rng.randint(3, 8))
                shared = added + dt.timedelta(days=rng.randint(1, 5))
                rows.append([site, e["contact_id"], CALL_TYPE[e["contact_id"]], added.isoformat(), e["score"],
                             rng.choice(NOTES[CALL_TYPE[e["contact_id"]]]), shared.isoformat(), e["agent_id"]])
    write("qa-exemplar", ["site", "contact_id", "call_type", "added_on", "score", "notes", "shared_on", "agent_id"],
          rows)


# (site, raised, process, agents, days to implement or None, AHT s before/after, CSAT before/after)
FINDINGS = [
    ("north", "2026-01-20", "identity checks repeated after IVR verification", 9, 41, 402, 371, 0.81, 0.84),
    ("north", "2026-03-10", "refund approvals waiting for a supervisor on hold", 6, 35, 418, 389, 0.78, 0.82),
    ("north", "2026-05-05", "payment-plan script asks for income twice", 5, 30, 395, 380, 0.82, 0.83),
    ("north", "2026-07-14", "transfers to billing lose the case notes", 7, 44, 410, 388, 0.80, 0.84),
    ("north", "2026-09-22", "outage message not on the chat greeting", 4, None, None, None, None, None),
    ("south", "2026-02-03", "meter-reading disputes sent to the wrong queue", 8, 38, 431, 402, 0.77, 0.80),
    ("south", "2026-04-21", "direct-debit changes need a second call", 6, 49, 426, 399, 0.79, 0.81),
    ("south", "2026-06-09", "hardship form missing from the knowledge base", 4, 27, 440, 418, 0.76, 0.80),
    ("south", "2026-07-28", "new starters hold callers to ask a team leader", 11, 33, 455, 421, 0.74, 0.78),
    ("south", "2026-09-15", "callback slots offered that the WFM plan cannot staff", 5, None, None, None, None, None),
]


def findings():
    rows = []
    for i, (site, raised, process, agents, days, a0, a1, c0, c1) in enumerate(FINDINGS):
        impl = (day(raised) + dt.timedelta(days=days)).isoformat() if days else ""
        rows.append([site, f"QPF-{i + 1:03d}", raised, process, agents, impl, "Y" if impl else "",
                     a0 or "", a1 or "", c0 or "", c1 or ""])
    write("qa-process-finding", ["site", "finding_id", "raised_on", "process", "agents_affected", "implemented_on",
                                 "agents_consulted", "aht_before_s", "aht_after_s", "csat_before", "csat_after"], rows)


CHANNELS = {"north": ["voice", "chat", "email", "social"], "south": ["voice", "chat", "email"]}
SOURCES = {"voice": "IVR survey", "chat": "post-chat rating", "email": "reply to resolution email",
           "social": "social media mention"}


def october_answered(answered):
    """October's intervals live in the Excel export acme-office.py wrote (inline strings, one sheet):
    column A is the site, E the calls answered."""
    path = os.path.join(ROOT, "acd-interval", "2026-10.xlsx")
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    for row in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet)[1:]:
        cells = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>]*>(?:<is><t>|<v>)([^<]*)', row[1]))
        answered[(cells["A"], 10)] += int(float(cells["E"]))


def channels():
    """Volumes per channel and month (voice from the ACD intervals) and the feedback captured on each."""
    answered = Counter()
    for r in read("acd-interval"):
        answered[(r["site"], int(r["interval_start"][5:7]))] += int(r["answered"])
    october_answered(answered)
    vol, fb = [], []
    for site in SITES:
        for month in range(1, 11):
            for ch in CHANNELS[site]:
                voice = answered[(site, month)]
                handled = {"voice": voice, "chat": voice // 4, "email": voice // 7, "social": voice // 30}[ch]
                vol.append([site, f"2026-{month:02d}-01", ch, handled])
                for _ in range(rng.randint(24, 60) if ch != "social" else rng.randint(21, 30)):
                    d = dt.date(2026, month, rng.randint(1, 28))
                    fb.append([site, d.isoformat(), ch, SOURCES[ch], rng.choice([1, 2, 3, 4, 4, 5, 5, 5])])
    fb.sort(key=lambda r: (r[0], r[1], r[2]))
    write("channel-volume", ["site", "month", "channel", "handled"], vol)
    write("customer-feedback", ["site", "received_on", "channel", "source", "rating"], fb)


if __name__ == "__main__":
    feedback()
    calibration()
    exemplars()
    findings()
    channels()
