//! Team members: the business's own staff, who own issues and are credited for praise.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamMember {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub active: bool,
    pub created_at: String,
}

impl Store {
    /// Adds a team member. Names are unique (any case). Returns the id.
    pub fn add_team_member(&mut self, name: &str, email: Option<&str>) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "a name is required"));
        }
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                return Err(Error::invalid(
                    "email",
                    format!("'{e}' does not look like an email address"),
                ));
            }
        }
        let now = self.now_text();
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM team_members WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::invalid(
                    "name",
                    format!("{name} is already on the team"),
                ));
            }
            tx.execute(
                "INSERT INTO team_members (name, email, created_at) VALUES (?1, ?2, ?3)",
                params![name, email, now],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Marks a team member as (in)active; inactive members keep their history. Someone on the
    /// escalation ladder stays active until the ladder is changed: escalations never go to nobody.
    pub fn set_team_member_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.write(|tx| {
            if !active {
                let rung: Option<(u32, String)> = tx
                    .query_row(
                        "SELECT l.level, t.name FROM escalation_levels l JOIN team_members t ON t.id = l.team_member_id
                         WHERE l.team_member_id = ?1 ORDER BY l.level LIMIT 1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if let Some((level, name)) = rung {
                    return Err(Error::Conflict(format!(
                        "{name} is level {level} of the escalation ladder: give that level to someone else in Settings first"
                    )));
                }
            }
            let n = tx.execute(
                "UPDATE team_members SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "team member",
                    id,
                });
            }
            Ok(())
        })
    }

    /// Everyone on the team, active first, by name.
    pub fn team(&self) -> Result<Vec<TeamMember>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, email, active, created_at FROM team_members ORDER BY active DESC, name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TeamMember {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    email: r.get(2)?,
                    active: r.get(3)?,
                    created_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
