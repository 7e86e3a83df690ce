//! Record files (CSV, JSON array, JSON Lines, YAML list, spreadsheets) read
//! as typed rows.
//!
//! Only the columns a run needs are parsed. A CSV file is read in blocks cut
//! at row ends (quote parity is tracked from the start of the file, so a
//! quoted field with a newline in it never splits), and blocks are parsed on
//! every core, each worker feeding its own [`Sink`]; the caller merges the
//! sinks. Memory is a few blocks, whatever the file's size.

pub mod cell;
pub mod format;
pub mod parquet;
pub mod sheet;
mod split;

use std::io::Read as _;
use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use sha2::{Digest as _, Sha256};

pub use cell::Cell;
pub use format::Format;

use crate::boundary::Boundary;
use crate::pack::kind::SheetSpec;
use crate::pack::{ColumnType, RecordKind};

/// Rows go here, one sink per worker thread.
pub trait Sink: Send {
    /// A row whose needed cells all parsed, in the order they were asked
    /// for, with where it is: the line (CSV, JSON Lines), the item number
    /// (JSON, YAML) or the spreadsheet's row number, as [`BadRow::row`].
    fn row(&mut self, at: u64, cells: &[Cell<'_>]);
    /// A row that could not be read, with where and why.
    fn bad(&mut self, bad: BadRow);
    /// Optional columns the file's header does not have, told before any
    /// row: their cells read as empty, which a reader that needs them must
    /// not take for data.
    fn absent(&mut self, _columns: &[String]) {}
}

/// The needed columns a header lacks (optional ones: a missing required
/// column is already a file problem): read from a header that is not
/// there, or joined or derived from one that is not.
fn absent(needed: &[Needed], pos: &[Option<usize>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, n) in needed.iter().enumerate() {
        if !matches!(n.source, Source::Part(_)) && lacks(needed, pos, i) && !out.contains(&n.name) {
            out.push(n.name.clone());
        }
    }
    out
}

/// Whether entry `i` has nothing to read in this file.
fn lacks(needed: &[Needed], pos: &[Option<usize>], i: usize) -> bool {
    match &needed[i].source {
        Source::Header(_) | Source::Part(_) => pos[i].is_none(),
        Source::Constant(_) => false,
        Source::Joined(slots) => slots.iter().any(|&s| pos[s].is_none()),
        // Inputs are never themselves derived (see [`needed`]).
        Source::Derived { inputs, .. } => inputs.iter().any(|&s| lacks(needed, pos, s)),
    }
}

/// Why one row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// The line (CSV, JSON Lines), the item number (JSON, YAML) or the
    /// spreadsheet's row number.
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
    /// The sheet, for a spreadsheet.
    pub sheet: Option<String>,
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem(pub String);

/// Block size for CSV reading: large enough to amortise the hand-off,
/// small enough that memory stays flat.
const BLOCK: usize = 4 << 20;

/// A needed column: its name and type, and how the organisation's files
/// hold it (the profile's `columns:`).
#[derive(Debug, Clone)]
pub struct Needed {
    pub name: String,
    pub ty: ColumnType,
    pub required: bool,
    pub source: Source,
    /// How a date, datetime or duration is written, when the profile says.
    pub format: Option<Format>,
}

/// Where a needed column's value comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The file's column under this header (the column's name, unless the
    /// profile maps it).
    Header(String),
    /// One value for every row.
    Constant(String),
    /// The texts of the parts at these slots, joined with one space: a date
    /// and a time kept in two columns.
    Joined(Vec<usize>),
    /// A header read as raw text, one part of a [`Source::Joined`] column.
    Part(String),
    /// Computed from the cells at `inputs`, after the rest of the row.
    Derived {
        derive: Arc<dyn Derive>,
        inputs: Vec<usize>,
    },
}

impl Needed {
    /// The header the file has the column under, when it has one.
    fn header(&self) -> Option<&str> {
        match &self.source {
            Source::Header(h) | Source::Part(h) => Some(h),
            _ => None,
        }
    }
}

/// A column computed from others of its row (the profile's `expr:`),
/// compiled for its kind. Records only run it; what it may say is the
/// expression language's business.
pub trait Derive: Send + Sync + std::fmt::Debug {
    /// The expression as written, for messages.
    fn text(&self) -> &str;
    /// The columns it reads, in the order [`Derive::compute`] takes them.
    fn reads(&self) -> &[String];
    /// The value from the input cells (none of them empty); the error says
    /// why the row has none.
    fn compute(&self, inputs: &[Cell<'_>]) -> Result<Cell<'static>, String>;
}

/// Compiles a derived column's expression against its kind's columns
/// (name, type) for a column of the given type.
pub type CompileFn = fn(&str, &[(String, ColumnType)], ColumnType) -> Result<Arc<dyn Derive>, String>;

/// A derived column as the profile writes it, with the compiler for it.
#[derive(Clone)]
pub struct Derivation {
    pub text: String,
    pub compile: CompileFn,
}

impl std::fmt::Debug for Derivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Derivation").field(&self.text).finish()
    }
}

/// A derived column that cannot run: every row says why.
#[derive(Debug)]
struct Failed(String);

impl Derive for Failed {
    fn text(&self) -> &str {
        &self.0
    }
    fn reads(&self) -> &[String] {
        &[]
    }
    fn compute(&self, _: &[Cell<'_>]) -> Result<Cell<'static>, String> {
        Err(self.0.clone())
    }
}

/// How an organisation's files hold one of a kind's columns.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// The header in the files (`"Calls Offered"` for `offered`); several
    /// are joined with a space (`[Date, Time]`).
    pub from: Vec<String>,
    /// A value for every row (`site: {value: north}` for a one-site export).
    pub value: Option<String>,
    /// How the values are written (`%d.%m.%Y`, `excel`).
    pub format: Option<Format>,
    /// Computed from the row's other columns.
    pub expr: Option<Derivation>,
}

/// The columns of `kind` that are in `names`, in that order, as `map`
/// (the profile's `columns:` for the kind) says the files hold them; then
/// the headers joined columns are made of and the columns derived ones
/// read, so the columns asked for keep their slots.
pub fn needed(
    kind: &RecordKind,
    names: &[String],
    map: Option<&std::collections::BTreeMap<String, ColumnMap>>,
) -> Vec<Needed> {
    let map_of = |n: &str| map.and_then(|m| m.get(n));
    let mut out: Vec<Needed> = names.iter().filter_map(|n| column(kind, n, map_of(n))).collect();
    let mut i = 0;
    while i < out.len() {
        match &out[i].source {
            Source::Joined(_) => {
                let headers = map_of(&out[i].name).map(|m| m.from.clone()).unwrap_or_default();
                let mut slots = Vec::new();
                for h in headers {
                    slots.push(out.len());
                    out.push(Needed {
                        source: Source::Part(h),
                        ty: ColumnType::String,
                        ..out[i].clone()
                    });
                }
                out[i].source = Source::Joined(slots);
            }
            Source::Derived { derive, .. } => {
                let mut derive = derive.clone();
                let mut inputs = Vec::new();
                for r in derive.reads().to_vec() {
                    let at = out
                        .iter()
                        .position(|e| e.name == r && !matches!(e.source, Source::Part(_)));
                    let at = match at {
                        Some(at) => Some(at),
                        None => column(kind, &r, map_of(&r)).map(|e| {
                            out.push(e);
                            out.len() - 1
                        }),
                    };
                    match at {
                        Some(at) if matches!(out[at].source, Source::Derived { .. }) => {
                            derive = Arc::new(Failed(format!("`{r}` is derived itself; derive from read columns")));
                        }
                        Some(at) => inputs.push(at),
                        None => derive = Arc::new(Failed(format!("`{r}` is not a column of the kind"))),
                    }
                }
                out[i].source = Source::Derived { derive, inputs };
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// One column of `kind` as `map` says the files hold it.
fn column(kind: &RecordKind, name: &str, map: Option<&ColumnMap>) -> Option<Needed> {
    let c = kind.columns.iter().find(|c| c.name == name)?;
    let source = match map {
        Some(ColumnMap { expr: Some(d), .. }) => {
            let cols: Vec<(String, ColumnType)> = kind.columns.iter().map(|c| (c.name.clone(), c.ty)).collect();
            Source::Derived {
                derive: (d.compile)(&d.text, &cols, c.ty).unwrap_or_else(|e| Arc::new(Failed(e))),
                inputs: Vec::new(),
            }
        }
        Some(ColumnMap { value: Some(v), .. }) => Source::Constant(v.clone()),
        Some(ColumnMap { from, .. }) if from.len() > 1 => Source::Joined(Vec::new()),
        Some(ColumnMap { from, .. }) if from.len() == 1 => Source::Header(from[0].clone()),
        _ => Source::Header(name.to_string()),
    };
    Some(Needed {
        name: c.name.clone(),
        ty: c.ty,
        required: c.required,
        source,
        format: map.and_then(|m| m.format.clone()),
    })
}

/// A header as people vary it: case, spaces, dashes and underscores aside
/// (`Reported At`, `reported-at` and `REPORTED_AT` are one column).
fn loose(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What reading a file produced: the workers' sinks, and the file's
/// sha256 when asked for, taken from the same bytes (the file is read once).
pub struct Scanned<S> {
    pub sinks: Vec<S>,
    pub sha256: Option<String>,
}

/// A sha256 of the bytes read, or nothing when no report shows the
/// manifest: hashing costs as much as parsing on a large file.
pub struct Hasher(Option<Sha256>);

impl Hasher {
    pub fn new(wanted: bool) -> Self {
        Hasher(wanted.then(Sha256::new))
    }
    pub fn update(&mut self, bytes: &[u8]) {
        if let Some(h) = &mut self.0 {
            h.update(bytes);
        }
    }
    fn finish(self) -> Option<String> {
        self.0.map(|h| crate::evidence::hex(&h.finalize()))
    }
}

/// Reads one record file, feeding every row to sinks made by `make`;
/// `sheet` says where a spreadsheet's table is; `hash` whether to take the
/// file's sha256 on the way.
pub fn scan<S: Sink>(
    boundary: &Boundary,
    path: &Path,
    needed: &[Needed],
    sheet: &SheetSpec,
    make: &(dyn Fn() -> S + Sync),
    hash: bool,
) -> Result<Scanned<S>, FileProblem> {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let file = boundary.open(path).map_err(FileProblem)?;
    let mut hash = Hasher::new(hash);
    let sinks = if lower.ends_with(".parquet") {
        parquet::scan(file, needed, make, &mut hash)
    } else if sheet::is_spreadsheet(&lower) {
        sheet::scan(file, needed, sheet, make, &mut hash)
    } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        scan_json_lines(file, needed, make, &mut hash)
    } else if lower.ends_with(".json") {
        scan_document(file, needed, make, false, &mut hash)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        scan_document(file, needed, make, true, &mut hash)
    } else {
        scan_csv(file, needed, make, &mut hash)
    }?;
    Ok(Scanned {
        sinks,
        sha256: hash.finish(),
    })
}

/// JSON and YAML record files are parsed whole; past this size keep
/// records as CSV or JSON Lines, which are streamed.
pub const MAX_DOCUMENT_RECORDS: u64 = 256 << 20;

/// One line of a JSON Lines file.
const MAX_JSON_LINE: u64 = 16 << 20;

/// Reads a whole record file of at most `limit` bytes (see
/// [`crate::boundary::read_all`]).
pub(crate) fn read_capped(file: std::fs::File, limit: u64, what: &str) -> Result<Vec<u8>, FileProblem> {
    crate::boundary::read_all(file, limit, what).map_err(FileProblem)
}

/// Fills `buf` from `file`, appending after its current contents, and
/// hashes what it read. The spare capacity is read into directly: zeroing
/// it first would touch every byte of a large file once more.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, want: usize, hash: &mut Hasher) -> Result<usize, FileProblem> {
    let start = buf.len();
    buf.reserve(want);
    let got = std::io::Read::take(&mut *file, want as u64)
        .read_to_end(buf)
        .map_err(|e| FileProblem(format!("cannot read: {e}")))?;
    hash.update(&buf[start..]);
    Ok(got)
}

/// The end of the first (or last) row in `buf`: just after a newline that
/// is outside quotes. Blocks are only ever cut there, so each starts outside
/// quotes.
fn row_end(buf: &[u8], last: bool) -> Option<usize> {
    let mut in_quotes = false;
    let mut found = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            found = Some(i + 1);
            if !last {
                break;
            }
        }
    }
    found
}

/// Where the quote that is still open at the end of `buf` was opened, if
/// one is (`buf` starts outside quotes).
fn unclosed_quote(buf: &[u8]) -> Option<usize> {
    let mut open = None;
    for i in memchr::memchr_iter(b'"', buf) {
        open = if open.is_some() { None } else { Some(i) };
    }
    open
}

/// Column positions of the needed columns in the header (exact name first,
/// then ignoring case); missing required columns are a file problem.
fn positions(header: &[String], needed: &[Needed]) -> Result<Vec<Option<usize>>, FileProblem> {
    // A column named twice is ambiguous: which one the metric reads would
    // be an accident of the parser.
    for n in needed {
        let Some(want) = n.header() else { continue };
        let same: Vec<usize> = (0..header.len())
            .filter(|&i| header[i].eq_ignore_ascii_case(want))
            .collect();
        if same.len() > 1 {
            let cols: Vec<String> = same.iter().map(|i| (i + 1).to_string()).collect();
            return Err(FileProblem(format!(
                "the header names column `{}` more than once (columns {}); keep one",
                n.name,
                cols.join(" and ")
            )));
        }
    }
    let mut missing = Vec::new();
    let pos: Vec<Option<usize>> = needed
        .iter()
        .map(|n| {
            let want = n.header()?;
            let p = header
                .iter()
                .position(|h| h == want)
                .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(want)))
                .or_else(|| {
                    // Loosely, only when that finds one column: two that
                    // differ only in spacing are ambiguous, not a match.
                    let key = loose(want);
                    let hits: Vec<usize> = (0..header.len()).filter(|&i| loose(&header[i]) == key).collect();
                    (hits.len() == 1).then(|| hits[0])
                });
            if p.is_none() && n.required {
                missing.push(if want == n.name {
                    format!("`{want}`")
                } else {
                    format!("`{want}` (for `{}`)", n.name)
                });
            }
            p
        })
        .collect();
    if missing.is_empty() {
        Ok(pos)
    } else {
        Err(FileProblem(format!(
            "missing column(s) {}; the header has: {}; the profile's `columns:` can say which header holds it, or give a value",
            missing.join(", "),
            header.join(", ")
        )))
    }
}

/// Parses the needed cells of one row into `cells`; the error names the
/// column that did not parse.
fn type_row<'a>(
    fields: impl Fn(usize) -> Option<&'a [u8]>,
    pos: &[Option<usize>],
    needed: &'a [Needed],
    cells: &mut Vec<Cell<'a>>,
) -> Result<(), (String, String)> {
    cells.clear();
    let mut derived = false;
    for (n, p) in needed.iter().zip(pos) {
        let cell = match &n.source {
            Source::Header(_) => typed(p.and_then(&fields).unwrap_or(b""), n)?,
            Source::Constant(c) => typed(c.as_bytes(), n)?,
            Source::Part(_) => Cell::Str(p.and_then(&fields).unwrap_or(b"")),
            Source::Joined(parts) => joined(parts, pos, &fields, n)?,
            Source::Derived { .. } => {
                derived = true;
                Cell::Null
            }
        };
        cells.push(cell);
    }
    if derived {
        derive(needed, cells)?;
    }
    Ok(())
}

/// One cell's text as its column's type (and format). Inlined into the
/// row loop, with the messages out of line: this runs once per cell of
/// every row read.
#[inline(always)]
fn typed<'a>(text: &'a [u8], n: &Needed) -> Result<Cell<'a>, (String, String)> {
    let parsed = match &n.format {
        None => cell::parse(text, n.ty),
        Some(f) => f.parse_cell(text, n.ty),
    };
    match parsed {
        Some(Cell::Null) if n.required => Err((n.name.clone(), "is empty".into())),
        Some(c) => Ok(c),
        None => Err(not_valid(text, n)),
    }
}

#[cold]
#[inline(never)]
fn not_valid(text: &[u8], n: &Needed) -> (String, String) {
    let shown = String::from_utf8_lossy(text);
    let shown: String = shown.chars().take(40).collect();
    let how = n
        .format
        .as_ref()
        .map(|f| format!(" {}", f.describe()))
        .unwrap_or_default();
    (
        n.name.clone(),
        format!("`{shown}` is not a valid {}{how}", type_name(n.ty)),
    )
}

/// A column joined from parts: their texts, typed as one.
#[inline(never)]
fn joined<'a>(
    parts: &[usize],
    pos: &[Option<usize>],
    fields: impl Fn(usize) -> Option<&'a [u8]>,
    n: &Needed,
) -> Result<Cell<'static>, (String, String)> {
    let parts: Vec<&[u8]> = parts.iter().map(|&s| pos[s].and_then(&fields).unwrap_or(b"")).collect();
    let text = format::join(n.format.as_ref(), &parts);
    cell::detach(typed(&text, n)?).ok_or_else(|| (n.name.clone(), "joins only dates and times".into()))
}

/// Fills the derived cells of a row from the cells they read. A derived
/// value with an empty input is empty.
fn derive(needed: &[Needed], cells: &mut [Cell<'_>]) -> Result<(), (String, String)> {
    let mut args = Vec::new();
    for (i, n) in needed.iter().enumerate() {
        let Source::Derived { derive, inputs } = &n.source else {
            continue;
        };
        args.clear();
        args.extend(inputs.iter().map(|&s| cells[s]));
        let value = if args.iter().any(|c| matches!(c, Cell::Null)) {
            Cell::Null
        } else {
            derive.compute(&args).map_err(|m| (n.name.clone(), m))?
        };
        if matches!(value, Cell::Null) && n.required {
            return Err((
                n.name.clone(),
                format!("is empty: `{}` reads an empty cell", derive.text()),
            ));
        }
        cells[i] = value;
    }
    Ok(())
}

fn type_name(ty: ColumnType) -> &'static str {
    ColumnType::NAMES[ty as usize]
}

fn scan_csv<S: Sink>(
    mut file: std::fs::File,
    needed: &[Needed],
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    let mut carry = Vec::with_capacity(BLOCK);
    let mut eof = fill(&mut file, &mut carry, BLOCK, hash)? == 0;
    if carry.starts_with(b"\xEF\xBB\xBF") {
        carry.drain(..3);
    }
    // The header is the first row; the csv parser reads it.
    let header_end = row_end(&carry, false).unwrap_or(carry.len());
    let header: Vec<String> = {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&carry[..header_end]);
        let mut rec = csv::StringRecord::new();
        match rdr.read_record(&mut rec) {
            Ok(true) => rec.iter().map(|h| h.trim().to_string()).collect(),
            Ok(false) => return Err(FileProblem("empty file: no header row".into())),
            Err(_) => return Err(FileProblem("the header row is not valid UTF-8 CSV".into())),
        }
    };
    let pos = positions(&header, needed)?;
    let missing = absent(needed, &pos);
    let width = header.len();
    let mut line = 1 + memchr::memchr_iter(b'\n', &carry[..header_end]).count() as u64;
    carry.drain(..header_end);

    let workers = rayon::current_num_threads().max(1);
    let (tx, rx) = sync_channel::<Block>(workers);
    let rx = Mutex::new(rx);
    let pool: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut sink = make();
                    sink.absent(&missing);
                    csv_worker(&rx, &pool, &pos, needed, width, sink)
                })
            })
            .collect();
        // The reader cuts blocks at row ends and hands them out.
        let read = (|| -> Result<(), FileProblem> {
            loop {
                if !eof && carry.len() < BLOCK / 2 {
                    eof = fill(&mut file, &mut carry, BLOCK, hash)? == 0;
                }
                // Most exports quote nothing: then every newline ends a row
                // (the last one is found from the end instead of visiting
                // them all), and the worker splits the block without a CSV
                // state machine.
                let quoted = memchr::memchr(b'"', &carry).is_some();
                let cut = if eof {
                    if quoted && let Some(at) = unclosed_quote(&carry) {
                        // The parser would take the rest of the file as one
                        // field: rows vanish without a bad-row report.
                        let opened = line + memchr::memchr_iter(b'\n', &carry[..at]).count() as u64;
                        let after = memchr::memchr_iter(b'\n', &carry[at..]).count();
                        return Err(FileProblem(format!(
                            "line {opened}: a quoted field opens and is never closed, so the {after} line(s) after it would be lost in it; close the quote (a quote inside a field is written \"\")"
                        )));
                    }
                    (!carry.is_empty()).then_some(carry.len())
                } else if quoted {
                    row_end(&carry, true)
                } else {
                    memchr::memrchr(b'\n', &carry).map(|i| i + 1)
                };
                let Some(cut) = cut else {
                    if eof {
                        return Ok(());
                    }
                    // A row longer than what is buffered: read more of it.
                    eof = fill(&mut file, &mut carry, BLOCK, hash)? == 0;
                    continue;
                };
                let mut rest = pool.lock().ok().and_then(|mut p| p.pop()).unwrap_or_default();
                rest.clear();
                rest.extend_from_slice(&carry[cut..]);
                let mut block = std::mem::replace(&mut carry, rest);
                block.truncate(cut);
                let lines = memchr::memchr_iter(b'\n', &block).count() as u64;
                if tx
                    .send(Block {
                        bytes: block,
                        line,
                        quoted,
                    })
                    .is_err()
                {
                    return Ok(());
                }
                line += lines;
            }
        })();
        drop(tx);
        let sinks = handles
            .into_iter()
            .map(|h| h.join().expect("a CSV worker panicked"))
            .collect::<Vec<S>>();
        read.map(|()| sinks)
    })
}

/// Rows handed to a CSV worker: whole rows, from physical line `line`;
/// `quoted` unless the reader saw no quote character in them.
struct Block {
    bytes: Vec<u8>,
    line: u64,
    quoted: bool,
}

fn csv_worker<S: Sink>(
    rx: &Mutex<Receiver<Block>>,
    pool: &Mutex<Vec<Vec<u8>>>,
    pos: &[Option<usize>],
    needed: &[Needed],
    width: usize,
    mut sink: S,
) -> S {
    let mut record = csv::ByteRecord::new();
    let mut spare: Vec<Cell<'static>> = Vec::with_capacity(needed.len());
    loop {
        let next = rx.lock().map(|r| r.recv());
        let Ok(Ok(Block {
            bytes: block,
            line: first_line,
            quoted,
        })) = next
        else {
            break;
        };
        // A block without quotes splits exactly on newlines and commas,
        // several times faster than a CSV state machine.
        // Blocks go back to the reader: fresh 4 MiB buffers would fault in
        // every page of the file once more.
        let give_back = |block: Vec<u8>| {
            if let Ok(mut p) = pool.lock() {
                p.push(block);
            }
        };
        if !quoted {
            plain_block(&block, first_line, pos, needed, width, &mut spare, &mut sink);
            give_back(block);
            continue;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(block.as_slice());
        // Physical line numbers: the csv parser does not count newlines
        // inside quoted fields, so count them up to a record's start (whose
        // byte is the last of the previous terminator, or the first of the
        // record).
        let (mut seen_byte, mut seen_line) = (0usize, first_line);
        let mut line_at = |byte: usize| {
            let byte = byte.min(block.len());
            if byte > seen_byte {
                seen_line += memchr::memchr_iter(b'\n', &block[seen_byte..byte]).count() as u64;
                seen_byte = byte;
            }
            seen_line
        };
        loop {
            match rdr.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = line_at(e.position().map_or(0, |p| p.byte() as usize + 1));
                    sink.bad(BadRow {
                        row: line,
                        column: None,
                        message: format!("not valid CSV: {e}"),
                        sheet: None,
                    });
                    continue;
                }
            }
            let start = record.position().map_or(0, |p| p.byte() as usize + 1);
            if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
                continue; // a blank line
            }
            if record.len() != width {
                sink.bad(BadRow {
                    row: line_at(start),
                    column: None,
                    message: format!("has {} fields, the header has {width}", record.len()),
                    sheet: None,
                });
                continue;
            }
            let mut cells = recycle(std::mem::take(&mut spare));
            match type_row(|i| record.get(i), pos, needed, &mut cells) {
                Ok(()) => sink.row(line_at(start), &cells),
                Err((column, message)) => sink.bad(BadRow {
                    row: line_at(start),
                    column: Some(column),
                    message,
                    sheet: None,
                }),
            }
            spare = recycle(cells);
        }
        drop(rdr);
        give_back(block);
    }
    sink
}

/// Rows of a block that holds no quote character: fields are the bytes
/// between commas, rows the lines (a trailing `\r` dropped). The block is
/// scanned once, a chunk of bytes at a time ([`split`]).
fn plain_block<S: Sink>(
    block: &[u8],
    first_line: u64,
    pos: &[Option<usize>],
    needed: &[Needed],
    width: usize,
    spare: &mut Vec<Cell<'static>>,
    sink: &mut S,
) {
    let last_needed = pos.iter().flatten().copied().max().unwrap_or(0);
    let mut row = PlainRow {
        bounds: Vec::with_capacity(width + 1),
        last_needed,
        start: 0,
        field_start: 0,
        fields: 1,
        line: first_line,
    };
    let comma = |p: usize, row: &mut PlainRow| {
        if row.bounds.len() <= last_needed {
            row.bounds.push((row.field_start, p));
        }
        row.field_start = p + 1;
        row.fields += 1;
    };
    // The commas of a chunk before its first newline belong to the row it
    // ends; a chunk without a newline is all commas.
    let mut chunk_at = |i: usize, chunk: &[u8; split::CHUNK], row: &mut PlainRow| {
        let (mut commas, mut newlines) = split::classify(chunk);
        while newlines != 0 {
            let nl = newlines.trailing_zeros();
            let mut before = commas & ((1u64 << nl) - 1);
            commas ^= before;
            while before != 0 {
                comma(i + before.trailing_zeros() as usize, row);
                before &= before - 1;
            }
            row.finish(block, i + nl as usize, pos, needed, width, spare, sink);
            newlines &= newlines - 1;
        }
        while commas != 0 {
            comma(i + commas.trailing_zeros() as usize, row);
            commas &= commas - 1;
        }
    };
    let mut chunks = block.chunks_exact(split::CHUNK);
    let mut i = 0;
    for c in chunks.by_ref() {
        chunk_at(i, c.try_into().expect("a whole chunk"), &mut row);
        i += split::CHUNK;
    }
    // The last few bytes, padded with zeros (neither a comma nor a newline).
    let mut last = [0u8; split::CHUNK];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    chunk_at(i, &last, &mut row);
    if row.start < block.len() {
        row.finish(block, block.len(), pos, needed, width, spare, sink);
    }
}

/// The row being split in [`plain_block`].
struct PlainRow {
    bounds: Vec<(usize, usize)>,
    last_needed: usize,
    start: usize,
    field_start: usize,
    fields: usize,
    line: u64,
}

impl PlainRow {
    /// Ends the row at `end` (a newline, or the end of the block).
    #[allow(clippy::too_many_arguments)]
    fn finish<S: Sink>(
        &mut self,
        block: &[u8],
        end: usize,
        pos: &[Option<usize>],
        needed: &[Needed],
        width: usize,
        spare: &mut Vec<Cell<'static>>,
        sink: &mut S,
    ) {
        let line_no = self.line;
        let mut line_end = end;
        if line_end > self.start && block[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let (start, field_start, fields) = (self.start, self.field_start, self.fields);
        self.start = end + 1;
        self.field_start = end + 1;
        self.fields = 1;
        self.line += 1;
        if line_end <= start {
            self.bounds.clear();
            return; // a blank line
        }
        if self.bounds.len() <= self.last_needed {
            self.bounds.push((field_start, line_end.max(field_start)));
        }
        if fields != width {
            self.bounds.clear();
            let message = format!("has {fields} fields, the header has {width}");
            sink.bad(BadRow {
                row: line_no,
                column: None,
                message,
                sheet: None,
            });
            return;
        }
        let bounds = &self.bounds;
        let mut cells = recycle(std::mem::take(spare));
        match type_row(|i| bounds.get(i).map(|&(a, b)| &block[a..b]), pos, needed, &mut cells) {
            Ok(()) => sink.row(line_no, &cells),
            Err((column, message)) => sink.bad(BadRow {
                row: line_no,
                column: Some(column),
                message,
                sheet: None,
            }),
        }
        *spare = recycle(cells);
        self.bounds.clear();
    }
}

/// Reuses a row's cell buffer for the next row: emptied, the borrow ends,
/// and collecting in place keeps the allocation.
fn recycle<'b>(mut cells: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().map(|_| Cell::Null).collect()
}

/// Items of a JSON array or YAML list of objects.
fn scan_document<S: Sink>(
    file: std::fs::File,
    needed: &[Needed],
    make: &(dyn Fn() -> S + Sync),
    yaml: bool,
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    let bytes = read_capped(
        file,
        MAX_DOCUMENT_RECORDS,
        "a JSON or YAML record file; use CSV or JSON Lines",
    )?;
    hash.update(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        FileProblem(format!(
            "not valid UTF-8 text (byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let value: serde_json::Value = if yaml {
        serde_saphyr::from_str::<Strict>(&text)
            .map(|s| s.0)
            .map_err(|e| FileProblem(format!("not valid YAML: {}", first_line(&e.to_string()))))?
    } else {
        serde_json::from_str::<Strict>(&text)
            .map(|s| s.0)
            .map_err(|e| FileProblem(format!("not valid JSON: {e}")))?
    };
    let serde_json::Value::Array(items) = value else {
        return Err(FileProblem(
            "expected a list of records (objects with one key per column)".into(),
        ));
    };
    let mut sink = make();
    for (i, item) in items.iter().enumerate() {
        object_row(item, i as u64 + 1, needed, &mut sink);
    }
    Ok(vec![sink])
}

fn scan_json_lines<S: Sink>(
    file: std::fs::File,
    needed: &[Needed],
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    use std::io::BufRead as _;
    let mut reader = std::io::BufReader::new(Hashing { inner: file, hash });
    let mut sink = make();
    let mut line = Vec::new();
    for row in 1u64.. {
        line.clear();
        // A line is read with a cap, so a file with no newline cannot
        // take all memory.
        let n = (&mut reader)
            .take(MAX_JSON_LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| FileProblem(format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        if line.len() as u64 > MAX_JSON_LINE {
            return Err(FileProblem(format!(
                "line {row} is over the {} limit for one JSON Lines record",
                crate::boundary::size_text(MAX_JSON_LINE)
            )));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Strict>(&line) {
            Ok(Strict(v)) => object_row(&v, row, needed, &mut sink),
            Err(e) => sink.bad(BadRow {
                row,
                column: None,
                message: format!("not valid JSON: {e}"),
                sheet: None,
            }),
        }
    }
    Ok(vec![sink])
}

/// A JSON or YAML value whose objects name each key once: with a key twice,
/// which value a record has would be an accident of the parser.
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON or YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice in one object; keep one"
                )));
            }
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// A reader that hashes what passes through it.
struct Hashing<'h, R> {
    inner: R,
    hash: &'h mut Hasher,
}

impl<R: std::io::Read> std::io::Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn object_row<S: Sink>(item: &serde_json::Value, row: u64, needed: &[Needed], sink: &mut S) {
    let serde_json::Value::Object(map) = item else {
        sink.bad(BadRow {
            row,
            column: None,
            message: "not an object of column: value".into(),
            sheet: None,
        });
        return;
    };
    let texts: Vec<Option<String>> = needed
        .iter()
        .map(|n| {
            let header = match &n.source {
                Source::Constant(c) => return Some(c.clone()),
                Source::Header(h) | Source::Part(h) => h,
                Source::Joined(_) | Source::Derived { .. } => return None,
            };
            let v = map.get(header).or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(header) || loose(k) == loose(header))
                    .map(|(_, v)| v)
            });
            match v {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            }
        })
        .collect();
    if let Some(n) = needed
        .iter()
        .zip(&texts)
        .find(|(n, t)| n.required && t.is_none() && n.header().is_some())
        .map(|(n, _)| n)
    {
        sink.bad(BadRow {
            row,
            column: Some(n.name.clone()),
            message: "is missing".into(),
            sheet: None,
        });
        return;
    }
    let pos: Vec<Option<usize>> = (0..needed.len()).map(Some).collect();
    let mut cells = Vec::with_capacity(needed.len());
    match type_row(|i| texts[i].as_deref().map(str::as_bytes), &pos, needed, &mut cells) {
        Ok(()) => sink.row(row, &cells),
        Err((column, message)) => sink.bad(BadRow {
            row,
            column: Some(column),
            message,
            sheet: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        rows: Vec<String>,
        bad: Vec<BadRow>,
    }
    impl Sink for Collect {
        fn row(&mut self, _at: u64, cells: &[Cell<'_>]) {
            self.rows.push(format!("{cells:?}"));
        }
        fn bad(&mut self, bad: BadRow) {
            self.bad.push(bad);
        }
    }

    fn cols() -> Vec<Needed> {
        let col = |name: &str, ty, required| Needed {
            name: name.into(),
            ty,
            required,
            source: Source::Header(name.into()),
            format: None,
        };
        vec![
            col("site", ColumnType::String, true),
            col("score", ColumnType::Int, true),
            col("note", ColumnType::String, false),
        ]
    }

    fn run(name: &str, text: &[u8]) -> Result<Collect, FileProblem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let boundary = crate::boundary::Boundary::new(dir.path()).unwrap();
        let sinks = scan(
            &boundary,
            &path,
            &cols(),
            &SheetSpec::default(),
            &Collect::default,
            true,
        )?
        .sinks;
        let mut all = Collect::default();
        for s in sinks {
            all.rows.extend(s.rows);
            all.bad.extend(s.bad);
        }
        all.rows.sort();
        all.bad.sort_by_key(|b| b.row);
        Ok(all)
    }

    #[test]
    fn csv_with_bom_crlf_quotes_and_a_bad_row() {
        let text = b"\xEF\xBB\xBFscore,site\r\n5,north\r\n\"4\",\"so\nuth\"\r\nx,east\r\n3\r\n";
        let got = run("a.csv", text).unwrap();
        assert_eq!(got.rows.len(), 2, "{:?}", got.rows);
        assert_eq!(got.bad.len(), 2);
        assert_eq!(
            got.bad[0],
            BadRow {
                row: 5,
                column: Some("score".into()),
                message: "`x` is not a valid int".into(),
                sheet: None,
            }
        );
        assert_eq!(got.bad[1].message, "has 1 fields, the header has 2");
    }

    #[test]
    fn unquoted_csv_takes_the_plain_path_with_the_same_results() {
        let text = b"score,site\r\n5,north\r\n\r\nx,east\r\n4,south\r\n3\r\n";
        let got = run("a.csv", text).unwrap();
        assert_eq!(got.rows.len(), 2, "{:?}", got.rows);
        assert_eq!(
            got.bad[0],
            BadRow {
                row: 4,
                column: Some("score".into()),
                message: "`x` is not a valid int".into(),
                sheet: None,
            }
        );
        assert_eq!(
            got.bad[1],
            BadRow {
                row: 6,
                column: None,
                message: "has 1 fields, the header has 2".into(),
                sheet: None,
            }
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
        /// The plain path (no quotes anywhere) and the csv crate's path
        /// (every field quoted) read the same rows, the same bad rows, on the
        /// same lines.
        #[test]
        fn plain_and_quoted_csv_read_alike(
            rows in proptest::collection::vec(
                (
                    "[a-z]{0,6}",
                    proptest::prop_oneof!["[0-9]{1,4}", "[a-z]{1,3}", proptest::strategy::Just(String::new())],
                    "[a-z ]{0,5}",
                    0usize..3,
                ),
                0..60,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let (mut plain, mut quoted) = (format!("site,score,note{eol}"), format!("site,score,note{eol}"));
            for (site, score, note, shape) in &rows {
                let (fields, qfields): (Vec<String>, Vec<String>) = match shape {
                    0 => (vec![site.clone(), score.clone(), note.clone()], vec![format!("\"{site}\""), format!("\"{score}\""), format!("\"{note}\"")]),
                    1 => (vec![site.clone(), score.clone()], vec![format!("\"{site}\""), format!("\"{score}\"")]),
                    _ => (vec![site.clone(), score.clone(), note.clone(), "x".into()], vec![format!("\"{site}\""), format!("\"{score}\""), format!("\"{note}\""), "\"x\"".into()]),
                };
                plain.push_str(&format!("{}{eol}", fields.join(",")));
                quoted.push_str(&format!("{}{eol}", qfields.join(",")));
            }
            let a = run("a.csv", plain.as_bytes()).unwrap();
            let b = run("b.csv", quoted.as_bytes()).unwrap();
            proptest::prop_assert_eq!(a.rows, b.rows);
            proptest::prop_assert_eq!(a.bad, b.bad);
        }
    }

    #[test]
    fn missing_columns_name_themselves() {
        let err = run("a.csv", b"site,scroe\nnorth,5\n").err().unwrap();
        assert_eq!(
            err.0,
            "missing column(s) `score`; the header has: site, scroe; the profile's `columns:` can say which header holds it, or give a value"
        );
    }

    #[test]
    fn json_array_lines_and_yaml() {
        let json = run("a.json", br#"[{"site": "n", "score": 5}, {"site": "s", "score": "x"}]"#).unwrap();
        assert_eq!((json.rows.len(), json.bad.len()), (1, 1));
        let lines = run("a.jsonl", b"{\"site\": \"n\", \"score\": 5}\n\n{bad\n").unwrap();
        assert_eq!((lines.rows.len(), lines.bad[0].row), (1, 3));
        let yaml = run("a.yaml", b"- {site: n, score: 5, note: hi}\n- {score: 4}\n").unwrap();
        assert_eq!((yaml.rows.len(), yaml.bad[0].column.as_deref()), (1, Some("site")));
    }

    #[test]
    fn large_csv_is_cut_at_row_ends() {
        let mut text = b"site,score,note\n".to_vec();
        for i in 0..400_000 {
            text.extend_from_slice(format!("s{},{},\"a, \"\"quoted\"\"\nnote\"\n", i % 7, i % 5).as_bytes());
        }
        let got = run("big.csv", &text).unwrap();
        assert_eq!(got.rows.len(), 400_000);
        assert!(got.bad.is_empty(), "{:?}", &got.bad[..1]);
    }
}
