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

/// A shipped pack with one text of `file` replaced (asserted to be there),
/// beside the shipped catalogue and with its `all-pass` fixture only, run
/// through `packs test --mutate --min-mutation-score 100`: (exit code, stdout).
fn mutate_weakened(pack: &str, file: &str, from: &str, to: &str) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(pack);
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(root.join("kinds.yaml"), dir.path().join("kinds.yaml")).unwrap();
    for e in walkdir::WalkDir::new(root.join(pack)).into_iter().flatten() {
        let rel = e.path().strip_prefix(root.join(pack)).unwrap();
        let fixture = rel.starts_with("tests") && !rel.starts_with("tests/all-pass") && rel != Path::new("tests");
        if fixture || !e.file_type().is_file() {
            continue;
        }
        std::fs::create_dir_all(copy.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(e.path(), copy.join(rel)).unwrap();
    }
    let text = std::fs::read_to_string(copy.join(file)).unwrap();
    let weak = text.replacen(from, to, 1);
    assert_ne!(weak, text, "`{from}` is in {pack}/{file}");
    std::fs::write(copy.join(file), weak).unwrap();
    let out = evident()
        .args(["packs", "test", "--mutate", "--min-mutation-score", "100"])
        .arg(&copy)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A rule too lenient to notice its evidence going bad survives a mutation,
/// and the report names it, the mutation and the file.
#[test]
fn a_rule_that_survives_a_mutation_is_named() {
    // The quality policy may now be fifteen years old.
    let (code, stdout) = mutate_weakened(
        "cc-baseline",
        "pack.yaml",
        "max_age: params.review_cycle}",
        "max_age: 5500d}",
    );
    assert_eq!(code, Some(1), "{stdout}");
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
    let (_, stdout) = mutate_weakened(
        "copc",
        "rules/2-processes.yaml",
        "          counted: {offered: \"offered - short_abandons > 0\"}\n",
        "",
    );
    assert!(
        stdout.contains("survived: copc.pr.7 under `zero-denominator acd-interval`"),
        "{stdout}"
    );
}
