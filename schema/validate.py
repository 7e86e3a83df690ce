#!/usr/bin/env python3
"""Validates the YAML files evident ships against the committed schemas, with
a validator that is not evident's own (Python's jsonschema), and checks that
the schemas reject what the parsers reject.

- every pack file, rule file and the kind catalogue under standards/, and
  every evident.yaml, waivers.yaml and attestations.yaml under examples/ and
  the packs' fixtures, must validate;
- the shipped packs, kinds.yaml and the examples carry the
  yaml-language-server modeline naming their schema by a path that exists;
- each document in BAD must be rejected (a schema that accepts everything
  fails here).

YAML is read as YAML 1.2 reads it, as evident and yaml-language-server do:
`2026-11-01` is a string, `no` is not false.

Usage, from anywhere: python3 schema/validate.py. Exit 0 when all is well.
"""
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schema"


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's plain scalars only."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$",
     "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))


def load(text):
    return yaml.load(text, Loader=Yaml12Loader)


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def shipped():
    """(path, schema name, whether it carries the modeline) of every file."""
    std = ROOT / "standards"
    yield std / "kinds.yaml", "kinds", True
    for pack in sorted(p for p in std.iterdir() if (p / "pack.yaml").is_file()):
        yield pack / "pack.yaml", "pack", True
        for f in sorted((pack / "rules").glob("*.yaml")):
            yield f, "rules", True
    configs = {"evident.yaml": "profile", "waivers.yaml": "waivers", "attestations.yaml": "attestations"}
    for base, modeline in [(ROOT / "examples", True), (std, False)]:
        for f in sorted(base.rglob("*.yaml")):
            if f.name in configs and (modeline or "tests" in f.relative_to(std).parts):
                yield f, configs[f.name], modeline


# Documents the parsers reject, and so must the schemas: (schema, why, YAML).
BAD = [
    ("pack", "an unknown top-level key", "pack: {id: p, title: T, version: '1', source: s}\nrulez: []\n"),
    ("pack", "an unknown header key", "pack: {id: p, title: T, version: '1', source: s, scorring: levels}\n"),
    ("pack", "a header without its id", "pack: {title: T, version: '1', source: s}\n"),
    ("pack", "a pack id that is not kebab-case", "pack: {id: My_Pack, title: T, version: '1', source: s}\n"),
    ("pack", "an unknown scoring", "pack: {id: p, title: T, version: '1', source: s, scoring: best}\n"),
    ("rules", "a bad severity",
     "rules:\n  - {id: p.r, section: s, title: T, severity: severe, checks: [{document: {kind: k}}]}\n"),
    ("rules", "a rule without checks", "rules:\n  - {id: p.r, section: s, title: T, severity: major}\n"),
    ("rules", "an unknown check kind",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major, checks: [{documents: {kind: k}}]}\n"),
    ("rules", "two kinds in one check",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major,"
     " checks: [{document: {kind: k}, attestation: {}}]}\n"),
    ("rules", "an unknown key in a fresh check",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major,"
     " checks: [{fresh: {field: d, max_age: 1y, maxage: 2y}}]}\n"),
    ("rules", "a metric with an unknown measure",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major,"
     " checks: [{metric: {records: r, measure: median, expect: '> 1'}}]}\n"),
    ("rules", "a selector match that does not exist",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major, evidence: {kind: k, match: all},"
     " checks: [{document: }]}\n"),
    ("rules", "min that is text but not params.<name>",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major, checks: [{document: {kind: k, min: two}}]}\n"),
    ("rules", "a mapping with an unknown relation",
     "rules:\n  - {id: p.r, section: s, title: T, severity: major, checks: [{attestation: }],"
     " maps_to: [{rule: q.r, relation: same}]}\n"),
    ("rules", "a rule file with a pack header", "pack: {id: p, title: T, version: '1', source: s}\n"),
    ("kinds", "a kind that is neither document nor records", "kinds:\n  policy: {doc: {fields: [owner]}}\n"),
    ("kinds", "an unknown column type", "kinds:\n  log: {records: {columns: {at: timestamp}}}\n"),
    ("kinds", "a kind name that is not kebab-case", "kinds:\n  Policy: {document: }\n"),
    ("profile", "an exclusion without its justification",
     "packs:\n  - id: p\n    exclude:\n      - rule: p.r\n"),
    ("profile", "a justification that is a word, not a sentence",
     "packs:\n  - id: p\n    exclude:\n      - {rule: p.r, justification: N/A}\n"),
    ("profile", "an unknown key", "organisation: Acme\nsite: [north]\n"),
    ("profile", "a gate fail_on that is not a severity", "gate: {fail_on: high}\n"),
    ("profile", "a period without its end", "period: {from: 2026-01-01}\n"),
    ("waivers", "a waiver without an approver",
     "- {rule: p.r, reason: Moving sites, owner: Ops, expires: 2026-12-31}\n"),
    ("waivers", "a waiver with an unknown key",
     "- {rule: p.r, reason: R, owner: O, approver: A, expires: 2026-12-31, until: 2027-01-01}\n"),
    ("attestations", "a result that is neither pass nor fail",
     "- {rule: p.r, result: passed, auditor: A, date: 2026-09-14, statement: Seen.}\n"),
    ("attestations", "an attestation without its statement",
     "- {rule: p.r, result: pass, auditor: A, date: 2026-09-14}\n"),
]

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def main():
    validators = {}
    problems = []
    count = 0
    for path, name, modeline in shipped():
        count += 1
        v = validators.setdefault(name, validator(name))
        rel = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        for e in sorted(v.iter_errors(load(text)), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            problems.append(f"{rel}: {where}: {e.message}")
        if modeline:
            m = MODELINE.match(text.split("\n", 1)[0])
            want = SCHEMAS / f"{name}.schema.json"
            if not m:
                problems.append(f"{rel}: the first line is not `# yaml-language-server: $schema=...`")
            elif (path.parent / m.group(1)).resolve() != want:
                problems.append(f"{rel}: the modeline names {m.group(1)}, not {name}.schema.json")
    for name, why, text in BAD:
        v = validators.setdefault(name, validator(name))
        if v.is_valid(load(text)):
            problems.append(f"the {name} schema accepts {why}:\n{text}")
    for p in problems:
        print(p)
    print(f"{count} shipped files and {len(BAD)} rejected documents checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
