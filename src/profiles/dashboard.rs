//! The dashboard's figures in one call, each with its n and period, and the early-warning rule.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{Kudos, Level};
use crate::error::Result;
use crate::issues::{AsOf, OwnerStats};
use crate::reminders::{Reminder, ReminderKind, ReminderWindow};
use crate::store::{timestamp, Store};
use crate::surveys::{pareto, ParetoRow, TrendPoint};

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
    /// CSAT and NPS across surveys, oldest first, with their margins (no direction when a change
    /// is inside them).
    pub satisfaction: Vec<TrendPoint>,
    /// Happiness polls from status meetings, per month, the last 6 months (oldest first).
    pub happiness: Vec<HappinessMonth>,
    /// Complaint causes this quarter: issues opened by category, and low survey scores by cause
    /// (a response linked to an issue opened this quarter counts once, as the issue).
    pub complaint_causes: Vec<ParetoRow>,
    /// The first day of the quarter the causes count from.
    #[ts(type = "string")]
    pub causes_since: NaiveDate,
}

/// The meetings' happiness polls in one month.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HappinessMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// The mean score (1–5), `None` when no poll was taken that month.
    pub mean: Option<f64>,
    pub n: u32,
}

/// How many customers are at risk, and the ten most vulnerable.
fn top_ten((total, list): (usize, Vec<super::Profile>)) -> (u32, Vec<AtRiskItem>) {
    let total = total as u32;
    let top = list
        .into_iter()
        .take(10)
        .map(|p| AtRiskItem {
            customer_id: p.customer_id,
            top_signal: p
                .signals
                .first()
                .map(|s| s.label.to_string())
                .unwrap_or_else(|| "set by hand".into()),
            name: p.name,
            level: p.level,
            score: p.score,
            resolve_by: p.resolve_by,
        })
        .collect();
    (total, top)
}

/// The first day of the quarter `day` is in.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

impl Store {
    /// Everything the dashboard shows, in one call.
    pub fn dashboard<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<Dashboard> {
        let as_of = AsOf::new(now, tz);
        // The at-risk list is the longest read: it runs on the second connection, on its own
        // thread, while the other figures are read here. The ten are taken there, so the full
        // list is dropped where it was made (freeing 20,000 profiles across threads costs more
        // than making them).
        let ((total, top), mut dash) = self.read_beside(
            |conn| super::first_at_risk_on(conn, &as_of, 10).map(top_ten),
            || self.dashboard_rest(now, tz, &as_of),
        )?;
        dash.at_risk_total = total;
        dash.at_risk = top;
        Ok(dash)
    }

    /// Everything but the at-risk list.
    fn dashboard_rest<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
        as_of: &AsOf,
    ) -> Result<Dashboard> {
        let stats = self.issue_stats(as_of)?;
        let opened = &stats.business.opened_per_week;
        let issues_opened = trend(
            opened.iter().map(|w| w.week_start).collect(),
            opened.iter().map(|w| w.opened).collect(),
        );
        let negative_interactions = self.negative_per_week(as_of)?;

        let resolved_with_due: u32 = stats.owners.iter().map(|o| o.resolved_with_due).sum();
        let resolved_on_time: u32 = stats.owners.iter().map(|o| o.resolved_on_time).sum();
        let on_time_rate = (resolved_with_due > 0).then(|| {
            (f64::from(resolved_on_time) * 1000.0 / f64::from(resolved_with_due)).round() / 10.0
        });
        let coming_up = self
            .reminders_in(
                now,
                tz,
                ReminderWindow::days(as_of.today, 7),
                crate::reminders::Kinds::BirthdaysAndRenewals,
            )?
            .into_iter()
            .filter(|r| matches!(r.kind, ReminderKind::Birthday | ReminderKind::Renewal))
            .collect();
        Ok(Dashboard {
            as_of: as_of.today,
            early_warning_rule: EARLY_WARNING_RULE.to_string(),
            issues_opened,
            negative_interactions,
            at_risk: Vec::new(),
            at_risk_total: 0,
            owners: stats.owners,
            closed: stats.business.closed,
            confirmed_share: stats.business.confirmed_share,
            resolved_with_due,
            on_time_rate,
            coming_up,
            recent_kudos: self.kudos(None, 5)?,
            satisfaction: self.survey_trend()?,
            happiness: self.happiness_by_month(as_of.today)?,
            complaint_causes: self.complaint_causes(quarter_start(as_of.today))?,
            causes_since: quarter_start(as_of.today),
        })
    }

    /// Issues opened since `since` by category ("No category" when none), and low survey scores
    /// answered since then by cause, unless linked to one of those issues.
    fn complaint_causes(&self, since: NaiveDate) -> Result<Vec<ParetoRow>> {
        let since = since.to_string();
        let mut stmt = self.conn().prepare_cached(
            "SELECT cause, sum(n) FROM (
                 SELECT coalesce(c.name, 'No category') AS cause, n
                   FROM (SELECT category_id, count(*) AS n FROM issues INDEXED BY issues_by_opened
                          WHERE opened_at >= ?1 GROUP BY category_id) AS i
                   LEFT JOIN issue_categories c ON c.id = i.category_id
                 UNION ALL
                 SELECT coalesce(r.cause, 'Other'), 1
                   FROM survey_responses r LEFT JOIN issues i ON i.id = r.issue_id
                  WHERE r.responded_at >= ?1 AND (r.nps <= 6 OR r.csat <= 3)
                    AND (i.id IS NULL OR i.opened_at < ?1))
              GROUP BY cause",
        )?;
        let counts = stmt
            .query_map([since], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as usize))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(pareto(&counts))
    }

    /// Meeting happiness per calendar month (of the meeting's recorded time), the 6 months up to
    /// the one `today` is in.
    fn happiness_by_month(&self, today: NaiveDate) -> Result<Vec<HappinessMonth>> {
        let mut months: Vec<(i32, u32)> = Vec::with_capacity(6);
        let (mut y, mut m) = (today.year(), today.month());
        for _ in 0..6 {
            months.push((y, m));
            if m == 1 {
                y -= 1;
                m = 12;
            } else {
                m -= 1;
            }
        }
        months.reverse();
        let (fy, fm) = months[0];
        let since = format!("{fy:04}-{fm:02}");
        let mut stmt = self.conn().prepare_cached(
            "SELECT substr(held_at, 1, 7) AS month, avg(happiness), count(happiness)
               FROM meetings WHERE happiness IS NOT NULL AND held_at >= ?1
              GROUP BY month",
        )?;
        let found = stmt
            .query_map([since], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(months
            .into_iter()
            .map(|(y, m)| {
                let month = format!("{y:04}-{m:02}");
                let hit = found.iter().find(|(k, _, _)| *k == month);
                HappinessMonth {
                    mean: hit.map(|(_, mean, _)| (mean * 10.0).round() / 10.0),
                    n: hit.map(|(_, _, n)| *n as u32).unwrap_or(0),
                    month,
                }
            })
            .collect())
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
