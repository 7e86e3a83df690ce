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

/// Hundreds of placeholder patterns, each just under a regex's own size
/// limit, in a 3 KB profile: the budget of one load stops them with a
/// diagnostic, quickly.
#[test]
fn profile_regexes_past_the_budget() {
    let h = Hostile::new();
    h.good();
    let patterns: Vec<String> = (0..250).map(|i| format!("\"{i}\\\\w{{20}}\"")).collect();
    let profile = format!(
        "organisation: Hostile Ltd\nas_of: 2026-11-01\nplaceholders: [{}]\n",
        patterns.join(",")
    );
    assert!(profile.len() < 3500);
    h.file("evident.yaml", profile);
    // `bounded.sh` caps time and memory: the 19 s, 2.3 GB load this was
    // would not end in exit 2 within them.
    h.check(&[])
        .expect(2)
        .says("error[invalid-regex]")
        .says("evident.yaml:3:")
        .says("compile to more than 32 MiB together");
}

/// Filters that allocate by their argument are refused when the pack
/// loads; what allowed parts could build is bounded by fuel.
#[test]
fn expression_that_asks_for_gigabytes() {
    let h = Hostile::new();
    h.good();
    let pack = crate::harness::PACK.replace(
        r#"where: "answered >= offered""#,
        r#"where: "(site | slice(100000000000) | length) > 0""#,
    );
    std::fs::write(h.pack_dir().join("pack.yaml"), pack).unwrap();
    h.check(&[])
        .expect(2)
        .says("error[invalid-expression]")
        .says("the `slice` filter is not for row expressions");
    let pack = crate::harness::PACK.replace(
        r#"where: "answered >= offered""#,
        r#"where: "answered >= offered and (site * 10000000) != ''""#,
    );
    std::fs::write(h.pack_dir().join("pack.yaml"), pack).unwrap();
    let (run, report) = check_json(&h, &[]);
    run.expect(1);
    assert_eq!(rule(&report, "h.answered").0, "fail");
}

/// An OpenDocument sheet of a few hundred bytes whose repeated rows and
/// columns expand to about a hundred million cells, which calamine would
/// build whole when it opens the file.
#[test]
fn ods_whose_repeats_expand_to_a_hundred_million_cells() {
    let h = Hostile::new();
    h.good();
    let content = r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Calls"><table:table-row><table:table-cell office:value-type="string"><text:p>site</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = office::zip(vec![
        Part::Bytes("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        Part::Bytes("content.xml", content.as_bytes().to_vec()),
    ]);
    h.file("records/calls/repeats.ods", ods);
    errors_on(
        &h,
        "h.answered",
        "records/calls/repeats.ods",
        "expand to more than 10000000 cells",
    );
}

/// A legacy .xls of a few kilobytes with one cell at A1 and one 65,535
/// rows and 16,383 columns away: calamine builds every sheet's grid from
/// the corners of its cells when it opens the file, a billion cells.
#[test]
fn xls_whose_cells_far_apart_ask_for_gigabytes() {
    let h = Hostile::new();
    h.good();
    h.file("records/calls/calls.xls", office::xls(&office::xls_calls()));
    let (run, report) = check_json(&h, &[]);
    run.expect(0);
    assert_eq!(rule(&report, "h.answered").0, "pass");
    let far = [office::xls_calls(), office::number(u16::MAX, 16_383, 1.0)].concat();
    h.file("records/calls/far.xls", office::xls(&far));
    errors_on(
        &h,
        "h.answered",
        "records/calls/far.xls",
        "expand to more than 10000000 cells",
    );
}

/// A DIMENSIONS record declaring some four billion rows (BIFF8 counts
/// them in 32 bits): calamine reserves room for every cell it declares.
#[test]
fn xls_whose_dimensions_claim_billions_of_cells() {
    let h = Hostile::new();
    h.good();
    let dimensions = [
        &0u32.to_le_bytes()[..],
        &u32::MAX.to_le_bytes(),
        &0u16.to_le_bytes(),
        &4u16.to_le_bytes(),
        &[0, 0],
    ]
    .concat();
    let cells = [office::record(0x0200, &dimensions), office::xls_calls()].concat();
    h.file("records/calls/dimensions.xls", office::xls(&cells));
    errors_on(
        &h,
        "h.answered",
        "records/calls/dimensions.xls",
        "expand to more than 10000000 cells",
    );
}

/// A directory whose sector is its own next: calamine follows the chain
/// without end.
#[test]
fn xls_whose_sector_chain_loops() {
    let h = Hostile::new();
    h.good();
    let looped = office::compound(&office::workbook(&[], &office::xls_calls(), 1), |mut fat| {
        fat[1] = 1;
        fat
    });
    h.file("records/calls/loop.xls", looped);
    errors_on(
        &h,
        "h.answered",
        "records/calls/loop.xls",
        "has a chain of sectors that loops",
    );
}

/// Thousands of sheets named by a few bytes each, all pointing at one
/// sheet of a megabyte of records: calamine would read that megabyte once
/// for each.
#[test]
fn xls_whose_sheets_share_their_records() {
    let h = Hostile::new();
    h.good();
    let filler = office::record(0x0000, &[]).repeat(1 << 18);
    let shared = office::compound(
        &office::workbook(&[], &[office::xls_calls(), filler].concat(), 50_000),
        |fat| fat,
    );
    assert!(shared.len() < 3 << 20, "{} bytes", shared.len());
    h.file("records/calls/shared.xls", shared);
    errors_on(
        &h,
        "h.answered",
        "records/calls/shared.xls",
        "two of its sheets share records",
    );
}

/// One shared string of 65,000 characters and 30,000 cells that show it,
/// in 420 KB: calamine copies the string into every cell, 4 GB.
#[test]
fn xls_whose_long_shared_string_is_copied_into_every_cell() {
    let h = Hostile::new();
    h.good();
    let text = [
        &2u32.to_le_bytes()[..],
        &1u32.to_le_bytes(),
        &65_000u16.to_le_bytes(),
        &[0],
        &[0xE9; 65_000],
    ]
    .concat();
    let shown = (0..30_000u32).flat_map(|i| {
        let (row, col) = (2 + (i / 200) as u16, (i % 200) as u16);
        office::record(
            0x00FD,
            &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0, 0], &0u32.to_le_bytes()].concat(),
        )
    });
    let cells: Vec<u8> = office::xls_calls().into_iter().chain(shown).collect();
    let book = office::compound(&office::workbook(&office::record(0x00FC, &text), &cells, 1), |fat| fat);
    assert!(book.len() < 500 << 10, "{} bytes", book.len());
    h.file("records/calls/copies.xls", book);
    errors_on(
        &h,
        "h.answered",
        "records/calls/copies.xls",
        "text comes to more than 512 MiB",
    );
}

/// Shared strings split into 600,000 empty CONTINUE records, 2.4 MB:
/// calamine takes each from the front of a list, in time that grows with
/// the square of their number.
#[test]
fn xls_whose_shared_strings_are_split_into_hundreds_of_thousands_of_records() {
    let h = Hostile::new();
    h.good();
    let strings = [
        office::record(0x00FC, &[0; 8]),
        office::record(0x003C, &[]).repeat(600_000),
    ]
    .concat();
    let book = office::compound(&office::workbook(&strings, &office::xls_calls(), 1), |fat| fat);
    h.file("records/calls/split.xls", book);
    errors_on(
        &h,
        "h.answered",
        "records/calls/split.xls",
        "split into more than 65536 records",
    );
}
