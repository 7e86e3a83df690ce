//! Registers kept as spreadsheets: a CSV file or a workbook (.xlsx, .xlsm,
//! .xlsb, .xls, .ods) that the profile's `documents:` globs claim for a
//! document kind is a document whose content is its tables — one per
//! sheet, its header the first non-empty row, every row with its number as
//! the file numbers it. Placeholder cells are empty, and a row of nothing
//! but placeholders is no row: a template's rows are not entries. Text
//! checks see the cells (one line per row); a register has no headings.
//! Its metadata comes from a sidecar beside it (see [`super::sidecar`])
//! and, for a workbook, from its core properties; the sidecar wins.

use std::io::Cursor;

use super::markdown::{MAX_CELLS, add_properties, template, unfilled};
use super::{Document, IndexOptions, Patterns, Table, office};
use crate::records::sheet;

/// How a register file is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Workbook,
}

impl Format {
    /// The register format of a file, by its extension.
    pub fn of(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if sheet::is_spreadsheet(&lower) {
            Some(Format::Workbook)
        } else {
            None
        }
    }

    /// The most bytes read: a CSV register is a document's size, a
    /// workbook a workbook's.
    pub fn max_bytes(self) -> u64 {
        match self {
            Format::Csv => super::MAX_DOCUMENT_BYTES,
            Format::Workbook => sheet::MAX_WORKBOOK_BYTES,
        }
    }
}

/// Reads a register; a file that cannot be read is kept with its problem.
pub fn read(path: String, bytes: Vec<u8>, format: Format, patterns: &Patterns, opts: &IndexOptions) -> Document {
    let mut doc = Document {
        path,
        meta_line: 1,
        tabular: true,
        ..Document::default()
    };
    let (grids, properties) = match format {
        Format::Csv => (csv_grid(&bytes), Ok(Vec::new())),
        Format::Workbook => {
            let properties = if bytes.starts_with(b"PK") {
                zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
                    .map_err(|e| format!("not a readable spreadsheet: {e}"))
                    .and_then(|mut zip| office::core_properties(&mut zip))
            } else {
                Ok(Vec::new())
            };
            (sheet::grid(bytes, MAX_CELLS), properties)
        }
    };
    let grids = match grids.and_then(|g| Ok((g, properties?))) {
        Ok((grids, properties)) => {
            add_properties(&mut doc, properties, opts);
            grids
        }
        Err(problem) => {
            doc.problem = Some(problem);
            return doc;
        }
    };
    let named = grids.len() > 1 || format == Format::Workbook;
    for (name, rows) in grids {
        if let Some(table) = table(rows, named.then_some(name), opts) {
            doc.tables.push(table);
        }
    }
    doc.hits = hits(&doc.tables, patterns);
    doc.template = template(&doc, "", opts);
    doc
}

/// A sheet's rows as a table: the first row with text is the header; the
/// rows under it keep their numbers; placeholders are empty; rows with
/// nothing left in them are dropped.
fn table(rows: Vec<(u32, Vec<String>)>, under: Option<String>, opts: &IndexOptions) -> Option<Table> {
    let mut rows = rows.into_iter().filter_map(|(line, cells)| {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| {
                let c = c.trim();
                if unfilled(c, opts) {
                    String::new()
                } else {
                    c.to_string()
                }
            })
            .collect();
        cells.iter().any(|c| !c.is_empty()).then_some((line, cells))
    });
    let (line, header) = rows.next()?;
    Some(Table {
        line,
        under,
        header,
        rows: rows.collect(),
    })
}

/// The first row each text pattern matches, with the cells of a row read
/// as one line.
fn hits(tables: &[Table], patterns: &Patterns) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for t in tables {
        let lines: Vec<(u32, &Vec<String>)> = std::iter::once((t.line, &t.header))
            .chain(t.rows.iter().map(|(l, c)| (*l, c)))
            .collect();
        // One line per row: a cell's own line breaks are spaces.
        let body: String = lines
            .iter()
            .map(|(_, cells)| format!("{}\n", cells.join(" | ").replace(['\n', '\r'], " ")))
            .collect();
        for (pattern, index) in patterns.find(&body, 0) {
            if !out.iter().any(|(p, _)| *p == pattern) {
                out.push((pattern, lines[index as usize].0));
            }
        }
    }
    out
}

/// A CSV file as one sheet's rows, each with the line it starts on.
fn csv_grid(bytes: &[u8]) -> Result<Vec<sheet::Grid>, String> {
    let text = super::text_of(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut kept = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(String::new(), |p| format!(" (line {})", p.line()));
            format!("not a readable CSV file{line}: {e}")
        })?;
        kept += record.len();
        if kept > MAX_CELLS {
            return Err(format!(
                "it has more than {MAX_CELLS} cells; split the register into files of its own"
            ));
        }
        rows.push((
            start_line(text, record.position()),
            record.iter().map(str::to_string).collect(),
        ));
    }
    Ok(vec![(String::new(), rows)])
}

/// The line a record starts on. The csv reader gives the place where it
/// began looking, before the blank lines it skipped: they are counted here.
fn start_line(text: &str, position: Option<&csv::Position>) -> u32 {
    let Some(p) = position else { return 0 };
    let skipped = text.as_bytes()[p.byte() as usize..]
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .filter(|&&b| b == b'\n')
        .count();
    (p.line() as usize + skipped) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> IndexOptions<'static> {
        IndexOptions::for_tests()
    }

    #[test]
    fn a_csv_register_keeps_its_line_numbers_and_drops_placeholder_rows() {
        let csv = "\nRisk,Owner\n\"Phishing,\nby e-mail\",IT\nTBD,[Name]\n\r\nOutage,TBD\n";
        let patterns = Patterns::new(&["(?i)outage"]).unwrap();
        let d = read("r.csv".into(), csv.as_bytes().to_vec(), Format::Csv, &patterns, &opts());
        assert!(d.problem.is_none(), "{:?}", d.problem);
        assert!(d.tabular && d.headings.is_empty());
        let t = &d.tables[0];
        assert_eq!((t.line, t.under.as_deref()), (2, None));
        assert_eq!(t.header, ["Risk", "Owner"]);
        let lines: Vec<u32> = t.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            lines,
            [3, 7],
            "a quoted cell spans lines; blank lines count; the placeholder row is gone"
        );
        assert_eq!(t.rows[1].1, ["Outage", ""]);
        assert_eq!(d.hits, [(0, 7)]);
    }

    #[test]
    fn a_csv_over_the_cell_budget_or_not_text_is_a_problem() {
        let big = "a,b\n".repeat(MAX_CELLS / 2 + 1);
        let d = read(
            "r.csv".into(),
            big.into_bytes(),
            Format::Csv,
            &Patterns::new(&[]).unwrap(),
            &opts(),
        );
        assert!(d.problem.unwrap().contains("more than"));
        let d = read(
            "r.csv".into(),
            b"a,\0".to_vec(),
            Format::Csv,
            &Patterns::new(&[]).unwrap(),
            &opts(),
        );
        assert!(d.problem.is_some());
    }
}
