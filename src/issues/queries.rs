//! The issues tables: creating, changing (each change an event), closing, reading and listing.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{
    params, params_from_iter, types::Value, Connection, OptionalExtension, Row, Transaction,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::workflow::{can_move, CLOSABLE};
use super::{
    AsOf, ClosedHow, Issue, IssueDetail, IssueEvent, IssueInput, IssueStatus, IssueUpdate, Priority,
};
use crate::datetime::parse_date;
use crate::error::{Error, Result};
use crate::store::{timestamp, Store};

/// Which issues to list. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IssueFilter {
    pub status: Option<IssueStatus>,
    /// Only issues still being worked on (open, in progress, waiting on customer).
    pub active: bool,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    /// Only issues past their (effective) due date.
    pub overdue: bool,
    /// Only active issues due within this many days (from today, inclusive), by the due date after
    /// waits on the customer (the same date `overdue` uses, so the two never overlap).
    pub due_within_days: Option<u32>,
    /// At most this many (a page); all when absent.
    pub limit: Option<u32>,
    pub offset: u32,
}

/// A page of issues and how many match in all.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IssuePage {
    pub issues: Vec<Issue>,
    pub total: u32,
}

/// One line of the prioritised queue, with why it is where it is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct QueueItem {
    pub issue: Issue,
    pub score: u32,
    pub reasons: Vec<String>,
}

const ISSUE_COLUMNS: &str = "i.id, i.customer_id, cu.display_name, i.title, i.description, cat.name, i.priority,
    t.name, i.owner_id, i.customer_owner_id, co.display_name, i.opened_at, i.due_date, i.status, i.resolved_at,
    i.closed_at, i.closed_how, i.satisfaction, i.escalation_level, i.last_activity_at, i.waiting_seconds,
    i.waiting_since";

// LEFT JOINs on primary keys: SQLite drops the ones a query does not use (counts, id pages).
const ISSUE_FROM: &str = "FROM issues i
    LEFT JOIN contacts cu ON cu.id = i.customer_id
    LEFT JOIN issue_categories cat ON cat.id = i.category_id
    LEFT JOIN team_members t ON t.id = i.owner_id
    LEFT JOIN contacts co ON co.id = i.customer_owner_id";

/// The due date pushed back by the whole days spent waiting on the customer (rounded up).
pub(crate) fn effective_due(due: NaiveDate, waiting_seconds: i64) -> NaiveDate {
    let days = (waiting_seconds.max(0) + 86_399) / 86_400;
    due.checked_add_days(Days::new(days as u64)).unwrap_or(due)
}

fn waited_so_far(waiting_seconds: i64, waiting_since: Option<&str>, now: DateTime<Utc>) -> i64 {
    let current = waiting_since
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|since| (now - since.with_timezone(&Utc)).num_seconds().max(0))
        .unwrap_or(0);
    waiting_seconds + current
}

/// Whole days past the (effective) due date; waiting on the customer pauses the clock, so such an
/// issue is never overdue.
fn days_overdue(status: IssueStatus, effective: Option<NaiveDate>, today: NaiveDate) -> u32 {
    let counting = matches!(status, IssueStatus::Open | IssueStatus::InProgress);
    match effective {
        Some(e) if counting && e < today => (today - e).num_days() as u32,
        _ => 0,
    }
}

/// The queue's score for an issue, and the reasons behind it.
fn rank(
    priority: Priority,
    days_overdue: u32,
    unhappy: Option<&str>,
    escalation_level: u32,
) -> (u32, Vec<String>) {
    let mut score = 0;
    let mut reasons = Vec::new();
    if priority == Priority::Urgent {
        score += 40;
        reasons.push("urgent".to_string());
    } else if priority == Priority::High {
        score += 15;
        reasons.push("high priority".to_string());
    }
    if days_overdue > 0 {
        score += 30 + days_overdue.min(30);
        reasons.push(format!(
            "overdue by {} day{}",
            days_overdue,
            if days_overdue == 1 { "" } else { "s" }
        ));
    }
    if let Some(why) = unhappy {
        score += 25;
        reasons.push(format!("unhappy customer: {why}"));
    }
    if escalation_level > 0 {
        score += 10;
        reasons.push(format!("escalated to level {escalation_level}"));
    }
    (score, reasons)
}

fn issue_from_row(row: &Row<'_>, as_of: &AsOf) -> rusqlite::Result<Issue> {
    let text = |i: usize| row.get::<_, Option<String>>(i);
    let due: Option<NaiveDate> = text(12)?.and_then(|d| d.parse().ok());
    let status: IssueStatus = row
        .get::<_, String>(13)?
        .parse()
        .unwrap_or(IssueStatus::Open);
    let waiting_since = text(21)?;
    let waited = waited_so_far(row.get(20)?, waiting_since.as_deref(), as_of.now);
    let effective = due.map(|d| effective_due(d, waited));
    let days_overdue = days_overdue(status, effective, as_of.today);
    Ok(Issue {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        customer: row.get(2)?,
        title: row.get(3)?,
        description: text(4)?,
        category: text(5)?,
        priority: row.get::<_, String>(6)?.parse().unwrap_or_default(),
        owner: text(7)?,
        owner_id: row.get(8)?,
        customer_owner_id: row.get(9)?,
        customer_owner: text(10)?,
        opened_at: row.get(11)?,
        due,
        effective_due: effective,
        status,
        resolved_at: text(14)?,
        closed_at: text(15)?,
        closed_how: text(16)?.and_then(|h| h.parse().ok()),
        satisfaction: row.get(17)?,
        escalation_level: row.get(18)?,
        last_activity_at: row.get(19)?,
        overdue: days_overdue > 0,
        days_overdue,
    })
}

fn event(
    tx: &Transaction<'_>,
    issue: i64,
    at: &str,
    kind: &str,
    old: Option<&str>,
    new: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO issue_events (issue_id, at, kind, old_value, new_value, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![issue, at, kind, old, new, note])?;
    Ok(())
}

fn category_id(conn: &Connection, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("category", "a category needs a name"));
    }
    if let Some(id) = conn
        .query_row(
            "SELECT id FROM issue_categories WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
    {
        // A category taken off the list comes back when it is used again.
        conn.execute(
            "UPDATE issue_categories SET active = 1 WHERE id = ?1 AND active = 0",
            [id],
        )?;
        return Ok(id);
    }
    conn.execute("INSERT INTO issue_categories (name) VALUES (?1)", [name])?;
    Ok(conn.last_insert_rowid())
}

fn team_member_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM team_members WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::invalid("owner", format!("team member {id} does not exist")))
}

pub(crate) fn live_contact_name(conn: &Connection, id: i64, field: &str) -> Result<String> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT display_name, deleted_at FROM contacts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Err(Error::invalid(
            field,
            format!("contact {id} does not exist"),
        )),
        Some((name, Some(_))) => Err(Error::invalid(field, format!("{name} is in the Trash"))),
        Some((name, None)) => Ok(name),
    }
}

fn parse_due(text: &str) -> Result<NaiveDate> {
    Ok(parse_date("due", text)?)
}

struct Current {
    status: IssueStatus,
    owner_id: Option<i64>,
    customer_owner_id: Option<i64>,
    due: Option<String>,
    priority: String,
    category: Option<String>,
    title: String,
    waiting_since: Option<String>,
    escalation_level: u32,
}

fn current(tx: &Transaction<'_>, id: i64) -> Result<Current> {
    tx.query_row(
        "SELECT i.status, i.owner_id, i.customer_owner_id, i.due_date, i.priority, cat.name, i.title,
                i.waiting_since, i.escalation_level
         FROM issues i LEFT JOIN issue_categories cat ON cat.id = i.category_id WHERE i.id = ?1",
        [id],
        |r| {
            Ok(Current {
                status: r.get::<_, String>(0)?.parse().unwrap_or(IssueStatus::Open),
                owner_id: r.get(1)?,
                customer_owner_id: r.get(2)?,
                due: r.get(3)?,
                priority: r.get(4)?,
                category: r.get(5)?,
                title: r.get(6)?,
                waiting_since: r.get(7)?,
                escalation_level: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "issue", id })
}

/// Recomputes the derived columns of issue `id` (see 0002_issues.sql) from its stored facts.
/// Called at the end of every write to an issue, inside its transaction.
fn refresh_derived(
    tx: &Transaction<'_>,
    id: i64,
    resolved_local_date: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Result<()> {
    let (opened_at, due, waiting_seconds, resolved_at): (
        String,
        Option<String>,
        i64,
        Option<String>,
    ) = tx
        .prepare_cached(
            "SELECT opened_at, due_date, waiting_seconds, resolved_at FROM issues WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let parse = |t: &str| {
        DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let due_after = due
        .as_deref()
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map(|d| effective_due(d, waiting_seconds));
    let resolved = resolved_at.as_deref().and_then(parse);
    let resolve_seconds = resolved
        .zip(parse(&opened_at))
        .map(|(r, o)| ((r - o).num_seconds() - waiting_seconds).max(0));
    let on_time = resolved
        .zip(due_after)
        .map(|(r, d)| resolved_local_date(r) <= d);
    tx.prepare_cached(
        "UPDATE issues SET due_after_waits = ?2, resolve_seconds = ?3, resolved_on_time = ?4 WHERE id = ?1",
    )?
    .execute(params![id, due_after.map(|d| d.to_string()), resolve_seconds, on_time])?;
    Ok(())
}

/// Ends a wait on the customer, adding its length to the issue's waiting time.
fn finish_waiting(tx: &Transaction<'_>, id: i64, cur: &Current, now: DateTime<Utc>) -> Result<()> {
    if cur.status == IssueStatus::WaitingOnCustomer {
        let waited = waited_so_far(0, cur.waiting_since.as_deref(), now);
        tx.execute(
            "UPDATE issues SET waiting_seconds = waiting_seconds + ?2, waiting_since = NULL WHERE id = ?1",
            params![id, waited],
        )?;
    }
    Ok(())
}

/// Moves the status (never to closed: see `close_issue`), keeping the waiting clock and the
/// resolved time right, and clearing how it was closed when it is reopened. Records the event.
fn move_status(
    tx: &Transaction<'_>,
    id: i64,
    cur: &Current,
    to: IssueStatus,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = timestamp(now);
    finish_waiting(tx, id, cur, now)?;
    if to == IssueStatus::WaitingOnCustomer {
        tx.execute(
            "UPDATE issues SET waiting_since = ?2 WHERE id = ?1",
            params![id, at],
        )?;
    }
    // One statement: the table checks that only a closed issue says how it was closed.
    tx.execute(
        "UPDATE issues SET status = ?2,
                resolved_at = CASE WHEN ?2 = 'resolved' THEN coalesce(resolved_at, ?3) END,
                closed_at = NULL, closed_how = NULL, satisfaction = NULL
         WHERE id = ?1",
        params![id, to.as_str(), at],
    )?;
    let reopening =
        matches!(cur.status, IssueStatus::Resolved | IssueStatus::Closed) && to.is_active();
    event(
        tx,
        id,
        &at,
        if reopening { "reopened" } else { "status" },
        Some(cur.status.as_str()),
        Some(to.as_str()),
        None,
    )
}

pub(crate) fn insert_issue(tx: &Transaction<'_>, input: &IssueInput, now: &str) -> Result<i64> {
    // A new issue is never resolved, so no local date is needed.
    let no_resolution = |t: DateTime<Utc>| t.date_naive();
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(Error::invalid("title", "say in a few words what is wrong"));
    }
    let due = input
        .due
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(parse_due)
        .transpose()?;
    live_contact_name(tx, input.customer_id, "customer")?;
    if let Some(owner) = input.owner_id {
        team_member_name(tx, owner)?;
    }
    if let Some(co) = input.customer_owner_id {
        live_contact_name(tx, co, "customer_owner")?;
    }
    let category = input
        .category
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| category_id(tx, c))
        .transpose()?;
    tx.prepare_cached(
        "INSERT INTO issues (customer_id, title, description, category_id, priority, owner_id, customer_owner_id,
                             opened_at, due_date, last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)",
    )?
    .execute(params![
        input.customer_id,
        title,
        input.description.as_deref().map(str::trim).filter(|d| !d.is_empty()),
        category,
        input.priority.as_str(),
        input.owner_id,
        input.customer_owner_id,
        now,
        due.map(|d| d.to_string()),
    ])?;
    let id = tx.last_insert_rowid();
    event(tx, id, now, "opened", None, Some(&title), None)?;
    refresh_derived(tx, id, no_resolution)?;
    Ok(id)
}

impl Store {
    /// Opens an issue for a customer. Returns its id.
    pub fn add_issue(&mut self, input: &IssueInput) -> Result<i64> {
        let now = self.now_text();
        self.write(|tx| insert_issue(tx, input, &now))
    }

    /// Opens many issues in one transaction (imports, seeding): all or none.
    pub fn add_issues(&mut self, inputs: &[IssueInput]) -> Result<Vec<i64>> {
        let now = self.now_text();
        self.write(|tx| inputs.iter().map(|i| insert_issue(tx, i, &now)).collect())
    }

    /// Applies every change in `update` as one action, each recorded in the history.
    pub fn update_issue(&mut self, id: i64, update: &IssueUpdate) -> Result<()> {
        let now = self.now();
        let offset = chrono::Duration::minutes(self.utc_offset_minutes().into());
        let local = move |t: DateTime<Utc>| (t + offset).date_naive();
        let at = timestamp(now);
        self.write(|tx| {
            let cur = current(tx, id)?;
            let mut changed = false;
            if let Some(to) = update.status {
                if to == IssueStatus::Closed {
                    return Err(Error::invalid("status", "close an issue with Close, which records whether the customer confirmed the fix"));
                }
                if !can_move(cur.status, to) {
                    return Err(Error::invalid(
                        "status",
                        format!("an issue that is {} cannot move to {}", cur.status.as_str().replace('_', " "), to.as_str().replace('_', " ")),
                    ));
                }
                move_status(tx, id, &cur, to, now)?;
                changed = true;
            }
            let new_owner = if update.clear_owner { Some(None) } else { update.owner_id.map(Some) };
            if let Some(owner) = new_owner.filter(|o| *o != cur.owner_id) {
                let old = cur.owner_id.map(|o| team_member_name(tx, o)).transpose()?;
                let new = owner.map(|o| team_member_name(tx, o)).transpose()?;
                tx.execute("UPDATE issues SET owner_id = ?2 WHERE id = ?1", params![id, owner])?;
                event(tx, id, &at, "owner", old.as_deref(), new.as_deref(), None)?;
                changed = true;
            }
            let new_co = if update.clear_customer_owner { Some(None) } else { update.customer_owner_id.map(Some) };
            if let Some(co) = new_co.filter(|c| *c != cur.customer_owner_id) {
                let name = co.map(|c| live_contact_name(tx, c, "customer_owner")).transpose()?;
                // The previous person by name, even if they have since gone to the Trash.
                let old: Option<String> = match cur.customer_owner_id {
                    Some(c) => tx
                        .query_row("SELECT display_name FROM contacts WHERE id = ?1", [c], |r| r.get(0))
                        .optional()?,
                    None => None,
                };
                tx.execute("UPDATE issues SET customer_owner_id = ?2 WHERE id = ?1", params![id, co])?;
                event(tx, id, &at, "customer_owner", old.as_deref(), name.as_deref(), None)?;
                changed = true;
            }
            let new_due = if update.clear_due {
                Some(None)
            } else {
                update.due.as_deref().map(|d| parse_due(d).map(|d| Some(d.to_string()))).transpose()?
            };
            if let Some(due) = new_due.filter(|d| *d != cur.due) {
                tx.execute("UPDATE issues SET due_date = ?2 WHERE id = ?1", params![id, due])?;
                event(tx, id, &at, "due", cur.due.as_deref(), due.as_deref(), None)?;
                // Moving a promise later is a broken promise; it is counted against the owner.
                if let (Some(old), Some(new)) = (&cur.due, &due) {
                    if new > old {
                        event(tx, id, &at, "broken_promise", Some(old), Some(new), None)?;
                        tx.execute("UPDATE issues SET broken_promises = broken_promises + 1 WHERE id = ?1", [id])?;
                    }
                }
                changed = true;
            }
            if let Some(p) = update.priority.filter(|p| p.as_str() != cur.priority) {
                tx.execute("UPDATE issues SET priority = ?2 WHERE id = ?1", params![id, p.as_str()])?;
                event(tx, id, &at, "priority", Some(&cur.priority), Some(p.as_str()), None)?;
                changed = true;
            }
            let new_cat = if update.clear_category { Some(None) } else { update.category.clone().map(Some) };
            if let Some(cat) = new_cat.filter(|c| c.as_deref() != cur.category.as_deref()) {
                let cat_id = cat.as_deref().map(|c| category_id(tx, c)).transpose()?;
                tx.execute("UPDATE issues SET category_id = ?2 WHERE id = ?1", params![id, cat_id])?;
                event(tx, id, &at, "category", cur.category.as_deref(), cat.as_deref(), None)?;
                changed = true;
            }
            if let Some(title) = update.title.as_deref().map(str::trim).filter(|t| *t != cur.title) {
                if title.is_empty() {
                    return Err(Error::invalid("title", "say in a few words what is wrong"));
                }
                tx.execute("UPDATE issues SET title = ?2 WHERE id = ?1", params![id, title])?;
                event(tx, id, &at, "title", Some(&cur.title), Some(title), None)?;
                changed = true;
            }
            if let Some(d) = &update.description {
                let d = Some(d.trim()).filter(|d| !d.is_empty());
                let old: Option<String> =
                    tx.query_row("SELECT description FROM issues WHERE id = ?1", [id], |r| r.get(0))?;
                if d != old.as_deref() {
                    tx.execute("UPDATE issues SET description = ?2 WHERE id = ?1", params![id, d])?;
                    // The text itself stays on the issue; the history says that it changed.
                    event(tx, id, &at, "description", None, None, None)?;
                    changed = true;
                }
            }
            if let Some(comment) = update.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                event(tx, id, &at, "comment", None, None, Some(comment))?;
                changed = true;
            }
            if !changed {
                return Err(Error::invalid("update", "nothing to change"));
            }
            tx.execute("UPDATE issues SET last_activity_at = ?2 WHERE id = ?1", params![id, at])?;
            refresh_derived(tx, id, local)
        })
    }

    /// Closes the loop: `Confirmed` when the customer said they are satisfied (with an optional 1–5
    /// score), else `Unconfirmed`.
    pub fn close_issue(
        &mut self,
        id: i64,
        how: ClosedHow,
        score: Option<u8>,
        comment: Option<&str>,
    ) -> Result<()> {
        if let Some(s) = score {
            if !(1..=5).contains(&s) {
                return Err(Error::invalid(
                    "score",
                    format!("{s} is not a score from 1 to 5"),
                ));
            }
            if how == ClosedHow::Unconfirmed {
                return Err(Error::invalid(
                    "score",
                    "a satisfaction score needs the customer's confirmation",
                ));
            }
        }
        let now = self.now();
        let at = timestamp(now);
        let offset = chrono::Duration::minutes(self.utc_offset_minutes().into());
        let local = move |t: DateTime<Utc>| (t + offset).date_naive();
        self.write(|tx| {
            let cur = current(tx, id)?;
            if !CLOSABLE.contains(&cur.status) {
                return Err(Error::invalid("status", "this issue is already closed"));
            }
            finish_waiting(tx, id, &cur, now)?;
            tx.execute(
                "UPDATE issues SET status = 'closed', resolved_at = coalesce(resolved_at, ?2), closed_at = ?2,
                        closed_how = ?3, satisfaction = ?4, last_activity_at = ?2
                 WHERE id = ?1",
                params![id, at, how.as_str(), score],
            )?;
            let note = match (score, comment.map(str::trim).filter(|c| !c.is_empty())) {
                (Some(s), Some(c)) => Some(format!("satisfaction {s}/5: {c}")),
                (Some(s), None) => Some(format!("satisfaction {s}/5")),
                (None, Some(c)) => Some(c.to_string()),
                (None, None) => None,
            };
            event(tx, id, &at, "closed", Some(cur.status.as_str()), Some(how.as_str()), note.as_deref())?;
            refresh_derived(tx, id, local)
        })
    }

    /// Records an escalation to `level` (to that level's team member).
    pub fn escalate_issue(&mut self, id: i64, level: u32, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("reason", "say why it goes up the ladder"));
        }
        let at = self.now_text();
        self.write(|tx| {
            let cur = current(tx, id)?;
            if !cur.status.is_active() {
                return Err(Error::invalid("status", "only an issue still being worked on can be escalated"));
            }
            if level <= cur.escalation_level {
                return Err(Error::invalid("level", format!("this issue is already at escalation level {}", cur.escalation_level)));
            }
            let to: Option<String> = tx
                .query_row(
                    "SELECT t.name FROM escalation_levels l JOIN team_members t ON t.id = l.team_member_id WHERE l.level = ?1",
                    [level],
                    |r| r.get(0),
                )
                .optional()?;
            let to = to.ok_or_else(|| Error::invalid("level", format!("the escalation ladder has no level {level}")))?;
            tx.execute(
                "UPDATE issues SET escalation_level = ?2, last_activity_at = ?3 WHERE id = ?1",
                params![id, level, at],
            )?;
            event(tx, id, &at, "escalated", Some(&cur.escalation_level.to_string()), Some(&level.to_string()), Some(&format!("to {to}: {reason}")))
        })
    }

    pub fn issue(&self, id: i64, as_of: &AsOf) -> Result<Issue> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {ISSUE_COLUMNS} {ISSUE_FROM} WHERE i.id = ?1"
            ))?
            .query_row([id], |r| issue_from_row(r, as_of))
            .optional()?
            .ok_or(Error::NotFound { what: "issue", id })
    }

    /// The issue with its history (oldest first) and its customer's latest interactions.
    pub fn issue_detail(&self, id: i64, as_of: &AsOf) -> Result<IssueDetail> {
        let issue = self.issue(id, as_of)?;
        let history = self
            .conn()
            .prepare_cached(
                "SELECT id, at, kind, old_value, new_value, note FROM issue_events WHERE issue_id = ?1 ORDER BY at, id",
            )?
            .query_map([id], |r| {
                Ok(IssueEvent {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    kind: r.get(2)?,
                    old_value: r.get(3)?,
                    new_value: r.get(4)?,
                    note: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let recent_interactions = self.interactions(issue.customer_id, Some(5))?;
        Ok(IssueDetail {
            issue,
            history,
            recent_interactions,
        })
    }

    /// Issues matching `filter`, soonest due first (no due date last), a page at a time when
    /// `filter.limit` is set.
    pub fn list_issues(&self, filter: &IssueFilter, as_of: &AsOf) -> Result<Vec<Issue>> {
        let (conditions, mut args) = issue_conditions(filter, as_of);
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(filter.offset.into()));
        // Sort only ids and dates, then build the rows of the page: joining every match before
        // sorting costs far more than the sort.
        let sql = format!(
            "WITH page AS (
                 SELECT i.id AS id, i.due_date AS due {ISSUE_FROM} WHERE {conditions}
                 ORDER BY i.due_date IS NULL, i.due_date, i.id LIMIT ?{} OFFSET ?{})
             SELECT {ISSUE_COLUMNS} FROM page p JOIN issues i ON i.id = p.id
                 LEFT JOIN contacts cu ON cu.id = i.customer_id
                 LEFT JOIN issue_categories cat ON cat.id = i.category_id
                 LEFT JOIN team_members t ON t.id = i.owner_id
                 LEFT JOIN contacts co ON co.id = i.customer_owner_id
             ORDER BY p.due IS NULL, p.due, p.id",
            args.len() - 1,
            args.len()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let issues = stmt
            .query_map(params_from_iter(args.iter()), |r| issue_from_row(r, as_of))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(issues)
    }

    /// How many issues match `filter` (ignoring its page).
    pub fn count_issues(&self, filter: &IssueFilter, as_of: &AsOf) -> Result<u32> {
        let (conditions, args) = issue_conditions(filter, as_of);
        let sql = format!("SELECT count(*) {ISSUE_FROM} WHERE {conditions}");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?)
    }

    /// A page of issues matching `filter` and the total, read together (one snapshot).
    pub fn issue_page(&self, filter: &IssueFilter, as_of: &AsOf) -> Result<IssuePage> {
        let tx = self.conn().unchecked_transaction()?;
        let issues = self.list_issues(filter, as_of)?;
        let total = if filter.offset == 0 && filter.limit.is_none_or(|l| issues.len() < l as usize)
        {
            issues.len() as u32
        } else {
            self.count_issues(filter, as_of)?
        };
        tx.commit()?;
        Ok(IssuePage { issues, total })
    }
}

/// The WHERE clause of a filter, with its arguments.
fn issue_conditions(filter: &IssueFilter, as_of: &AsOf) -> (String, Vec<Value>) {
    {
        let mut args: Vec<Value> = Vec::new();
        let mut conditions: Vec<String> = vec!["1 = 1".into()];
        let arg = |v: Value, args: &mut Vec<Value>| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(s) = filter.status {
            let a = arg(Value::Text(s.as_str().into()), &mut args);
            conditions.push(format!("i.status = {a}"));
        }
        if filter.active {
            conditions.push("i.status IN ('open', 'in_progress', 'waiting_on_customer')".into());
        }
        if let Some(o) = filter.owner_id {
            let a = arg(Value::Integer(o), &mut args);
            conditions.push(format!("i.owner_id = {a}"));
        }
        if let Some(c) = filter.customer_id {
            let a = arg(Value::Integer(c), &mut args);
            conditions.push(format!("(i.customer_id = {a} OR cu.organization_id = {a})"));
        }
        if let Some(cat) = filter.category.as_deref() {
            let a = arg(Value::Text(cat.to_string()), &mut args);
            conditions.push(format!("cat.name = {a}"));
        }
        if let Some(p) = filter.priority {
            let a = arg(Value::Text(p.as_str().into()), &mut args);
            conditions.push(format!("i.priority = {a}"));
        }
        let today = as_of.today.to_string();
        if filter.overdue {
            let a = arg(Value::Text(today.clone()), &mut args);
            conditions.push(format!(
                "i.status IN ('open', 'in_progress') AND i.due_after_waits < {a}"
            ));
        }
        if let Some(days) = filter.due_within_days {
            let until = as_of
                .today
                .checked_add_days(Days::new(days.into()))
                .unwrap_or(as_of.today);
            let a = arg(Value::Text(today), &mut args);
            let b = arg(Value::Text(until.to_string()), &mut args);
            conditions.push(format!(
                "i.status IN ('open', 'in_progress', 'waiting_on_customer') AND i.due_after_waits >= {a} AND i.due_after_waits <= {b}"
            ));
        }
        (conditions.join(" AND "), args)
    }
}

impl Store {
    /// Active issues, most pressing first: urgent, overdue, and customers who are unhappy (a negative
    /// interaction in the last 30 days, or a low score on a recently closed issue), each with why.
    /// The first `limit` (all when `None`). Every active issue is ranked on a few columns; only the
    /// ones returned are read in full, so the top of a queue of 80,000 costs one index scan.
    pub fn issue_queue(&self, as_of: &AsOf, limit: Option<u32>) -> Result<Vec<QueueItem>> {
        let since = timestamp(as_of.now - chrono::Duration::days(30));
        let unhappy: std::collections::HashMap<i64, String> = self
            .conn()
            .prepare_cached(
                "SELECT contact_id, 'a negative interaction on ' || substr(max(occurred_at), 1, 10) FROM interactions
                 WHERE tone = 'negative' AND occurred_at >= ?1 GROUP BY contact_id
                 UNION ALL
                 SELECT customer_id, 'scored a recent fix ' || min(satisfaction) || '/5' FROM issues
                 WHERE satisfaction IS NOT NULL AND satisfaction <= 2 AND closed_at >= ?1 GROUP BY customer_id",
            )?
            .query_map([&since], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // (score, effective due, id) of every active issue, from the columns the rank needs.
        let mut ranked: Vec<(u32, NaiveDate, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT id, customer_id, priority, status, due_date, waiting_seconds, waiting_since, escalation_level
                 FROM issues WHERE status IN ('open', 'in_progress', 'waiting_on_customer')",
            )?
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                let customer: i64 = r.get(1)?;
                let priority: Priority = r.get::<_, String>(2)?.parse().unwrap_or_default();
                let status: IssueStatus = r.get::<_, String>(3)?.parse().unwrap_or(IssueStatus::Open);
                let due: Option<NaiveDate> = r.get::<_, Option<String>>(4)?.and_then(|d| d.parse().ok());
                let waiting_since: Option<String> = r.get(6)?;
                let waited = waited_so_far(r.get(5)?, waiting_since.as_deref(), as_of.now);
                let effective = due.map(|d| effective_due(d, waited));
                let days_overdue = days_overdue(status, effective, as_of.today);
                let (score, _) = rank(
                    priority,
                    days_overdue,
                    unhappy.get(&customer).map(String::as_str),
                    r.get(7)?,
                );
                Ok((score, effective.unwrap_or(NaiveDate::MAX), id))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Highest score first, then the soonest (effective) due date, then the oldest.
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        if let Some(limit) = limit {
            ranked.truncate(limit as usize);
        }
        ranked
            .into_iter()
            .map(|(_, _, id)| {
                let issue = self.issue(id, as_of)?;
                let (score, reasons) = rank(
                    issue.priority,
                    issue.days_overdue,
                    unhappy.get(&issue.customer_id).map(String::as_str),
                    issue.escalation_level,
                );
                Ok(QueueItem {
                    issue,
                    score,
                    reasons,
                })
            })
            .collect()
    }

    /// The categories, by name.
    pub fn issue_categories(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT name FROM issue_categories WHERE active = 1 ORDER BY name COLLATE NOCASE",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// Adds a category (or does nothing if it exists).
    pub fn add_issue_category(&mut self, name: &str) -> Result<()> {
        self.write(|tx| category_id(tx, name).map(|_| ()))
    }

    /// Takes a category off the list offered for new issues. Issues already in it keep it (the
    /// Pareto of past issues stays true); adding the name again brings it back.
    pub fn remove_issue_category(&mut self, name: &str) -> Result<()> {
        let name = name.trim().to_string();
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE issue_categories SET active = 0 WHERE name = ?1 COLLATE NOCASE AND active = 1",
                [&name],
            )?;
            if n == 0 {
                return Err(Error::invalid("category", format!("there is no category called '{name}'")));
            }
            Ok(())
        })
    }

    /// Finds a team member by name (any case).
    pub fn team_member_id(&self, name: &str) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT id FROM team_members WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                Error::invalid(
                    "owner",
                    format!("nobody called '{}' is on the team", name.trim()),
                )
            })
    }
}
