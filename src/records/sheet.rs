//! Spreadsheets as records: Excel (.xlsx, .xlsm, .xls, .xlsb) and
//! OpenDocument (.ods) through calamine. The kind names the sheet (default:
//! the first) and the header row (default: 1); each cell is turned into the
//! text its column type reads, so typing, bad rows and their messages are
//! the same as for CSV. Excel date serials become dates and times (the
//! workbook's 1900 or 1904 system is honoured), and time-of-day cells in a
//! `duration` column become seconds. Bad rows name the sheet, the row as
//! the spreadsheet numbers it, and the column.
//!
//! .xlsx sheets are streamed cell by cell, so memory stays flat in the
//! number of rows; the older formats are read whole.

use std::io::Cursor;
use std::path::Path;

use calamine::{DataType, ExcelDateTime, ExcelDateTimeType, Reader, Sheets, open_workbook_auto_from_rs};

use super::{BadRow, FileProblem, Hasher, Needed, Sink, positions, type_row};
use crate::pack::ColumnType;
use crate::pack::kind::SheetSpec;

/// Spreadsheet files by extension.
pub fn is_spreadsheet(lower_path: &str) -> bool {
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|e| lower_path.ends_with(e))
}

/// Reads the kind's table from the workbook at `path` into one sink. A
/// workbook malformed enough to make the reader panic is a file problem,
/// never a crash.
pub fn scan<S: Sink>(
    path: &Path,
    needed: &[Needed],
    spec: &SheetSpec,
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(path, needed, spec, make, hash))).unwrap_or_else(
        |_| {
            Err(FileProblem(
                "the spreadsheet is malformed: its reader gave up on it".into(),
            ))
        },
    )
}

fn read<S: Sink>(
    path: &Path,
    needed: &[Needed],
    spec: &SheetSpec,
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    let bytes = std::fs::read(path).map_err(|e| FileProblem(format!("cannot read: {e}")))?;
    hash.update(&bytes);
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| FileProblem(format!("not a readable spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let sheet = match &spec.name {
        Some(n) => names
            .iter()
            .find(|s| *s == n)
            .cloned()
            .ok_or_else(|| FileProblem(format!("no sheet named `{n}`; the workbook has: {}", names.join(", "))))?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| FileProblem("the workbook has no sheets".into()))?,
    };
    let mut table = Table {
        sheet: &sheet,
        needed,
        header_row: spec.header_row,
        pos: None,
        sink: make(),
        texts: Vec::new(),
    };
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx
            .worksheet_cells_reader(&sheet)
            .map_err(|e| FileProblem(format!("sheet `{sheet}` cannot be read: {e}")))?;
        let mut row: Vec<(u32, String)> = Vec::new();
        let mut current = None;
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| FileProblem(format!("sheet `{sheet}` cannot be read: {e}")))?
        {
            let (r, c) = cell.get_position();
            if current != Some(r) {
                if let Some(prev) = current {
                    table.row(prev + 1, &row)?;
                }
                row.clear();
                current = Some(r);
            }
            row.push((c, raw(cell.get_value())));
        }
        if let Some(prev) = current {
            table.row(prev + 1, &row)?;
        }
    } else {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| FileProblem(format!("sheet `{sheet}` cannot be read: {e}")))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        for (i, cells) in range.rows().enumerate() {
            let row: Vec<(u32, String)> = cells
                .iter()
                .enumerate()
                .map(|(j, v)| (first_col + j as u32, raw(v)))
                .collect();
            table.row(first_row + i as u32 + 1, &row)?;
        }
    }
    table.finish()
}

/// A cell before its column type is known: its text, or a marked date
/// serial that the column type turns into a date, time or duration.
fn raw<T: DataType>(v: &T) -> String {
    if let Some(dt) = v.get_datetime() {
        return serial(&dt);
    }
    if let Some(iso) = v.get_datetime_iso().or_else(|| v.get_duration_iso()) {
        return iso.to_string();
    }
    if let Some(i) = v.get_int() {
        return i.to_string();
    }
    if let Some(f) = v.get_float() {
        return f.to_string();
    }
    if let Some(b) = v.get_bool() {
        return b.to_string();
    }
    if let Some(e) = v.get_error() {
        return format!("#{e}");
    }
    v.as_string().unwrap_or_default()
}

/// Date serials travel as `\u{1}serial\u{1}1904?\u{1}duration?` so that the
/// column type decides how to read them; no real cell text starts with
/// U+0001.
fn serial(dt: &ExcelDateTime) -> String {
    format!(
        "\u{1}{}\u{1}{}\u{1}{}",
        dt.as_f64(),
        u8::from(is_1904(dt)),
        u8::from(dt.is_duration())
    )
}

fn is_1904(dt: &ExcelDateTime) -> bool {
    // The 1904 system shifts the epoch by 1462 days; comparing the
    // converted date with the 1900 reading of the same serial reveals it.
    let as_1900 = ExcelDateTime::new(dt.as_f64(), ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
    dt.to_ymd_hms_milli() != as_1900
}

/// The text a column of type `ty` reads from a raw cell.
fn typed_text(raw: &str, ty: ColumnType) -> String {
    let from_serial = |value: f64, is_1904: bool, duration: bool| -> String {
        if ty == ColumnType::Duration || duration {
            return format!("{}", (value * 86_400.0).round() as i64);
        }
        let (y, mo, d, h, mi, s, _) =
            ExcelDateTime::new(value, ExcelDateTimeType::DateTime, is_1904).to_ymd_hms_milli();
        match ty {
            ColumnType::Date => format!("{y:04}-{mo:02}-{d:02}"),
            _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
        }
    };
    if let Some(rest) = raw.strip_prefix('\u{1}') {
        let mut parts = rest.split('\u{1}');
        let value = parts.next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
        let is_1904 = parts.next() == Some("1");
        let duration = parts.next() == Some("1");
        return from_serial(value, is_1904, duration);
    }
    match ty {
        // A plain number in a date column is a serial whose format was lost.
        ColumnType::Date | ColumnType::Datetime => match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && (1.0..2_958_466.0).contains(&v) => from_serial(v, false, false),
            _ => raw.to_string(),
        },
        // Spreadsheets store whole numbers as floats.
        ColumnType::Int => match raw.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => format!("{}", v as i64),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

struct Table<'a, S> {
    sheet: &'a str,
    needed: &'a [Needed],
    header_row: u32,
    /// Column positions once the header row has been read.
    pos: Option<Vec<Option<usize>>>,
    sink: S,
    texts: Vec<String>,
}

impl<S: Sink> Table<'_, S> {
    /// One spreadsheet row (`number` as the spreadsheet shows it), as
    /// (column index, raw text) pairs.
    fn row(&mut self, number: u32, cells: &[(u32, String)]) -> Result<(), FileProblem> {
        if number < self.header_row {
            return Ok(());
        }
        if number == self.header_row {
            let width = cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
            let mut header = vec![String::new(); width];
            for (c, text) in cells {
                header[*c as usize] = text.trim().to_string();
            }
            self.pos = Some(
                positions(&header, self.needed)
                    .map_err(|p| FileProblem(format!("sheet `{}`, header row {}: {}", self.sheet, number, p.0)))?,
            );
            return Ok(());
        }
        let Some(pos) = &self.pos else {
            return Err(self.no_header());
        };
        if cells.iter().all(|(_, t)| t.trim().is_empty()) {
            return Ok(()); // a blank row
        }
        self.texts.clear();
        for (n, p) in self.needed.iter().zip(pos) {
            let raw = p
                .and_then(|p| cells.iter().find(|(c, _)| *c as usize == p))
                .map_or("", |(_, t)| t.as_str());
            self.texts.push(typed_text(raw, n.ty));
        }
        let texts = &self.texts;
        let identity: Vec<Option<usize>> = (0..texts.len()).map(Some).collect();
        let mut typed = Vec::with_capacity(texts.len());
        match type_row(
            |i| texts.get(i).map(|t| t.as_bytes()),
            &identity,
            self.needed,
            &mut typed,
        ) {
            Ok(()) => self.sink.row(&typed),
            Err((column, message)) => self.sink.bad(BadRow {
                row: u64::from(number),
                column: Some(column),
                message,
                sheet: Some(self.sheet.to_string()),
            }),
        }
        Ok(())
    }

    fn no_header(&self) -> FileProblem {
        FileProblem(format!(
            "sheet `{}` has nothing in row {}, where the kind's `header_row` says the column names are",
            self.sheet, self.header_row
        ))
    }

    fn finish(self) -> Result<Vec<S>, FileProblem> {
        if self.pos.is_none() {
            return Err(self.no_header());
        }
        Ok(vec![self.sink])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_read_as_the_column_type_says() {
        // 46027.5 is 2026-01-05 12:00 in the 1900 system.
        let raw = serial(&ExcelDateTime::new(46027.5, ExcelDateTimeType::DateTime, false));
        assert_eq!(typed_text(&raw, ColumnType::Date), "2026-01-05");
        assert_eq!(typed_text(&raw, ColumnType::Datetime), "2026-01-05T12:00:00");
        let t = serial(&ExcelDateTime::new(0.0625, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(typed_text(&t, ColumnType::Duration), "5400");
        assert_eq!(typed_text("46027", ColumnType::Date), "2026-01-05");
        assert_eq!(typed_text("42", ColumnType::Int), "42");
        assert_eq!(typed_text("42.5", ColumnType::Int), "42.5");
        assert_eq!(typed_text("n/a", ColumnType::Int), "n/a");
    }
}
