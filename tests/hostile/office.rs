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

/// A .docx whose body is `body` (the children of `<w:body>`).
pub fn docx(body: &str) -> Vec<u8> {
    docx_with(document(body))
}

/// A .docx whose body is `body` and whose `word/styles.xml` is `styles`.
pub fn docx_styled(body: &str, styles: &str) -> Vec<u8> {
    package(vec![document(body), bytes("word/styles.xml", styles)])
}

/// A .docx whose `word/document.xml` is `document`.
pub fn docx_with(document: Part) -> Vec<u8> {
    package(vec![document])
}

fn document(body: &str) -> Part<'static> {
    bytes(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        ),
    )
}

/// A Word package of `parts`, with its content types.
fn package(parts: Vec<Part>) -> Vec<u8> {
    let types = bytes(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    zip([types].into_iter().chain(parts).collect())
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

/// A BIFF8 record: its type, length and data.
pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).expect("a record holds at most 64 KiB");
    [&typ.to_le_bytes()[..], &len.to_le_bytes(), data].concat()
}

/// A NUMBER cell record at `row`, `col` (counted from 0).
pub fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    record(
        0x0203,
        &[
            &row.to_le_bytes()[..],
            &col.to_le_bytes(),
            &[0, 0],
            &value.to_le_bytes(),
        ]
        .concat(),
    )
}

/// A LABEL cell record (a Latin-1 string) at `row`, `col`.
pub fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let len = text.len() as u16;
    record(
        0x0204,
        &[
            &row.to_le_bytes()[..],
            &col.to_le_bytes(),
            &[0, 0],
            &len.to_le_bytes(),
            &[0],
            text.as_bytes(),
        ]
        .concat(),
    )
}

/// The `calls` header and one good row, as BIFF8 cell records
/// (2026-02-01 as its date serial, 46054).
pub fn xls_calls() -> Vec<u8> {
    let header = ["site", "day", "offered", "answered"]
        .iter()
        .enumerate()
        .flat_map(|(c, h)| label(0, c as u16, h));
    let row = [
        label(1, 0, "north"),
        number(1, 1, 46054.0),
        number(1, 2, 10.0),
        number(1, 3, 10.0),
    ];
    header.chain(row.concat()).collect()
}

/// A legacy .xls whose one sheet, `Calls`, holds the cell records `cells`.
pub fn xls(cells: &[u8]) -> Vec<u8> {
    compound(&workbook(&[], cells, 1), |fat| fat)
}

/// A BIFF8 `Workbook` stream: the globals (BOF, `sheets` BOUNDSHEET
/// records, all naming the one sheet, the records `globals`, and EOF),
/// then the sheet (BOF, `cells`, EOF). Only a hostile file names a sheet
/// twice.
pub fn workbook(globals: &[u8], cells: &[u8], sheets: usize) -> Vec<u8> {
    let bof = |dt: u16| {
        record(
            0x0809,
            &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat(),
        )
    };
    let eof = record(0x000A, &[]);
    let sheet_at = |pos: u32| record(0x0085, &[&pos.to_le_bytes()[..], &[0, 0, 5, 0], b"Calls"].concat());
    let globals_len = bof(5).len() + sheets * sheet_at(0).len() + globals.len() + eof.len();
    [
        bof(5),
        sheet_at(globals_len as u32).repeat(sheets),
        globals.to_vec(),
        eof.clone(),
        bof(0x10),
        cells.to_vec(),
        eof,
    ]
    .concat()
}

/// A compound document (version 3, 512-byte sectors) holding `stream` as
/// `Workbook`: the allocation table's sectors first, then the directory's,
/// then the stream's, padded to 4 KiB so it is kept in sectors rather than
/// the mini stream. `fat` may rewrite the allocation table (to make a chain
/// loop).
pub fn compound(stream: &[u8], fat: impl FnOnce(Vec<u32>) -> Vec<u32>) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).next_multiple_of(512), 0);
    let sectors = (stream.len() / 512) as u32;
    // 128 entries a table sector, one for each sector, its own included.
    let tables = (sectors + 1).div_ceil(127);
    assert!(tables <= 109, "the header lists every table sector");
    let directory_at = tables;
    let mut header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    header.resize(24, 0);
    // Minor and major version, byte order, sector and mini sector shifts.
    for v in [0x3Eu16, 3, 0xFFFE, 9, 6] {
        header.extend(v.to_le_bytes());
    }
    header.resize(44, 0);
    // Table sectors, directory start, transaction, mini cutoff, mini table
    // start and count, DIFAT start and count, then the table sectors.
    for v in [tables, directory_at, 0, 4096, END, 0, END, 0]
        .into_iter()
        .chain(0..tables)
    {
        header.extend(v.to_le_bytes());
    }
    header.resize(512, 0xFF);
    let mut table = vec![0xFFFF_FFFD; tables as usize];
    table.push(END);
    table.extend((directory_at + 2..directory_at + 1 + sectors).chain([END]));
    let mut table = fat(table);
    table.resize(128 * tables as usize, 0xFFFF_FFFF);
    let entry = |name: &str, kind: u8, start: u32, size: u32| {
        let mut e: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        e.resize(64, 0);
        e.extend((2 * (name.len() as u16 + 1)).to_le_bytes());
        e.extend([kind, 1]);
        e.extend([0xFF; 12]);
        e.resize(116, 0);
        e.extend(start.to_le_bytes());
        e.extend(size.to_le_bytes());
        e.resize(128, 0);
        e
    };
    let mut directory = [
        entry("Root Entry", 5, END, 0),
        entry("Workbook", 2, directory_at + 1, stream.len() as u32),
    ]
    .concat();
    directory.resize(512, 0);
    [
        header,
        table.iter().flat_map(|v| v.to_le_bytes()).collect(),
        directory,
        stream,
    ]
    .concat()
}
