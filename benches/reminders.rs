//! Reminders at scale: 100,000 contacts (about two in three with a birthday) and 50,000
//! follow-ups. Target (issue "Reminders that behave like a calendar"): `reminders due` for a 30-day
//! window under 20 ms (median).
//!
//! Run: `cargo bench --bench reminders`.

use criterion::{criterion_group, criterion_main, Criterion};
use rapport::reminders::{ReminderSettings, ReminderWindow};
use rapport::Store;

fn reminders(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("store");
    store
        .add_contacts(&rapport::dev::sample_contacts(100_000, 5))
        .expect("contacts");
    rapport::dev::seed_follow_ups(&mut store, 50_000, 100_000, 5).expect("follow-ups");
    let now = store.now();
    let tz = chrono_tz::Europe::Berlin;
    let today = now.with_timezone(&tz).date_naive();

    let mut group = c.benchmark_group("reminders_100k_contacts_50k_follow_ups");
    group.sample_size(30);
    group.bench_function("due_30_days", |b| {
        b.iter(|| {
            store
                .reminders_due(now, &tz, ReminderWindow::days(today, 30))
                .expect("due")
        })
    });
    group.bench_function("due_today", |b| {
        b.iter(|| {
            store
                .reminders_due(now, &tz, ReminderWindow::days(today, 0))
                .expect("due")
        })
    });
    group.bench_function("undelivered_catch_up_7_days", |b| {
        b.iter(|| {
            store
                .undelivered(now, &tz, today - chrono::Duration::days(7))
                .expect("undelivered")
        })
    });
    store
        .set_reminder_settings(&ReminderSettings {
            birthday_lead_days: 7,
            ..ReminderSettings::default()
        })
        .expect("settings");
    group.bench_function("due_30_days_birthday_lead_7", |b| {
        b.iter(|| {
            store
                .reminders_due(now, &tz, ReminderWindow::days(today, 30))
                .expect("due")
        })
    });
    group.finish();
    let n = store
        .reminders_due(now, &tz, ReminderWindow::days(today, 30))
        .expect("due")
        .len();
    eprintln!("reminders in the 30-day window: {n}");
}

criterion_group!(benches, reminders);
criterion_main!(benches);
