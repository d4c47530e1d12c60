//! Customer issues: each belongs to a customer, has an owner on each side, a due date that is a
//! promise, a status workflow with reopen, and a history of every change. Escalation and figures
//! are computed for a given "now"; nothing here reads the clock.

mod escalation;
pub(crate) mod queries;
mod stats;
mod workflow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use escalation::{EscalationLevel, EscalationRule, EscalationSuggestion};
pub(crate) use queries::{comment_in, insert_issue, live_contact_name};
pub use queries::{IssueFilter, IssuePage, QueueItem};

pub use stats::{BusinessStats, OwnerStats, Stats, WeekCount};
pub use workflow::{can_move, status_moves, StatusMove, CLOSABLE};

use crate::contacts::text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Open,
    InProgress,
    WaitingOnCustomer,
    Resolved,
    Closed,
}
text_enum!(IssueStatus {
    Open = "open",
    InProgress = "in_progress",
    WaitingOnCustomer = "waiting_on_customer",
    Resolved = "resolved",
    Closed = "closed",
});

impl IssueStatus {
    /// Still being worked on (not resolved or closed).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            IssueStatus::Open | IssueStatus::InProgress | IssueStatus::WaitingOnCustomer
        )
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}
text_enum!(Priority {
    Low = "low",
    Normal = "normal",
    High = "high",
    Urgent = "urgent",
});

/// How the loop was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClosedHow {
    /// The customer said they are satisfied with the fix.
    Confirmed,
    Unconfirmed,
}
text_enum!(ClosedHow {
    Confirmed = "confirmed",
    Unconfirmed = "unconfirmed",
});

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Issue {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer: String,
    pub title: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub priority: Priority,
    /// The internal owner's name.
    pub owner: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub customer_owner_id: Option<i64>,
    pub customer_owner: Option<String>,
    pub opened_at: String,
    /// The promised date.
    pub due: Option<NaiveDate>,
    /// The due date moved later by the time spent waiting on the customer.
    pub effective_due: Option<NaiveDate>,
    pub status: IssueStatus,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_how: Option<ClosedHow>,
    pub satisfaction: Option<u8>,
    pub escalation_level: u32,
    pub last_activity_at: String,
    /// Past its (effective) due date and still being worked on, as of the date asked about.
    pub overdue: bool,
    /// Whole days past the effective due date (0 when not overdue).
    pub days_overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IssueEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    /// opened, status, owner, customer_owner, due, broken_promise, priority, category, escalated,
    /// comment, closed, reopened.
    pub kind: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
}

/// A new issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IssueInput {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// A category name (created if new).
    pub category: Option<String>,
    pub priority: Priority,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub customer_owner_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// Changes to an issue: fields left empty stay as they are; `clear_*` removes a value. Each change
/// is one history event, and the whole update is one transaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IssueUpdate {
    pub status: Option<IssueStatus>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub clear_owner: bool,
    #[ts(type = "number | null")]
    pub customer_owner_id: Option<i64>,
    pub clear_customer_owner: bool,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    pub clear_due: bool,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub clear_category: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
}

/// "Now" for date-dependent answers: the instant, and the local date and UTC offset at that instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub now: chrono::DateTime<chrono::Utc>,
    pub today: NaiveDate,
    /// Minutes east of UTC, to read stored UTC times as local dates.
    pub offset_minutes: i32,
}

impl AsOf {
    pub fn new<Tz: chrono::TimeZone>(now: chrono::DateTime<chrono::Utc>, tz: &Tz) -> AsOf {
        use chrono::Offset;
        let local = now.with_timezone(tz);
        AsOf {
            now,
            today: local.date_naive(),
            offset_minutes: local.offset().fix().local_minus_utc() / 60,
        }
    }
}

/// Everything the issue detail shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IssueDetail {
    pub issue: Issue,
    pub history: Vec<IssueEvent>,
    /// The customer's latest interactions, newest first.
    pub recent_interactions: Vec<crate::interactions::Interaction>,
}
