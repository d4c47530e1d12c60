//! The dashboard's figures in one call, each with its n and period, and the early-warning rule.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{Kudos, Level};
use crate::error::Result;
use crate::issues::{AsOf, OwnerStats};
use crate::reminders::{Reminder, ReminderKind, ReminderWindow};
use crate::store::{timestamp, Store};

/// Weeks the early warning compares this week against.
pub const TRAILING_WEEKS: usize = 8;
/// Weeks shown in a trend.
pub const TREND_WEEKS: usize = 12;

/// The early-warning rule, stated once (the dashboard shows this text).
pub const EARLY_WARNING_RULE: &str =
    "This week is flagged when its count is above the average of the 8 weeks \
before it by more than twice the square root of that average (two standard deviations of a count \
that varies at random) and by at least 3.";

/// A weekly count with its early warning.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WeeklyTrend {
    /// Mondays, oldest first; the last is this week (so far).
    #[ts(type = "string[]")]
    pub weeks: Vec<NaiveDate>,
    pub counts: Vec<u32>,
    pub this_week: u32,
    /// The average of the 8 weeks before this one.
    pub trailing_average: f64,
    /// The count above which this week is flagged.
    pub threshold: f64,
    pub flagged: bool,
}

/// Applies the early-warning rule to a series of weekly counts, oldest first, this week last.
/// With fewer than two weeks there is nothing to compare, and nothing is flagged.
pub fn early_warning(counts: &[u32]) -> (f64, f64, bool) {
    let Some((&this, before)) = counts.split_last() else {
        return (0.0, 0.0, false);
    };
    let trailing = &before[before.len().saturating_sub(TRAILING_WEEKS)..];
    if trailing.is_empty() {
        return (0.0, 0.0, false);
    }
    let average = trailing.iter().map(|&c| f64::from(c)).sum::<f64>() / trailing.len() as f64;
    let threshold = (average + 2.0 * average.sqrt()).max(average + 3.0);
    (average, threshold, f64::from(this) > threshold)
}

fn trend(weeks: Vec<NaiveDate>, counts: Vec<u32>) -> WeeklyTrend {
    let (trailing_average, threshold, flagged) = early_warning(&counts);
    WeeklyTrend {
        this_week: counts.last().copied().unwrap_or(0),
        weeks,
        counts,
        trailing_average: (trailing_average * 10.0).round() / 10.0,
        threshold: (threshold * 10.0).round() / 10.0,
        flagged,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AtRiskItem {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub name: String,
    pub level: Level,
    pub score: u32,
    /// The strongest signal's label (or "set by hand").
    pub top_signal: String,
    #[ts(type = "string | null")]
    pub resolve_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    pub early_warning_rule: String,
    pub issues_opened: WeeklyTrend,
    pub negative_interactions: WeeklyTrend,
    /// The most vulnerable customers (up to 10), and how many are at risk in all.
    pub at_risk: Vec<AtRiskItem>,
    pub at_risk_total: u32,
    pub owners: Vec<OwnerStats>,
    /// Issues closed, and the share of them the customer confirmed (percent).
    pub closed: u32,
    pub confirmed_share: Option<f64>,
    /// Resolved issues that had a due date, and the share resolved on time (percent).
    pub resolved_with_due: u32,
    pub on_time_rate: Option<f64>,
    /// Birthdays and renewals in the next 7 days.
    pub coming_up: Vec<Reminder>,
    pub recent_kudos: Vec<Kudos>,
}

impl Store {
    /// Everything the dashboard shows, in one call.
    pub fn dashboard<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<Dashboard> {
        let as_of = AsOf::new(now, tz);
        let stats = self.issue_stats(&as_of)?;
        let opened = &stats.business.opened_per_week;
        let issues_opened = trend(
            opened.iter().map(|w| w.week_start).collect(),
            opened.iter().map(|w| w.opened).collect(),
        );
        let negative_interactions = self.negative_per_week(&as_of)?;

        let at_risk_all = self.at_risk(&as_of)?;
        let at_risk_total = at_risk_all.len() as u32;
        let at_risk = at_risk_all
            .into_iter()
            .take(10)
            .map(|p| AtRiskItem {
                customer_id: p.customer_id,
                top_signal: p
                    .signals
                    .first()
                    .map(|s| s.label.clone())
                    .unwrap_or_else(|| "set by hand".into()),
                name: p.name,
                level: p.level,
                score: p.score,
                resolve_by: p.resolve_by,
            })
            .collect();

        let resolved_with_due: u32 = stats.owners.iter().map(|o| o.resolved_with_due).sum();
        let resolved_on_time: u32 = stats.owners.iter().map(|o| o.resolved_on_time).sum();
        let on_time_rate = (resolved_with_due > 0).then(|| {
            (f64::from(resolved_on_time) * 1000.0 / f64::from(resolved_with_due)).round() / 10.0
        });
        let coming_up = self
            .reminders_due(now, tz, ReminderWindow::days(as_of.today, 7))?
            .into_iter()
            .filter(|r| matches!(r.kind, ReminderKind::Birthday | ReminderKind::Renewal))
            .collect();
        Ok(Dashboard {
            as_of: as_of.today,
            early_warning_rule: EARLY_WARNING_RULE.to_string(),
            issues_opened,
            negative_interactions,
            at_risk,
            at_risk_total,
            owners: stats.owners,
            closed: stats.business.closed,
            confirmed_share: stats.business.confirmed_share,
            resolved_with_due,
            on_time_rate,
            coming_up,
            recent_kudos: self.kudos(None, 5)?,
        })
    }

    /// Negative-tone interactions per week (Monday to Sunday, local), the last 12 weeks.
    fn negative_per_week(&self, as_of: &AsOf) -> Result<WeeklyTrend> {
        let monday =
            as_of.today - Days::new(u64::from(as_of.today.weekday().num_days_from_monday()));
        let first = monday - Days::new(7 * (TREND_WEEKS as u64 - 1));
        let weeks: Vec<NaiveDate> = (0..TREND_WEEKS as u64)
            .map(|i| first + Days::new(7 * i))
            .collect();
        let offset = FixedOffset::east_opt(as_of.offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
        // From local midnight of the first Monday (a day early in UTC terms is harmless: bucketed below).
        let since = first
            .pred_opt()
            .unwrap_or(first)
            .and_hms_opt(0, 0, 0)
            .map(|t| timestamp(t.and_utc()))
            .unwrap_or_default();
        let mut counts = vec![0u32; TREND_WEEKS];
        let mut stmt = self.conn().prepare_cached(
            "SELECT occurred_at FROM interactions
              WHERE tone = 'negative' AND occurred_at >= ?1 AND occurred_at <= ?2",
        )?;
        let mut rows = stmt.query([since, timestamp(as_of.now)])?;
        while let Some(row) = rows.next()? {
            let at: String = row.get(0)?;
            let Ok(t) = DateTime::parse_from_rfc3339(&at) else {
                continue;
            };
            let day = t.with_timezone(&offset).date_naive();
            if day < first || day > as_of.today {
                continue;
            }
            let i = ((day - first).num_days() / 7) as usize;
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        }
        Ok(trend(weeks, counts))
    }
}
