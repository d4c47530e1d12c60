//! Customer issues: the workflow table, promises and overdue on fixed dates (weekends, waiting on
//! the customer), escalation (including across a DST change), closing the loop, and the figures.

mod common;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::{person, temp_store};
use rapport::issues::{
    can_move, status_moves, AsOf, ClosedHow, EscalationLevel, EscalationRule, IssueFilter,
    IssueInput, IssueStatus, IssueUpdate, Priority,
};
use rapport::Store;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// A store whose clock the test moves.
fn store_at(start: &str) -> (tempfile::TempDir, Store, Arc<Mutex<DateTime<Utc>>>) {
    let (dir, mut store) = temp_store();
    let clock = Arc::new(Mutex::new(utc(start)));
    let c = clock.clone();
    store.set_clock(Box::new(move || *c.lock().expect("clock")));
    (dir, store, clock)
}

fn set(clock: &Arc<Mutex<DateTime<Utc>>>, t: &str) {
    *clock.lock().expect("clock") = utc(t);
}

fn as_of(t: &str) -> AsOf {
    AsOf::new(utc(t), &Utc)
}

fn status(to: IssueStatus) -> IssueUpdate {
    IssueUpdate {
        status: Some(to),
        ..Default::default()
    }
}

fn new_issue(store: &mut Store, customer: i64, due: Option<&str>) -> i64 {
    store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "Oven door does not seal".into(),
            due: due.map(str::to_string),
            ..Default::default()
        })
        .expect("add issue")
}

/// Puts a new issue into `state` by a legal path.
fn issue_in(store: &mut Store, customer: i64, state: IssueStatus) -> i64 {
    let id = new_issue(store, customer, None);
    match state {
        IssueStatus::Open => {}
        IssueStatus::Closed => store
            .close_issue(id, ClosedHow::Unconfirmed, None, None)
            .expect("close"),
        other => store.update_issue(id, &status(other)).expect("move"),
    }
    id
}

#[test]
fn the_workflow_table_allows_exactly_the_legal_moves() {
    use IssueStatus::*;
    let all = [Open, InProgress, WaitingOnCustomer, Resolved, Closed];
    // from → the statuses a plain change may go to (closing is its own action).
    let legal: &[(IssueStatus, &[IssueStatus])] = &[
        (Open, &[InProgress, WaitingOnCustomer, Resolved]),
        (InProgress, &[Open, WaitingOnCustomer, Resolved]),
        (WaitingOnCustomer, &[Open, InProgress, Resolved]),
        (Resolved, &[Open, InProgress]),
        (Closed, &[Open]),
    ];
    let (_dir, mut store, _clock) = store_at("2026-11-24T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    for (from, allowed) in legal {
        for to in all {
            let expected = allowed.contains(&to);
            assert_eq!(can_move(*from, to), expected, "{from:?} → {to:?}");
            let id = issue_in(&mut store, customer, *from);
            let result = store.update_issue(id, &status(to));
            assert_eq!(
                result.is_ok(),
                expected,
                "{from:?} → {to:?} through the store: {result:?}"
            );
            let now = store
                .issue(id, &as_of("2026-11-24T10:00:00Z"))
                .expect("issue")
                .status;
            assert_eq!(
                now,
                if expected { to } else { *from },
                "a refused move changes nothing"
            );
            if let Err(e) = result {
                assert_eq!(e.field(), Some("status"));
            }
        }
    }
    // Closing is allowed from every status but closed.
    for from in all {
        let id = issue_in(&mut store, customer, from);
        let r = store.close_issue(id, ClosedHow::Confirmed, Some(5), None);
        assert_eq!(r.is_ok(), from != Closed, "close from {from:?}");
    }
}

#[test]
fn overdue_counts_calendar_days_through_the_weekend() {
    let (_dir, mut store, _clock) = store_at("2026-11-23T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    // Due Friday 27 November 2026.
    let id = new_issue(&mut store, customer, Some("2026-11-27"));
    let at = |t: &str| store.issue(id, &as_of(t)).expect("issue");
    assert!(
        !at("2026-11-27T20:00:00Z").overdue,
        "not overdue on the due date itself"
    );
    let sat = at("2026-11-28T08:00:00Z");
    assert!(sat.overdue);
    assert_eq!(sat.days_overdue, 1);
    assert_eq!(at("2026-11-29T08:00:00Z").days_overdue, 2, "Sunday counts");
    assert_eq!(at("2026-11-30T08:00:00Z").days_overdue, 3);
    let overdue = store
        .list_issues(
            &IssueFilter {
                overdue: true,
                ..Default::default()
            },
            &as_of("2026-11-30T08:00:00Z"),
        )
        .expect("list");
    assert_eq!(overdue.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    let due_soon = store
        .list_issues(
            &IssueFilter {
                due_within_days: Some(7),
                ..Default::default()
            },
            &as_of("2026-11-23T08:00:00Z"),
        )
        .expect("list");
    assert_eq!(due_soon.len(), 1);
}

#[test]
fn waiting_on_the_customer_pauses_the_promise() {
    let (_dir, mut store, clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let id = new_issue(&mut store, customer, Some("2026-11-06"));
    set(&clock, "2026-11-03T09:00:00Z");
    store
        .update_issue(id, &status(IssueStatus::WaitingOnCustomer))
        .expect("wait");
    // While waiting, it is never overdue.
    let waiting = store
        .issue(id, &as_of("2026-11-09T09:00:00Z"))
        .expect("issue");
    assert!(!waiting.overdue);
    set(&clock, "2026-11-06T09:00:00Z");
    store
        .update_issue(id, &status(IssueStatus::InProgress))
        .expect("back to work");
    // Three days of waiting move the effective due date from the 6th to the 9th.
    let back = store
        .issue(id, &as_of("2026-11-09T12:00:00Z"))
        .expect("issue");
    assert_eq!(back.effective_due, Some(date("2026-11-09")));
    assert!(!back.overdue);
    assert!(
        store
            .issue(id, &as_of("2026-11-10T12:00:00Z"))
            .expect("issue")
            .overdue
    );
    // Resolved on the 8th: late against the 6th, on time once the wait is taken out.
    set(&clock, "2026-11-08T15:00:00Z");
    store
        .update_issue(id, &status(IssueStatus::Resolved))
        .expect("resolve");
    let stats = store
        .issue_stats(&as_of("2026-11-10T12:00:00Z"))
        .expect("stats");
    let unassigned = &stats.owners[0];
    assert_eq!(
        (unassigned.resolved_with_due, unassigned.resolved_on_time),
        (1, 1)
    );
    assert_eq!(unassigned.on_time_rate, Some(100.0));
    // 6 days open minus 3 days waiting = 3 days (72 h) … plus 6 hours.
    assert_eq!(unassigned.median_hours_to_resolve, Some(78.0));
}

#[test]
fn a_due_date_moved_later_is_a_broken_promise_in_the_history() {
    let (_dir, mut store, clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let priya = store.add_team_member("Priya", None).expect("priya");
    let id = store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "Wrong invoice".into(),
            owner_id: Some(priya),
            due: Some("2026-11-05".into()),
            ..Default::default()
        })
        .expect("add");
    set(&clock, "2026-11-04T09:00:00Z");
    store
        .update_issue(
            id,
            &IssueUpdate {
                due: Some("2026-11-12".into()),
                comment: Some("Supplier is late".into()),
                ..Default::default()
            },
        )
        .expect("move");
    set(&clock, "2026-11-05T09:00:00Z");
    store
        .update_issue(
            id,
            &IssueUpdate {
                due: Some("2026-11-10".into()),
                ..Default::default()
            },
        )
        .expect("earlier");
    let detail = store
        .issue_detail(id, &as_of("2026-11-05T10:00:00Z"))
        .expect("detail");
    let kinds: Vec<(&str, Option<&str>, Option<&str>)> = detail
        .history
        .iter()
        .map(|e| {
            (
                e.kind.as_str(),
                e.old_value.as_deref(),
                e.new_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("opened", None, Some("Wrong invoice")),
            ("due", Some("2026-11-05"), Some("2026-11-12")),
            ("broken_promise", Some("2026-11-05"), Some("2026-11-12")),
            ("comment", None, None),
            ("due", Some("2026-11-12"), Some("2026-11-10")),
        ]
    );
    assert_eq!(detail.history[3].note.as_deref(), Some("Supplier is late"));
    assert_eq!(detail.history[1].at, "2026-11-04T09:00:00Z");
    let stats = store
        .issue_stats(&as_of("2026-11-05T10:00:00Z"))
        .expect("stats");
    assert_eq!(stats.owners[0].owner, "Priya");
    assert_eq!(
        stats.owners[0].broken_promises, 1,
        "moving earlier is not a broken promise"
    );
}

#[test]
fn closing_records_how_and_reopening_clears_it() {
    let (_dir, mut store, _clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let id = new_issue(&mut store, customer, None);
    assert_eq!(
        store
            .close_issue(id, ClosedHow::Unconfirmed, Some(4), None)
            .expect_err("score")
            .field(),
        Some("score")
    );
    assert_eq!(
        store
            .close_issue(id, ClosedHow::Confirmed, Some(6), None)
            .expect_err("range")
            .field(),
        Some("score")
    );
    store
        .close_issue(
            id,
            ClosedHow::Confirmed,
            Some(5),
            Some("Happy with the new seal"),
        )
        .expect("close");
    let closed = store
        .issue(id, &as_of("2026-11-02T10:00:00Z"))
        .expect("issue");
    assert_eq!(
        (closed.status, closed.closed_how, closed.satisfaction),
        (IssueStatus::Closed, Some(ClosedHow::Confirmed), Some(5))
    );
    assert!(closed.resolved_at.is_some());
    assert_eq!(
        store
            .update_issue(id, &status(IssueStatus::InProgress))
            .expect_err("only reopen")
            .field(),
        Some("status")
    );
    store
        .update_issue(id, &status(IssueStatus::Open))
        .expect("reopen");
    let reopened = store
        .issue_detail(id, &as_of("2026-11-02T10:00:00Z"))
        .expect("detail");
    assert_eq!(reopened.issue.closed_how, None);
    assert_eq!(reopened.issue.resolved_at, None);
    let last = reopened.history.last().expect("event");
    assert_eq!(
        (last.kind.as_str(), last.old_value.as_deref()),
        ("reopened", Some("closed"))
    );
    let closing = reopened
        .history
        .iter()
        .find(|e| e.kind == "closed")
        .expect("closed event");
    assert_eq!(
        closing.note.as_deref(),
        Some("satisfaction 5/5: Happy with the new seal")
    );
}

#[test]
fn overdue_issues_are_suggested_for_escalation_up_the_ladder() {
    let (_dir, mut store, _clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let sam = store.add_team_member("Sam", None).expect("sam");
    let owner = store.add_team_member("Olga Owner", None).expect("owner");
    store
        .set_escalation_ladder(&[
            EscalationLevel {
                level: 1,
                team_member_id: sam,
                team_member: String::new(),
                rule: EscalationRule::OverdueDays,
                threshold: 3,
            },
            EscalationLevel {
                level: 2,
                team_member_id: owner,
                team_member: String::new(),
                rule: EscalationRule::OverdueDays,
                threshold: 7,
            },
        ])
        .expect("ladder");
    let id = new_issue(&mut store, customer, Some("2026-11-06"));
    let due = |store: &Store, t: &str| store.escalations_due(&as_of(t)).expect("escalations");
    assert!(
        due(&store, "2026-11-08T09:00:00Z").is_empty(),
        "2 days overdue"
    );
    let three = due(&store, "2026-11-09T09:00:00Z");
    assert_eq!(
        (three[0].issue.id, three[0].level, three[0].to.as_str()),
        (id, 1, "Sam")
    );
    assert!(
        three[0].reason.contains("overdue by 3 days"),
        "{}",
        three[0].reason
    );
    // Nothing escalates silently: the suggestion changes nothing until it is acted on.
    assert_eq!(
        store
            .issue(id, &as_of("2026-11-09T09:00:00Z"))
            .expect("issue")
            .escalation_level,
        0
    );
    store
        .escalate_issue(id, 1, &three[0].reason)
        .expect("escalate");
    assert!(
        due(&store, "2026-11-10T09:00:00Z").is_empty(),
        "already at level 1"
    );
    let eight = due(&store, "2026-11-14T09:00:00Z");
    assert_eq!((eight[0].level, eight[0].to.as_str()), (2, "Olga Owner"));
    assert_eq!(
        store
            .escalate_issue(id, 1, "again")
            .expect_err("not higher")
            .field(),
        Some("level")
    );
}

#[test]
fn urgent_untouched_hours_are_real_hours_across_a_dst_change() {
    use chrono_tz::Europe::Berlin;
    let local = |y, m, d, h| {
        Berlin
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("local")
            .with_timezone(&Utc)
    };
    // Clocks go back at 03:00 on Sunday 25 October 2026 in Berlin.
    let touched = local(2026, 10, 24, 23);
    let (_dir, mut store, clock) = store_at(&touched.to_rfc3339());
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let sam = store.add_team_member("Sam", None).expect("sam");
    store
        .set_escalation_ladder(&[EscalationLevel {
            level: 1,
            team_member_id: sam,
            team_member: String::new(),
            rule: EscalationRule::UrgentUntouchedHours,
            threshold: 4,
        }])
        .expect("ladder");
    let id = store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "Freezer failed".into(),
            priority: Priority::Urgent,
            ..Default::default()
        })
        .expect("urgent");
    // Touched at 23:00 CEST; four real hours later the wall clock reads 02:00 CET, three hours on.
    let at = |store: &Store, t: DateTime<Utc>| {
        store
            .escalations_due(&AsOf::new(t, &Berlin))
            .expect("escalations")
    };
    assert!(
        at(&store, touched + chrono::Duration::hours(3)).is_empty(),
        "3 real hours"
    );
    let four = at(&store, touched + chrono::Duration::hours(4));
    assert_eq!(
        four.len(),
        1,
        "4 real hours, though the wall clock shows only 3 hours later"
    );
    assert_eq!(four[0].issue.id, id);
    // Touching it restarts the count.
    set(&clock, &(touched + chrono::Duration::hours(4)).to_rfc3339());
    store
        .update_issue(
            id,
            &IssueUpdate {
                comment: Some("Engineer called".into()),
                ..Default::default()
            },
        )
        .expect("touch");
    assert!(at(&store, touched + chrono::Duration::hours(6)).is_empty());
}

#[test]
fn figures_on_a_seeded_set_match_the_hand_count() {
    let (_dir, mut store, clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let ann = store.add_team_member("Ann", None).expect("ann");
    let bob = store.add_team_member("Bob", None).expect("bob");
    let mk = |store: &mut Store, owner, due: &str| {
        store
            .add_issue(&IssueInput {
                customer_id: customer,
                title: "x".into(),
                owner_id: Some(owner),
                due: Some(due.into()),
                ..Default::default()
            })
            .expect("add")
    };
    // Ann: a1 resolved on time (opened 2nd 09:00, resolved 4th 09:00: 48 h), a2 resolved late (96 h),
    // a3 open and overdue on the 20th, a4 open not due yet. Bob: b1 resolved on time (24 h), closed confirmed;
    // b2 closed unconfirmed without due date.
    let a1 = mk(&mut store, ann, "2026-11-05");
    let a2 = mk(&mut store, ann, "2026-11-03");
    let _a3 = mk(&mut store, ann, "2026-11-10");
    let _a4 = mk(&mut store, ann, "2026-12-31");
    let b1 = mk(&mut store, bob, "2026-11-04");
    let b2 = store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "y".into(),
            owner_id: Some(bob),
            ..Default::default()
        })
        .expect("b2");
    set(&clock, "2026-11-03T09:00:00Z");
    store
        .update_issue(b1, &status(IssueStatus::Resolved))
        .expect("b1");
    store
        .close_issue(b1, ClosedHow::Confirmed, Some(4), None)
        .expect("b1 close");
    store
        .close_issue(b2, ClosedHow::Unconfirmed, None, None)
        .expect("b2 close");
    set(&clock, "2026-11-04T09:00:00Z");
    store
        .update_issue(a1, &status(IssueStatus::Resolved))
        .expect("a1");
    set(&clock, "2026-11-06T09:00:00Z");
    store
        .update_issue(a2, &status(IssueStatus::Resolved))
        .expect("a2");

    let stats = store
        .issue_stats(&as_of("2026-11-20T12:00:00Z"))
        .expect("stats");
    let a = &stats.owners[0];
    assert_eq!(a.owner, "Ann");
    assert_eq!(
        (a.open, a.overdue, a.resolved_with_due, a.resolved_on_time),
        (2, 1, 2, 1)
    );
    assert_eq!(a.on_time_rate, Some(50.0));
    assert_eq!(
        a.median_hours_to_resolve,
        Some(72.0),
        "median of 48 h and 96 h"
    );
    let b = &stats.owners[1];
    assert_eq!(b.owner, "Bob");
    assert_eq!(
        (b.open, b.overdue, b.resolved_with_due, b.resolved_on_time),
        (0, 0, 1, 1)
    );
    assert_eq!(
        b.median_hours_to_resolve,
        Some(24.0),
        "median of 24 h and 24 h"
    );
    assert_eq!(
        (stats.business.closed, stats.business.closed_confirmed),
        (2, 1)
    );
    assert_eq!(stats.business.confirmed_share, Some(50.0));
    let weeks = &stats.business.opened_per_week;
    assert_eq!(weeks.len(), 12);
    assert_eq!(
        weeks.last().expect("this week").week_start,
        date("2026-11-16")
    );
    assert_eq!(
        weeks
            .iter()
            .find(|w| w.week_start == date("2026-11-02"))
            .expect("that week")
            .opened,
        6
    );
    assert_eq!(weeks.iter().map(|w| w.opened).sum::<u32>(), 6);
}

#[test]
fn the_queue_puts_urgent_overdue_and_unhappy_first_with_reasons() {
    let (_dir, mut store, _clock) = store_at("2026-11-10T09:00:00Z");
    let calm = store.add_contact(&person("Calm Customer")).expect("calm");
    let upset = store.add_contact(&person("Upset Customer")).expect("upset");
    store
        .add_interaction(&rapport::interactions::InteractionInput {
            issue_id: None,
            contact_id: upset,
            occurred_at: Some(utc("2026-11-08T10:00:00Z")),
            channel: rapport::interactions::InteractionChannel::Call,
            summary: "Angry about the delay".into(),
            tone: rapport::interactions::Tone::Negative,
            team_member_id: None,
        })
        .expect("log");
    let plain = new_issue(&mut store, calm, Some("2026-12-01"));
    let unhappy = new_issue(&mut store, upset, Some("2026-12-01"));
    let late = new_issue(&mut store, calm, Some("2026-11-01"));
    let urgent = store
        .add_issue(&IssueInput {
            customer_id: calm,
            title: "z".into(),
            priority: Priority::Urgent,
            ..Default::default()
        })
        .expect("urgent");
    let queue = store
        .issue_queue(&as_of("2026-11-10T12:00:00Z"), None)
        .expect("queue");
    let order: Vec<i64> = queue.iter().map(|q| q.issue.id).collect();
    assert_eq!(order, vec![urgent, late, unhappy, plain]);
    assert_eq!(queue[1].reasons, vec!["overdue by 9 days"]);
    assert!(
        queue[2].reasons[0].starts_with("unhappy customer: a negative interaction on 2026-11-08"),
        "{:?}",
        queue[2].reasons
    );
    assert!(queue[3].reasons.is_empty());
    let top = store
        .issue_queue(&as_of("2026-11-10T12:00:00Z"), Some(2))
        .expect("top of the queue");
    assert_eq!(
        top.iter().map(|q| q.issue.id).collect::<Vec<_>>(),
        vec![urgent, late]
    );
    assert_eq!(top[1].reasons, queue[1].reasons);
}

#[test]
fn every_change_is_in_the_history_with_what_it_was_before() {
    let (_dir, mut store, _clock) = store_at("2026-11-10T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let ada = store.add_contact(&person("Ada")).expect("ada");
    let bo = store.add_contact(&person("Bo")).expect("bo");
    let id = new_issue(&mut store, customer, None);
    let change =
        |store: &mut Store, update: IssueUpdate| store.update_issue(id, &update).expect("update");
    change(
        &mut store,
        IssueUpdate {
            customer_owner_id: Some(ada),
            ..Default::default()
        },
    );
    change(
        &mut store,
        IssueUpdate {
            customer_owner_id: Some(bo),
            ..Default::default()
        },
    );
    change(
        &mut store,
        IssueUpdate {
            title: Some("Oven door seal leaks".into()),
            ..Default::default()
        },
    );
    change(
        &mut store,
        IssueUpdate {
            description: Some("Since Tuesday".into()),
            ..Default::default()
        },
    );
    let unchanged = store
        .update_issue(
            id,
            &IssueUpdate {
                description: Some("Since Tuesday".into()),
                ..Default::default()
            },
        )
        .expect_err("same text");
    assert_eq!(unchanged.field(), Some("update"));
    let history = store
        .issue_detail(id, &as_of("2026-11-10T10:00:00Z"))
        .expect("detail")
        .history;
    let seen: Vec<(String, Option<String>, Option<String>)> = history
        .iter()
        .skip(1)
        .map(|e| (e.kind.clone(), e.old_value.clone(), e.new_value.clone()))
        .collect();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        seen,
        vec![
            ("customer_owner".into(), None, s("Ada")),
            ("customer_owner".into(), s("Ada"), s("Bo")),
            (
                "title".into(),
                s("Oven door does not seal"),
                s("Oven door seal leaks")
            ),
            ("description".into(), None, None),
        ]
    );
    let err = store.escalate_issue(id, 1, "  ").expect_err("no reason");
    assert_eq!(err.field(), Some("reason"));
}

#[test]
fn bad_issue_input_names_the_field_and_stores_nothing() {
    let (_dir, mut store, _clock) = store_at("2026-11-10T09:00:00Z");
    let customer = store
        .add_contact(&person("Corner Bakery"))
        .expect("customer");
    let bad = |store: &mut Store, input: IssueInput| {
        store
            .add_issue(&input)
            .expect_err("refused")
            .field()
            .map(str::to_string)
    };
    assert_eq!(
        bad(
            &mut store,
            IssueInput {
                customer_id: customer,
                title: " ".into(),
                ..Default::default()
            }
        )
        .as_deref(),
        Some("title")
    );
    assert_eq!(
        bad(
            &mut store,
            IssueInput {
                customer_id: 999,
                title: "x".into(),
                ..Default::default()
            }
        )
        .as_deref(),
        Some("customer")
    );
    assert_eq!(
        bad(
            &mut store,
            IssueInput {
                customer_id: customer,
                title: "x".into(),
                due: Some("2026-02-30".into()),
                ..Default::default()
            }
        )
        .as_deref(),
        Some("due")
    );
    assert_eq!(
        bad(
            &mut store,
            IssueInput {
                customer_id: customer,
                title: "x".into(),
                owner_id: Some(42),
                ..Default::default()
            }
        )
        .as_deref(),
        Some("owner")
    );
    assert!(store
        .list_issues(&IssueFilter::default(), &as_of("2026-11-10T09:00:00Z"))
        .expect("list")
        .is_empty());
}

#[test]
fn a_page_carries_the_total_and_categories_come_off_the_list_without_losing_history() {
    let (_dir, mut store, _clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store.add_contact(&person("Ada")).expect("contact");
    for due in ["2026-11-10", "2026-11-11", "2026-11-12"] {
        new_issue(&mut store, customer, Some(due));
    }
    let now = as_of("2026-11-20T12:00:00Z");
    let page = store
        .issue_page(
            &IssueFilter {
                overdue: true,
                limit: Some(2),
                ..Default::default()
            },
            &now,
        )
        .expect("page");
    assert_eq!(page.issues.len(), 2);
    assert_eq!(page.total, 3);
    let second = store
        .issue_page(
            &IssueFilter {
                overdue: true,
                limit: Some(2),
                offset: 2,
                ..Default::default()
            },
            &now,
        )
        .expect("page 2");
    assert_eq!((second.issues.len(), second.total), (1, 3));

    let id = store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "Late delivery".into(),
            category: Some("Delivery".into()),
            ..Default::default()
        })
        .expect("issue");
    store.add_issue_category("Billing").expect("add");
    assert_eq!(
        store.issue_categories().expect("list"),
        ["Billing", "Delivery"]
    );
    store.remove_issue_category("delivery").expect("remove");
    assert_eq!(store.issue_categories().expect("list"), ["Billing"]);
    // The issue keeps its category; using the name again puts it back on the list.
    assert_eq!(
        store.issue(id, &now).expect("issue").category.as_deref(),
        Some("Delivery")
    );
    let err = store.remove_issue_category("Nope").expect_err("unknown");
    assert_eq!(err.code(), "invalid_field");
    store.add_issue_category("Delivery").expect("again");
    assert_eq!(
        store.issue_categories().expect("list"),
        ["Billing", "Delivery"]
    );
}

#[test]
fn the_status_moves_the_board_offers_are_the_workflow_table() {
    let moves = status_moves();
    assert!(!moves.is_empty());
    for m in &moves {
        assert!(can_move(m.from, m.to), "{m:?}");
    }
    use IssueStatus::*;
    let all = [Open, InProgress, WaitingOnCustomer, Resolved, Closed];
    let legal = all
        .iter()
        .flat_map(|&a| all.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| can_move(a, b))
        .count();
    assert_eq!(moves.len(), legal);
}

#[test]
fn an_interaction_links_to_an_issue_of_the_same_customer_only() {
    let (_dir, mut store, _clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store.add_contact(&person("Ada")).expect("contact");
    let other = store.add_contact(&person("Bo")).expect("contact");
    let id = new_issue(&mut store, customer, None);
    let input = |contact_id, issue_id| rapport::interactions::InteractionInput {
        contact_id,
        occurred_at: None,
        channel: rapport::interactions::InteractionChannel::Call,
        summary: "Talked it through".into(),
        tone: Default::default(),
        team_member_id: None,
        issue_id,
    };
    store
        .add_interaction(&input(customer, Some(id)))
        .expect("linked");
    let err = store
        .add_interaction(&input(other, Some(id)))
        .expect_err("stranger");
    assert_eq!(err.code(), "invalid_field");
    let err = store
        .add_interaction(&input(customer, Some(id + 99)))
        .expect_err("no issue");
    assert!(err.to_string().contains("does not exist"), "{err}");
    let timeline = store.interactions(customer, None).expect("timeline");
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].issue_id, Some(id));
    assert!(store.interactions(other, None).expect("none").is_empty());
}

#[test]
fn the_ladder_refuses_a_zero_rule_and_departed_staff_and_keeps_its_members_active() {
    let (_dir, mut store, _clock) = store_at("2026-11-02T09:00:00Z");
    let sam = store.add_team_member("Sam", None).expect("sam");
    let gone = store.add_team_member("Gone", None).expect("gone");
    store
        .set_team_member_active(gone, false)
        .expect("deactivate");
    let level = |team_member_id, threshold| EscalationLevel {
        level: 1,
        team_member_id,
        team_member: String::new(),
        rule: EscalationRule::OverdueDays,
        threshold,
    };
    let zero = store
        .set_escalation_ladder(&[level(sam, 0)])
        .expect_err("zero days");
    assert_eq!(zero.field(), Some("threshold"));
    assert!(zero.to_string().contains("level 1"), "{zero}");
    let departed = store
        .set_escalation_ladder(&[level(gone, 2)])
        .expect_err("inactive member");
    assert_eq!(departed.field(), Some("team_member"));
    assert!(departed.to_string().contains("Gone"), "{departed}");
    assert!(store.escalation_ladder().expect("ladder").is_empty());

    store
        .set_escalation_ladder(&[level(sam, 2)])
        .expect("ladder");
    let busy = store
        .set_team_member_active(sam, false)
        .expect_err("on the ladder");
    assert_eq!(busy.code(), "conflict");
    assert!(busy.to_string().contains("level 1"), "{busy}");
    store.set_escalation_ladder(&[]).expect("empty ladder");
    store
        .set_team_member_active(sam, false)
        .expect("now free to go");
}

#[test]
fn due_this_week_and_overdue_use_the_same_date_and_never_overlap() {
    let (_dir, mut store, clock) = store_at("2026-11-02T09:00:00Z");
    let customer = store.add_contact(&person("Ada")).expect("contact");
    let waited = new_issue(&mut store, customer, Some("2026-11-05"));
    let plain = new_issue(&mut store, customer, Some("2026-11-05"));
    // `waited` spends four days waiting on the customer: its promise moves to 9 November.
    store
        .update_issue(waited, &status(IssueStatus::WaitingOnCustomer))
        .expect("wait");
    set(&clock, "2026-11-06T09:00:00Z");
    store
        .update_issue(waited, &status(IssueStatus::InProgress))
        .expect("back");
    let now = as_of("2026-11-07T12:00:00Z");
    let ids = |filter: IssueFilter| -> Vec<i64> {
        store
            .list_issues(&filter, &now)
            .expect("list")
            .iter()
            .map(|i| i.id)
            .collect()
    };
    let overdue = ids(IssueFilter {
        active: true,
        overdue: true,
        ..Default::default()
    });
    let this_week = ids(IssueFilter {
        active: true,
        due_within_days: Some(7),
        ..Default::default()
    });
    assert_eq!(overdue, vec![plain]);
    assert_eq!(this_week, vec![waited]);
}
