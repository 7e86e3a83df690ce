//! Broken pack files: each exits 2 with a message that names the file, line
//! and column. The rendered diagnostics are snapshotted, one per file.

use assert_cmd::Command;

#[test]
fn broken_packs_exit_2_with_file_line_and_column() {
    insta::glob!("../fixtures/packs/invalid", "*.yaml", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let out = Command::cargo_bin("evident")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["packs", "lint", &rel])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{rel}: {stderr}");
        let located = regex::Regex::new(&format!("{}:\\d+:\\d+", regex::escape(&rel))).unwrap();
        assert!(located.is_match(&stderr), "{rel} has no file:line:column:\n{stderr}");
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn valid_packs_lint_clean() {
    for dir in ["standards/cc-baseline", "tests/fixtures/packs/valid/minimal.yaml"] {
        let out = Command::cargo_bin("evident")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["packs", "lint", dir])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dir}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
