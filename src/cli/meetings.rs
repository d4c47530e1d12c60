//! `rapport meetings …`: record a status meeting, list and show them, and act on what was said.

use clap::Subcommand;
use rapport::meetings::{
    parse_cadence, ActionInput, MeetingDetail, MeetingFilter, MeetingInput, PersonRef,
};
use rapport::reminders::ReminderWindow;
use rapport::{Error, Result, Store};

use super::output::{print_id, print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum MeetingsCommand {
    /// Record a status meeting; prints the new id. A customer meeting's agenda starts with their
    /// open issues (overdue first) and the last meeting's open action items.
    Add {
        /// The customer (contact id).
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "internal",
            required_unless_present = "internal"
        )]
        customer: Option<i64>,
        /// An internal meeting (team only).
        #[arg(long)]
        internal: bool,
        /// When: YYYY-MM-DDTHH:MM (local time) or RFC 3339.
        #[arg(long, value_name = "DATETIME")]
        at: String,
        /// Who came: a team member's name, or contact:ID for one of the customer's people (repeat).
        #[arg(long, value_name = "TEAM_NAME|contact:ID")]
        attendee: Vec<String>,
        /// A topic for the agenda, after the pre-filled lines (repeat).
        #[arg(long, value_name = "T")]
        topic: Vec<String>,
        #[arg(long, value_name = "T")]
        notes: Option<String>,
        /// The customer's answer to "are you happy with our support?", 1 to 5.
        #[arg(long, value_name = "1-5", requires = "customer")]
        happiness: Option<u8>,
        /// Why (needed for 3 or below).
        #[arg(long, value_name = "T", requires = "happiness")]
        why: Option<String>,
        /// An action item: "text;owner;YYYY-MM-DD" (owner a team member's name or contact:ID; the
        /// date may be left off). Repeat for more.
        #[arg(long, value_name = "TEXT;OWNER;DATE")]
        action: Vec<String>,
        /// The next meeting's date.
        #[arg(long, value_name = "DATE")]
        next: Option<String>,
        /// How often: weekly (1w), every 2 weeks (2w) or monthly (1m).
        #[arg(long, value_name = "CADENCE")]
        cadence: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Meetings, newest first.
    List {
        #[arg(long, value_name = "ID")]
        customer: Option<i64>,
        /// Only meetings mentioning these words.
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One meeting: attendees, agenda, notes, poll, action items.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Write an agenda issue's update line (also into the issue's history).
    Update {
        meeting: i64,
        #[arg(long, value_name = "ID")]
        issue: i64,
        text: String,
    },
    /// Mark an action item done.
    Done {
        action: i64,
        /// Mark it not done again.
        #[arg(long)]
        undo: bool,
    },
    /// Turn an action item into a follow-up; prints its id.
    FollowUp {
        action: i64,
        #[arg(long)]
        json: bool,
    },
    /// Turn an action item into a customer issue; prints its id.
    Issue {
        action: i64,
        #[arg(long)]
        json: bool,
    },
    /// The next meetings set by each customer's latest meeting, repeated on their cadence.
    Upcoming {
        /// How many days ahead, from today (or --as-of).
        #[arg(long, default_value_t = 30)]
        within: u32,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A customer's happiness answers over time.
    Happiness {
        #[arg(long, value_name = "ID")]
        customer: i64,
        #[arg(long)]
        json: bool,
    },
}

fn person(store: &Store, text: &str, field: &str) -> Result<PersonRef> {
    let text = text.trim();
    if let Some(id) = text.strip_prefix("contact:") {
        let id = id.trim().parse::<i64>().map_err(|_| {
            Error::invalid(field, format!("'{text}': write contact:ID with a number"))
        })?;
        return Ok(PersonRef::contact(id));
    }
    store
        .team_member_id(text)
        .map(PersonRef::team)
        .map_err(|_| {
            Error::invalid(
                field,
                format!("'{text}' is not on the team: give a team member's name or contact:ID"),
            )
        })
}

fn action(store: &Store, n: usize, text: &str) -> Result<ActionInput> {
    let field = format!("action {n}");
    let parts: Vec<&str> = text.rsplitn(3, ';').collect();
    let (text, owner, due) = match parts.as_slice() {
        [due, owner, text] => (*text, *owner, Some(due.trim().to_string())),
        [owner, text] => (*text, *owner, None),
        _ => {
            return Err(Error::invalid(
                field,
                format!("'{text}': write \"text;owner;YYYY-MM-DD\""),
            ))
        }
    };
    Ok(ActionInput {
        text: text.to_string(),
        owner: person(store, owner, &format!("{field} owner"))?,
        due,
    })
}

fn print_meeting(d: &MeetingDetail) {
    let m = &d.meeting;
    println!("Meeting #{} with {} at {}", m.id, m.customer, m.held_at);
    if !d.attendees.is_empty() {
        let names: Vec<String> = d
            .attendees
            .iter()
            .map(|a| format!("{} ({})", a.name, a.side))
            .collect();
        println!("Attendees: {}", names.join(", "));
    }
    if !d.agenda.is_empty() {
        println!("Agenda:");
        for a in &d.agenda {
            let flag = if a.overdue { " [overdue]" } else { "" };
            println!("  {}. {}{flag}", a.position + 1, a.text);
            if let Some(u) = &a.update_note {
                println!("     update: {u}");
            }
        }
    }
    if let Some(n) = &m.notes {
        println!("Notes: {n}");
    }
    if let Some(h) = m.happiness {
        match &m.happiness_why {
            Some(w) => println!("Happiness: {h}/5 — {w}"),
            None => println!("Happiness: {h}/5"),
        }
    }
    if !d.actions.is_empty() {
        println!("Action items:");
        print_table(
            &["ID", "DONE", "OWNER", "DUE", "TEXT"],
            d.actions.iter().map(|a| {
                vec![
                    a.id.to_string(),
                    if a.done { "yes" } else { "no" }.to_string(),
                    a.owner.clone(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.text.clone(),
                ]
            }),
        );
    }
    match (m.next_date, m.cadence) {
        (Some(n), Some(c)) => println!("Next meeting: {n} ({c})"),
        (Some(n), None) => println!("Next meeting: {n}"),
        _ => {}
    }
}

pub fn run(store: &mut Store, cmd: MeetingsCommand) -> Result<()> {
    match cmd {
        MeetingsCommand::Add {
            customer,
            internal: _,
            at,
            attendee,
            topic,
            notes,
            happiness,
            why,
            action: actions,
            next,
            cadence,
            json,
        } => {
            let at = rapport::datetime::parse_datetime("at", &at, &chrono::Local)?;
            let attendees = attendee
                .iter()
                .enumerate()
                .map(|(i, a)| person(store, a, &format!("attendee {}", i + 1)))
                .collect::<Result<Vec<_>>>()?;
            let actions = actions
                .iter()
                .enumerate()
                .map(|(i, a)| action(store, i + 1, a))
                .collect::<Result<Vec<_>>>()?;
            let cadence = cadence.map(|c| parse_cadence("cadence", &c)).transpose()?;
            let id = store.add_meeting(&MeetingInput {
                customer_id: customer,
                at: rapport::store::timestamp(at),
                attendees,
                topics: topic,
                notes,
                happiness,
                happiness_why: why,
                actions,
                next_date: next,
                cadence,
            })?;
            print_id(id, json);
        }
        MeetingsCommand::List {
            customer,
            search,
            json,
        } => {
            let meetings = store.list_meetings(&MeetingFilter {
                customer_id: customer,
                search,
                ..MeetingFilter::default()
            })?;
            if json {
                print_json(&meetings);
            } else if meetings.is_empty() {
                println!("No meetings.");
            } else {
                print_table(
                    &["ID", "WHEN", "WITH", "HAPPY", "OPEN ACTIONS", "NEXT"],
                    meetings.iter().map(|m| {
                        vec![
                            m.id.to_string(),
                            m.held_at.clone(),
                            m.customer.clone(),
                            m.happiness.map(|h| format!("{h}/5")).unwrap_or_default(),
                            m.open_action_count.to_string(),
                            m.next_date.map(|d| d.to_string()).unwrap_or_default(),
                        ]
                    }),
                );
            }
        }
        MeetingsCommand::Show { id, json } => {
            let detail = store.meeting(id)?;
            if json {
                print_json(&detail);
            } else {
                print_meeting(&detail);
            }
        }
        MeetingsCommand::Update {
            meeting,
            issue,
            text,
        } => {
            store.record_issue_update(meeting, issue, &text)?;
            println!("Noted on issue {issue}.");
        }
        MeetingsCommand::Done { action, undo } => {
            store.set_action_done(action, !undo)?;
            println!(
                "Action item {action} is {}.",
                if undo { "open again" } else { "done" }
            );
        }
        MeetingsCommand::FollowUp { action, json } => {
            let id = store.action_to_follow_up(action)?;
            print_id(id, json);
        }
        MeetingsCommand::Issue { action, json } => {
            let id = store.action_to_issue(action)?;
            print_id(id, json);
        }
        MeetingsCommand::Upcoming {
            within,
            as_of,
            json,
        } => {
            let today = match as_of {
                Some(d) => rapport::datetime::parse_date("as_of", &d)?,
                None => super::today(),
            };
            let items = store.upcoming_meetings(ReminderWindow::days(today, within), today)?;
            if json {
                print_json(&items);
            } else if items.is_empty() {
                println!("No meetings coming up.");
            } else {
                print_table(
                    &["DATE", "WITH", "CADENCE", "SET AT MEETING"],
                    items.iter().map(|m| {
                        vec![
                            if m.overdue {
                                format!("{} (missed)", m.date)
                            } else {
                                m.date.to_string()
                            },
                            m.customer.clone(),
                            m.cadence.map(|c| c.to_string()).unwrap_or_default(),
                            m.after_meeting_id.to_string(),
                        ]
                    }),
                );
            }
        }
        MeetingsCommand::Happiness { customer, json } => {
            store.contact(customer)?;
            let points = store.happiness_trend(customer)?;
            if json {
                print_json(&points);
            } else if points.is_empty() {
                println!("No happiness answers yet.");
            } else {
                print_table(
                    &["MEETING", "WHEN", "SCORE", "WHY"],
                    points.iter().map(|p| {
                        vec![
                            p.meeting_id.to_string(),
                            p.held_at.clone(),
                            format!("{}/5", p.score),
                            p.why.clone().unwrap_or_default(),
                        ]
                    }),
                );
            }
        }
    }
    Ok(())
}
