//! An unfilled template never counts as evidence, whatever YAML made of
//! its blanks: unquoted `[Name]` is a list, `{{owner}}` a mapping, `owner:`
//! null. Each blank owner fails `h.doc`; each real value passes it.

use crate::harness::Hostile;
use crate::outcome::{check_json, rule};

/// `h.doc`'s status with the policy's owner written as `owner`, in front
/// matter or (`conventions`) as a `**Owner:**` line.
fn with_owner(owner: &str, conventions: bool) -> (String, String) {
    let h = Hostile::new();
    h.good();
    let policy = if conventions {
        format!("# Policy\n\n**Owner:** {owner}\n**Approved on:** 2026-03-01\n\n## Purpose\n\nWords.\n")
    } else {
        format!("---\nkind: doc\nowner: {owner}\napproved_on: 2026-03-01\n---\n# Policy\n\nWords.\n")
    };
    h.file("policy.md", policy);
    if conventions {
        h.file(
            "evident.yaml",
            "organisation: Hostile Ltd\nas_of: 2026-11-01\ndocuments: {doc: [policy.md]}\n",
        );
    }
    let (run, report) = check_json(&h, &[]);
    assert!(run.code() <= 1, "{}", run.transcript());
    rule(&report, "h.doc")
}

#[test]
fn blank_owners_fail_whatever_their_yaml_type() {
    for owner in [
        "[Name]",
        "{{owner}}",
        "",
        "__________",
        "TBD.",
        "Pending",
        "[Name, Role]",
        "{owner}",
        "N/A",
    ] {
        let (status, findings) = with_owner(owner, false);
        assert_eq!(status, "fail", "owner: {owner}\n{findings}");
        assert!(findings.contains("`owner`"), "owner: {owner}\n{findings}");
    }
}

#[test]
fn blank_owners_fail_as_metadata_lines() {
    for owner in ["TBD.", "Pending", "__________", "N/A"] {
        let (status, findings) = with_owner(owner, true);
        assert_eq!(status, "fail", "**Owner:** {owner}\n{findings}");
    }
}

#[test]
fn real_owners_pass() {
    for owner in [
        "Jane Doe",
        "Head of Quality [interim]",
        "[Jane Doe, John Smith]",
        "'[COPC] steering group'",
    ] {
        let (status, findings) = with_owner(owner, false);
        assert_eq!(status, "pass", "owner: {owner}\n{findings}");
    }
    let (status, findings) = with_owner("Jane Doe", true);
    assert_eq!(status, "pass", "{findings}");
}
