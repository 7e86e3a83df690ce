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

/// Runs `cmd`, which must exit with `code`; its output.
fn exits(cmd: &mut Command, code: i32) -> std::process::Output {
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(code), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The entry of a JSON list whose `key` is `value`.
fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|x| x[key] == value))
        .unwrap_or_else(|| panic!("no {key} {value} in {list}"))
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
    let o = exits(evident().arg("diff").arg(old).arg(new).args(["--format", "json"]), 0);
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
    let o = exits(evident().arg("diff").arg(&other).arg(&s.b), 2);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("schema version 1"), "{err}");

    std::fs::write(&other, "{\"packs\": []}").unwrap();
    let o = exits(evident().arg("diff").arg(&other).arg(&s.b), 2);
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("not evident's JSON results")
    );

    exits(evident().arg("diff").arg(dir.path().join("missing.json")).arg(&s.b), 2);
    // A baseline that cannot be read stops `check` before it evaluates.
    exits(evident().arg("check").arg(s.f.root()).arg("--baseline").arg(&other), 2);
}

/// Runs `check` on the example, and returns its JSON results' path.
fn example_run(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let o = evident()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/acme-contact-centre", "-q", "--report"])
        .arg(format!("json={}", out.display()))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

#[test]
fn merging_per_site_runs_equals_the_single_multi_site_run() {
    let dir = tempfile::tempdir().unwrap();
    let whole = example_run(dir.path(), "whole.json", &[]);
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    example_run(&runs, "1-north.json", &["--site", "north"]);
    example_run(&runs, "2-south.json", &["--site", "south"]);
    let merged = dir.path().join("merged.json");
    let o = evident()
        .arg("aggregate")
        .arg(&runs)
        .arg("--report")
        .arg(format!("json={}", merged.display()))
        .output()
        .unwrap();
    // The example's gate fails, merged or not.
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let (a, b) = (
        std::fs::read_to_string(&whole).unwrap(),
        std::fs::read_to_string(&merged).unwrap(),
    );
    let differ = a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y);
    assert!(a == b, "first difference (line, single run, merged): {differ:?}");
    // One site alone is not the organisation: south's failures are missing.
    let north: Value = serde_json::from_slice(&std::fs::read(runs.join("1-north.json")).unwrap()).unwrap();
    assert_eq!(north["sites"], serde_json::json!(["north"]));
}

#[test]
fn aggregate_refuses_runs_that_are_not_alike_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let north = example_run(dir.path(), "north.json", &["--site", "north"]);
    let south = example_run(dir.path(), "south.json", &["--site", "south", "--as-of", "2026-11-02"]);
    let o = exits(evident().arg("aggregate").arg(&north).arg(&south), 2);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("as-of date 2026-11-01") && err.contains("--allow-mismatch as-of"),
        "{err}"
    );
    let o = exits(
        evident()
            .arg("aggregate")
            .arg(&north)
            .arg(&south)
            .args(["--allow-mismatch", "as-of", "--report", "json=-"]),
        1,
    );
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["as_of"], "2026-11-02");

    // A site in two runs would be counted twice.
    let o = exits(evident().arg("aggregate").arg(&north).arg(&north), 2);
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("the site north is in both")
    );

    // Another pack version than the one loaded.
    let mut old: Value = serde_json::from_slice(&std::fs::read(&south).unwrap()).unwrap();
    old["as_of"] = "2026-11-01".into();
    let copc = old["packs"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == "copc")
        .unwrap();
    copc["version"] = "0.9.0".into();
    let first = copc["sites"][0]["rules"][0]["id"].as_str().unwrap().to_string();
    // The older version called the rule something else: as many rules, one
    // of them unknown to the loaded pack.
    copc["sites"][0]["rules"][0]["id"] = "copc.an-older-name".into();
    std::fs::write(&south, serde_json::to_vec(&old).unwrap()).unwrap();
    let o = exits(evident().arg("aggregate").arg(&north).arg(&south), 2);
    assert!(String::from_utf8(o.stderr).unwrap().contains("used copc 0.9.0"));
    // Allowed: the rule that run did not evaluate is an error at its site, never a pass.
    let o = evident()
        .arg("aggregate")
        .arg(&north)
        .arg(&south)
        .args(["--allow-mismatch", "pack-version", "--report", "json=-"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let copc = find(&r["packs"], "id", "copc");
    let south_rule = find(&copc["sites"][1]["rules"], "id", &first);
    assert_eq!(south_rule["status"], "error");
    // South is scored again by the loaded pack, the error counting against it.
    assert!(
        copc["sites"][1]["summary"]["counts"]["error"].as_u64().unwrap() >= 1,
        "{}",
        copc["sites"][1]["summary"]
    );
    assert!(
        south_rule["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("without this rule")
    );
}

#[test]
fn separate_repositories_merge_with_their_roots_and_disagreements_are_findings() {
    // Two site repositories of one organisation; the organisation-wide rule
    // passes in one and fails in the other.
    let pack = "pack: {id: t, title: T, version: 1.0.0, source: tests, scoring: weighted, scope: site}
kinds:
  doc:
    document: {fields: [owner]}
sections: [{id: s, title: S}]
rules:
  - id: t.doc
    section: s
    title: A document
    severity: major
    evidence: {kind: doc}
    checks:
      - fields: [owner]
";
    let org = pack
        .replace("scope: site", "scope: organisation")
        .replace("id: t,", "id: o,")
        .replace("t.doc", "o.doc");
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let (tp, op) = (dir.path().join("t"), dir.path().join("o"));
    for (p, text) in [(&tp, pack.to_string()), (&op, org)] {
        std::fs::create_dir_all(p).unwrap();
        std::fs::write(p.join("pack.yaml"), text).unwrap();
    }
    for (site, owner) in [("east", "Ann"), ("west", "")] {
        f.file(
            &format!("{site}/evident.yaml"),
            format!("organisation: Two Sites Ltd\nas_of: 2026-11-01\nsites: [{site}]\npacks: [t, o]\n"),
        );
        f.file(
            &format!("{site}/doc.md"),
            format!("---\nkind: doc\nsite: {site}\nowner: {owner}\n---\n# D\n"),
        );
    }
    let mut outs = Vec::new();
    for site in ["east", "west"] {
        let out = dir.path().join(format!("{site}.json"));
        evident()
            .current_dir(f.root())
            .args(["check", site, "--pack"])
            .arg(&tp)
            .arg("--pack")
            .arg(&op)
            .arg("--report")
            .arg(format!("json={}", out.display()))
            .assert()
            .code(if site == "east" { 0 } else { 1 });
        outs.push(out);
    }
    let o = exits(
        evident()
            .arg("aggregate")
            .args(&outs)
            .arg("--pack")
            .arg(&tp)
            .arg("--pack")
            .arg(&op)
            .args(["--report", "json=-"]),
        1,
    );
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["sites"], serde_json::json!(["east", "west"]));
    assert_eq!(r["evidence_root"], ".");
    let paths: Vec<&str> = r["manifest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"east/doc.md") && paths.contains(&"west/doc.md"),
        "{paths:?}"
    );
    // The site pack rolls up: west fails, so the organisation does.
    let t = find(&r["packs"], "id", "t");
    assert_eq!(t["rules"][0]["status"], "fail");
    assert_eq!(t["sites"][0]["rules"][0]["status"], "pass");
    assert!(t["rules"][0]["findings"].to_string().contains("west/doc.md"));
    // The organisation-wide pack: the runs disagree, the worst stands.
    let o_rule = &find(&r["packs"], "id", "o")["rules"][0];
    assert_eq!(o_rule["status"], "fail");
    let first = o_rule["findings"][0]["message"].as_str().unwrap();
    assert!(
        first.contains("the runs disagree") && first.contains("pass in") && first.contains("fail in"),
        "{first}"
    );
}

/// The packs of `r` by id.
fn pack_mut<'a>(r: &'a mut Value, id: &str) -> &'a mut Value {
    r["packs"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn a_run_from_another_root_names_the_files_of_runs_merged_before_it() {
    // Runs are merged one at a time: north and south share a root, and only
    // the third, from another repository, shows they are not one.
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    let north = example_run(&runs, "1-north.json", &["--site", "north"]);
    let south = example_run(&runs, "2-south.json", &["--site", "south"]);
    let text = std::fs::read_to_string(&south)
        .unwrap()
        .replace("\"south\"", "\"east\"");
    let mut east: Value = serde_json::from_str(&text).unwrap();
    east["evidence_root"] = "east-repo/".into();
    // An organisation-wide rule north passes and both others fail: the
    // worst stands, the later run's result on a tie.
    let mut north_r: Value = serde_json::from_slice(&std::fs::read(&north).unwrap()).unwrap();
    let mut south_r: Value = serde_json::from_slice(&std::fs::read(&south).unwrap()).unwrap();
    for (r, status, file) in [
        (&mut north_r, "pass", None),
        (&mut south_r, "fail", Some("south-says.md")),
        (&mut east, "fail", Some("east-says.md")),
    ] {
        let rule = &mut pack_mut(r, "bs7799")["rules"][0];
        rule["status"] = status.into();
        rule["findings"] = serde_json::json!([{"status": status, "message": "said", "file": file}]);
    }
    std::fs::write(&north, serde_json::to_vec(&north_r).unwrap()).unwrap();
    std::fs::write(&south, serde_json::to_vec(&south_r).unwrap()).unwrap();
    std::fs::write(runs.join("3-east.json"), serde_json::to_vec(&east).unwrap()).unwrap();
    let o = exits(evident().arg("aggregate").arg(&runs).args(["--report", "json=-"]), 1);
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["sites"], serde_json::json!(["north", "south", "east"]));
    assert_eq!(r["evidence_root"], ".");
    let ours = "examples/acme-contact-centre/";
    let paths: Vec<&str> = r["manifest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    let unplaced: Vec<_> = paths
        .iter()
        .filter(|p| !p.starts_with(ours) && !p.starts_with("east-repo/"))
        .collect();
    assert!(unplaced.is_empty(), "{unplaced:?}");
    assert!(paths.iter().any(|p| p.starts_with("east-repo/")));
    // Every file a finding names, of every run, is named from its root.
    let mut files = Vec::new();
    for p in r["packs"].as_array().unwrap() {
        let site_rules = p["sites"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["rules"].as_array().unwrap());
        for rule in p["rules"].as_array().unwrap().iter().chain(site_rules) {
            for f in rule["findings"].as_array().unwrap() {
                if let Some(file) = f["file"].as_str() {
                    files.push((p["id"].as_str().unwrap().to_string(), file.to_string()));
                }
            }
        }
    }
    assert!(files.iter().any(|(_, f)| f.starts_with(ours)) && files.iter().any(|(_, f)| f.starts_with("east-repo/")));
    let unplaced: Vec<_> = files
        .iter()
        .filter(|(_, f)| !f.starts_with(ours) && !f.starts_with("east-repo/"))
        .take(5)
        .collect();
    assert!(unplaced.is_empty(), "named from no root: {unplaced:?}");
    let mut r = r;
    let rule = &pack_mut(&mut r, "bs7799")["rules"][0];
    assert_eq!(rule["status"], "fail");
    let said: Vec<&str> = rule["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        said[0].starts_with("the runs disagree") && said[0].contains("pass in"),
        "{said:?}"
    );
    assert_eq!(rule["findings"][1]["file"], "east-repo/east-says.md");
}

#[test]
fn aggregate_stops_at_a_run_that_cannot_be_read_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    example_run(&runs, "1-north.json", &["--site", "north"]);
    let south = example_run(&runs, "3-south.json", &["--site", "south"]);
    // Between the two, in name order: a run cut short, then one whose
    // results are not results.
    let text = std::fs::read_to_string(&south).unwrap();
    std::fs::write(runs.join("2-cut.json"), &text[..text.len() / 2]).unwrap();
    let merged = dir.path().join("merged.json");
    // Stops at the bad run, naming it, with nothing written.
    let refused = |says: &str| {
        let o = exits(
            evident()
                .arg("aggregate")
                .arg(&runs)
                .arg("--report")
                .arg(format!("json={}", merged.display())),
            2,
        );
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains("2-cut.json") && err.contains(says), "{err}");
        assert!(!merged.exists());
    };
    refused("EOF while parsing");
    let mut wrong: Value = serde_json::from_str(&text).unwrap();
    wrong["sites"] = 5.into();
    std::fs::write(runs.join("2-cut.json"), serde_json::to_vec(&wrong).unwrap()).unwrap();
    refused("invalid type");
}

#[test]
fn trend_follows_scores_and_metrics_over_runs_in_as_of_order() {
    let f = Fixture::new();
    let pack = f.pack(RULES);
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    let good = doc("owner: A\napproved_on: 2026-01-01", GOOD_BODY);
    let no_scope = doc(
        "owner: A\napproved_on: 2026-01-01",
        "# T\n\n## Purpose\n\nWhy this exists in plain words.\n",
    );
    // Named out of order on purpose: the as-of dates decide the order.
    for (name, as_of, a, b) in [
        ("c.json", "2026-11-01", &no_scope, Some(&good)),
        ("a.json", "2026-09-01", &good, None),
        ("b.json", "2026-10-01", &good, Some(&good)),
    ] {
        f.file("a.md", a);
        match b {
            Some(b) => {
                f.file("b.md", b);
            }
            None => {
                let _ = std::fs::remove_file(f.root().join("b.md"));
            }
        }
        let out = runs.join(name);
        run(&f, &pack, &out, &[]);
        let mut v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        v["as_of"] = as_of.into();
        std::fs::write(&out, serde_json::to_vec(&v).unwrap()).unwrap();
    }
    let (html, csv) = (dir.path().join("trend.html"), dir.path().join("trend.csv"));
    let o = exits(
        evident()
            .arg("trend")
            .arg(&runs)
            .arg("--html")
            .arg(&html)
            .arg("--csv")
            .arg(&csv),
        0,
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("t organisation score         50.0      100.0       50.0"),
        "{text}"
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    let scores: Vec<&str> = csv.lines().filter(|l| l.contains(",score,")).collect();
    assert_eq!(scores.len(), 3, "{csv}");
    assert!(
        scores[0].starts_with("2026-09-01,") && scores[0].contains(",50,2,"),
        "{csv}"
    );
    assert!(
        scores[1].starts_with("2026-10-01,") && scores[1].contains(",100,2,"),
        "{csv}"
    );
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(
        html.contains("t: score per run") && html.matches("<circle").count() == 3,
        "{html}"
    );
    assert!(!html.contains("<line class=\"target\""), "no target line for a score");

    // A rule no run evaluated is a usage error.
    let o = exits(evident().arg("trend").arg(&runs).args(["--metric", "t.nope"]), 2);
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("no run has the rule `t.nope`")
    );
}

#[test]
fn trend_follows_a_metric_through_its_latest_period() {
    let dir = tempfile::tempdir().unwrap();
    let a = example_run(dir.path(), "a.json", &["--as-of", "2026-09-01"]);
    let b = example_run(dir.path(), "b.json", &[]);
    let o = exits(
        evident()
            .arg("trend")
            .arg(&b)
            .arg(&a)
            .args(["--metric", "copc.rs.1", "--csv", "-"]),
        0,
    );
    let csv = String::from_utf8(o.stdout).unwrap();
    // South's value in each run is its table's last period with a value.
    let r: Value = serde_json::from_slice(&std::fs::read(&b).unwrap()).unwrap();
    let copc = find(&r["packs"], "id", "copc");
    let rule = find(&copc["rules"], "id", "copc.rs.1");
    let south = find(&rule["metrics"], "site", "south");
    let last = south["groups"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|g| !g["value"].is_null())
        .unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("2026-11-01,") && l.contains(",south,metric,copc.rs.1,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.contains(&format!(",{},{},", last["value"], last["n"])),
        "{row} vs {last}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2026-09-01,") && l.contains(",metric,copc.rs.1,")),
        "{csv}"
    );
}

/// The README's commands run on the example's history: its results still
/// read, and the baseline gate on it sees regressions.
#[test]
fn the_example_history_reads_and_gates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let history = root.join("examples/acme-history");
    let o = exits(evident().arg("trend").arg(&history), 0);
    assert!(String::from_utf8(o.stdout).unwrap().contains("2026-08-01 2026-09-01"));
    let o = exits(
        evident()
            .current_dir(root)
            .args(["check", "examples/acme-contact-centre", "--baseline"])
            .arg(history.join("acme-2026-09-01.json"))
            .args(["--fail-on-regression", "--report", "json=-"]),
        1,
    );
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let regressions = r["gate"]["baseline"]["regressions"].as_array().unwrap();
    assert!(
        regressions.iter().any(|x| x == "iso9001.8.5.5: pending -> fail"),
        "{regressions:?}"
    );
}
