//! "Everything out": the whole data file as a folder that other tools read, so no owner is
//! locked in. `contacts.vcf` (vCard 4.0, every live contact), then one CSV per table (UTF-8 with a
//! header row, every row including the Trash, text cells that a spreadsheet would run as a formula
//! neutralised like the contact CSV export), and `rapport.xlsx`: the same tables, one sheet each,
//! as Excel tables in the house style (`crate::export::Book`, streamed row by row; text is always
//! written as text). The search index's own tables are left out: they are rebuilt from the contacts.
//!
//! Each file is written through a temp file and renamed, so an interrupted export never leaves a
//! half-written file under a final name.

use std::path::Path;

use rusqlite::types::ValueRef;
use serde::Serialize;
use ts_rs::TS;

use chrono::NaiveDate;

use super::{vcard, VcardVersion};
use crate::error::{Error, Result};
use crate::export::{csv_cell as neutralise, write_atomically, Book, Cell, Column, Kind};
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

    /// Writes everything into `dir` (created when missing; see the module notes). `as_of` is the
    /// date printed on the workbook's pages.
    pub fn export_all(&self, dir: &Path, as_of: NaiveDate) -> Result<ExportAllReport> {
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

        let tables = self.data_tables()?;
        for table in &tables {
            let (bytes, rows) = self.table_csv(table)?;
            let name = format!("{table}.csv");
            write_atomically(&dir.join(&name), &bytes)?;
            files.push(ExportedFile { name, rows });
        }

        let business = self.business_name().unwrap_or_default();
        let mut book = Book::new(&business, as_of).streaming();
        let mut sheets = 0;
        let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
        for table in &tables {
            let mut name = sheet_name(table);
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!(
                    "{}~{n}",
                    sheet_name(table).chars().take(28).collect::<String>()
                );
                n += 1;
            }
            let (columns, rows) = self.table_cells(table)?;
            let columns: Vec<Column> = columns
                .into_iter()
                .map(|c| Column::new(c, Kind::Text))
                .collect();
            book.table_sheet(&name, &columns, rows.len(), rows)?;
            sheets += 1;
        }
        book.save(&dir.join("rapport.xlsx"))?;
        files.push(ExportedFile {
            name: "rapport.xlsx".into(),
            rows: sheets,
        });
        Ok(ExportAllReport {
            dir: dir.display().to_string(),
            files,
        })
    }

    /// One table's column names and rows as workbook cells (text stays text, numbers numbers).
    fn table_cells(&self, table: &str) -> Result<(Vec<String>, Vec<Vec<Cell>>)> {
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let mut stmt = self.conn().prepare(&format!("SELECT * FROM {quoted}"))?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get_ref(i).map(|v| match v {
                            ValueRef::Null => Cell::Empty,
                            ValueRef::Integer(i) => Cell::Int(i),
                            ValueRef::Real(f) => Cell::Number(f),
                            ValueRef::Text(t) => {
                                Cell::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            ValueRef::Blob(b) => {
                                Cell::Text(b.iter().map(|x| format!("{x:02x}")).collect())
                            }
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Cell>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((columns, rows))
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

/// A sheet name Excel accepts: at most 31 characters (table names here are plain ASCII).
fn sheet_name(table: &str) -> String {
    table.chars().take(31).collect()
}
