//! Action items: done by hand, or turned into a follow-up or an issue in one step (each one
//! transaction); done also when that follow-up is done or that issue is resolved or closed.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{ActionItem, DoneBy, Meeting, MeetingFilter, Side};
use crate::error::{Error, Result};
use crate::issues::{insert_issue, IssueInput};
use crate::reminders::{followups, FollowUpInput};
use crate::store::Store;

/// Action items of a meeting, with whether each is done by any route.
pub(crate) fn actions_of(conn: &Connection, meeting: i64) -> Result<Vec<ActionItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.meeting_id, a.text, a.owner_side, a.owner_name, a.owner_team_id, a.owner_contact_id,
                a.due_date, a.done_at, a.follow_up_id, a.issue_id, f.done_at, i.status
         FROM meeting_actions a LEFT JOIN follow_ups f ON f.id = a.follow_up_id
         LEFT JOIN issues i ON i.id = a.issue_id
         WHERE a.meeting_id = ?1 ORDER BY a.id",
    )?;
    let items = stmt
        .query_map([meeting], |r| {
            let marked: Option<String> = r.get(8)?;
            let follow_up_done: Option<String> = r.get(11)?;
            let issue_status: Option<String> = r.get(12)?;
            let done_by = if marked.is_some() {
                Some(DoneBy::Marked)
            } else if follow_up_done.is_some() {
                Some(DoneBy::FollowUp)
            } else if matches!(issue_status.as_deref(), Some("resolved" | "closed")) {
                Some(DoneBy::Issue)
            } else {
                None
            };
            Ok(ActionItem {
                id: r.get(0)?,
                meeting_id: r.get(1)?,
                text: r.get(2)?,
                owner_side: r.get::<_, String>(3)?.parse().unwrap_or(Side::Team),
                owner: r.get(4)?,
                owner_team_id: r.get(5)?,
                owner_contact_id: r.get(6)?,
                due: r.get::<_, Option<String>>(7)?.and_then(|d| d.parse().ok()),
                done: done_by.is_some(),
                done_by,
                follow_up_id: r.get(9)?,
                issue_id: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// An action item with what turning it into a follow-up or an issue needs from its meeting.
struct ActionFacts {
    meeting: i64,
    text: String,
    owner_team: Option<i64>,
    owner_contact: Option<i64>,
    due: Option<String>,
    follow_up: Option<i64>,
    issue: Option<i64>,
    customer: Option<i64>,
    held_at: String,
    next: Option<String>,
}

fn action_facts(conn: &Connection, action: i64) -> Result<ActionFacts> {
    conn.query_row(
        "SELECT a.meeting_id, a.text, a.owner_team_id, a.owner_contact_id, a.due_date, a.follow_up_id, a.issue_id,
                m.customer_id, m.held_at, m.next_date
         FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1",
        [action],
        |r| {
            Ok(ActionFacts {
                meeting: r.get(0)?,
                text: r.get(1)?,
                owner_team: r.get(2)?,
                owner_contact: r.get(3)?,
                due: r.get(4)?,
                follow_up: r.get(5)?,
                issue: r.get(6)?,
                customer: r.get(7)?,
                held_at: r.get(8)?,
                next: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "action item",
        id: action,
    })
}

impl Store {
    /// Marks an action item done (or not done again).
    pub fn set_action_done(&mut self, action: i64, done: bool) -> Result<()> {
        let at = self.now_text();
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE meeting_actions SET done_at = CASE WHEN ?2 THEN coalesce(done_at, ?3) END WHERE id = ?1",
                params![action, done, at],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "action item",
                    id: action,
                });
            }
            Ok(())
        })
    }

    /// Turns an action item into a follow-up (linked to it and its meeting) in one step: with the
    /// customer-side owner, or the customer when a team member owns it; on the item's due date,
    /// else the next meeting's date. Returns the follow-up's id.
    pub fn action_to_follow_up(&mut self, action: i64) -> Result<i64> {
        let now = self.now_text();
        self.write(|tx| {
            let ActionFacts {
                meeting,
                text,
                owner_contact,
                due,
                follow_up,
                customer,
                next,
                ..
            } = action_facts(tx, action)?;
            if let Some(f) = follow_up {
                return Err(Error::Conflict(format!(
                    "this action item is already follow-up {f}"
                )));
            }
            let Some(contact) = owner_contact.or(customer) else {
                return Err(Error::invalid(
                    "action",
                    "a follow-up is with a contact: this internal action item has none",
                ));
            };
            let Some(due) = due.or(next) else {
                return Err(Error::invalid(
                    "due",
                    "give the action item a due date first",
                ));
            };
            let input = FollowUpInput {
                contact_id: contact,
                due_date: due,
                note: Some(text),
                ..FollowUpInput::default()
            };
            let valid = followups::validate(&input)?;
            followups::check_links(tx, contact, None)?;
            let id = followups::insert(tx, &input, &valid, &now)?;
            tx.execute(
                "UPDATE follow_ups SET meeting_id = ?2 WHERE id = ?1",
                params![id, meeting],
            )?;
            tx.execute(
                "UPDATE meeting_actions SET follow_up_id = ?2 WHERE id = ?1",
                params![action, id],
            )?;
            Ok(id)
        })
    }

    /// Turns an action item into a customer issue (owner, customer-side owner and due date carried
    /// over) in one step. Returns the issue's id.
    pub fn action_to_issue(&mut self, action: i64) -> Result<i64> {
        let now = self.now_text();
        self.write(|tx| {
            let ActionFacts {
                text,
                owner_team: team,
                owner_contact: contact,
                due,
                issue,
                customer,
                held_at,
                ..
            } = action_facts(tx, action)?;
            if let Some(i) = issue {
                return Err(Error::Conflict(format!(
                    "this action item is already issue {i}"
                )));
            }
            let Some(customer) = customer else {
                return Err(Error::invalid(
                    "action",
                    "an issue belongs to a customer: this action item is from an internal meeting",
                ));
            };
            let input = IssueInput {
                customer_id: customer,
                title: text,
                description: Some(format!(
                    "From the status meeting of {}.",
                    &held_at[..10.min(held_at.len())]
                )),
                owner_id: team,
                customer_owner_id: contact,
                due,
                ..IssueInput::default()
            };
            let id = insert_issue(tx, &input, &now)?;
            tx.execute(
                "UPDATE meeting_actions SET issue_id = ?2 WHERE id = ?1",
                params![action, id],
            )?;
            Ok(id)
        })
    }

    /// The action items of every meeting matching `customer` (all when `None`), open ones first.
    pub fn meeting_actions(&self, customer: Option<i64>) -> Result<Vec<(Meeting, ActionItem)>> {
        let meetings = self.list_meetings(&MeetingFilter {
            customer_id: customer,
            ..MeetingFilter::default()
        })?;
        let mut out = Vec::new();
        for m in meetings {
            if m.action_count == 0 {
                continue;
            }
            for a in actions_of(self.conn(), m.id)? {
                out.push((m.clone(), a));
            }
        }
        out.sort_by_key(|(_, a)| (a.done, a.due.unwrap_or(NaiveDate::MAX), a.id));
        Ok(out)
    }
}
