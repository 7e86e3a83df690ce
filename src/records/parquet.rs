//! Parquet, the format warehouses export in. A file is read row group by
//! row group; each needed column's value is written as the text an evidence
//! file would hold and typed like any other record file's, so a Parquet
//! export and the CSV it replaces give the same rows.

use std::fs::File;

use parquet::record::Field;

use super::{BadRow, FileProblem, Hasher, Needed, Sink, absent, positions, type_row};

/// A Parquet value, as far as records and partials need one.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// Day number.
    Date(i32),
    /// Seconds since 1970 of the stored wall-clock (or UTC) time.
    Timestamp(i64),
}

impl Value {
    /// The value as an evidence file would write it.
    pub fn text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Text(t) => t.clone(),
            Value::Date(d) => crate::time::Bucket::Day.label(i64::from(*d)),
            Value::Timestamp(s) => {
                let (day, secs) = (s.div_euclid(86_400), s.rem_euclid(86_400));
                let (y, m, d) = crate::time::civil_from_days(day as i32);
                format!(
                    "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
                    secs / 3600,
                    secs % 3600 / 60,
                    secs % 60
                )
            }
        }
    }
}

fn value(f: &Field) -> Result<Value, String> {
    Ok(match f {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Byte(i) => Value::Int(i64::from(*i)),
        Field::Short(i) => Value::Int(i64::from(*i)),
        Field::Int(i) => Value::Int(i64::from(*i)),
        Field::Long(i) => Value::Int(*i),
        Field::UByte(i) => Value::Int(i64::from(*i)),
        Field::UShort(i) => Value::Int(i64::from(*i)),
        Field::UInt(i) => Value::Int(i64::from(*i)),
        Field::ULong(i) => Value::Int(i64::try_from(*i).map_err(|_| format!("{i} is too large"))?),
        Field::Float16(x) => Value::Float(f64::from(*x)),
        Field::Float(x) => Value::Float(f64::from(*x)),
        Field::Double(x) => Value::Float(*x),
        Field::Decimal(d) => {
            // Big-endian two's complement, scaled by 10^scale.
            let bytes = d.data();
            if bytes.len() > 16 {
                return Err("a decimal wider than 128 bits".into());
            }
            let mut unscaled: i128 = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
                -1
            } else {
                0
            };
            for b in bytes {
                unscaled = (unscaled << 8) | i128::from(*b);
            }
            let scale = d.scale();
            if scale == 0 && i64::try_from(unscaled).is_ok() {
                Value::Int(unscaled as i64)
            } else {
                Value::Text(decimal_text(unscaled, scale))
            }
        }
        Field::Str(s) => Value::Text(s.clone()),
        Field::Bytes(b) => Value::Text(String::from_utf8_lossy(b.data()).into_owned()),
        Field::Date(d) => Value::Date(*d),
        Field::TimestampMillis(ms) => Value::Timestamp(ms.div_euclid(1000)),
        Field::TimestampMicros(us) => Value::Timestamp(us.div_euclid(1_000_000)),
        other => {
            return Err(format!(
                "a nested or time-of-day value ({other}), which records do not hold"
            ));
        }
    })
}

/// An exact decimal's text, so a sum keeps every digit until it is parsed.
fn decimal_text(unscaled: i128, scale: i32) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale <= 0 {
        return format!("{sign}{digits}{}", "0".repeat(scale.unsigned_abs() as usize));
    }
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// What takes each row: its number from 1 and its (column, value) pairs.
pub type RowFn<'a> = dyn FnMut(u64, &[(String, Value)]) -> Result<(), String> + 'a;

/// Why a row cannot be decoded, and what to do when it is a codec this
/// build leaves out (the lean build reads Snappy and gzip, what warehouses
/// write by default).
fn decode_problem(at: u64, e: &parquet::errors::ParquetError) -> String {
    let text = e.to_string();
    match text.split_once("Disabled feature at compile time: ") {
        Some((_, codec)) => format!(
            "is compressed with {}, which evident does not read; export it with Snappy or gzip compression (DuckDB: COMPRESSION SNAPPY; Spark: compression snappy)",
            codec.trim().to_uppercase()
        ),
        None => format!("row {at}: cannot be decoded: {text}"),
    }
}

/// Feeds every row of a Parquet file to `f` as (column, value) pairs, with
/// its row number from 1.
pub fn rows(file: File, f: &mut RowFn<'_>) -> Result<(), FileProblem> {
    // The decoder is another crate's, fed whatever the file holds: a panic
    // in it is this file's problem, not the end of the run.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode(file, f))).unwrap_or_else(|_| {
        Err(FileProblem(
            "not a readable Parquet file: its decoder failed on it".into(),
        ))
    })
}

fn decode(file: File, f: &mut RowFn<'_>) -> Result<(), FileProblem> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader =
        SerializedFileReader::new(file).map_err(|e| FileProblem(format!("not a readable Parquet file: {e}")))?;
    let iter = reader
        .get_row_iter(None)
        .map_err(|e| FileProblem(format!("not a readable Parquet file: {e}")))?;
    let mut fields = Vec::new();
    for (i, row) in iter.enumerate() {
        let at = i as u64 + 1;
        let row = row.map_err(|e| FileProblem(decode_problem(at, &e)))?;
        fields.clear();
        for (name, field) in row.get_column_iter() {
            let v = value(field).map_err(|e| FileProblem(format!("row {at}: column `{name}` holds {e}")))?;
            fields.push((name.clone(), v));
        }
        f(at, &fields).map_err(FileProblem)?;
    }
    Ok(())
}

/// Reads a Parquet record file into one sink. The file is hashed whole
/// first: Parquet is read from its footer, not front to back.
pub fn scan<S: Sink>(
    mut file: File,
    needed: &[Needed],
    make: &(dyn Fn() -> S + Sync),
    hash: &mut Hasher,
) -> Result<Vec<S>, FileProblem> {
    use std::io::{Read as _, Seek as _};
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| FileProblem(format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
    }
    file.rewind().map_err(|e| FileProblem(format!("cannot read: {e}")))?;
    let mut sink = make();
    let mut pos: Option<Vec<Option<usize>>> = None;
    let mut texts: Vec<Option<String>> = Vec::new();
    rows(file, &mut |at, fields| {
        // Columns are matched by name once, as CSV headers are.
        if pos.is_none() {
            let names: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
            let found = positions(&names, needed).map_err(|e| e.0)?;
            let missing = absent(needed, &found);
            if !missing.is_empty() {
                sink.absent(&missing);
            }
            pos = Some(found);
        }
        let pos = pos.as_deref().unwrap_or_default();
        texts.clear();
        texts.extend(fields.iter().enumerate().map(|(i, (_, v))| match v {
            Value::Null => None,
            v if pos.contains(&Some(i)) => Some(v.text()),
            _ => None,
        }));
        let mut cells = Vec::with_capacity(needed.len());
        match type_row(|i| texts[i].as_deref().map(str::as_bytes), pos, needed, &mut cells) {
            Ok(()) => sink.row(at, &cells),
            Err((column, message)) => sink.bad(BadRow {
                row: at,
                column: Some(column),
                message,
                sheet: None,
            }),
        }
        Ok(())
    })?;
    Ok(vec![sink])
}
