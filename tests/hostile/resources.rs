//! Bounded resources: an input may cost evident an error, never a crash,
//! a multi-gigabyte allocation or a slow run. Office archives that expand
//! without end, counts that lie, tables that square, regular expressions
//! and expressions that ask for gigabytes.

use crate::harness::Hostile;
use crate::office::{self, Part};
use crate::outcome::{check_json, rule};

/// The good evidence, with Word documents at the root taken as `doc`.
fn with_word() -> Hostile {
    let h = Hostile::new();
    h.good().file(
        "evident.yaml",
        "organisation: Hostile Ltd\nas_of: 2026-11-01\ndocuments: {doc: [\"*.docx\"]}\n",
    );
    h
}

/// The run exits 1 with rule `id` in `error`, naming `file` and saying `says`.
fn errors_on(h: &Hostile, id: &str, file: &str, says: &str) {
    let (run, report) = check_json(h, &[]);
    run.expect(1);
    let (status, findings) = rule(&report, id);
    assert_eq!(status, "error", "{findings}\n{}", run.transcript());
    assert!(
        findings.contains(file) && findings.contains(says),
        "expected {file} and {says:?} in\n{findings}"
    );
}

#[test]
fn xlsx_whose_shared_strings_expand_to_gigabytes() {
    let h = Hostile::new();
    h.good();
    let strings = Part::Spaces(
        "xl/sharedStrings.xml",
        r#"<sst uniqueCount="1"><si><t>"#,
        1_200 << 20,
        "</t></si></sst>",
    );
    let bomb = office::xlsx(office::CALLS, strings);
    assert!(bomb.len() < 8 << 20, "{} bytes", bomb.len());
    h.file("records/calls/bomb.xlsx", bomb);
    errors_on(&h, "h.answered", "records/calls/bomb.xlsx", "decompression bomb");
}

#[test]
fn xlsx_whose_shared_string_count_lies() {
    let h = Hostile::new();
    h.good();
    let strings = Part::Bytes(
        "xl/sharedStrings.xml",
        br#"<sst uniqueCount="99999999999"><si><t>north</t></si></sst>"#.to_vec(),
    );
    h.file("records/calls/count.xlsx", office::xlsx(office::CALLS, strings));
    errors_on(
        &h,
        "h.answered",
        "records/calls/count.xlsx",
        "more than its size can hold",
    );
}

#[test]
fn xlsx_header_cell_past_the_last_column() {
    let h = Hostile::new();
    h.good();
    let far = office::CALLS.replacen(r#"<c r="D1""#, r#"<c r="ZZZZZZ1""#, 1);
    h.file("records/calls/far.xlsx", office::xlsx(&far, office::strings()));
    errors_on(&h, "h.answered", "records/calls/far.xlsx", "past the last column");
}

#[test]
fn docx_whose_body_expands_to_gigabytes() {
    let h = with_word();
    let body = Part::Spaces(
        "word/document.xml",
        r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>"#,
        1_200 << 20,
        "</w:t></w:r></w:p></w:body></w:document>",
    );
    h.file("bomb.docx", office::docx_with(body));
    errors_on(&h, "h.doc", "bomb.docx", "`word/document.xml`");
}

/// A table whose one wide row sets the width every other row is padded
/// to: megabytes of XML would become terabytes of Markdown.
#[test]
fn docx_table_that_squares() {
    let h = with_word();
    let n = 60_000;
    let wide = format!("<w:tr>{}</w:tr>", "<w:tc></w:tc>".repeat(n));
    let table = format!("<w:tbl>{wide}{}</w:tbl>", "<w:tr><w:tc></w:tc></w:tr>".repeat(n));
    h.file("square.docx", office::docx(&table));
    errors_on(&h, "h.doc", "square.docx", "60001 rows");
}
