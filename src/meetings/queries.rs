//! The meetings tables: recording a meeting (one transaction with its attendees, agenda and action
//! items), an issue's update line, reading and listing, the happiness trend, and the upcoming
//! meetings the reminders show. Action items are in `actions.rs`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::actions::actions_of;
use super::cadence::first_on_or_after;
use super::{
    agenda, ActionInput, AgendaItem, AgendaKind, Attendee, Cadence, HappinessPoint, Meeting,
    MeetingDetail, MeetingFilter, MeetingInput, PersonRef, Side,
};
use crate::datetime::parse_date;
use crate::error::{Error, Result};
use crate::issues::{comment_in, AsOf};
use crate::reminders::ReminderWindow;
use crate::store::{timestamp, Store};

/// A next meeting falling in a window (or missed, with no cadence to move it on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpcomingMeeting {
    /// The meeting that set this date.
    #[ts(type = "number")]
    pub after_meeting_id: i64,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub customer: String,
    pub date: NaiveDate,
    pub cadence: Option<Cadence>,
    /// The date set has passed and no meeting was recorded since.
    pub overdue: bool,
}

const MEETING_COLUMNS: &str =
    "m.id, m.customer_id, coalesce(c.display_name, 'Internal'), m.held_at, m.notes,
    m.happiness, m.happiness_why, m.next_date, m.cadence,
    (SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id),
    (SELECT count(*) FROM meeting_actions a WHERE a.meeting_id = m.id),
    (SELECT count(*) FROM meeting_actions a LEFT JOIN follow_ups f ON f.id = a.follow_up_id
        LEFT JOIN issues i ON i.id = a.issue_id
     WHERE a.meeting_id = m.id AND a.done_at IS NULL AND f.done_at IS NULL
       AND coalesce(i.status, '') NOT IN ('resolved', 'closed'))";

fn meeting_from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer: r.get(2)?,
        held_at: r.get(3)?,
        notes: r.get(4)?,
        happiness: r.get(5)?,
        happiness_why: r.get(6)?,
        next_date: r.get::<_, Option<String>>(7)?.and_then(|d| d.parse().ok()),
        cadence: r.get::<_, Option<String>>(8)?.and_then(|c| c.parse().ok()),
        attendee_count: r.get(9)?,
        action_count: r.get(10)?,
        open_action_count: r.get(11)?,
    })
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// A live contact's name and organisation.
fn live_contact(conn: &Connection, id: i64, field: &str) -> Result<(String, Option<i64>)> {
    let row: Option<(String, Option<String>, Option<i64>)> = conn
        .query_row(
            "SELECT display_name, deleted_at, organization_id FROM contacts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match row {
        None => Err(Error::invalid(
            field,
            format!("contact {id} does not exist"),
        )),
        Some((name, Some(_), _)) => Err(Error::invalid(field, format!("{name} is in the Trash"))),
        Some((name, None, org)) => Ok((name, org)),
    }
}

fn team_name(conn: &Connection, id: i64, field: &str) -> Result<String> {
    conn.query_row("SELECT name FROM team_members WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::invalid(field, format!("team member {id} does not exist")))
}

/// Resolves a person at a meeting: a team member, or the customer or one of its people.
fn resolve_person(
    conn: &Connection,
    person: &PersonRef,
    customer: Option<(i64, &str)>,
    field: &str,
) -> Result<(Side, String)> {
    match (person.team_member_id, person.contact_id) {
        (Some(t), None) => Ok((Side::Team, team_name(conn, t, field)?)),
        (None, Some(c)) => {
            let Some((customer, customer_name)) = customer else {
                return Err(Error::invalid(
                    field,
                    "an internal meeting has only team members: pick a customer to add their people",
                ));
            };
            let (name, org) = live_contact(conn, c, field)?;
            if c != customer && org != Some(customer) {
                return Err(Error::invalid(
                    field,
                    format!("{name} is not one of {customer_name}'s people"),
                ));
            }
            Ok((Side::Customer, name))
        }
        _ => Err(Error::invalid(
            field,
            "name either a team member or a contact",
        )),
    }
}

struct ValidAction {
    text: String,
    side: Side,
    owner: PersonRef,
    owner_name: String,
    due: Option<NaiveDate>,
}

fn validate_action(
    conn: &Connection,
    n: usize,
    a: &ActionInput,
    customer: Option<(i64, &str)>,
) -> Result<ValidAction> {
    let text = a.text.trim();
    if text.is_empty() {
        return Err(Error::invalid(
            format!("action {n}"),
            "say what is to be done",
        ));
    }
    let (side, owner_name) =
        resolve_person(conn, &a.owner, customer, &format!("action {n} owner"))?;
    let due = a
        .due
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| parse_date(&format!("action {n} due"), d))
        .transpose()?;
    Ok(ValidAction {
        text: text.to_string(),
        side,
        owner: a.owner,
        owner_name,
        due,
    })
}

struct MeetingFacts {
    customer_id: Option<i64>,
    held_at: String,
}

fn meeting_facts(conn: &Connection, id: i64) -> Result<MeetingFacts> {
    conn.query_row(
        "SELECT customer_id, held_at FROM meetings WHERE id = ?1",
        [id],
        |r| {
            Ok(MeetingFacts {
                customer_id: r.get(0)?,
                held_at: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "meeting",
        id,
    })
}

impl Store {
    /// The local date of a stored UTC instant, at the owner's offset.
    fn local_date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        (at + Duration::minutes(self.utc_offset_minutes().into())).date_naive()
    }

    /// Records a meeting with its attendees, agenda and action items in one transaction. A
    /// customer meeting's agenda starts with their open issues (overdue first, as of the meeting's
    /// date), the last meeting's open action items and their latest survey score; typed topics
    /// follow. Returns the meeting's id.
    pub fn add_meeting(&mut self, input: &MeetingInput) -> Result<i64> {
        let held = DateTime::parse_from_rfc3339(input.at.trim())
            .map_err(|_| {
                Error::invalid(
                    "at",
                    format!("'{}' is not a date and time (RFC 3339)", input.at.trim()),
                )
            })?
            .with_timezone(&Utc);
        let held_at = timestamp(held);
        let day = self.local_date_of(held);
        if let Some(h) = input.happiness {
            if !(1..=5).contains(&h) {
                return Err(Error::invalid(
                    "happiness",
                    format!("{h} is not a score from 1 to 5"),
                ));
            }
            if input.customer_id.is_none() {
                return Err(Error::invalid(
                    "happiness",
                    "the happiness poll is the customer's answer: an internal meeting has none",
                ));
            }
        }
        let why = trimmed(input.happiness_why.as_deref());
        match (input.happiness, &why) {
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "why",
                    "give the customer's happiness score (1-5) with the why",
                ))
            }
            (Some(h), None) if h <= 3 => {
                return Err(Error::invalid(
                    "why",
                    format!("the customer answered {h} of 5: ask them why and note it"),
                ))
            }
            _ => {}
        }
        let next = match input.next_date.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => {
                let d = parse_date("next", d)?;
                if d <= day {
                    return Err(Error::invalid(
                        "next",
                        format!("the next meeting ({d}) must come after this one ({day})"),
                    ));
                }
                Some(d)
            }
            None => input.cadence.map(|c| super::next_after(day, c)),
        };
        let notes = trimmed(input.notes.as_deref());
        let now = self.now_text();
        self.write(|tx| {
            let customer = input
                .customer_id
                .map(|c| live_contact(tx, c, "customer").map(|(name, _)| (c, name)))
                .transpose()?;
            let customer_ref = customer.as_ref().map(|(c, n)| (*c, n.as_str()));
            let actions = input
                .actions
                .iter()
                .enumerate()
                .map(|(i, a)| validate_action(tx, i + 1, a, customer_ref))
                .collect::<Result<Vec<_>>>()?;
            let mut agenda: Vec<AgendaItem> = match customer_ref {
                Some((c, _)) => agenda::prefill(tx, c, day, &held_at)?,
                None => Vec::new(),
            };
            for topic in input.topics.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
                agenda.push(AgendaItem {
                    position: 0,
                    kind: AgendaKind::Topic,
                    issue_id: None,
                    action_id: None,
                    text: topic.to_string(),
                    update_note: None,
                    overdue: false,
                });
            }
            tx.execute(
                "INSERT INTO meetings (customer_id, held_at, notes, happiness, happiness_why, next_date, cadence,
                                       created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    input.customer_id,
                    held_at,
                    notes,
                    input.happiness,
                    why,
                    next.map(|d| d.to_string()),
                    input.cadence.map(Cadence::as_str),
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut seen = Vec::new();
            let mut position = 0;
            for (i, person) in input.attendees.iter().enumerate() {
                if seen.contains(person) {
                    continue;
                }
                seen.push(*person);
                let (side, name) =
                    resolve_person(tx, person, customer_ref, &format!("attendee {}", i + 1))?;
                tx.prepare_cached(
                    "INSERT INTO meeting_attendees (meeting_id, position, side, team_member_id, contact_id, name)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    id,
                    position,
                    side.as_str(),
                    person.team_member_id,
                    person.contact_id,
                    name
                ])?;
                position += 1;
            }
            for (position, item) in agenda.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO meeting_agenda (meeting_id, position, kind, issue_id, action_id, text, overdue)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    id,
                    position as i64,
                    item.kind.as_str(),
                    item.issue_id,
                    item.action_id,
                    item.text,
                    item.overdue
                ])?;
            }
            for a in &actions {
                tx.prepare_cached(
                    "INSERT INTO meeting_actions (meeting_id, text, owner_side, owner_team_id, owner_contact_id,
                                                  owner_name, due_date, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    id,
                    a.text,
                    a.side.as_str(),
                    a.owner.team_member_id,
                    a.owner.contact_id,
                    a.owner_name,
                    a.due.map(|d| d.to_string()),
                    now
                ])?;
            }
            Ok(id)
        })
    }

    /// The agenda a meeting with `customer` would start with now (for the "start meeting" screen).
    pub fn agenda_for(&self, customer: i64, as_of: &AsOf) -> Result<Vec<AgendaItem>> {
        live_contact(self.conn(), customer, "customer")?;
        let mut items = agenda::prefill(self.conn(), customer, as_of.today, &timestamp(as_of.now))?;
        for (i, item) in items.iter_mut().enumerate() {
            item.position = i as u32;
        }
        Ok(items)
    }

    /// Writes an agenda issue's update line: into the meeting's agenda and, as a comment dated
    /// now, into the issue's history — one transaction.
    pub fn record_issue_update(&mut self, meeting: i64, issue: i64, text: &str) -> Result<()> {
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(Error::invalid("update", "say where the issue stands"));
        }
        let at = self.now_text();
        let offset = self.utc_offset_minutes();
        self.write(|tx| {
            let m = meeting_facts(tx, meeting)?;
            let Some(customer) = m.customer_id else {
                return Err(Error::invalid(
                    "issue",
                    "an internal meeting has no customer issues on its agenda",
                ));
            };
            let issue_row: Option<(i64, Option<i64>, String)> = tx
                .query_row(
                    "SELECT i.customer_id, cu.organization_id, i.title FROM issues i
                     LEFT JOIN contacts cu ON cu.id = i.customer_id WHERE i.id = ?1",
                    [issue],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((issue_customer, org, title)) = issue_row else {
                return Err(Error::invalid("issue", format!("issue {issue} does not exist")));
            };
            if issue_customer != customer && org != Some(customer) {
                return Err(Error::invalid(
                    "issue",
                    format!("issue {issue} belongs to another customer"),
                ));
            }
            let held = DateTime::parse_from_rfc3339(&m.held_at)
                .map(|t| (t.with_timezone(&Utc) + Duration::minutes(offset.into())).date_naive())
                .map_err(|_| Error::Conflict(format!("meeting {meeting} has a damaged date")))?;
            let note = format!("Status meeting {}: {text}", held.format("%-d %b %Y"));
            let event = comment_in(tx, issue, &at, &note)?;
            let updated = tx.execute(
                "UPDATE meeting_agenda SET update_note = ?3, issue_event_id = ?4
                 WHERE meeting_id = ?1 AND kind = 'issue' AND issue_id = ?2",
                params![meeting, issue, text, event],
            )?;
            if updated == 0 {
                tx.execute(
                    "INSERT INTO meeting_agenda (meeting_id, position, kind, issue_id, text, update_note, issue_event_id)
                     VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM meeting_agenda WHERE meeting_id = ?1),
                             'issue', ?2, ?3, ?4, ?5)",
                    params![meeting, issue, format!("#{issue} {title}"), text, event],
                )?;
            }
            tx.execute(
                "UPDATE meetings SET updated_at = ?2 WHERE id = ?1",
                params![meeting, at],
            )?;
            Ok(())
        })
    }

    /// One meeting with its attendees, agenda and action items.
    pub fn meeting(&self, id: i64) -> Result<MeetingDetail> {
        let conn = self.conn();
        let meeting = conn
            .prepare_cached(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN contacts c ON c.id = m.customer_id WHERE m.id = ?1"
            ))?
            .query_row([id], meeting_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "meeting", id })?;
        let attendees = conn
            .prepare_cached(
                "SELECT side, team_member_id, contact_id, name FROM meeting_attendees WHERE meeting_id = ?1 ORDER BY position",
            )?
            .query_map([id], |r| {
                Ok(Attendee {
                    side: r.get::<_, String>(0)?.parse().unwrap_or(Side::Team),
                    team_member_id: r.get(1)?,
                    contact_id: r.get(2)?,
                    name: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let agenda = conn
            .prepare_cached(
                "SELECT position, kind, issue_id, action_id, text, update_note, overdue FROM meeting_agenda
                 WHERE meeting_id = ?1 ORDER BY position",
            )?
            .query_map([id], |r| {
                Ok(AgendaItem {
                    position: r.get(0)?,
                    kind: r.get::<_, String>(1)?.parse().unwrap_or(AgendaKind::Topic),
                    issue_id: r.get(2)?,
                    action_id: r.get(3)?,
                    text: r.get(4)?,
                    update_note: r.get(5)?,
                    overdue: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let actions = actions_of(conn, id)?;
        Ok(MeetingDetail {
            meeting,
            attendees,
            agenda,
            actions,
        })
    }

    /// Meetings matching `filter`, newest first.
    pub fn list_meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>> {
        let mut conditions = vec!["1 = 1".to_string()];
        let mut args: Vec<Value> = Vec::new();
        if let Some(c) = filter.customer_id {
            args.push(Value::Integer(c));
            conditions.push(format!("m.customer_id = ?{}", args.len()));
        }
        if filter.internal {
            conditions.push("m.customer_id IS NULL".into());
        }
        if let Some(words) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            // Every word somewhere in the meeting (instr: no LIKE wildcards to escape).
            for word in words.split_whitespace() {
                args.push(Value::Text(word.to_lowercase()));
                let a = format!("?{}", args.len());
                conditions.push(format!(
                    "(instr(lower(coalesce(m.notes, '')), {a}) > 0 OR instr(lower(coalesce(m.happiness_why, '')), {a}) > 0
                      OR instr(lower(coalesce(c.display_name, 'internal')), {a}) > 0
                      OR EXISTS (SELECT 1 FROM meeting_agenda g WHERE g.meeting_id = m.id
                                 AND (instr(lower(g.text), {a}) > 0 OR instr(lower(coalesce(g.update_note, '')), {a}) > 0))
                      OR EXISTS (SELECT 1 FROM meeting_actions x WHERE x.meeting_id = m.id AND instr(lower(x.text), {a}) > 0))"
                ));
            }
        }
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN contacts c ON c.id = m.customer_id
             WHERE {} ORDER BY m.held_at DESC, m.id DESC LIMIT ?{}",
            conditions.join(" AND "),
            args.len()
        );
        let meetings = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args.iter()), meeting_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(meetings)
    }

    /// The customer's happiness answers over time, oldest first.
    pub fn happiness_trend(&self, customer: i64) -> Result<Vec<HappinessPoint>> {
        let points = self
            .conn()
            .prepare_cached(
                "SELECT id, held_at, happiness, happiness_why FROM meetings
                 WHERE customer_id = ?1 AND happiness IS NOT NULL ORDER BY held_at, id",
            )?
            .query_map([customer], |r| {
                Ok(HappinessPoint {
                    meeting_id: r.get(0)?,
                    held_at: r.get(1)?,
                    score: r.get(2)?,
                    why: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(points)
    }

    /// The next meetings set by each customer's latest meeting (and the latest internal one) that
    /// fall in `window`, a series repeated on its cadence; a date passed without a cadence or a
    /// newer meeting is listed as overdue.
    pub fn upcoming_meetings(
        &self,
        window: ReminderWindow,
        today: NaiveDate,
    ) -> Result<Vec<UpcomingMeeting>> {
        upcoming_meetings(self.conn(), window, today)
    }
}

/// See [`Store::upcoming_meetings`]; shared with `reminders_due`.
pub(crate) fn upcoming_meetings(
    conn: &Connection,
    window: ReminderWindow,
    today: NaiveDate,
) -> Result<Vec<UpcomingMeeting>> {
    // The latest meeting per customer (NULL = internal) and the date it set.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.customer_id, coalesce(c.display_name, 'Internal'), m.next_date, m.cadence
         FROM meetings m LEFT JOIN contacts c ON c.id = m.customer_id
         WHERE m.id = (SELECT m2.id FROM meetings m2 WHERE m2.customer_id IS m.customer_id
                       ORDER BY m2.held_at DESC, m2.id DESC LIMIT 1)
           AND m.next_date IS NOT NULL AND (c.id IS NULL OR c.deleted_at IS NULL)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer_id, customer, next, cadence) = row?;
        let Ok(next) = next.parse::<NaiveDate>() else {
            continue;
        };
        let cadence: Option<Cadence> = cadence.and_then(|c| c.parse().ok());
        let item = |date, overdue| UpcomingMeeting {
            after_meeting_id: id,
            customer_id,
            customer: customer.clone(),
            date,
            cadence,
            overdue,
        };
        match cadence {
            None if next < today => out.push(item(next, true)),
            None => {
                if next >= window.from && next <= window.to {
                    out.push(item(next, false));
                }
            }
            Some(c) => {
                // Missed dates move on to the next on the cadence; list every one in the window.
                let mut d = first_on_or_after(next, c, window.from.max(today));
                while d <= window.to {
                    out.push(item(d, false));
                    d = first_on_or_after(next, c, d.succ_opt().unwrap_or(NaiveDate::MAX));
                }
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.customer.cmp(&b.customer)));
    Ok(out)
}
