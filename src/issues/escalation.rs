//! The escalation ladder and what should escalate now. Rules count calendar days (weekends
//! included: a promise made for Friday is two days late on Sunday) and real elapsed hours (a DST
//! change does not add or remove an hour), both measured from the "now" passed in.

use chrono::Duration;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AsOf, Issue};
use crate::contacts::text_enum;
use crate::error::{Error, Result};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EscalationRule {
    /// Past its (effective) due date by at least `threshold` days.
    OverdueDays,
    /// Urgent and not touched (no change of any kind) for at least `threshold` hours.
    UrgentUntouchedHours,
}
text_enum!(EscalationRule {
    OverdueDays = "overdue_days",
    UrgentUntouchedHours = "urgent_untouched_hours",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EscalationLevel {
    pub level: u32,
    #[ts(type = "number")]
    pub team_member_id: i64,
    /// Filled in when read.
    #[serde(default)]
    pub team_member: String,
    pub rule: EscalationRule,
    pub threshold: u32,
}

/// An issue that should go up the ladder now, to whom, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EscalationSuggestion {
    pub issue: Issue,
    pub level: u32,
    pub to: String,
    pub reason: String,
}

impl Store {
    /// Replaces the whole ladder (levels must be 1, 2, 3 … in order).
    pub fn set_escalation_ladder(&mut self, levels: &[EscalationLevel]) -> Result<()> {
        for (i, l) in levels.iter().enumerate() {
            if l.threshold == 0 {
                return Err(Error::invalid(
                    "threshold",
                    format!(
                        "level {}: the rule needs a number of at least 1 ({})",
                        l.level,
                        match l.rule {
                            EscalationRule::OverdueDays => "days overdue",
                            EscalationRule::UrgentUntouchedHours => "hours untouched",
                        }
                    ),
                ));
            }
            if l.level != i as u32 + 1 {
                return Err(Error::invalid(
                    "level",
                    format!(
                        "levels must be numbered 1, 2, 3 … (found {} in place {})",
                        l.level,
                        i + 1
                    ),
                ));
            }
        }
        self.write(|tx| {
            tx.execute("DELETE FROM escalation_levels", [])?;
            for l in levels {
                let member: Option<(String, bool)> = tx
                    .query_row(
                        "SELECT name, active FROM team_members WHERE id = ?1",
                        [l.team_member_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match member {
                    None => {
                        return Err(Error::invalid(
                            "team_member",
                            format!("level {}: team member {} does not exist", l.level, l.team_member_id),
                        ))
                    }
                    Some((name, false)) => {
                        return Err(Error::invalid(
                            "team_member",
                            format!("level {}: {name} is no longer on the team", l.level),
                        ))
                    }
                    Some(_) => {}
                }
                tx.execute(
                    "INSERT INTO escalation_levels (level, team_member_id, rule, threshold) VALUES (?1, ?2, ?3, ?4)",
                    params![l.level, l.team_member_id, l.rule.as_str(), l.threshold],
                )?;
            }
            Ok(())
        })
    }

    pub fn escalation_ladder(&self) -> Result<Vec<EscalationLevel>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.level, l.team_member_id, t.name, l.rule, l.threshold
             FROM escalation_levels l JOIN team_members t ON t.id = l.team_member_id ORDER BY l.level",
        )?;
        let levels = stmt
            .query_map([], |r| {
                Ok(EscalationLevel {
                    level: r.get(0)?,
                    team_member_id: r.get(1)?,
                    team_member: r.get(2)?,
                    rule: r
                        .get::<_, String>(3)?
                        .parse()
                        .unwrap_or(EscalationRule::OverdueDays),
                    threshold: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(levels)
    }

    /// Every active issue that meets a rung of the ladder above its current level, at the highest
    /// such rung. Nothing is changed: escalating is `escalate_issue`.
    pub fn escalations_due(&self, as_of: &AsOf) -> Result<Vec<EscalationSuggestion>> {
        let ladder = self.escalation_ladder()?;
        if ladder.is_empty() {
            return Ok(vec![]);
        }
        // Candidates first, on indexed columns: only issues that could meet some rung are read in
        // full. The rules below decide; this only leaves out what no rung can match.
        let min_rule = |rule: EscalationRule| {
            ladder
                .iter()
                .filter(|l| l.rule == rule)
                .map(|l| l.threshold)
                .min()
        };
        let overdue_before = min_rule(EscalationRule::OverdueDays).map(|days| {
            as_of
                .today
                .checked_sub_days(chrono::Days::new(days.into()))
                .unwrap_or(chrono::NaiveDate::MIN)
                .to_string()
        });
        let untouched_since = min_rule(EscalationRule::UrgentUntouchedHours)
            .map(|hours| crate::store::timestamp(as_of.now - Duration::hours(hours.into())));
        let top = ladder.iter().map(|l| l.level).max().unwrap_or(0);
        let candidates: Vec<i64> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM issues
                 WHERE escalation_level < ?3 AND (
                     (?1 IS NOT NULL AND status IN ('open', 'in_progress') AND due_after_waits <= ?1)
                  OR (?2 IS NOT NULL AND priority = 'urgent'
                      AND status IN ('open', 'in_progress', 'waiting_on_customer') AND last_activity_at <= ?2))
                 ORDER BY id",
            )?
            .query_map(params![overdue_before, untouched_since, top], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for id in candidates {
            let issue = self.issue(id, as_of)?;
            let touched = chrono::DateTime::parse_from_rfc3339(&issue.last_activity_at)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or(as_of.now);
            let idle = as_of.now - touched;
            let best = ladder
                .iter()
                .filter(|l| l.level > issue.escalation_level)
                .filter_map(|l| {
                    let reason = match l.rule {
                        EscalationRule::OverdueDays
                            if issue.overdue && issue.days_overdue >= l.threshold =>
                        {
                            format!(
                                "overdue by {} days (rule: {} or more)",
                                issue.days_overdue, l.threshold
                            )
                        }
                        EscalationRule::UrgentUntouchedHours
                            if issue.priority == super::Priority::Urgent
                                && idle >= Duration::hours(l.threshold.into()) =>
                        {
                            format!(
                                "urgent and untouched for {} hours (rule: {} or more)",
                                idle.num_hours(),
                                l.threshold
                            )
                        }
                        _ => return None,
                    };
                    Some((l, reason))
                })
                .max_by_key(|(l, _)| l.level);
            if let Some((l, reason)) = best {
                out.push(EscalationSuggestion {
                    level: l.level,
                    to: l.team_member.clone(),
                    reason,
                    issue,
                });
            }
        }
        // Soonest (effective) due first, as the lists show them.
        out.sort_by_key(|s| {
            (
                s.issue.effective_due.is_none(),
                s.issue.effective_due,
                s.issue.id,
            )
        });
        Ok(out)
    }
}
