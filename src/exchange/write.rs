//! The writes of an import that happen inside its one transaction: new contacts and updates
//! through the contacts module's in-transaction writers, and remembering vCard UIDs.

use rusqlite::{params, Connection, OptionalExtension};

use super::progress::{FileAt, ImportStage, ImportWatch, WRITE_BATCH};
use super::VCARD_SOURCE;
use crate::contacts::search::fold;
use crate::contacts::{ContactInput, ContactKind, ValidContact};
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
        creates: Vec<(ValidContact, Vec<String>)>,
        updates: Vec<Update>,
        at: &FileAt,
        watch: &mut dyn ImportWatch,
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
                || creates
                    .iter()
                    .any(|(c, _)| c.kind == ContactKind::Organization && fold(&c.name) == key)
                || find_organization(self.conn(), name)?.is_some();
            if !known {
                inputs.push(ContactInput {
                    kind: Some(ContactKind::Organization),
                    name: name.clone(),
                    ..ContactInput::default()
                });
            }
        }
        // The new contacts were checked in full before (`apply_records`); only the organisations
        // made here are checked now, before anything is written. The file is one transaction.
        let mut valid = crate::contacts::validate_batch(&inputs)?;
        let organizations = valid.len();
        valid.reserve(creates.len());
        let mut created_uids = Vec::with_capacity(creates.len());
        for (contact, uids) in creates {
            valid.push(contact);
            created_uids.push(uids);
        }
        let now = self.now_text();
        let total = valid.len() + updates.len();
        let write = |tx: &rusqlite::Transaction<'_>| {
            // In batches, so the owner sees progress and can stop between two of them: stopping
            // returns `Cancelled` from inside the transaction, which rolls the whole file back.
            let mut ids = Vec::with_capacity(valid.len());
            crate::contacts::with_indexes_built_after(tx, valid.len(), |indexing| {
                for chunk in valid.chunks(WRITE_BATCH) {
                    if watch.cancelled() {
                        return Err(Error::Cancelled);
                    }
                    ids.extend(crate::contacts::insert_contacts(tx, chunk, &now, indexing)?);
                    watch.progress(&at.report(ImportStage::Writing, ids.len(), total));
                }
                Ok(())
            })?;
            for (done, (id, valid, uids)) in updates.iter().enumerate() {
                if done % WRITE_BATCH == 0 && watch.cancelled() {
                    return Err(Error::Cancelled);
                }
                if let Some(v) = valid {
                    crate::contacts::update_contact_in(tx, *id, v, &now)?;
                }
                record_uids(tx, *id, uids, &now)?;
                if (done + 1) % WRITE_BATCH == 0 {
                    watch.progress(&at.report(ImportStage::Writing, ids.len() + done + 1, total));
                }
            }
            if watch.cancelled() {
                return Err(Error::Cancelled);
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
        };
        if total >= crate::store::LARGE_WRITE {
            self.write_large(write)
        } else {
            self.write(write)
        }
    }
}
