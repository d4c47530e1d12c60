//! The follow-ups table: adding, listing, done, skip and snooze. Each action is one transaction and
//! leaves a `follow_up_events` row.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};

use super::rules::{
    next_occurrence_after, occurrence, parse_snooze, parse_time, shown_date, stay_in_touch_date,
};
use super::{FollowUp, FollowUpFilter, FollowUpInput, Repeat, RepeatUnit};
use crate::datetime::parse_date;
use crate::error::{Error, Result};
use crate::store::{timestamp, Store};

/// The columns `FollowUpRow::read` expects, from `follow_ups f JOIN contacts c`. The last one is
/// the contact's latest interaction, read only for "stay in touch".
pub(super) const FOLLOW_UP_COLUMNS: &str = "f.id, f.contact_id, c.display_name, f.issue_id, f.note,
    f.anchor_date, f.occurrence, f.due_date, f.due_time, f.repeat_unit, f.repeat_every,
    f.stay_in_touch_days, f.snoozed_until, f.done_at, f.created_at, f.updated_at,
    CASE WHEN f.stay_in_touch_days IS NOT NULL
         THEN (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = f.contact_id) END";

/// A follow-up row with what the rules need.
#[derive(Debug, Clone)]
pub(super) struct FollowUpRow {
    pub id: i64,
    pub contact_id: i64,
    pub contact: String,
    pub issue_id: Option<i64>,
    pub note: Option<String>,
    pub anchor: NaiveDate,
    pub occurrence: u32,
    pub due: NaiveDate,
    pub time: Option<String>,
    pub repeat: Option<Repeat>,
    pub stay_in_touch_days: Option<u32>,
    pub snoozed_until: Option<NaiveDate>,
    pub done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub last_interaction: Option<String>,
}

/// A stored `YYYY-MM-DD` read without chrono's general parser (it showed in the reminders bench).
pub(super) fn parse_stored_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return text.parse().ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

pub(super) fn date_col(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(match row.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => {
            std::str::from_utf8(t).ok().and_then(parse_stored_date)
        }
        _ => None,
    })
}

/// The local date in `tz` of a stored RFC 3339 instant.
pub(super) fn local_date_of<Tz: TimeZone>(instant: &str, tz: &Tz) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(instant)
        .ok()
        .map(|t| t.with_timezone(tz).date_naive())
}

impl FollowUpRow {
    pub fn read(row: &Row<'_>) -> rusqlite::Result<FollowUpRow> {
        let unit: Option<String> = row.get(9)?;
        let every: Option<u32> = row.get(10)?;
        let repeat = match (unit.and_then(|u| u.parse::<RepeatUnit>().ok()), every) {
            (Some(unit), Some(every)) => Some(Repeat { every, unit }),
            _ => None,
        };
        let due = date_col(row, 7)?.unwrap_or(NaiveDate::MIN);
        Ok(FollowUpRow {
            id: row.get(0)?,
            contact_id: row.get(1)?,
            contact: row.get(2)?,
            issue_id: row.get(3)?,
            note: row.get(4)?,
            anchor: date_col(row, 5)?.unwrap_or(due),
            occurrence: row.get(6)?,
            due,
            time: row.get(8)?,
            repeat,
            stay_in_touch_days: row.get(11)?,
            snoozed_until: date_col(row, 12)?,
            done_at: row.get(13)?,
            created_at: row.get(14)?,
            updated_at: row.get(15)?,
            last_interaction: row.get(16)?,
        })
    }

    /// The local date of the contact's latest interaction.
    pub fn last_interaction_date<Tz: TimeZone>(&self, tz: &Tz) -> Option<NaiveDate> {
        self.last_interaction
            .as_deref()
            .and_then(|t| local_date_of(t, tz))
    }

    /// The pending occurrence's date before a snooze: for "stay in touch", pushed back by a later
    /// interaction.
    pub fn occurrence_date<Tz: TimeZone>(&self, tz: &Tz) -> NaiveDate {
        match self.stay_in_touch_days {
            Some(days) => stay_in_touch_date(self.due, self.last_interaction_date(tz), days),
            None => self.due,
        }
    }

    pub fn to_follow_up<Tz: TimeZone>(&self, tz: &Tz) -> FollowUp {
        let next = self
            .done_at
            .is_none()
            .then(|| shown_date(self.occurrence_date(tz), self.snoozed_until));
        FollowUp {
            id: self.id,
            contact_id: self.contact_id,
            contact: self.contact.clone(),
            issue_id: self.issue_id,
            note: self.note.clone(),
            anchor_date: self.anchor,
            due_date: self.due,
            due_time: self.time.clone(),
            repeat: self.repeat,
            stay_in_touch_days: self.stay_in_touch_days,
            snoozed_until: self.snoozed_until,
            next,
            done_at: self.done_at.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
        }
    }
}

fn read_follow_up(conn: &Connection, id: i64) -> Result<FollowUpRow> {
    conn.prepare_cached(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN contacts c ON c.id = f.contact_id WHERE f.id = ?1"
    ))?
    .query_row([id], FollowUpRow::read)
    .optional()?
    .ok_or(Error::NotFound {
        what: "follow-up",
        id,
    })
}

fn pending(conn: &Connection, id: i64) -> Result<FollowUpRow> {
    let row = read_follow_up(conn, id)?;
    if row.done_at.is_some() {
        return Err(Error::invalid(
            "id",
            format!("follow-up {id} is already done"),
        ));
    }
    Ok(row)
}

fn log_event(
    conn: &Connection,
    id: i64,
    at: &str,
    kind: &str,
    occurrence_date: NaiveDate,
    new_date: Option<NaiveDate>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO follow_up_events (follow_up_id, at, kind, occurrence_date, new_date) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        at,
        kind,
        occurrence_date.to_string(),
        new_date.map(|d| d.to_string())
    ])?;
    Ok(())
}

/// Moves the pending occurrence to `due` (occurrence number `n`) and clears any snooze.
fn move_to(conn: &Connection, id: i64, n: u32, due: NaiveDate, at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE follow_ups SET occurrence = ?2, due_date = ?3, snoozed_until = NULL, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, n, due.to_string(), at])?;
    Ok(())
}

fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(date)
}

/// Checks a new follow-up's contact (live) and issue (that customer's). Shared with batch seeding.
pub(crate) fn check_links(conn: &Connection, contact_id: i64, issue_id: Option<i64>) -> Result<()> {
    let deleted: Option<Option<String>> = conn
        .query_row(
            "SELECT deleted_at FROM contacts WHERE id = ?1",
            [contact_id],
            |r| r.get(0),
        )
        .optional()?;
    match deleted {
        None => {
            return Err(Error::invalid(
                "contact",
                format!("contact {contact_id} does not exist"),
            ))
        }
        Some(Some(_)) => {
            return Err(Error::invalid(
                "contact",
                format!("contact {contact_id} is in the Trash: restore it first"),
            ))
        }
        Some(None) => {}
    }
    if let Some(issue) = issue_id {
        let people: Option<(i64, Option<i64>)> = conn
            .query_row(
                "SELECT customer_id, customer_owner_id FROM issues WHERE id = ?1",
                [issue],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((customer, customer_owner)) = people else {
            return Err(Error::invalid(
                "issue",
                format!("issue {issue} does not exist"),
            ));
        };
        let related: bool = conn.query_row(
            "SELECT ?1 = ?2 OR ?1 IS ?3
                OR EXISTS (SELECT 1 FROM contacts WHERE id = ?1 AND organization_id = ?2)",
            params![contact_id, customer, customer_owner],
            |r| r.get(0),
        )?;
        if !related {
            return Err(Error::invalid(
                "issue",
                format!("issue {issue} belongs to another customer"),
            ));
        }
    }
    Ok(())
}

/// A follow-up input checked field by field.
pub(crate) struct ValidFollowUp {
    pub due: NaiveDate,
    pub time: Option<String>,
    pub repeat: Option<Repeat>,
    pub stay_in_touch_days: Option<u32>,
    pub note: Option<String>,
}

pub(crate) fn validate(input: &FollowUpInput) -> Result<ValidFollowUp> {
    let due = parse_date("due", &input.due_date)?;
    let time = input
        .due_time
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| parse_time("time", t).map(super::rules::format_time))
        .transpose()?;
    if let Some(r) = input.repeat {
        if r.every == 0 || r.every > 3660 {
            return Err(Error::invalid(
                "every",
                format!("repeat every 1 to 3660 {}s, not {}", r.unit, r.every),
            ));
        }
    }
    if let Some(days) = input.stay_in_touch_days {
        if days == 0 || days > 3660 {
            return Err(Error::invalid(
                "stay_in_touch",
                format!("stay in touch every 1 to 3660 days, not {days}"),
            ));
        }
        if input.repeat.is_some() {
            return Err(Error::invalid(
                "stay_in_touch",
                "a follow-up either repeats on a schedule or stays in touch, not both",
            ));
        }
    }
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Ok(ValidFollowUp {
        due,
        time,
        repeat: input.repeat,
        stay_in_touch_days: input.stay_in_touch_days,
        note,
    })
}

pub(crate) fn insert(
    conn: &Connection,
    input: &FollowUpInput,
    valid: &ValidFollowUp,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO follow_ups (contact_id, issue_id, note, anchor_date, occurrence, due_date, due_time,
             repeat_unit, repeat_every, stay_in_touch_days, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        input.contact_id,
        input.issue_id,
        valid.note,
        valid.due.to_string(),
        valid.time,
        valid.repeat.map(|r| r.unit.as_str()),
        valid.repeat.map(|r| r.every),
        valid.stay_in_touch_days,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Adds a follow-up for a live contact. Returns its id.
    pub fn add_follow_up(&mut self, input: &FollowUpInput) -> Result<i64> {
        let valid = validate(input)?;
        let now = self.now_text();
        self.write(|tx| {
            check_links(tx, input.contact_id, input.issue_id)?;
            insert(tx, input, &valid, &now)
        })
    }

    /// One follow-up, with where its pending occurrence falls in `tz`.
    pub fn follow_up<Tz: TimeZone>(&self, id: i64, tz: &Tz) -> Result<FollowUp> {
        Ok(read_follow_up(self.conn(), id)?.to_follow_up(tz))
    }

    /// Follow-ups, soonest first (done ones last, when asked for).
    pub fn list_follow_ups<Tz: TimeZone>(
        &self,
        filter: &FollowUpFilter,
        tz: &Tz,
    ) -> Result<Vec<FollowUp>> {
        let mut sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f CROSS JOIN contacts c ON c.id = f.contact_id WHERE c.deleted_at IS NULL"
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(contact) = filter.contact_id {
            args.push(Value::Integer(contact));
            sql.push_str(&format!(" AND f.contact_id = ?{}", args.len()));
        }
        if let Some(issue) = filter.issue_id {
            args.push(Value::Integer(issue));
            sql.push_str(&format!(" AND f.issue_id = ?{}", args.len()));
        }
        if !filter.include_done {
            sql.push_str(" AND f.done_at IS NULL");
        }
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), FollowUpRow::read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items: Vec<FollowUp> = rows.iter().map(|r| r.to_follow_up(tz)).collect();
        items.sort_by(|a, b| {
            (a.next.is_none(), a.next, &a.due_time, a.id).cmp(&(
                b.next.is_none(),
                b.next,
                &b.due_time,
                b.id,
            ))
        });
        Ok(items)
    }

    /// Marks the pending occurrence done. A one-off is finished; a recurring follow-up moves to its
    /// first occurrence after both this one and today (missed ones are not made up); "stay in touch"
    /// starts again from today.
    pub fn complete_follow_up<Tz: TimeZone>(
        &mut self,
        id: i64,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let today = now.with_timezone(tz).date_naive();
        let at = timestamp(now);
        self.write(|tx| {
            let row = pending(tx, id)?;
            let current = row.occurrence_date(tz);
            if let Some(repeat) = row.repeat {
                let n = next_occurrence_after(row.anchor, repeat, row.occurrence, current.max(today));
                let next = occurrence(row.anchor, repeat, n);
                move_to(tx, id, n, next, &at)?;
                log_event(tx, id, &at, "done", current, Some(next))?;
            } else if let Some(days) = row.stay_in_touch_days {
                let next = plus_days(today, days);
                move_to(tx, id, row.occurrence + 1, next, &at)?;
                log_event(tx, id, &at, "done", current, Some(next))?;
            } else {
                tx.prepare_cached(
                    "UPDATE follow_ups SET done_at = ?2, snoozed_until = NULL, updated_at = ?2 WHERE id = ?1",
                )?
                .execute(params![id, at])?;
                log_event(tx, id, &at, "done", current, None)?;
            }
            Ok(read_follow_up(tx, id)?.to_follow_up(tz))
        })
    }

    /// Skips the pending occurrence of a recurring or "stay in touch" follow-up: it moves to the
    /// next occurrence after both this one and today, without being marked done.
    pub fn skip_follow_up<Tz: TimeZone>(
        &mut self,
        id: i64,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let today = now.with_timezone(tz).date_naive();
        let at = timestamp(now);
        self.write(|tx| {
            let row = pending(tx, id)?;
            let current = row.occurrence_date(tz);
            let (n, next) = if let Some(repeat) = row.repeat {
                let n = next_occurrence_after(row.anchor, repeat, row.occurrence, current.max(today));
                (n, occurrence(row.anchor, repeat, n))
            } else if let Some(days) = row.stay_in_touch_days {
                let next = plus_days(current, days).max(plus_days(today, 1));
                (row.occurrence + 1, next)
            } else {
                return Err(Error::invalid(
                    "id",
                    format!("follow-up {id} happens once: there is no occurrence to skip to (mark it done instead)"),
                ));
            };
            move_to(tx, id, n, next, &at)?;
            log_event(tx, id, &at, "skipped", current, Some(next))?;
            Ok(read_follow_up(tx, id)?.to_follow_up(tz))
        })
    }

    /// Snoozes the pending occurrence until a date (`2026-12-01`) or for a period from today
    /// (`1d`, `1w`, `1 week`).
    pub fn snooze_follow_up<Tz: TimeZone>(
        &mut self,
        id: i64,
        until: &str,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let today = now.with_timezone(tz).date_naive();
        let until = parse_snooze("until", until, today)?;
        let at = timestamp(now);
        self.write(|tx| {
            let row = pending(tx, id)?;
            let current = row.occurrence_date(tz);
            tx.prepare_cached(
                "UPDATE follow_ups SET snoozed_until = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, until.to_string(), at])?;
            log_event(tx, id, &at, "snoozed", current, Some(until))?;
            Ok(read_follow_up(tx, id)?.to_follow_up(tz))
        })
    }
}
