//! Inserting many contacts in one transaction (imports, seeding).
//!
//! The rows, ids and index entries are exactly those that adding the contacts one by one would
//! write; only the way they are written differs. Ids are assigned up front, the way SQLite assigns
//! them (one more than the largest id, in input order, an organisation created on the fly just
//! before its first member), so no statement has to report an id back. Then each table is filled
//! with multi-row `INSERT`s, and the search index with one statement (see `search::index_batch`).

use std::collections::HashMap;

use rusqlite::{CachedStatement, Connection, OptionalExtension, Statement, ToSql};

use super::aside::{Aside, Indexing};
use super::search::{fold, phone_search_digits, IndexRow};
use super::validate::{phone_digits, ValidContact};
use super::ContactKind;
use crate::error::Result;

/// Rows per multi-row `INSERT` (at most 23 parameters a row: well within SQLite's 32,766).
const CHUNK: usize = 1024;

/// One contact to write: one of the inputs, or an organisation created for them.
struct NewRow {
    id: i64,
    /// Index into the inputs, or (for an organisation created on the fly) into `created`.
    source: Source,
    sort_name: String,
    /// The organisation's id and index into `org_names`.
    organization: Option<(i64, usize)>,
}

#[derive(Clone, Copy)]
enum Source {
    Input(usize),
    Created(usize),
}

/// Inserts `valid` (already validated) with `now` as their creation time, and hands their search
/// index rows to `indexing`. Returns their ids in input order, or `None` when ids cannot be
/// assigned ahead (the id space is nearly exhausted, so SQLite would pick random ids): the caller
/// then inserts the contacts one by one.
pub(crate) fn insert_batch(
    conn: &Connection,
    valid: &[ValidContact],
    now: &str,
    indexing: &mut Indexing,
) -> Result<Option<Vec<i64>>> {
    let max_id: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM contacts")?
        .query_row([], |r| r.get(0))?;
    let max_id = max_id.unwrap_or(0);
    // At most one organisation is created per input, so 2 × len ids are enough.
    if max_id < 0 || max_id > i64::MAX - 2 * (valid.len() as i64) - 1 {
        return Ok(None);
    }

    // Plan every row, in the order one-by-one inserts would write them.
    let mut next_id = max_id + 1;
    let mut rows: Vec<NewRow> = Vec::with_capacity(valid.len() + valid.len() / 8);
    let mut ids = Vec::with_capacity(valid.len());
    let mut created: Vec<ValidContact> = Vec::new();
    let mut org_names: Vec<String> = Vec::new();
    // Organisation key (folded name) → (id, index into org_names), as resolved for a member.
    let mut resolved: HashMap<String, (i64, usize)> = HashMap::new();
    // Organisations among the inputs themselves, first of each key: a later member finds them.
    let mut input_orgs: HashMap<String, (i64, usize)> = HashMap::new();
    let mut existing = conn.prepare_cached(
        "SELECT id, display_name FROM contacts
         WHERE deleted_at IS NULL AND sort_name = ?1 AND kind = 'organization'
         ORDER BY id LIMIT 1",
    )?;
    for (index, v) in valid.iter().enumerate() {
        let organization = match &v.organization {
            None => None,
            Some(name) => {
                let key = fold(name);
                match resolved.get(&key) {
                    Some(found) => Some(*found),
                    None => {
                        // The live organisation with the lowest id: one that was already stored,
                        // else the first one among the inputs so far, else a new one.
                        let stored: Option<(i64, String)> = existing
                            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()?;
                        let found = match (stored, input_orgs.get(&key)) {
                            (Some((id, display)), _) => {
                                org_names.push(display);
                                (id, org_names.len() - 1)
                            }
                            (None, Some(found)) => *found,
                            (None, None) => {
                                let id = next_id;
                                next_id += 1;
                                created.push(new_organization(name));
                                org_names.push(name.clone());
                                rows.push(NewRow {
                                    id,
                                    source: Source::Created(created.len() - 1),
                                    sort_name: key.clone(),
                                    organization: None,
                                });
                                (id, org_names.len() - 1)
                            }
                        };
                        resolved.insert(key, found);
                        Some(found)
                    }
                }
            }
        };
        let id = next_id;
        next_id += 1;
        let sort_name = fold(&v.name);
        if v.kind == ContactKind::Organization && !input_orgs.contains_key(&sort_name) {
            org_names.push(v.name.clone());
            input_orgs.insert(sort_name.clone(), (id, org_names.len() - 1));
        }
        rows.push(NewRow {
            id,
            source: Source::Input(index),
            sort_name,
            organization,
        });
        ids.push(id);
    }
    drop(existing);
    let contact = |source: Source| match source {
        Source::Input(i) => &valid[i],
        Source::Created(i) => &created[i],
    };

    let phones: Vec<(i64, usize, &ValidContact, String)> = rows
        .iter()
        .flat_map(|row| {
            let c = contact(row.source);
            (0..c.phones.len())
                .map(move |i| (row.id, i, c, phone_search_digits(&c.phones[i].value)))
        })
        .collect();
    // The search index first, in id order, from the values the tables are about to hold: built
    // aside, it is then indexed while the tables are written.
    let mut phone_text = phones.iter().peekable();
    let index: Vec<IndexRow<'_>> = rows
        .iter()
        .map(|row| {
            let c = contact(row.source);
            let mut phones = Vec::new();
            while let Some((_, _, _, search)) = phone_text.next_if(|(id, ..)| *id == row.id) {
                phones.push(search.as_str());
            }
            IndexRow {
                id: row.id,
                contact: c,
                organization: row.organization.map(|(_, name)| org_names[name].as_str()),
                phones,
            }
        })
        .collect();
    indexing.add(conn, &index)?;

    insert_chunked(
        conn,
        "INSERT INTO contacts (id, kind, display_name, sort_name, given_name, family_name,
            job_title, organization_id, street, locality, region, postal_code, country,
            preferred_channel, do_not_contact, birthday_month, birthday_day, birthday_year,
            customer_since, renewal_date, notes, created_at, updated_at) VALUES ",
        &[&now],
        &[[Param; 21].as_slice(), &[Shared(1), Shared(1)]].concat(),
        &rows,
        |stmt, p, row| {
            let c = contact(row.source);
            let values: [&dyn ToSql; 21] = [
                &row.id,
                &c.kind.as_str(),
                &c.name,
                &row.sort_name,
                &c.given_name,
                &c.family_name,
                &c.job_title,
                &row.organization.map(|(id, _)| id),
                &c.address.street,
                &c.address.locality,
                &c.address.region,
                &c.address.postal_code,
                &c.address.country,
                &c.preferred_channel.map(|p| p.as_str()),
                &c.do_not_contact,
                &c.birthday.map(|b| b.month),
                &c.birthday.map(|b| b.day),
                &c.birthday.and_then(|b| b.year),
                &c.customer_since.map(|d| d.to_string()),
                &c.renewal_date.map(|d| d.to_string()),
                &c.notes,
            ];
            bind(stmt, p, &values)
        },
    )?;
    let emails: Vec<(i64, usize, &ValidContact)> = rows
        .iter()
        .flat_map(|row| {
            let c = contact(row.source);
            (0..c.emails.len()).map(move |i| (row.id, i, c))
        })
        .collect();
    insert_chunked(
        conn,
        "INSERT INTO contact_emails (contact_id, position, label, email) VALUES ",
        &[],
        &[Param; 4],
        &emails,
        |stmt, p, &(id, i, c)| {
            let e = &c.emails[i];
            bind(stmt, p, &[&id, &(i as i64), &e.label, &e.value])
        },
    )?;

    insert_chunked(
        conn,
        "INSERT INTO contact_phones (contact_id, position, label, phone, digits, search_digits)
         VALUES ",
        &[],
        &[Param; 6],
        &phones,
        |stmt, p, (id, i, c, search)| {
            let ph = &c.phones[*i];
            bind(
                stmt,
                p,
                &[
                    id,
                    &(*i as i64),
                    &ph.label,
                    &ph.value,
                    &phone_digits(&ph.value),
                    search,
                ],
            )
        },
    )?;

    let tags: Vec<(i64, &str)> = rows
        .iter()
        .flat_map(|row| {
            contact(row.source)
                .tags
                .iter()
                .map(move |t| (row.id, t.as_str()))
        })
        .collect();
    insert_chunked(
        conn,
        "INSERT INTO contact_tags (contact_id, tag) VALUES ",
        &[],
        &[Param; 2],
        &tags,
        |stmt, p, (id, tag)| bind(stmt, p, &[id, tag]),
    )?;

    Ok(Some(ids))
}

/// From this many contacts on, a batch into a store holding fewer contacts than the batch builds
/// its tables' secondary indexes after the rows are in (see `with_indexes_built_after`).
pub(crate) const BUILD_INDEXES_AFTER: usize = 5_000;

/// Runs `f`, which inserts `batch` contacts (handing their search-index rows to the `Indexing`
/// it is given), with the secondary indexes of the contact tables dropped, and creates them again
/// afterwards from their stored definitions, in the same transaction: building an index from all
/// its keys at once (sorted) costs a fraction of inserting the same keys one by one in random
/// order. Only for a large batch into a store holding fewer contacts than the batch (a first
/// import), so the rebuild never costs more than it saves. `contacts_by_name` stays: finding an
/// organisation by name while the batch is written reads it. Into a store with no contacts at all,
/// the search index is also built aside, on a second thread (see `aside`).
/// If `f` fails the transaction rolls back, indexes included.
pub(crate) fn with_indexes_built_after<T>(
    conn: &Connection,
    batch: usize,
    f: impl FnOnce(&mut Indexing) -> Result<T>,
) -> Result<T> {
    if batch < BUILD_INDEXES_AFTER {
        return f(&mut Indexing::Direct);
    }
    let stored: i64 = conn
        .prepare_cached("SELECT count(*) FROM contacts")?
        .query_row([], |r| r.get(0))?;
    if stored >= batch as i64 {
        return f(&mut Indexing::Direct);
    }
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL AND name <> 'contacts_by_name'
               AND tbl_name IN ('contacts', 'contact_emails', 'contact_phones', 'contact_tags')
             ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut indexing = if stored == 0 {
        Indexing::Aside(Aside::start(conn)?)
    } else {
        Indexing::Direct
    };
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    let value = f(&mut indexing)?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    indexing.finish(conn)?;
    Ok(value)
}

/// The organisation created for a member whose organisation is not stored yet.
pub(crate) fn new_organization(name: &str) -> ValidContact {
    ValidContact {
        kind: ContactKind::Organization,
        name: name.to_string(),
        given_name: None,
        family_name: None,
        job_title: None,
        organization: None,
        emails: vec![],
        phones: vec![],
        address: Default::default(),
        preferred_channel: None,
        do_not_contact: false,
        birthday: None,
        customer_since: None,
        renewal_date: None,
        tags: vec![],
        notes: None,
    }
}

/// Binds `values` as the parameters from `first` (1-based) on.
fn bind(stmt: &mut Statement<'_>, first: usize, values: &[&dyn ToSql]) -> Result<()> {
    for (i, v) in values.iter().enumerate() {
        stmt.raw_bind_parameter(first + i, v)?;
    }
    Ok(())
}

/// A value in a row of a multi-row `INSERT`: the row's own parameter, or one shared by every row.
#[derive(Clone, Copy)]
enum Column {
    Param,
    /// The n-th (1-based) of the shared parameters.
    Shared(usize),
}
use Column::{Param, Shared};

/// Inserts `items` with `head` followed by up to `CHUNK` rows of `columns` each, `shared` bound
/// once per statement; `bind_row(stmt, first_parameter, item)` binds one row's own parameters.
fn insert_chunked<T>(
    conn: &Connection,
    head: &str,
    shared: &[&dyn ToSql],
    columns: &[Column],
    items: &[T],
    mut bind_row: impl FnMut(&mut Statement<'_>, usize, &T) -> Result<()>,
) -> Result<()> {
    let own = columns.iter().filter(|c| matches!(c, Param)).count();
    let first = |row: usize| shared.len() + 1 + row * own;
    let sql = |rows: usize| {
        let mut sql = String::from(head);
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            let mut next = first(row);
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                let n = match column {
                    Param => {
                        next += 1;
                        next - 1
                    }
                    Shared(n) => *n,
                };
                sql.push_str(&format!("?{n}"));
            }
            sql.push(')');
        }
        sql
    };
    // Statements of `CHUNK` rows, then of the largest power of two left, so that every statement is
    // one of eleven sizes, prepared once and kept (`prepare_cached`): an import writes its contacts
    // in several batches, and parsing a statement with thousands of parameters costs about as
    // much as running it. Each size is bound with the shared values once per call.
    let mut statements: Vec<Option<CachedStatement<'_>>> = Vec::new();
    let mut rest = items;
    while !rest.is_empty() {
        let rows = if rest.len() >= CHUNK {
            CHUNK
        } else {
            1 << rest.len().ilog2()
        };
        let (chunk, tail) = rest.split_at(rows);
        rest = tail;
        let slot = rows.ilog2() as usize;
        if statements.len() <= slot {
            statements.resize_with(slot + 1, || None);
        }
        let stmt = match &mut statements[slot] {
            Some(stmt) => stmt,
            empty => {
                let stmt = empty.insert(conn.prepare_cached(&sql(rows))?);
                bind(stmt, 1, shared)?;
                stmt
            }
        };
        for (i, item) in chunk.iter().enumerate() {
            bind_row(stmt, first(i), item)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{TimeZone, Utc};
    use rusqlite::Connection;

    use crate::contacts::{Address, ContactInput, ContactKind, Labeled, PreferredChannel};
    use crate::store::migrations::MIGRATIONS;
    use crate::Store;

    fn open(dir: &Path) -> Store {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 1, 9, 30, 0)
            .single()
            .expect("time");
        Store::open_with(&dir.join("t.sqlite3"), MIGRATIONS, Box::new(move || now)).expect("open")
    }

    fn rows(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|v| v.join("|"))
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    }

    /// Everything a batch writes: the tables and what the search index holds for each contact.
    fn dump(store: &Store) -> Vec<Vec<String>> {
        let conn = store.conn();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, contacts_fts, 'instance')",
        )
        .expect("vocab");
        [
            "SELECT * FROM contacts ORDER BY id",
            "SELECT * FROM contact_emails ORDER BY contact_id, position",
            "SELECT * FROM contact_phones ORDER BY contact_id, position",
            "SELECT * FROM contact_tags ORDER BY contact_id, tag",
            "SELECT term, doc, col FROM temp.vocab ORDER BY doc, col, term",
            "SELECT id, sz FROM contacts_fts_docsize ORDER BY id",
            "SELECT count(*) FROM contacts_fts",
        ]
        .iter()
        .map(|sql| rows(conn, sql))
        .collect()
    }

    fn person(name: &str) -> ContactInput {
        ContactInput {
            name: name.into(),
            ..ContactInput::default()
        }
    }

    /// A mix of every field, organisations that exist already, that come earlier in the batch
    /// (as a member's organisation and as a contact of their own) and that differ only in case.
    fn inputs() -> Vec<ContactInput> {
        let mut batch = crate::dev::sample_contacts(1500, 3);
        batch[3] = ContactInput {
            given_name: Some("Zoë".into()),
            family_name: Some("Núñez".into()),
            job_title: Some("Head baker".into()),
            organization: Some("Existing Org".into()),
            emails: vec![
                Labeled {
                    label: Some("work".into()),
                    value: "zoe@example.com".into(),
                },
                Labeled {
                    label: None,
                    value: "z.n@example.org".into(),
                },
            ],
            phones: vec![
                Labeled {
                    label: None,
                    value: "+44 (20) 7946-0000".into(),
                },
                Labeled {
                    label: Some("home".into()),
                    value: "555 0100".into(),
                },
            ],
            address: Address {
                street: Some("1 High St".into()),
                locality: Some("Lyon".into()),
                region: Some("ARA".into()),
                postal_code: Some("69001".into()),
                country: Some("France".into()),
            },
            preferred_channel: Some(PreferredChannel::InPerson),
            do_not_contact: true,
            birthday: Some("1980-02-29".into()),
            customer_since: Some("2020-01-31".into()),
            renewal_date: Some("2027-06-30".into()),
            tags: vec!["VIP".into(), "vip ".into(), "Wholesale".into()],
            notes: Some("Prefers mornings".into()),
            ..person("Zoë  Núñez")
        };
        batch[10] = ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("Acme Tools")
        };
        batch[11].organization = Some("ACME tools".into());
        batch[12].organization = Some("New Shop".into());
        batch[13].organization = Some("new shop".into());
        batch[14] = ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("New Shop")
        };
        batch[15].organization = Some("existing org".into());
        batch[16] = ContactInput {
            given_name: Some("Ann".into()),
            family_name: Some("Other".into()),
            ..person("Ann Lee")
        };
        batch
    }

    fn schema(store: &Store) -> Vec<String> {
        rows(
            store.conn(),
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
        )
    }

    #[test]
    fn a_large_batch_into_an_empty_store_builds_the_same_indexes_afterwards() {
        let (whole, halves) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let (mut whole, mut halves) = (open(whole.path()), open(halves.path()));
        let schema_before = schema(&whole);
        let inputs = crate::dev::sample_contacts(super::BUILD_INDEXES_AFTER + 200, 5);
        // Two halves: each below the size that builds indexes afterwards, so written row by row.
        let (first, second) = inputs.split_at(inputs.len() / 2);
        let mut ids = halves.add_contacts(first).expect("first half");
        ids.extend(halves.add_contacts(second).expect("second half"));
        assert_eq!(whole.add_contacts(&inputs).expect("whole"), ids);
        assert_eq!(dump(&whole), dump(&halves));
        // Every index is back, exactly as defined, and holds exactly the table's rows.
        assert_eq!(schema(&whole), schema_before);
        assert!(whole.check().expect("check").problems.is_empty());
        let by_index: i64 = whole
            .conn()
            .query_row(
                "SELECT count(*) FROM contacts INDEXED BY contacts_by_birthday
                 WHERE birthday_month IS NOT NULL AND deleted_at IS NULL AND do_not_contact = 0",
                [],
                |r| r.get(0),
            )
            .expect("birthdays");
        assert!(by_index > 0);
    }

    fn found(store: &Store, text: &str) -> Vec<i64> {
        let found = store.search_contacts(text, 50).expect("search");
        found.into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn an_index_built_aside_is_the_one_this_connection_then_reads_and_writes() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = open(dir.path());
        // No contacts, but an index that had some (tombstones), read once by this connection so
        // that its FTS5 has the index's structure cached.
        let gone = store.add_contact(&person("Gone Before")).expect("add");
        store.delete_contact(gone).expect("trash");
        store.empty_trash().expect("empty");
        assert!(found(&store, "gone").is_empty());

        let mut inputs = crate::dev::sample_contacts(super::BUILD_INDEXES_AFTER + 200, 7);
        inputs[4321].name = "Quillon Marchetti".into();
        let ids = store.add_contacts(&inputs).expect("batch");
        let quillon = ids[4321];
        assert_eq!(found(&store, "quillon"), vec![quillon]);
        assert_eq!(found(&store, "marchett"), vec![quillon]);
        let last = ids[ids.len() - 1];
        let email = inputs[inputs.len() - 1].emails[0].value.clone();
        assert_eq!(found(&store, &email), vec![last]);

        // Written to through this connection, in later transactions: the index it uses is the
        // one copied in.
        let mut renamed = inputs[4321].clone();
        renamed.name = "Zebulon Quarry".into();
        store.update_contact(quillon, &renamed).expect("rename");
        assert!(found(&store, "quillon").is_empty());
        assert_eq!(found(&store, "zebulon quar"), vec![quillon]);
        store.delete_contact(last).expect("trash");
        store.empty_trash().expect("empty");
        assert!(found(&store, &email).is_empty());
        let added = store.add_contact(&person("Ottoline Vance")).expect("add");
        assert_eq!(found(&store, "ottoline"), vec![added]);
        assert_eq!(store.check().expect("check").problems, Vec::<String>::new());

        // And as a new connection reads it.
        drop(store);
        let store = open(dir.path());
        assert_eq!(found(&store, "zebulon"), vec![quillon]);
        assert_eq!(found(&store, "ottoline"), vec![added]);
        assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
    }

    #[test]
    fn a_batch_indexed_aside_that_fails_leaves_the_store_as_it_was() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = open(dir.path());
        let inputs = crate::dev::sample_contacts(super::BUILD_INDEXES_AFTER * 2, 8);
        let valid = crate::contacts::validate_batch(&inputs).expect("valid");
        let result: crate::Result<()> = store.write(|tx| {
            super::with_indexes_built_after(tx, valid.len(), |indexing| {
                assert!(matches!(indexing, super::Indexing::Aside(_)));
                // One batch written and sent to be indexed, then the owner stops the import.
                crate::contacts::insert_contacts(
                    tx,
                    &valid[..super::BUILD_INDEXES_AFTER],
                    "2026-03-01T09:30:00Z",
                    indexing,
                )?;
                Err(crate::Error::Cancelled)
            })
        });
        assert!(matches!(result, Err(crate::Error::Cancelled)));
        assert_eq!(store.all_contacts().expect("contacts").len(), 0);
        assert!(found(&store, &inputs[0].name).is_empty());
        assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
        // The same contacts again, all of them: found, once.
        let ids = store.add_contacts(&inputs).expect("batch");
        // (The last one: a shorter number would also find its prefixes, 9 finding 90 to 99.)
        let last = inputs.len() - 1;
        assert_eq!(
            found(&store, &inputs[last].emails[0].value),
            vec![ids[last]]
        );
        assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
    }

    #[test]
    fn a_batch_writes_what_adding_the_contacts_one_by_one_writes() {
        let (one, many) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let (mut one, mut many) = (open(one.path()), open(many.path()));
        for store in [&mut one, &mut many] {
            // Stored already, with a gap in the ids (max(id) + 1 is next, as SQLite does).
            store.add_contact(&person("Someone")).expect("add");
            let org = ContactInput {
                kind: Some(ContactKind::Organization),
                ..person("Existing Org")
            };
            store.add_contact(&org).expect("org");
            let gone = store.add_contact(&person("Gone")).expect("add");
            store.delete_contact(gone).expect("trash");
            store.empty_trash().expect("empty");
            store.add_contact(&person("Last")).expect("add");
        }
        let inputs = inputs();
        let one_ids: Vec<i64> = inputs
            .iter()
            .map(|c| one.add_contact(c).expect("one"))
            .collect();
        let many_ids = many.add_contacts(&inputs).expect("batch");
        assert_eq!(one_ids, many_ids);
        assert_eq!(dump(&one), dump(&many));
        assert!(many.check().expect("check").problems.is_empty());

        // A small batch on top (below the size that changes how the index is written).
        let more: Vec<ContactInput> = crate::dev::sample_contacts(20, 9);
        let one_ids: Vec<i64> = more
            .iter()
            .map(|c| one.add_contact(c).expect("one"))
            .collect();
        assert_eq!(one_ids, many.add_contacts(&more).expect("batch"));
        assert_eq!(dump(&one), dump(&many));
    }
}
