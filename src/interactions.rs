//! The timeline: calls, emails, visits, messages and notes with a contact, each with its tone.
//! "Last contacted" is derived from it, never stored.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::text_enum;
use crate::error::{Error, Result};
use crate::store::{timestamp, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InteractionChannel {
    Call,
    Email,
    Visit,
    Message,
    Note,
}
text_enum!(InteractionChannel {
    Call = "call",
    Email = "email",
    Visit = "visit",
    Message = "message",
    Note = "note",
});

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Positive,
    #[default]
    Neutral,
    Negative,
}
text_enum!(Tone {
    Positive = "positive",
    Neutral = "neutral",
    Negative = "negative",
});

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Interaction {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub contact_id: i64,
    /// UTC, RFC 3339.
    pub occurred_at: String,
    pub channel: InteractionChannel,
    pub summary: String,
    pub tone: Tone,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InteractionInput {
    #[ts(type = "number")]
    pub contact_id: i64,
    /// When it happened; "now" when absent.
    #[ts(type = "string | null")]
    pub occurred_at: Option<DateTime<Utc>>,
    pub channel: InteractionChannel,
    pub summary: String,
    #[serde(default)]
    pub tone: Tone,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    /// The customer issue this interaction is about, if any (it must be the same customer's).
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub issue_id: Option<i64>,
}

impl Store {
    /// Logs an interaction with a live contact. Returns its id.
    pub fn add_interaction(&mut self, input: &InteractionInput) -> Result<i64> {
        let summary = input.summary.trim();
        if summary.is_empty() {
            return Err(Error::invalid(
                "summary",
                "say in a few words what happened",
            ));
        }
        let now = self.now_text();
        let at = input
            .occurred_at
            .map(timestamp)
            .unwrap_or_else(|| now.clone());
        self.write(|tx| {
            let deleted: Option<Option<String>> = tx
                .query_row("SELECT deleted_at FROM contacts WHERE id = ?1", [input.contact_id], |r| {
                    r.get(0)
                })
                .optional()?;
            match deleted {
                None => {
                    return Err(Error::NotFound {
                        what: "contact",
                        id: input.contact_id,
                    })
                }
                Some(Some(_)) => {
                    return Err(Error::Conflict(format!(
                        "contact {} is in the Trash: restore it first",
                        input.contact_id
                    )))
                }
                Some(None) => {}
            }
            if let Some(member) = input.team_member_id {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM team_members WHERE id = ?1)",
                    [member],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(Error::invalid("team_member", format!("team member {member} does not exist")));
                }
            }
            if let Some(issue) = input.issue_id {
                let people: Option<(i64, Option<i64>)> = tx
                    .query_row(
                        "SELECT customer_id, customer_owner_id FROM issues WHERE id = ?1",
                        [issue],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((customer, customer_owner)) = people else {
                    return Err(Error::invalid("issue", format!("issue {issue} does not exist")));
                };
                // The contact is the issue's customer, its customer-side owner, or a person at
                // the customer organisation.
                let related: bool = tx.query_row(
                    "SELECT ?1 = ?2 OR ?1 IS ?3
                        OR EXISTS (SELECT 1 FROM contacts WHERE id = ?1 AND organization_id = ?2)",
                    params![input.contact_id, customer, customer_owner],
                    |r| r.get(0),
                )?;
                if !related {
                    return Err(Error::invalid(
                        "issue",
                        format!("issue {issue} belongs to another customer"),
                    ));
                }
            }
            tx.prepare_cached(
                "INSERT INTO interactions (contact_id, occurred_at, channel, summary, tone, team_member_id, issue_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                input.contact_id,
                at,
                input.channel.as_str(),
                summary,
                input.tone.as_str(),
                input.team_member_id,
                input.issue_id,
                now
            ])?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// A contact's timeline, newest first; at most `limit` entries when given.
    pub fn interactions(&self, contact_id: i64, limit: Option<u32>) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, contact_id, occurred_at, channel, summary, tone, issue_id, team_member_id, created_at
             FROM interactions WHERE contact_id = ?1 ORDER BY occurred_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![contact_id, limit.map_or(-1, i64::from)], |r| {
                let channel: String = r.get(3)?;
                let tone: String = r.get(5)?;
                Ok(Interaction {
                    id: r.get(0)?,
                    contact_id: r.get(1)?,
                    occurred_at: r.get(2)?,
                    channel: channel.parse().unwrap_or(InteractionChannel::Note),
                    summary: r.get(4)?,
                    tone: tone.parse().unwrap_or_default(),
                    issue_id: r.get(6)?,
                    team_member_id: r.get(7)?,
                    created_at: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
