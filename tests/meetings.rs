//! Status meetings on a real SQLite file with a fixed clock: the pre-filled agenda (overdue first,
//! last meeting's open action items), update lines into an issue's history, action items to
//! follow-ups and issues (and their completion at the next meeting), the happiness trend, cadences
//! as reminders, and bad input writing nothing.

mod common;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use common::{person, temp_store};
use rapport::contacts::{ContactInput, ContactKind};
use rapport::issues::{AsOf, ClosedHow, IssueInput, IssueUpdate};
use rapport::meetings::{
    ActionInput, AgendaKind, Cadence, DoneBy, MeetingFilter, MeetingInput, PersonRef, Side,
};
use rapport::reminders::{ReminderKind, ReminderWindow};
use rapport::Store;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    clock: Arc<Mutex<DateTime<Utc>>>,
    bakery: i64,
    ada: i64,
    other: i64,
    sam: i64,
    kim: i64,
}

impl World {
    fn set_now(&self, t: &str) {
        *self.clock.lock().expect("clock") = utc(t);
    }
}

/// A customer (an organisation with one person), another customer, two team members; now is
/// Tuesday 24 November 2026, 09:30 UTC.
fn world() -> World {
    let (dir, mut store) = temp_store();
    let clock = Arc::new(Mutex::new(utc("2026-11-24T09:30:00Z")));
    let c = clock.clone();
    store.set_clock(Box::new(move || *c.lock().expect("clock")));
    let bakery = store
        .add_contact(&ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("Corner Bakery")
        })
        .expect("org");
    let ada = store
        .add_contact(&ContactInput {
            organization: Some("Corner Bakery".into()),
            ..person("Ada Baker")
        })
        .expect("ada");
    let other = store.add_contact(&person("Someone Else")).expect("other");
    let sam = store.add_team_member("Sam", None).expect("sam");
    let kim = store.add_team_member("Kim", None).expect("kim");
    World {
        _dir: dir,
        store,
        clock,
        bakery,
        ada,
        other,
        sam,
        kim,
    }
}

fn issue(w: &mut World, title: &str, due: Option<&str>) -> i64 {
    w.store
        .add_issue(&IssueInput {
            customer_id: w.bakery,
            title: title.into(),
            owner_id: Some(w.sam),
            due: due.map(str::to_string),
            ..Default::default()
        })
        .expect("issue")
}

fn meeting_with(w: &World, at: &str) -> MeetingInput {
    MeetingInput {
        customer_id: Some(w.bakery),
        at: at.into(),
        attendees: vec![PersonRef::team(w.sam), PersonRef::contact(w.ada)],
        ..Default::default()
    }
}

#[test]
fn a_customer_meeting_starts_with_overdue_issues_first_then_the_rest_by_due_date() {
    let mut w = world();
    let later = issue(&mut w, "New till", Some("2026-12-10"));
    let soon = issue(&mut w, "Receipt printer", Some("2026-11-30"));
    let late = issue(&mut w, "Oven door", Some("2026-11-20"));
    let undated = issue(&mut w, "Wi-Fi in the back", None);
    let id = w
        .store
        .add_meeting(&MeetingInput {
            topics: vec!["Christmas opening hours".into()],
            notes: Some("Went well.".into()),
            ..meeting_with(&w, "2026-11-24T10:00:00Z")
        })
        .expect("meeting");
    let m = w.store.meeting(id).expect("read");
    let order: Vec<(AgendaKind, Option<i64>)> =
        m.agenda.iter().map(|a| (a.kind, a.issue_id)).collect();
    assert_eq!(
        order,
        vec![
            (AgendaKind::Issue, Some(late)),
            (AgendaKind::Issue, Some(soon)),
            (AgendaKind::Issue, Some(later)),
            (AgendaKind::Issue, Some(undated)),
            (AgendaKind::Topic, None),
        ]
    );
    assert!(m.agenda[0].overdue);
    assert!(
        m.agenda[0].text.contains("overdue by 4 days"),
        "{}",
        m.agenda[0].text
    );
    assert!(!m.agenda[1].overdue);
    assert_eq!(m.attendees.len(), 2);
    assert_eq!(m.attendees[0].side, Side::Team);
    assert_eq!(m.attendees[1].side, Side::Customer);
    assert_eq!(m.attendees[1].name, "Ada Baker");
    assert_eq!(m.meeting.customer, "Corner Bakery");
    // A closed issue is not on the next agenda.
    w.store
        .close_issue(late, ClosedHow::Confirmed, Some(5), None)
        .expect("close");
    let preview = w
        .store
        .agenda_for(w.bakery, &AsOf::new(utc("2026-11-25T09:00:00Z"), &Utc))
        .expect("agenda");
    assert_eq!(preview.len(), 3);
    assert!(preview.iter().all(|a| a.issue_id != Some(late)));
}

#[test]
fn an_update_line_said_in_the_meeting_lands_in_the_issue_history() {
    let mut w = world();
    let oven = issue(&mut w, "Oven door", Some("2026-11-20"));
    let id = w
        .store
        .add_meeting(&meeting_with(&w, "2026-11-24T10:00:00Z"))
        .expect("meeting");
    w.set_now("2026-11-24T10:20:00Z");
    w.store
        .record_issue_update(id, oven, "part ordered, fitting Friday")
        .expect("update");
    let detail = w
        .store
        .issue_detail(oven, &AsOf::new(utc("2026-11-24T11:00:00Z"), &Utc))
        .expect("issue");
    let last = detail.history.last().expect("an event");
    assert_eq!(last.kind, "comment");
    assert_eq!(
        last.note.as_deref(),
        Some("Status meeting 24 Nov 2026: part ordered, fitting Friday")
    );
    assert_eq!(last.at, "2026-11-24T10:20:00Z");
    assert_eq!(detail.issue.last_activity_at, "2026-11-24T10:20:00Z");
    let m = w.store.meeting(id).expect("read");
    assert_eq!(
        m.agenda[0].update_note.as_deref(),
        Some("part ordered, fitting Friday")
    );
    // Another customer's issue is refused, and nothing is written.
    let foreign = w
        .store
        .add_issue(&IssueInput {
            customer_id: w.other,
            title: "Not theirs".into(),
            ..Default::default()
        })
        .expect("foreign");
    let before = w
        .store
        .issue_detail(foreign, &AsOf::new(utc("2026-11-24T11:00:00Z"), &Utc))
        .expect("foreign")
        .history
        .len();
    let err = w
        .store
        .record_issue_update(id, foreign, "should not land")
        .expect_err("another customer's issue");
    assert!(err.to_string().contains("another customer"), "{err}");
    let after = w
        .store
        .issue_detail(foreign, &AsOf::new(utc("2026-11-24T11:00:00Z"), &Utc))
        .expect("foreign")
        .history
        .len();
    assert_eq!(before, after);
}

#[test]
fn action_items_become_follow_ups_or_issues_and_their_completion_shows_next_time() {
    let mut w = world();
    let first = w
        .store
        .add_meeting(&MeetingInput {
            actions: vec![
                ActionInput {
                    text: "Send the new price list".into(),
                    owner: PersonRef::team(w.kim),
                    due: Some("2026-11-27".into()),
                },
                ActionInput {
                    text: "Measure the back door".into(),
                    owner: PersonRef::contact(w.ada),
                    due: Some("2026-12-01".into()),
                },
                ActionInput {
                    text: "Check the fridge seals".into(),
                    owner: PersonRef::team(w.sam),
                    due: Some("2026-12-03".into()),
                },
                ActionInput {
                    text: "Book the engineer".into(),
                    owner: PersonRef::team(w.sam),
                    due: None,
                },
            ],
            next_date: Some("2026-12-08".into()),
            ..meeting_with(&w, "2026-11-24T10:00:00Z")
        })
        .expect("meeting");
    let actions = w.store.meeting(first).expect("read").actions;
    assert_eq!(actions.len(), 4);
    assert_eq!(actions[1].owner, "Ada Baker");
    assert_eq!(actions[1].owner_side, Side::Customer);

    // Action 2 (customer side) becomes a follow-up with Ada, on its due date, linked to the meeting.
    let fu = w
        .store
        .action_to_follow_up(actions[1].id)
        .expect("follow-up");
    let f = w.store.follow_up(fu, &Utc).expect("follow-up");
    assert_eq!(f.contact_id, w.ada);
    assert_eq!(f.due_date, date("2026-12-01"));
    assert_eq!(f.note.as_deref(), Some("Measure the back door"));
    let again = w
        .store
        .action_to_follow_up(actions[1].id)
        .expect_err("twice");
    assert!(again.to_string().contains("already"), "{again}");
    // Action 3 becomes an issue owned by Sam, due on its date.
    let new_issue = w.store.action_to_issue(actions[2].id).expect("issue");
    let i = w
        .store
        .issue(new_issue, &AsOf::new(utc("2026-11-24T11:00:00Z"), &Utc))
        .expect("issue");
    assert_eq!(i.title, "Check the fridge seals");
    assert_eq!(i.owner_id, Some(w.sam));
    assert_eq!(i.due, Some(date("2026-12-03")));
    assert_eq!(i.customer_id, w.bakery);
    // Action 4, undated, becomes a follow-up on the next meeting's date with the customer.
    let fu4 = w
        .store
        .action_to_follow_up(actions[3].id)
        .expect("follow-up 4");
    let f4 = w.store.follow_up(fu4, &Utc).expect("f4");
    assert_eq!((f4.contact_id, f4.due_date), (w.bakery, date("2026-12-08")));

    // Between meetings: action 1 marked done, the follow-up done, the issue resolved.
    w.store.set_action_done(actions[0].id, true).expect("done");
    w.store
        .complete_follow_up(fu, utc("2026-12-01T12:00:00Z"), &Utc)
        .expect("follow-up done");
    w.store
        .update_issue(
            new_issue,
            &IssueUpdate {
                status: Some(rapport::issues::IssueStatus::Resolved),
                ..Default::default()
            },
        )
        .expect("resolve");
    let done: Vec<(bool, Option<DoneBy>)> = w
        .store
        .meeting(first)
        .expect("read")
        .actions
        .iter()
        .map(|a| (a.done, a.done_by))
        .collect();
    assert_eq!(
        done,
        vec![
            (true, Some(DoneBy::Marked)),
            (true, Some(DoneBy::FollowUp)),
            (true, Some(DoneBy::Issue)),
            (false, None),
        ]
    );
    // The next meeting's agenda carries only the open one, after the open issues.
    w.set_now("2026-12-08T09:00:00Z");
    let second = w
        .store
        .add_meeting(&meeting_with(&w, "2026-12-08T10:00:00Z"))
        .expect("second");
    let agenda = w.store.meeting(second).expect("read").agenda;
    let carried: Vec<_> = agenda
        .iter()
        .filter(|a| a.kind == AgendaKind::Action)
        .collect();
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].action_id, Some(actions[3].id));
    assert!(carried[0].text.contains("Book the engineer"));
    let list = w
        .store
        .list_meetings(&MeetingFilter::default())
        .expect("list");
    assert_eq!(
        list.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![second, first]
    );
    assert_eq!(list[1].open_action_count, 1);
}

#[test]
fn happiness_over_time_is_read_per_customer_oldest_first() {
    let mut w = world();
    for (at, score, why) in [
        ("2026-09-01T10:00:00Z", 2u8, Some("slow replies")),
        ("2026-10-01T10:00:00Z", 4, None),
        ("2026-11-01T10:00:00Z", 5, Some("fixed fast")),
    ] {
        w.store
            .add_meeting(&MeetingInput {
                happiness: Some(score),
                happiness_why: why.map(str::to_string),
                ..meeting_with(&w, at)
            })
            .expect("meeting");
    }
    let trend = w.store.happiness_trend(w.bakery).expect("trend");
    let scores: Vec<u8> = trend.iter().map(|p| p.score).collect();
    assert_eq!(scores, vec![2, 4, 5]);
    assert_eq!(trend[0].why.as_deref(), Some("slow replies"));
    assert!(w.store.happiness_trend(w.other).expect("none").is_empty());
    let found = w
        .store
        .list_meetings(&MeetingFilter {
            search: Some("SLOW".into()),
            ..Default::default()
        })
        .expect("search");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].happiness, Some(2));
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut w = world();
    let ok = meeting_with(&w, "2026-11-24T10:00:00Z");
    let cases: Vec<(MeetingInput, &str)> = vec![
        (
            MeetingInput {
                happiness: Some(6),
                ..ok.clone()
            },
            "happiness",
        ),
        (
            MeetingInput {
                happiness: Some(2),
                ..ok.clone()
            },
            "why",
        ),
        (
            MeetingInput {
                customer_id: None,
                happiness: Some(5),
                ..ok.clone()
            },
            "happiness",
        ),
        (
            MeetingInput {
                attendees: vec![PersonRef::contact(w.other)],
                ..ok.clone()
            },
            "attendee 1",
        ),
        (
            MeetingInput {
                attendees: vec![PersonRef::team(999)],
                ..ok.clone()
            },
            "attendee 1",
        ),
        (
            MeetingInput {
                actions: vec![
                    ActionInput {
                        text: "fine".into(),
                        owner: PersonRef::team(w.sam),
                        due: None,
                    },
                    ActionInput {
                        text: "bad date".into(),
                        owner: PersonRef::team(w.sam),
                        due: Some("2026-02-30".into()),
                    },
                ],
                ..ok.clone()
            },
            "action 2 due",
        ),
        (
            MeetingInput {
                next_date: Some("2026-11-20".into()),
                ..ok.clone()
            },
            "next",
        ),
        (
            MeetingInput {
                at: "tomorrow".into(),
                ..ok.clone()
            },
            "at",
        ),
    ];
    for (input, field) in cases {
        let err = w.store.add_meeting(&input).expect_err(field);
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(w
        .store
        .list_meetings(&MeetingFilter::default())
        .expect("list")
        .is_empty());
    assert!(w.store.meeting(1).is_err());
}

#[test]
fn the_next_meeting_is_a_reminder_and_a_cadence_repeats_it() {
    let mut w = world();
    // Monthly from a meeting on 30 November: 30 December, then 30 January.
    let m = w
        .store
        .add_meeting(&MeetingInput {
            cadence: Some(Cadence::Monthly),
            ..meeting_with(&w, "2026-11-30T10:00:00Z")
        })
        .expect("meeting");
    assert_eq!(
        w.store.meeting(m).expect("read").meeting.next_date,
        Some(date("2026-12-30"))
    );
    // An internal meeting every 2 weeks from 7 December.
    let internal = w
        .store
        .add_meeting(&MeetingInput {
            customer_id: None,
            at: "2026-11-23T08:00:00Z".into(),
            attendees: vec![PersonRef::team(w.sam), PersonRef::team(w.kim)],
            next_date: Some("2026-12-07".into()),
            cadence: Some(Cadence::Biweekly),
            ..Default::default()
        })
        .expect("internal");
    let now = utc("2026-11-24T09:30:00Z");
    let window = ReminderWindow::days(date("2026-11-24"), 40);
    let meetings: Vec<(String, NaiveDate, i64)> = w
        .store
        .reminders_due(now, &Utc, window)
        .expect("due")
        .into_iter()
        .filter(|r| r.kind == ReminderKind::Meeting)
        .map(|r| (r.key, r.date, r.contact_id))
        .collect();
    assert_eq!(
        meetings,
        vec![
            (
                format!("meeting:{internal}:2026-12-07"),
                date("2026-12-07"),
                0
            ),
            (
                format!("meeting:{internal}:2026-12-21"),
                date("2026-12-21"),
                0
            ),
            (
                format!("meeting:{m}:2026-12-30"),
                date("2026-12-30"),
                w.bakery
            ),
        ]
    );
    // A newer meeting replaces the date the older one set; a passed date without a cadence is
    // shown as overdue.
    w.store
        .add_meeting(&MeetingInput {
            next_date: Some("2026-12-02".into()),
            ..meeting_with(&w, "2026-12-01T10:00:00Z")
        })
        .expect("newer");
    let later = utc("2026-12-05T09:00:00Z");
    let due = w
        .store
        .reminders_due(later, &Utc, ReminderWindow::days(date("2026-12-05"), 3))
        .expect("due");
    let bakery: Vec<_> = due
        .iter()
        .filter(|r| r.kind == ReminderKind::Meeting && r.contact_id == w.bakery)
        .collect();
    assert_eq!(bakery.len(), 1);
    assert_eq!(bakery[0].date, date("2026-12-02"));
    assert!(bakery[0].overdue);
    let _ = w.ada;
}

/// Merging a duplicate customer moves its meetings to the survivor (emptying the Trash keeps them);
/// undoing the merge moves them back.
#[test]
fn merging_a_duplicate_customer_keeps_its_meetings_and_undo_gives_them_back() {
    let mut w = world();
    let dup = w
        .store
        .add_contact(&ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("Corner Bakery Ltd")
        })
        .expect("duplicate");
    let m = w
        .store
        .add_meeting(&MeetingInput {
            customer_id: Some(dup),
            at: "2026-11-20T10:00:00Z".into(),
            happiness: Some(5),
            ..Default::default()
        })
        .expect("meeting");
    let customer_of = |w: &World| w.store.meeting(m).expect("meeting").meeting.customer_id;

    w.store.merge_contacts(w.bakery, dup).expect("merge");
    assert_eq!(customer_of(&w), Some(w.bakery));
    w.store.undo_merge(dup).expect("undo");
    assert_eq!(customer_of(&w), Some(dup));

    w.store.merge_contacts(w.bakery, dup).expect("merge again");
    w.store.empty_trash().expect("empty trash");
    assert_eq!(customer_of(&w), Some(w.bakery), "the meeting survives");
    assert_eq!(w.store.happiness_trend(w.bakery).expect("trend").len(), 1);
}
