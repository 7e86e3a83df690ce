//! What calamine would allocate for a workbook, estimated before it opens
//! the file: it reads some parts whole, builds whole grids and trusts counts
//! the file declares, so a file of a few hundred bytes can ask for
//! terabytes, and an allocation that fails aborts the process rather than
//! returning an error. Each check here refuses such a file first, as the
//! file's problem: [`check`] for zip-based workbooks, [`xls`] for legacy
//! ones.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::super::FileProblem;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;
type Part<'z, 'a> = quick_xml::Reader<std::io::BufReader<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>;

/// The cells of a workbook calamine reads whole when it opens it
/// (OpenDocument and legacy .xls): it builds and keeps every sheet's grid,
/// with a formula string a cell beside it.
const MAX_WHOLE_CELLS: u64 = 10_000_000;
/// The text of a legacy .xls as calamine holds it: its shared strings, and
/// a copy of one in every cell that shows it.
const MAX_XLS_TEXT: u64 = 512 << 20;
/// CONTINUE records after an SST: calamine takes each from the front of a
/// list, in time that grows with the square of their number; 256 MiB of
/// shared strings written by Excel take some 33,000.
const MAX_SST_CONTINUES: usize = 1 << 16;
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
        if total > MAX_WHOLE_CELLS {
            return Err(too_many_cells(OPEN_DOCUMENT));
        }
    }
    Ok(())
}

const OPEN_DOCUMENT: &str = "an OpenDocument workbook";
const LEGACY: &str = "a legacy .xls workbook";

/// A workbook read whole that is `over` a budget.
fn read_whole(over: &str, what: &str) -> FileProblem {
    FileProblem(format!(
        "{over}, and {what} is read whole; export the records as .xlsx or CSV"
    ))
}

fn too_many_cells(what: &str) -> FileProblem {
    read_whole(&format!("its sheets expand to more than {MAX_WHOLE_CELLS} cells"), what)
}

fn too_much_text() -> FileProblem {
    read_whole(
        &format!("its text comes to more than {} MiB once read", MAX_XLS_TEXT >> 20),
        LEGACY,
    )
}

/// The signature a compound document (a legacy .xls) starts with.
pub const COMPOUND: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// A legacy .xls (BIFF) workbook: calamine reads every sheet when it opens
/// it, reserving room for the cells each sheet's DIMENSIONS record claims,
/// building a grid from the first row and column holding a cell to the
/// last, and copying a shared string into every cell that shows it, so two
/// cells far apart, or one long string shown often, in a file of a few
/// hundred kilobytes can ask for gigabytes. The grids it would keep, and
/// the most it would hold beside them while reading one sheet, are counted
/// against the same budget as an OpenDocument workbook's, and its text
/// against a budget of its own; a damaged container is refused first.
pub fn xls(bytes: &[u8]) -> Result<(), FileProblem> {
    let damaged = |why: &str| {
        FileProblem(format!(
            "{why}: a damaged or hostile file; re-save it from its application"
        ))
    };
    let Some(stream) = workbook_stream(bytes).map_err(|why| damaged(&format!("its compound document {why}")))? else {
        return Ok(()); // no workbook stream: calamine refuses the file itself
    };
    let (mut sheets, mut strings, mut text) = (Vec::new(), Vec::new(), 0u64);
    let mut globals = Records(&stream);
    while let Some((typ, data)) = globals.next() {
        match typ {
            // FilePass: an encrypted workbook, which calamine refuses.
            0x002F if data.get(..2) != Some(&[0, 0]) => return Ok(()),
            // BoundSheet8: where a sheet's records start.
            0x0085 if data.len() >= 4 => sheets.push(u32_at(data, 0) as usize),
            // SST, continued in the CONTINUE records after it.
            0x00FC => {
                let continues = globals.clone().map_while(|(typ, data)| (typ == 0x003C).then_some(data));
                if continues.clone().nth(MAX_SST_CONTINUES).is_some() {
                    return Err(damaged(&format!(
                        "its shared strings are split into more than {MAX_SST_CONTINUES} records"
                    )));
                }
                strings = xls_shared_strings(data, continues, &mut text)?;
            }
            0x000A => break,
            _ => {}
        }
    }
    let (mut kept, mut walked) = (0u64, 0usize);
    for start in sheets {
        let Some(records) = stream.get(start..) else { break };
        let mut records = Records(records);
        let sheet = XlsSheet::read(&mut records, &strings);
        walked += stream.len() - start - records.0.len();
        if walked > stream.len() {
            return Err(damaged("two of its sheets share records"));
        }
        kept = kept
            .saturating_add(sheet.values.grid())
            .saturating_add(sheet.formulas.grid());
        let held = sheet.reserved.saturating_add(sheet.values.cells + sheet.formulas.cells);
        if kept.saturating_add(held) > MAX_WHOLE_CELLS {
            return Err(too_many_cells(LEGACY));
        }
        text = text.saturating_add(sheet.text);
        if text > MAX_XLS_TEXT {
            return Err(too_much_text());
        }
    }
    Ok(())
}

/// The bytes each shared string takes once decoded (at most three a
/// character, as UTF-16 decodes), walking the SST record and its CONTINUE
/// records as calamine's `parse_sst` does, to where it stops. Each string
/// and what calamine keeps for it (24 bytes) are added to `text`.
fn xls_shared_strings<'s>(
    data: &'s [u8],
    mut continues: impl Iterator<Item = &'s [u8]>,
    text: &mut u64,
) -> Result<Vec<u32>, FileProblem> {
    let mut strings = Vec::new();
    let Some(mut data) = data.get(8..) else {
        return Ok(strings);
    };
    // The next CONTINUE record's data, in place of what is left.
    let mut next = |data: &mut &'s [u8]| continues.next().map(|c| *data = c).is_some();
    loop {
        if data.is_empty() && !next(&mut data) {
            return Ok(strings);
        }
        // Flags: 1, two bytes a character; 4, extended data; 8, formatting runs.
        let (len, flags) = match data {
            [] => (0, 0),
            [_, _, flags, ..] => (u16_at(data, 0), *flags),
            _ => return Ok(strings),
        };
        data = data.get(3..).unwrap_or_default();
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            skip = 4 * usize::from(u16_at(data, 0));
            data = data.get(2..).unwrap_or_default();
        }
        if flags & 0x4 != 0 {
            // Read signed and widened, as calamine does.
            skip = skip.saturating_add(u32_at(data, 0) as i32 as usize);
            data = data.get(4..).unwrap_or_default();
        }
        let (mut left, mut wide) = (usize::from(len), flags & 0x1 != 0);
        while left > 0 {
            let n = if wide { data.len() / 2 } else { data.len() }.min(left);
            data = &data[n * (1 + usize::from(wide))..];
            left -= n;
            if left > 0 {
                if !next(&mut data) || data.is_empty() {
                    return Ok(strings);
                }
                wide = data[0] & 0x1 != 0;
                data = &data[1..];
            }
        }
        while skip > 0 {
            if data.is_empty() && !next(&mut data) {
                return Ok(strings);
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        strings.push(3 * u32::from(len));
        *text = text.saturating_add(24 + 3 * u64::from(len));
        if *text > MAX_XLS_TEXT {
            return Err(too_much_text());
        }
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    data.get(at..at + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    data.get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// BIFF records as (type, data), to the end of the stream or the first
/// record cut short, where calamine's reader stops with an error.
/// CONTINUE records, which calamine appends to the record before them,
/// come as records of their own.
#[derive(Clone)]
struct Records<'s>(&'s [u8]);

impl<'s> Iterator for Records<'s> {
    type Item = (u16, &'s [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let len = usize::from(u16_at(self.0, 2));
        let data = self.0.get(4..4 + len)?;
        let typ = u16_at(self.0, 0);
        self.0 = &self.0[4 + len..];
        Some((typ, data))
    }
}

/// The corners of the cells calamine collects for a grid, and how many.
struct Corners {
    cells: u64,
    first: (u32, u32),
    last: (u32, u32),
}

impl Default for Corners {
    fn default() -> Self {
        Corners {
            cells: 0,
            first: (u32::MAX, u32::MAX),
            last: (0, 0),
        }
    }
}

impl Corners {
    /// `n` cells in row `row`, from column `col` on.
    fn add(&mut self, row: u32, col: u32, n: u64) {
        if n == 0 {
            return;
        }
        let end = col.saturating_add(u32::try_from(n - 1).unwrap_or(u32::MAX));
        self.cells = self.cells.saturating_add(n);
        self.first = (self.first.0.min(row), self.first.1.min(col));
        self.last = (self.last.0.max(row), self.last.1.max(end));
    }

    /// The cell at the row and column a record starts with.
    fn at(&mut self, data: &[u8]) {
        if data.len() >= 4 {
            self.add(u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), 1);
        }
    }

    /// The cells of the grid built from them (`Range::from_sparse`).
    fn grid(&self) -> u64 {
        if self.cells == 0 {
            return 0;
        }
        u64::from(self.last.0 - self.first.0 + 1) * u64::from(self.last.1 - self.first.1 + 1)
    }
}

/// One sheet as calamine reads it (`Xls::parse_workbook`).
#[derive(Default)]
struct XlsSheet {
    /// Cells reserved for the largest DIMENSIONS record.
    reserved: u64,
    values: Corners,
    formulas: Corners,
    /// The bytes of its cells' strings (at most three a character).
    text: u64,
}

impl XlsSheet {
    /// Reads a sheet's records to its EOF, skipping nested substreams
    /// (embedded charts) as calamine does. Every record that can yield a
    /// cell counts, whether or not calamine's parse of it then succeeds.
    fn read(records: &mut Records, strings: &[u32]) -> XlsSheet {
        let mut sheet = XlsSheet::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        // A STRING record's cell is where the last formula was, (0, 0) at first.
        let mut formula_at = [0u8; 4];
        for (typ, data) in records {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => sheet.reserved = sheet.reserved.max(dimensions(data)),
                // Number, BoolErr, Rk.
                0x0203 | 0x0205 | 0x027E => sheet.values.at(data),
                // Label, RString: a string of its own, its length at byte 6.
                0x0204 | 0x00D6 => {
                    sheet.values.at(data);
                    sheet.text = sheet.text.saturating_add(3 * u64::from(u16_at(data, 6)));
                }
                // LabelSst: a copy of the shared string its index names.
                0x00FD => {
                    sheet.values.at(data);
                    let copied = strings.get(u32_at(data, 6) as usize).copied().unwrap_or(0);
                    sheet.text = sheet.text.saturating_add(u64::from(copied));
                }
                // String: the text a formula gave.
                0x0207 => {
                    sheet.values.at(&formula_at);
                    sheet.text = sheet.text.saturating_add(3 * u64::from(u16_at(data, 0)));
                }
                // MulRk: a row, its first column, 6 bytes a cell (a last one
                // may be cut short), its last column.
                0x00BD if data.len() >= 6 => sheet.values.add(
                    u32::from(u16_at(data, 0)),
                    u32::from(u16_at(data, 2)),
                    (data.len() as u64 - 6).div_ceil(6),
                ),
                0x0006 if data.len() >= 20 => {
                    formula_at.copy_from_slice(&data[..4]);
                    sheet.values.at(data);
                    sheet.formulas.at(data);
                }
                0x000A => break,
                _ => {}
            }
        }
        sheet
    }
}

/// The cells calamine reserves for a DIMENSIONS record: the rows and
/// columns it declares (BIFF8: 32-bit rows), computed as calamine's
/// `parse_dimensions` and a release build's wrapping arithmetic do, so a
/// last row before the first claims some four billion rows.
fn dimensions(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0).into(),
            u16_at(data, 2).into(),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return 1;
    }
    u64::from(last_row.wrapping_sub(first_row)) * u64::from(last_col - first_col)
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

/// Sectors as calamine holds them: loaded one after another from the file
/// (`file`: the rest of it, from where calamine's reader stands).
struct Sectors {
    data: Vec<u8>,
    size: usize,
    last_id: u32,
}

impl Sectors {
    fn get(&mut self, id: u32, file: &mut &[u8]) -> Result<&[u8], &'static str> {
        if id > self.last_id {
            return Err("has a sector past the end of the file");
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            let len = self.data.len();
            self.data.resize(end, 0);
            let read = std::io::Read::read(file, &mut self.data[len..]).unwrap_or(0);
            if len + read < end {
                return self
                    .data
                    .get(start..len + read)
                    .ok_or("has a sector past the end of the file");
            }
        }
        Ok(&self.data[start..end])
    }

    /// The `len` bytes of the chain from sector `id`, or fewer if it ends.
    fn chain(&mut self, mut id: u32, table: &[u32], file: &mut &[u8], len: usize) -> Result<Vec<u8>, &'static str> {
        let mut chain = Vec::new();
        let mut steps = 0u32;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.last_id.saturating_add(1) {
                return Err("has a chain of sectors that loops");
            }
            let sector = self.get(id, file)?;
            chain.extend_from_slice(&sector[..sector.len().min(len - chain.len())]);
            if chain.len() >= len {
                break;
            }
            id = *table
                .get(id as usize)
                .ok_or("has a chain of sectors that leaves the allocation table")?;
        }
        Ok(chain)
    }
}

/// Little-endian words, as calamine reads an allocation table.
fn words(bytes: &[u8]) -> Result<impl Iterator<Item = u32> + '_, &'static str> {
    if !bytes.len().is_multiple_of(4) {
        return Err("has an allocation table cut short");
    }
    Ok(bytes.chunks_exact(4).map(|w| u32_at(w, 0)))
}

/// The workbook stream (`Workbook`, or `Book` before BIFF8) of the
/// compound document (MS-CFB) in `bytes`; `None` if it has neither. It is
/// read the way calamine's own reader (`cfb.rs`) reads it, so the stream
/// checked is the stream it parses: sectors are loaded in the order it
/// loads them, a sector cut short by the end of the file reads short the
/// first time and padded with zeros after, and a mini stream sector past
/// the mini stream reads on in the file. What calamine would follow without
/// end — a chain of sectors that loops, more allocation-table sectors than
/// the file has — is refused.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, &'static str> {
    let header = bytes.get(..512).ok_or("is shorter than its header")?;
    let size = match u16_at(header, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err("has a sector size other than 512 or 4096 bytes"),
    };
    if u16_at(header, 32) != 6 {
        return Err("has a mini sector size other than 64 bytes");
    }
    let mut file = bytes.get(size..).ok_or("is shorter than its header")?;
    let last_id = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
    let mut sectors = Sectors {
        data: Vec::new(),
        size,
        last_id,
    };
    let mut difat: Vec<u32> = words(&header[76..])?.collect();
    let (mut id, mut steps) = (u32_at(header, 68), 0u32);
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > last_id.saturating_add(1) {
            return Err("has a chain of sectors that loops");
        }
        difat.extend(words(sectors.get(id, &mut file)?)?);
        id = difat.pop().ok_or("has an empty allocation table")?;
    }
    // Each listed sector adds a sector's worth to the table, however often it is listed.
    let listed: Vec<u32> = difat.into_iter().filter(|id| *id < DIFAT_SECTOR).collect();
    if listed.len() > last_id as usize + 1 {
        return Err("lists more allocation-table sectors than the file has");
    }
    let mut table = Vec::new();
    for id in listed {
        table.extend(words(sectors.get(id, &mut file)?)?);
    }
    let directory = sectors.chain(u32_at(header, 48), &table, &mut file, usize::MAX)?;
    // Each entry: a UTF-16 name to its first NUL, the first sector, the length.
    let entries: Vec<(String, u32, usize)> = directory
        .chunks_exact(128)
        .map(|e| {
            // Decoded as calamine does, a byte order mark switching the encoding.
            let name = encoding_rs::UTF_16LE.decode(&e[..64]).0;
            let name = name.split('\0').next().unwrap_or_default().to_string();
            let len = if size == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32
            };
            (name, u32_at(e, 116), usize::try_from(len).unwrap_or(usize::MAX))
        })
        .collect();
    let Some(root) = entries.first() else {
        return Err("has no root directory");
    };
    if u16_at(header, 26) != 3 && root.1 == END_OF_CHAIN {
        return Err("has no root directory");
    }
    let mini_len = u32_at(header, 64) as usize;
    let (mini, mini_table) = if mini_len > 0 {
        let stream = sectors.chain(root.1, &table, &mut file, root.2)?;
        let mini_table = sectors.chain(u32_at(header, 60), &table, &mut file, mini_len * size)?;
        (stream, words(&mini_table)?.collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let named = |name: &str| entries.iter().find(|e| e.0.eq_ignore_ascii_case(name));
    let Some((_, start, len)) = named("Workbook").or_else(|| named("Book")) else {
        return Ok(None);
    };
    if *len >= 4096 {
        return sectors.chain(*start, &table, &mut file, *len).map(Some);
    }
    let mut minis = Sectors {
        data: mini,
        size: 64,
        last_id: last_id.saturating_mul(8),
    };
    minis.chain(*start, &mini_table, &mut file, *len).map(Some)
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

    const ACD_XLS: &[u8] = include_bytes!("../../../tests/fixtures/office/acd.xls");

    #[test]
    fn a_real_xls_is_read_as_calamine_reads_it() {
        let stream = workbook_stream(ACD_XLS).unwrap().expect("a Workbook stream");
        let start = Records(&stream)
            .find(|(typ, _)| *typ == 0x0085)
            .map(|(_, data)| u32_at(data, 0) as usize)
            .unwrap();
        let sheet = XlsSheet::read(&mut Records(&stream[start..]), &[]);
        // A header row and 480 rows of 7 columns.
        assert_eq!(
            (sheet.reserved, sheet.values.grid(), sheet.formulas.grid()),
            (481 * 7, 481 * 7, 0)
        );
        assert!(xls(ACD_XLS).is_ok());
    }

    #[test]
    fn dimensions_as_a_release_build_computes_them() {
        let biff8 = |rows: (u32, u32), cols: (u16, u16)| {
            [
                &rows.0.to_le_bytes()[..],
                &rows.1.to_le_bytes(),
                &cols.0.to_le_bytes(),
                &cols.1.to_le_bytes(),
                &[0, 0],
            ]
            .concat()
        };
        assert_eq!(dimensions(&biff8((0, 481), (0, 7))), 481 * 7);
        // A last row before the first wraps to some four billion rows.
        assert_eq!(dimensions(&biff8((5, 1), (0, 7))), (u64::from(u32::MAX) - 3) * 7);
        // A first column past the last is read as column A.
        assert_eq!(dimensions(&biff8((0, 10), (9, 4))), 10 * 4);
        assert_eq!(dimensions(&biff8((0, 0), (0, 0))), 1);
        assert_eq!(dimensions(&[0; 3]), 0);
    }

    #[test]
    fn shared_strings_are_walked_across_continue_records() {
        // Four characters with a formatting run: two one-byte characters,
        // then, continued with the two-byte flag, two more and the run;
        // then a string of one character.
        let sst = [&[0; 8][..], &[4, 0, 0x08, 1, 0], b"ab"].concat();
        let continued = [&[0x01][..], &[b'c', 0, b'd', 0], &[0; 4], &[1, 0, 0], b"x"].concat();
        let mut text = 0;
        let strings = xls_shared_strings(&sst, [continued.as_slice()].into_iter(), &mut text).unwrap();
        assert_eq!((strings, text), (vec![12, 3], 24 + 12 + 24 + 3));
    }

    #[test]
    fn a_table_sector_listed_more_often_than_the_file_has_sectors_is_refused() {
        let mut bytes = ACD_XLS.to_vec();
        bytes[76..512].fill(0);
        let err = xls(&bytes).unwrap_err().0;
        assert!(
            err.contains("lists more allocation-table sectors than the file has"),
            "{err}"
        );
    }
}
