//! Merging two contacts that are one: the survivor (`keep`) takes over the other's history and
//! fills its empty fields from it; the other goes to the Trash. One transaction.
//!
//! What moves to the survivor: interactions, issues where the other is the customer
//! (`customer_id`) or the customer-side owner (`customer_owner_id`), follow-ups, vCard UIDs (so a
//! re-import updates the survivor), and for an organisation its members. What fills in: every
//! empty field (names, title, organisation, address, birthday, notes, dates, channel); emails,
//! phones and tags are added; "do not contact" on either stays on.
//!
//! Undo is restoring the other contact from the Trash: it comes back exactly as it was (its own
//! row is never changed by a merge). Its history stays with the survivor, and the survivor keeps
//! the filled fields; `contact_merges` records which rows moved, so they can be found again.

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::write::find_organization;
use crate::contacts::update_contact_in;
use crate::contacts::{validate_contact, ContactInput, ContactKind};
use crate::error::{Error, Result};
use crate::store::Store;

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergeReport {
    #[ts(type = "number")]
    pub kept_id: i64,
    #[ts(type = "number")]
    pub merged_id: i64,
    #[ts(type = "number")]
    pub interactions: usize,
    #[ts(type = "number")]
    pub issues: usize,
    #[ts(type = "number")]
    pub follow_ups: usize,
    /// The survivor's fields that were empty and now hold the other's value.
    pub filled: Vec<String>,
}

fn fill(slot: &mut Option<String>, from: &Option<String>, name: &str, filled: &mut Vec<String>) {
    if slot.as_deref().is_none_or(|s| s.trim().is_empty())
        && from.as_deref().is_some_and(|s| !s.trim().is_empty())
    {
        slot.clone_from(from);
        filled.push(name.to_string());
    }
}

impl Store {
    /// Merges contact `other` into contact `keep` (see the module notes).
    pub fn merge_contacts(&mut self, keep: i64, other: i64) -> Result<MergeReport> {
        if keep == other {
            return Err(Error::invalid(
                "other",
                "a contact cannot be merged with itself",
            ));
        }
        let kept = self.contact(keep)?;
        let gone = self.contact(other)?;
        for c in [&kept, &gone] {
            if c.deleted_at.is_some() {
                return Err(Error::Conflict(format!(
                    "{} is in the Trash: restore it first",
                    c.name
                )));
            }
        }
        if kept.kind != gone.kind {
            return Err(Error::invalid(
                "other",
                format!(
                    "{} is a {} and {} a {}: only two people or two organisations can be merged",
                    kept.name, kept.kind, gone.name, gone.kind
                ),
            ));
        }
        let mut input = ContactInput::from(&kept);
        let from = ContactInput::from(&gone);
        let mut filled = Vec::new();
        fill(
            &mut input.given_name,
            &from.given_name,
            "given_name",
            &mut filled,
        );
        fill(
            &mut input.family_name,
            &from.family_name,
            "family_name",
            &mut filled,
        );
        fill(
            &mut input.job_title,
            &from.job_title,
            "job_title",
            &mut filled,
        );
        if gone.organization_id.is_some_and(|o| o != keep) {
            fill(
                &mut input.organization,
                &from.organization,
                "organization",
                &mut filled,
            );
        }
        fill(&mut input.birthday, &from.birthday, "birthday", &mut filled);
        fill(&mut input.notes, &from.notes, "notes", &mut filled);
        fill(
            &mut input.customer_since,
            &from.customer_since,
            "customer_since",
            &mut filled,
        );
        fill(
            &mut input.renewal_date,
            &from.renewal_date,
            "renewal_date",
            &mut filled,
        );
        if input.address.is_empty() && !from.address.is_empty() {
            input.address = from.address.clone();
            filled.push("address".into());
        }
        if input.preferred_channel.is_none() && from.preferred_channel.is_some() {
            input.preferred_channel = from.preferred_channel;
            filled.push("preferred_channel".into());
        }
        if !input.do_not_contact && from.do_not_contact {
            input.do_not_contact = true;
            filled.push("do_not_contact".into());
        }
        let before = (input.emails.len(), input.phones.len(), input.tags.len());
        super::overlay(
            &mut input,
            &ContactInput {
                emails: from.emails.clone(),
                phones: from.phones.clone(),
                tags: from.tags.clone(),
                ..ContactInput::default()
            },
        );
        for (name, was, now) in [
            ("emails", before.0, input.emails.len()),
            ("phones", before.1, input.phones.len()),
            ("tags", before.2, input.tags.len()),
        ] {
            if now > was {
                filled.push(name.into());
            }
        }
        if let Some(org) = &input.organization {
            if find_organization(self.conn(), org)?.is_none() {
                input.organization = None;
            }
        }
        let valid = validate_contact(&input).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .map(Error::from)
                .unwrap_or_else(|| Error::invalid("contact", "is not valid"))
        })?;
        let now = self.now_text();
        self.write(|tx| {
            let ids = |sql: &str| -> Result<Vec<i64>> {
                let mut stmt = tx.prepare(sql)?;
                let ids = stmt
                    .query_map([other], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                Ok(ids)
            };
            let interactions = ids("SELECT id FROM interactions WHERE contact_id = ?1")?;
            let issues = ids("SELECT id FROM issues WHERE customer_id = ?1")?;
            let owned = ids("SELECT id FROM issues WHERE customer_owner_id = ?1")?;
            let follow_ups = ids("SELECT id FROM follow_ups WHERE contact_id = ?1")?;
            let members = ids("SELECT id FROM contacts WHERE organization_id = ?1")?;
            let meetings = ids("SELECT id FROM meetings WHERE customer_id = ?1")?;
            for sql in [
                "UPDATE interactions SET contact_id = ?1 WHERE contact_id = ?2",
                "UPDATE issues SET customer_id = ?1 WHERE customer_id = ?2",
                "UPDATE issues SET customer_owner_id = ?1 WHERE customer_owner_id = ?2",
                "UPDATE follow_ups SET contact_id = ?1 WHERE contact_id = ?2",
                "UPDATE contact_sources SET contact_id = ?1 WHERE contact_id = ?2",
                // Status meetings stay with the customer (emptying the Trash would remove them).
                "UPDATE meetings SET customer_id = ?1 WHERE customer_id = ?2",
                "UPDATE meeting_attendees SET contact_id = ?1 WHERE contact_id = ?2",
                "UPDATE meeting_actions SET owner_contact_id = ?1 WHERE owner_contact_id = ?2",
            ] {
                tx.execute(sql, params![keep, other])?;
            }
            if kept.kind == ContactKind::Organization {
                tx.execute(
                    "UPDATE contacts SET organization_id = ?1, updated_at = ?3 WHERE organization_id = ?2",
                    params![keep, other, now],
                )?;
                for m in &members {
                    crate::contacts::search::reindex(tx, *m)?;
                }
            }
            update_contact_in(tx, keep, &valid, &now)?;
            tx.execute(
                "UPDATE contacts SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![other, now],
            )?;
            let moved = serde_json::json!({
                "interactions": interactions,
                "issues": issues,
                "issues_owned": owned,
                "follow_ups": follow_ups,
                "members": members,
                "meetings": meetings,
            });
            tx.execute(
                "INSERT INTO contact_merges (kept_id, merged_id, merged_at, moved) VALUES (?1, ?2, ?3, ?4)",
                params![keep, other, now, moved.to_string()],
            )?;
            Ok(MergeReport {
                kept_id: keep,
                merged_id: other,
                interactions: interactions.len(),
                issues: issues.len(),
                follow_ups: follow_ups.len(),
                filled,
            })
        })
    }
}
