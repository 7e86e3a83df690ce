//! Parsers under attack: YAML alias bombs and deep nesting, huge lines,
//! symbolic-link loops, devices, external XML entities. Each ends in a
//! diagnostic or an `error` status, within the memory and time caps.

use std::io::{Read as _, Write as _};
use std::os::unix::fs::symlink;

use super::harness::{Hostile, SECRET};

/// A billion-laughs document: nine levels of nine aliases.
fn alias_bomb() -> String {
    let mut s = String::from("a0: &a0 [\"lol\"]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 9].join(", ")));
    }
    s
}

#[test]
fn an_alias_bomb_in_the_profile_is_a_budget_diagnostic() {
    let h = Hostile::new();
    h.good().file("evident.yaml", alias_bomb());
    h.check(&[]).expect(2).says("[yaml-budget]");
}

#[test]
fn an_alias_bomb_in_front_matter_makes_the_document_unreadable() {
    let h = Hostile::new();
    h.good()
        .file("bomb.md", format!("---\nkind: doc\n{}---\n# B\n", alias_bomb()));
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
}

#[test]
fn deep_nesting_is_a_budget_diagnostic() {
    let h = Hostile::new();
    let deep = format!("organisation: {}x{}\n", "[".repeat(5000), "]".repeat(5000));
    h.good().file("evident.yaml", deep);
    h.check(&[]).expect(2).says("[yaml-budget]");
    let deep = format!(
        "---\nkind: doc\nowner: {}x{}\n---\n# B\n",
        "{a: ".repeat(5000),
        "}".repeat(5000)
    );
    h.file("evident.yaml", "organisation: X\n").file("deep.md", deep);
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
}

#[test]
fn huge_lines_are_read_within_the_caps() {
    let h = Hostile::new();
    // Just under the document cap, one line; and a record row of 20 MB.
    let line = "word ".repeat((8 << 20) / 5 - 100);
    h.good().file(
        "long.md",
        format!("---\nkind: doc\nowner: A\napproved_on: 2026-01-01\n---\n{line}\n"),
    );
    let cell = "x".repeat(20 << 20);
    h.file(
        "records/calls/long.csv",
        format!("site,day,offered,answered,note\nnorth,2026-03-01,10,10,{cell}\n"),
    );
    h.check(&["--report", &h.json_arg()]).expect(0);
    assert_eq!(h.status("h.answered"), "pass");
    // One byte over the document cap is refused, by bytes read.
    h.file("long.md", "x".repeat((8 << 20) + 1));
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
    assert!(h.results().to_string().contains("over the 8 MiB limit for a document"));
}

#[test]
fn symbolic_link_loops_end_in_an_error() {
    let h = Hostile::new();
    h.good();
    symlink(h.root().join("b.md"), h.root().join("a.md")).unwrap();
    symlink(h.root().join("a.md"), h.root().join("b.md")).unwrap();
    std::fs::create_dir_all(h.root().join("loop")).unwrap();
    symlink(h.root().join("loop"), h.root().join("loop/again")).unwrap();
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
}

#[test]
fn a_character_device_inside_the_root_is_never_opened() {
    let h = Hostile::new();
    h.good();
    let made = std::process::Command::new("mknod")
        .arg(h.root().join("dev.md"))
        .args(["c", "1", "5"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mknod needs privileges here; the link-to-/dev/zero case covers the rest");
        return;
    }
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
    assert!(
        h.results()
            .to_string()
            .contains("a character device, not a regular file; not opened")
    );
}

#[test]
fn external_xml_entities_in_a_word_document_are_not_resolved() {
    let h = Hostile::new();
    h.good();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office/quality-policy.docx");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let out_path = h.root().join("xxe.docx");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&out_path).unwrap());
    let secret = h.outside("secret.txt");
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let decl_end = xml.find("?>").map_or(0, |i| i + 2);
            let doctype = format!(
                "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file://{}\">]>",
                secret.display()
            );
            let body = xml[decl_end..].replacen("<w:t>", "<w:t>kind: doc owner: &xxe; ", 1);
            bytes = format!("{}{doctype}{body}", &xml[..decl_end]).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    // The harness fails the test if the secret reaches any output.
    h.check(&["--report", &h.json_arg(), "--explain-evidence"]);
    assert!(!h.results().to_string().contains(SECRET));
}
