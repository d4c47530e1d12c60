//! What the scheduler sends, on fixed dates: one notification each for a few reminders and one
//! summary for more, quiet hours (also over midnight) holding them until they end, muted kinds
//! settled without a notification, what a click opens, when to wake next, clock jumps, and the
//! settings that drive it stored and refused by field.

mod common;

use chrono::{DateTime, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Europe::Berlin;
use common::{person, temp_store};
use rapport::contacts::ContactInput;
use rapport::reminders::delivery::{
    clock_jumped, in_quiet_hours, next_wake, plan_delivery, Target, CATCH_UP_DAYS,
};
use rapport::reminders::{FollowUpInput, ReminderKind, ReminderSettings};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("local date-time")
}

fn time(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("time")
}

#[test]
fn quiet_hours_within_a_day_and_over_midnight() {
    let cases = [
        (Some("22:00"), Some("07:00"), "23:30", true),
        (Some("22:00"), Some("07:00"), "03:00", true),
        (Some("22:00"), Some("07:00"), "07:00", false),
        (Some("22:00"), Some("07:00"), "21:59", false),
        (Some("12:00"), Some("13:00"), "12:00", true),
        (Some("12:00"), Some("13:00"), "13:00", false),
        (Some("12:00"), Some("12:00"), "12:00", false),
        (None, Some("07:00"), "03:00", false),
        (Some("nonsense"), Some("07:00"), "03:00", false),
    ];
    for (from, until, at, quiet) in cases {
        assert_eq!(
            in_quiet_hours(from, until, time(at)),
            quiet,
            "{from:?}–{until:?} at {at}"
        );
    }
}

#[test]
fn a_follow_up_due_now_becomes_one_notification_that_opens_its_contact() {
    let (_dir, mut store) = temp_store();
    let ada = store.add_contact(&person("Ada Lovelace")).expect("contact");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: ada,
            due_date: "2026-12-01".into(),
            due_time: Some("09:30".into()),
            note: Some("Call about the invoice".into()),
            ..Default::default()
        })
        .expect("follow-up");
    let now = utc("2026-12-01T08:31:00Z"); // 09:31 in Berlin
    let since = now.date_naive() - chrono::Duration::days(CATCH_UP_DAYS);
    let pending = store.undelivered(now, &Berlin, since).expect("pending");
    assert_eq!(pending.len(), 1, "{pending:?}");
    let plan = plan_delivery(
        &pending,
        &ReminderSettings::default(),
        local("2026-12-01 09:31"),
    );
    assert_eq!(plan.notices.len(), 1);
    let n = &plan.notices[0];
    assert_eq!(n.summary, "Call about the invoice");
    assert!(n.body.starts_with("Ada Lovelace: "), "{}", n.body);
    assert_eq!(n.target, Target::Contact { id: ada });
    assert_eq!(n.target.route(), format!("#/contacts/{ada}"));
    assert_eq!(n.keys, vec![pending[0].key.clone()]);
    assert!(plan.record.is_empty());
    // A minute before its time it is not pending yet.
    let early = store
        .undelivered(utc("2026-12-01T08:29:00Z"), &Berlin, since)
        .expect("pending");
    assert!(early.is_empty(), "{early:?}");
}

fn five_birthdays_last_week(store: &mut rapport::Store) {
    for (name, day) in [
        ("Ann", "--11-24"),
        ("Ben", "--11-25"),
        ("Cleo", "--11-26"),
        ("Dan", "--11-27"),
        ("Eve", "--11-28"),
    ] {
        store
            .add_contact(&ContactInput {
                birthday: Some(day.into()),
                ..person(name)
            })
            .expect("contact");
    }
}

#[test]
fn a_week_closed_gives_one_summary_naming_the_first_five() {
    let (_dir, mut store) = temp_store();
    five_birthdays_last_week(&mut store);
    store
        .add_contact(&ContactInput {
            birthday: Some("--11-29".into()),
            ..person("Finn")
        })
        .expect("contact");
    let now = utc("2026-12-01T10:00:00Z");
    let since = now.date_naive() - chrono::Duration::days(CATCH_UP_DAYS);
    let pending = store.undelivered(now, &Berlin, since).expect("pending");
    assert_eq!(pending.len(), 6, "{pending:?}");
    let plan = plan_delivery(
        &pending,
        &ReminderSettings::default(),
        local("2026-12-01 11:00"),
    );
    assert_eq!(plan.notices.len(), 1);
    let n = &plan.notices[0];
    assert_eq!(n.summary, "6 reminders");
    assert_eq!(
        n.body,
        "Ann's birthday on 24 November\nBen's birthday on 25 November\n\
         Cleo's birthday on 26 November\nDan's birthday on 27 November\n\
         Eve's birthday on 28 November\nand 1 more"
    );
    assert_eq!(n.target, Target::Today);
    assert_eq!(n.keys.len(), 6);
    // Recorded, they never come again.
    store.mark_delivered(&n.keys, now).expect("mark");
    assert!(store
        .undelivered(now, &Berlin, since)
        .expect("pending")
        .is_empty());
}

#[test]
fn quiet_hours_hold_reminders_until_they_end_and_muted_kinds_are_settled_silently() {
    let (_dir, mut store) = temp_store();
    five_birthdays_last_week(&mut store);
    let ada = store.add_contact(&person("Ada")).expect("contact");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: ada,
            due_date: "2026-11-30".into(),
            due_time: Some("22:30".into()),
            ..Default::default()
        })
        .expect("follow-up");
    let settings = ReminderSettings {
        muted_kinds: vec![ReminderKind::Birthday],
        quiet_from: Some("22:00".into()),
        quiet_until: Some("07:00".into()),
        ..ReminderSettings::default()
    };
    store.set_reminder_settings(&settings).expect("settings");
    let settings = store.reminder_settings().expect("read");
    let now = utc("2026-11-30T21:45:00Z"); // 22:45 in Berlin
    let since = now.date_naive() - chrono::Duration::days(CATCH_UP_DAYS);
    let pending = store.undelivered(now, &Berlin, since).expect("pending");
    let plan = plan_delivery(&pending, &settings, local("2026-11-30 22:45"));
    assert!(plan.notices.is_empty(), "{plan:?}");
    assert_eq!(plan.held, 1);
    assert_eq!(plan.record.len(), 5, "the muted birthdays");
    store.mark_delivered(&plan.record, now).expect("mark");

    let morning = utc("2026-12-01T06:05:00Z"); // 07:05
    let pending = store.undelivered(morning, &Berlin, since).expect("pending");
    let plan = plan_delivery(&pending, &settings, local("2026-12-01 07:05"));
    assert_eq!(plan.held, 0);
    assert_eq!(plan.notices.len(), 1, "{plan:?}");
    assert_eq!(plan.notices[0].summary, "Follow up with Ada");
}

#[test]
fn an_issue_due_date_opens_the_issue() {
    let (_dir, mut store) = temp_store();
    let ada = store.add_contact(&person("Ada")).expect("contact");
    let issue = store
        .add_issue(&rapport::issues::IssueInput {
            customer_id: ada,
            title: "Broken till".into(),
            due: Some("2026-12-01".into()),
            ..Default::default()
        })
        .expect("issue");
    let now = utc("2026-12-01T10:00:00Z");
    let pending = store
        .undelivered(now, &Berlin, now.date_naive())
        .expect("pending");
    let plan = plan_delivery(
        &pending,
        &ReminderSettings::default(),
        local("2026-12-01 11:00"),
    );
    assert_eq!(plan.notices.len(), 1, "{plan:?}");
    assert_eq!(plan.notices[0].target, Target::Issue { id: issue });
    assert_eq!(plan.notices[0].target.route(), format!("#/issues/{issue}"));
}

#[test]
fn the_scheduler_wakes_at_the_next_reminder_and_at_least_every_minute() {
    let now = utc("2026-12-01T08:00:00Z");
    assert_eq!(
        next_wake(now, ["2026-12-01T08:00:20Z", "2026-12-01T07:59:00Z"]),
        utc("2026-12-01T08:00:20Z")
    );
    assert_eq!(
        next_wake(now, ["2026-12-01T09:00:00Z"]),
        utc("2026-12-01T08:01:00Z")
    );
    assert_eq!(next_wake(now, []), utc("2026-12-01T08:01:00Z"));
}

#[test]
fn a_sleep_or_a_clock_change_is_a_jump_and_normal_drift_is_not() {
    let before = utc("2026-12-01T08:00:00Z");
    let minute = std::time::Duration::from_secs(60);
    assert!(!clock_jumped(before, utc("2026-12-01T08:01:02Z"), minute));
    // The lid was closed for an hour: the monotonic clock saw a minute.
    assert!(clock_jumped(before, utc("2026-12-01T09:01:00Z"), minute));
    // The clock was set back.
    assert!(clock_jumped(before, utc("2026-12-01T07:30:00Z"), minute));
}

#[test]
fn bad_quiet_hours_are_refused_by_field_and_nothing_changes() {
    let (_dir, mut store) = temp_store();
    let err = store
        .set_reminder_settings(&ReminderSettings {
            birthday_lead_days: 5,
            quiet_from: Some("25:00".into()),
            quiet_until: Some("07:00".into()),
            ..ReminderSettings::default()
        })
        .expect_err("refused");
    assert!(err.to_string().contains("quiet_from"), "{err}");
    assert_eq!(
        store.reminder_settings().expect("read"),
        ReminderSettings::default()
    );
    store
        .set_reminder_settings(&ReminderSettings {
            muted_kinds: vec![ReminderKind::Renewal, ReminderKind::Birthday],
            quiet_from: Some("22:00".into()),
            quiet_until: Some("07:00".into()),
            ..ReminderSettings::default()
        })
        .expect("saved");
    let s = store.reminder_settings().expect("read");
    assert_eq!(
        s.muted_kinds,
        vec![ReminderKind::Birthday, ReminderKind::Renewal]
    );
    assert_eq!(s.quiet_from.as_deref(), Some("22:00"));
    assert_eq!(s.quiet_until.as_deref(), Some("07:00"));
}
