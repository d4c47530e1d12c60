//! Merging two contacts that are one: the survivor (`keep`) takes over the other's history and
//! fills its empty fields from it; the other goes to the Trash. One transaction.
//!
//! What moves to the survivor: interactions, issues where the other is the customer
//! (`customer_id`) or the customer-side owner (`customer_owner_id`), follow-ups, vCard UIDs (so a
//! re-import updates the survivor), and for an organisation its members. What fills in: every
//! empty field (names, title, organisation, address, birthday, notes, dates, channel); emails,
//! phones and tags are added; "do not contact" on either stays on.
//!
//! The owner can choose, field by field, to take the other's value even where the survivor has one
//! (`merge_contacts_choosing` with the `MergeField`s to take).
//!
//! `contact_merges` records which rows moved, the survivor's fields before the merge and the
//! other's vCard UIDs, so `undo_merge` puts everything back in one transaction: the rows move back,
//! the survivor gets its old fields, the other leaves the Trash. It refuses when the survivor was
//! edited after the merge (that edit would be lost). Restoring the other from the Trash alone
//! also works: it comes back exactly as it was (its own row is never changed by a merge), while
//! its history stays with the survivor.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
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

/// A field whose value the owner can take from the merged contact instead of the survivor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeField {
    Name,
    GivenName,
    FamilyName,
    JobTitle,
    Organization,
    Birthday,
    Notes,
    Address,
    PreferredChannel,
    CustomerSince,
    RenewalDate,
}

fn take(slot: &mut Option<String>, from: &Option<String>, name: &str, filled: &mut Vec<String>) {
    if from.as_deref().is_some_and(|s| !s.trim().is_empty()) && slot != from {
        slot.clone_from(from);
        filled.push(name.to_string());
    }
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
        self.merge_contacts_choosing(keep, other, &[])
    }

    /// Merges `other` into `keep`, taking the other's value for each field in `take_other`
    /// (when it has one), and filling the survivor's other empty fields as `merge_contacts` does.
    pub fn merge_contacts_choosing(
        &mut self,
        keep: i64,
        other: i64,
        take_other: &[MergeField],
    ) -> Result<MergeReport> {
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
        let kept_before = input.clone();
        let from = ContactInput::from(&gone);
        let mut filled = Vec::new();
        for field in take_other {
            match field {
                MergeField::Name => {
                    if !from.name.trim().is_empty() && input.name != from.name {
                        input.name.clone_from(&from.name);
                        filled.push("name".into());
                    }
                }
                MergeField::GivenName => take(
                    &mut input.given_name,
                    &from.given_name,
                    "given_name",
                    &mut filled,
                ),
                MergeField::FamilyName => take(
                    &mut input.family_name,
                    &from.family_name,
                    "family_name",
                    &mut filled,
                ),
                MergeField::JobTitle => take(
                    &mut input.job_title,
                    &from.job_title,
                    "job_title",
                    &mut filled,
                ),
                MergeField::Organization => {
                    if gone.organization_id.is_some_and(|o| o != keep) {
                        take(
                            &mut input.organization,
                            &from.organization,
                            "organization",
                            &mut filled,
                        )
                    }
                }
                MergeField::Birthday => {
                    take(&mut input.birthday, &from.birthday, "birthday", &mut filled)
                }
                MergeField::Notes => take(&mut input.notes, &from.notes, "notes", &mut filled),
                MergeField::Address => {
                    if !from.address.is_empty() && input.address != from.address {
                        input.address = from.address.clone();
                        filled.push("address".into());
                    }
                }
                MergeField::PreferredChannel => {
                    if from.preferred_channel.is_some()
                        && input.preferred_channel != from.preferred_channel
                    {
                        input.preferred_channel = from.preferred_channel;
                        filled.push("preferred_channel".into());
                    }
                }
                MergeField::CustomerSince => take(
                    &mut input.customer_since,
                    &from.customer_since,
                    "customer_since",
                    &mut filled,
                ),
                MergeField::RenewalDate => take(
                    &mut input.renewal_date,
                    &from.renewal_date,
                    "renewal_date",
                    &mut filled,
                ),
            }
        }
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
            let uids: Vec<(String, String)> = {
                let mut stmt =
                    tx.prepare("SELECT source, uid FROM contact_sources WHERE contact_id = ?1")?;
                let rows = stmt
                    .query_map([other], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            };
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
                "uids": uids,
                "kept_before": kept_before,
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

/// What `contact_merges.moved` holds (the fields added for undo are absent in older rows).
#[derive(Debug, Deserialize)]
struct Moved {
    #[serde(default)]
    interactions: Vec<i64>,
    #[serde(default)]
    issues: Vec<i64>,
    #[serde(default)]
    issues_owned: Vec<i64>,
    #[serde(default)]
    follow_ups: Vec<i64>,
    #[serde(default)]
    members: Vec<i64>,
    #[serde(default)]
    uids: Vec<(String, String)>,
    #[serde(default)]
    meetings: Vec<i64>,
    kept_before: Option<ContactInput>,
}

impl Store {
    /// Undoes the latest merge of contact `merged` (see the module notes). Returns the survivor's id.
    pub fn undo_merge(&mut self, merged: i64) -> Result<i64> {
        let row: Option<(i64, i64, String, String)> = self
            .conn()
            .query_row(
                "SELECT id, kept_id, merged_at, moved FROM contact_merges WHERE merged_id = ?1
                 ORDER BY id DESC LIMIT 1",
                [merged],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((merge_id, keep, merged_at, moved)) = row else {
            return Err(Error::Conflict(format!(
                "contact {merged} was not merged into another"
            )));
        };
        let moved: Moved =
            serde_json::from_str(&moved).map_err(|e| Error::Conflict(e.to_string()))?;
        let Some(before) = moved.kept_before else {
            return Err(Error::Conflict(format!(
                "this merge was made by an older Rapport and cannot be undone as a whole: restore contact {merged} from the Trash"
            )));
        };
        let kept = self.contact(keep)?;
        let gone = self.contact(merged)?;
        if gone.deleted_at.is_none() {
            return Err(Error::Conflict(format!(
                "{} is no longer in the Trash: the merge cannot be undone",
                gone.name
            )));
        }
        if kept.deleted_at.is_some() {
            return Err(Error::Conflict(format!(
                "{} is in the Trash: restore it first",
                kept.name
            )));
        }
        if kept.updated_at != merged_at {
            return Err(Error::Conflict(format!(
                "{} was changed after the merge, so undoing it would lose that change; restore {} from the Trash instead",
                kept.name, gone.name
            )));
        }
        let valid = validate_contact(&before).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .map(Error::from)
                .unwrap_or_else(|| Error::invalid("contact", "is not valid"))
        })?;
        let now = self.now_text();
        self.write(|tx| {
            let back = |table: &str, column: &str, ids: &[i64]| -> Result<()> {
                let sql = format!(
                    "UPDATE {table} SET {column} = ?1 WHERE {column} = ?2 AND id IN (SELECT value FROM json_each(?3))"
                );
                let json = serde_json::to_string(ids).map_err(|e| Error::Conflict(e.to_string()))?;
                tx.execute(&sql, params![merged, keep, json])?;
                Ok(())
            };
            back("interactions", "contact_id", &moved.interactions)?;
            back("issues", "customer_id", &moved.issues)?;
            back("issues", "customer_owner_id", &moved.issues_owned)?;
            back("follow_ups", "contact_id", &moved.follow_ups)?;
            back("contacts", "organization_id", &moved.members)?;
            back("meetings", "customer_id", &moved.meetings)?;
            for (source, uid) in &moved.uids {
                tx.execute(
                    "UPDATE contact_sources SET contact_id = ?1 WHERE source = ?2 AND uid = ?3 AND contact_id = ?4",
                    params![merged, source, uid, keep],
                )?;
            }
            tx.execute(
                "UPDATE contacts SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
                params![merged, now],
            )?;
            update_contact_in(tx, keep, &valid, &now)?;
            for m in &moved.members {
                crate::contacts::search::reindex(tx, *m)?;
            }
            crate::contacts::search::reindex(tx, merged)?;
            tx.execute("DELETE FROM contact_merges WHERE id = ?1", [merge_id])?;
            Ok(keep)
        })
    }
}
