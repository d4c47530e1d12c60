//! Birthdays: month and day, with an optional year. 29 February is a real birthday; in years
//! without it the birthday is kept on 28 February (PRODUCT.md).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Birthday {
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

impl Birthday {
    /// Builds a birthday, refusing dates that do not exist (31 April, 0 January, 29 February 2023).
    pub fn new(month: u32, day: u32, year: Option<i32>) -> Result<Birthday, FieldError> {
        let invalid = |why: String| FieldError {
            field: "birthday".into(),
            message: why,
        };
        if !(1..=12).contains(&month) {
            return Err(invalid(format!("{month} is not a month (1 to 12)")));
        }
        // A year-less birthday is checked against a leap year, so 29 February is allowed.
        let check_year = year.unwrap_or(2000);
        if let Some(y) = year {
            if !(1800..=9999).contains(&y) {
                return Err(invalid(format!("{y} is not a plausible birth year")));
            }
        }
        if NaiveDate::from_ymd_opt(check_year, month, day).is_none() {
            let what = match year {
                Some(y) => format!("{y}-{month:02}-{day:02}"),
                None => format!("--{month:02}-{day:02}"),
            };
            return Err(invalid(format!("{what} is not a real calendar date")));
        }
        Ok(Birthday { month, day, year })
    }

    /// The date this birthday falls on in `year`: 29 February becomes 28 February in a common year.
    pub fn in_year(&self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The next birthday on or after `today`.
    pub fn next_on_or_after(&self, today: NaiveDate) -> NaiveDate {
        let this_year = self.in_year(today.year());
        if this_year >= today {
            this_year
        } else {
            self.in_year(today.year() + 1)
        }
    }

    /// The age reached on `date`'s birthday in that year, when the birth year is known.
    pub fn age_on(&self, date: NaiveDate) -> Option<i32> {
        self.year.map(|y| date.year() - y)
    }
}

impl fmt::Display for Birthday {
    /// `YYYY-MM-DD`, or `--MM-DD` without a year (the vCard / ISO 8601 year-less form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl FromStr for Birthday {
    type Err = FieldError;

    /// Accepts `YYYY-MM-DD` and `--MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || FieldError {
            field: "birthday".into(),
            message: format!("'{s}' is not a date: use YYYY-MM-DD, or --MM-DD without a year"),
        };
        let number = |t: &str| -> Result<u32, FieldError> {
            if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        if let Some(rest) = s.strip_prefix("--") {
            let (m, d) = rest.split_once('-').ok_or_else(bad)?;
            return Birthday::new(number(m)?, number(d)?, None);
        }
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(bad()),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        Birthday::new(number(m)?, number(d)?, Some(year))
    }
}

impl Serialize for Birthday {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Birthday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e: FieldError| serde::de::Error::custom(e.message))
    }
}

/// Month-day keys (`month * 100 + day`) of every birthday that falls within `days` days from
/// `today` (inclusive), with 29 February included when 28 February is in the window of a common year.
pub fn month_day_keys_within(today: NaiveDate, days: u32) -> Vec<u32> {
    let mut keys = Vec::new();
    for offset in 0..=days.min(366) {
        let Some(date) = today.checked_add_days(chrono::Days::new(offset.into())) else {
            break;
        };
        let key = date.month() * 100 + date.day();
        if !keys.contains(&key) {
            keys.push(key);
        }
        let leap = NaiveDate::from_ymd_opt(date.year(), 2, 29).is_some();
        if key == 228 && !leap && !keys.contains(&229) {
            keys.push(229);
        }
    }
    keys
}
