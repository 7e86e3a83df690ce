//! `evident init`: for every shipped pack, the repository it lays out
//! loads without a diagnostic error and no rule passes on it (skeletons are
//! unfilled templates); a second run keeps every file.

use assert_cmd::Command;

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

const PACKS: &[&str] = &[
    "bs7799",
    "cc-baseline",
    "cc-quality",
    "copc",
    "csqs",
    "iso9001",
    "sqm-wcc",
];

#[test]
fn init_lays_out_a_repository_on_which_nothing_passes() {
    for pack in PACKS {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("evidence");
        let out = evident()
            .args(["init"])
            .arg(&root)
            .args(["--pack", pack, "--sites", "north,south"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{pack}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = evident()
            .arg("check")
            .arg(&root)
            .args(["--report", "json=-", "--as-of", "2026-11-01"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{pack}: the gate fails, nothing else\n{stderr}"
        );
        assert!(!stderr.contains("error"), "{pack}: {stderr}");
        let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let p = &results["packs"][0];
        assert_eq!(p["id"], *pack);
        let statuses: Vec<&str> = p["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert!(!statuses.is_empty());
        let passing: Vec<&str> = p["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "pass")
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert!(passing.is_empty(), "{pack}: rules pass on skeletons: {passing:?}");
        for manifest in results["manifest"].as_array().unwrap() {
            assert!(manifest["problem"].is_null(), "{pack}: {manifest}");
        }
    }
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("evident.yaml"), "organisation: Mine\n").unwrap();
    let first = evident()
        .arg("init")
        .arg(root)
        .args(["--pack", "iso9001"])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("evident.yaml (it exists)"), "{text}");
    assert_eq!(
        std::fs::read_to_string(root.join("evident.yaml")).unwrap(),
        "organisation: Mine\n"
    );
    let again = evident()
        .arg("init")
        .arg(root)
        .args(["--pack", "iso9001"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(text.starts_with("kept") && text.contains("\n0 files written"), "{text}");
    let bad = evident()
        .arg("init")
        .arg(root)
        .args(["--pack", "iso9002"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
