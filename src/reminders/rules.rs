//! The pure date rules of reminders: recurrences with explicit month ends, local wall-clock times
//! across DST changes, "stay in touch", snoozing, and when many reminders make one summary.

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Repeat, RepeatUnit};
use crate::error::FieldError;

fn field_error(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        message,
    }
}

/// `date` plus `months` calendar months; a day the target month lacks becomes its last day
/// (31 January + 1 month = 28 or 29 February).
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    if let Some(d) = date.checked_add_months(Months::new(months)) {
        return d;
    }
    date
}

/// The `n`th occurrence (0 = `anchor`) of a series. Always counted from the anchor, never from the
/// previous occurrence, so "every month" from 31 January gives 28/29 February, then 31 March.
pub fn occurrence(anchor: NaiveDate, repeat: Repeat, n: u32) -> NaiveDate {
    let steps = u64::from(n) * u64::from(repeat.every.max(1));
    let date = match repeat.unit {
        RepeatUnit::Day => anchor.checked_add_days(Days::new(steps)),
        RepeatUnit::Week => anchor.checked_add_days(Days::new(steps * 7)),
        RepeatUnit::Month => u32::try_from(steps)
            .ok()
            .map(|m| add_months_clamped(anchor, m)),
    };
    date.unwrap_or(NaiveDate::MAX)
}

/// The number of the first occurrence after `current` whose date is later than `after`.
pub fn next_occurrence_after(
    anchor: NaiveDate,
    repeat: Repeat,
    current: u32,
    after: NaiveDate,
) -> u32 {
    let mut n = current.saturating_add(1);
    // Jump close to `after` first, so a daily series years behind does not loop for long.
    let per_step_days = match repeat.unit {
        RepeatUnit::Day => i64::from(repeat.every.max(1)),
        RepeatUnit::Week => 7 * i64::from(repeat.every.max(1)),
        RepeatUnit::Month => 31 * i64::from(repeat.every.max(1)),
    };
    let behind = (after - anchor).num_days();
    if behind > 0 {
        let jump = u32::try_from(behind / per_step_days).unwrap_or(u32::MAX);
        n = n.max(jump.saturating_sub(1));
    }
    while occurrence(anchor, repeat, n) <= after && n < u32::MAX {
        n += 1;
    }
    n
}

/// Every occurrence of a series from occurrence `from_n` whose date is `<= to`, at most `limit`.
pub fn occurrences_until(
    anchor: NaiveDate,
    repeat: Repeat,
    from_n: u32,
    to: NaiveDate,
    limit: usize,
) -> Vec<(u32, NaiveDate)> {
    let mut out = Vec::new();
    let mut n = from_n;
    while out.len() < limit {
        let date = occurrence(anchor, repeat, n);
        if date > to {
            break;
        }
        out.push((n, date));
        n = match n.checked_add(1) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// The instant a local wall-clock time happens in `tz`. A time the clocks skip (02:30 on the night
/// they go forward) moves forward to the first time that exists (03:00); a time that happens twice
/// (02:30 on the night they go back) is the earlier of the two.
pub fn local_instant<Tz: TimeZone>(tz: &Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let mut local: NaiveDateTime = date.and_time(time);
    // No zone skips more than a day; step a minute at a time to the first minute that exists.
    for _ in 0..=(24 * 60) {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => return earlier.with_timezone(&Utc),
            LocalResult::None => local += chrono::Duration::minutes(1),
        }
    }
    date.and_time(time).and_utc()
}

/// Parses `HH:MM` (24-hour).
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime, FieldError> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .ok()
        .filter(|_| text.len() == 5)
        .ok_or_else(|| {
            field_error(
                field,
                format!("'{text}' is not a time: use HH:MM (24-hour)"),
            )
        })
}

/// `HH:MM` of a time.
pub fn format_time(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (a local date and an optional local time).
pub fn parse_due(field: &str, text: &str) -> Result<(NaiveDate, Option<NaiveTime>), FieldError> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let date = crate::datetime::parse_date(field, date).map_err(|_| {
        field_error(
            field,
            format!("'{text}' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        )
    })?;
    let time = time.map(|t| parse_time(field, t)).transpose()?;
    Ok((date, time))
}

/// Splits `30d`, `2w`, `1m`, `3 months`, `1 week` into a count and a unit.
fn count_and_unit(field: &str, text: &str) -> Result<(u32, RepeatUnit), FieldError> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || {
        field_error(
            field,
            format!("'{text}' is not a period: use e.g. 30d, 2w or 1m (days, weeks, months)"),
        )
    };
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let unit = t[digits.len()..].trim();
    let count: u32 = digits.parse().map_err(|_| bad())?;
    let unit = match unit {
        "d" | "day" | "days" => RepeatUnit::Day,
        "w" | "wk" | "week" | "weeks" => RepeatUnit::Week,
        "m" | "mo" | "month" | "months" => RepeatUnit::Month,
        _ => return Err(bad()),
    };
    if count == 0 || count > 3660 {
        return Err(field_error(
            field,
            format!("'{text}': the period must be at least 1 and at most 3660"),
        ));
    }
    Ok((count, unit))
}

/// Parses a repeat such as `2w`, `30d`, `1m`.
pub fn parse_every(field: &str, text: &str) -> Result<Repeat, FieldError> {
    let (every, unit) = count_and_unit(field, text)?;
    Ok(Repeat { every, unit })
}

/// Parses a number of days: `30`, `30d`, `2w` (14), but not months, whose length varies.
pub fn parse_days(field: &str, text: &str) -> Result<u32, FieldError> {
    if let Ok(n) = text.trim().parse::<u32>() {
        if n >= 1 {
            return Ok(n);
        }
    }
    match count_and_unit(field, text)? {
        (n, RepeatUnit::Day) => Ok(n),
        (n, RepeatUnit::Week) => Ok(n * 7),
        (_, RepeatUnit::Month) => Err(field_error(
            field,
            format!("'{text}': give days or weeks (e.g. 30d), months vary in length"),
        )),
    }
}

/// The snooze date for `until`: a date (`2026-12-01`), or a period from today (`1d`, `1 week`, `2w`).
pub fn parse_snooze(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let trimmed = text.trim();
    let date = match crate::datetime::parse_date(field, trimmed) {
        Ok(d) => d,
        Err(_) => {
            let (n, unit) = count_and_unit(field, trimmed).map_err(|_| {
                field_error(
                    field,
                    format!("'{trimmed}' is not a date (YYYY-MM-DD) or a period such as 1d or 1w"),
                )
            })?;
            occurrence(today, Repeat { every: n, unit }, 1)
        }
    };
    if date <= today {
        return Err(field_error(
            field,
            format!("a snooze moves a reminder later: {date} is not after today ({today})"),
        ));
    }
    Ok(date)
}

/// When a "stay in touch" follow-up is due: `days` after the last interaction, but never before
/// the date it was set for.
pub fn stay_in_touch_date(
    due: NaiveDate,
    last_interaction: Option<NaiveDate>,
    days: u32,
) -> NaiveDate {
    match last_interaction.and_then(|l| l.checked_add_days(Days::new(days.into()))) {
        Some(restart) if restart > due => restart,
        _ => due,
    }
}

/// The date a reminder is shown on: its date, or a later snooze.
pub fn shown_date(date: NaiveDate, snoozed_until: Option<NaiveDate>) -> NaiveDate {
    match snoozed_until {
        Some(s) if s > date => s,
        _ => date,
    }
}

/// The yearly date of a month/day in `year`; 29 February falls on 28 February in common years.
pub fn yearly_in(month: u32, day: u32, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).or_else(|| {
        (month == 2 && day == 29)
            .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .flatten()
    })
}

/// Every date in `from..=to` on which a yearly month/day falls.
pub fn yearly_between(month: u32, day: u32, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    (from.year()..=to.year())
        .filter_map(|y| yearly_in(month, day, y))
        .filter(|d| *d >= from && *d <= to)
        .collect()
}

/// Month/day ranges `(month, first day, last day)` covering every date of `from..=to`, with
/// 29 February included when 28 February of a common year is in range.
pub fn month_day_ranges(from: NaiveDate, to: NaiveDate) -> Vec<(u32, u32, u32)> {
    let mut ranges: Vec<(u32, u32, u32)> = Vec::new();
    if (to - from).num_days() >= 365 {
        return (1..=12).map(|m| (m, 1, 31)).collect();
    }
    let mut d = from;
    while d <= to {
        let month_end = add_months_clamped(
            NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d),
            1,
        )
        .pred_opt()
        .unwrap_or(d);
        let end = month_end.min(to);
        let mut last = end.day();
        if d.month() == 2 && last == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none() {
            last = 29;
        }
        match ranges.iter_mut().find(|r| r.0 == d.month()) {
            // The same month again (a window over a year end): widen.
            Some(r) => {
                r.1 = r.1.min(d.day());
                r.2 = r.2.max(last);
            }
            None => ranges.push((d.month(), d.day(), last)),
        }
        d = match end.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    ranges
}

/// How the shell should deliver pending reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NotifyStyle {
    /// Nothing to deliver.
    Nothing,
    /// One notification per reminder.
    Individual,
    /// One summary notification ("7 reminders while Rapport was closed").
    Summary,
}

/// More pending reminders than this are delivered as one summary.
pub const SUMMARY_ABOVE: usize = 3;

/// One notification each for a few reminders; one summary when there are more than a few.
pub fn notify_style(pending: usize) -> NotifyStyle {
    match pending {
        0 => NotifyStyle::Nothing,
        n if n <= SUMMARY_ABOVE => NotifyStyle::Individual,
        _ => NotifyStyle::Summary,
    }
}

/// An RFC 5545 duration for a number of minutes (`PT9H`, `-PT15H`, `-P6DT15H`, `PT0S`).
pub fn ics_duration(minutes: i64) -> String {
    if minutes == 0 {
        return "PT0S".into();
    }
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    let (days, hours, mins) = (m / 1440, (m % 1440) / 60, m % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if hours > 0 || mins > 0 {
        out.push('T');
        if hours > 0 {
            out.push_str(&format!("{hours}H"));
        }
        if mins > 0 {
            out.push_str(&format!("{mins}M"));
        }
    }
    out
}
