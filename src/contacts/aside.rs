//! The search index of a first large batch, built on a second thread while the tables are written.
//!
//! Indexing is about half the work of inserting 100,000 contacts, and it needs nothing that the
//! table writes produce: its text comes from the inputs, and the ids are assigned ahead. So when a
//! large batch goes into a store that holds no contacts at all (a first import), a thread of its
//! own builds the index in an in-memory database, from the table definition the store has, the
//! same rows in the same order and the same settings. At the end the store's index, empty
//! anyway, is reset with FTS5's own `delete-all` and the built index's rows are copied into its
//! tables, in the same transaction as the contacts. The result is the index that writing the rows
//! directly builds (the batch tests compare the two term by term, and `check` runs FTS5's own
//! integrity check over it).
//!
//! Why only into an empty index: FTS5's segments cannot be merged into an index that already has
//! some by copying rows. Why `delete-all` first: it leaves the index's tables empty but for FTS5's
//! own bookkeeping, whatever an earlier, since emptied, index left there. This connection's FTS5
//! caches the index's structure and totals and trusts them while no other connection writes; a
//! rollback to a savepoint set after the copy (undoing nothing) is what makes it drop them, so
//! the copied index is read afresh on its next use, in this transaction or after it.

use std::sync::mpsc::{channel, Sender};
use std::thread::JoinHandle;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::search::{
    index_batch, index_json, insert_json, set_fts_option, IndexRow, BATCH_HASH_SIZE,
};
use crate::error::{Error, Result};

/// Where the search-index rows of the contacts a batch writes go.
pub(crate) enum Indexing {
    /// Into the store's index, with each batch.
    Direct,
    /// To the thread building the index aside (see the module's documentation).
    Aside(Aside),
}

impl Indexing {
    /// Indexes the rows of one batch (in increasing id order, after every earlier batch's).
    pub(crate) fn add(&mut self, conn: &Connection, rows: &[IndexRow<'_>]) -> Result<()> {
        match self {
            Indexing::Direct => index_batch(conn, rows),
            Indexing::Aside(aside) => {
                // In pieces, so the thread starts on the first while the next is made.
                for piece in rows.chunks(PIECE) {
                    let json = index_json(piece)?;
                    match aside.rows.as_ref().map(|rows| rows.send(json)) {
                        Some(Ok(())) => {}
                        // The thread stopped: it failed, and says why.
                        _ => return Err(aside.join()),
                    }
                }
                Ok(())
            }
        }
    }

    /// Puts the index built aside into the store's; nothing to do for `Direct`.
    pub(crate) fn finish(self, conn: &Connection) -> Result<()> {
        match self {
            Indexing::Direct => Ok(()),
            Indexing::Aside(mut aside) => {
                drop(aside.rows.take());
                let built = match aside.worker.take().map(JoinHandle::join) {
                    Some(Ok(result)) => result?,
                    _ => return Err(thread_failed()),
                };
                conn.execute_batch(
                    "INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')",
                )?;
                for table in index_tables(conn)? {
                    copy_table(&built, conn, &table)?;
                }
                // `delete-all` reloads FTS5's configuration, which reads the (then empty) index
                // structure into this connection's cache, and FTS5 trusts that cache for as long
                // as no other connection writes. Rolling back to a savepoint is what makes FTS5
                // drop its caches (nothing is undone: nothing changed since the savepoint).
                conn.execute_batch(
                    "SAVEPOINT search_index_copied;
                     ROLLBACK TO search_index_copied;
                     RELEASE search_index_copied;",
                )?;
                Ok(())
            }
        }
    }
}

/// Rows per piece of text sent to the thread.
const PIECE: usize = 5_000;

/// The thread building an index aside, and the way to send it rows.
pub(crate) struct Aside {
    rows: Option<Sender<String>>,
    worker: Option<JoinHandle<Result<Connection>>>,
}

impl Aside {
    /// Starts building an index like the store's `contacts_fts` on a thread of its own.
    pub(crate) fn start(conn: &Connection) -> Result<Aside> {
        let definition: String = conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'contacts_fts'",
            [],
            |r| r.get(0),
        )?;
        // Unbounded: the writer must not wait for the index (at most the batch's text waits).
        let (sender, receiver) = channel::<String>();
        let worker = std::thread::Builder::new()
            .name("rapport-search-index".into())
            .spawn(move || -> Result<Connection> {
                let built = Connection::open_in_memory()?;
                built.execute_batch(&definition)?;
                set_fts_option(&built, "hashsize", BATCH_HASH_SIZE)?;
                built.execute_batch("BEGIN")?;
                for json in receiver {
                    insert_json(&built, json)?;
                }
                built.execute_batch("COMMIT")?;
                Ok(built)
            })
            .map_err(|e| Error::Conflict(format!("could not start indexing: {e}")))?;
        Ok(Aside {
            rows: Some(sender),
            worker: Some(worker),
        })
    }

    /// Waits for the thread after it stopped early, and returns why it did.
    fn join(&mut self) -> Error {
        drop(self.rows.take());
        match self.worker.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            _ => thread_failed(),
        }
    }
}

// Dropped without `finish` (the batch failed or was cancelled): the sender goes, so the thread
// ends once it has indexed what was already sent (the channel hands over what it holds before
// it reports the sender gone), and the index it built is dropped with it; nothing waits for it.

fn thread_failed() -> Error {
    Error::Conflict("the search index could not be built".into())
}

/// The tables FTS5 keeps the index of `contacts_fts` in, but its configuration.
fn index_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name GLOB 'contacts_fts_*' AND name <> 'contacts_fts_config'
         ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Replaces every row of `table` in `to` with those of the same table in `from`.
fn copy_table(from: &Connection, to: &Connection, table: &str) -> Result<()> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    to.execute_batch(&format!("DELETE FROM {quoted}"))?;
    let mut read = from.prepare(&format!("SELECT * FROM {quoted}"))?;
    let columns = read.column_count();
    let marks = vec!["?"; columns].join(", ");
    let mut write = to.prepare(&format!("INSERT INTO {quoted} VALUES ({marks})"))?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..columns {
            write.raw_bind_parameter(i + 1, row.get::<_, Value>(i)?)?;
        }
        write.raw_execute()?;
    }
    Ok(())
}
