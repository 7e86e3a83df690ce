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
