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

/// What bash offers after `words` (the last one being completed), with the
/// script `evident completions bash` prints sourced as a user would.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("evident.bash");
    let out = evident().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(&script, &out.stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let n = words.len() - 1;
    let line = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={n}; _evident evident '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words[n],
        words[n - 1]
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &line])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_pack_ids() {
    assert_eq!(bash_completes(&["evident", "pa"]), ["packs"]);
    assert_eq!(bash_completes(&["evident", "packs", "show", "cs"]), ["csqs"]);
    assert_eq!(bash_completes(&["evident", "check", "--pack", "iso9"]), ["iso9001"]);
}

#[test]
fn man_page_and_explain_pointing_at_a_pack() {
    let man = evident().arg("man").output().unwrap();
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH evident 1") && page.contains("completions"), "{page}");
    let out = evident().args(["explain", "copc"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`evident packs show copc` lists its rules"));
}

/// Every subcommand and argument says what it is for.
#[test]
fn every_argument_has_a_help_line() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.get_help().is_none() && !matches!(id, "help" | "version") {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() && sub.get_name() != "help" {
                missing.push(format!("{path} {}", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(
        &<evident::cli::Cli as clap::CommandFactory>::command(),
        "evident",
        &mut missing,
    );
    assert!(missing.is_empty(), "no help line: {missing:?}");
}

/// A folder without a profile is audited against every pack as of today;
/// the run says so, and how to write one.
#[test]
fn a_folder_without_a_profile_gets_a_warning_saying_what_was_assumed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.md"),
        "---\nkind: quality-policy\n---\n# Policy\n",
    )
    .unwrap();
    let out = evident().arg("check").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[no-profile]"), "{stderr}");
    assert!(stderr.contains("evident init"), "{stderr}");
    assert!(stderr.contains("every loaded pack, as of today"), "{stderr}");
    // What the flags said is what was assumed.
    let out = evident()
        .arg("check")
        .arg(dir.path())
        .args(["--pack", "cc-baseline", "--as-of", "2026-06-30"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("against the packs given, as of 2026-06-30"), "{stderr}");
    std::fs::write(
        dir.path().join("evident.yaml"),
        "organisation: X\npacks: [cc-baseline]\n",
    )
    .unwrap();
    let out = evident().arg("check").arg(dir.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no-profile"));
}

/// `evidence show`: what a run reads from a file, as a person checks it.
#[test]
fn evidence_show_tells_what_was_read_from_a_file() {
    let out = evident()
        .args(["evidence", "show", "--dir", EXAMPLE])
        .args([
            "security/statement-of-applicability.md",
            "security/acceptable-use-policy.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "kind: statement-of-applicability (front matter line 2)",
        "approved_on  2026-10-13  (line 7)",
        "## Excluded controls  (line 138, 339 words)",
        "table at line 146 under `Excluded controls`: 12 rows; columns Control | Title | Justification",
        "kind: acceptable-use-policy (profile `documents:",
    ] {
        assert!(text.contains(want), "missing `{want}` in:\n{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.md"),
        "---\nkind: quality-policy\nowner: TBD\napproved_on: YYYY-MM-DD\n---\n# Policy\n",
    )
    .unwrap();
    let out = evident()
        .args(["evidence", "show", "policy.md", "gone.md", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a file that is not there");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("owner        TBD  (line 3)  [placeholder: counts as missing]"),
        "{text}"
    );
    assert!(text.contains("template: yes, never evidence"), "{text}");
}

/// `evidence show --format json`: the same reading as one document, for
/// scripts — placeholders and the template verdict included, a records
/// file and an unclaimed file said as such, and a missing file still exit 2.
#[test]
fn evidence_show_as_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.md"),
        "---\nkind: quality-policy\nowner: TBD\napproved_on: YYYY-MM-DD\n---\n# Policy\n\n## Scope\n\nAll sites.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not evidence\n").unwrap();
    std::fs::create_dir_all(dir.path().join("records/acd-interval")).unwrap();
    std::fs::write(dir.path().join("records/acd-interval/a.csv"), "site\nnorth\n").unwrap();
    let show = |files: &[&str]| {
        evident()
            .args(["evidence", "show", "--format", "json", "--dir"])
            .arg(dir.path())
            .args(files)
            .output()
            .unwrap()
    };
    let out = show(&["policy.md", "notes.txt", "records/acd-interval/a.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    let policy = &files[0];
    assert_eq!(policy["read_as"], "document");
    assert_eq!(policy["kind"], "quality-policy");
    assert_eq!(
        policy["fields"]["owner"],
        serde_json::json!({"value": "TBD", "line": 3, "placeholder": true})
    );
    assert_eq!(policy["fields"]["approved_on"]["placeholder"], true);
    assert!(
        policy["template"].as_str().unwrap().contains("placeholders"),
        "{policy}"
    );
    assert_eq!(
        policy["headings"][1],
        serde_json::json!({"level": 2, "text": "Scope", "line": 8, "words": 2})
    );
    assert_eq!(
        files[1],
        serde_json::json!({"path": "notes.txt", "read_as": "unclaimed"})
    );
    assert_eq!(files[2]["read_as"], "records");
    assert_eq!(files[2]["kind"], "acd-interval");
    let out = show(&["policy.md", "gone.md"]);
    assert_eq!(out.status.code(), Some(2), "a file that is not there");
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone.md"));
}

/// A file two kinds' globs claim counts for the first only; the run warns,
/// naming both, instead of losing the second kind silently.
#[test]
fn a_file_claimed_by_two_kinds_is_a_warning_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("audit")).unwrap();
    std::fs::write(
        dir.path().join("audit/plan-and-report.md"),
        "# Audit plan and report\n\nOwner: Head of Quality\n\n## Scope\n\nAll sites.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("evident.yaml"),
        "organisation: X\npacks: [iso9001]\ndocuments:\n  audit-programme: [\"audit/*.md\"]\n  internal-audit-report: [\"audit/*.md\"]\n",
    )
    .unwrap();
    let out = evident().arg("check").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[ambiguous-kind]")
            && stderr.contains(
                "`audit/plan-and-report.md` is claimed by the globs of `audit-programme` and `internal-audit-report`"
            ),
        "{stderr}"
    );
}

/// A run that names its packs reads only those of the built-in ones; its
/// crosswalks into packs it did not load are not "unknown", and a pack it
/// names wrongly is told apart from every built-in pack.
#[test]
fn a_run_loads_only_the_built_in_packs_it_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evident.yaml"),
        "organisation: X\npacks: [cc-baseline]\n",
    )
    .unwrap();
    let out = evident()
        .arg("check")
        .arg(dir.path())
        .args(["--report", "json=-"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unknown-mapping"), "{stderr}");
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packs: Vec<&str> = results["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(packs, ["cc-baseline"]);
    let out = evident()
        .arg("check")
        .arg(dir.path())
        .args(["--pack", "iso9000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("iso9001") && stderr.contains("qa-monitoring"),
        "{stderr}"
    );
}
