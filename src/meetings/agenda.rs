//! The agenda a customer meeting starts with: their open issues (overdue first, then by due
//! date), the last meeting's action items still open, and their latest survey score (a seam:
//! surveys land separately). Read inside the meeting's transaction, so what is written is what
//! was read.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::{AgendaItem, AgendaKind};
use crate::error::Result;

/// A customer's latest survey answer, for the agenda and the meeting pack.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyScore {
    /// "CSAT" or "NPS".
    pub kind: String,
    pub score: f64,
    pub answered_on: NaiveDate,
}

/// The customer's latest survey score (`customer` = `None`: across all customers).
///
/// SEAM (surveys, issue in progress on another branch): surveys do not exist on this branch, so
/// there is never a score. When the surveys tables land, read the latest answer here; the agenda
/// (`prefill`) and the meeting pack's Summary sheet already show it when it is `Some`.
pub fn latest_survey_score(
    _conn: &Connection,
    _customer: Option<i64>,
) -> Result<Option<SurveyScore>> {
    Ok(None)
}

fn short_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The pre-filled agenda for a meeting with `customer` on local date `today`, before `held_at`.
pub(crate) fn prefill(
    conn: &Connection,
    customer: i64,
    today: NaiveDate,
    held_at: &str,
) -> Result<Vec<AgendaItem>> {
    let mut items = Vec::new();
    // Open issues of the customer (and of its people, as the issue list does): overdue first.
    let today_text = today.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.title, i.due_after_waits, t.name,
                coalesce(i.status IN ('open', 'in_progress') AND i.due_after_waits < ?2, 0) AS overdue
         FROM issues i LEFT JOIN contacts cu ON cu.id = i.customer_id
         LEFT JOIN team_members t ON t.id = i.owner_id
         WHERE (i.customer_id = ?1 OR cu.organization_id = ?1)
           AND i.status IN ('open', 'in_progress', 'waiting_on_customer')
         ORDER BY overdue DESC, i.due_after_waits IS NULL, i.due_after_waits, i.id",
    )?;
    let rows = stmt.query_map(params![customer, today_text], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    for row in rows {
        let (id, title, due, owner, overdue) = row?;
        let due = due.and_then(|d| d.parse::<NaiveDate>().ok());
        let mut text = format!("#{id} {title}");
        match due {
            Some(d) if overdue => {
                let days = (today - d).num_days();
                text.push_str(&format!(
                    " — overdue by {days} day{} (due {})",
                    if days == 1 { "" } else { "s" },
                    short_date(d)
                ));
            }
            Some(d) => text.push_str(&format!(" — due {}", short_date(d))),
            None => text.push_str(" — no due date"),
        }
        if let Some(o) = owner {
            text.push_str(&format!("; owner {o}"));
        }
        items.push(AgendaItem {
            position: 0,
            kind: AgendaKind::Issue,
            issue_id: Some(id),
            action_id: None,
            text,
            update_note: None,
            overdue,
        });
    }
    // The last meeting's action items still open.
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM meetings WHERE customer_id = ?1 AND held_at < ?2 ORDER BY held_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![customer, held_at], |r| r.get(0))
        .ok();
    if let Some(last) = last {
        for a in super::actions::actions_of(conn, last)? {
            if a.done {
                continue;
            }
            let mut text = format!("Action: {} ({}", a.text, a.owner);
            if let Some(d) = a.due {
                text.push_str(&format!(", due {}", short_date(d)));
            }
            text.push(')');
            items.push(AgendaItem {
                position: 0,
                kind: AgendaKind::Action,
                issue_id: a.issue_id,
                action_id: Some(a.id),
                text,
                update_note: None,
                overdue: a.due.is_some_and(|d| d < today),
            });
        }
    }
    if let Some(s) = latest_survey_score(conn, Some(customer))? {
        items.push(AgendaItem {
            position: 0,
            kind: AgendaKind::Survey,
            issue_id: None,
            action_id: None,
            text: format!(
                "Latest {}: {} ({})",
                s.kind,
                s.score,
                short_date(s.answered_on)
            ),
            update_note: None,
            overdue: false,
        });
    }
    Ok(items)
}
