//! Text checks read what a reader sees: text inside HTML comments, YAML
//! front matter, hidden Word runs (`w:vanish`, directly or through a style)
//! and tracked deletions or moves away (`w:del`, `w:moveFrom`) never
//! satisfies a `text` check, nor counts as a heading or as words under one.
//! Each case is run beside its visible twin, which passes, so a test cannot
//! pass by reading nothing.

use crate::harness::Hostile;
use crate::office::{self, para, run};
use crate::outcome::{check_json, rule};

/// A pack whose rules look for a phrase and for a `Scope` section with words.
const PACK: &str = r#"
pack: {id: t, title: What a reader sees, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  doc:
    document: {fields: [owner, approved_on]}
sections: [{id: s, title: Section}]
rules:
  - id: t.text
    section: s
    title: States the retention period
    severity: major
    evidence: {kind: doc}
    checks:
      - text: {matches: ["(?i)retention period of \\d+ years"]}
  - id: t.scope
    section: s
    title: Has a scope
    severity: major
    evidence: {kind: doc}
    checks:
      - headings: {required: [Scope], min_words: 4}
"#;

/// The good records, Word documents taken as `doc`, `file` as the only
/// document, and the pack above beside the evidence; the `--pack` path.
fn evidence(h: &Hostile, file: &str, contents: &[u8]) -> String {
    h.good().file(
        "evident.yaml",
        "organisation: Hostile Ltd\nas_of: 2026-11-01\ndocuments: {doc: [\"*.docx\"]}\n",
    );
    std::fs::remove_file(h.root().join("policy.md")).unwrap();
    h.file(file, contents);
    let pack = h.dir.path().join("packs/t");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), PACK).unwrap();
    pack.display().to_string()
}

/// The statuses of `t.text` and `t.scope` with `file` as the only document.
fn statuses(file: &str, contents: &[u8]) -> (String, String) {
    let h = Hostile::new();
    let pack = evidence(&h, file, contents);
    let (run, report) = check_json(&h, &["--pack", &pack]);
    let (text, found) = rule(&report, "t.text");
    let (scope, scope_found) = rule(&report, "t.scope");
    assert!(
        run.code() <= 1 && found.contains(file),
        "{found}\n{scope_found}\n{}",
        run.transcript()
    );
    (text, scope)
}

fn pass() -> (String, String) {
    ("pass".into(), "pass".into())
}

fn fail() -> (String, String) {
    ("fail".into(), "fail".into())
}

const FRONT: &str = "---\nkind: doc\nowner: Head of Quality\napproved_on: 2026-03-01\n";

#[test]
fn markdown_comments_are_not_text() {
    let visible =
        format!("{FRONT}---\n# Policy\n\nA retention period of 6 years.\n\n## Scope\n\nAll staff, every site.\n");
    assert_eq!(statuses("policy.md", visible.as_bytes()), pass());
    let hidden = format!(
        "{FRONT}---\n# Policy\n\nA <!-- retention period of 6 years -->.\n\n<!--\n## Scope\n\nAll staff, every site.\n-->\n"
    );
    assert_eq!(statuses("policy.md", hidden.as_bytes()), fail());
    // An inline comment across lines, and a comment block left open to the end.
    let hidden = format!(
        "{FRONT}---\n# Policy\n\nA <!-- retention\nperiod of 6 years --> stated.\n\n## Scope\n\n<!--\n\nAll staff, every site.\n"
    );
    assert_eq!(statuses("policy.md", hidden.as_bytes()), fail());
}

#[test]
fn front_matter_is_not_text() {
    let hidden =
        format!("{FRONT}note: a retention period of 6 years\n---\n# Policy\n\n## Scope\n\nAll staff, every site.\n");
    assert_eq!(statuses("policy.md", hidden.as_bytes()).0, "fail");
}

/// A Word policy with the phrase and the scope in `runs` (a run maker).
fn word(runs: impl Fn(&str) -> String) -> Vec<u8> {
    office::docx(&policy(runs))
}

/// The body of [`word`].
fn policy(runs: impl Fn(&str) -> String) -> String {
    [
        para(Some("Title"), &run("Policy")),
        para(None, &run("Owner: Head of Quality")),
        para(None, &run("Approved on: 2026-03-01")),
        para(None, &runs("A retention period of 6 years.")),
        para(Some("Heading1"), &runs("Scope")),
        para(None, &runs("All staff, every site.")),
    ]
    .concat()
}

#[test]
fn hidden_word_text_is_not_text() {
    assert_eq!(statuses("policy.docx", &word(run)), pass());
    let hidden = |t: &str| format!(r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    assert_eq!(statuses("policy.docx", &word(hidden)), fail());
}

#[test]
fn deleted_and_moved_word_text_is_not_text() {
    let deleted = |t: &str| format!(r#"<w:del w:id="1" w:author="A"><w:r><w:delText>{t}</w:delText></w:r></w:del>"#);
    assert_eq!(statuses("policy.docx", &word(deleted)), fail());
    // A hostile file may keep plain `w:t` inside a deletion.
    let deleted = |t: &str| format!(r#"<w:del w:id="1" w:author="A">{}</w:del>"#, run(t));
    assert_eq!(statuses("policy.docx", &word(deleted)), fail());
    let moved = |t: &str| format!(r#"<w:moveFrom w:id="1" w:author="A">{}</w:moveFrom>"#, run(t));
    assert_eq!(statuses("policy.docx", &word(moved)), fail());
}

/// A Word field that would pull text in from a file outside the evidence
/// (`INCLUDETEXT`) is read as the document shows it, its last result; the
/// file it names is never opened, so nothing of it reaches any output.
#[test]
fn word_fields_never_pull_in_outside_text() {
    let h = Hostile::new();
    let secret = h.outside("secret.txt").display().to_string();
    let field = format!(
        r#"<w:fldSimple w:instr="INCLUDETEXT &quot;{secret}&quot;">{}</w:fldSimple>"#,
        run("A retention period of 6 years.")
    );
    let policy = word(|t| {
        if t.starts_with("A retention") {
            field.clone()
        } else {
            run(t)
        }
    });
    let pack = evidence(&h, "policy.docx", &policy);
    let (_, report) = check_json(&h, &["--pack", &pack]);
    assert_eq!(rule(&report, "t.text").0, "pass");
}

/// Styles for [`word_text_hidden_by_a_style_is_not_text`]: `Normal` (the
/// default paragraph style) and `Heading1` as `normal` and `heading` say,
/// a character style `Quiet` that hides its text, `Quieter` based on it,
/// and `Plain`, which hides nothing.
fn styles(normal: &str, heading: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>{normal}</w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>{heading}</w:style>
        <w:style w:type="character" w:styleId="Quiet"><w:rPr><w:vanish/></w:rPr></w:style>
        <w:style w:type="character" w:styleId="Quieter"><w:basedOn w:val="Quiet"/><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="character" w:styleId="Plain"><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#
    )
}

/// A run in the character style `style`.
fn styled(style: &'static str) -> impl Fn(&str) -> String {
    move |t| format!(r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

/// Text hidden through a style (a paragraph or character style that sets
/// `w:vanish`, or one it is based on, or the default paragraph style) is
/// hidden text, as if the run said `w:vanish` itself.
#[test]
fn word_text_hidden_by_a_style_is_not_text() {
    let hidden = r#"<w:rPr><w:vanish/></w:rPr>"#;
    let with = |styles: String, runs: &dyn Fn(&str) -> String| {
        statuses("policy.docx", &office::docx_styled(&policy(runs), &styles))
    };
    assert_eq!(with(styles("", ""), &styled("Plain")), pass());
    assert_eq!(with(styles("", ""), &styled("Quieter")), fail());
    assert_eq!(with(styles(hidden, ""), &run), fail());
    // The heading alone is hidden, so the section has no heading.
    assert_eq!(with(styles("", hidden), &run), ("pass".into(), "fail".into()));
}

/// A register kept as a Word table reads like a Markdown one: the rows are
/// there, and a row missing its justification fails.
#[test]
fn a_word_register_is_read_as_its_table() {
    let pack = r#"
pack: {id: t, title: Registers, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  doc:
    document: {fields: [owner, approved_on]}
sections: [{id: s, title: Section}]
rules:
  - id: t.soa
    section: s
    title: Lists every control
    severity: major
    evidence: {kind: doc}
    checks:
      - register: {id: Control, ids: ["5.1", "5.2"]}
"#;
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(None, &run(t)));
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    let soa = |why: &str| {
        office::docx(
            &[
                para(Some("Title"), &run("Statement of applicability")),
                para(None, &run("Owner: Head of Security")),
                para(None, &run("Approved on: 2026-03-01")),
                format!(
                    "<w:tbl>{}{}{}</w:tbl>",
                    row(&["Control", "Justification"]),
                    row(&["5.1", "Policy SEC-1"]),
                    row(&["5.2", why])
                ),
            ]
            .concat(),
        )
    };
    for (why, want) in [("Procedure SEC-2", "pass"), ("", "fail")] {
        let h = Hostile::new();
        h.file(
            "evident.yaml",
            "organisation: T\nas_of: 2026-11-01\ndocuments: {doc: [\"soa.docx\"]}\n",
        );
        h.file("soa.docx", soa(why));
        let dir = h.dir.path().join("packs/t");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pack.yaml"), pack).unwrap();
        let (_, report) = check_json(&h, &["--pack", &dir.display().to_string()]);
        assert_eq!(rule(&report, "t.soa").0, want, "justification {why:?}");
    }
}
