//! Errors that stop the tool name the file or folder at fault and say what
//! to do, and nothing printed carries a control character from the
//! evidence or the profile.

use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;

use super::harness::{self, Hostile, Run};

/// The user file permissions apply to: root's are not checked, so a root
/// run drops to `nobody`.
const NOBODY: u32 = 65534;

/// `evident check` with `extra` after setting each of `locks` (paths under
/// the temporary folder) to its mode, where those modes bite: as this user,
/// or as `nobody` when the tests run as root. `None`, with a note, when root
/// cannot switch users or `nobody` cannot run the binary.
fn locked(h: &Hostile, locks: &[(&str, u32)], extra: &[&str]) -> Option<Run> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // `nobody` must reach the evidence, the pack and the folders a run writes.
        for e in walkdir::WalkDir::new(h.dir.path()) {
            let e = e.unwrap();
            let mode = if e.file_type().is_dir() { 0o777 } else { 0o644 };
            if !e.path_is_symlink() {
                std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
    }
    for (rel, mode) in locks {
        std::fs::set_permissions(h.dir.path().join(rel), std::fs::Permissions::from_mode(*mode)).unwrap();
    }
    let mut cmd = harness::command(&h.check_args(extra), h.dir.path());
    if root {
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let out = cmd.output();
    // Unlocked again, so the temporary folder can be removed.
    for (rel, _) in locks {
        let path = h.dir.path().join(rel);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    match out {
        Ok(out) if !matches!(out.status.code(), Some(126 | 127)) => Some(Run { out }),
        Ok(out) => skip(&String::from_utf8_lossy(&out.stderr)),
        Err(e) => skip(&e.to_string()),
    }
}

fn skip(why: &str) -> Option<Run> {
    eprintln!("note: skipped, the binary cannot run as user {NOBODY} to test file permissions: {why}");
    None
}

#[test]
fn an_evidence_folder_evident_cannot_read_stops_the_run_naming_it() {
    let h = Hostile::new();
    h.good().file("sub/more.md", "---\nkind: doc\n---\n# More\n");
    let Some(run) = locked(&h, &[("evidence/sub", 0o000)], &[]) else {
        return;
    };
    run.expect(2)
        .says(&format!(
            "cannot read `{}/sub` in the evidence folder",
            h.root().display()
        ))
        .says("permission denied; give evident read access to it, or move it out of the evidence folder");
}

#[test]
fn an_unreadable_document_or_record_is_an_error_naming_it() {
    let h = Hostile::new();
    h.good();
    let locks = [
        ("evidence/policy.md", 0o000),
        ("evidence/records/calls/2026.csv", 0o000),
    ];
    let Some(run) = locked(&h, &locks, &[]) else { return };
    run.expect(1)
        .says("ERROR   major    h.doc")
        .says("policy.md: could not read: permission denied; give evident read access to it")
        .says("ERROR   major    h.answered")
        .says("records/calls/2026.csv: cannot use the records: permission denied; give evident read access to it");
}

#[test]
fn an_unreadable_templates_folder_stops_the_run() {
    let h = Hostile::new();
    h.good();
    std::fs::create_dir(h.dir.path().join("templates")).unwrap();
    let Some(run) = locked(
        &h,
        &[("templates", 0o000)],
        &["--templates-dir", "templates", "--report", "md=-"],
    ) else {
        return;
    };
    run.expect(2)
        .says("cannot read the templates folder `templates`: permission denied; check its permissions");
}

#[test]
fn a_report_folder_evident_cannot_write_stops_the_run() {
    let h = Hostile::new();
    h.good();
    std::fs::create_dir(h.dir.path().join("out")).unwrap();
    let Some(run) = locked(&h, &[("out", 0o555)], &["--report", "json=out/results.json"]) else {
        return;
    };
    run.expect(2)
        .says("cannot write the report `out/results.json`: permission denied; choose a report path in a folder evident can write");
}

#[test]
fn a_report_under_a_file_stops_the_run() {
    let h = Hostile::new();
    h.good();
    std::fs::write(h.dir.path().join("file.txt"), "not a folder").unwrap();
    h.check(&["--report", "json=file.txt/report.json"])
        .expect(2)
        .says("cannot write the report `file.txt/report.json`: cannot create the folder `file.txt`: a file is in the way; choose a report path in a folder evident can write");
}

#[test]
fn a_templates_dir_that_is_a_file_or_missing_stops_the_run() {
    let h = Hostile::new();
    h.good();
    std::fs::write(h.dir.path().join("file.txt"), "not a folder").unwrap();
    let wanted = "--templates-dir takes the folder holding report.md.j2 and report.html.j2";
    h.check(&["--templates-dir", "file.txt", "--report", "md=-"])
        .expect(2)
        .says("cannot read the templates folder `file.txt`: it is a file, not a folder")
        .says(wanted);
    h.check(&["--templates-dir", "nowhere", "--report", "md=-"])
        .expect(2)
        .says("cannot read the templates folder `nowhere`: it does not exist")
        .says(wanted);
    // A template that is not a file is never quietly replaced by the built-in one.
    std::fs::create_dir_all(h.dir.path().join("templates/report.md.j2")).unwrap();
    h.check(&["--templates-dir", "templates", "--report", "md=-"])
        .expect(2)
        .says("cannot read the template `templates/report.md.j2`: not a regular file; make it a readable UTF-8 file, or remove it to use the built-in template");
}

#[test]
fn a_packs_dir_that_does_not_exist_stops_every_command() {
    let h = Hostile::new();
    h.good();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for cmd in [
        args(&["check", "evidence", "--packs-dir", "nope"]),
        args(&["packs", "show", "h", "--packs-dir", "nope"]),
        args(&["explain", "h.doc", "--packs-dir", "nope"]),
    ] {
        h.run(&cmd)
            .expect(2)
            .says("cannot read the packs folder `nope`: no such file or directory")
            .says(
                "--packs-dir takes a folder of packs (`<id>/pack.yaml`, optional `kinds.yaml`) that evident may read",
            );
    }
    h.run(&args(&["packs", "lint", "nope/pack.yaml"]))
        .expect(2)
        .says("cannot read `nope/pack.yaml`: no such file or directory")
        .says("pass a pack folder (holding pack.yaml) or a pack.yaml");
    h.run(&args(&["packs", "test", "nope"])).expect(2).says(
        "cannot read `nope`: no such file or directory; pass a pack folder (holding pack.yaml) or a folder of packs",
    );
}

/// What the terminal must never receive: any control character but the
/// layout's own newline and tab, and, with colours, escape sequences other
/// than the tool's own colours.
fn assert_inert(run: &Run, colour: bool) {
    for (name, text) in [("stdout", run.stdout()), ("stderr", run.stderr())] {
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\t') && !(colour && c == '\x1b'))
            .collect();
        assert!(bad.is_empty(), "{name} carries {bad:?}\n{}", run.transcript());
        assert!(!text.contains("\x1b]"), "{name}\n{}", run.transcript());
    }
}

#[test]
fn controls_in_the_profile_never_reach_the_terminal() {
    let h = Hostile::new();
    h.good();
    let profile = "organisation: \"\\x1b]0;pwned\\x07\\x1b[31mAcme\"\nas_of: 2026-11-01\n";
    // An unknown key stops the run with a diagnostic naming it; raw
    // controls in the file stop it with one quoting their line.
    for (line, says) in [
        (
            "\"\\x1b]0;pwned\\x07colour\\x1b[31m\": red\n",
            "unknown key `colour` in a profile",
        ),
        ("# \x1b]0;pwned\x07\x1b[2J\u{9b}31m\n", "evident.yaml:3:3"),
    ] {
        h.file("evident.yaml", format!("{profile}{line}"));
        for colour in ["never", "always"] {
            let run = h.check(&["--color", colour]);
            run.expect(2).says(says);
            assert_inert(&run, colour == "always");
        }
    }
    // A waiver naming no rule is a warning; the summary follows it.
    h.file("evident.yaml", profile).file(
        "waivers.yaml",
        "- rule: \"h.\\x1b]0;pwned\\x07doc\\u009b31m\"\n  reason: Being rewritten this quarter.\n  owner: Quality lead\n  approver: Director\n  expires: 2027-01-31\n",
    );
    for colour in ["never", "always"] {
        let run = h.check(&["--color", colour]);
        run.expect(0)
            .says("waiver for `h.doc`, which no loaded pack defines")
            .says("Acme");
        assert_inert(&run, colour == "always");
    }
}

#[test]
fn controls_in_an_evidence_folders_name_never_reach_the_terminal() {
    let h = Hostile::new();
    h.good()
        .file("sub\x1b]0;pwned\x07/more.md", "---\nkind: doc\n---\n# More\n");
    let Some(run) = locked(&h, &[("evidence/sub\x1b]0;pwned\x07", 0o000)], &["--color", "always"]) else {
        return;
    };
    run.expect(2).says("/sub` in the evidence folder: permission denied");
    assert_inert(&run, true);
}
