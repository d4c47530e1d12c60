//! "Stay in touch" per contact and per tag, and the green / amber / red staleness badge, on fixed
//! dates against a real store.

mod common;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use common::{person, temp_store};
use rapport::contacts::ContactInput;
use rapport::interactions::{InteractionChannel, InteractionInput};
use rapport::reminders::{staleness_level, FollowUpInput, StalenessLevel, TagCadence};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

#[test]
fn staleness_levels_by_days_since_the_last_interaction() {
    use StalenessLevel::*;
    let cases = [
        (Some(0), 30, Green),
        (Some(22), 30, Green),
        (Some(23), 30, Amber),
        (Some(29), 30, Amber),
        (Some(30), 30, Red),
        (Some(400), 30, Red),
        (None, 30, Red),
        (Some(0), 1, Green),
        (Some(1), 1, Red),
    ];
    for (days, cadence, level) in cases {
        assert_eq!(
            staleness_level(days, cadence),
            level,
            "{days:?} of {cadence}"
        );
    }
}

fn log(store: &mut rapport::Store, contact: i64, at: &str) {
    store
        .add_interaction(&InteractionInput {
            contact_id: contact,
            channel: InteractionChannel::Call,
            summary: "Talked".into(),
            occurred_at: Some(utc(at)),
            tone: Default::default(),
            team_member_id: None,
            issue_id: None,
        })
        .expect("interaction");
}

#[test]
fn a_tag_cadence_applies_to_its_contacts_and_the_contacts_own_one_wins() {
    let (_dir, mut store) = temp_store();
    let ada = store
        .add_contact(&ContactInput {
            tags: vec!["VIP".into(), "Wholesale".into()],
            ..person("Ada")
        })
        .expect("contact");
    let bob = store.add_contact(&person("Bob")).expect("contact");
    store.set_tag_cadence("vip", Some(14)).expect("cadence");
    store
        .set_tag_cadence("Wholesale", Some(60))
        .expect("cadence");
    assert_eq!(
        store.tag_cadences().expect("list"),
        vec![
            TagCadence {
                tag: "vip".into(),
                days: 14
            },
            TagCadence {
                tag: "Wholesale".into(),
                days: 60
            },
        ]
    );
    log(&mut store, ada, "2026-11-20T10:00:00+01:00");
    let now = utc("2026-12-01T12:00:00Z");
    let s = store
        .contact_staleness(ada, now, &Berlin)
        .expect("staleness")
        .expect("has a cadence");
    assert_eq!((s.cadence_days, s.source.as_str()), (14, "vip"));
    assert_eq!(s.days_since, Some(11));
    assert_eq!(s.level, StalenessLevel::Amber);
    // No tag with a cadence: no badge.
    assert_eq!(
        store
            .contact_staleness(bob, now, &Berlin)
            .expect("staleness"),
        None
    );
    // Her own stay-in-touch follow-up wins over the tags.
    store
        .add_follow_up(&FollowUpInput {
            contact_id: ada,
            due_date: "2026-12-01".into(),
            stay_in_touch_days: Some(45),
            ..Default::default()
        })
        .expect("follow-up");
    let s = store
        .contact_staleness(ada, now, &Berlin)
        .expect("staleness")
        .expect("has a cadence");
    assert_eq!(
        (s.cadence_days, s.source.as_str(), s.level),
        (45, "contact", StalenessLevel::Green)
    );
    // Removing the tag cadences leaves the contact's own.
    store.set_tag_cadence("VIP", None).expect("removed");
    assert_eq!(store.tag_cadences().expect("list").len(), 1);
}

#[test]
fn bad_cadences_are_refused_by_field() {
    let (_dir, mut store) = temp_store();
    let e = store.set_tag_cadence("vip", Some(0)).expect_err("zero");
    assert!(e.to_string().contains("days"), "{e}");
    let e = store.set_tag_cadence("  ", Some(10)).expect_err("no tag");
    assert!(e.to_string().contains("tag"), "{e}");
    assert!(store.tag_cadences().expect("list").is_empty());
}
