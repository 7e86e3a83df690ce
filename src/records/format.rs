//! How an export writes a date, datetime or duration when not as
//! [`super::cell`] reads by default: strftime formats (`%d.%m.%Y %H:%M`),
//! tried in order, or Excel serial numbers (`46027.5`, a day fraction for a
//! duration). Only a column the profile gives a `format:` is read this way,
//! so a bare number in a date column is never taken for a serial by guess.
//!
//! ISO dates and datetimes are still read in a column with a strftime
//! format (spreadsheets write their date cells so); the profile refuses a
//! format that would read an ISO text as another date, so the two never
//! disagree.

use super::cell::{self, Cell};
use crate::pack::ColumnType;

/// A column's declared format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// strftime formats, the first that reads a cell wins.
    Strftime(Vec<String>),
    /// Excel's 1900 date system: days since 1899-12-30, time as a day
    /// fraction.
    Excel,
}

/// 1899-12-30 as a day number: Excel serial 0 in the 1900 system.
const EXCEL_EPOCH: i64 = -25_569;

/// The first serial past Excel's 1900 leap-year error (it counts a 29
/// February 1900 that never was, so serials before 61 are a day off).
pub const EXCEL_FIRST: f64 = 61.0;

impl Format {
    /// `excel`, or strftime formats.
    pub fn new(formats: Vec<String>) -> Format {
        if formats.len() == 1 && formats[0] == "excel" {
            Format::Excel
        } else {
            Format::Strftime(formats)
        }
    }

    /// Parses trimmed, non-empty `t` as `ty` written this way.
    pub fn parse(&self, t: &[u8], ty: ColumnType) -> Option<Cell<'static>> {
        match self {
            Format::Excel => excel(t, ty),
            Format::Strftime(formats) => {
                let text = std::str::from_utf8(t).ok()?;
                formats.iter().find_map(|f| strftime(f, text, ty)).or_else(|| match ty {
                    ColumnType::Date => cell::parse_date(t).map(Cell::Date),
                    ColumnType::Datetime => cell::parse_datetime(t).map(|(utc, local)| Cell::DateTime { utc, local }),
                    _ => None,
                })
            }
        }
    }

    /// Parses a cell's `text` as `ty` written this way; empty is null.
    pub fn parse_cell(&self, text: &[u8], ty: ColumnType) -> Option<Cell<'static>> {
        let t = cell::trim(text);
        if t.is_empty() {
            return Some(Cell::Null);
        }
        self.parse(t, ty)
    }

    /// How a cell that did not parse should have been written, for the
    /// bad-row message.
    pub fn describe(&self) -> String {
        match self {
            Format::Excel => format!("as an Excel serial (from {EXCEL_FIRST}, 1900-03-01)"),
            Format::Strftime(f) if f.len() == 1 => format!("in the format `{}`", f[0]),
            Format::Strftime(f) => format!(
                "in the formats {}",
                f.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

fn strftime(format: &str, text: &str, ty: ColumnType) -> Option<Cell<'static>> {
    let tm = jiff::fmt::strtime::parse(format, text).ok()?;
    match ty {
        ColumnType::Date => {
            let d = tm.to_date().ok()?;
            day(d).map(Cell::Date)
        }
        ColumnType::Datetime => {
            let dt = tm.to_datetime().ok()?;
            let local = i64::from(day(dt.date())?) * 86_400
                + i64::from(dt.hour()) * 3600
                + i64::from(dt.minute()) * 60
                + i64::from(dt.second());
            let offset = tm.offset().map_or(0, |o| i64::from(o.seconds()));
            Some(Cell::DateTime {
                utc: local - offset,
                local,
            })
        }
        _ => None,
    }
}

fn day(d: jiff::civil::Date) -> Option<i32> {
    cell::days_from_civil(i64::from(d.year()), i64::from(d.month()), i64::from(d.day()))
}

/// A serial number (or a day fraction for a duration), as `ty`.
fn excel(t: &[u8], ty: ColumnType) -> Option<Cell<'static>> {
    let v: f64 = std::str::from_utf8(t).ok()?.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    match ty {
        ColumnType::Duration => Some(Cell::Duration((v * 86_400.0).round() as i64)),
        // Past 9999-12-31, Excel's last date.
        _ if !(EXCEL_FIRST..2_958_466.0).contains(&v) => None,
        ColumnType::Date => Some(Cell::Date(i32::try_from(EXCEL_EPOCH + v.floor() as i64).ok()?)),
        ColumnType::Datetime => {
            let s = (v * 86_400.0).round() as i64 + EXCEL_EPOCH * 86_400;
            Some(Cell::DateTime { utc: s, local: s })
        }
        _ => None,
    }
}

/// The text of a column joined from `parts`: Excel serials add up (a date
/// plus a time of day); other texts are joined with one space. Serials
/// that do not all read as numbers stay joined, and so do not parse.
pub fn join(format: Option<&Format>, parts: &[&[u8]]) -> Vec<u8> {
    if format == Some(&Format::Excel) {
        let numbers: Option<Vec<f64>> = parts
            .iter()
            .map(|p| std::str::from_utf8(cell::trim(p)).ok()?.parse::<f64>().ok())
            .collect();
        if let Some(n) = numbers {
            return n.iter().sum::<f64>().to_string().into_bytes();
        }
    }
    parts.join(&b' ')
}

/// A date as the 1900-system serial Excel would store, with the day
/// fraction of its time: how a spreadsheet's date cell is handed to a
/// column declared `format: excel`, whichever date system the workbook uses.
pub fn serial(y: i64, m: i64, d: i64, seconds: f64) -> Option<f64> {
    let days = i64::from(cell::days_from_civil(y, m, d)?) - EXCEL_EPOCH;
    Some(days as f64 + seconds / 86_400.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType as T;

    #[test]
    fn excel_serials_and_day_fractions() {
        let f = Format::Excel;
        assert_eq!(f.parse(b"46027", T::Date), cell::parse(b"2026-01-05", T::Date));
        let noon = cell::parse_datetime(b"2026-01-05T12:00:00").unwrap();
        assert_eq!(
            f.parse(b"46027.5", T::Datetime),
            Some(Cell::DateTime {
                utc: noon.0,
                local: noon.1
            })
        );
        // A date column takes the day of a serial with a time.
        assert_eq!(f.parse(b"46027.5", T::Date), Some(Cell::Date(20458)));
        assert_eq!(f.parse(b"0.0625", T::Duration), Some(Cell::Duration(5400)));
        assert_eq!(f.parse(b"1.5", T::Duration), Some(Cell::Duration(129_600)));
        // 1900-03-01 is the first serial read; before it Excel counts a
        // 29 February 1900 that never was.
        assert_eq!(f.parse(b"61", T::Date), cell::parse(b"1900-03-01", T::Date));
        for bad in [&b"60"[..], b"-1", b"x", b"2026-01-05x", b"NaN", b"inf", b"3000000"] {
            assert_eq!(f.parse(bad, T::Date), None, "{}", String::from_utf8_lossy(bad));
        }
        // ISO text is not a number.
        assert_eq!(f.parse(b"2026-01-05", T::Date), None);
        assert_eq!(serial(2026, 1, 5, 43_200.0), Some(46027.5));
    }

    #[test]
    fn strftime_formats_in_order_then_iso() {
        let f = Format::new(vec!["%d.%m.%Y %H:%M".into(), "%d/%m/%Y %H:%M:%S".into()]);
        let want = cell::parse_datetime(b"2026-02-20 14:05").unwrap();
        let at = |text: &[u8]| f.parse(text, T::Datetime);
        assert_eq!(
            at(b"20.02.2026 14:05"),
            Some(Cell::DateTime {
                utc: want.0,
                local: want.1
            })
        );
        assert_eq!(
            at(b"20/02/2026 14:05:00"),
            Some(Cell::DateTime {
                utc: want.0,
                local: want.1
            })
        );
        assert_eq!(
            at(b"2026-02-20 14:05"),
            Some(Cell::DateTime {
                utc: want.0,
                local: want.1
            })
        );
        assert_eq!(at(b"20.02.2026"), None, "no time");
        assert_eq!(at(b"30.02.2026 14:05"), None, "no such day");
        assert_eq!(at(b"20.02.2026 14:05 extra"), None);
        let tz = Format::new(vec!["%d.%m.%Y %H:%M %z".into()]);
        assert_eq!(
            tz.parse(b"20.02.2026 14:05 +0100", T::Datetime),
            Some(Cell::DateTime {
                utc: want.0 - 3600,
                local: want.1
            })
        );
        let d = Format::new(vec!["%d.%m.%Y".into()]);
        assert_eq!(d.parse(b"20.02.2026", T::Date), cell::parse(b"2026-02-20", T::Date));
        assert_eq!(d.parse(b"02.20.2026", T::Date), None, "month 20");
        assert_eq!(f.describe(), "in the formats `%d.%m.%Y %H:%M`, `%d/%m/%Y %H:%M:%S`");
    }
}
