//! The agenda a customer meeting starts with: their open issues (overdue first, then by due
//! date), the last meeting's action items still open, and their latest survey score. Read inside the meeting's transaction, so what is written is what
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
/// For a customer: their latest answer (theirs or their organisation's people's), NPS when they
/// answered the recommend question, else CSAT (1–5). Across all customers: the latest survey's
/// NPS, else its CSAT percentage (PRODUCT.md's definitions, `surveys::analysis`).
pub fn latest_survey_score(
    conn: &Connection,
    customer: Option<i64>,
) -> Result<Option<SurveyScore>> {
    use rusqlite::OptionalExtension;
    let answered = |responded: Option<String>, imported: String| -> Option<NaiveDate> {
        let text = responded.unwrap_or(imported);
        text.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    match customer {
        Some(id) => {
            // (nps, csat, responded_at, the survey's imported_at)
            type Latest = (Option<i64>, Option<i64>, Option<String>, String);
            let row: Option<Latest> = conn
                .query_row(
                    "SELECT r.nps, r.csat, r.responded_at, s.imported_at
                       FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
                      WHERE (r.contact_id = ?1
                             OR r.contact_id IN (SELECT id FROM contacts WHERE organization_id = ?1))
                        AND (r.nps IS NOT NULL OR r.csat IS NOT NULL)
                      ORDER BY coalesce(r.responded_at, s.imported_at) DESC, r.id DESC
                      LIMIT 1",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            Ok(row.and_then(|(nps, csat, responded, imported)| {
                let answered_on = answered(responded, imported)?;
                match (nps, csat) {
                    (Some(n), _) => Some(SurveyScore {
                        kind: "NPS".into(),
                        score: n as f64,
                        answered_on,
                    }),
                    (None, Some(c)) => Some(SurveyScore {
                        kind: "CSAT".into(),
                        score: c as f64,
                        answered_on,
                    }),
                    _ => None,
                }
            }))
        }
        None => {
            let latest: Option<(i64, String)> = conn
                .query_row(
                    "SELECT id, imported_at FROM surveys ORDER BY imported_at DESC, id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((survey, imported)) = latest else {
                return Ok(None);
            };
            let mut nps = Vec::new();
            let mut csat = Vec::new();
            let mut last: Option<String> = None;
            let mut stmt = conn.prepare_cached(
                "SELECT nps, csat, responded_at FROM survey_responses WHERE survey_id = ?1",
            )?;
            let mut rows = stmt.query([survey])?;
            while let Some(row) = rows.next()? {
                if let Some(n) = row.get::<_, Option<i64>>(0)? {
                    nps.push(n.clamp(0, 10) as u8);
                }
                if let Some(c) = row.get::<_, Option<i64>>(1)? {
                    csat.push(c.clamp(1, 5) as u8);
                }
                let at: Option<String> = row.get(2)?;
                if at > last {
                    last = at;
                }
            }
            let Some(answered_on) = answered(last, imported) else {
                return Ok(None);
            };
            let (kind, figure) = if !nps.is_empty() {
                ("NPS", crate::surveys::analysis::nps(&nps).value)
            } else {
                ("CSAT %", crate::surveys::analysis::csat(&csat).value)
            };
            Ok(figure.map(|score| SurveyScore {
                kind: kind.into(),
                score: (score * 10.0).round() / 10.0,
                answered_on,
            }))
        }
    }
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
