//! The second bundled example, `examples/halden-lifts`: a lift maintenance
//! company whose own documents and exports are mapped to ISO 9001 and BS 7799
//! by its profile alone. Its README names the gaps it is meant to show; these
//! tests hold the run to exactly those, and the generated Word and Excel
//! files to their script.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const EXAMPLE: &str = "examples/halden-lifts";

/// The rules the example's README says fail, and why: a stale retention
/// schedule (two packs), a missing month of backup history, a committed blank
/// template, a procedure missing its lessons-learned section.
const INTENDED_GAPS: &[&str] = &[
    "bs7799.12.1.3",
    "bs7799.6.3.4",
    "bs7799.8.4.1",
    "iso9001.7.1.4",
    "iso9001.8.5.4",
];

fn run(dir: &Path) -> (Option<i32>, Value) {
    let out = Command::cargo_bin("evident")
        .unwrap()
        .args(["check", "--report", "json=-"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap())
}

/// (rule id, status) for every rule of every pack.
fn statuses(results: &Value) -> Vec<(String, String)> {
    results["packs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rules"].as_array().unwrap())
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn with_status(results: &Value, status: &str) -> BTreeSet<String> {
    statuses(results)
        .into_iter()
        .filter(|(_, s)| s == status)
        .map(|(id, _)| id)
        .collect()
}

fn pack<'a>(results: &'a Value, id: &str) -> &'a Value {
    results["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn the_example_fails_exactly_its_intended_gaps() {
    let (code, results) = run(&Path::new(ROOT).join(EXAMPLE));
    assert_eq!(code, Some(1), "the gate fails on the gaps");
    let intended: BTreeSet<String> = INTENDED_GAPS.iter().map(|s| s.to_string()).collect();
    assert_eq!(with_status(&results, "fail"), intended);
    for status in ["error", "pending", "waived"] {
        assert_eq!(with_status(&results, status), BTreeSet::new(), "{status}");
    }
    // Tailored out: ISO 9001 design, the pack's contact-centre rules (by
    // their tag) and per-call surveys, and the controls the Statement of
    // Applicability excludes.
    let na = with_status(&results, "not_applicable");
    assert_eq!(na.iter().filter(|id| id.starts_with("iso9001.")).count(), 7, "{na:?}");
    for id in [
        "iso9001.4.4.2-records",
        "iso9001.7.1.5.1",
        "iso9001.8.5.1",
        "iso9001.8.5.2",
        "iso9001.8.5.5",
    ] {
        assert!(
            na.contains(id),
            "{id} is tailored out by the contact-centre tag: {na:?}"
        );
    }
    assert_eq!(na.iter().filter(|id| id.starts_with("bs7799.")).count(), 10, "{na:?}");
    // Both failures in ISO 9001 are minor, so it is certified; BS 7799 is not.
    assert_eq!(pack(&results, "iso9001")["summary"]["certification"]["certified"], true);
    assert_eq!(pack(&results, "bs7799")["summary"]["certification"]["certified"], false);
    // Every file the profile maps is claimed: no evidence is silently unread.
    let manifest = results["manifest"].as_array().unwrap();
    for entry in manifest {
        assert!(entry["problem"].is_null(), "{entry}");
    }
}

/// Each gap is the evidence's doing: mend it and its rules pass, with the
/// rest of the run unchanged.
#[test]
fn mending_a_gap_in_the_evidence_passes_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    super::util::copy_dir(&Path::new(ROOT).join(EXAMPLE), dir.path());
    let procedure = dir.path().join("security/ISMS-07-incident-procedure.md");
    let mut text = std::fs::read_to_string(&procedure).unwrap();
    text.push_str(
        "\n## Lessons learned\n\nEvery closed incident is reviewed within two weeks and its lessons \
         go to the security forum.\n",
    );
    std::fs::write(&procedure, text).unwrap();
    let retention = dir.path().join("quality/QP-02-records-retention.md");
    let text = std::fs::read_to_string(&retention)
        .unwrap()
        .replace("03.10.2025", "05.10.2026");
    std::fs::write(&retention, text).unwrap();

    let (_, results) = run(dir.path());
    let expected: BTreeSet<String> = ["bs7799.8.4.1", "iso9001.7.1.4"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(with_status(&results, "fail"), expected);
}

/// A broken export is an error naming the file, never a pass: the profile's
/// column mapping is all that makes the export readable.
#[test]
fn an_export_whose_header_changed_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    super::util::copy_dir(&Path::new(ROOT).join(EXAMPLE), dir.path());
    let log = dir.path().join("exports/it/change-log-2026.csv");
    let text = std::fs::read_to_string(&log)
        .unwrap()
        .replacen("PIR done", "Post-implementation review", 1);
    std::fs::write(&log, text).unwrap();
    let (_, results) = run(dir.path());
    assert_eq!(
        with_status(&results, "error"),
        BTreeSet::from(["iso9001.8.5.6".to_string()])
    );
}

/// `examples/halden-lifts.py` reproduces the committed Word documents,
/// workbooks and CSV exports byte for byte.
#[test]
fn the_generator_reproduces_the_committed_files() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    // The script borrows the Acme example's zip normaliser.
    for script in ["halden-lifts.py", "acme-office.py"] {
        std::fs::copy(Path::new(ROOT).join("examples").join(script), examples.join(script)).unwrap();
    }
    let out = Process::new("python3").arg("-c").arg("import docx, openpyxl").output();
    let usable = matches!(&out, Ok(o) if o.status.success());
    if !usable {
        assert!(
            std::env::var_os("EVIDENT_REQUIRE_TOOLS").is_none(),
            "EVIDENT_REQUIRE_TOOLS is set but python3 with python-docx and openpyxl is not installed"
        );
        eprintln!("python3 with python-docx and openpyxl is not installed; skipping");
        return;
    }
    let run = Process::new("python3")
        .arg(examples.join("halden-lifts.py"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let generated = examples.join("halden-lifts");
    let mut compared = 0;
    for e in walkdir::WalkDir::new(&generated)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(&generated).unwrap();
        let committed = std::fs::read(Path::new(ROOT).join(EXAMPLE).join(rel))
            .unwrap_or_else(|_| panic!("{} is generated but not committed", rel.display()));
        assert!(
            std::fs::read(e.path()).unwrap() == committed,
            "{} differs from the script's output",
            rel.display()
        );
        compared += 1;
    }
    assert_eq!(compared, 9, "two Word documents, two workbooks, five CSV exports");
}

/// Every pack's fixtures and the Acme example's generated records are
/// written by scripts: each reproduces the committed files byte for byte, and
/// no committed fixture case is one its script no longer writes.
#[test]
fn the_fixture_and_record_generators_reproduce_the_committed_files() {
    if Process::new("python3").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("EVIDENT_REQUIRE_TOOLS").is_none(),
            "EVIDENT_REQUIRE_TOOLS is set but python3 is not installed"
        );
        eprintln!("python3 is not installed; skipping");
        return;
    }
    let files = |root: &Path| -> BTreeSet<std::path::PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect()
    };
    let same_tree = |generated: &Path, committed: &Path| {
        let (made, kept) = (files(generated), files(committed));
        assert_eq!(
            made,
            kept,
            "{}: the script writes other files than are committed",
            committed.display()
        );
        for rel in &made {
            assert!(
                std::fs::read(generated.join(rel)).unwrap() == std::fs::read(committed.join(rel)).unwrap(),
                "{} differs from the script's output",
                committed.join(rel).display()
            );
        }
    };
    let python = |dir: &Path, script: &str| {
        let run = Process::new("python3").arg(script).current_dir(dir).output().unwrap();
        assert!(
            run.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    let dir = tempfile::tempdir().unwrap();
    // Each pack's generator beside its pack (some read its rules), over an
    // empty tests folder.
    std::fs::copy(
        Path::new(ROOT).join("standards/kinds.yaml"),
        dir.path().join("kinds.yaml"),
    )
    .unwrap();
    let mut packs = 0;
    for e in std::fs::read_dir(Path::new(ROOT).join("standards")).unwrap().flatten() {
        let script = e.path().join("tests/make_fixtures.py");
        if !script.is_file() {
            continue;
        }
        let pack = dir.path().join(e.file_name());
        std::fs::create_dir_all(pack.join("tests")).unwrap();
        std::fs::copy(e.path().join("pack.yaml"), pack.join("pack.yaml")).unwrap();
        if e.path().join("rules").is_dir() {
            crate::util::copy_dir(&e.path().join("rules"), &pack.join("rules"));
        }
        std::fs::copy(&script, pack.join("tests/make_fixtures.py")).unwrap();
        python(&pack, "tests/make_fixtures.py");
        same_tree(&pack.join("tests"), &e.path().join("tests"));
        packs += 1;
    }
    assert!(packs >= 12, "{packs} packs with a fixture generator");

    // The example's record generators for the later packs, over a copy of
    // the committed records they read.
    let examples = dir.path().join("examples");
    let records = examples.join("acme-contact-centre/records");
    crate::util::copy_dir(&Path::new(ROOT).join("examples/acme-contact-centre/records"), &records);
    for e in std::fs::read_dir(Path::new(ROOT).join("examples")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("acme-records") && name.ends_with(".py") {
            std::fs::copy(e.path(), examples.join(&name)).unwrap();
        }
    }
    for script in [
        "acme-records-security.py",
        "acme-records-qa.py",
        "acme-records-quality.py",
        "acme-records-iso18295.py",
        "acme-records-hdi.py",
        "acme-records-pcmm.py",
        "acme-records-sixsigma.py",
        "acme-records-peoplecert.py",
    ] {
        python(&examples, script);
    }
    same_tree(&records, &Path::new(ROOT).join("examples/acme-contact-centre/records"));
}
