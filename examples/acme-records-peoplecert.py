#!/usr/bin/env python3
"""Generates the record exports of examples/acme-contact-centre that the
people-certifications pack reads: the credential register (records/certification)
and the month-end certification status export (records/certification-status),
one 2026.csv each. It reads (never writes) the agent roster acme-records.py made,
so the status export lists the same agents with the same start dates; the team
leaders and managers, who are not on the agents' roster, are listed here.
Deterministic: no randomness, same bytes every run.

The story, in step with the other generators: north keeps every credential
current and confirmed. South's team leaders cover the phones over the summer
(July-September): TLS1's HDI Support Center Team Lead lapses at the end of June
and is renewed only in mid-September, so south has one certified team leader of
two in July and August (TLS3, acting team leader from 1 July, is still inside the
grace period); and the HDI Customer Service Representative credentials four
south agents earned in July are not confirmed with HDI until October, because
the HR administrator who checks them was on the phones too.

    python3 examples/acme-records-peoplecert.py
"""
import csv
import datetime as dt
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre", "records")
MONTHS = range(1, 11)  # January to October 2026, the audit period
SITES = ("north", "south")


def day(s):
    return dt.date.fromisoformat(s)


def years(s, n):
    d = day(s)
    return d.replace(year=d.year + n).isoformat()


def plus(s, n):
    return (day(s) + dt.timedelta(days=n)).isoformat()


def month_end(m):
    nxt = dt.date(2026 + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def write(kind, header, rows):
    folder = os.path.join(ROOT, kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "2026.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


with open(os.path.join(ROOT, "agent-roster", "2026.csv"), newline="") as f:
    ROSTER = list(csv.DictReader(f))


def cred(scheme, credential, awarded, years_valid=3, verified_days=5, renewed=None):
    """A credential: Acme's policy refreshes every credential after three years, whether or not
    its issuer expires it (HDI's CSR does not)."""
    return dict(scheme=scheme, credential=credential, awarded=awarded, expires=years(awarded, years_valid),
                renewed=renewed, verified=plus(awarded, verified_days))


def renewed_early(scheme, credential, awarded, days_before=21):
    """A credential awarded three years ago, falling due in 2026 and renewed ahead of its expiry."""
    old = cred(scheme, credential, awarded)
    on = plus(old["expires"], -days_before)
    old["renewed"] = on
    return [old, cred(scheme, credential, on)]


def people():
    """(site, id, role group, start date in the role, end date, credentials)."""
    out = []
    for r in ROSTER:
        site, pid, n = r["site"], r["agent_id"], int(r["agent_id"][2:])
        creds = []
        if site == "north":
            if n <= 5:      # earned with a previous employer in 2023, due in 2026
                creds = renewed_early("HDI", "HDI-CSR", "2023-%02d-12" % (n + 1))
            elif n <= 22:   # earned after joining
                creds = [cred("HDI", "HDI-CSR", "2025-%02d-10" % (n % 9 + 1))]
        else:
            if n <= 3:
                creds = renewed_early("HDI", "HDI-CSR", "2023-%02d-14" % (n + 3))
            elif n <= 20:
                creds = [cred("HDI", "HDI-CSR", "2025-%02d-10" % (n % 9 + 1))]
            else:           # July's course; HR confirmed them with HDI only on 12 October
                creds = [dict(cred("HDI", "HDI-CSR", "2026-07-09"), verified="2026-10-12")]
        out.append((site, pid, "agent", r["start_date"], r["end_date"] or None, creds))
    tls1 = cred("HDI", "HDI-SCTL", "2023-06-30")          # lapses on 2026-06-30
    tls1["renewed"] = "2026-09-14"
    out += [
        ("north", "TLN1", "team-leader", "2022-04-04", None, renewed_early("HDI", "HDI-SCTL", "2023-04-15")),
        ("north", "TLN2", "team-leader", "2023-02-06", None, [cred("HDI", "HDI-SCTL", "2025-03-11")]),
        ("north", "MGN1", "manager", "2019-06-03", None, [cred("CIAC", "CCSL", "2024-05-16")]),
        ("north", "MGN2", "manager", "2021-02-01", None, renewed_early("CIAC", "CCOM", "2023-05-20")),
        ("south", "TLS1", "team-leader", "2021-11-01", None, [tls1, cred("HDI", "HDI-SCTL", "2026-09-14")]),
        ("south", "TLS2", "team-leader", "2024-01-15", None, renewed_early("HDI", "HDI-SCTL", "2023-03-10")),
        ("south", "TLS3", "team-leader", "2026-07-01", None, []),   # acting team leader for the summer
        ("south", "MGS1", "manager", "2020-09-07", None, [cred("CIAC", "CCSL", "2025-04-17")]),
        ("south", "MGS2", "manager", "2022-05-16", None, renewed_early("CIAC", "CCOM", "2023-08-21", days_before=30)),
    ]
    return sorted(out, key=lambda p: (SITES.index(p[0]), p[2] != "agent", p[1]))


def main():
    register, status = [], []
    for site, pid, role, start, end, creds in people():
        for c in creds:
            register.append([site, pid, c["scheme"], c["credential"], c["awarded"], c["expires"],
                             c["renewed"] or "", "", c["verified"]])
    for m in MONTHS:
        last = month_end(m)
        for site, pid, role, start, end, creds in people():
            if start > last or (end and end < "2026-%02d-01" % m):
                continue
            as_at = min(last, end or last)
            held = [c for c in creds if c["awarded"] <= as_at <= c["expires"]]
            c = max(held, key=lambda c: c["awarded"]) if held else None
            status.append([site, pid, as_at, role, start, "Y" if c else "N",
                           c["scheme"] if c else "", c["credential"] if c else "", c["expires"] if c else "",
                           ("Y" if c["verified"] <= as_at else "N") if c else ""])
    write("certification", ["site", "agent_id", "scheme", "credential", "awarded_on", "expires_on", "renewed_on",
                            "retired_on", "verified_on"], register)
    write("certification-status", ["site", "agent_id", "as_at", "role_group", "start_date", "certified", "scheme",
                                   "credential", "expires_on", "verified"], status)


if __name__ == "__main__":
    main()
