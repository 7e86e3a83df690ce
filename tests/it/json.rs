//! The JSON results contract: valid against the committed schema, and
//! byte-identical across runs with the same inputs and as-of date.

use assert_cmd::Command;

fn results_json(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("evident")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/acme-contact-centre", "--report", "json=-"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Checks JSON results against the committed schema.
pub fn assert_valid(value: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schema/results.schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn results_match_the_schema() {
    let baseline = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/acme-history/acme-2026-09-01.json"
    );
    for args in [
        &[][..],
        &["--timestamp"][..],
        &["--baseline", baseline, "--fail-on-regression"][..],
    ] {
        let value: serde_json::Value = serde_json::from_slice(&results_json(args)).unwrap();
        assert_valid(&value);
    }
}

#[test]
fn two_runs_are_byte_identical() {
    let a = results_json(&[]);
    let b = results_json(&[]);
    assert_eq!(a, b);
    assert!(
        !String::from_utf8_lossy(&a).contains("generated_at"),
        "no wall-clock time unless asked"
    );
}

#[test]
fn source_date_epoch_fixes_the_timestamp() {
    let run = || {
        let out = Command::cargo_bin("evident")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .args([
                "check",
                "examples/acme-contact-centre",
                "--timestamp",
                "--report",
                "json=-",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let a = run();
    assert!(
        a.contains("\"generated_at\": \"2026-09-21T14:13:20Z\""),
        "{}",
        &a[..300]
    );
    assert_eq!(a, run());
}

#[test]
fn report_files_are_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/results.json");
    let out = Command::cargo_bin("evident")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/acme-contact-centre", "-q", "--report"])
        .arg(format!("json={}", path.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 2,"));
    let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files left beside the report");
}

#[test]
fn record_files_are_hashed_only_when_a_report_lists_them() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme-contact-centre");
    let sha = |skip: bool| {
        let mut opts = evident::AuditOptions::new(example);
        opts.skip_record_hashes = skip;
        let results = evident::audit(&opts).unwrap().results.unwrap();
        let entry = results
            .manifest
            .iter()
            .find(|m| m.path == "records/customer-survey/2026.csv")
            .expect("the survey records are in the manifest")
            .clone();
        (entry.sha256, results.gate.passed)
    };
    let (hashed, gate) = sha(false);
    assert_eq!(hashed.len(), 64, "a sha256 in hex");
    let (skipped, same_gate) = sha(true);
    assert_eq!(skipped, "", "no report shows it, so it is not computed");
    assert_eq!(gate, same_gate, "skipping the hash changes no result");
}

/// `diff`, `aggregate` and `trend` read results back: the model must read
/// what it writes, losing nothing.
#[test]
fn results_read_back_into_the_model_unchanged() {
    let text = results_json(&[]);
    let read: evident::results::Results = serde_json::from_slice(&text).expect("results read back");
    let again = evident::report::json::render(&read).unwrap();
    let first = String::from_utf8_lossy(&text);
    let differ = first.lines().zip(again.lines()).enumerate().find(|(_, (a, b))| a != b);
    assert!(
        differ.is_none() && first.lines().count() == again.lines().count(),
        "first difference (line, written, read back): {differ:?}"
    );
}
