//! Reminders on fixed dates: birthdays (29 February in leap and common years, the year-end wrap,
//! lead days), month-end recurrences, "stay in touch" restarting after an interaction, local times
//! across DST changes in Europe/Berlin and America/New_York, snooze, skip, done, at-most-once
//! delivery and the catch-up after a week with the app closed.

mod common;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use common::{person, temp_store};
use rapport::contacts::ContactInput;
use rapport::interactions::{InteractionChannel, InteractionInput};
use rapport::issues::IssueInput;
use rapport::reminders::rules::{
    local_instant, month_day_ranges, next_occurrence_after, occurrence, parse_days, parse_every,
    parse_snooze,
};
use rapport::reminders::{
    notify_style, FollowUpInput, NotifyStyle, Reminder, ReminderKind, ReminderSettings,
    ReminderWindow, Repeat, RepeatUnit,
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

fn window(from: &str, days: u32) -> ReminderWindow {
    ReminderWindow::days(date(from), days)
}

fn with_birthday(store: &mut Store, name: &str, birthday: &str) -> i64 {
    store
        .add_contact(&ContactInput {
            birthday: Some(birthday.to_string()),
            ..person(name)
        })
        .expect("contact")
}

fn follow_up(contact: i64, due: &str) -> FollowUpInput {
    FollowUpInput {
        contact_id: contact,
        due_date: due.to_string(),
        ..Default::default()
    }
}

fn of_kind(items: &[Reminder], kind: ReminderKind) -> Vec<&Reminder> {
    items.iter().filter(|r| r.kind == kind).collect()
}

fn every(n: u32, unit: RepeatUnit) -> Repeat {
    Repeat { every: n, unit }
}

#[test]
fn monthly_series_are_counted_from_the_first_date_with_explicit_month_ends() {
    use RepeatUnit::*;
    // (first date, repeat, occurrence number, expected date)
    let cases: &[(&str, Repeat, u32, &str)] = &[
        ("2026-01-31", every(1, Month), 0, "2026-01-31"),
        ("2026-01-31", every(1, Month), 1, "2026-02-28"),
        ("2026-01-31", every(1, Month), 2, "2026-03-31"),
        ("2026-01-31", every(1, Month), 3, "2026-04-30"),
        ("2028-01-31", every(1, Month), 1, "2028-02-29"),
        ("2026-01-30", every(1, Month), 1, "2026-02-28"),
        ("2026-01-30", every(1, Month), 2, "2026-03-30"),
        ("2026-01-29", every(1, Month), 1, "2026-02-28"),
        ("2026-08-31", every(6, Month), 1, "2027-02-28"),
        ("2026-08-31", every(6, Month), 2, "2027-08-31"),
        ("2026-11-30", every(3, Month), 1, "2027-02-28"),
        ("2026-12-28", every(2, Week), 1, "2027-01-11"),
        ("2026-12-25", every(10, Day), 1, "2027-01-04"),
        ("2024-02-29", every(12, Month), 1, "2025-02-28"),
        ("2024-02-29", every(12, Month), 4, "2028-02-29"),
    ];
    for (anchor, repeat, n, expected) in cases {
        assert_eq!(
            occurrence(date(anchor), *repeat, *n),
            date(expected),
            "{anchor} {repeat:?} #{n}"
        );
    }
    // The next occurrence after a date skips what was missed.
    let n = next_occurrence_after(date("2026-01-31"), every(1, Month), 0, date("2026-05-15"));
    assert_eq!(
        occurrence(date("2026-01-31"), every(1, Month), n),
        date("2026-05-31")
    );
    let n = next_occurrence_after(date("2020-01-01"), every(1, Day), 0, date("2026-11-24"));
    assert_eq!(
        occurrence(date("2020-01-01"), every(1, Day), n),
        date("2026-11-25")
    );
}

#[test]
fn periods_parse_and_name_their_field() {
    assert_eq!(
        parse_every("every", "2w").expect("2w"),
        every(2, RepeatUnit::Week)
    );
    assert_eq!(
        parse_every("every", "30d").expect("30d"),
        every(30, RepeatUnit::Day)
    );
    assert_eq!(
        parse_every("every", "1m").expect("1m"),
        every(1, RepeatUnit::Month)
    );
    assert_eq!(
        parse_every("every", "3 months").expect("3 months"),
        every(3, RepeatUnit::Month)
    );
    assert_eq!(parse_days("stay_in_touch", "30d").expect("30d"), 30);
    assert_eq!(parse_days("stay_in_touch", "6w").expect("6w"), 42);
    assert_eq!(parse_days("stay_in_touch", "45").expect("45"), 45);
    for bad in ["", "0d", "2x", "w", "-1d"] {
        assert_eq!(parse_every("every", bad).expect_err(bad).field, "every");
    }
    assert_eq!(
        parse_days("stay_in_touch", "1m").expect_err("months").field,
        "stay_in_touch"
    );
    let today = date("2026-11-24");
    assert_eq!(
        parse_snooze("until", "1d", today).expect("1d"),
        date("2026-11-25")
    );
    assert_eq!(
        parse_snooze("until", "1 week", today).expect("1w"),
        date("2026-12-01")
    );
    assert_eq!(
        parse_snooze("until", "2026-12-24", today).expect("date"),
        date("2026-12-24")
    );
    assert_eq!(
        parse_snooze("until", "2026-11-24", today)
            .expect_err("today")
            .field,
        "until"
    );
    assert_eq!(
        parse_snooze("until", "someday", today)
            .expect_err("text")
            .field,
        "until"
    );
}

#[test]
fn month_day_ranges_cover_the_window_and_29_february_in_common_years() {
    assert_eq!(
        month_day_ranges(date("2026-11-24"), date("2026-12-24")),
        vec![(11, 24, 30), (12, 1, 24)]
    );
    assert_eq!(
        month_day_ranges(date("2026-12-30"), date("2027-01-02")),
        vec![(12, 30, 31), (1, 1, 2)]
    );
    assert_eq!(
        month_day_ranges(date("2027-02-20"), date("2027-02-28")),
        vec![(2, 20, 29)]
    );
    assert_eq!(
        month_day_ranges(date("2028-02-20"), date("2028-02-28")),
        vec![(2, 20, 28)]
    );
}

#[test]
fn birthdays_fall_on_the_right_day_with_the_age_when_the_year_is_known() {
    let (_dir, mut store) = temp_store();
    let leap = with_birthday(&mut store, "Leap Lena", "1980-02-29");
    let new_year = with_birthday(&mut store, "New Year Ned", "--01-01");
    let eve = with_birthday(&mut store, "Eve", "1990-12-31");
    let now = utc("2026-11-24T09:30:00Z");
    // (window start, days, contact, expected date, expected age)
    type Case<'a> = (&'a str, u32, i64, Option<&'a str>, Option<i32>);
    let cases: &[Case] = &[
        // 29 February in a common year falls on 28 February …
        ("2027-02-27", 3, leap, Some("2027-02-28"), Some(47)),
        ("2027-02-28", 0, leap, Some("2027-02-28"), Some(47)),
        ("2027-03-01", 0, leap, None, None),
        // … and on 29 February in a leap year (not also on the 28th).
        ("2028-02-27", 3, leap, Some("2028-02-29"), Some(48)),
        ("2028-02-28", 0, leap, None, None),
        // Year-end wrap: a 1 January birthday seen on 30 December.
        ("2026-12-30", 3, new_year, Some("2027-01-01"), None),
        ("2026-12-30", 1, new_year, None, None),
        ("2026-12-31", 0, eve, Some("2026-12-31"), Some(36)),
    ];
    for (from, days, contact, expected, age) in cases {
        let due = store
            .reminders_due(now, &Berlin, window(from, *days))
            .expect("due");
        let found: Vec<&Reminder> = of_kind(&due, ReminderKind::Birthday)
            .into_iter()
            .filter(|r| r.contact_id == *contact)
            .collect();
        match expected {
            Some(d) => {
                assert_eq!(found.len(), 1, "{from}+{days} for {contact}: {found:?}");
                assert_eq!(found[0].date, date(d), "{from}+{days}");
                assert_eq!(found[0].age, *age, "{from}+{days}");
                assert_eq!(found[0].key, format!("birthday:{contact}:{d}"));
            }
            None => assert!(found.is_empty(), "{from}+{days} for {contact}: {found:?}"),
        }
    }
    let due = store
        .reminders_due(now, &Berlin, window("2027-02-28", 0))
        .expect("due");
    assert!(
        due[0]
            .why
            .contains("29 February falls on 28 February in 2027"),
        "{}",
        due[0].why
    );
    assert_eq!(due[0].title, "Leap Lena turns 47 today");
}

#[test]
fn a_birthday_lead_time_adds_a_reminder_days_before() {
    let (_dir, mut store) = temp_store();
    let ada = with_birthday(&mut store, "Ada", "1985-12-05");
    let leap = with_birthday(&mut store, "Leap Lena", "--02-29");
    store
        .set_reminder_settings(&ReminderSettings {
            birthday_lead_days: 3,
            ..ReminderSettings::default()
        })
        .expect("settings");
    let now = utc("2026-11-24T09:30:00Z");
    let due = store
        .reminders_due(now, &Berlin, window("2026-12-02", 0))
        .expect("due");
    assert_eq!(due.len(), 1, "{due:?}");
    let r = &due[0];
    assert_eq!(
        (r.contact_id, r.date, r.event_date, r.days_before),
        (ada, date("2026-12-02"), date("2026-12-05"), 3)
    );
    assert_eq!(r.key, format!("birthday:{ada}:2026-12-05:3d-before"));
    assert!(r.title.contains("in 3 days"), "{}", r.title);
    // Both the early reminder and the day itself in a window holding both.
    let due = store
        .reminders_due(now, &Berlin, window("2026-12-01", 7))
        .expect("due");
    assert_eq!(due.iter().filter(|r| r.contact_id == ada).count(), 2);
    // 3 days before 28 February 2027 (a 29 February birthday in a common year).
    let due = store
        .reminders_due(now, &Berlin, window("2027-02-25", 0))
        .expect("due");
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        (due[0].contact_id, due[0].event_date),
        (leap, date("2027-02-28"))
    );
    // Lead times are bounded and the error names the field.
    let err = store
        .set_reminder_settings(&ReminderSettings {
            birthday_lead_days: 400,
            ..ReminderSettings::default()
        })
        .expect_err("too long");
    assert_eq!(err.field(), Some("birthday_lead_days"));
    assert_eq!(
        store
            .reminder_settings()
            .expect("settings")
            .birthday_lead_days,
        3
    );
}

#[test]
fn deleted_and_do_not_contact_contacts_get_no_birthday_reminders() {
    let (_dir, mut store) = temp_store();
    let gone = with_birthday(&mut store, "Gone", "--12-01");
    store
        .add_contact(&ContactInput {
            birthday: Some("--12-01".into()),
            do_not_contact: true,
            ..person("Quiet")
        })
        .expect("contact");
    let kept = with_birthday(&mut store, "Kept", "--12-01");
    store.delete_contact(gone).expect("delete");
    let due = store
        .reminders_due(
            utc("2026-11-24T09:30:00Z"),
            &Berlin,
            window("2026-12-01", 0),
        )
        .expect("due");
    assert_eq!(
        due.iter().map(|r| r.contact_id).collect::<Vec<_>>(),
        vec![kept]
    );
}

#[test]
fn a_monthly_follow_up_from_31_january_lands_on_each_month_end() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let id = store
        .add_follow_up(&FollowUpInput {
            repeat: Some(every(1, RepeatUnit::Month)),
            ..follow_up(c, "2027-01-31")
        })
        .expect("follow-up");
    let due = store
        .reminders_due(
            utc("2026-11-24T09:30:00Z"),
            &Berlin,
            window("2027-01-01", 120),
        )
        .expect("due");
    let dates: Vec<NaiveDate> = due
        .iter()
        .filter(|r| r.follow_up_id == Some(id))
        .map(|r| r.date)
        .collect();
    assert_eq!(
        dates,
        vec![
            date("2027-01-31"),
            date("2027-02-28"),
            date("2027-03-31"),
            date("2027-04-30")
        ]
    );
    assert!(due.iter().all(|r| !r.overdue));
}

#[test]
fn stay_in_touch_restarts_from_the_last_logged_interaction() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let id = store
        .add_follow_up(&FollowUpInput {
            stay_in_touch_days: Some(30),
            ..follow_up(c, "2026-12-01")
        })
        .expect("follow-up");
    let now = utc("2026-11-24T09:30:00Z");
    let on = |store: &Store, day: &str| -> Vec<Reminder> {
        store
            .reminders_due(now, &Berlin, window(day, 0))
            .expect("due")
            .into_iter()
            .filter(|r| r.follow_up_id == Some(id))
            .collect()
    };
    assert_eq!(
        on(&store, "2026-12-01").len(),
        1,
        "due on the date set before any interaction"
    );
    // An old interaction does not bring it forward.
    let log = |store: &mut Store, at: &str| {
        store
            .add_interaction(&InteractionInput {
                contact_id: c,
                occurred_at: Some(utc(at)),
                channel: InteractionChannel::Call,
                summary: "Talked about the new oven".into(),
                tone: Default::default(),
                team_member_id: None,
                issue_id: None,
            })
            .expect("interaction")
    };
    log(&mut store, "2026-09-01T10:00:00Z");
    assert_eq!(on(&store, "2026-12-01").len(), 1);
    // A call late on 28 November (UTC) is 29 November in Berlin: 30 days from that local date.
    log(&mut store, "2026-11-28T23:30:00Z");
    assert!(on(&store, "2026-12-01").is_empty());
    assert!(on(&store, "2026-12-28").is_empty());
    let r = on(&store, "2026-12-29");
    assert_eq!(r.len(), 1);
    assert!(
        r[0].why.contains("last interaction 29 November 2026"),
        "{}",
        r[0].why
    );
    assert_eq!(
        store.follow_up(id, &Berlin).expect("f").next,
        Some(date("2026-12-29"))
    );
    // Done restarts the count from the day it is done.
    let f = store
        .complete_follow_up(id, utc("2026-12-30T10:00:00Z"), &Berlin)
        .expect("done");
    assert_eq!(f.next, Some(date("2027-01-29")));
    assert!(f.done_at.is_none(), "stay in touch never finishes");
}

#[test]
fn a_follow_up_at_nine_stays_at_nine_local_across_dst_changes() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let now = utc("2026-01-01T09:00:00Z");
    let weekly = |store: &mut Store, first: &str, time: &str| {
        store
            .add_follow_up(&FollowUpInput {
                contact_id: c,
                due_date: first.into(),
                due_time: Some(time.into()),
                repeat: Some(every(1, RepeatUnit::Week)),
                ..Default::default()
            })
            .expect("follow-up")
    };
    let ats = |store: &Store, id: i64, tz: &chrono_tz::Tz, from: &str| -> Vec<String> {
        store
            .reminders_due(now, tz, window(from, 13))
            .expect("due")
            .into_iter()
            .filter(|r| r.follow_up_id == Some(id))
            .map(|r| r.at)
            .collect()
    };
    // Berlin leaves summer time on 25 October 2026 and starts it on 29 March 2026.
    let berlin_autumn = weekly(&mut store, "2026-10-19", "09:00");
    assert_eq!(
        ats(&store, berlin_autumn, &Berlin, "2026-10-19"),
        vec!["2026-10-19T07:00:00Z", "2026-10-26T08:00:00Z"]
    );
    let berlin_spring = weekly(&mut store, "2026-03-23", "09:00");
    assert_eq!(
        ats(&store, berlin_spring, &Berlin, "2026-03-23"),
        vec!["2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"]
    );
    // New York leaves daylight time on 1 November 2026 and starts it on 8 March 2026.
    let ny_autumn = weekly(&mut store, "2026-10-25", "09:00");
    assert_eq!(
        ats(&store, ny_autumn, &New_York, "2026-10-25"),
        vec!["2026-10-25T13:00:00Z", "2026-11-01T14:00:00Z"]
    );
    let ny_spring = weekly(&mut store, "2026-03-01", "09:00");
    assert_eq!(
        ats(&store, ny_spring, &New_York, "2026-03-01"),
        vec!["2026-03-01T14:00:00Z", "2026-03-08T13:00:00Z"]
    );
    for r in store
        .reminders_due(now, &Berlin, window("2026-10-19", 13))
        .expect("due")
    {
        if r.follow_up_id == Some(berlin_autumn) {
            assert_eq!(
                r.time.as_deref(),
                Some("09:00"),
                "the wall-clock time is kept"
            );
        }
    }
}

#[test]
fn times_the_clocks_skip_move_forward_and_times_they_repeat_take_the_earlier() {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").expect("time");
    // (zone, date, local time, expected instant)
    let cases: &[(chrono_tz::Tz, &str, &str, &str)] = &[
        (Berlin, "2026-03-29", "02:30", "2026-03-29T01:00:00Z"), // skipped: 03:00 CEST
        (Berlin, "2026-03-29", "03:00", "2026-03-29T01:00:00Z"),
        (Berlin, "2026-10-25", "02:30", "2026-10-25T00:30:00Z"), // repeated: the CEST one
        (Berlin, "2026-10-25", "03:30", "2026-10-25T02:30:00Z"),
        (New_York, "2026-03-08", "02:30", "2026-03-08T07:00:00Z"), // skipped: 03:00 EDT
        (New_York, "2026-11-01", "01:30", "2026-11-01T05:30:00Z"), // repeated: the EDT one
    ];
    for (tz, d, time, expected) in cases {
        assert_eq!(
            local_instant(tz, date(d), t(time)),
            utc(expected),
            "{tz} {d} {time}"
        );
    }
    // Through the store too: a follow-up at 02:30 on the night Berlin skips it.
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: c,
            due_date: "2026-03-29".into(),
            due_time: Some("02:30".into()),
            ..Default::default()
        })
        .expect("follow-up");
    let due = store
        .reminders_due(
            utc("2026-03-01T00:00:00Z"),
            &Berlin,
            window("2026-03-29", 0),
        )
        .expect("due");
    assert_eq!(due[0].at, "2026-03-29T01:00:00Z");
    assert_eq!(due[0].time.as_deref(), Some("02:30"));
}

#[test]
fn snooze_moves_the_pending_occurrence_later_and_keys_it_anew() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let id = store
        .add_follow_up(&follow_up(c, "2026-11-24"))
        .expect("follow-up");
    let now = utc("2026-11-24T10:00:00Z");
    let f = store
        .snooze_follow_up(id, "1w", now, &Berlin)
        .expect("snooze");
    assert_eq!(f.snoozed_until, Some(date("2026-12-01")));
    assert_eq!(f.next, Some(date("2026-12-01")));
    assert!(store
        .reminders_due(now, &Berlin, window("2026-11-24", 6))
        .expect("due")
        .is_empty());
    let due = store
        .reminders_due(now, &Berlin, window("2026-12-01", 0))
        .expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].key,
        format!("follow_up:{id}:2026-11-24:snoozed:2026-12-01")
    );
    assert!(
        due[0].why.contains("snoozed from 24 November 2026"),
        "{}",
        due[0].why
    );
    // "1 day" and a date work too; a date not after today is refused, naming the field.
    let f = store
        .snooze_follow_up(id, "1 day", now, &Berlin)
        .expect("snooze");
    assert_eq!(f.next, Some(date("2026-11-25")));
    let err = store
        .snooze_follow_up(id, "2026-11-20", now, &Berlin)
        .expect_err("past");
    assert_eq!(err.field(), Some("until"));
    assert_eq!(
        store.follow_up(id, &Berlin).expect("f").next,
        Some(date("2026-11-25"))
    );
    // Done finishes a one-off; snoozing it afterwards is refused.
    let f = store.complete_follow_up(id, now, &Berlin).expect("done");
    assert!(f.done_at.is_some() && f.next.is_none());
    assert!(store
        .reminders_due(now, &Berlin, window("2026-11-20", 30))
        .expect("due")
        .is_empty());
    let err = store
        .snooze_follow_up(id, "1w", now, &Berlin)
        .expect_err("done");
    assert_eq!(err.field(), Some("id"));
}

#[test]
fn skip_and_done_move_a_series_to_its_next_occurrence() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let weekly = store
        .add_follow_up(&FollowUpInput {
            repeat: Some(every(1, RepeatUnit::Week)),
            ..follow_up(c, "2026-11-30")
        })
        .expect("weekly");
    let now = utc("2026-11-24T10:00:00Z");
    // Skipping the upcoming Monday: the next is a week later, and it is not "done".
    let f = store.skip_follow_up(weekly, now, &Berlin).expect("skip");
    assert_eq!(f.next, Some(date("2026-12-07")));
    let due = store
        .reminders_due(now, &Berlin, window("2026-11-24", 20))
        .expect("due");
    let dates: Vec<NaiveDate> = due.iter().map(|r| r.date).collect();
    assert_eq!(dates, vec![date("2026-12-07"), date("2026-12-14")]);
    // Done three weeks late: the missed Mondays are not made up.
    let late = store
        .add_follow_up(&FollowUpInput {
            repeat: Some(every(1, RepeatUnit::Week)),
            ..follow_up(c, "2026-11-02")
        })
        .expect("late");
    let due = store
        .reminders_due(now, &Berlin, window("2026-11-24", 0))
        .expect("due");
    assert!(due
        .iter()
        .any(|r| r.follow_up_id == Some(late) && r.overdue && r.date == date("2026-11-02")));
    let f = store.complete_follow_up(late, now, &Berlin).expect("done");
    assert_eq!(f.next, Some(date("2026-11-30")));
    assert!(f.done_at.is_none(), "a series goes on");
    // A one-off has nothing to skip to.
    let once = store
        .add_follow_up(&follow_up(c, "2026-12-01"))
        .expect("once");
    let err = store
        .skip_follow_up(once, now, &Berlin)
        .expect_err("one-off");
    assert_eq!(err.field(), Some("id"));
    assert_eq!(
        store.follow_up(once, &Berlin).expect("f").next,
        Some(date("2026-12-01"))
    );
}

#[test]
fn follow_up_input_errors_name_their_field_and_write_nothing() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let other = store.add_contact(&person("Other Customer")).expect("other");
    let issue = store
        .add_issue(&IssueInput {
            customer_id: other,
            title: "Late delivery".into(),
            ..Default::default()
        })
        .expect("issue");
    let base = FollowUpInput {
        contact_id: c,
        due_date: "2026-12-01".into(),
        ..Default::default()
    };
    let cases: Vec<(FollowUpInput, &str)> = vec![
        (
            FollowUpInput {
                due_date: "2026-02-30".into(),
                ..base.clone()
            },
            "due",
        ),
        (
            FollowUpInput {
                due_time: Some("25:00".into()),
                ..base.clone()
            },
            "time",
        ),
        (
            FollowUpInput {
                repeat: Some(every(0, RepeatUnit::Day)),
                ..base.clone()
            },
            "every",
        ),
        (
            FollowUpInput {
                repeat: Some(every(1, RepeatUnit::Week)),
                stay_in_touch_days: Some(30),
                ..base.clone()
            },
            "stay_in_touch",
        ),
        (
            FollowUpInput {
                contact_id: 999,
                ..base.clone()
            },
            "contact",
        ),
        (
            FollowUpInput {
                issue_id: Some(issue),
                ..base.clone()
            },
            "issue",
        ),
        (
            FollowUpInput {
                issue_id: Some(12345),
                ..base.clone()
            },
            "issue",
        ),
    ];
    for (input, field) in cases {
        let err = store.add_follow_up(&input).expect_err(field);
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(store
        .list_follow_ups(&Default::default(), &Berlin)
        .expect("list")
        .is_empty());
    let err = store
        .reminders_due(
            utc("2026-11-24T10:00:00Z"),
            &Berlin,
            window("2026-01-01", 800),
        )
        .expect_err("window");
    assert_eq!(err.field(), Some("within"));
}

#[test]
fn renewals_anniversaries_and_issue_due_dates_are_reminders_too() {
    let (_dir, mut store) = temp_store();
    let c = store
        .add_contact(&ContactInput {
            renewal_date: Some("2026-12-10".into()),
            customer_since: Some("2020-02-29".into()),
            ..person("Corner Bakery")
        })
        .expect("contact");
    let owner = store.add_team_member("Priya", None).expect("team");
    let issue = store
        .add_issue(&IssueInput {
            customer_id: c,
            title: "Oven door does not seal".into(),
            owner_id: Some(owner),
            due: Some("2026-12-03".into()),
            ..Default::default()
        })
        .expect("issue");
    let now = utc("2026-11-24T10:00:00Z");
    let due = store
        .reminders_due(now, &Berlin, window("2026-12-01", 10))
        .expect("due");
    let renewal = of_kind(&due, ReminderKind::Renewal);
    assert_eq!(renewal.len(), 1);
    assert_eq!(renewal[0].date, date("2026-12-10"));
    let issue_due = of_kind(&due, ReminderKind::IssueDue);
    assert_eq!(issue_due.len(), 1);
    assert_eq!(
        (
            issue_due[0].date,
            issue_due[0].issue_id,
            issue_due[0].team_member_id,
            issue_due[0].contact_id
        ),
        (date("2026-12-03"), Some(issue), Some(owner), c)
    );
    assert!(
        issue_due[0].why.contains("owner Priya"),
        "{}",
        issue_due[0].why
    );
    // Anniversaries are off by default; on, 29 February falls on 28 February in 2027.
    assert!(of_kind(&due, ReminderKind::CustomerAnniversary).is_empty());
    store
        .set_reminder_settings(&ReminderSettings {
            customer_anniversaries: true,
            renewal_lead_days: 14,
            ..ReminderSettings::default()
        })
        .expect("settings");
    let due = store
        .reminders_due(now, &Berlin, window("2027-02-28", 0))
        .expect("due");
    let a = of_kind(&due, ReminderKind::CustomerAnniversary);
    assert_eq!(a.len(), 1, "{due:?}");
    assert_eq!(a[0].age, Some(7));
    let due = store
        .reminders_due(now, &Berlin, window("2026-11-26", 0))
        .expect("due");
    let early = of_kind(&due, ReminderKind::Renewal);
    assert_eq!((early.len(), early[0].days_before), (1, 14));
    // Turning issue due dates off hides them.
    store
        .set_reminder_settings(&ReminderSettings {
            issue_due_dates: false,
            ..ReminderSettings::default()
        })
        .expect("settings");
    let due = store
        .reminders_due(now, &Berlin, window("2026-12-01", 10))
        .expect("due");
    assert!(of_kind(&due, ReminderKind::IssueDue).is_empty());
}

#[test]
fn summary_or_individual_notifications_depend_on_how_many_are_pending() {
    let cases = [
        (0, NotifyStyle::Nothing),
        (1, NotifyStyle::Individual),
        (3, NotifyStyle::Individual),
        (4, NotifyStyle::Summary),
        (40, NotifyStyle::Summary),
    ];
    for (n, style) in cases {
        assert_eq!(notify_style(n), style, "{n} pending");
    }
}

#[test]
fn each_reminder_occurrence_is_delivered_at_most_once() {
    let (_dir, mut store) = temp_store();
    let ada = with_birthday(&mut store, "Ada", "--11-24");
    let now = utc("2026-11-24T10:00:00Z"); // 11:00 in Berlin, after the 09:00 notification time
    let pending = store
        .undelivered(now, &Berlin, date("2026-11-24"))
        .expect("undelivered");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].key, format!("birthday:{ada}:2026-11-24"));
    assert!(!store.was_delivered(&pending[0].key).expect("was"));
    let keys: Vec<String> = pending.iter().map(|r| r.key.clone()).collect();
    assert_eq!(store.mark_delivered(&keys, now).expect("mark"), 1);
    assert_eq!(store.mark_delivered(&keys, now).expect("mark again"), 0);
    assert!(store.was_delivered(&keys[0]).expect("was"));
    assert!(store
        .undelivered(now, &Berlin, date("2026-11-24"))
        .expect("again")
        .is_empty());
    // Before the notification time nothing is due yet.
    let early = utc("2026-11-24T07:00:00Z");
    let (_dir2, mut other) = temp_store();
    with_birthday(&mut other, "Ada", "--11-24");
    assert!(other
        .undelivered(early, &Berlin, date("2026-11-24"))
        .expect("early")
        .is_empty());
}

#[test]
fn a_week_closed_is_caught_up_on_next_start_in_one_summary() {
    let (_dir, mut store) = temp_store();
    for (name, birthday) in [
        ("Ana", "--11-17"),
        ("Ben", "--11-19"),
        ("Cai", "--11-22"),
        ("Dee", "--11-24"),
    ] {
        with_birthday(&mut store, name, birthday);
    }
    let c = store
        .add_contact(&person("Corner Bakery"))
        .expect("contact");
    let daily = store
        .add_follow_up(&FollowUpInput {
            repeat: Some(every(1, RepeatUnit::Day)),
            due_time: Some("08:00".into()),
            ..follow_up(c, "2026-11-17")
        })
        .expect("daily");
    let evening = store
        .add_follow_up(&FollowUpInput {
            due_time: Some("18:00".into()),
            ..follow_up(c, "2026-11-24")
        })
        .expect("evening");
    // Last run on 17 November at 07:00 Berlin, before anything was due; next start a week later.
    let last_run = date("2026-11-17");
    let now = utc("2026-11-24T10:00:00Z");
    let pending = store
        .undelivered(now, &Berlin, last_run)
        .expect("undelivered");
    let birthdays = of_kind(&pending, ReminderKind::Birthday);
    assert_eq!(birthdays.len(), 4, "{pending:?}");
    let follow_ups: Vec<&Reminder> = pending
        .iter()
        .filter(|r| r.follow_up_id == Some(daily))
        .collect();
    // The missed daily occurrence (overdue since the 17th) and today's; nothing from the days
    // between, and not the 18:00 one whose time has not come.
    assert_eq!(
        follow_ups
            .iter()
            .map(|r| (r.date, r.overdue))
            .collect::<Vec<_>>(),
        vec![(date("2026-11-17"), true), (date("2026-11-24"), false)]
    );
    assert!(pending.iter().all(|r| r.follow_up_id != Some(evening)));
    assert_eq!(notify_style(pending.len()), NotifyStyle::Summary);
    let keys: Vec<String> = pending.iter().map(|r| r.key.clone()).collect();
    store.mark_delivered(&keys, now).expect("mark");
    // The evening one comes on its own later; what was delivered does not come back.
    let later = utc("2026-11-24T17:05:00Z");
    let pending = store.undelivered(later, &Berlin, last_run).expect("later");
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].follow_up_id, Some(evening));
    assert_eq!(notify_style(pending.len()), NotifyStyle::Individual);
}

#[test]
fn a_new_data_file_has_a_calendar_id_and_default_settings() {
    let (_dir, store) = temp_store();
    let s = store.reminder_settings().expect("settings");
    assert_eq!(s, ReminderSettings::default());
    let (ics, _) = store
        .calendar_ics(utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    let _ = Utc.timestamp_opt(0, 0);
}
