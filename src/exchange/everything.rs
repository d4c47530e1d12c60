//! "Everything out": the whole data file as a folder that other tools read, so no owner is
//! locked in. `contacts.vcf` (vCard 4.0, every live contact), then one CSV per table (UTF-8 with a
//! header row, every row including the Trash, text cells that a spreadsheet would run as a formula
//! neutralised like the contact CSV export). The search index's own tables are left out: they are
//! rebuilt from the contacts.
//!
//! Each file is written through a temp file and renamed, so an interrupted export never leaves a
//! half-written file under a final name.

use std::path::Path;

use rusqlite::types::ValueRef;
use serde::Serialize;
use ts_rs::TS;

use super::{csv::neutralise, vcard, write_atomically, VcardVersion};
use crate::error::{Error, Result};
use crate::store::Store;

/// One file written by `export_all`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportedFile {
    /// The file's name inside the folder.
    pub name: String,
    /// Contacts in the vCard, data rows in a CSV.
    #[ts(type = "number")]
    pub rows: usize,
}

/// What `export_all` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportAllReport {
    pub dir: String,
    pub files: Vec<ExportedFile>,
}

/// A table that is not the owner's data: SQLite's own and the search index's.
fn internal_table(name: &str) -> bool {
    name.starts_with("sqlite_") || name.starts_with("contacts_fts")
}

fn cell(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => neutralise(&String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

impl Store {
    /// The tables `export_all` writes, alphabetically.
    pub fn data_tables(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names.into_iter().filter(|n| !internal_table(n)).collect())
    }

    /// Writes everything into `dir` (created when missing; see the module notes).
    pub fn export_all(&self, dir: &Path) -> Result<ExportAllReport> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut files = Vec::new();

        let contacts = self.all_contacts()?;
        let uids = self.export_uids(&contacts)?;
        let text = vcard::write(&contacts, &uids, VcardVersion::V4);
        write_atomically(&dir.join("contacts.vcf"), text.as_bytes())?;
        files.push(ExportedFile {
            name: "contacts.vcf".into(),
            rows: contacts.len(),
        });

        for table in self.data_tables()? {
            let (bytes, rows) = self.table_csv(&table)?;
            let name = format!("{table}.csv");
            write_atomically(&dir.join(&name), &bytes)?;
            files.push(ExportedFile { name, rows });
        }
        Ok(ExportAllReport {
            dir: dir.display().to_string(),
            files,
        })
    }

    /// One table as CSV bytes (header row first) and its number of data rows.
    fn table_csv(&self, table: &str) -> Result<(Vec<u8>, usize)> {
        // The name comes from sqlite_schema, never from the user; quoted all the same.
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT * FROM {quoted} ORDER BY rowid"))
            .or_else(|_| self.conn().prepare(&format!("SELECT * FROM {quoted}")))?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: csv::Error| Error::Conflict(format!("writing {table}.csv: {e}"));
        out.write_record(&columns).map_err(csv_error)?;
        let mut rows = stmt.query([])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let record: Vec<String> = (0..columns.len())
                .map(|i| r.get_ref(i).map(cell))
                .collect::<rusqlite::Result<_>>()?;
            out.write_record(&record).map_err(csv_error)?;
            count += 1;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::Conflict(format!("writing {table}.csv: {e}")))?;
        Ok((bytes, count))
    }
}
