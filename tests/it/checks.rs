//! Every check kind: a passing, a failing and an error case.

use evident::results::Status;

use crate::util::{Fixture, GOOD_BODY, doc, rule, status};

fn one_rule(checks: &str) -> String {
    format!(
        "  - id: t.r\n    section: s\n    title: T\n    severity: major\n    evidence: {{kind: doc}}\n    checks:\n{checks}"
    )
}

/// A document with front matter that does not parse: the `error` case.
fn broken(f: &Fixture) {
    f.file("broken.md", "---\nkind: doc\nowner: [unclosed\n---\n# x\n");
}

/// The rule with `checks` is `error` when its only document cannot be read.
fn errors_on_unreadable_evidence(checks: &str) {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(checks));
    broken(&f);
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Error, "{checks}");
}

#[test]
fn document_passes_fails_and_errors() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc, min: 2}\n"));
    f.file("a.md", doc("owner: A\napproved_on: 2026-01-01", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Fail, "one of two");
    f.file("b.md", doc("owner: B\napproved_on: 2026-01-01", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);

    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc}\n"));
    broken(&f);
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.file.as_deref() == Some("broken.md"))
    );
}

#[test]
fn unreadable_files_of_unknown_kind_turn_a_shortfall_into_error() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc}\n"));
    f.file("binary.md", b"\x00\x01\x02 not text");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    let m = r.manifest.iter().find(|m| m.path == "binary.md").unwrap();
    assert!(m.problem.as_deref().unwrap().contains("binary"), "{m:?}");
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc}\n"));
    f.file("latin1.md", b"---\nkind: doc\n---\ncaf\xe9\n");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(r.manifest[0].problem.as_deref().unwrap().contains("UTF-8"));
}

#[test]
fn fields_pass_fail_and_error() {
    let f = Fixture::new();
    let checks = "      - fields: {required: [owner, approved_by], types: {approved_on: date}, one_of: {class: [internal, public]}, pattern: {ref: \"^QP-[0-9]+$\"}}\n";
    let pack = f.pack(&one_rule(checks));
    f.file(
        "a.md",
        doc(
            "owner: A\napproved_by: B\napproved_on: 2026-01-01\nclass: internal\nref: QP-1",
            GOOD_BODY,
        ),
    );
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);

    f.file(
        "a.md",
        doc(
            "owner: A\napproved_by: TBD\napproved_on: 2026-13-01\nclass: secret\nref: X-1",
            GOOD_BODY,
        ),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    let messages: Vec<_> = rule(&r, "t.r")
        .findings
        .iter()
        .map(|x| (x.message.clone(), x.line))
        .collect();
    assert!(
        messages.contains(&("`approved_by` holds a placeholder (`TBD`), not a value".into(), Some(4))),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(m, _)| m.contains("`approved_on` is `2026-13-01`, not a date")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(m, _)| m.contains("expected one of: internal, public")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|(m, _)| m.contains("does not match")),
        "{messages:?}"
    );

    errors_on_unreadable_evidence(checks);
}

#[test]
fn fields_default_to_the_kinds_declaration() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - fields: {}\n"));
    f.file("a.md", doc("owner: A", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.message == "`approved_on` is missing")
    );
}

#[test]
fn fresh_passes_fails_and_errors() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - fresh: {field: approved_on, max_age: params.cycle}\n",
    ));
    f.file("a.md", doc("approved_on: 2026-01-05", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);
    f.file("a.md", doc("approved_on: 2025-10-01", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert_eq!(
        rule(&r, "t.r").findings[0].message,
        "`approved_on` 2025-10-01 is 396 days old, older than 365d"
    );
    f.file("a.md", doc("approved_on: 2027-01-01", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Fail, "after the as-of date");
    f.file("a.md", doc("approved_on: YYYY-MM-DD", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Fail, "placeholder");
    f.file("a.md", doc("approved_on: 31/02/2026", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error, "not a date");
    assert_eq!(rule(&r, "t.r").findings[0].line, Some(3));
}

#[test]
fn headings_pass_fail_and_error() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - headings: {required: [Purpose, Scope], ordered: true, min_words: 4}\n",
    ));
    f.file(
        "a.md",
        doc(
            "owner: A",
            "# T\n\n## 1. PURPOSE:\n\none two three four\n\n## Scope\n\nfive six seven eight\n",
        ),
    );
    assert_eq!(
        status(&f.audit(&pack), "t.r"),
        Status::Pass,
        "numbering, case and colon are ignored"
    );
    f.file(
        "a.md",
        doc(
            "owner: A",
            "# T\n\n## Scope\n\none two three four\n\n## Purpose\n\nfive six\n",
        ),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    let msgs: Vec<_> = rule(&r, "t.r").findings.iter().map(|x| x.message.as_str()).collect();
    assert!(
        msgs.contains(&"`Purpose` has 2 words under it, at least 4 needed"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"`Scope` comes before `Purpose`, expected after it"),
        "{msgs:?}"
    );
    f.file("a.md", doc("owner: A", "# T\n\n## Purpose\n\nonly\n"));
    assert!(
        rule(&f.audit(&pack), "t.r")
            .findings
            .iter()
            .any(|x| x.message == "no `Scope` heading")
    );
    errors_on_unreadable_evidence("      - headings: [Purpose]\n");
}

#[test]
fn text_passes_fails_and_errors() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - text: {matches: [\"retention period of \\\\d+ years\"], not_matches: [\"\\\\bTODO\\\\b\"]}\n",
    ));
    f.file("a.md", doc("owner: A", "# T\n\nA retention period of 3 years.\n"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass);
    assert_eq!(
        rule(&r, "t.r").findings[0].line,
        Some(7),
        "line of the match in the file"
    );
    f.file("a.md", doc("owner: A", "# T\n\nTODO: retention period of 3 years.\n"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.message.starts_with("contains") && x.line == Some(7))
    );
    errors_on_unreadable_evidence("      - text: {matches: [x]}\n");
}

#[test]
fn attestation_passes_fails_errors_and_pends() {
    let rules = "  - id: t.r\n    section: s\n    title: T\n    severity: major\n    checks:\n      - attestation: {max_age: params.cycle}\n";
    let entry = |result: &str, date: &str| {
        format!("- rule: t.r\n  result: {result}\n  auditor: A. Auditor\n  date: {date}\n  statement: Observed it.\n")
    };
    let f = Fixture::new();
    let pack = f.pack(rules);
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pending, "none on record");
    f.file("attestations.yaml", entry("pass", "2026-06-01"));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass, "current");
    f.file("attestations.yaml", entry("fail", "2026-06-01"));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Fail, "current, found against");
    f.file("attestations.yaml", entry("pass", "2025-06-01"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pending, "stale");
    assert!(rule(&r, "t.r").findings[0].message.contains("is stale"));
    assert_eq!(r.attestations[0].state, "stale");
    f.file("attestations.yaml", entry("pass", "2027-01-01"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pending, "future-dated");
    assert_eq!(r.attestations[0].state, "future");
    f.file("attestations.yaml", entry("pass", "last tuesday"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error, "unreadable date");
    assert_eq!(r.attestations[0].state, "invalid");
}

#[test]
fn compositions_use_three_valued_logic() {
    let f = Fixture::new();
    let rules = r#"  - id: t.all
    section: s
    title: all
    severity: major
    evidence: {kind: doc}
    checks:
      - all: [{document: {kind: doc}}, {fields: [owner]}]
  - id: t.any
    section: s
    title: any
    severity: major
    checks:
      - any: [{document: {kind: doc}}, {attestation: {}}]
  - id: t.least
    section: s
    title: at least
    severity: major
    checks:
      - at_least: {n: params.two, of: [{document: {kind: doc}}, {document: {kind: quality-policy}}, {attestation: {}}]}
"#;
    let pack = f.pack(rules);
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.all"), Status::Fail);
    assert_eq!(
        status(&r, "t.any"),
        Status::Pending,
        "no document, attestation not yet judged"
    );
    assert_eq!(status(&r, "t.least"), Status::Fail, "0 pass, only 1 could");
    f.file("a.md", doc("owner: A", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.all"), Status::Pass);
    assert_eq!(status(&r, "t.any"), Status::Pass);
    assert_eq!(
        status(&r, "t.least"),
        Status::Pending,
        "1 pass, the attestation could make 2"
    );
    f.file("policy.md", "---\nkind: quality-policy\n---\n# P\n");
    assert_eq!(status(&f.audit(&pack), "t.least"), Status::Pass);
    broken(&f);
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.all"), Status::Error, "the broken doc could fail `fields`");
    assert_eq!(status(&r, "t.any"), Status::Pass, "a definite pass decides `any`");
}

#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc}\n"));
    let outside = f.root().parent().unwrap().join("outside.md");
    std::fs::write(&outside, doc("owner: A", GOOD_BODY)).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, f.root().join("link.md")).unwrap();
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(
        r.manifest[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("outside the evidence root")
    );
}

#[test]
fn fields_bounds_take_numbers_and_params() {
    let f = Fixture::new();
    // `two` is a pack param (2).
    let pack = f.pack(&one_rule(
        "      - fields: {at_least: {questions: params.two}, at_most: {open: 0}}\n",
    ));
    f.file(
        "a.md",
        doc("owner: A\napproved_on: 2026-01-01\nquestions: 2\nopen: 0", GOOD_BODY),
    );
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass, "bounds are inclusive");
    for (meta, message) in [
        (
            "owner: A\napproved_on: 2026-01-01\nquestions: 1\nopen: 0",
            "`questions` is 1, under 2",
        ),
        (
            "owner: A\napproved_on: 2026-01-01\nquestions: 3\nopen: 1",
            "`open` is 1, over 0",
        ),
        (
            "owner: A\napproved_on: 2026-01-01\nquestions: many\nopen: 0",
            "`questions` is `many`, not a number",
        ),
    ] {
        f.file("a.md", doc(meta, GOOD_BODY));
        let r = f.audit(&pack);
        assert_eq!(status(&r, "t.r"), Status::Fail, "{meta}");
        assert!(
            rule(&r, "t.r").findings.iter().any(|x| x.message == message),
            "{meta}: {:?}",
            rule(&r, "t.r").findings
        );
    }
}

/// This year's review without the words and an old review with them are
/// two halves: under `match: any` one document must pass every check.
#[test]
fn one_document_passes_every_check_of_a_rule() {
    let checks = "      - fresh: {field: approved_on, max_age: 365d}\n      - text: {matches: [\"(?i)opportunities for improvement\"]}\n";
    let own = "    evidence: {kind: doc, match: any}\n    checks:\n".to_string() + checks;
    let narrowed = "    evidence: {kind: doc}\n    checks:\n      - fresh: {field: approved_on, max_age: 365d, evidence: {kind: doc, match: any}}\n      - text: {matches: [\"(?i)opportunities for improvement\"], evidence: {kind: doc, match: any}}\n".to_string();
    for rule_body in [own, narrowed] {
        let f = Fixture::new();
        let pack = f.pack(&format!(
            "  - id: t.r\n    section: s\n    title: T\n    severity: major\n{rule_body}"
        ));
        f.file(
            "old.md",
            doc(
                "owner: A\napproved_on: 2023-01-10",
                "# Review\n\nOpportunities for improvement: many.\n",
            ),
        )
        .file(
            "new.md",
            doc("owner: A\napproved_on: 2026-06-10", "# Review\n\nWe met.\n"),
        );
        let r = f.audit(&pack);
        assert_eq!(status(&r, "t.r"), Status::Fail, "{rule_body}");
        assert!(rule(&r, "t.r").findings[0].message.contains("no single one of the 2"));
        // The current review says it too: it passes on its own.
        f.file(
            "new.md",
            doc(
                "owner: A\napproved_on: 2026-06-10",
                "# Review\n\nOpportunities for improvement: two.\n",
            ),
        );
        let r = f.audit(&pack);
        assert_eq!(status(&r, "t.r"), Status::Pass);
        assert!(
            rule(&r, "t.r").findings[0]
                .message
                .contains("new.md passes every check of the rule on its own")
        );
    }
}

/// `match: latest` judges the newest document only: an older one that
/// passes does not help, an older one that fails does not hurt.
#[test]
fn match_latest_judges_the_newest_document() {
    let f = Fixture::new();
    let pack = f.pack(
        "  - id: t.r\n    section: s\n    title: T\n    severity: major\n    evidence: {kind: doc, match: latest}\n    checks:\n      - text: {matches: [\"(?i)opportunities for improvement\"]}\n",
    );
    f.file(
        "old.md",
        doc(
            "owner: A\napproved_on: 2025-01-10",
            "# Review\n\nOpportunities for improvement: many.\n",
        ),
    )
    .file(
        "new.md",
        doc("owner: A\napproved_on: 2026-06-10", "# Review\n\nWe met.\n"),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.message.contains("judged the newest document, new.md"))
    );
    f.file(
        "old.md",
        doc("owner: A\napproved_on: 2025-01-10", "# Review\n\nNothing.\n"),
    )
    .file(
        "new.md",
        doc(
            "owner: A\napproved_on: 2026-06-10",
            "# Review\n\nOpportunities for improvement: two.\n",
        ),
    );
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);
}

/// A register lists every required entry on a complete row; its own count
/// of entries is no evidence, and a status column must say yes or no.
#[test]
fn register_passes_fails_and_errors() {
    let f = Fixture::new();
    let checks =
        "      - register: {id: [Control, Ref], ids: [A.1, A.2, A.3], excluded: {under: Excluded, column: Applies}}\n";
    let pack = f.pack(&one_rule(checks));
    let table = |rows: &str| {
        doc(
            "owner: A\napproved_on: 2026-01-01\ncontrols_listed: 3",
            &format!(
                "# SoA\n\n## Controls\n\n| Ref | Applies | Why |\n| --- | --- | --- |\n{rows}\n## Excluded\n\n| Control | Why |\n|---|---|\n| A.3 | Not done here |\n"
            ),
        )
    };
    f.file(
        "soa.md",
        table("| A.1 | Yes | Policy P-1 |\n| A.2 | yes | Procedure P-2 |\n"),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);

    let messages = |rows: &str| -> Vec<String> {
        f.file("soa.md", table(rows));
        let r = f.audit(&pack);
        assert_eq!(status(&r, "t.r"), Status::Fail, "{rows}");
        rule(&r, "t.r").findings.iter().map(|x| x.message.clone()).collect()
    };
    let m = messages("| A.1 | Yes | Policy P-1 |\n");
    assert!(
        m.iter()
            .any(|x| x.contains("1 of 3 required entries are not listed: A.2")),
        "{m:?}"
    );
    let m = messages("| A.1 | Yes | Policy P-1 |\n| A.2 | Yes | TBD |\n");
    assert!(m.iter().any(|x| x == "A.2 has no `Why`"), "{m:?}");
    let m = messages("| A.1 | Yes | Policy P-1 |\n| A.2 | partly | Procedure P-2 |\n");
    assert!(
        m.iter()
            .any(|x| x.contains("`Applies` says `partly`, neither yes nor no")),
        "{m:?}"
    );
    let m = messages("| A.1 | Yes | Policy P-1 |\n| A.2 | Yes | P-2 |\n| A.3 | Yes | P-3 |\n");
    assert!(m.iter().any(|x| x.contains("A.3 is listed twice")), "{m:?}");

    // No register at all: the document's own count is not one.
    f.file(
        "soa.md",
        doc("owner: A\napproved_on: 2026-01-01\ncontrols_listed: 3", GOOD_BODY),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.message.contains("no table with a `Control` column"))
    );

    errors_on_unreadable_evidence(checks);
}

/// A register naming entries by the pack's rules must name some, with one
/// capture group; otherwise the pack is refused.
#[test]
fn register_ids_from_rules_are_validated_at_load() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - register: {id: Control, ids: {rules: '^x\\.(\\d+)$'}}\n",
    ));
    let d = f.diagnostics(&pack);
    assert!(d.contains("names none of the pack's rules"), "{d}");
    let pack = f.pack(&one_rule("      - register: {id: Control, ids: {rules: '^t\\.r$'}}\n"));
    let d = f.diagnostics(&pack);
    assert!(d.contains("exactly one capture group"), "{d}");
    let pack = f.pack(&one_rule("      - register: {ids: [a]}\n"));
    let d = f.diagnostics(&pack);
    assert!(d.contains("needs `id`"), "{d}");
}

/// `per:` counts documents in each span of the period (here, without a
/// period, the year before the as-of date 2026-11-01): two reviews in
/// one half do not make one in each.
#[test]
fn per_counts_documents_in_each_span_of_the_period() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - document: {kind: doc, per: 6 months}\n"));
    f.file("a.md", doc("owner: A\napproved_on: 2025-12-10", GOOD_BODY));
    f.file("b.md", doc("owner: A\napproved_on: 2026-09-10", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);
    f.file("b.md", doc("owner: A\napproved_on: 2026-01-10", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    let m: Vec<_> = rule(&r, "t.r").findings.iter().map(|x| x.message.clone()).collect();
    assert!(
        m.iter()
            .any(|x| x.starts_with("2026-05-02 to 2026-11-01: 0 `doc` documents")),
        "{m:?}"
    );
}

/// Headings as organisations write them: a compound heading holds each of
/// its parts, and the profile says which of the organisation's headings
/// means a required one. Without the mapping the rule still fails.
#[test]
fn compound_and_mapped_headings() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - headings: {required: [Purpose, Scope], min_words: 2}\n",
    ));
    let body = "# Plan\n\n## 1. Purpose and Scope\n\nWhy and for whom.\n";
    f.file("a.md", doc("owner: A\napproved_on: 2026-01-01", body));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
    let body = "# Plan\n\n## Purpose\n\nWhy we plan.\n\n## Critical processes\n\nContact handling, payments.\n";
    f.file("a.md", doc("owner: A\napproved_on: 2026-01-01", body));
    assert_eq!(
        status(&f.audit(&pack), "t.r"),
        Status::Fail,
        "no Scope without a mapping"
    );
    f.file(
        "evident.yaml",
        "organisation: T\nheadings:\n  doc:\n    Scope: [Critical processes]\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
}

/// Dates as an organisation writes them: in no declared format a date
/// check is `error` and says how to declare it; with the profile's
/// `date_formats:` the same document is current. A format that names no
/// whole date is refused at its place.
#[test]
fn date_formats_declared_in_the_profile() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule(
        "      - fresh: {field: approved_on, max_age: params.cycle}\n",
    ));
    // The rule is `error`, with a finding that says `text`.
    let error_saying = |text: &str| {
        let r = f.audit(&pack);
        assert_eq!(status(&r, "t.r"), Status::Error);
        let findings = &rule(&r, "t.r").findings;
        assert!(findings.iter().any(|x| x.message.contains(text)), "{findings:?}");
    };
    f.file("a.md", doc("owner: A\napproved_on: 20.02.2026", GOOD_BODY));
    error_saying("`date_formats:`");
    f.file(
        "evident.yaml",
        "organisation: T\ndate_formats: [\"%B %d, %Y\", \"%d.%m.%Y\"]\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
    f.file("a.md", doc("owner: A\napproved_on: \"February 20, 2026\"", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);
    // Month first is neither declared format: never guessed, and the
    // finding names every format tried.
    f.file("a.md", doc("owner: A\napproved_on: 02/20/2026", GOOD_BODY));
    error_saying("any format tried (%Y-%m-%d, %B %d, %Y, %d.%m.%Y)");
    f.file("evident.yaml", "organisation: T\ndate_formats: [\"%H:%M\"]\n");
    let d = f.diagnostics(&pack);
    assert!(
        d.contains("`%H:%M` is not a date format") && d.contains("evident.yaml:2"),
        "{d}"
    );
}

/// Front matter keys are matched through the alias table like metadata
/// lines: `Document Owner:` names the owner; a spelling the table does not
/// know is another field, and the owner is then missing.
#[test]
fn front_matter_keys_go_through_the_alias_table() {
    let f = Fixture::new();
    let pack = f.pack(&one_rule("      - fields: [owner, approved_on]\n"));
    f.file("a.md", doc("Document Owner: A\nDate approved: 2026-01-01", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
    f.file("a.md", doc("Custodian: A\nDate approved: 2026-01-01", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail, "{:?}", rule(&r, "t.r").findings);
    f.file("evident.yaml", "organisation: T\naliases: {owner: [Custodian]}\n");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
    f.file("a.md", doc("custodian: A\nDate approved: 2026-01-01", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
    // A key already written as a field name is that field, even where the
    // built-in table has it as another's spelling (`ref` of `doc_id`).
    let pack = f.pack(&one_rule("      - fields: [owner, ref]\n"));
    f.file("a.md", doc("owner: A\nref: QP-1", GOOD_BODY));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass, "{:?}", rule(&r, "t.r").findings);
}
