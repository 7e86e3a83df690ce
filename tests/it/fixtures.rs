//! Pack fixtures: every shipped pack's fixtures pass (so `cargo test` keeps
//! the packs honest), every shipped pack has some, every rule is killed by
//! the mutations of its evidence, and a wrong expectation or a weak rule is
//! caught and named.

use std::path::Path;

use assert_cmd::Command;

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn every_shipped_pack_passes_its_fixtures_and_mutations() {
    let out = evident()
        .args(["packs", "test", "--mutate", "standards"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("standards"))
        .unwrap()
        .flatten()
    {
        if entry.path().join("pack.yaml").is_file() {
            let id = entry.file_name().to_string_lossy().into_owned();
            assert!(
                stdout.contains(&format!("ok   {id}/all-pass")),
                "{id} needs a fixture on which every rule passes:\n{stdout}"
            );
            assert!(
                stdout.contains(&format!("ok   {id}/all-fail")),
                "{id} needs a fixture on which every rule fails:\n{stdout}"
            );
            assert!(
                stdout.contains(&format!("ok   {id}: mutation score")),
                "{id} must kill the mutations of its evidence:\n{stdout}"
            );
        }
    }
}

#[test]
fn a_wrong_expectation_is_caught_and_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("cc-baseline");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::copy(root.join("kinds.yaml"), dir.path().join("kinds.yaml")).unwrap();
    std::fs::copy(root.join("cc-baseline/pack.yaml"), pack.join("pack.yaml")).unwrap();
    let case = pack.join("tests/wrong");
    super::util::copy_dir(&root.join("cc-baseline/tests/all-pass"), &case);
    let expected = std::fs::read_to_string(case.join("expected.yaml")).unwrap();
    let expected = expected
        .replace(
            "cc-baseline.governance.quality-policy: pass",
            "cc-baseline.governance.quality-policy: fail",
        )
        .replace(
            "  cc-baseline.improvement.learning: pass\n",
            "  cc-baseline.improvement.lerning: pass\n",
        )
        .replace("summary: {level: 3}", "summary: {level: 2}");
    std::fs::write(case.join("expected.yaml"), expected).unwrap();
    let out = evident().args(["packs", "test"]).arg(&pack).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("cc-baseline.governance.quality-policy: expected fail, got pass"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cc-baseline.improvement.learning: no expected status (it is pass)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cc-baseline.improvement.lerning: expected, but the pack has no such rule"),
        "{stdout}"
    );
    assert!(stdout.contains("summary: expected level 2, got level 3"), "{stdout}");
    assert!(stdout.contains("fixtures: 0 passed, 1 failed"), "{stdout}");
}

/// A rule too lenient to notice its evidence going bad survives a mutation,
/// and the report names it, the mutation and the file.
#[test]
fn a_rule_that_survives_a_mutation_is_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("cc-baseline");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::copy(root.join("kinds.yaml"), dir.path().join("kinds.yaml")).unwrap();
    let text = std::fs::read_to_string(root.join("cc-baseline/pack.yaml")).unwrap();
    // The quality policy may now be fifteen years old.
    let weak = text.replacen("max_age: params.review_cycle}", "max_age: 5500d}", 1);
    assert_ne!(weak, text);
    std::fs::write(pack.join("pack.yaml"), weak).unwrap();
    super::util::copy_dir(&root.join("cc-baseline/tests/all-pass"), &pack.join("tests/all-pass"));
    let out = evident()
        .args(["packs", "test", "--mutate", "--min-mutation-score", "100"])
        .arg(&pack)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "survived: cc-baseline.governance.quality-policy under `backdate quality-policy` (quality-policy.md)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("FAIL cc-baseline: mutation score"), "{stdout}");
}

/// The interval service-level rule without its `counted:` filter lets an
/// interval with nothing offered "meet" the target (0 >= 0.8 × 0): the
/// zero-denominator mutation finds it.
#[test]
fn a_rule_that_counts_zero_bases_as_met_survives_zero_denominator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("copc");
    super::util::copy_dir(&root.join("copc"), &pack);
    std::fs::copy(root.join("kinds.yaml"), dir.path().join("kinds.yaml")).unwrap();
    let rules = pack.join("rules/2-processes.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    let weak = text.replacen(
        "          counted: {offered: \"offered - short_abandons > 0\"}\n",
        "",
        1,
    );
    assert_ne!(weak, text);
    std::fs::write(&rules, weak).unwrap();
    for case in std::fs::read_dir(pack.join("tests")).unwrap() {
        let case = case.unwrap().path();
        if case.file_name().unwrap() != "all-pass" && case.is_dir() {
            std::fs::remove_dir_all(case).unwrap();
        }
    }
    let out = evident()
        .args(["packs", "test", "--mutate", "--min-mutation-score", "100"])
        .arg(&pack)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("survived: copc.pr.7 under `zero-denominator acd-interval`"),
        "{stdout}"
    );
}
