//! The calendar export: an RFC 5545 `.ics` of birthdays (yearly, all day), pending follow-ups and
//! the due dates of issues still being worked on, each with an alarm.
//!
//! UIDs are `{what}-{id}-{calendar id}@rapport`: the same item keeps its UID from one export to the
//! next (so re-importing updates rather than duplicates), and the calendar id, made once per data
//! file, keeps two businesses' files apart. Birthdays follow what Nextcloud's birthday calendar
//! writes (1970 as the first year, 1972 and `BYMONTH=2;BYMONTHDAY=-1` for 29 February, so every
//! calendar app puts it on 28 February in common years). Timed follow-ups use floating local times,
//! so "09:00" stays 09:00 on the wall clock across DST changes, as it does in `due()`.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::followups::{FollowUpRow, FOLLOW_UP_COLUMNS};
use super::rules::{ics_duration, parse_time, shown_date};
use super::{Repeat, RepeatUnit};
use crate::error::Result;
use crate::store::Store;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct CalendarExport {
    pub birthdays: u32,
    pub follow_ups: u32,
    pub issue_due_dates: u32,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline; other
/// control characters, which TEXT may not hold, become spaces.
pub fn escape_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so no physical line exceeds 75 octets (RFC 5545 §3.1), never inside a
/// UTF-8 character, each ending in CRLF; continuation lines start with one space.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
    out
}

struct Ics {
    text: String,
}

impl Ics {
    fn line(&mut self, line: &str) {
        self.text.push_str(&fold_line(line));
    }
    fn prop(&mut self, name: &str, text: &str) {
        self.line(&format!("{name}:{}", escape_text(text)));
    }
}

fn ics_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

/// The RRULE of a follow-up series whose first listed date is `start`. A monthly series on the
/// 29th, 30th or 31st takes the month's last day when the month is shorter, as `due()` does.
fn follow_up_rrule(repeat: Repeat, anchor: NaiveDate) -> String {
    let every = repeat.every.max(1);
    match repeat.unit {
        RepeatUnit::Day => format!("FREQ=DAILY;INTERVAL={every}"),
        RepeatUnit::Week => format!("FREQ=WEEKLY;INTERVAL={every}"),
        RepeatUnit::Month => match anchor.day() {
            29 => format!("FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY=28,29;BYSETPOS=-1"),
            30 => format!("FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY=28,29,30;BYSETPOS=-1"),
            31 => format!("FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY=-1"),
            d => format!("FREQ=MONTHLY;INTERVAL={every};BYMONTHDAY={d}"),
        },
    }
}

fn alarm(ics: &mut Ics, trigger: &str, description: &str) {
    ics.line("BEGIN:VALARM");
    ics.line("ACTION:DISPLAY");
    ics.prop("DESCRIPTION", description);
    ics.line(&format!("TRIGGER:{trigger}"));
    ics.line("END:VALARM");
}

impl Store {
    /// The whole calendar as `.ics` text, for the owner in `tz` at `now`.
    pub fn calendar_ics<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<(String, CalendarExport)> {
        let settings = self.reminder_settings()?;
        let notify = parse_time("notify_time", &settings.notify_time)?;
        let notify_minutes = i64::from(notify.hour() * 60 + notify.minute());
        let cal = self.calendar_id()?;
        let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
        let mut counts = CalendarExport::default();
        let mut ics = Ics {
            text: String::new(),
        };
        ics.line("BEGIN:VCALENDAR");
        ics.line("VERSION:2.0");
        ics.line("PRODID:-//Rapport//Reminders//EN");
        ics.line("CALSCALE:GREGORIAN");
        ics.line("METHOD:PUBLISH");
        ics.prop("X-WR-CALNAME", "Rapport reminders");

        // Birthdays: one yearly all-day event per contact.
        let mut stmt = self.conn().prepare(
            "SELECT id, display_name, birthday_month, birthday_day, birthday_year FROM contacts
             WHERE birthday_month IS NOT NULL AND deleted_at IS NULL AND do_not_contact = 0
             ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let name: String = row.get(1)?;
            let (month, day): (u32, u32) = (row.get(2)?, row.get(3)?);
            let year: Option<i32> = row.get(4)?;
            let leap_day = month == 2 && day == 29;
            let Some(start) =
                NaiveDate::from_ymd_opt(if leap_day { 1972 } else { 1970 }, month, day)
            else {
                continue;
            };
            let summary = match year {
                Some(y) => format!("🎂 {name} ({y})"),
                None => format!("🎂 {name}"),
            };
            ics.line("BEGIN:VEVENT");
            ics.line(&format!("UID:birthday-{id}-{cal}@rapport"));
            ics.line(&format!("DTSTAMP:{stamp}"));
            ics.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(start)));
            ics.line(&format!("DTEND;VALUE=DATE:{}", ics_date(next_day(start))));
            ics.line(if leap_day {
                "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
            } else {
                "RRULE:FREQ=YEARLY"
            });
            ics.prop("SUMMARY", &summary);
            ics.line("TRANSP:TRANSPARENT");
            ics.line(&format!("X-RAPPORT-CONTACT-ID:{id}"));
            alarm(&mut ics, &ics_duration(notify_minutes), &summary);
            if settings.birthday_lead_days > 0 {
                let before = notify_minutes - 1440 * i64::from(settings.birthday_lead_days);
                alarm(&mut ics, &ics_duration(before), &summary);
            }
            ics.line("END:VEVENT");
            counts.birthdays += 1;
        }
        drop(rows);
        drop(stmt);

        // Follow-ups still pending: recurring ones as a series from their pending occurrence.
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f CROSS JOIN contacts c ON c.id = f.contact_id
             WHERE f.done_at IS NULL AND c.deleted_at IS NULL ORDER BY f.id"
        ))?;
        let follow_ups = stmt
            .query_map([], FollowUpRow::read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for f in follow_ups {
            let start = match f.repeat {
                Some(_) => f.due,
                None => shown_date(f.occurrence_date(tz), f.snoozed_until),
            };
            let summary = f
                .note
                .clone()
                .unwrap_or_else(|| format!("Follow up with {}", f.contact));
            let mut description = format!("Contact: {}", f.contact);
            if let Some(days) = f.stay_in_touch_days {
                let _ = write!(description, "\nStay in touch every {days} days");
            }
            if let Some(issue) = f.issue_id {
                let _ = write!(description, "\nIssue #{issue}");
            }
            let time = f
                .time
                .as_deref()
                .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
            ics.line("BEGIN:VEVENT");
            ics.line(&format!("UID:follow-up-{}-{cal}@rapport", f.id));
            ics.line(&format!("DTSTAMP:{stamp}"));
            match time {
                Some(t) => {
                    let local = start.and_time(t);
                    ics.line(&format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
                    ics.line("DURATION:PT30M");
                }
                None => {
                    ics.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(start)));
                    ics.line(&format!("DTEND;VALUE=DATE:{}", ics_date(next_day(start))));
                }
            }
            if let Some(repeat) = f.repeat {
                ics.line(&format!("RRULE:{}", follow_up_rrule(repeat, f.anchor)));
            }
            ics.prop("SUMMARY", &summary);
            ics.prop("DESCRIPTION", &description);
            ics.line(&format!("X-RAPPORT-CONTACT-ID:{}", f.contact_id));
            let trigger = match time {
                Some(_) => "PT0S".to_string(),
                None => ics_duration(notify_minutes),
            };
            alarm(&mut ics, &trigger, &summary);
            ics.line("END:VEVENT");
            counts.follow_ups += 1;
        }
        drop(stmt);

        // Due dates of issues still being worked on.
        let mut stmt = self.conn().prepare(
            "SELECT i.id, i.title, cu.display_name, i.due_after_waits, t.name, i.customer_id
             FROM issues i JOIN contacts cu ON cu.id = i.customer_id
             LEFT JOIN team_members t ON t.id = i.owner_id
             WHERE i.status IN ('open', 'in_progress', 'waiting_on_customer')
               AND i.due_after_waits IS NOT NULL AND cu.deleted_at IS NULL
             ORDER BY i.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let title: String = row.get(1)?;
            let customer: String = row.get(2)?;
            let Some(due) = row.get::<_, String>(3)?.parse::<NaiveDate>().ok() else {
                continue;
            };
            let owner: Option<String> = row.get(4)?;
            let customer_id: i64 = row.get(5)?;
            let summary = format!("Due: {title} ({customer})");
            ics.line("BEGIN:VEVENT");
            ics.line(&format!("UID:issue-{id}-due-{cal}@rapport"));
            ics.line(&format!("DTSTAMP:{stamp}"));
            ics.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(due)));
            ics.line(&format!("DTEND;VALUE=DATE:{}", ics_date(next_day(due))));
            ics.prop("SUMMARY", &summary);
            ics.prop(
                "DESCRIPTION",
                &format!(
                    "Issue #{id} for {customer}\nOwner: {}",
                    owner.as_deref().unwrap_or("none yet")
                ),
            );
            ics.line("TRANSP:TRANSPARENT");
            ics.line(&format!("X-RAPPORT-CONTACT-ID:{customer_id}"));
            alarm(&mut ics, &ics_duration(notify_minutes), &summary);
            ics.line("END:VEVENT");
            counts.issue_due_dates += 1;
        }
        drop(rows);
        drop(stmt);

        ics.line("END:VCALENDAR");
        Ok((ics.text, counts))
    }

    /// Writes the calendar to `path` (a temp file beside it, then a rename, so a failed export
    /// never leaves half a file).
    pub fn export_calendar<Tz: TimeZone>(
        &self,
        path: &Path,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<CalendarExport> {
        let (text, counts) = self.calendar_ics(now, tz)?;
        crate::export::write_atomically(path, text.as_bytes())?;
        Ok(counts)
    }
}
