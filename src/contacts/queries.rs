//! The contacts tables: writes (one transaction each), reads, paging, search and Trash.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{
    params, params_from_iter, types::Value, Connection, OptionalExtension, Row, Transaction,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::aside::Indexing;
use super::batch::{insert_batch, new_organization, with_indexes_built_after};
use super::search::{
    fold, fts_query, index_new, phone_search_digits, reindex, reindex_members, RANK,
};
use super::validate::{phone_digits, validate_contact, ValidContact};
use super::{
    month_day_keys_within, Address, Birthday, Contact, ContactInput, ContactKind, Labeled,
};
use crate::error::{Error, Result};
use crate::store::Store;

/// How a page of contacts is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Best match first when searching; by name otherwise.
    #[default]
    Relevance,
    Name,
    LastContacted,
    Created,
}

/// Which contacts to list. Every filter is optional; paging and sorting happen in SQL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContactQuery {
    /// Words typed by the user; each matches as a prefix of a name, organisation, email, phone, tag or note.
    pub search: Option<String>,
    pub tag: Option<String>,
    #[ts(type = "number | null")]
    pub organization_id: Option<i64>,
    pub kind: Option<ContactKind>,
    /// Only contacts whose birthday falls within this many days from `today` (inclusive).
    pub birthday_within_days: Option<u32>,
    /// "Today" for date-dependent filters, passed in by the caller.
    pub today: Option<NaiveDate>,
    pub do_not_contact: Option<bool>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// At most this many contacts; all when absent.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ContactPage {
    /// How many contacts match in all (for the scroll bar), of which `contacts` is one page.
    #[ts(type = "number")]
    pub total: i64,
    pub contacts: Vec<Contact>,
}

/// Everything the detail pane shows about one contact.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ContactDetail {
    pub contact: Contact,
    /// The next birthday on or after "today" (28 February for a 29 February birthday in a common year).
    pub next_birthday: Option<NaiveDate>,
    /// The age reached on `next_birthday`, when the birth year is known.
    pub age_at_next_birthday: Option<i32>,
    /// The timeline, newest first.
    pub interactions: Vec<crate::interactions::Interaction>,
    /// For an organisation: its people, by name.
    pub members: Vec<MemberRef>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberRef {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub job_title: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TrashItem {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ContactKind,
    pub name: String,
    pub deleted_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrganizationRef {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub members: i64,
}

const CONTACT_COLUMNS: &str =
    "c.id, c.kind, c.display_name, c.given_name, c.family_name, c.job_title,
    c.organization_id, o.display_name, c.street, c.locality, c.region, c.postal_code, c.country,
    c.preferred_channel, c.do_not_contact, c.birthday_month, c.birthday_day, c.birthday_year,
    c.customer_since, c.renewal_date, c.notes, c.created_at, c.updated_at, c.deleted_at,
    (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = c.id)";

fn parse_text<T: std::str::FromStr>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

/// Reads the scalar part of a contact; lists are filled in by `attach_children`.
fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let month: Option<u32> = row.get(15)?;
    let day: Option<u32> = row.get(16)?;
    let year: Option<i32> = row.get(17)?;
    let birthday = match (month, day) {
        (Some(month), Some(day)) => Some(Birthday { month, day, year }),
        _ => None,
    };
    let kind: String = row.get(1)?;
    Ok(Contact {
        id: row.get(0)?,
        kind: kind.parse().unwrap_or(ContactKind::Person),
        name: row.get(2)?,
        given_name: row.get(3)?,
        family_name: row.get(4)?,
        job_title: row.get(5)?,
        organization_id: row.get(6)?,
        organization: row.get(7)?,
        emails: Vec::new(),
        phones: Vec::new(),
        email_details: Vec::new(),
        phone_details: Vec::new(),
        address: Address {
            street: row.get(8)?,
            locality: row.get(9)?,
            region: row.get(10)?,
            postal_code: row.get(11)?,
            country: row.get(12)?,
        },
        preferred_channel: parse_text(row, 13)?,
        do_not_contact: row.get(14)?,
        birthday,
        customer_since: parse_text(row, 18)?,
        renewal_date: parse_text(row, 19)?,
        tags: Vec::new(),
        notes: row.get(20)?,
        created_at: row.get(21)?,
        updated_at: row.get(22)?,
        deleted_at: row.get(23)?,
        last_contacted: row.get(24)?,
    })
}

/// Loads emails, phones and tags for a page of contacts in three queries.
fn attach_children(conn: &Connection, contacts: &mut [Contact]) -> Result<()> {
    if contacts.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&contacts.iter().map(|c| c.id).collect::<Vec<_>>())
        .map_err(|e| Error::Conflict(e.to_string()))?;
    let index: HashMap<i64, usize> = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, label, email FROM contact_emails
         WHERE contact_id IN (SELECT value FROM json_each(?1)) ORDER BY contact_id, position",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        let c = &mut contacts[index[&r.get::<_, i64>(0)?]];
        let value: String = r.get(2)?;
        c.emails.push(value.clone());
        c.email_details.push(Labeled {
            label: r.get(1)?,
            value,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, label, phone FROM contact_phones
         WHERE contact_id IN (SELECT value FROM json_each(?1)) ORDER BY contact_id, position",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        let c = &mut contacts[index[&r.get::<_, i64>(0)?]];
        let value: String = r.get(2)?;
        c.phones.push(value.clone());
        c.phone_details.push(Labeled {
            label: r.get(1)?,
            value,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, tag FROM contact_tags
         WHERE contact_id IN (SELECT value FROM json_each(?1)) ORDER BY contact_id, tag",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        contacts[index[&r.get::<_, i64>(0)?]].tags.push(r.get(1)?);
    }
    Ok(())
}

fn invalid_from(errors: Vec<crate::error::FieldError>) -> Error {
    errors
        .into_iter()
        .next()
        .map(Error::from)
        .unwrap_or_else(|| Error::invalid("contact", "is not valid"))
}

/// Finds the live organisation with this name (any case), creating it if there is none.
/// A newly created organisation's id is pushed to `created` so the caller indexes it.
fn resolve_organization(
    conn: &Connection,
    name: &str,
    now: &str,
    cache: &mut HashMap<String, i64>,
    created: &mut Vec<i64>,
) -> Result<i64> {
    let key = fold(name);
    if let Some(id) = cache.get(&key) {
        return Ok(*id);
    }
    let found: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE deleted_at IS NULL AND sort_name = ?1 AND kind = 'organization'
             ORDER BY id LIMIT 1",
        )?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            let org = new_organization(name);
            let id = insert_row(conn, &org, None, now)?;
            created.push(id);
            id
        }
    };
    cache.insert(key, id);
    Ok(id)
}

/// Inserts the contact and its emails, phones and tags; the caller indexes it for search.
fn insert_row(
    conn: &Connection,
    c: &ValidContact,
    organization_id: Option<i64>,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (kind, display_name, sort_name, given_name, family_name, job_title,
            organization_id, street, locality, region, postal_code, country, preferred_channel,
            do_not_contact, birthday_month, birthday_day, birthday_year, customer_since, renewal_date,
            notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)",
    )?
    .execute(params![
        c.kind.as_str(),
        c.name,
        fold(&c.name),
        c.given_name,
        c.family_name,
        c.job_title,
        organization_id,
        c.address.street,
        c.address.locality,
        c.address.region,
        c.address.postal_code,
        c.address.country,
        c.preferred_channel.map(|p| p.as_str()),
        c.do_not_contact,
        c.birthday.map(|b| b.month),
        c.birthday.map(|b| b.day),
        c.birthday.and_then(|b| b.year),
        c.customer_since.map(|d| d.to_string()),
        c.renewal_date.map(|d| d.to_string()),
        c.notes,
        now,
    ])?;
    let id = conn.last_insert_rowid();
    write_children(conn, id, c, true)?;
    Ok(id)
}

/// Replaces the emails, phones and tags of contact `id` (`fresh`: it has none yet).
fn write_children(conn: &Connection, id: i64, c: &ValidContact, fresh: bool) -> Result<()> {
    if !fresh {
        conn.prepare_cached("DELETE FROM contact_emails WHERE contact_id = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM contact_phones WHERE contact_id = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?
            .execute([id])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_emails (contact_id, position, label, email) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, e) in c.emails.iter().enumerate() {
        stmt.execute(params![id, i as i64, e.label, e.value])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_phones (contact_id, position, label, phone, digits, search_digits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, p) in c.phones.iter().enumerate() {
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
    for t in &c.tags {
        stmt.execute(params![id, t])?;
    }
    Ok(())
}

fn require_live(conn: &Connection, id: i64) -> Result<(ContactKind, String)> {
    let row: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT kind, display_name, deleted_at FROM contacts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match row {
        None => Err(Error::NotFound {
            what: "contact",
            id,
        }),
        Some((_, name, Some(_))) => Err(Error::Conflict(format!(
            "{name} is in the Trash: restore it first"
        ))),
        Some((kind, name, None)) => Ok((kind.parse().unwrap_or(ContactKind::Person), name)),
    }
}

impl Store {
    /// Creates a contact. Returns its id.
    pub fn add_contact(&mut self, input: &ContactInput) -> Result<i64> {
        let valid = validate_contact(input).map_err(invalid_from)?;
        let now = self.now_text();
        self.write(|tx| {
            let mut new_ids = Vec::new();
            let org = match &valid.organization {
                Some(name) => Some(resolve_organization(
                    tx,
                    name,
                    &now,
                    &mut HashMap::new(),
                    &mut new_ids,
                )?),
                None => None,
            };
            let id = insert_row(tx, &valid, org, &now)?;
            new_ids.push(id);
            index_new(tx, &new_ids)?;
            Ok(id)
        })
    }

    /// Creates many contacts in one transaction (imports, seeding): all or none are stored.
    /// An invalid one is reported by its position in `inputs` (1-based) and its field.
    pub fn add_contacts(&mut self, inputs: &[ContactInput]) -> Result<Vec<i64>> {
        let valid = validate_batch(inputs)?;
        let now = self.now_text();
        if inputs.len() >= crate::store::LARGE_WRITE {
            self.write_large(|tx| {
                with_indexes_built_after(tx, valid.len(), |indexing| {
                    insert_contacts(tx, &valid, &now, indexing)
                })
            })
        } else {
            self.write(|tx| insert_contacts(tx, &valid, &now, &mut Indexing::Direct))
        }
    }

    /// Replaces every field of contact `id` with `input`.
    pub fn update_contact(&mut self, id: i64, input: &ContactInput) -> Result<()> {
        let valid = validate_contact(input).map_err(invalid_from)?;
        let now = self.now_text();
        self.write(|tx| update_contact_in(tx, id, &valid, &now))
    }

    /// One contact, including one that is in the Trash.
    pub fn contact(&self, id: i64) -> Result<Contact> {
        let conn = self.conn();
        let mut contact = conn
            .prepare_cached(&format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN contacts o ON o.id = c.organization_id
                 WHERE c.id = ?1"
            ))?
            .query_row([id], contact_from_row)
            .optional()?
            .ok_or(Error::NotFound { what: "contact", id })?;
        attach_children(conn, std::slice::from_mut(&mut contact))?;
        Ok(contact)
    }

    /// A contact with its next birthday, age, timeline and (for an organisation) members.
    pub fn contact_detail(&self, id: i64, today: NaiveDate) -> Result<ContactDetail> {
        let contact = self.contact(id)?;
        let next_birthday = contact.birthday.map(|b| b.next_on_or_after(today));
        let age_at_next_birthday = contact
            .birthday
            .zip(next_birthday)
            .and_then(|(b, next)| b.age_on(next));
        let interactions = self.interactions(id, None)?;
        let members = self
            .conn()
            .prepare_cached(
                "SELECT id, display_name, job_title FROM contacts
                 WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY sort_name, id",
            )?
            .query_map([id], |r| {
                Ok(MemberRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    job_title: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ContactDetail {
            contact,
            next_birthday,
            age_at_next_birthday,
            interactions,
            members,
        })
    }

    /// A page of live contacts matching `query`, with the total count.
    pub fn list_contacts(&self, query: &ContactQuery) -> Result<ContactPage> {
        let (filter, args) = build_filter(query)?;
        let Some(filter) = filter else {
            return Ok(ContactPage {
                total: 0,
                contacts: vec![],
            });
        };
        // The organisation join only feeds the page's columns: it matches on a primary key, so it
        // cannot change the count, and leaving it out lets SQLite count an index (4 ms, not 80 ms,
        // at 100,000 contacts).
        let counted = filter.replacen(ORGANIZATION_JOIN, "", 1);
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) {counted}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let contacts = self.page(query, &filter, args)?;
        Ok(ContactPage { total, contacts })
    }

    /// The best `limit` matches for what the user typed (search as you type), best first, in tiers:
    /// names that start with the text (alphabetically); then contacts with every word in the name;
    /// then in the name or organisation; then anywhere (email, phone, tags, notes). Within the
    /// full-text tiers, newest contacts first. Every tier stops as soon as it has enough, so the
    /// answer stays fast however many contacts match (`list_contacts` ranks every match exactly).
    pub fn search_contacts(&self, text: &str, limit: u32) -> Result<Vec<Contact>> {
        let prefix = fold(text);
        if prefix.is_empty() || limit == 0 {
            return Ok(vec![]);
        }
        let limit = limit as usize;
        let conn = self.conn();
        let mut upper = prefix.clone();
        upper.push(char::MAX);
        let mut ids: Vec<i64> = conn
            .prepare_cached(
                "SELECT id FROM contacts INDEXED BY contacts_by_name
                 WHERE deleted_at IS NULL AND sort_name >= ?1 AND sort_name < ?2
                 ORDER BY sort_name, id LIMIT ?3",
            )?
            .query_map(params![prefix, upper, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(fts) = fts_query(text) else {
            return self.contacts_by_ids(&ids);
        };
        // Text without letters (a phone number) cannot be in a name: skip those tiers.
        let has_letters = text.chars().any(char::is_alphabetic);
        let tiers = [
            (has_letters, format!("{{name}} : ({fts})")),
            (has_letters, format!("{{name organization}} : ({fts})")),
            (true, fts),
        ];
        let mut stmt = conn.prepare_cached(
            "SELECT f.rowid FROM contacts_fts f JOIN contacts c ON c.id = f.rowid
             WHERE contacts_fts MATCH ?1 AND c.deleted_at IS NULL ORDER BY f.rowid DESC LIMIT ?2",
        )?;
        for (wanted, query) in tiers {
            if ids.len() >= limit || !wanted {
                continue;
            }
            let found: Vec<i64> = stmt
                .query_map(params![query, (limit + ids.len()) as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in found {
                if ids.len() < limit && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        self.contacts_by_ids(&ids)
    }

    /// Contacts by id, in the order given.
    fn contacts_by_ids(&self, ids: &[i64]) -> Result<Vec<Contact>> {
        let conn = self.conn();
        let json = serde_json::to_string(ids).map_err(|e| Error::Conflict(e.to_string()))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN contacts o ON o.id = c.organization_id
             WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut found: HashMap<i64, Contact> = stmt
            .query_map([json], contact_from_row)?
            .map(|c| c.map(|c| (c.id, c)))
            .collect::<rusqlite::Result<_>>()?;
        let mut contacts: Vec<Contact> = ids.iter().filter_map(|id| found.remove(id)).collect();
        attach_children(conn, &mut contacts)?;
        Ok(contacts)
    }

    fn page(
        &self,
        query: &ContactQuery,
        filter: &str,
        mut args: Vec<Value>,
    ) -> Result<Vec<Contact>> {
        let searching = query.search.as_deref().and_then(fts_query).is_some();
        let dir = if query.descending { "DESC" } else { "ASC" };
        let order = match (query.sort, searching) {
            (SortKey::Relevance, true) => format!("{RANK} {dir}, c.sort_name, c.id"),
            (SortKey::Relevance | SortKey::Name, _) => format!("c.sort_name {dir}, c.id {dir}"),
            (SortKey::LastContacted, _) => format!(
                "(SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = c.id) {dir} NULLS LAST, c.sort_name, c.id"
            ),
            (SortKey::Created, _) => format!("c.created_at {dir}, c.id {dir}"),
        };
        args.push(Value::Integer(query.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(i64::from(query.offset)));
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} {filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
            args.len() - 1,
            args.len()
        );
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut contacts = stmt
            .query_map(params_from_iter(args.iter()), contact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        attach_children(conn, &mut contacts)?;
        Ok(contacts)
    }

    /// Moves a contact to the Trash (restorable).
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        let now = self.now_text();
        self.write(|tx| {
            require_live(tx, id)?;
            tx.execute(
                "UPDATE contacts SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Brings a contact back from the Trash.
    pub fn restore_contact(&mut self, id: i64) -> Result<()> {
        let now = self.now_text();
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE contacts SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
                params![id, now],
            )?;
            if changed == 0 {
                let exists: bool =
                    tx.query_row("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)", [id], |r| r.get(0))?;
                return Err(if exists {
                    Error::Conflict(format!("contact {id} is not in the Trash"))
                } else {
                    Error::NotFound { what: "contact", id }
                });
            }
            Ok(())
        })
    }

    /// What is in the Trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, display_name, deleted_at FROM contacts WHERE deleted_at IS NOT NULL
             ORDER BY deleted_at DESC, id DESC",
        )?;
        let items = stmt
            .query_map([], |r| {
                let kind: String = r.get(1)?;
                Ok(TrashItem {
                    id: r.get(0)?,
                    kind: kind.parse().unwrap_or(ContactKind::Person),
                    name: r.get(2)?,
                    deleted_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }

    /// Deletes everything in the Trash for good. Returns how many contacts were removed.
    pub fn empty_trash(&mut self) -> Result<usize> {
        self.write(|tx| {
            // People whose organisation is being removed lose the link: re-index them afterwards.
            let orphans: Vec<i64> = tx
                .prepare(
                    "SELECT c.id FROM contacts c JOIN contacts o ON o.id = c.organization_id
                     WHERE o.deleted_at IS NOT NULL AND c.deleted_at IS NULL",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            tx.execute(
                "DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL)",
                [],
            )?;
            let removed = tx.execute("DELETE FROM contacts WHERE deleted_at IS NOT NULL", [])?;
            for id in orphans {
                reindex(tx, id)?;
            }
            Ok(removed)
        })
    }

    /// Every tag in use on a live contact, alphabetically.
    pub fn tags(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT t.tag FROM contact_tags t JOIN contacts c ON c.id = t.contact_id
             WHERE c.deleted_at IS NULL ORDER BY lower(t.tag)",
        )?;
        let tags = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tags)
    }

    /// Every live organisation with its number of members, by name.
    pub fn organizations(&self) -> Result<Vec<OrganizationRef>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.id, o.display_name,
                    (SELECT count(*) FROM contacts m WHERE m.organization_id = o.id AND m.deleted_at IS NULL)
             FROM contacts o WHERE o.kind = 'organization' AND o.deleted_at IS NULL ORDER BY o.sort_name",
        )?;
        let orgs = stmt
            .query_map([], |r| {
                Ok(OrganizationRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    members: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(orgs)
    }
}

/// The `FROM … WHERE …` part shared by the count and the page, with its arguments. `None` when
/// the search text holds no word, which matches nothing.
fn build_filter(query: &ContactQuery) -> Result<(Option<String>, Vec<Value>)> {
    let mut args: Vec<Value> = Vec::new();
    let mut from = format!("FROM contacts c{ORGANIZATION_JOIN}");
    let mut conditions = vec!["c.deleted_at IS NULL".to_string()];
    if let Some(text) = query.search.as_deref().filter(|t| !t.trim().is_empty()) {
        let Some(fts) = fts_query(text) else {
            return Ok((None, args));
        };
        from.push_str(" JOIN contacts_fts ON contacts_fts.rowid = c.id");
        args.push(Value::Text(fts));
        conditions.push(format!("contacts_fts MATCH ?{}", args.len()));
    }
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        args.push(Value::Text(tag.to_string()));
        conditions.push(format!(
            "c.id IN (SELECT contact_id FROM contact_tags WHERE tag = ?{} COLLATE NOCASE)",
            args.len()
        ));
    }
    if let Some(org) = query.organization_id {
        args.push(Value::Integer(org));
        conditions.push(format!(
            "(c.organization_id = ?{n} OR c.id = ?{n})",
            n = args.len()
        ));
    }
    if let Some(kind) = query.kind {
        args.push(Value::Text(kind.as_str().to_string()));
        conditions.push(format!("c.kind = ?{}", args.len()));
    }
    if let Some(dnc) = query.do_not_contact {
        args.push(Value::Integer(i64::from(dnc)));
        conditions.push(format!("c.do_not_contact = ?{}", args.len()));
    }
    if let Some(days) = query.birthday_within_days {
        let today = query
            .today
            .ok_or_else(|| Error::invalid("today", "a birthday filter needs today's date"))?;
        let keys = month_day_keys_within(today, days);
        args.push(Value::Text(
            serde_json::to_string(&keys).map_err(|e| Error::Conflict(e.to_string()))?,
        ));
        conditions.push(format!(
            "c.birthday_month IS NOT NULL AND (c.birthday_month * 100 + c.birthday_day) IN (SELECT value FROM json_each(?{}))",
            args.len()
        ));
    }
    Ok((
        Some(format!("{from} WHERE {}", conditions.join(" AND "))),
        args,
    ))
}

/// Replaces every field of live contact `id` inside the caller's transaction (an import updates
/// many contacts in one).
pub(crate) fn update_contact_in(
    conn: &Connection,
    id: i64,
    valid: &ValidContact,
    now: &str,
) -> Result<()> {
    let (old_kind, old_name) = require_live(conn, id)?;
    if old_kind == ContactKind::Organization && valid.kind == ContactKind::Person {
        let members: i64 = conn.query_row(
            "SELECT count(*) FROM contacts WHERE organization_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if members > 0 {
            return Err(Error::invalid(
                "kind",
                format!("{old_name} has {members} people in it: it must stay an organisation"),
            ));
        }
    }
    let mut created = Vec::new();
    let org = match &valid.organization {
        Some(name) => {
            let org = resolve_organization(conn, name, now, &mut HashMap::new(), &mut created)?;
            if org == id {
                return Err(Error::invalid(
                    "organization",
                    "a contact cannot belong to itself",
                ));
            }
            Some(org)
        }
        None => None,
    };
    conn.prepare_cached(
        "UPDATE contacts SET kind = ?2, display_name = ?3, sort_name = ?4, given_name = ?5,
            family_name = ?6, job_title = ?7, organization_id = ?8, street = ?9, locality = ?10,
            region = ?11, postal_code = ?12, country = ?13, preferred_channel = ?14,
            do_not_contact = ?15, birthday_month = ?16, birthday_day = ?17, birthday_year = ?18,
            customer_since = ?19, renewal_date = ?20, notes = ?21, updated_at = ?22
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        valid.kind.as_str(),
        valid.name,
        fold(&valid.name),
        valid.given_name,
        valid.family_name,
        valid.job_title,
        org,
        valid.address.street,
        valid.address.locality,
        valid.address.region,
        valid.address.postal_code,
        valid.address.country,
        valid.preferred_channel.map(|p| p.as_str()),
        valid.do_not_contact,
        valid.birthday.map(|b| b.month),
        valid.birthday.map(|b| b.day),
        valid.birthday.and_then(|b| b.year),
        valid.customer_since.map(|d| d.to_string()),
        valid.renewal_date.map(|d| d.to_string()),
        valid.notes,
        now,
    ])?;
    write_children(conn, id, valid, false)?;
    index_new(conn, &created)?;
    reindex(conn, id)?;
    if valid.kind == ContactKind::Organization && valid.name != old_name {
        reindex_members(conn, id)?;
    }
    Ok(())
}

/// The join that names a contact's organisation; filters never refer to it.
const ORGANIZATION_JOIN: &str = " LEFT JOIN contacts o ON o.id = c.organization_id";

/// Checks a batch before anything is written; an error names the contact (its place and name)
/// and the field.
pub(crate) fn validate_batch(inputs: &[ContactInput]) -> Result<Vec<ValidContact>> {
    let mut valid = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let v = validate_contact(input).map_err(|errors| match invalid_from(errors) {
            Error::Invalid { field, message } => Error::Invalid {
                field: format!("contact {} ({}): {field}", i + 1, input.name.trim()),
                message,
            },
            other => other,
        })?;
        valid.push(v);
    }
    Ok(valid)
}

/// Inserts validated contacts inside the caller's transaction (one user action may add contacts
/// and do more, e.g. an import that also updates). Ids come back in input order.
pub(crate) fn insert_contacts(
    tx: &Transaction<'_>,
    valid: &[ValidContact],
    now: &str,
    indexing: &mut Indexing,
) -> Result<Vec<i64>> {
    // Ids assigned ahead, multi-row statements; one by one only when that is not possible.
    if let Some(ids) = insert_batch(tx, valid, now, indexing)? {
        return Ok(ids);
    }
    // Not into an index built aside: that is only for a store that had no contacts, whose ids
    // are always assigned ahead.
    if !matches!(indexing, Indexing::Direct) {
        return Err(Error::Conflict(
            "contacts could not be numbered ahead while indexing aside".into(),
        ));
    }
    let mut cache = HashMap::new();
    let mut organizations = Vec::new();
    let mut ids = Vec::with_capacity(valid.len());
    for v in valid {
        let org = match &v.organization {
            Some(name) => Some(resolve_organization(
                tx,
                name,
                now,
                &mut cache,
                &mut organizations,
            )?),
            None => None,
        };
        ids.push(insert_row(tx, v, org, now)?);
    }
    organizations.extend_from_slice(&ids);
    index_new(tx, &organizations)?;
    Ok(ids)
}
