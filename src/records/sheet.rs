//! Spreadsheets as records: Excel (.xlsx, .xlsm, .xls, .xlsb) and
//! OpenDocument (.ods) through calamine. The kind names the sheet (default:
//! the first) and the header row (default: 1); each cell is turned into the
//! text its column type reads, so typing, bad rows and their messages are
//! the same as for CSV. Excel date serials become dates and times (the
//! workbook's 1900 or 1904 system is honoured), and time-of-day cells in a
//! `duration` column become seconds. Bad rows name the sheet, the row as
//! the spreadsheet numbers it, and the column.
//!
//! .xlsx and .xlsb sheets are streamed cell by cell, so memory stays flat
//! in the number of rows; the older formats are read whole. A zip-based
//! workbook's central directory is checked before calamine opens it (see
//! [`archive`]), and what calamine would allocate for any workbook is
//! estimated (see [`preflight`]), so a decompression bomb or a sheet that
//! expands to billions of cells is the file's problem.

mod preflight;

use std::io::Cursor;

use calamine::{Cell, DataRef, DataType, ExcelDateTime, ExcelDateTimeType, Reader, Sheets, open_workbook_auto_from_rs};

use super::{BadRow, FileProblem, Format, Hasher, Needed, Sink, Source, positions, type_row};
use crate::evidence::archive;
use crate::pack::ColumnType;
use crate::pack::kind::SheetSpec;

/// Workbooks are read into memory before they are unpacked.
pub const MAX_WORKBOOK_BYTES: u64 = 256 << 20;
/// The last column a sheet can have (XFD); a cell reference past it is a
/// damaged or hostile file, not a wider table.
const MAX_COLUMNS: u32 = 16_384;

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
    file: std::fs::File,
    needed: &[Needed],
    spec: &SheetSpec,
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(file, needed, spec, make, hash))).unwrap_or_else(
        |_| {
            Err(FileProblem(
                "the spreadsheet is malformed: its reader gave up on it".into(),
            ))
        },
    )
}

fn read<S: Sink>(
    file: std::fs::File,
    needed: &[Needed],
    spec: &SheetSpec,
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    let bytes = super::read_capped(file, MAX_WORKBOOK_BYTES, "a spreadsheet")?;
    hash.update(&bytes);
    let mut book = open(bytes)?;
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
        types: Vec::new(),
        sink: make(),
        texts: Vec::new(),
    };
    let cannot = |e: &dyn std::fmt::Display| FileProblem(format!("sheet `{sheet}` cannot be read: {e}"));
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx.worksheet_cells_reader(&sheet).map_err(|e| cannot(&e))?;
        stream(&mut table, || cells.next_cell().map_err(|e| cannot(&e)))?;
    } else if let Sheets::Xlsb(xlsb) = &mut book {
        let mut cells = xlsb.worksheet_cells_reader(&sheet).map_err(|e| cannot(&e))?;
        stream(&mut table, || cells.next_cell().map_err(|e| cannot(&e)))?;
    } else {
        let range = book.worksheet_range(&sheet).map_err(|e| cannot(&e))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        for (i, cells) in range.rows().enumerate() {
            let row: Vec<(u32, String)> = cells
                .iter()
                .enumerate()
                .filter_map(|(j, v)| {
                    let col = first_col + j as u32;
                    table.wants(col).map(|ty| (col, cell_text(v, ty)))
                })
                .collect();
            table.row(first_row + i as u32 + 1, &row)?;
        }
    }
    table.finish()
}

/// Opens a workbook once its archive's directory (or an .xls file's
/// sectors) and what calamine would allocate for it have been checked.
fn open(bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, FileProblem> {
    if bytes.starts_with(b"PK") {
        let zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
            .map_err(|e| FileProblem(format!("not a readable spreadsheet: {e}")))?;
        archive::check(&zip, |part| part.starts_with("xl/worksheets/")).map_err(FileProblem)?;
        preflight::check(zip)?;
    } else if bytes.starts_with(preflight::COMPOUND) {
        preflight::xls(&bytes)?;
    }
    open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| FileProblem(format!("not a readable spreadsheet: {e}")))
}

/// One sheet as text: its name and its non-blank rows, each with its
/// number as the spreadsheet shows it and its cells by column.
pub type Grid = (String, Vec<(u32, Vec<String>)>);

/// Every sheet of a workbook as text, for a register kept as a
/// spreadsheet. Rows are padded to their last cell, and all the sheets
/// together may hold at most `max_cells` cells: past it, the file's
/// problem. A workbook malformed enough to make the reader panic is a
/// problem too, never a crash.
pub fn grid(bytes: Vec<u8>, max_cells: usize) -> Result<Vec<Grid>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| grid_of(bytes, max_cells)))
        .unwrap_or_else(|_| {
            Err(FileProblem(
                "the spreadsheet is malformed: its reader gave up on it".into(),
            ))
        })
        .map_err(|p| p.0)
}

fn grid_of(bytes: Vec<u8>, max_cells: usize) -> Result<Vec<Grid>, FileProblem> {
    let mut book = open(bytes)?;
    let mut out = Vec::new();
    let mut kept = 0usize;
    for sheet in book.sheet_names() {
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        let mut put = |r: u32, c: u32, text: String| -> Result<(), FileProblem> {
            if text.trim().is_empty() {
                return Ok(());
            }
            if c >= MAX_COLUMNS {
                return Err(FileProblem(format!(
                    "sheet `{sheet}`, row {}: a cell in column {}, past the last column a sheet has ({MAX_COLUMNS})",
                    r + 1,
                    c + 1
                )));
            }
            if rows.last().is_none_or(|(n, _)| *n != r + 1) {
                rows.push((r + 1, Vec::new()));
            }
            let cells = &mut rows.last_mut().expect("a row was just pushed").1;
            let width = c as usize + 1;
            if cells.len() < width {
                kept += width - cells.len();
                if kept > max_cells {
                    return Err(FileProblem(format!(
                        "its sheets have more than {max_cells} cells; split the register into files of its own"
                    )));
                }
                cells.resize(width, String::new());
            }
            cells[c as usize] = text;
            Ok(())
        };
        let cannot = |e: &dyn std::fmt::Display| FileProblem(format!("sheet `{sheet}` cannot be read: {e}"));
        if let Sheets::Xlsx(xlsx) = &mut book {
            let mut cells = xlsx.worksheet_cells_reader(&sheet).map_err(|e| cannot(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| cannot(&e))? {
                let (r, c) = cell.get_position();
                put(r, c, register_text(cell.get_value()))?;
            }
        } else if let Sheets::Xlsb(xlsb) = &mut book {
            let mut cells = xlsb.worksheet_cells_reader(&sheet).map_err(|e| cannot(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| cannot(&e))? {
                let (r, c) = cell.get_position();
                put(r, c, register_text(cell.get_value()))?;
            }
        } else {
            let range = book.worksheet_range(&sheet).map_err(|e| cannot(&e))?;
            let (first_row, first_col) = range.start().unwrap_or((0, 0));
            for (i, cells) in range.rows().enumerate() {
                for (j, v) in cells.iter().enumerate() {
                    put(first_row + i as u32, first_col + j as u32, register_text(v))?;
                }
            }
        }
        out.push((sheet, rows));
    }
    Ok(out)
}

/// A register's cell as text: a date without a time of day as a date.
fn register_text<T: DataType>(v: &T) -> String {
    let text = cell_text(v, None);
    match text.strip_suffix("T00:00:00") {
        Some(date) if v.get_datetime().is_some() => date.to_string(),
        _ => text,
    }
}

/// Feeds a streamed sheet's cells to the table, row by row.
fn stream<'a, S: Sink>(
    table: &mut Table<'_, S>,
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, FileProblem>,
) -> Result<(), FileProblem> {
    let mut row: Vec<(u32, String)> = Vec::new();
    let mut current = None;
    while let Some(cell) = next()? {
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(prev) = current {
                table.row(prev + 1, &row)?;
            }
            row.clear();
            current = Some(r);
        }
        if let Some(ty) = table.wants(c) {
            row.push((c, cell_text(cell.get_value(), ty)));
        }
    }
    if let Some(prev) = current {
        table.row(prev + 1, &row)?;
    }
    Ok(())
}

/// How a sheet column's cells are turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Render {
    /// As the column type reads it.
    Typed(ColumnType),
    /// One part of a joined column: a date cell as `YYYY-MM-DD`, a time
    /// cell as `HH:MM:SS`, so a date and a time join into a datetime.
    Part,
    /// For a column declared `format: excel`: date and time cells as their
    /// 1900-system serial, whatever the workbook's date system.
    Serial,
}

impl Render {
    fn of(n: &Needed) -> Render {
        match (&n.format, &n.source) {
            (Some(Format::Excel), _) => Render::Serial,
            (_, Source::Part(_)) => Render::Part,
            _ => Render::Typed(n.ty),
        }
    }
}

/// The text a cell gives a column rendered `how` (`None`: a header cell),
/// ready for the same typing as a CSV cell.
fn cell_text<T: DataType>(v: &T, how: Option<Render>) -> String {
    let ty = match how {
        Some(Render::Typed(ty)) => Some(ty),
        _ => None,
    };
    if let Some(dt) = v.get_datetime() {
        return match how {
            Some(Render::Serial) => serial(&dt),
            Some(Render::Part) => part(&dt),
            _ if dt.is_duration() || ty == Some(ColumnType::Duration) => seconds(dt.as_f64()),
            _ => calendar(&dt, ty),
        };
    }
    if let Some(iso) = v.get_datetime_iso().or_else(|| v.get_duration_iso()) {
        return iso.to_string();
    }
    if let Some(i) = v.get_int() {
        return i.to_string();
    }
    if let Some(f) = v.get_float() {
        return number_text(f, ty);
    }
    if let Some(b) = v.get_bool() {
        return b.to_string();
    }
    if let Some(e) = v.get_error() {
        return format!("#{e}");
    }
    v.as_string().unwrap_or_default()
}

/// A day fraction (Excel's time and duration cells) as whole seconds.
fn seconds(days: f64) -> String {
    format!("{}", (days * 86_400.0).round() as i64)
}

/// A time of day, or a duration, without a date: a fraction of a day.
fn is_time(dt: &ExcelDateTime) -> bool {
    dt.is_duration() || dt.as_f64() < 1.0
}

/// A date or time cell for a column joined from parts.
fn part(dt: &ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if is_time(dt) {
        let s = (dt.as_f64() * 86_400.0).round() as i64;
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else if dt.as_f64().fract() == 0.0 {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }
}

/// A date or time cell as a 1900-system serial.
fn serial(dt: &ExcelDateTime) -> String {
    if is_time(dt) {
        return dt.as_f64().to_string();
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let time = f64::from(h) * 3600.0 + f64::from(mi) * 60.0 + f64::from(s) + f64::from(ms) / 1000.0;
    super::format::serial(i64::from(y), i64::from(mo), i64::from(d), time)
        .map_or_else(|| dt.as_f64().to_string(), |v| v.to_string())
}

/// A date serial as the workbook's date system reads it.
fn calendar(dt: &ExcelDateTime, ty: Option<ColumnType>) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    match ty {
        Some(ColumnType::Date) => format!("{y:04}-{mo:02}-{d:02}"),
        _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
    }
}

/// Spreadsheets store whole numbers as floats; a plain number in a date
/// column is a serial whose format was lost.
fn number_text(f: f64, ty: Option<ColumnType>) -> String {
    match ty {
        Some(ColumnType::Date | ColumnType::Datetime) if f.is_finite() && (1.0..2_958_466.0).contains(&f) => {
            calendar(&ExcelDateTime::new(f, ExcelDateTimeType::DateTime, false), ty)
        }
        _ if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).to_string(),
        _ => f.to_string(),
    }
}

struct Table<'a, S> {
    sheet: &'a str,
    needed: &'a [Needed],
    header_row: u32,
    /// Column positions once the header row has been read.
    pos: Option<Vec<Option<usize>>>,
    /// How each sheet column is read; `None` for columns no check needs.
    types: Vec<Option<Render>>,
    sink: S,
    texts: Vec<String>,
}

impl<S: Sink> Table<'_, S> {
    /// Whether column `col` is read, and as what: every cell up to the
    /// header row (as text), then only the needed columns.
    fn wants(&self, col: u32) -> Option<Option<Render>> {
        match &self.pos {
            None => Some(None),
            Some(_) => self.types.get(col as usize).copied().flatten().map(Some),
        }
    }

    /// One spreadsheet row (`number` as the spreadsheet shows it), as
    /// (column index, raw text) pairs.
    fn row(&mut self, number: u32, cells: &[(u32, String)]) -> Result<(), FileProblem> {
        if number < self.header_row {
            return Ok(());
        }
        if number == self.header_row {
            if let Some((c, _)) = cells.iter().find(|(c, _)| *c >= MAX_COLUMNS) {
                return Err(FileProblem(format!(
                    "sheet `{}`, header row {number}: a cell in column {}, past the last column a sheet has ({MAX_COLUMNS})",
                    self.sheet,
                    c + 1
                )));
            }
            let width = cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
            let mut header = vec![String::new(); width];
            for (c, text) in cells {
                header[*c as usize] = text.trim().to_string();
            }
            let pos = positions(&header, self.needed)
                .map_err(|p| FileProblem(format!("sheet `{}`, header row {}: {}", self.sheet, number, p.0)))?;
            self.sink.absent(&super::absent(self.needed, &pos));
            self.types = vec![None; width];
            for (n, p) in self.needed.iter().zip(&pos) {
                if let Some(p) = p {
                    self.types[*p] = Some(Render::of(n));
                }
            }
            self.pos = Some(pos);
            return Ok(());
        }
        let Some(pos) = &self.pos else {
            return Err(self.no_header());
        };
        if cells.iter().all(|(_, t)| t.trim().is_empty()) {
            return Ok(()); // a blank row
        }
        self.texts.clear();
        for p in pos {
            let text = p
                .and_then(|p| cells.iter().find(|(c, _)| *c as usize == p))
                .map_or("", |(_, t)| t.as_str());
            self.texts.push(text.to_string());
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
            Ok(()) => self.sink.row(u64::from(number), &typed),
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
    fn cells_read_as_the_column_type_says() {
        use calamine::Data;
        let dt = |v: f64, kind, is_1904| Data::DateTime(ExcelDateTime::new(v, kind, is_1904));
        // 46027.5 is 2026-01-05 12:00 in the 1900 system, 44565.5 in the 1904 one.
        let noon = dt(46027.5, ExcelDateTimeType::DateTime, false);
        let t = |ty| Some(Render::Typed(ty));
        assert_eq!(cell_text(&noon, t(ColumnType::Date)), "2026-01-05");
        assert_eq!(cell_text(&noon, t(ColumnType::Datetime)), "2026-01-05T12:00:00");
        let mac = dt(44565.5, ExcelDateTimeType::DateTime, true);
        assert_eq!(cell_text(&mac, t(ColumnType::Datetime)), "2026-01-05T12:00:00");
        let wait = dt(0.0625, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&wait, t(ColumnType::Duration)), "5400");
        assert_eq!(cell_text(&Data::Float(46027.0), t(ColumnType::Date)), "2026-01-05");
        assert_eq!(cell_text(&Data::Float(42.0), t(ColumnType::Int)), "42");
        assert_eq!(cell_text(&Data::Float(42.5), t(ColumnType::Int)), "42.5");
        assert_eq!(cell_text(&Data::String("n/a".into()), t(ColumnType::Int)), "n/a");
        assert_eq!(cell_text(&Data::Bool(true), t(ColumnType::Bool)), "true");
    }

    #[test]
    fn date_and_time_cells_as_parts_and_serials() {
        use calamine::Data;
        let dt = |v: f64, is_1904| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, is_1904));
        // A date cell and a time cell join into an ISO datetime.
        let (day, time) = (dt(46073.0, false), dt(0.586_805_555_555_555_6, false));
        let joined = format!(
            "{} {}",
            cell_text(&day, Some(Render::Part)),
            cell_text(&time, Some(Render::Part))
        );
        assert_eq!(joined, "2026-02-20 14:05:00");
        assert_eq!(
            cell_text(&dt(46073.5, false), Some(Render::Part)),
            "2026-02-20T12:00:00"
        );
        // A 1904 workbook's date is handed on as the 1900 serial `format: excel` reads.
        assert_eq!(cell_text(&dt(44565.5, true), Some(Render::Serial)), "46027.5");
        assert_eq!(cell_text(&dt(46027.5, false), Some(Render::Serial)), "46027.5");
        assert_eq!(cell_text(&dt(0.0625, false), Some(Render::Serial)), "0.0625");
        // A plain number stays a number for a declared serial.
        assert_eq!(cell_text(&Data::Float(46027.25), Some(Render::Serial)), "46027.25");
    }
}
