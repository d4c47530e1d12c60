//! Reading dates and times the way people type them. The time zone is always passed in: the core
//! never asks the system for it.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::error::FieldError;

/// Parses an ISO 8601 date-time: with a zone (`2026-11-24T09:30:00+01:00`, `…Z`) it is taken as
/// given; without one (`2026-11-24T09:30`, `2026-11-24 09:30:15`) it is local time in `tz`; a bare
/// date (`2026-11-24`) means noon that day in `tz`, so it stays on that date in any zone.
pub fn parse_datetime<Tz: TimeZone>(
    field: &str,
    text: &str,
    tz: &Tz,
) -> Result<DateTime<Utc>, FieldError> {
    let text = text.trim();
    let bad = |why: &str| FieldError {
        field: field.to_string(),
        message: format!("'{text}' {why}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10)
            .map(|d| d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)))
    })
    .ok_or_else(|| bad("is not a date and time"))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        // In the hour that repeats when clocks go back, the earlier instant is meant.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(bad("does not exist in this time zone (the clocks skip it)")),
    }
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| FieldError {
            field: field.to_string(),
            message: format!("'{text}' is not a real date in the form YYYY-MM-DD"),
        })
}
