//! Dates and durations as evidence writes them.
//!
//! Dates are calendar dates (`2026-03-31`); a timestamp is accepted and its
//! date kept, because freshness is judged in days. Durations take jiff's
//! friendly form (`365d`, `1y`, `6 months`) or ISO 8601 (`P1Y`), so pack
//! authors write what they would say.

use jiff::Span;
use jiff::civil::Date;

/// Parses a date, or the date part of an RFC 3339 / ISO 8601 timestamp.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(d) = text.parse::<Date>() {
        return Some(d);
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    text.parse::<jiff::civil::DateTime>().ok().map(|dt| dt.date())
}

/// Parses a date written as ISO or in one of an organisation's declared
/// formats (strftime, tried in order: the first that reads it wins, so a
/// day/month order is never guessed).
pub fn parse_date_as(text: &str, formats: &[String]) -> Option<Date> {
    let text = text.trim();
    parse_date(text).or_else(|| {
        formats
            .iter()
            .find_map(|f| jiff::fmt::strtime::parse(f, text).ok()?.to_date().ok())
    })
}

/// Parses a duration such as `365d`, `1y`, `18 months` or `P90D`.
pub fn parse_duration(text: &str) -> Option<Span> {
    let span = text.trim().parse::<Span>().ok()?;
    // Only whole calendar units make sense for evidence ages.
    let sub_day = span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0
        || span.get_microseconds() != 0
        || span.get_nanoseconds() != 0;
    (!span.is_negative() && !sub_day).then_some(span)
}

/// `date + span`, saturating at the end of the calendar.
pub fn add(date: Date, span: Span) -> Date {
    date.checked_add(span).unwrap_or(Date::MAX)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).get_days() as i64
}

/// Today's date in UTC, or the date of `SOURCE_DATE_EPOCH` when it is set,
/// so reproducible builds and tests get a fixed "today".
pub fn today() -> Date {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        && let Ok(ts) = jiff::Timestamp::from_second(secs)
    {
        return ts.to_zoned(jiff::tz::TimeZone::UTC).date();
    }
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// Day number of a civil date (Howard Hinnant's algorithm), checking the
/// day exists.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i32> {
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146097 + doe - 719468).ok()
}

/// (year, month, day) of a day number.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = i64::from(z) + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((if m <= 2 { y + 1 } else { y }) as i32, m as u32, d as u32)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar bucket that metric values are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Bucket {
    pub fn parse(s: &str) -> Option<Bucket> {
        [Bucket::Day, Bucket::Week, Bucket::Month, Bucket::Quarter, Bucket::Year]
            .into_iter()
            .find(|b| b.name() == s)
    }
    /// The bucket as packs write it (`month(ts)`) and findings say it.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Quarter => "quarter",
            Bucket::Year => "year",
        }
    }
    /// The bucket of a day number; consecutive buckets differ by one.
    pub fn of_day(self, day: i32) -> i64 {
        let (y, m, _) = civil_from_days(day);
        let (y, m) = (i64::from(y), i64::from(m));
        match self {
            Bucket::Day => i64::from(day),
            // Weeks start on Monday; 1970-01-01 was a Thursday.
            Bucket::Week => (i64::from(day) + 3).div_euclid(7),
            Bucket::Month => y * 12 + m - 1,
            Bucket::Quarter => y * 4 + (m - 1) / 3,
            Bucket::Year => y,
        }
    }
    pub fn label(self, b: i64) -> String {
        match self {
            Bucket::Day => {
                let (y, m, d) = civil_from_days(b as i32);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Bucket::Week => {
                let monday = (b * 7 - 3) as i32;
                let (y, m, d) = civil_from_days(monday);
                format!("week of {y:04}-{m:02}-{d:02}")
            }
            Bucket::Month => format!("{:04}-{:02}", b.div_euclid(12), b.rem_euclid(12) + 1),
            Bucket::Quarter => format!("{:04}-Q{}", b.div_euclid(4), b.rem_euclid(4) + 1),
            Bucket::Year => format!("{b:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(parse_date("2026-03-31"), Some(jiff::civil::date(2026, 3, 31)));
        assert_eq!(parse_date("2026-03-31T23:10:00Z"), Some(jiff::civil::date(2026, 3, 31)));
        assert_eq!(parse_date("2026-03-31T10:00:00"), Some(jiff::civil::date(2026, 3, 31)));
        assert_eq!(parse_date("YYYY-MM-DD"), None);
        assert_eq!(parse_date("2026-02-30"), None);
    }

    #[test]
    fn durations() {
        let d = jiff::civil::date(2025, 11, 1);
        assert_eq!(add(d, parse_duration("365d").unwrap()), jiff::civil::date(2026, 11, 1));
        assert_eq!(add(d, parse_duration("1y").unwrap()), jiff::civil::date(2026, 11, 1));
        assert_eq!(add(d, parse_duration("P6M").unwrap()), jiff::civil::date(2026, 5, 1));
        assert!(parse_duration("soon").is_none());
        assert!(parse_duration("3h").is_none());
        assert_eq!(days_between(d, jiff::civil::date(2025, 11, 11)), 10);
    }
}
