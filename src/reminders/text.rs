//! The texts `due()` writes for every reminder (keys, titles, reasons, instants), appended to a
//! `String` by hand: at 15,000 reminders a call, `format!` and chrono's formatting showed as a
//! good part of the time. Each writes exactly what the `Display` it replaces writes.

use std::fmt::Write;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "December" for 12.
pub(super) fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// Appends `n` in decimal (as `Display` writes it).
pub(super) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut v = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

fn push_two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn push_four(out: &mut String, n: u32) {
    push_two(out, n / 100);
    push_two(out, n % 100);
}

/// Appends `2026-12-05` (as `NaiveDate`'s `Display`).
pub(super) fn push_iso_date(out: &mut String, date: NaiveDate) {
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            push_four(out, year);
            out.push('-');
            push_two(out, date.month());
            out.push('-');
            push_two(out, date.day());
        }
        _ => {
            let _ = write!(out, "{date}");
        }
    }
}

/// Appends "5 December 2026".
pub(super) fn push_long_date(out: &mut String, date: NaiveDate) {
    push_day_month(out, date.month(), date.day());
    out.push(' ');
    push_int(out, date.year().into());
}

/// Appends "5 December".
pub(super) fn push_day_month(out: &mut String, month: u32, day: u32) {
    push_int(out, day.into());
    out.push(' ');
    out.push_str(month_name(month));
}

/// "5 December 2026".
pub(super) fn long_date(date: NaiveDate) -> String {
    let mut out = String::with_capacity(20);
    push_long_date(&mut out, date);
    out
}

/// `2026-12-05T08:00:00Z`: an instant as the store writes it (`store::timestamp`).
pub(super) fn timestamp(t: DateTime<Utc>) -> String {
    let date = t.date_naive();
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            let mut out = String::with_capacity(20);
            push_iso_date(&mut out, date);
            out.push('T');
            push_two(&mut out, t.hour());
            out.push(':');
            push_two(&mut out, t.minute());
            out.push(':');
            push_two(&mut out, t.second());
            out.push('Z');
            out
        }
        _ => crate::store::timestamp(t),
    }
}

/// `text` with room for `extra` more bytes.
pub(super) fn with_room(text: &str, extra: usize) -> String {
    let mut out = String::with_capacity(text.len() + extra);
    out.push_str(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn writes_what_display_writes() {
        for n in [0i64, 7, 10, 99, 100, 12345, -1, -40, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        for (y, m, d) in [
            (2026, 12, 5),
            (2024, 2, 29),
            (1, 1, 1),
            (999, 10, 31),
            (9999, 12, 31),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let mut s = String::new();
            push_iso_date(&mut s, date);
            assert_eq!(s, date.to_string());
            // As the `format!` it replaces: the year unpadded.
            let formatted = format!("{} {} {}", date.day(), date.format("%B"), date.year());
            assert_eq!(long_date(date), formatted);
        }
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            let mut s = String::new();
            push_iso_date(&mut s, date);
            assert_eq!(s, date.to_string());
        }
        for t in [
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0)
                .single()
                .expect("instant"),
            Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 59)
                .single()
                .expect("instant"),
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
                .single()
                .expect("instant"),
        ] {
            assert_eq!(timestamp(t), crate::store::timestamp(t));
        }
    }
}
