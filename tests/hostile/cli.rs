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

/// The binary's own exit code when `head -c 1` closes the pipe after the
/// first byte, under `pipefail`.
fn through_head(args: &str) -> String {
    let script = format!(
        "set -o pipefail; {} {args} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_evident")
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_closed_pipe_keeps_the_gates_exit_code() {
    let h = failing();
    let small = format!("check {} --pack {}", h.root().display(), h.pack_dir().display());
    assert_eq!(through_head(&small), "1");
    // Megabytes of JSON: far more than a pipe holds, so the writes after
    // `head` has gone really meet a closed pipe.
    assert_eq!(through_head("check examples/acme-contact-centre --report json=-"), "1");
    assert_eq!(through_head("packs show bs7799"), "0");
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
