//! The evidence boundary: nothing under the root is written, nothing
//! outside it is read (configuration files included, through any link),
//! and only regular files are opened.

use std::os::unix::fs::symlink;

use super::harness::{Hostile, SECRET};

#[test]
fn a_report_inside_the_evidence_folder_is_refused() {
    let h = Hostile::new();
    h.good();
    for target in ["policy.md", "records/calls/2026.csv", "evident.yaml", "new/report.json"] {
        let path = h.root().join(target).display().to_string();
        h.check(&["--report", &format!("json={path}")])
            .expect(2)
            .says("inside the evidence folder")
            .says("--allow-report-in-evidence");
    }
    assert!(!h.root().join("new").exists(), "no folder is created under the root");
    // Allowed explicitly, a new file that is not evidence may be written,
    // but a file the run read never is.
    let hidden = h.root().join(".evident/report.json");
    let run = super::harness::bounded(
        &[
            "check".into(),
            h.root().display().to_string(),
            "--pack".into(),
            h.pack_dir().display().to_string(),
            "--allow-report-in-evidence".into(),
            "--report".into(),
            format!("json={}", hidden.display()),
        ],
        h.dir.path(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(hidden.is_file());
    std::fs::remove_dir_all(h.root().join(".evident")).unwrap();
    let policy = h.root().join("policy.md").display().to_string();
    h.check(&["--allow-report-in-evidence", "--report", &format!("json={policy}")])
        .expect(2)
        .says("would replace a file this run read as evidence");
}

#[test]
fn configuration_files_linked_out_of_the_root_are_not_read() {
    for name in ["evident.yaml", "waivers.yaml", "attestations.yaml"] {
        let h = Hostile::new();
        h.good();
        let _ = std::fs::remove_file(h.root().join(name));
        symlink(h.outside("secret.yaml"), h.root().join(name)).unwrap();
        h.check(&[])
            .expect(2)
            .says(&format!(
                "cannot read {name}: a symbolic link to a file outside the evidence root"
            ))
            .says("[unreadable]");
    }
}

#[test]
fn a_dangling_configuration_link_is_reported_not_ignored() {
    let h = Hostile::new();
    h.good();
    std::fs::remove_file(h.root().join("evident.yaml")).unwrap();
    symlink(h.root().join("nowhere.yaml"), h.root().join("evident.yaml")).unwrap();
    h.check(&[])
        .expect(2)
        .says("cannot read evident.yaml: a broken symbolic link");
}

#[test]
fn evidence_linked_out_of_the_root_is_an_error_and_never_read() {
    let h = Hostile::new();
    h.good();
    std::fs::remove_file(h.root().join("records/calls/2026.csv")).unwrap();
    symlink(h.outside("calls.csv"), h.root().join("records/calls/2026.csv")).unwrap();
    symlink(h.outside("secret.txt"), h.root().join("secret.md")).unwrap();
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.answered"), "error");
    let text = h.results().to_string();
    assert!(!text.contains(SECRET));
    assert!(text.contains("a symbolic link to a file outside the evidence root; not followed"));
}

#[test]
fn fifos_and_devices_are_never_opened() {
    let h = Hostile::new();
    h.good();
    for fifo in ["stuck.md", "records/calls/stuck.csv"] {
        let path = h.root().join(fifo);
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap()
                .success()
        );
    }
    symlink("/dev/zero", h.root().join("records/calls/zero.jsonl")).unwrap();
    symlink("/dev/zero", h.root().join("dev.md")).unwrap();
    // Bounded by `bounded.sh`: a FIFO that was opened would hang the run.
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.answered"), "error");
    assert_eq!(h.status("h.doc"), "error");
    let text = h.results().to_string();
    assert!(
        text.contains("a FIFO (named pipe), not a regular file; not opened"),
        "{text}"
    );
}
