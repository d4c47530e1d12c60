//! Full-text search over contacts (SQLite FTS5).
//!
//! The index `contacts_fts` mirrors each contact's name, organisation, emails, phones, tags and
//! notes, keyed by the contact's id. It is written only here, inside the transaction that changes
//! the contact, so it can never drift from the data. User text never reaches FTS5's query syntax:
//! it is split into words, and each word becomes a quoted prefix term.

use rusqlite::{Connection, OptionalExtension};

use super::validate::ValidContact;
use crate::error::Result;

/// Column weights for ranking (bm25): a match in the name counts most, in the notes least.
pub(crate) const RANK: &str = "bm25(contacts_fts, 10.0, 5.0, 4.0, 4.0, 3.0, 1.0)";

/// Rewrites the index row of contact `id` from the stored data (or removes it if the contact is
/// gone). Deleted-to-Trash contacts stay indexed; queries filter them out.
pub(crate) fn reindex(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?
        .execute([id])?;
    index_new(conn, &[id])
}

/// Indexes contacts that have no index row yet, all in one statement. One statement matters:
/// FTS5 flushes its pending terms to a new segment at every statement's savepoint, so indexing
/// 100,000 contacts row by row builds 100,000 tiny segments and spends its time merging them.
pub(crate) fn index_new(conn: &Connection, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(ids).map_err(|e| crate::Error::Conflict(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO contacts_fts (rowid, name, organization, emails, phones, tags, notes)
         SELECT c.id,
                concat_ws(' ', c.display_name,
                          CASE WHEN instr(c.display_name, c.given_name) = 0 THEN c.given_name END,
                          CASE WHEN instr(c.display_name, c.family_name) = 0 THEN c.family_name END,
                          c.job_title),
                o.display_name,
                (SELECT group_concat(email, ' ') FROM contact_emails WHERE contact_id = c.id),
                (SELECT group_concat(search_digits, ' ') FROM contact_phones WHERE contact_id = c.id),
                (SELECT group_concat(tag, ' ') FROM contact_tags WHERE contact_id = c.id),
                concat_ws(' ', c.notes, c.locality, c.country)
         FROM contacts c LEFT JOIN contacts o ON o.id = c.organization_id
         WHERE c.id IN (SELECT value FROM json_each(?1))
         ORDER BY c.id",
    )?
    .execute([ids])?;
    Ok(())
}

/// A contact being inserted in a batch, with what `index_new` would read for it from the tables.
pub(crate) struct IndexRow<'a> {
    pub id: i64,
    pub contact: &'a ValidContact,
    /// The display name of its organisation.
    pub organization: Option<&'a str>,
    /// `phone_search_digits` of each of its phones, in order.
    pub phones: Vec<&'a str>,
}

/// Indexes a batch of new contacts, in increasing id order, in one statement (as `index_new`
/// does) but from the values being inserted rather than by reading them back: the same text,
/// column by column, as `index_new` builds in SQL.
pub(crate) fn index_batch(conn: &Connection, rows: &[IndexRow<'_>]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let json = index_json(rows)?;
    // FTS5 writes its pending terms out as a new segment whenever they pass `hashsize` (1 MB by
    // default) and merges segments as they pile up: for a large batch, much of the work. Fewer,
    // larger segments cost less (but a table much larger than the CPU caches costs more again).
    // The setting is stored in the index, so it is put back afterwards.
    let large = rows.len() >= LARGE_BATCH;
    let previous: Option<i64> = if large {
        let previous = conn
            .prepare_cached(
                "SELECT CAST(v AS INTEGER) FROM contacts_fts_config WHERE k = 'hashsize'",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        set_fts_option(conn, "hashsize", BATCH_HASH_SIZE)?;
        previous
    } else {
        None
    };
    insert_json(conn, json)?;
    if large {
        set_fts_option(conn, "hashsize", previous.unwrap_or(DEFAULT_HASH_SIZE))?;
    }
    Ok(())
}

/// The index rows of a batch as one JSON array of `[id, name, organization, emails, phones, tags,
/// notes]`: the same text, column by column, as `index_new` builds in SQL.
pub(crate) fn index_json<'a>(rows: &[IndexRow<'a>]) -> Result<String> {
    let joined = |parts: &mut dyn Iterator<Item = &str>| {
        let text = parts.collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    };
    let values: Vec<_> = rows
        .iter()
        .map(|row| {
            let c = row.contact;
            let missing = |part: Option<&'a str>| part.filter(|p| !c.name.contains(p));
            let name = [
                Some(c.name.as_str()),
                missing(c.given_name.as_deref()),
                missing(c.family_name.as_deref()),
                c.job_title.as_deref(),
            ];
            let notes = [
                c.notes.as_deref(),
                c.address.locality.as_deref(),
                c.address.country.as_deref(),
            ];
            (
                row.id,
                joined(&mut name.into_iter().flatten()),
                row.organization,
                joined(&mut c.emails.iter().map(|e| e.value.as_str())),
                joined(&mut row.phones.iter().copied()),
                joined(&mut c.tags.iter().map(String::as_str)),
                joined(&mut notes.into_iter().flatten()),
            )
        })
        .collect();
    serde_json::to_string(&values).map_err(|e| crate::Error::Conflict(e.to_string()))
}

/// Inserts the rows `index_json` made into the `contacts_fts` of `conn`, in one statement.
pub(crate) fn insert_json(conn: &Connection, json: String) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contacts_fts (rowid, name, organization, emails, phones, tags, notes)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
         FROM jsonb_each(?1)",
    )?
    .execute([json])?;
    Ok(())
}

/// From this many contacts on, a batch is indexed with `BATCH_HASH_SIZE`.
const LARGE_BATCH: usize = 1000;
/// FTS5's default `hashsize`, and the one used for a large batch (measured best at 100,000).
const DEFAULT_HASH_SIZE: i64 = 1024 * 1024;
pub(crate) const BATCH_HASH_SIZE: i64 = 16 * 1024 * 1024;

/// Sets one of FTS5's stored configuration options of the index.
pub(crate) fn set_fts_option(conn: &Connection, option: &str, value: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO contacts_fts (contacts_fts, rank) VALUES (?1, ?2)")?
        .execute(rusqlite::params![option, value])?;
    Ok(())
}

/// Re-indexes the members of an organisation (after its name changed).
pub(crate) fn reindex_members(conn: &Connection, organization_id: i64) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM contacts WHERE organization_id = ?1")?
        .query_map([organization_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        reindex(conn, id)?;
    }
    Ok(())
}

/// Turns what the user typed into an FTS5 query: every word must match as a prefix.
/// Returns `None` when the text holds no searchable word.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// The digit strings a phone is found by: all its digits from the start of each group of digits
/// onwards, so "+1 (555) 010-2030" is found by "1555…", "555…", "0102…" and "2030".
pub(crate) fn phone_search_digits(phone: &str) -> String {
    let groups: Vec<&str> = phone
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    (0..groups.len())
        .map(|i| groups[i..].concat())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form names are sorted and prefix-matched in: lower case, accents removed, spaces
/// collapsed ("Zoë  Müller" → "zoe muller"), so "zoe" finds "Zoë" and Zoë sorts beside Zoe.
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        // The same result as below without decomposing: ASCII has no accents.
        let mut folded = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return folded;
    }
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_ascii_takes_a_shortcut_to_the_same_result() {
        use unicode_normalization::char::is_combining_mark;
        use unicode_normalization::UnicodeNormalization;
        let slow = |text: &str| {
            let folded: String = text
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for text in [
            "",
            "   ",
            "Anna",
            "  Zoe   MULLER ",
            "O'Brien-Smith\tJr.",
            "a\x0bb\x0cc\r\nd",
            "ABC xyz 123 !@#",
            "Zoë Müller",
        ] {
            assert_eq!(fold(text), slow(text), "{text:?}");
        }
    }
}
