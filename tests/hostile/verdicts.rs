//! No vacuous verdicts: nothing assessed is never a score, a level or a
//! certification; broad exclusions and waivers must be meant; waivers read
//! the same in every format.

use super::harness::Hostile;

const ALL_OUT: &str = "organisation: Empty\nas_of: 2026-11-01\npacks:\n  - id: h\n    exclude:\n      - rule: \"h.*\"\n        justification: Nothing here applies to this organisation at all.\n        broad: true\n        approver: Audit committee\n";

#[test]
fn a_pack_with_no_applicable_rule_is_not_assessed_and_fails_the_gate() {
    let h = Hostile::new();
    h.file(
        "evident.yaml",
        format!("{ALL_OUT}gate: {{fail_under: 80, min_level: 1}}\n"),
    );
    h.check(&["--report", &h.json_arg()])
        .expect(1)
        .says("not assessed")
        .says("no rule applies to the pack");
    let v = h.results();
    let summary = &v["packs"][0]["summary"];
    assert_eq!(summary["assessed"], false);
    assert!(summary["score"].is_null());
    assert!(summary.get("certification").is_none() && summary.get("level").is_none());
    assert_eq!(v["gate"]["passed"], false);
}

#[test]
fn the_profile_may_accept_not_assessed_explicitly() {
    let h = Hostile::new();
    h.file("evident.yaml", format!("{ALL_OUT}gate: {{allow_not_assessed: true}}\n"));
    h.check(&[]).expect(0).says("not assessed");
}

#[test]
fn a_broad_exclusion_must_be_marked_and_approved() {
    let h = Hostile::new();
    h.file(
        "evident.yaml",
        "packs:\n  - id: h\n    exclude:\n      - rule: \"*\"\n        justification: Nothing here applies to this organisation at all.\n",
    );
    h.check(&[])
        .expect(2)
        .says("[broad-pattern]")
        .says("excludes 2 rules across several sections");
    // One section at a time is fine.
    h.file(
        "evident.yaml",
        "packs:\n  - id: h\n    exclude:\n      - rule: \"h.doc\"\n        justification: Documents are kept by the parent company's QMS.\n",
    );
    h.check(&[]).expect(1);
}

#[test]
fn a_justification_is_a_sentence() {
    let h = Hostile::new();
    h.good().file(
        "evident.yaml",
        "packs:\n  - id: h\n    exclude:\n      - rule: h.doc\n        justification: none apply\n",
    );
    h.check(&[])
        .expect(2)
        .says("[missing-justification]")
        .says("`none apply` is not a justification");
}

#[test]
fn a_blanket_waiver_is_refused_unless_marked_broad_and_then_reads_the_same_everywhere() {
    let h = Hostile::new();
    h.file("policy.md", "---\nkind: doc\n---\n# Policy\n").file(
        "records/calls/2026.csv",
        "site,day,offered,answered\nnorth,2026-02-01,10,1\n",
    );
    let waiver = "- rule: \"*\"\n  reason: Everything is being rewritten this year.\n  owner: Quality lead\n  approver: Director\n  expires: 2027-01-31\n";
    h.file("waivers.yaml", waiver);
    h.check(&[]).expect(2).says("[broad-pattern]");
    h.file("waivers.yaml", format!("{waiver}  broad: true\n"));
    let md = h.dir.path().join("out/report.md");
    let run = h.check(&["--report", &h.json_arg(), "--report", &format!("md={}", md.display())]);
    // Every rule waived leaves nothing assessed: the gate fails on that,
    // and the waiver reads as active and applied in every format.
    run.expect(1).says("1 active").says("not assessed");
    let v = h.results();
    assert_eq!(v["waivers"][0]["state"], "active");
    assert_eq!(v["waivers"][0]["applied"], true);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(!md.contains("not waivable") && !md.contains("not_waivable"), "{md}");
}
