//! Exit codes are the gate's whatever happens to standard output, reports
//! never collide, and report files get the usual permissions.

use std::os::unix::fs::PermissionsExt as _;

use super::harness::Hostile;

/// A failing gate: the document has no owner.
fn failing() -> Hostile {
    let h = Hostile::new();
    h.good()
        .file("policy.md", "---\nkind: doc\napproved_on: 2026-03-01\n---\n# Policy\n");
    h
}

#[test]
fn a_closed_pipe_keeps_the_gates_exit_code() {
    let h = failing();
    let script = format!(
        "set -o pipefail; {} check {} --pack {} | head -c 1 >/dev/null",
        env!("CARGO_BIN_EXE_evident"),
        h.root().display(),
        h.pack_dir().display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    // The same with a report to standard output.
    let script = format!(
        "{script} && false; {} check {} --pack {} --report json=- | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_evident"),
        h.root().display(),
        h.pack_dir().display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
}

#[test]
fn two_reports_to_one_place_are_a_usage_error() {
    let h = failing();
    h.check(&["--report", "json=-", "--report", "sarif=-"])
        .expect(2)
        .says("two reports to standard output");
    let out = h.dir.path().join("r.json").display().to_string();
    h.check(&["--report", &format!("json={out}"), "--report", &format!("sarif={out}")])
        .expect(2)
        .says("give each report its own file");
}

#[test]
fn report_files_follow_the_umask() {
    let h = failing();
    let out = h.dir.path().join("report.json");
    let script = format!(
        "umask 022; {} check {} --pack {} --report json={}",
        env!("CARGO_BIN_EXE_evident"),
        h.root().display(),
        h.pack_dir().display(),
        out.display()
    );
    std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}
