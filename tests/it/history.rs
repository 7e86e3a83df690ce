//! The audit year: `diff` between two runs, the baseline gate, `aggregate`
//! of per-site runs, and `trend` over a series of runs. Known answers on
//! fixtures whose evidence changes between runs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::util::{Fixture, GOOD_BODY, doc};

const RULES: &str = "  - id: t.headings
    section: s
    title: Every document has its sections
    severity: major
    evidence: {kind: doc}
    checks:
      - headings: [Purpose, Scope]
  - id: t.two
    section: s
    title: Two documents at least
    severity: major
    evidence: {kind: doc}
    checks:
      - document: {kind: doc, min: 2}
";

fn evident() -> Command {
    Command::cargo_bin("evident").unwrap()
}

/// Runs `check` on the fixture and writes its JSON results to `out`;
/// returns the exit code.
fn run(f: &Fixture, pack: &Path, out: &Path, extra: &[&str]) -> i32 {
    let o = evident()
        .arg("check")
        .arg(f.root())
        .arg("--pack")
        .arg(pack)
        .args(["--as-of", "2026-11-01", "-q", "--report"])
        .arg(format!("json={}", out.display()))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.stderr.is_empty() || o.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.status.code().unwrap()
}

/// State A: one good document (`t.headings` passes, `t.two` fails).
/// State B: that document lost its Scope, and a second arrived (`t.headings`
/// fails, `t.two` passes).
struct Story {
    f: Fixture,
    pack: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

fn story() -> Story {
    let f = Fixture::new();
    let pack = f.pack(RULES);
    let out = tempfile::tempdir().unwrap().keep();
    let (a, b) = (out.join("a.json"), out.join("b.json"));
    f.file("a.md", doc("owner: A\napproved_on: 2026-01-01", GOOD_BODY));
    assert_eq!(run(&f, &pack, &a, &[]), 1);
    f.file(
        "a.md",
        doc(
            "owner: A\napproved_on: 2026-01-01",
            "# Title\n\n## Purpose\n\nWhy this exists in plain words.\n",
        ),
    );
    f.file("b.md", doc("owner: B\napproved_on: 2026-01-01", GOOD_BODY));
    assert_eq!(run(&f, &pack, &b, &[]), 1);
    Story { f, pack, a, b }
}

fn diff_json(old: &Path, new: &Path) -> Value {
    let o = evident()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn rules_of(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}: {} -> {}", c["rule"].as_str().unwrap(), c["old"], c["new"]))
        .collect()
}

#[test]
fn diff_names_what_got_worse_what_got_better_and_the_files_that_changed() {
    let s = story();
    let d = diff_json(&s.a, &s.b);
    assert_eq!(rules_of(&d["regressions"]), ["t.headings: \"pass\" -> \"fail\""]);
    assert_eq!(rules_of(&d["improvements"]), ["t.two: \"fail\" -> \"pass\""]);
    assert_eq!(d["evidence"]["changed"], serde_json::json!(["a.md"]));
    assert_eq!(d["evidence"]["added"], serde_json::json!(["b.md"]));
    assert_eq!(d["evidence"]["removed"], serde_json::json!([]));

    // The other way round, everything swaps.
    let back = diff_json(&s.b, &s.a);
    assert_eq!(rules_of(&back["regressions"]), ["t.two: \"pass\" -> \"fail\""]);
    assert_eq!(back["evidence"]["removed"], serde_json::json!(["b.md"]));

    // People's formats say the same, and --fail-on-regression sets the exit code.
    let text = evident().arg("diff").arg(&s.a).arg(&s.b).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("1 regression(s), 1 improvement(s)"), "{text}");
    assert!(text.contains("t.headings: pass -> fail"), "{text}");
    let md = evident()
        .arg("diff")
        .arg(&s.a)
        .arg(&s.b)
        .args(["--format", "md"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| `t.headings` |  | major | pass | fail |"), "{md}");
    evident()
        .arg("diff")
        .arg(&s.a)
        .arg(&s.b)
        .arg("--fail-on-regression")
        .assert()
        .code(1);
    evident()
        .arg("diff")
        .arg(&s.a)
        .arg(&s.a)
        .arg("--fail-on-regression")
        .assert()
        .code(0);
}

#[test]
fn the_baseline_gate_fails_only_on_regressions() {
    let s = story();
    let out = tempfile::tempdir().unwrap();
    let c = out.path().join("c.json");
    // B against A: t.headings regressed.
    let a = s.a.to_str().unwrap();
    assert_eq!(run(&s.f, &s.pack, &c, &["--baseline", a, "--fail-on-regression"]), 1);
    let r: Value = serde_json::from_slice(&std::fs::read(&c).unwrap()).unwrap();
    assert_eq!(
        r["gate"]["reasons"],
        serde_json::json!(["regression: t.headings: pass -> fail"])
    );
    assert_eq!(
        r["gate"]["baseline"]["improvements"],
        serde_json::json!(["t.two: fail -> pass"])
    );
    assert!(!r["gate"]["baseline"]["standing"].as_array().unwrap().is_empty());

    // B against itself: still failing, but nothing got worse, so the gate passes.
    let b = s.b.to_str().unwrap();
    assert_eq!(run(&s.f, &s.pack, &c, &["--baseline", b, "--fail-on-regression"]), 0);
    let r: Value = serde_json::from_slice(&std::fs::read(&c).unwrap()).unwrap();
    assert_eq!(r["gate"]["passed"], true);
    assert_eq!(
        r["gate"]["baseline"]["standing"],
        serde_json::json!(["t: 1 rule(s) fail or could not be evaluated at minor or above (worst: major)"])
    );

    // Without --fail-on-regression the baseline only informs.
    assert_eq!(run(&s.f, &s.pack, &c, &["--baseline", b]), 1);
    // And the summary says so.
    let o = evident()
        .arg("check")
        .arg(s.f.root())
        .arg("--pack")
        .arg(&s.pack)
        .args(["--as-of", "2026-11-01", "--baseline", a])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("1 regression(s), 1 improvement(s)"), "{text}");
    assert!(text.contains("regression: t.headings: pass -> fail"), "{text}");
}

#[test]
fn a_baseline_from_an_older_pack_reports_renamed_and_removed_rules() {
    let s = story();
    // The old run as an older pack version wrote it: t.headings was
    // t.sections, and a rule t.gone has since been dropped.
    let mut old: Value = serde_json::from_slice(&std::fs::read(&s.a).unwrap()).unwrap();
    let pack = &mut old["packs"][0];
    pack["version"] = "0.9.0".into();
    let mut gone = pack["rules"][1].clone();
    gone["id"] = "t.gone".into();
    gone["title"] = "A rule since dropped".into();
    pack["rules"].as_array_mut().unwrap().push(gone);
    pack["rules"][0]["id"] = "t.sections".into();
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("older.json");
    std::fs::write(&older, serde_json::to_vec(&old).unwrap()).unwrap();

    let d = diff_json(&older, &s.b);
    let p = &d["packs"][0];
    assert_eq!(p["old_version"], "0.9.0");
    assert_eq!(p["rules_renamed"], serde_json::json!([["t.sections", "t.headings"]]));
    assert_eq!(p["rules_removed"], serde_json::json!(["t.gone"]));
    assert_eq!(rules_of(&d["regressions"]), ["t.headings: \"pass\" -> \"fail\""]);
    assert_eq!(d["regressions"][0]["note"], "renamed from t.sections");
}

#[test]
fn results_that_are_not_results_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let s = story();
    let other = dir.path().join("other.json");
    let mut old: Value = serde_json::from_slice(&std::fs::read(&s.a).unwrap()).unwrap();
    old["schema_version"] = 1.into();
    std::fs::write(&other, serde_json::to_vec(&old).unwrap()).unwrap();
    let o = evident().arg("diff").arg(&other).arg(&s.b).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("schema version 1"), "{err}");

    std::fs::write(&other, "{\"packs\": []}").unwrap();
    let o = evident().arg("diff").arg(&other).arg(&s.b).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("not evident's JSON results")
    );

    let o = evident()
        .arg("diff")
        .arg(dir.path().join("missing.json"))
        .arg(&s.b)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A baseline that cannot be read stops `check` before it evaluates.
    let o = evident()
        .arg("check")
        .arg(s.f.root())
        .arg("--baseline")
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
