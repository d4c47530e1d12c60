//! Reminders that behave like a calendar: yearly birthdays (29 February on 28 February in common
//! years), follow-ups (one-off, recurring every N days / weeks / months, or "stay in touch" counted
//! from the last interaction), renewal dates, optional customer-since anniversaries, issue due dates
//! and the next status meeting.
//!
//! Nothing here reads the clock or the system time zone: every answer takes "now" and a
//! `chrono::TimeZone`, so the rules are testable on any date and across DST changes. `rules.rs` holds
//! the pure date rules, `followups.rs` the follow-up table, `queries.rs` `due()` and the delivery
//! log, and `ics.rs` the RFC 5545 export.

pub mod cadence;
pub mod delivery;
pub(crate) mod followups;
mod ics;
mod queries;
pub(crate) use queries::Kinds;
pub mod rules;
mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use cadence::{staleness_level, Staleness, StalenessLevel, TagCadence};
pub use ics::{escape_text, fold_line, CalendarExport};
pub use rules::{notify_style, NotifyStyle, SUMMARY_ABOVE};

use crate::contacts::text_enum;

/// What a reminder is about. The names are a contract of `reminders due --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Birthday,
    FollowUp,
    Renewal,
    /// A yearly "customer since" anniversary (off unless the settings turn it on).
    CustomerAnniversary,
    IssueDue,
    /// The next status meeting (`contact_id` 0 for an internal one).
    Meeting,
    /// The review date of a kick-out factor that is not resolved (issue 9).
    KickOutReview,
    /// The date an at-risk customer's situation should be resolved by (the owner's, or the one
    /// suggested from the vulnerability level).
    ResolveBy,
}
text_enum!(ReminderKind {
    Birthday = "birthday",
    FollowUp = "follow_up",
    Renewal = "renewal",
    CustomerAnniversary = "customer_anniversary",
    IssueDue = "issue_due",
    Meeting = "meeting",
    KickOutReview = "kick_out_review",
    ResolveBy = "resolve_by",
});

/// One reminder occurrence: what falls on which date, for whom, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reminder {
    /// Stable key of this occurrence (`birthday:12:2026-12-05`, `follow_up:7:2026-12-01` …): the
    /// delivery log records each key once.
    pub key: String,
    pub kind: ReminderKind,
    /// The local date the reminder falls on (a lead reminder falls before its event).
    pub date: NaiveDate,
    /// Local wall-clock time `HH:MM` for a timed follow-up; absent for all-day reminders.
    pub time: Option<String>,
    /// The instant it is due (UTC, RFC 3339): the follow-up's time, or the notification time of
    /// the settings on `date` for all-day reminders. DST gaps move forward, overlaps take the earlier.
    pub at: String,
    /// The date of the event itself (the birthday, the renewal, the due date).
    pub event_date: NaiveDate,
    /// How many days before the event this reminder comes (0 = on the day).
    pub days_before: u32,
    #[ts(type = "number")]
    pub contact_id: i64,
    pub contact: String,
    pub title: String,
    /// Why it is shown, in a sentence.
    pub why: String,
    /// A follow-up whose pending occurrence fell before the window (not yet done).
    pub overdue: bool,
    /// The age reached on a birthday when the birth year is known (years as a customer for an anniversary).
    pub age: Option<i32>,
    #[ts(type = "number | null")]
    pub follow_up_id: Option<i64>,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    /// The issue's owner (team member) for an issue due date.
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
}

/// The dates asked about, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ReminderWindow {
    /// `days` days from `from` (0 = that day only).
    pub fn days(from: NaiveDate, days: u32) -> ReminderWindow {
        let to = from
            .checked_add_days(chrono::Days::new(days.into()))
            .unwrap_or(from);
        ReminderWindow { from, to }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RepeatUnit {
    Day,
    Week,
    Month,
}
text_enum!(RepeatUnit {
    Day = "day",
    Week = "week",
    Month = "month",
});

/// "Every N days / weeks / months", counted from the first date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Repeat {
    pub every: u32,
    pub unit: RepeatUnit,
}

/// A new follow-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FollowUpInput {
    #[ts(type = "number")]
    pub contact_id: i64,
    /// The customer issue it is about (the contact must be that issue's customer or one of its people).
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    /// `YYYY-MM-DD`: the date (the first date of a recurring one).
    pub due_date: String,
    /// `HH:MM` local time; all day when absent.
    pub due_time: Option<String>,
    pub repeat: Option<Repeat>,
    /// "Stay in touch every N days": due N days after the last interaction (and not before `due_date`).
    pub stay_in_touch_days: Option<u32>,
    pub note: Option<String>,
}

/// A follow-up as stored, with where its pending occurrence falls now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowUp {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub contact_id: i64,
    pub contact: String,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    pub note: Option<String>,
    /// The first date of the series.
    pub anchor_date: NaiveDate,
    /// The pending occurrence's date (before a snooze, and for "stay in touch" before a later
    /// interaction pushes it back).
    pub due_date: NaiveDate,
    /// `HH:MM` local time, or absent (all day).
    pub due_time: Option<String>,
    pub repeat: Option<Repeat>,
    pub stay_in_touch_days: Option<u32>,
    pub snoozed_until: Option<NaiveDate>,
    /// When the pending occurrence is shown: the due date, pushed by a snooze or a later interaction.
    /// Absent once a one-off is done.
    pub next: Option<NaiveDate>,
    pub done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Which follow-ups to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FollowUpFilter {
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    /// Include one-offs that are done.
    pub include_done: bool,
}

/// Per-business reminder settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderSettings {
    /// Besides on the day, remind this many days before a birthday (0 = on the day only).
    pub birthday_lead_days: u32,
    /// Besides on the day, remind this many days before a renewal date.
    pub renewal_lead_days: u32,
    /// Remind of yearly customer-since anniversaries.
    pub customer_anniversaries: bool,
    /// Remind an issue's owner of its due date.
    pub issue_due_dates: bool,
    /// `HH:MM`: when all-day reminders are delivered (and their calendar alarm rings).
    pub notify_time: String,
    /// Kinds that get no desktop notification (they still show on Today and in the calendar).
    #[serde(default)]
    pub muted_kinds: Vec<ReminderKind>,
    /// Quiet hours (`HH:MM`, local): no notification from `quiet_from` until `quiet_until`; what
    /// falls due meanwhile arrives when they end. Off when either is absent or both are equal;
    /// `22:00`–`07:00` runs over midnight.
    #[serde(default)]
    pub quiet_from: Option<String>,
    #[serde(default)]
    pub quiet_until: Option<String>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            birthday_lead_days: 0,
            renewal_lead_days: 0,
            customer_anniversaries: false,
            issue_due_dates: true,
            notify_time: "09:00".into(),
            muted_kinds: Vec::new(),
            quiet_from: None,
            quiet_until: None,
        }
    }
}

/// The longest lead time, in days.
pub const MAX_LEAD_DAYS: u32 = 60;
/// The longest window `due()` answers, in days.
pub const MAX_WINDOW_DAYS: i64 = 366;
