//! Meeting cadences: what people type ("2w", "every 2 weeks", "monthly") and the dates they give.
//! A series is counted from its first date (as follow-ups are), so "monthly" from 31 January
//! meets on 28/29 February and then 31 March.

use chrono::NaiveDate;

use super::Cadence;
use crate::error::FieldError;
use crate::reminders::rules::occurrence;
use crate::reminders::{Repeat, RepeatUnit};

/// Reads a cadence: `weekly` / `1w`, `biweekly` / `2w` / `every 2 weeks` / `fortnightly`,
/// `monthly` / `1m`.
pub fn parse_cadence(field: &str, text: &str) -> Result<Cadence, FieldError> {
    let t = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    let t = t.strip_prefix("every ").unwrap_or(&t).trim();
    match t {
        "weekly" | "1w" | "week" | "1 week" => Ok(Cadence::Weekly),
        "biweekly" | "bi weekly" | "2w" | "2 weeks" | "fortnightly" | "other week" => {
            Ok(Cadence::Biweekly)
        }
        "monthly" | "1m" | "month" | "1 month" => Ok(Cadence::Monthly),
        _ => Err(FieldError {
            field: field.to_string(),
            message: format!(
                "'{}' is not a cadence: use weekly (1w), every 2 weeks (2w) or monthly (1m)",
                text.trim()
            ),
        }),
    }
}

pub(crate) fn repeat(cadence: Cadence) -> Repeat {
    match cadence {
        Cadence::Weekly => Repeat {
            every: 1,
            unit: RepeatUnit::Week,
        },
        Cadence::Biweekly => Repeat {
            every: 2,
            unit: RepeatUnit::Week,
        },
        Cadence::Monthly => Repeat {
            every: 1,
            unit: RepeatUnit::Month,
        },
    }
}

/// The date one cadence after `date`.
pub fn next_after(date: NaiveDate, cadence: Cadence) -> NaiveDate {
    occurrence(date, repeat(cadence), 1)
}

/// The first date of the series starting at `anchor` that is on or after `from`.
pub(crate) fn first_on_or_after(anchor: NaiveDate, cadence: Cadence, from: NaiveDate) -> NaiveDate {
    if anchor >= from {
        return anchor;
    }
    let step_days = match cadence {
        Cadence::Weekly => 7,
        Cadence::Biweekly => 14,
        Cadence::Monthly => 28,
    };
    // Start a little before the answer (months are at least 28 days) and walk forward.
    let mut n = ((from - anchor).num_days() / step_days)
        .saturating_sub(1)
        .max(0) as u32;
    loop {
        let d = occurrence(anchor, repeat(cadence), n);
        if d >= from {
            return d;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn cadences_are_read_the_way_people_type_them() {
        for (text, want) in [
            ("2w", Cadence::Biweekly),
            ("every 2 weeks", Cadence::Biweekly),
            ("Weekly", Cadence::Weekly),
            ("1w", Cadence::Weekly),
            ("monthly", Cadence::Monthly),
            ("1m", Cadence::Monthly),
        ] {
            assert_eq!(parse_cadence("cadence", text), Ok(want), "{text}");
        }
        let err = parse_cadence("cadence", "3w").expect_err("3w");
        assert_eq!(err.field, "cadence");
        assert!(err.message.contains("'3w'"), "{}", err.message);
    }

    #[test]
    fn a_monthly_series_keeps_its_day_after_a_short_month() {
        assert_eq!(next_after(d(2026, 1, 31), Cadence::Monthly), d(2026, 2, 28));
        assert_eq!(
            first_on_or_after(d(2026, 1, 31), Cadence::Monthly, d(2026, 3, 1)),
            d(2026, 3, 31)
        );
        assert_eq!(
            first_on_or_after(d(2026, 11, 2), Cadence::Biweekly, d(2026, 11, 20)),
            d(2026, 11, 30)
        );
        assert_eq!(
            first_on_or_after(d(2026, 11, 30), Cadence::Weekly, d(2026, 11, 20)),
            d(2026, 11, 30)
        );
    }
}
