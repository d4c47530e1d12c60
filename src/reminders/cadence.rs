//! "Stay in touch" cadences and how stale a contact is against theirs. A contact's cadence is the
//! shortest of their own stay-in-touch follow-ups, else the shortest cadence of their tags
//! (`tag_cadences`). Staleness compares the days since the last interaction with it: green while
//! well within, amber in its last quarter, red once it has passed (or nothing was ever logged).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;

/// The longest cadence, in days (ten years).
pub const MAX_CADENCE_DAYS: u32 = 3650;

/// "Contacts with this tag: stay in touch every `days` days."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCadence {
    pub tag: String,
    pub days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StalenessLevel {
    Green,
    Amber,
    Red,
}

/// How a contact stands against their stay-in-touch cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Staleness {
    pub level: StalenessLevel,
    pub cadence_days: u32,
    /// Where the cadence comes from: `"contact"` (their own follow-up) or the tag's name.
    pub source: String,
    pub last_interaction: Option<NaiveDate>,
    /// Days since the last interaction (absent when none was ever logged).
    #[ts(type = "number | null")]
    pub days_since: Option<i64>,
}

/// Green below three quarters of the cadence, amber up to it, red from it on (and with no
/// interaction at all).
pub fn staleness_level(days_since: Option<i64>, cadence_days: u32) -> StalenessLevel {
    let cadence = i64::from(cadence_days.max(1));
    match days_since {
        None => StalenessLevel::Red,
        Some(d) if d >= cadence => StalenessLevel::Red,
        Some(d) if d * 4 >= cadence * 3 => StalenessLevel::Amber,
        Some(_) => StalenessLevel::Green,
    }
}

impl Store {
    /// Every tag cadence, by tag.
    pub fn tag_cadences(&self) -> Result<Vec<TagCadence>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT tag, days FROM tag_cadences ORDER BY tag COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| {
            Ok(TagCadence {
                tag: r.get(0)?,
                days: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Sets (or with `None` removes) the cadence of a tag.
    pub fn set_tag_cadence(&mut self, tag: &str, days: Option<u32>) -> Result<()> {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(Error::invalid("tag", "name the tag"));
        }
        if let Some(d) = days {
            if d == 0 || d > MAX_CADENCE_DAYS {
                return Err(Error::invalid(
                    "days",
                    format!("a cadence is 1 to {MAX_CADENCE_DAYS} days, not {d}"),
                ));
            }
        }
        let tag = tag.to_string();
        self.write(|tx| {
            match days {
                Some(d) => tx.execute(
                    "INSERT INTO tag_cadences (tag, days) VALUES (?1, ?2)
                     ON CONFLICT (tag) DO UPDATE SET days = excluded.days",
                    params![tag, d],
                )?,
                None => tx.execute("DELETE FROM tag_cadences WHERE tag = ?1", [&tag])?,
            };
            Ok(())
        })
    }

    /// How stale a contact is against their cadence at `now` in `tz`; absent when they have none.
    pub fn contact_staleness<Tz: TimeZone>(
        &self,
        contact_id: i64,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Option<Staleness>> {
        let conn = self.conn();
        let own: Option<u32> = conn
            .prepare_cached(
                "SELECT min(stay_in_touch_days) FROM follow_ups
                 WHERE contact_id = ?1 AND done_at IS NULL AND stay_in_touch_days IS NOT NULL",
            )?
            .query_row([contact_id], |r| r.get(0))?;
        let (cadence_days, source) = match own {
            Some(d) => (d, "contact".to_string()),
            None => {
                let by_tag: Option<(u32, String)> = conn
                    .prepare_cached(
                        "SELECT tc.days, tc.tag FROM contact_tags ct
                         JOIN tag_cadences tc ON tc.tag = ct.tag COLLATE NOCASE
                         WHERE ct.contact_id = ?1 ORDER BY tc.days, tc.tag LIMIT 1",
                    )?
                    .query_row([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                match by_tag {
                    Some(found) => found,
                    None => return Ok(None),
                }
            }
        };
        let last: Option<String> = conn
            .prepare_cached("SELECT max(occurred_at) FROM interactions WHERE contact_id = ?1")?
            .query_row([contact_id], |r| r.get(0))?;
        let last_interaction = last
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(tz).date_naive());
        let today = now.with_timezone(tz).date_naive();
        let days_since = last_interaction.map(|d| (today - d).num_days());
        Ok(Some(Staleness {
            level: staleness_level(days_since, cadence_days),
            cadence_days,
            source,
            last_interaction,
            days_since,
        }))
    }
}
