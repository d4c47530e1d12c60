//! Saved CSV column mappings ("profiles"): the import wizard saves the mapping the owner confirmed
//! under a name, and the next file from the same program is read with it.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::csv::{ColumnMapping, ColumnRule, CsvField};
use crate::error::{Error, Result};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CsvProfile {
    pub name: String,
    pub mapping: ColumnMapping,
}

fn field_text(field: CsvField) -> Result<String> {
    match serde_json::to_value(field).map_err(|e| Error::Conflict(e.to_string()))? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(Error::Conflict(format!("unexpected field {other}"))),
    }
}

impl Store {
    /// Saves `mapping` as the profile `name`, replacing one of that name.
    pub fn save_csv_profile(&mut self, name: &str, mapping: &ColumnMapping) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("profile", "a profile needs a name"));
        }
        if let Some(d) = &mapping.delimiter {
            if d.chars().count() != 1 {
                return Err(Error::invalid(
                    "delimiter",
                    "the delimiter is one character",
                ));
            }
        }
        let now = self.now_text();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO csv_profiles (name, delimiter, has_header, day_first, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT (name) DO UPDATE SET delimiter = excluded.delimiter,
                     has_header = excluded.has_header, day_first = excluded.day_first,
                     updated_at = excluded.updated_at",
                params![name, mapping.delimiter, mapping.has_header, mapping.day_first, now],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM csv_profiles WHERE name = ?1",
                [name],
                |r| r.get(0),
            )?;
            tx.execute("DELETE FROM csv_profile_columns WHERE profile_id = ?1", [id])?;
            let mut stmt = tx.prepare(
                "INSERT INTO csv_profile_columns (profile_id, position, header, field, label, grp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &mapping.columns {
                stmt.execute(params![
                    id,
                    c.position,
                    c.header,
                    field_text(c.field)?,
                    c.label,
                    c.group
                ])?;
            }
            Ok(())
        })
    }

    /// The profile called `name` (any case).
    pub fn csv_profile(&self, name: &str) -> Result<CsvProfile> {
        let conn = self.conn();
        let row: Option<(i64, String, Option<String>, bool, bool)> = conn
            .query_row(
                "SELECT id, name, delimiter, has_header, day_first FROM csv_profiles WHERE name = ?1",
                [name.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((id, name, delimiter, has_header, day_first)) = row else {
            return Err(Error::invalid(
                "profile",
                format!("there is no CSV profile called '{}'", name.trim()),
            ));
        };
        let mut stmt = conn.prepare(
            "SELECT position, header, field, label, grp FROM csv_profile_columns
             WHERE profile_id = ?1 ORDER BY position",
        )?;
        let mut columns = Vec::new();
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let field: String = r.get(2)?;
            let field: CsvField = serde_json::from_value(serde_json::Value::String(field))
                .unwrap_or(CsvField::Ignore);
            columns.push(ColumnRule {
                position: r.get(0)?,
                header: r.get(1)?,
                field,
                label: r.get(3)?,
                group: r.get(4)?,
            });
        }
        Ok(CsvProfile {
            name,
            mapping: ColumnMapping {
                delimiter,
                has_header,
                day_first,
                columns,
            },
        })
    }

    /// Every saved profile's name, alphabetically.
    pub fn csv_profile_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM csv_profiles ORDER BY name COLLATE NOCASE")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }
}
