//! What calamine would allocate for a zip-based workbook, estimated before
//! it opens the file: it reads some parts whole and trusts counts the file
//! declares, so a file of a few hundred bytes can ask for terabytes, and
//! an allocation that fails aborts the process rather than returning an
//! error. Each check here refuses such a file first, as the file's problem.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::super::FileProblem;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;
type Part<'z, 'a> = quick_xml::Reader<std::io::BufReader<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>;

/// The cells of an OpenDocument workbook, which calamine expands and keeps
/// (with a formula string each) for every sheet when it opens the file.
const MAX_ODS_CELLS: u64 = 10_000_000;
/// Rows and columns a sheet can have; calamine caps repeats at these.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Runs every check on the archive of a workbook.
pub fn check(mut zip: Zip) -> Result<(), FileProblem> {
    shared_strings(&mut zip)?;
    ods_cells(&mut zip)
}

/// The part named `name`, as XML events, if the archive has it.
fn xml<'z, 'a>(zip: &'z mut Zip<'a>, name: &str) -> Result<Option<Part<'z, 'a>>, FileProblem> {
    match zip.by_name(name) {
        Ok(part) => Ok(Some(quick_xml::Reader::from_reader(std::io::BufReader::new(part)))),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(FileProblem(format!("part `{name}` cannot be read: {e}"))),
    }
}

/// A whole-number attribute (`None` when absent or not a plain number).
fn number(e: &BytesStart, name: &str) -> Option<u64> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name)?;
    let v = a.value.to_string();
    let digits = v.strip_prefix('+').unwrap_or(&v);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| {
        digits
            .bytes()
            .fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')))
    })
}

/// calamine reserves room for as many shared strings as an .xlsx's
/// `<sst uniqueCount="...">` says before reading one, so a few bytes can
/// ask for terabytes. A count larger than the part could hold (each string
/// takes at least `<si/>`, 5 bytes) is refused first.
fn shared_strings(zip: &mut Zip) -> Result<(), FileProblem> {
    let Some(name) = zip
        .file_names()
        .flatten()
        .find(|n| n.ends_with("sharedStrings.xml"))
        .map(|n| n.into_owned())
    else {
        return Ok(());
    };
    let room = zip
        .by_index_data(zip.index_for_name(&name).unwrap_or(0))
        .map_or(0, |e| e.size())
        / 5;
    let Some(mut xml) = xml(zip, &name)? else { return Ok(()) };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .map(|a| a.value.to_string());
                let digits = count.as_deref().map(|c| c.strip_prefix('+').unwrap_or(c));
                let declared = digits
                    .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                    .map(|d| {
                        d.bytes()
                            .fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')))
                    });
                return match declared {
                    Some(n) if n > room => Err(FileProblem(format!(
                        "part `{name}` declares {n} shared strings, more than its size can hold: \
                         a damaged or hostile file; re-save it from its application"
                    ))),
                    _ => Ok(()),
                };
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// One sheet of an OpenDocument workbook as calamine will hold it: each
/// row's cells up to its last non-empty one (repeats expanded), then the
/// rectangle from the first to the last non-empty row and column, with
/// row repeats expanded.
#[derive(Default)]
struct OdsSheet {
    /// Cells of the rows as read, before the rectangle is built.
    read: u64,
    /// Rows from the first non-empty one to the last, repeats counted.
    rows: u64,
    /// Repeated empty rows since the last non-empty one.
    pending: u64,
    first_col: Option<u64>,
    last_col: u64,
}

impl OdsSheet {
    fn row(&mut self, repeats: u64, first: Option<u64>, end: u64) {
        self.read = self.read.saturating_add(end);
        match first {
            Some(f) => {
                if self.first_col.is_some() {
                    self.rows = self.rows.saturating_add(self.pending);
                }
                self.rows = self.rows.saturating_add(repeats).min(MAX_ROWS);
                self.pending = 0;
                self.first_col = Some(self.first_col.map_or(f, |c| c.min(f)));
                self.last_col = self.last_col.max(end.saturating_sub(1));
            }
            None if self.first_col.is_some() => self.pending = self.pending.saturating_add(repeats),
            None => {}
        }
    }

    fn kept(&self) -> u64 {
        self.first_col
            .map_or(0, |f| self.rows.saturating_mul(self.last_col + 1 - f))
    }
}

/// The row being read: its repeats, first non-empty column, the end of its
/// last non-empty cell, and the next column.
type Row = Option<(u64, Option<u64>, u64, u64)>;

/// A row or a cell opens (`open`: it has content, not a self-closed tag).
fn ods_open(e: &BytesStart, open: bool, row: &mut Row) {
    match e.local_name().as_ref() {
        "table-row" if open => *row = Some((number(e, "number-rows-repeated").unwrap_or(1), None, 0, 0)),
        "table-cell" | "covered-table-cell" => {
            if let Some((_, first, end, col)) = row.as_mut() {
                let repeats = number(e, "number-columns-repeated").unwrap_or(1);
                let next = col.saturating_add(repeats).min(MAX_COLUMNS);
                if open
                    || e.attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "value-type")
                {
                    first.get_or_insert(*col);
                    *end = next;
                }
                *col = next;
            }
        }
        _ => {}
    }
}

/// The cells an OpenDocument workbook's `content.xml` expands to: every
/// sheet's rectangle is kept, and the largest sheet's rows as read are
/// held beside them while it is built. A cell with a value type, or with
/// content, is not empty.
fn ods_cells(zip: &mut Zip) -> Result<(), FileProblem> {
    let Some(mut xml) = xml(zip, "content.xml")? else {
        return Ok(());
    };
    let mut buf = Vec::new();
    let (mut kept, mut largest_read) = (0u64, 0u64);
    let mut sheet = OdsSheet::default();
    let mut row: Row = None;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => ods_open(&e, true, &mut row),
            Ok(Event::Empty(e)) => ods_open(&e, false, &mut row),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "table-row" => {
                    if let Some((repeats, first, end, _)) = row.take() {
                        sheet.row(repeats, first, end);
                    }
                }
                "table" => {
                    kept = kept.saturating_add(sheet.kept());
                    largest_read = largest_read.max(sheet.read);
                    sheet = OdsSheet::default();
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        let total = kept
            .saturating_add(largest_read.max(sheet.read))
            .saturating_add(sheet.kept());
        if total > MAX_ODS_CELLS {
            return Err(FileProblem(format!(
                "its sheets expand to more than {MAX_ODS_CELLS} cells, and an OpenDocument workbook is read whole; \
                 export the records as .xlsx or CSV"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn ods(rows: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        write!(w, r#"<office:document-content xmlns:table="t" xmlns:office="o"><table:table table:name="S">{rows}</table:table></office:document-content>"#).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn cells(bytes: &[u8]) -> Result<(), FileProblem> {
        ods_cells(&mut zip::ZipArchive::new(Cursor::new(bytes)).unwrap())
    }

    #[test]
    fn trailing_empty_repeats_cost_nothing_filled_ones_do() {
        // As LibreOffice saves a small sheet: empty cells and rows repeated to the edge.
        let saved = ods(
            r#"<table:table-row><table:table-cell office:value-type="float"/><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        assert!(cells(&saved).is_ok());
        let filled = ods(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell office:value-type="float"/><table:table-cell table:number-columns-repeated="16382"/><table:table-cell office:value-type="float"/></table:table-row>"#,
        );
        assert!(cells(&filled).unwrap_err().0.contains("more than 10000000 cells"));
    }
}
