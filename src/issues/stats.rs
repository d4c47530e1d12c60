//! Figures: per owner (open, overdue, on-time resolution rate, median time to resolve, broken
//! promises) and for the business (issues opened per week, share closed "confirmed by customer").
//! Time spent waiting on the customer never counts against the owner.

use chrono::{Datelike, Days, NaiveDate};

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::AsOf;
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OwnerStats {
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    /// The team member's name, or "Unassigned".
    pub owner: String,
    pub open: u32,
    pub overdue: u32,
    /// Resolved issues that had a due date.
    pub resolved_with_due: u32,
    pub resolved_on_time: u32,
    /// `resolved_on_time / resolved_with_due` in percent; `None` when nothing with a due date was resolved.
    pub on_time_rate: Option<f64>,
    /// Median hours from opened to resolved, not counting time waiting on the customer.
    pub median_hours_to_resolve: Option<f64>,
    pub broken_promises: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WeekCount {
    /// The Monday that starts the week.
    pub week_start: NaiveDate,
    pub opened: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BusinessStats {
    /// The last 12 weeks, oldest first, this week last.
    pub opened_per_week: Vec<WeekCount>,
    pub closed: u32,
    pub closed_confirmed: u32,
    /// `closed_confirmed / closed` in percent.
    pub confirmed_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Stats {
    pub as_of: NaiveDate,
    pub owners: Vec<OwnerStats>,
    pub business: BusinessStats,
}

const WEEKS: u64 = 12;

fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

impl Store {
    pub fn issue_stats(&self, as_of: &AsOf) -> Result<Stats> {
        let conn = self.conn();
        let today = as_of.today.to_string();
        // Every figure below reads indexes over the columns kept by `refresh_derived`: one scan of
        // (owner, status, how closed, on time, broken promises), one range for overdue.
        struct Row {
            owner_id: Option<i64>,
            status: String,
            closed_how: Option<String>,
            issues: u32,
            resolved_with_due: u32,
            on_time: u32,
            broken: u32,
        }
        // Grouped by every column of the index, so the scan only counts (summing in SQL costs a
        // third more over 200,000 issues); the sums are made here from the few groups.
        let rows: Vec<Row> = conn
            .prepare_cached(
                "SELECT owner_id, status, closed_how, resolved_on_time, broken_promises, count(*)
                 FROM issues INDEXED BY issues_by_owner_status
                 GROUP BY owner_id, status, closed_how, resolved_on_time, broken_promises",
            )?
            .query_map([], |r| {
                let on_time: Option<u32> = r.get(3)?;
                let broken: u32 = r.get(4)?;
                let issues: u32 = r.get(5)?;
                Ok(Row {
                    owner_id: r.get(0)?,
                    status: r.get(1)?,
                    closed_how: r.get(2)?,
                    issues,
                    resolved_with_due: if on_time.is_some() { issues } else { 0 },
                    on_time: on_time.unwrap_or(0) * issues,
                    broken: broken * issues,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let overdue: Vec<(Option<i64>, u32)> = conn
            .prepare_cached(
                "SELECT owner_id, count(*) FROM issues INDEXED BY issues_by_status_due
                 WHERE status IN ('open', 'in_progress') AND due_after_waits < ?1 GROUP BY owner_id",
            )?
            .query_map([&today], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let names: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, name FROM team_members")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut owners: Vec<OwnerStats> = Vec::new();
        let (mut closed, mut closed_confirmed) = (0, 0);
        for row in &rows {
            if row.status == "closed" {
                closed += row.issues;
                if row.closed_how.as_deref() == Some("confirmed") {
                    closed_confirmed += row.issues;
                }
            }
            let o = match owners.iter_mut().position(|o| o.owner_id == row.owner_id) {
                Some(i) => &mut owners[i],
                None => {
                    let owner = row
                        .owner_id
                        .and_then(|id| {
                            names
                                .iter()
                                .find(|(n, _)| *n == id)
                                .map(|(_, name)| name.clone())
                        })
                        .unwrap_or_else(|| "Unassigned".to_string());
                    owners.push(OwnerStats {
                        owner_id: row.owner_id,
                        owner,
                        open: 0,
                        overdue: overdue
                            .iter()
                            .find(|(id, _)| *id == row.owner_id)
                            .map_or(0, |(_, n)| *n),
                        resolved_with_due: 0,
                        resolved_on_time: 0,
                        on_time_rate: None,
                        median_hours_to_resolve: None,
                        broken_promises: 0,
                    });
                    owners.last_mut().expect("just pushed")
                }
            };
            if matches!(
                row.status.as_str(),
                "open" | "in_progress" | "waiting_on_customer"
            ) {
                o.open += row.issues;
            }
            o.resolved_with_due += row.resolved_with_due;
            o.resolved_on_time += row.on_time;
            o.broken_promises += row.broken;
        }
        for o in &mut owners {
            o.on_time_rate = percent(o.resolved_on_time, o.resolved_with_due);
        }
        owners.sort_by(|a, b| {
            a.owner_id
                .is_none()
                .cmp(&b.owner_id.is_none())
                .then(a.owner.cmp(&b.owner))
        });

        // The median per owner: count, then step to the middle of that owner's sorted index entries.
        let mut count = conn.prepare_cached(
            "SELECT count(*) FROM issues WHERE owner_id IS ?1 AND resolve_seconds IS NOT NULL",
        )?;
        let mut middle = conn.prepare_cached(
            "SELECT resolve_seconds FROM issues INDEXED BY issues_by_owner_resolve
             WHERE owner_id IS ?1 AND resolve_seconds IS NOT NULL ORDER BY resolve_seconds LIMIT ?2 OFFSET ?3",
        )?;
        let mut medians: Vec<(Option<i64>, f64)> = Vec::new();
        for o in &owners {
            let n: i64 = count.query_row([o.owner_id], |r| r.get(0))?;
            if n == 0 {
                continue;
            }
            let take = if n % 2 == 0 { 2 } else { 1 };
            let values: Vec<i64> = middle
                .query_map(params![o.owner_id, take, (n - 1) / 2], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mean = values.iter().sum::<i64>() as f64 / values.len().max(1) as f64;
            medians.push((o.owner_id, mean / 3600.0));
        }
        for o in &mut owners {
            o.median_hours_to_resolve = medians
                .iter()
                .find(|(id, _)| *id == o.owner_id)
                .map(|(_, h)| (h * 10.0).round() / 10.0);
        }

        let this_monday =
            as_of.today - Days::new(u64::from(as_of.today.weekday().num_days_from_monday()));
        let first_monday = this_monday - Days::new((WEEKS - 1) * 7);
        let mut opened_per_week: Vec<WeekCount> = (0..WEEKS)
            .map(|w| WeekCount {
                week_start: first_monday + Days::new(w * 7),
                opened: 0,
            })
            .collect();
        // One index range count per week, between local Mondays at midnight written in UTC.
        let offset = chrono::Duration::minutes(as_of.offset_minutes.into());
        let utc_midnight = |d: NaiveDate| {
            crate::store::timestamp(d.and_time(chrono::NaiveTime::MIN).and_utc() - offset)
        };
        let mut in_range = conn.prepare_cached(
            "SELECT count(*) FROM issues WHERE opened_at >= ?1 AND opened_at < ?2",
        )?;
        for w in &mut opened_per_week {
            let end = w.week_start + Days::new(7);
            w.opened = in_range.query_row(
                params![utc_midnight(w.week_start), utc_midnight(end)],
                |r| r.get(0),
            )?;
        }
        Ok(Stats {
            as_of: as_of.today,
            owners,
            business: BusinessStats {
                opened_per_week,
                closed,
                closed_confirmed,
                confirmed_share: percent(closed_confirmed, closed),
            },
        })
    }
}
