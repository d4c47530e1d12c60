//! Status meetings: with a customer or internal, attendees from both sides, an agenda pre-filled
//! from the customer's open issues (overdue first) and the last meeting's open action items, notes,
//! the customer's happiness poll (1–5 and why), action items that become follow-ups or issues in
//! one step, and the next meeting (a date and a cadence), which `reminders_due` shows.
//!
//! `queries.rs` writes and reads the tables (each user action one transaction), `actions.rs` the
//! action items, `agenda.rs` builds the pre-filled agenda inside the meeting's transaction,
//! `cadence.rs` holds the date rules.
//! Nothing here reads the clock: "now" comes from the store's clock and an `issues::AsOf`.

mod actions;
mod agenda;
mod cadence;
mod queries;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use agenda::{latest_survey_score, SurveyScore};
pub use cadence::{next_after, parse_cadence};
pub(crate) use queries::upcoming_meetings;
pub use queries::UpcomingMeeting;

use crate::contacts::text_enum;

/// How often a customer and the business meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    /// Every 2 weeks.
    Biweekly,
    Monthly,
}
text_enum!(Cadence {
    Weekly = "weekly",
    Biweekly = "biweekly",
    Monthly = "monthly",
});

/// Which side of the table someone sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The business's own team.
    Team,
    /// The customer's people.
    Customer,
}
text_enum!(Side {
    Team = "team",
    Customer = "customer",
});

/// Someone at a meeting, or owning an action item: a team member or a contact (exactly one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonRef {
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
}

impl PersonRef {
    pub fn team(id: i64) -> PersonRef {
        PersonRef {
            team_member_id: Some(id),
            contact_id: None,
        }
    }
    pub fn contact(id: i64) -> PersonRef {
        PersonRef {
            team_member_id: None,
            contact_id: Some(id),
        }
    }
}

/// A new action item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ActionInput {
    pub text: String,
    pub owner: PersonRef,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// A meeting being recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MeetingInput {
    /// The customer; absent for an internal meeting.
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    /// When it is held: RFC 3339 (`2026-11-24T10:00:00Z`).
    pub at: String,
    pub attendees: Vec<PersonRef>,
    /// Topics typed in, after the pre-filled agenda.
    pub topics: Vec<String>,
    pub notes: Option<String>,
    /// The customer's answer, 1 (unhappy) to 5 (very happy).
    pub happiness: Option<u8>,
    /// Why (needed when the answer is 3 or below).
    pub happiness_why: Option<String>,
    pub actions: Vec<ActionInput>,
    /// `YYYY-MM-DD`: the next meeting. With a cadence and no date, one cadence after this meeting.
    pub next_date: Option<String>,
    pub cadence: Option<Cadence>,
}

/// A meeting in a list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Meeting {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    /// The customer's name, or "Internal".
    pub customer: String,
    /// When it was held (UTC, RFC 3339).
    pub held_at: String,
    pub notes: Option<String>,
    pub happiness: Option<u8>,
    pub happiness_why: Option<String>,
    pub next_date: Option<NaiveDate>,
    pub cadence: Option<Cadence>,
    pub attendee_count: u32,
    pub action_count: u32,
    pub open_action_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Attendee {
    pub side: Side,
    #[ts(type = "number | null")]
    pub team_member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    pub name: String,
}

/// What an agenda line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    /// One of the customer's open issues.
    Issue,
    /// An action item from the last meeting still open.
    Action,
    /// The customer's latest survey score.
    Survey,
    /// A topic typed in.
    Topic,
}
text_enum!(AgendaKind {
    Issue = "issue",
    Action = "action",
    Survey = "survey",
    Topic = "topic",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AgendaItem {
    pub position: u32,
    pub kind: AgendaKind,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
    #[ts(type = "number | null")]
    pub action_id: Option<i64>,
    pub text: String,
    /// An issue's update line said in the meeting (also in the issue's history).
    pub update_note: Option<String>,
    /// For an issue: whether it was overdue when the agenda was made.
    pub overdue: bool,
}

/// How an action item got done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DoneBy {
    Marked,
    FollowUp,
    Issue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActionItem {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub text: String,
    pub owner_side: Side,
    pub owner: String,
    #[ts(type = "number | null")]
    pub owner_team_id: Option<i64>,
    #[ts(type = "number | null")]
    pub owner_contact_id: Option<i64>,
    pub due: Option<NaiveDate>,
    /// Marked done, its follow-up done, or its issue resolved or closed.
    pub done: bool,
    pub done_by: Option<DoneBy>,
    #[ts(type = "number | null")]
    pub follow_up_id: Option<i64>,
    #[ts(type = "number | null")]
    pub issue_id: Option<i64>,
}

/// Everything about one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub actions: Vec<ActionItem>,
}

/// Which meetings to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MeetingFilter {
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    /// Only internal meetings.
    pub internal: bool,
    /// Words in the notes, the poll's why, the agenda or the action items.
    pub search: Option<String>,
    pub limit: Option<u32>,
}

/// One happiness answer, for the trend on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HappinessPoint {
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub held_at: String,
    pub score: u8,
    pub why: Option<String>,
}
