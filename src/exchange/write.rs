//! The writes of an import and a merge that happen inside one transaction: replacing a stored
//! contact's fields, and remembering vCard UIDs.
//!
//! `contacts::queries` keeps its row writers private (and is being reworked for speed), so the
//! update below mirrors `Store::update_contact` statement for statement, and re-indexes through
//! `contacts::search` exactly as it does. Keep the two in step; fold this back into `contacts` once
//! that module offers an update that runs inside a caller's transaction.

use rusqlite::{params, Connection, OptionalExtension};

use super::VCARD_SOURCE;
use crate::contacts::search::{fold, phone_search_digits, reindex, reindex_members};
use crate::contacts::{phone_digits, ContactInput, ContactKind, ValidContact};
use crate::error::{Error, Result};
use crate::store::Store;

/// The live organisation named `name` (any case), if there is one.
pub(super) fn find_organization(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE deleted_at IS NULL AND sort_name = ?1 AND kind = 'organization'
             ORDER BY id LIMIT 1",
        )?
        .query_row([fold(name)], |r| r.get(0))
        .optional()?)
}

/// Replaces every field of live contact `id` with `v`; its organisation must already exist.
pub(super) fn update_contact_in(
    conn: &Connection,
    id: i64,
    v: &ValidContact,
    now: &str,
) -> Result<()> {
    let org = match &v.organization {
        Some(name) => Some(find_organization(conn, name)?.ok_or_else(|| {
            Error::Conflict(format!(
                "the organisation '{name}' disappeared during the import"
            ))
        })?),
        None => None,
    };
    if org == Some(id) {
        return Err(Error::invalid(
            "organization",
            "a contact cannot belong to itself",
        ));
    }
    conn.prepare_cached(
        "UPDATE contacts SET kind = ?2, display_name = ?3, sort_name = ?4, given_name = ?5,
            family_name = ?6, job_title = ?7, organization_id = ?8, street = ?9, locality = ?10,
            region = ?11, postal_code = ?12, country = ?13, preferred_channel = ?14,
            do_not_contact = ?15, birthday_month = ?16, birthday_day = ?17, birthday_year = ?18,
            customer_since = ?19, renewal_date = ?20, notes = ?21, updated_at = ?22
         WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .execute(params![
        id,
        v.kind.as_str(),
        v.name,
        fold(&v.name),
        v.given_name,
        v.family_name,
        v.job_title,
        org,
        v.address.street,
        v.address.locality,
        v.address.region,
        v.address.postal_code,
        v.address.country,
        v.preferred_channel.map(|p| p.as_str()),
        v.do_not_contact,
        v.birthday.map(|b| b.month),
        v.birthday.map(|b| b.day),
        v.birthday.and_then(|b| b.year),
        v.customer_since.map(|d| d.to_string()),
        v.renewal_date.map(|d| d.to_string()),
        v.notes,
        now,
    ])?;
    for table in ["contact_emails", "contact_phones", "contact_tags"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
            .execute([id])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_emails (contact_id, position, label, email) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, e) in v.emails.iter().enumerate() {
        stmt.execute(params![id, i as i64, e.label, e.value])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_phones (contact_id, position, label, phone, digits, search_digits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, p) in v.phones.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            p.label,
            p.value,
            phone_digits(&p.value),
            phone_search_digits(&p.value)
        ])?;
    }
    let mut stmt =
        conn.prepare_cached("INSERT INTO contact_tags (contact_id, tag) VALUES (?1, ?2)")?;
    for t in &v.tags {
        stmt.execute(params![id, t])?;
    }
    reindex(conn, id)?;
    if v.kind == ContactKind::Organization {
        reindex_members(conn, id)?;
    }
    Ok(())
}

/// Points each vCard UID at contact `id`.
pub(super) fn record_uids(conn: &Connection, id: i64, uids: &[String], now: &str) -> Result<()> {
    let _ = now;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_sources (source, uid, contact_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, uid) DO UPDATE SET contact_id = excluded.contact_id",
    )?;
    for uid in uids {
        stmt.execute(params![VCARD_SOURCE, uid, id])?;
    }
    Ok(())
}

/// A contact to update: its id, its new fields when they changed, and the UIDs it was matched by.
pub(super) type Update = (i64, Option<ValidContact>, Vec<String>);

impl Store {
    /// Writes one file's import in one transaction: new contacts through the batch path, then the
    /// updates and UIDs. Nothing of the file is kept if any of it fails.
    pub(super) fn write_import(
        &mut self,
        creates: Vec<(ContactInput, Vec<String>)>,
        updates: Vec<Update>,
    ) -> Result<()> {
        // Organisations that updated contacts now name but that do not exist yet are created with
        // the batch, first, so that new members in the same file find them too.
        let mut inputs: Vec<ContactInput> = Vec::new();
        for (_, valid, _) in &updates {
            let Some(name) = valid.as_ref().and_then(|v| v.organization.as_ref()) else {
                continue;
            };
            let key = fold(name);
            let known = inputs.iter().any(|i| fold(&i.name) == key)
                || creates.iter().any(|(c, _)| {
                    c.kind == Some(ContactKind::Organization) && fold(&c.name) == key
                })
                || find_organization(self.conn(), name)?.is_some();
            if !known {
                inputs.push(ContactInput {
                    kind: Some(ContactKind::Organization),
                    name: name.clone(),
                    ..ContactInput::default()
                });
            }
        }
        let organizations = inputs.len();
        let mut created_uids = Vec::with_capacity(creates.len());
        for (input, uids) in creates {
            inputs.push(input);
            created_uids.push(uids);
        }
        // Checked in full before anything is written; then the whole file is one transaction.
        let valid = crate::contacts::validate_batch(&inputs)?;
        let now = self.now_text();
        self.write(|tx| {
            let ids = if valid.is_empty() {
                Vec::new()
            } else {
                crate::contacts::insert_contacts(tx, &valid, &now)?
            };
            for (id, valid, uids) in &updates {
                if let Some(v) = valid {
                    update_contact_in(tx, *id, v, &now)?;
                }
                record_uids(tx, *id, uids, &now)?;
            }
            // One statement for the new contacts' UIDs (an import of 100,000 cards has as many).
            let rows: Vec<(&String, i64)> = ids[organizations..]
                .iter()
                .zip(&created_uids)
                .flat_map(|(id, uids)| uids.iter().map(move |u| (u, *id)))
                .collect();
            if !rows.is_empty() {
                let json =
                    serde_json::to_string(&rows).map_err(|e| Error::Conflict(e.to_string()))?;
                tx.execute(
                    "INSERT INTO contact_sources (source, uid, contact_id)
                     SELECT ?1, value ->> 0, value ->> 1 FROM json_each(?2) WHERE true
                     ON CONFLICT (source, uid) DO UPDATE SET contact_id = excluded.contact_id",
                    params![VCARD_SOURCE, json],
                )?;
            }
            Ok(())
        })?;
        Ok(())
    }
}
