//! The working papers as an Excel workbook: the tables of
//! [`papers`](super::papers), a sheet each, with a frozen header row, an
//! autofilter, set column widths and coloured status cells (the status name
//! is the cell's text, so nothing rests on colour alone). Evidence text is
//! only ever written as a string cell, never as a formula. The document's
//! creation time comes from the results (`generated_at`, else the as-of
//! date), never the clock, so the same results give the same bytes.

use anyhow::Context as _;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet};

use super::papers::{self, Cell, Table};
use crate::results::{Results, Status};
use crate::text::sanitize;

/// The most characters a cell holds; longer text is cut with a note.
const CELL_CHARS: usize = 32_767;
/// The most rows a worksheet holds.
const SHEET_ROWS: usize = 1_048_576;

pub fn render(r: &Results) -> anyhow::Result<Vec<u8>> {
    book(r).context("cannot write the XLSX report")
}

fn book(r: &Results) -> anyhow::Result<Vec<u8>> {
    let styles = Styles::new();
    let mut book = Workbook::new();

    let summary = papers::summary(r);
    let sheet = add(&mut book, &summary, &styles)?;
    let mut row = summary.rows.len() as u32 + 2;
    for extra in [papers::gate(r), papers::legend()] {
        row = write_table(sheet, row, &extra, &styles)? + 1;
    }
    for table in [
        papers::rules(r),
        papers::findings(r),
        papers::metrics(r),
        papers::waivers(r),
        papers::attestations(r),
        papers::evidence(r),
    ] {
        add(&mut book, &table, &styles)?;
    }

    let created = r.generated_at.as_deref().unwrap_or(&r.as_of);
    let created = ExcelDateTime::parse_from_str(created)?;
    let title = match &r.organisation {
        Some(o) => format!("Compliance working papers: {}", sanitize(o)),
        None => "Compliance working papers".to_string(),
    };
    let properties = DocProperties::new()
        .set_title(title)
        .set_subject(format!("as of {}", r.as_of))
        .set_comment(format!("{} {}", r.tool.name, r.tool.version))
        .set_creation_datetime(&created);
    book.set_properties(&properties);
    Ok(book.save_to_buffer()?)
}

/// A sheet holding `table` from its first row: widths, the frozen header
/// and the autofilter over the table.
fn add<'b>(book: &'b mut Workbook, table: &Table<'_>, styles: &Styles) -> anyhow::Result<&'b mut Worksheet> {
    anyhow::ensure!(
        table.rows.len() < SHEET_ROWS,
        "the {} sheet would have {} rows, more than a worksheet holds ({SHEET_ROWS}); write the findings with --report csv=PATH instead",
        table.sheet,
        table.rows.len() + 1
    );
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet)?;
    for (i, name) in table.columns.iter().enumerate() {
        sheet.set_column_width(i as u16, width(name))?;
    }
    write_table(sheet, 0, table, styles)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, table.rows.len() as u32, table.columns.len() as u16 - 1)?;
    Ok(sheet)
}

/// Writes the header and rows of `table` from row `top`; the row after it.
fn write_table(sheet: &mut Worksheet, top: u32, table: &Table<'_>, styles: &Styles) -> anyhow::Result<u32> {
    for (i, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(top, i as u16, *name, &styles.header)?;
    }
    let mut at = top + 1;
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let col = i as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(at, col, fit(&sanitize(s)))?;
                }
                Cell::Number(n) => {
                    sheet.write_number(at, col, *n)?;
                }
                Cell::Percent(n) => {
                    sheet.write_number_with_format(at, col, *n, &styles.percent)?;
                }
                Cell::Status(s) => {
                    sheet.write_string_with_format(at, col, s.name(), styles.status(*s))?;
                }
                Cell::Empty => {}
            }
        }
        at += 1;
    }
    Ok(at)
}

/// A column's width in characters, by what it holds: prose wide, ids and
/// paths middling, codes and counts as wide as their header.
fn width(column: &str) -> f64 {
    match column {
        "message" | "statement" | "reason" | "guidance" | "remediation" | "blocked_by" => 60.0,
        "title" | "justification" | "waiver_reason" => 40.0,
        "result" => 28.0,
        "rule" | "file" | "path" | "evidence" | "records" => 36.0,
        "sha256" => 66.0,
        "auditor" | "owner" | "approver" | "tags" | "kind" | "by" | "group" => 20.0,
        "pack" | "status" | "finding_status" => 15.0,
        other => (other.len() as f64 + 3.0).max(9.0),
    }
}

/// Text that fits in a cell: longer text is cut, and says so.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    let chars = s.chars().count();
    if chars <= CELL_CHARS {
        return s.into();
    }
    let note = format!(" [cut: {chars} characters in all; the JSON results hold the whole text]");
    let keep: String = s.chars().take(CELL_CHARS - note.chars().count()).collect();
    format!("{keep}{note}").into()
}

struct Styles {
    header: Format,
    percent: Format,
    /// One per status, in [`Status::ALL`]'s order.
    status: Vec<Format>,
}

impl Styles {
    fn new() -> Styles {
        // Dark text on a light fill: readable in print and for people who
        // do not tell the colours apart, who read the status name.
        let status = Status::ALL
            .iter()
            .map(|s| {
                let (ink, fill) = match s {
                    Status::Pass => (0x1a7f37, 0xdafbe1),
                    Status::Fail => (0xa40e26, 0xffebe9),
                    Status::Error => (0x6e2390, 0xf5e8ff),
                    Status::Waived | Status::Pending => (0x7d4e00, 0xfff8c5),
                    Status::NotApplicable => (0x57606a, 0xeaeef2),
                };
                Format::new()
                    .set_bold()
                    .set_font_color(Color::RGB(ink))
                    .set_background_color(Color::RGB(fill))
            })
            .collect();
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xf6f8fa))
                .set_border_bottom(FormatBorder::Thin),
            percent: Format::new().set_num_format("0.0%"),
            status,
        }
    }

    fn status(&self, s: Status) -> &Format {
        let i = Status::ALL
            .iter()
            .position(|&x| x == s)
            .expect("every status is in ALL");
        &self.status[i]
    }
}

#[cfg(test)]
mod tests {
    use super::{CELL_CHARS, SHEET_ROWS, Styles, Table, add, fit};
    use rust_xlsxwriter::Workbook;

    #[test]
    fn a_table_longer_than_a_sheet_is_an_error_not_a_cut() {
        let mut table = Table {
            sheet: "Findings",
            columns: super::papers::FINDINGS.split(' ').collect(),
            rows: vec![Vec::new(); SHEET_ROWS - 1],
        };
        let mut book = Workbook::new();
        assert!(add(&mut book, &table, &Styles::new()).is_ok(), "a full sheet fits");
        table.rows.push(Vec::new());
        let Err(err) = add(&mut Workbook::new(), &table, &Styles::new()) else {
            panic!("a table longer than a sheet is refused");
        };
        let err = err.to_string();
        assert!(err.contains("more than a worksheet holds"), "{err}");
        assert!(err.contains("--report csv=PATH"), "{err}");
    }

    #[test]
    fn text_longer_than_a_cell_is_cut_and_says_so() {
        let long = "é".repeat(CELL_CHARS + 10);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(
            cut.ends_with("the JSON results hold the whole text]"),
            "{}",
            &cut[cut.len() - 80..]
        );
        assert_eq!(fit("short"), "short");
    }
}
