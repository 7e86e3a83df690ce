//! Typed cells: a record's text turned into the type its kind declares.
//!
//! - `int`, `float`: decimal numbers (`1 234` is not one);
//! - `bool`: `true/false`, `yes/no`, `y/n`, `1/0`, any case;
//! - `string`: as written;
//! - `date`: `YYYY-MM-DD`, as a day number (days since 1970-01-01);
//! - `datetime`: `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with an optional `Z` or
//!   `±HH:MM` offset. Expressions see UTC seconds since 1970 (so differences
//!   are true durations); time buckets
//!   use the date and time as written;
//! - `duration`: seconds, `HH:MM:SS`, or a jiff duration (`90s`, `PT2M`), as
//!   seconds.
//!
//! An empty cell is null: allowed in optional columns, a bad cell in
//! required ones.

use crate::pack::ColumnType;
pub use crate::time::{civil_from_days, days_from_civil};

/// A typed value borrowed from the row it was parsed from.
///
/// `repr(C)` puts every payload at an aligned offset after the tag: with
/// the default layout a `bool` or `i32` payload sits in the tag's word, and
/// moving a cell took two overlapping 4-byte copies whose reads stalled
/// (the store could not be forwarded): a quarter of a large file's parsing.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'a [u8]),
    /// Day number.
    Date(i32),
    DateTime {
        utc: i64,
        local: i64,
    },
    /// Seconds.
    Duration(i64),
}

/// Parses `text` as `ty`; `None` when it is not one.
///
/// Inlined into the row loop: returned through memory, a cell whose
/// payload is narrower than a word (a `bool`, a date) was written in
/// narrow stores and read back whole, and every such read stalled.
#[inline(always)]
pub fn parse(text: &[u8], ty: ColumnType) -> Option<Cell<'_>> {
    let padded = |b: Option<&u8>| b.is_some_and(u8::is_ascii_whitespace);
    let t = if padded(text.first()) || padded(text.last()) {
        trim(text)
    } else {
        text
    };
    if t.is_empty() {
        return Some(Cell::Null);
    }
    match ty {
        ColumnType::String => Some(Cell::Str(text)),
        ColumnType::Int => parse_int(t).map(Cell::Int),
        ColumnType::Float => std::str::from_utf8(t)
            .ok()?
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Cell::Float),
        ColumnType::Bool => parse_bool(t).map(Cell::Bool),
        ColumnType::Date => parse_date(t).map(Cell::Date),
        ColumnType::Datetime => parse_datetime(t).map(|(utc, local)| Cell::DateTime { utc, local }),
        ColumnType::Duration => parse_duration(t).map(Cell::Duration),
    }
}

/// A typed cell that borrows nothing from its text (every type but
/// `string`), kept past the text.
pub fn detach(c: Cell<'_>) -> Option<Cell<'static>> {
    Some(match c {
        Cell::Str(_) => return None,
        Cell::Null => Cell::Null,
        Cell::Int(i) => Cell::Int(i),
        Cell::Float(f) => Cell::Float(f),
        Cell::Bool(b) => Cell::Bool(b),
        Cell::Date(d) => Cell::Date(d),
        Cell::DateTime { utc, local } => Cell::DateTime { utc, local },
        Cell::Duration(s) => Cell::Duration(s),
    })
}

pub fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

fn parse_int(t: &[u8]) -> Option<i64> {
    let (neg, digits) = match t.first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(d - b'0');
    }
    Some(if neg { -v } else { v })
}

fn parse_bool(t: &[u8]) -> Option<bool> {
    // Lowered on the stack: this runs once per cell of a boolean column.
    if t.len() > 5 {
        return None;
    }
    let mut lower = [0u8; 5];
    for (l, c) in lower.iter_mut().zip(t) {
        *l = c.to_ascii_lowercase();
    }
    match &lower[..t.len()] {
        b"true" | b"yes" | b"y" | b"1" => Some(true),
        b"false" | b"no" | b"n" | b"0" => Some(false),
        _ => None,
    }
}

fn digits(t: &[u8]) -> Option<i64> {
    if t.is_empty() || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(t.iter().fold(0, |v, d| v * 10 + i64::from(d - b'0')))
}

/// Two ASCII digits as a number. Dates and times are read with these
/// fixed-width steps: every row has a few, and a loop over each field's
/// digits cost several times more.
#[inline(always)]
fn two(a: u8, b: u8) -> Option<i64> {
    let (x, y) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (x < 10 && y < 10).then(|| i64::from(x) * 10 + i64::from(y))
}

pub fn parse_date(t: &[u8]) -> Option<i32> {
    let t: &[u8; 10] = t.try_into().ok()?;
    if t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        two(t[0], t[1])? * 100 + two(t[2], t[3])?,
        two(t[5], t[6])?,
        two(t[8], t[9])?,
    );
    // Dates are parsed once per row and column: a table of month starts
    // spares the calendar arithmetic for the years records live in.
    let i = (y - TABLE_FROM) * 12 + m - 1;
    if (1..=12).contains(&m) && (0..TABLE_MONTHS as i64).contains(&i) {
        let (start, next) = (MONTH_START[i as usize], MONTH_START[i as usize + 1]);
        return (d >= 1 && d <= i64::from(next - start)).then(|| start + d as i32 - 1);
    }
    days_from_civil(y, m, d)
}

/// The first year of the month-start table, and its length in months.
const TABLE_FROM: i64 = 1900;
const TABLE_MONTHS: usize = 300 * 12;

/// Day numbers of the first of each month from 1900-01 to 2200-01.
static MONTH_START: [i32; TABLE_MONTHS + 1] = month_starts();

const fn month_starts() -> [i32; TABLE_MONTHS + 1] {
    // 1900-01-01 is day -25567.
    let mut out = [0i32; TABLE_MONTHS + 1];
    let mut day = -25_567i32;
    let mut i = 0;
    while i <= TABLE_MONTHS {
        out[i] = day;
        let y = TABLE_FROM + (i / 12) as i64;
        let m = (i % 12) as i64 + 1;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        day += match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        i += 1;
    }
    out
}

/// (UTC seconds, local seconds as written). Inlined, as [`parse`] is: its
/// two-word result came back through memory and stalled the read after it.
#[inline(always)]
pub fn parse_datetime(t: &[u8]) -> Option<(i64, i64)> {
    if t.len() < 16 || !(t[10] == b'T' || t[10] == b' ') || t[13] != b':' {
        return None;
    }
    let day = i64::from(parse_date(&t[..10])?);
    let (h, mi) = (two(t[11], t[12])?, two(t[14], t[15])?);
    let mut rest = &t[16..];
    let mut s = 0;
    if let [b':', s1, s2, ..] = rest {
        s = two(*s1, *s2)?;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let frac = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if frac == 0 {
                return None;
            }
            rest = &rest[1 + frac..];
        }
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let local = day * 86_400 + h * 3600 + mi * 60 + s;
    let offset = match rest {
        [] | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] | [sign @ (b'+' | b'-'), oh1, oh2, om1, om2] => {
            let v = two(*oh1, *oh2)? * 3600 + two(*om1, *om2)? * 60;
            if *sign == b'-' { -v } else { v }
        }
        _ => return None,
    };
    Some((local - offset, local))
}

pub fn parse_duration(t: &[u8]) -> Option<i64> {
    if let Some(v) = parse_int(t) {
        return Some(v);
    }
    let parts: Vec<&[u8]> = t.split(|&c| c == b':').collect();
    if parts.len() == 3 {
        let (h, m, s) = (digits(parts[0])?, digits(parts[1])?, digits(parts[2])?);
        return (m < 60 && s < 60).then_some(h * 3600 + m * 60 + s);
    }
    let span: jiff::Span = std::str::from_utf8(t).ok()?.parse().ok()?;
    let total = span.total(jiff::Unit::Second).ok()?;
    Some(total.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_table_agrees_with_the_calendar() {
        for y in [1900, 1969, 1970, 2000, 2024, 2026, 2100, 2199] {
            for m in 1..=12 {
                for d in [1, 28, 29, 30, 31] {
                    let text = format!("{y:04}-{m:02}-{d:02}");
                    assert_eq!(parse_date(text.as_bytes()), days_from_civil(y, m, d), "{text}");
                }
            }
        }
        assert_eq!(parse_date(b"1970-01-01"), Some(0));
        assert_eq!(parse_date(b"2026-02-29"), None);
        assert_eq!(parse_date(b"2024-02-29"), days_from_civil(2024, 2, 29));
        assert_eq!(parse_date(b"1899-12-31"), Some(-25_568));
        assert_eq!(parse_date(b"2026-13-01"), None);
    }
    use ColumnType as T;

    #[test]
    fn types_parse_as_declared() {
        assert_eq!(parse(b" 42 ", T::Int), Some(Cell::Int(42)));
        assert_eq!(parse(b"4.5", T::Int), None);
        assert_eq!(parse(b"4.5", T::Float), Some(Cell::Float(4.5)));
        for (t, v) in [(&b"Y"[..], true), (b"no", false), (b"TRUE", true), (b"0", false)] {
            assert_eq!(parse(t, T::Bool), Some(Cell::Bool(v)));
        }
        assert_eq!(parse(b"maybe", T::Bool), None);
        assert_eq!(parse(b"", T::Int), Some(Cell::Null));
        assert_eq!(parse(b"2024-02-29", T::Date), Some(Cell::Date(19782)));
        assert_eq!(parse(b"2023-02-29", T::Date), None);
        assert_eq!(parse(b"00:02:30", T::Duration), Some(Cell::Duration(150)));
        assert_eq!(parse(b"2m 30s", T::Duration), Some(Cell::Duration(150)));
    }

    #[test]
    fn datetimes_keep_local_time_and_utc() {
        let (utc, local) = parse_datetime(b"2023-01-01T00:30:00+02:00").unwrap();
        assert_eq!(local - utc, 7200);
        assert_eq!(parse_datetime(b"2023-01-01 00:30"), Some((1672533000, 1672533000)));
        assert_eq!(
            parse_datetime(b"2023-01-01T00:30:00.123Z"),
            Some((1672533000, 1672533000))
        );
        assert_eq!(parse_datetime(b"2023-01-01T25:30:00"), None);
        assert_eq!(parse_datetime(b"2023-01-01"), None);
    }

    #[test]
    fn a_character_out_of_place_in_a_date_or_time_is_not_one() {
        // Every digit place of a date and a time, with a letter, a space, a
        // sign or a character just below `0` / above `9` in it.
        let good = b"2024-03-09T08:05:07";
        assert!(parse_datetime(good).is_some());
        for place in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] {
            for bad in [b'O', b' ', b'-', b'/', b':'] {
                let mut t = *good;
                t[place] = bad;
                assert_eq!(parse_datetime(&t), None, "{}", String::from_utf8_lossy(&t));
                if place < 10 {
                    assert_eq!(parse_date(&t[..10]), None, "{}", String::from_utf8_lossy(&t[..10]));
                }
            }
        }
        assert_eq!(parse_datetime(b"2024-03-09T08:05:7"), None);
        assert_eq!(parse_datetime(b"2024-03-09T08:05:"), None);
        assert_eq!(parse_date(b"2024-3-09"), None);
        assert_eq!(parse_date(b"2024-03-009"), None);
    }

    #[test]
    fn civil_days_round_trip() {
        for d in [-1000, 0, 19782, 60000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y as i64, m as i64, dd as i64), Some(d));
        }
    }
}
