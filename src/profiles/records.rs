//! What the owner records on a profile (the interview form, notes, kick-out factors, decisions) and
//! praise for the team: writes, one transaction each, and the bulk loads profiles are built from.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    Decision, Gap, KickOutFactor, KickOutStatus, Level, NoteKind, Profile, ProfileNote, Scope,
};
use crate::contacts::text_enum;
use crate::error::{Error, Result};
use crate::issues::live_contact_name;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KudosSource {
    Interaction,
    Survey,
    Manual,
}
text_enum!(KudosSource {
    Interaction = "interaction",
    Survey = "survey",
    Manual = "manual",
});

/// Praise to record: credited to a team member (or the whole business), from a customer.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct KudosInput {
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub text: String,
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    pub source: KudosSource,
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Kudos {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    /// The team member's name, or "The business".
    pub credited_to: String,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub customer: Option<String>,
    pub text: String,
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    pub source: KudosSource,
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
}

fn non_empty(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, "cannot be empty"));
    }
    Ok(t.to_string())
}

fn one_to_five(field: &str, v: u8) -> Result<u8> {
    if (1..=5).contains(&v) {
        Ok(v)
    } else {
        Err(Error::invalid(field, format!("{v} is not between 1 and 5")))
    }
}

impl Store {
    /// Records one answer of the interview form: how important `attribute` is to the customer and
    /// how we are doing on it (1–5 each). The latest answer per attribute is the one shown.
    pub fn rate_attribute(
        &mut self,
        customer_id: i64,
        attribute: &str,
        importance: u8,
        performance: u8,
        asked_on: NaiveDate,
    ) -> Result<i64> {
        let attribute = non_empty("attribute", attribute)?;
        one_to_five("importance", importance)?;
        one_to_five("performance", performance)?;
        let now = self.now_text();
        self.write(|tx| {
            live_contact_name(tx, customer_id, "customer")?;
            tx.execute(
                "INSERT INTO profile_attributes (customer_id, attribute, importance, performance, asked_on, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![customer_id, attribute, importance, performance, asked_on.to_string(), now],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// A future need (next 12 months) or an improvement area, with its date.
    pub fn add_profile_note(
        &mut self,
        customer_id: i64,
        kind: NoteKind,
        text: &str,
        noted_on: NaiveDate,
    ) -> Result<i64> {
        let text = non_empty("text", text)?;
        let now = self.now_text();
        self.write(|tx| {
            live_contact_name(tx, customer_id, "customer")?;
            tx.execute(
                "INSERT INTO profile_notes (customer_id, kind, text, noted_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![customer_id, kind.as_str(), text, noted_on.to_string(), now],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Something that would make this customer leave; `review_on` becomes a reminder.
    pub fn add_kick_out_factor(
        &mut self,
        customer_id: i64,
        description: &str,
        status: KickOutStatus,
        review_on: Option<NaiveDate>,
    ) -> Result<i64> {
        let description = non_empty("description", description)?;
        let now = self.now_text();
        self.write(|tx| {
            live_contact_name(tx, customer_id, "customer")?;
            tx.execute(
                "INSERT INTO kick_out_factors (customer_id, description, status, review_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![customer_id, description, status.as_str(), review_on.map(|d| d.to_string()), now],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Changes a kick-out factor's status and review date.
    pub fn update_kick_out_factor(
        &mut self,
        id: i64,
        status: KickOutStatus,
        review_on: Option<NaiveDate>,
    ) -> Result<()> {
        let now = self.now_text();
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE kick_out_factors SET status = ?2, review_on = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, status.as_str(), review_on.map(|d| d.to_string()), now],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "kick-out factor",
                    id,
                });
            }
            Ok(())
        })
    }

    /// Sets the vulnerability level by hand (`None` = back to the computed level), with a reason
    /// that is kept in the profile's history.
    pub fn set_vulnerability(
        &mut self,
        customer_id: i64,
        level: Option<Level>,
        reason: &str,
    ) -> Result<i64> {
        self.decide(customer_id, "level", level, None, reason)
    }

    /// Sets the resolve-by date by hand (`None` = back to the suggestion), with a reason.
    pub fn set_resolve_by(
        &mut self,
        customer_id: i64,
        date: Option<NaiveDate>,
        reason: &str,
    ) -> Result<i64> {
        self.decide(customer_id, "resolve_by", None, date, reason)
    }

    fn decide(
        &mut self,
        customer_id: i64,
        what: &str,
        level: Option<Level>,
        resolve_by: Option<NaiveDate>,
        reason: &str,
    ) -> Result<i64> {
        let reason = non_empty("reason", reason)?;
        let now = self.now_text();
        self.write(|tx| {
            live_contact_name(tx, customer_id, "customer")?;
            tx.execute(
                "INSERT INTO profile_decisions (customer_id, what, level, resolve_by, reason, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    customer_id,
                    what,
                    level.map(|l| l.as_str()),
                    resolve_by.map(|d| d.to_string()),
                    reason,
                    now
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Records praise, credited to a team member or (without one) the business.
    pub fn add_kudos(&mut self, input: &KudosInput) -> Result<i64> {
        let text = non_empty("text", &input.text)?;
        let now = self.now_text();
        self.write(|tx| {
            if let Some(id) = input.team_member_id {
                let exists: Option<i64> = tx
                    .query_row("SELECT id FROM team_members WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?;
                if exists.is_none() {
                    return Err(Error::invalid(
                        "team_member",
                        format!("team member {id} does not exist"),
                    ));
                }
            }
            if let Some(id) = input.customer_id {
                live_contact_name(tx, id, "customer")?;
            }
            if let Some(id) = input.interaction_id {
                let contact: Option<i64> = tx
                    .query_row("SELECT contact_id FROM interactions WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match contact {
                    None => {
                        return Err(Error::invalid(
                            "interaction",
                            format!("interaction {id} does not exist"),
                        ))
                    }
                    Some(c) if input.customer_id.is_some_and(|cust| cust != c) => {
                        return Err(Error::invalid(
                            "interaction",
                            format!("interaction {id} is with another contact"),
                        ))
                    }
                    Some(_) => {}
                }
            }
            tx.execute(
                "INSERT INTO kudos (team_member_id, customer_id, text, received_on, source, interaction_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    input.team_member_id,
                    input.customer_id,
                    text,
                    input.received_on.to_string(),
                    input.source.as_str(),
                    input.interaction_id,
                    now
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Praise, newest first: for one team member, or everyone's (`None`).
    pub fn kudos(&self, team_member_id: Option<i64>, limit: u32) -> Result<Vec<Kudos>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT k.id, k.team_member_id, t.name, k.customer_id, c.display_name, k.text,
                    k.received_on, k.source, k.interaction_id
               FROM kudos k
               LEFT JOIN team_members t ON t.id = k.team_member_id
               LEFT JOIN contacts c ON c.id = k.customer_id
              WHERE ?1 IS NULL OR k.team_member_id = ?1
              ORDER BY k.received_on DESC, k.id DESC
              LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![team_member_id, limit], |r| {
            let on: String = r.get(6)?;
            let source: String = r.get(7)?;
            Ok(Kudos {
                id: r.get(0)?,
                team_member_id: r.get(1)?,
                credited_to: r
                    .get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| "The business".into()),
                customer_id: r.get(3)?,
                customer: r.get(4)?,
                text: r.get(5)?,
                received_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").unwrap_or_default(),
                source: source.parse().unwrap_or(KudosSource::Manual),
                interaction_id: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The owner's records for every customer in scope.
#[derive(Default)]
pub(super) struct Records {
    gaps: HashMap<i64, Vec<Gap>>,
    kick_outs: HashMap<i64, Vec<KickOutFactor>>,
    notes: HashMap<i64, Vec<ProfileNote>>,
    decisions: HashMap<i64, Vec<Decision>>,
}

impl Records {
    pub(super) fn customers(&self) -> impl Iterator<Item = i64> + '_ {
        self.gaps
            .keys()
            .chain(self.kick_outs.keys())
            .chain(self.notes.keys())
            .chain(self.decisions.keys())
            .copied()
    }

    pub(super) fn fill(&mut self, p: &mut Profile) {
        let id = p.customer_id;
        p.gaps = self.gaps.remove(&id).unwrap_or_default();
        p.kick_out_factors = self.kick_outs.remove(&id).unwrap_or_default();
        for note in self.notes.remove(&id).unwrap_or_default() {
            match note.kind {
                NoteKind::FutureNeed => p.future_needs.push(note),
                NoteKind::Improvement => p.improvement_areas.push(note),
            }
        }
        p.decisions = self.decisions.remove(&id).unwrap_or_default();
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

pub(super) fn load(conn: &Connection, scope: Scope) -> Result<Records> {
    let (filter, id) = match scope {
        Scope::All => ("", None),
        Scope::One(id) => ("WHERE customer_id = ?1", Some(id)),
    };
    let bind: Vec<i64> = id.into_iter().collect();
    let bind = rusqlite::params_from_iter(bind.iter());
    let mut r = Records::default();

    // The latest answer per attribute (ties: the later row).
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, attribute, importance, performance, asked_on FROM profile_attributes {filter}
         ORDER BY customer_id, attribute COLLATE NOCASE, asked_on DESC, id DESC"
    ))?;
    let mut rows = stmt.query(bind.clone())?;
    while let Some(row) = rows.next()? {
        let customer: i64 = row.get(0)?;
        let attribute: String = row.get(1)?;
        let gaps = r.gaps.entry(customer).or_default();
        if gaps
            .iter()
            .any(|g| g.attribute.eq_ignore_ascii_case(&attribute))
        {
            continue;
        }
        let importance: f64 = row.get(2)?;
        let performance: f64 = row.get(3)?;
        gaps.push(Gap {
            attribute,
            importance,
            performance,
            gap: importance - performance,
            source: "interview".into(),
            asked_on: day(&row.get::<_, String>(4)?),
        });
    }
    for gaps in r.gaps.values_mut() {
        gaps.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(a.attribute.cmp(&b.attribute)));
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, customer_id, description, status, review_on, updated_at FROM kick_out_factors {filter}
         ORDER BY CASE status WHEN 'present' THEN 0 WHEN 'watching' THEN 1 ELSE 2 END, id"
    ))?;
    let mut rows = stmt.query(bind.clone())?;
    while let Some(row) = rows.next()? {
        let status: String = row.get(3)?;
        let k = KickOutFactor {
            id: row.get(0)?,
            customer_id: row.get(1)?,
            description: row.get(2)?,
            status: status.parse().unwrap_or(KickOutStatus::Watching),
            review_on: row.get::<_, Option<String>>(4)?.map(|d| day(&d)),
            updated_at: row.get(5)?,
        };
        r.kick_outs.entry(k.customer_id).or_default().push(k);
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, customer_id, kind, text, noted_on FROM profile_notes {filter} ORDER BY noted_on DESC, id DESC"
    ))?;
    let mut rows = stmt.query(bind.clone())?;
    while let Some(row) = rows.next()? {
        let kind: String = row.get(2)?;
        r.notes.entry(row.get(1)?).or_default().push(ProfileNote {
            id: row.get(0)?,
            kind: kind.parse().unwrap_or(NoteKind::Improvement),
            text: row.get(3)?,
            noted_on: day(&row.get::<_, String>(4)?),
        });
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, customer_id, what, level, resolve_by, reason, decided_at FROM profile_decisions {filter}
         ORDER BY decided_at DESC, id DESC"
    ))?;
    let mut rows = stmt.query(bind)?;
    while let Some(row) = rows.next()? {
        let level: Option<String> = row.get(3)?;
        r.decisions.entry(row.get(1)?).or_default().push(Decision {
            id: row.get(0)?,
            what: row.get(2)?,
            level: level.and_then(|l| l.parse().ok()),
            resolve_by: row.get::<_, Option<String>>(4)?.map(|d| day(&d)),
            reason: row.get(5)?,
            decided_at: row.get(6)?,
        });
    }
    Ok(r)
}
