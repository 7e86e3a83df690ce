//! The binary as a person runs it: the example repository, exit codes,
//! `explain`, `packs`, colour. Terminal output is snapshotted.

use assert_cmd::Command;

const EXAMPLE: &str = "examples/acme-contact-centre";

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Exit code, stdout and stderr in one text, for snapshots.
fn transcript(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn check_example_summary() {
    insta::assert_snapshot!(transcript(evident().args(["check", EXAMPLE])));
}

#[test]
fn check_example_json() {
    let out = evident()
        .args([
            "check",
            EXAMPLE,
            "--pack",
            "cc-baseline",
            "--pack",
            "sqm-wcc",
            "--report",
            "json=-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the example has gaps that fail its gate");
    assert!(out.stderr.is_empty());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn flags_override_the_profiles_gate() {
    let out = evident()
        .args([
            "check",
            EXAMPLE,
            "--pack",
            "cc-baseline",
            "--min-level",
            "0",
            "--fail-on",
            "critical",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "--quiet prints nothing on success");
    let out = evident()
        .args([
            "check",
            EXAMPLE,
            "--pack",
            "cc-baseline",
            "--min-level",
            "0",
            "--fail-on",
            "major",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    insta::assert_snapshot!(
        "bad_date",
        transcript(evident().args(["check", EXAMPLE, "--as-of", "yesterday"]))
    );
    insta::assert_snapshot!(
        "bad_report",
        transcript(evident().args(["check", EXAMPLE, "--report", "pdf=x.pdf"]))
    );
    insta::assert_snapshot!("missing_dir", transcript(evident().args(["check", "no/such/folder"])));
    insta::assert_snapshot!(
        "unknown_pack",
        transcript(evident().args(["check", EXAMPLE, "--pack", "iso9002"]))
    );
}

#[test]
fn broken_profile_exits_2_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evident.yaml"),
        "organisation: X\nsites: north\nas_of: 2026-13-01\npacks:\n  - id: cc-baseline\n    exclude:\n      - rule: cc-baseline.nothing.*\n        justification: none apply\ngate: {fail_on: severe}\ncolour: red\n",
    )
    .unwrap();
    let out = evident().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "<dir>");
    insta::assert_snapshot!(stderr);
}

#[test]
fn explain_a_rule_and_a_typo() {
    insta::assert_snapshot!(transcript(
        evident().args(["explain", "cc-baseline.governance.quality-policy"])
    ));
    insta::assert_snapshot!(
        "explain_typo",
        transcript(evident().args(["explain", "cc-baseline.governance.quality-polcy"]))
    );
}

#[test]
fn packs_list_and_show() {
    insta::assert_snapshot!(transcript(evident().args(["packs", "list"])));
    let out = evident().args(["packs", "show", "cc-baseline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("§ governance Governance"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = evident().args(["check", EXAMPLE]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b), "no escapes when not a terminal");
    let forced = evident()
        .args(["--color", "always", "check", EXAMPLE])
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
    let no_color = evident()
        .args(["--color", "always", "check", EXAMPLE])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(no_color.stdout.contains(&0x1b), "--color always wins over NO_COLOR");
}
