//! Tags: a pack's vocabulary, rules carrying it, a profile excluding every
//! rule with a tag at once, and the tags in every output. Each test shows
//! what is refused or still fails, not only what passes.

use assert_cmd::Command;
use evident::results::Status;

use crate::util::{Fixture, GOOD_BODY, doc, rule, status};

/// Two sections; two contact-centre rules in different sections (one also
/// `voice` and `security`), and one rule without tags. All three fail on
/// a document without `approved_by`.
const PACK: &str = r#"
pack:
  id: t
  title: Test pack
  version: 1.0.0
  source: tests
  tags:
    contact-centre: Rules that only apply to an organisation that runs a contact centre
    voice: Rules about telephone calls
    security: Information security
sections: [{id: a, title: A}, {id: b, title: B}]
kinds:
  doc:
    document: {fields: [owner, approved_on], headings: [Purpose, Scope]}
rules:
  - id: t.calls
    section: a
    title: Calls are evaluated
    severity: critical
    tags: [contact-centre, voice, security]
    evidence: {kind: doc}
    checks: [{fields: [approved_by]}]
  - id: t.home
    section: b
    title: Home agents are supervised
    severity: minor
    tags: [contact-centre]
    evidence: {kind: doc}
    checks: [{fields: [approved_by]}]
  - id: t.policy
    section: b
    title: A policy is approved
    severity: major
    evidence: {kind: doc}
    checks: [{fields: [approved_by]}]
"#;

const BY_TAG: &str = "packs:\n  - id: t\n    exclude:\n      - tag: contact-centre\n        justification: We do not run a contact centre; customer contact is by account managers.\n";

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// `evident check` on the fixture's evidence with the test pack.
fn check(f: &Fixture, pack: &std::path::Path, extra: &[&str]) -> std::process::Output {
    evident()
        .arg("check")
        .arg(f.root())
        .arg("--pack")
        .arg(pack)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn excluding_a_tag_makes_exactly_its_rules_not_applicable_and_the_rest_still_fail() {
    let f = Fixture::new();
    let pack = f.pack_text(PACK);
    f.file("a.md", doc("owner: A\napproved_on: 2026-06-01", GOOD_BODY));

    // Without tailoring, every rule fails on the bad document.
    f.file("evident.yaml", "packs: [t]\n");
    let r = f.audit(&pack);
    for id in ["t.calls", "t.home", "t.policy"] {
        assert_eq!(status(&r, id), Status::Fail, "{id}");
    }
    assert_eq!(rule(&r, "t.calls").tags, ["contact-centre", "voice", "security"]);
    assert!(rule(&r, "t.policy").tags.is_empty());

    f.file("evident.yaml", BY_TAG);
    let r = f.audit(&pack);
    let why = "We do not run a contact centre; customer contact is by account managers.";
    for id in ["t.calls", "t.home"] {
        assert_eq!(status(&r, id), Status::NotApplicable, "{id}");
        assert_eq!(rule(&r, id).justification.as_deref(), Some(why), "{id}");
    }
    assert_eq!(status(&r, "t.policy"), Status::Fail, "an untagged rule is still judged");
    let soa: Vec<(&str, &str, Option<&str>)> = r.packs[0]
        .exclusions
        .iter()
        .map(|e| (e.rule.as_str(), e.justification.as_str(), e.tag.as_deref()))
        .collect();
    assert_eq!(
        soa,
        [
            ("t.calls", why, Some("contact-centre")),
            ("t.home", why, Some("contact-centre"))
        ]
    );
    assert_eq!(r.packs[0].summary.counts.fail, 1);
    assert!(!r.gate.passed, "the remaining failure still fails the gate");

    // The tags and the tag of each exclusion are part of the results' contract.
    let schema: serde_json::Value = serde_json::from_str(include_str!("../../schema/results.schema.json")).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["packs"][0]["exclusions"][0]["tag"], "contact-centre");

    // The Statement of Applicability gives each rule its justification and the tag.
    let md = check(&f, &pack, &["--report", "md=-"]);
    let md = String::from_utf8_lossy(&md.stdout);
    for id in ["t.calls", "t.home"] {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| t | `{id}` |")))
            .unwrap_or_else(|| panic!("{md}"));
        assert!(
            row.ends_with(&format!("| {why} (excluded by tag `contact-centre`) |")),
            "{row}"
        );
    }
}

#[test]
fn a_tag_across_sections_needs_no_broad_approval_but_a_pattern_does() {
    let (f, pack) = fixture(PACK);
    refused(
        &f,
        &pack,
        "rule: t.*\n        justification: We do not run a contact centre at all.",
        &["error[broad-pattern]"],
    );
    f.file("evident.yaml", BY_TAG);
    assert_eq!(status(&f.audit(&pack), "t.home"), Status::NotApplicable);
}

#[test]
fn a_tag_no_rule_carries_is_refused_at_its_line() {
    let (f, pack) = fixture(PACK);
    f.file(
        "evident.yaml",
        "packs:\n  - id: t\n    exclude:\n      - tag: contact-center\n        justification: We do not run a contact centre of any kind.\n",
    );
    let out = check(&f, &pack, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error[unknown-tag]: no rule of pack `t` carries tag `contact-center`"),
        "{stderr}"
    );
    assert!(stderr.contains("evident.yaml:4:14"), "{stderr}");
    assert!(stderr.contains("did you mean `contact-centre`?"), "{stderr}");
    assert!(out.stdout.is_empty(), "no results when the profile is wrong");
}

#[test]
fn a_declared_tag_that_no_rule_carries_is_refused_in_the_profile_too() {
    let (f, pack) = fixture(&PACK.replace(
        "    security: Information security\n",
        "    security: Information security\n    email: Rules about email\n",
    ));
    refused(
        &f,
        &pack,
        "tag: email\n        justification: We answer no email from customers at all.",
        &[
            "error[unknown-tag]: no rule of pack `t` carries tag `email`",
            "warning[unknown-tag]: no rule carries tag `email`",
        ],
    );
}

/// The test pack `pack` and a document without `approved_by`, which every
/// rule of [`PACK`] fails on.
fn fixture(pack: &str) -> (Fixture, std::path::PathBuf) {
    let f = Fixture::new();
    let dir = f.pack_text(pack);
    f.file("a.md", doc("owner: A", GOOD_BODY));
    (f, dir)
}

/// Writes a profile whose one exclusion of pack `t` is `entry` (its lines
/// after `- `) and asserts the run is refused with each of `expected`.
fn refused(f: &Fixture, pack: &std::path::Path, entry: &str, expected: &[&str]) {
    f.file(
        "evident.yaml",
        format!("packs:\n  - id: t\n    exclude:\n      - {entry}\n"),
    );
    let text = f.diagnostics(pack);
    for e in expected {
        assert!(text.contains(e), "expected `{e}` in:\n{text}");
    }
}

#[test]
fn an_exclusion_names_a_rule_or_a_tag_exactly_once() {
    let (f, pack) = fixture(PACK);
    refused(
        &f,
        &pack,
        "rule: t.home\n        tag: voice\n        justification: We do not take telephone calls at all.",
        &[
            "error[invalid-value]: an exclusion names `rule` or `tag`, not both",
            "evident.yaml:5:14",
        ],
    );
    refused(
        &f,
        &pack,
        "justification: We do not take telephone calls at all.",
        &[
            "error[missing-key]: an exclusion needs `rule:` or `tag:`",
            "evident.yaml:4:9",
        ],
    );
    refused(
        &f,
        &pack,
        "tag: voice\n        justification: n/a",
        &["error[missing-justification]", "excluding tag `voice`"],
    );
}

#[test]
fn a_rule_tag_the_pack_does_not_declare_is_a_located_diagnostic() {
    let f = Fixture::new();
    let pack = f.pack_text(&PACK.replace("tags: [contact-centre]", "tags: [contact-centre, home-workin]"));
    let text = f.diagnostics(&pack);
    assert!(
        text.contains("error[unknown-tag]: tag `home-workin` is not declared in the pack header"),
        "{text}"
    );
    assert!(text.contains("pack.yaml:27:28"), "{text}");
    assert!(
        text.contains("declared tags: contact-centre, security, voice"),
        "{text}"
    );

    // Every problem at once: a malformed tag in the header, a repeated tag.
    let pack = f.pack_text(
        &PACK
            .replace("    voice: Rules", "    Voice Calls: Rules")
            .replace("tags: [contact-centre]", "tags: [contact-centre, contact-centre]"),
    );
    let text = f.diagnostics(&pack);
    assert!(
        text.contains("error[invalid-id]: tag `Voice Calls` is not kebab-case"),
        "{text}"
    );
    assert!(
        text.contains("error[unknown-tag]: tag `voice` is not declared"),
        "a rule carrying the malformed tag is refused too: {text}"
    );
    assert!(
        text.contains("error[duplicate-id]: tag `contact-centre` is given twice"),
        "{text}"
    );
}

#[test]
fn explain_packs_show_and_sarif_carry_the_tags() {
    let (f, pack) = fixture(PACK);
    f.file("evident.yaml", "packs: [t]\n");

    let explain = evident()
        .args(["explain", "t.calls", "--packs-dir"])
        .arg(pack.parent().unwrap())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("tags: contact-centre, voice, security"), "{text}");

    let show = evident()
        .args(["packs", "show", "t", "--packs-dir"])
        .arg(pack.parent().unwrap())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("contact-centre (2 rules): Rules that only apply to an organisation that runs a contact centre"),
        "{text}"
    );
    assert!(text.contains("voice (1 rule): Rules about telephone calls"), "{text}");
    assert!(
        text.contains("t.calls  Calls are evaluated  [contact-centre, voice, security]"),
        "{text}"
    );

    let lint = evident()
        .args(["packs", "lint", "--format", "json"])
        .arg(&pack)
        .output()
        .unwrap();
    let lint: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(lint["packs"][0]["tags"]["voice"], "Rules about telephone calls");

    let out = check(&f, &pack, &["--report", "sarif=-"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let props = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["properties"].clone();
    assert_eq!(
        props("t.calls"),
        serde_json::json!({"tags": ["t", "a", "critical", "contact-centre", "voice", "security"],
            "security-severity": "9.0"})
    );
    assert_eq!(
        props("t.home"),
        serde_json::json!({"tags": ["t", "b", "minor", "contact-centre"]}),
        "only rules tagged security get a security-severity"
    );
}
