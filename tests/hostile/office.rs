//! Office files built in the test, part by part, so a hostile shape is
//! written where it is used instead of kept as a binary blob.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;

/// A part of an archive: its name and how its bytes are written.
pub enum Part<'a> {
    Bytes(&'a str, Vec<u8>),
    /// `head`, then `n` spaces, then `tail`, deflated as they stream.
    Spaces(&'a str, &'a str, u64, &'a str),
}

/// A zip archive of the parts, deflated.
pub fn zip(parts: Vec<Part>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for part in parts {
        match part {
            Part::Bytes(name, bytes) => {
                w.start_file(name, opts).unwrap();
                w.write_all(&bytes).unwrap();
            }
            Part::Spaces(name, head, n, tail) => {
                w.start_file(name, opts).unwrap();
                w.write_all(head.as_bytes()).unwrap();
                let chunk = vec![b' '; 1 << 20];
                let mut left = n;
                while left > 0 {
                    let k = left.min(chunk.len() as u64) as usize;
                    w.write_all(&chunk[..k]).unwrap();
                    left -= k as u64;
                }
                w.write_all(tail.as_bytes()).unwrap();
            }
        }
    }
    w.finish().unwrap().into_inner()
}

fn bytes<'a>(name: &'a str, text: &str) -> Part<'a> {
    Part::Bytes(name, text.as_bytes().to_vec())
}

/// An .xlsx whose one sheet holds `sheet_data` (the `<sheetData>` rows)
/// and whose shared strings part is `strings`.
pub fn xlsx<'a>(sheet_data: &str, strings: Part<'a>) -> Vec<u8> {
    zip(vec![
        bytes(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        bytes(
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        bytes(
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        bytes(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        bytes(
            "xl/worksheets/sheet1.xml",
            &format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
        strings,
    ])
}

/// The `calls` header and one good row, as inline-string cells.
pub const CALLS: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>site</t></is></c><c r="B1" t="inlineStr"><is><t>day</t></is></c><c r="C1" t="inlineStr"><is><t>offered</t></is></c><c r="D1" t="inlineStr"><is><t>answered</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>north</t></is></c><c r="B2" t="inlineStr"><is><t>2026-02-01</t></is></c><c r="C2"><v>10</v></c><c r="D2"><v>10</v></c></row>"#;

/// Shared strings that are what they say.
pub fn strings() -> Part<'static> {
    bytes(
        "xl/sharedStrings.xml",
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>north</t></si></sst>"#,
    )
}

/// A .docx whose body is `body` (the children of `<w:body>`), with core
/// properties.
pub fn docx(body: &str) -> Vec<u8> {
    docx_with(Part::Bytes(
        "word/document.xml",
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
        .into_bytes(),
    ))
}

/// A .docx whose `word/document.xml` is `document`.
pub fn docx_with(document: Part) -> Vec<u8> {
    zip(vec![
        bytes(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        document,
    ])
}

/// A paragraph of plain runs; `style` names a paragraph style (`Heading1`).
pub fn para(style: Option<&str>, runs: &str) -> String {
    let props = style.map_or(String::new(), |s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#));
    format!("<w:p>{props}{runs}</w:p>")
}

/// A run of text.
pub fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}
