//! Customer relationship profiles: the vulnerability table (each signal alone, combinations, the
//! owner's override, as-of dates), roll-up from a person to their organisation, gaps, kick-out
//! factors, kudos — on a real store with a clock the test moves.

mod common;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use common::{person, temp_store};
use rapport::interactions::{InteractionChannel, InteractionInput, Tone};
use rapport::issues::{AsOf, ClosedHow, IssueInput, IssueStatus, IssueUpdate};
use rapport::profiles::{weights, KickOutStatus, KudosInput, KudosSource, Level, NoteKind};
use rapport::reminders::FollowUpInput;
use rapport::Store;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

type Clock = Arc<Mutex<DateTime<Utc>>>;

fn store_at(start: &str) -> (tempfile::TempDir, Store, Clock) {
    let (dir, mut store) = temp_store();
    let clock = Arc::new(Mutex::new(utc(start)));
    let c = clock.clone();
    store.set_clock(Box::new(move || *c.lock().expect("clock")));
    (dir, store, clock)
}

fn set(clock: &Clock, t: &str) {
    *clock.lock().expect("clock") = utc(t);
}

fn as_of(t: &str) -> AsOf {
    AsOf::new(utc(t), &Utc)
}

fn customer(store: &mut Store, name: &str) -> i64 {
    store.add_contact(&person(name)).expect("contact")
}

fn issue(store: &mut Store, customer: i64, due: Option<&str>) -> i64 {
    store
        .add_issue(&IssueInput {
            customer_id: customer,
            title: "Oven door does not seal".into(),
            due: due.map(str::to_string),
            ..Default::default()
        })
        .expect("issue")
}

fn interaction(store: &mut Store, contact: i64, at: &str, tone: Tone) -> i64 {
    store
        .add_interaction(&InteractionInput {
            contact_id: contact,
            occurred_at: Some(utc(at)),
            channel: InteractionChannel::Call,
            summary: "Called about the order".into(),
            tone,
            team_member_id: None,
            issue_id: None,
        })
        .expect("interaction")
}

fn names(p: &rapport::profiles::Profile) -> Vec<&str> {
    p.signals.iter().map(|s| s.name).collect()
}

const NOW: &str = "2026-11-24T09:30:00Z";

#[test]
fn the_weights_table_is_as_documented() {
    let expected = [
        ("nps_detractor", 3),
        ("low_csat", 3),
        ("kick_out_present", 3),
        ("negative_interactions", 2),
        ("overdue_issues", 2),
        ("escalated_issues", 2),
        ("falling_happiness", 2),
        ("closed_unconfirmed", 1),
        ("kick_out_watching", 1),
        ("out_of_touch", 1),
        ("renewal_soon", 1),
    ];
    let got: Vec<(&str, u32)> = weights::ALL.iter().map(|k| (k.name, k.weight)).collect();
    assert_eq!(got, expected);
    for (total, level) in [
        (0, Level::None),
        (1, Level::None),
        (2, Level::Moderate),
        (3, Level::Moderate),
        (4, Level::Significant),
        (6, Level::Significant),
        (7, Level::Severe),
        (20, Level::Severe),
    ] {
        assert_eq!(weights::level_for(total), level, "total {total}");
    }
    assert_eq!(weights::resolve_within_days(Level::None), None);
    assert_eq!(weights::resolve_within_days(Level::Moderate), Some(90));
    assert_eq!(weights::resolve_within_days(Level::Significant), Some(30));
    assert_eq!(weights::resolve_within_days(Level::Severe), Some(7));
}

#[test]
fn a_customer_with_nothing_wrong_has_level_none_and_no_resolve_by() {
    let (_d, mut store, _c) = store_at(NOW);
    let id = customer(&mut store, "Quiet Customer");
    interaction(&mut store, id, "2026-11-20T10:00:00Z", Tone::Positive);
    let p = store.profile(id, &as_of(NOW)).expect("profile");
    assert_eq!(p.level, Level::None);
    assert_eq!(p.score, 0);
    assert!(p.signals.is_empty());
    assert_eq!(p.resolve_by, None);
    assert!(store.at_risk(&as_of(NOW)).expect("list").is_empty());
}

#[test]
fn negative_tone_counts_for_thirty_days() {
    let (_d, mut store, _c) = store_at(NOW);
    let id = customer(&mut store, "Grumpy");
    let inside = interaction(&mut store, id, "2026-11-14T10:00:00Z", Tone::Negative);
    interaction(&mut store, id, "2026-10-20T10:00:00Z", Tone::Negative); // 35 days ago
    let p = store.profile(id, &as_of(NOW)).expect("profile");
    assert_eq!(names(&p), ["negative_interactions"]);
    assert_eq!(p.signals[0].weight, 2);
    let ev: Vec<i64> = p.signals[0].evidence.iter().map(|e| e.id).collect();
    assert_eq!(ev, [inside]);
    assert_eq!(p.level, Level::Moderate);
    // Moderate: 90 days from when the trouble began (the call on 14 November).
    assert_eq!(p.resolve_by, Some(date("2027-02-12")));
    // As of a day more than 30 days after that call, it no longer counts.
    let later = store
        .profile(id, &as_of("2026-12-15T09:00:00Z"))
        .expect("later");
    assert!(later.signals.is_empty(), "{:?}", later.signals);
}

#[test]
fn overdue_and_escalated_issues_are_signals_but_waiting_on_the_customer_pauses_the_clock() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let late = customer(&mut store, "Late");
    let waiting = customer(&mut store, "Waiting");
    issue(&mut store, late, Some("2026-11-10"));
    let w = issue(&mut store, waiting, Some("2026-11-10"));
    store
        .update_issue(
            w,
            &IssueUpdate {
                status: Some(IssueStatus::WaitingOnCustomer),
                ..Default::default()
            },
        )
        .expect("wait");
    set(&clock, NOW);
    let p = store.profile(late, &as_of(NOW)).expect("late");
    assert_eq!(names(&p), ["overdue_issues"]);
    assert!(p.signals[0].evidence[0].text.contains("was due 2026-11-10"));
    assert_eq!(p.level, Level::Moderate);
    assert!(store
        .profile(waiting, &as_of(NOW))
        .expect("waiting")
        .signals
        .is_empty());
    // Before the due date, the same issue is no signal.
    let before = store
        .profile(late, &as_of("2026-11-09T09:00:00Z"))
        .expect("before");
    assert!(before.signals.is_empty());

    let team = store.add_team_member("Sam", None).expect("team");
    store
        .set_escalation_ladder(&[rapport::issues::EscalationLevel {
            level: 1,
            team_member_id: team,
            team_member: String::new(),
            rule: rapport::issues::EscalationRule::OverdueDays,
            threshold: 1,
        }])
        .expect("ladder");
    store
        .escalate_issue(w, 1, "customer phoned twice")
        .expect("escalate");
    let p = store.profile(waiting, &as_of(NOW)).expect("escalated");
    assert_eq!(names(&p), ["escalated_issues"]);
}

#[test]
fn an_issue_closed_unconfirmed_alone_is_shown_but_is_no_risk() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let id = customer(&mut store, "Unsure");
    let i = issue(&mut store, id, None);
    set(&clock, "2026-11-10T09:00:00Z");
    store
        .close_issue(i, ClosedHow::Unconfirmed, None, None)
        .expect("close");
    set(&clock, NOW);
    let p = store.profile(id, &as_of(NOW)).expect("profile");
    assert_eq!(names(&p), ["closed_unconfirmed"]);
    assert_eq!((p.score, p.level, p.resolve_by), (1, Level::None, None));
    // 90 days after closing it no longer counts.
    let later = store
        .profile(id, &as_of("2027-02-10T09:00:00Z"))
        .expect("later");
    assert!(later.signals.is_empty());
}

#[test]
fn kick_out_factors_present_watching_and_resolved() {
    let (_d, mut store, _c) = store_at(NOW);
    let id = customer(&mut store, "Picky");
    let k = store
        .add_kick_out_factor(
            id,
            "A competitor offered next-day service",
            KickOutStatus::Watching,
            Some(date("2026-12-15")),
        )
        .expect("kick-out");
    let p = store.profile(id, &as_of(NOW)).expect("watching");
    assert_eq!(names(&p), ["kick_out_watching"]);
    assert_eq!(p.level, Level::None);
    assert_eq!(p.kick_out_factors[0].review_on, Some(date("2026-12-15")));
    store
        .update_kick_out_factor(k, KickOutStatus::Present, None)
        .expect("present");
    let p = store.profile(id, &as_of(NOW)).expect("present");
    assert_eq!(names(&p), ["kick_out_present"]);
    assert_eq!(p.level, Level::Moderate);
    store
        .update_kick_out_factor(k, KickOutStatus::Resolved, None)
        .expect("resolved");
    let p = store.profile(id, &as_of(NOW)).expect("resolved");
    assert!(p.signals.is_empty());
    assert_eq!(
        p.kick_out_factors.len(),
        1,
        "a resolved factor is still listed"
    );
    let err = store
        .update_kick_out_factor(9999, KickOutStatus::Present, None)
        .expect_err("missing");
    assert_eq!(err.code(), "not_found");
}

#[test]
fn renewal_within_sixty_days_and_out_of_touch() {
    let (_d, mut store, clock) = store_at("2026-09-01T09:00:00Z");
    let mut input = person("Renewing");
    input.renewal_date = Some("2027-01-20".into()); // 57 days after 24 November
    let renewing = store.add_contact(&input).expect("contact");
    let mut far = person("Far off");
    far.renewal_date = Some("2027-01-24".into()); // 61 days
    let far = store.add_contact(&far).expect("contact");
    let distant = customer(&mut store, "Distant");
    interaction(&mut store, distant, "2026-10-01T10:00:00Z", Tone::Neutral);
    store
        .add_follow_up(&FollowUpInput {
            contact_id: distant,
            due_date: "2026-09-01".into(),
            stay_in_touch_days: Some(30),
            ..Default::default()
        })
        .expect("stay in touch");
    set(&clock, NOW);
    let p = store.profile(renewing, &as_of(NOW)).expect("renewing");
    assert_eq!(names(&p), ["renewal_soon"]);
    assert!(store
        .profile(far, &as_of(NOW))
        .expect("far")
        .signals
        .is_empty());
    let p = store.profile(distant, &as_of(NOW)).expect("distant");
    assert_eq!(names(&p), ["out_of_touch"]);
    assert!(p.signals[0].evidence[0].text.contains("2026-10-01"));
    // On 30 October the cadence was not yet broken.
    let early = store
        .profile(distant, &as_of("2026-10-30T09:00:00Z"))
        .expect("early");
    assert!(early.signals.is_empty());
}

#[test]
fn signals_add_up_to_severe_and_resolve_by_counts_from_when_the_trouble_began() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let id = customer(&mut store, "Angry Bakery");
    issue(&mut store, id, Some("2026-11-12"));
    set(&clock, NOW);
    interaction(&mut store, id, "2026-11-20T10:00:00Z", Tone::Negative);
    store
        .add_kick_out_factor(
            id,
            "Ovens fail again before Christmas",
            KickOutStatus::Present,
            None,
        )
        .expect("kick-out");
    let p = store.profile(id, &as_of(NOW)).expect("profile");
    assert_eq!(
        names(&p),
        [
            "kick_out_present",
            "negative_interactions",
            "overdue_issues"
        ]
    );
    assert_eq!(p.score, 7);
    assert_eq!(p.level, Level::Severe);
    // The earliest dated evidence is the due date missed on 12 November: 7 days from then.
    assert_eq!(p.suggested_resolve_by, Some(date("2026-11-19")));
    assert_eq!(p.resolve_by, p.suggested_resolve_by);
}

#[test]
fn the_owner_overrides_the_level_and_the_date_with_a_reason_kept_in_history() {
    let (_d, mut store, clock) = store_at(NOW);
    let id = customer(&mut store, "Key Account");
    interaction(&mut store, id, "2026-11-20T10:00:00Z", Tone::Negative);
    let err = store
        .set_vulnerability(id, Some(Level::Severe), "  ")
        .expect_err("a reason is required");
    assert_eq!(err.field(), Some("reason"));
    assert!(store
        .profile(id, &as_of(NOW))
        .expect("p")
        .decisions
        .is_empty());

    set(&clock, "2026-11-24T10:00:00Z");
    store
        .set_vulnerability(
            id,
            Some(Level::Severe),
            "They told us they are talking to a competitor",
        )
        .expect("override");
    let p = store.profile(id, &as_of(NOW)).expect("overridden");
    assert_eq!(
        (p.level, p.computed_level),
        (Level::Severe, Level::Moderate)
    );
    assert_eq!(
        p.level_reason.as_deref(),
        Some("They told us they are talking to a competitor")
    );
    // Severe: 7 days from the negative call on 20 November.
    assert_eq!(p.resolve_by, Some(date("2026-11-27")));

    set(&clock, "2026-11-24T11:00:00Z");
    store
        .set_resolve_by(
            id,
            Some(date("2026-12-01")),
            "Their buyer is away until then",
        )
        .expect("date");
    let p = store.profile(id, &as_of(NOW)).expect("dated");
    assert_eq!(p.resolve_by, Some(date("2026-12-01")));
    assert_eq!(p.suggested_resolve_by, Some(date("2026-11-27")));

    set(&clock, "2026-11-24T12:00:00Z");
    store
        .set_vulnerability(id, None, "Spoke with them; back to what the data says")
        .expect("clear");
    let p = store.profile(id, &as_of(NOW)).expect("cleared");
    assert_eq!(p.level, Level::Moderate);
    assert_eq!(p.level_reason, None);
    let history: Vec<(&str, Option<Level>)> = p
        .decisions
        .iter()
        .map(|d| (d.what.as_str(), d.level))
        .collect();
    assert_eq!(
        history,
        [
            ("level", None),
            ("resolve_by", None),
            ("level", Some(Level::Severe))
        ]
    );
}

#[test]
fn a_persons_trouble_counts_for_their_organisation_too() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let mut ann = person("Ann Lee");
    ann.organization = Some("Lee Catering".into());
    let ann = store.add_contact(&ann).expect("ann");
    let org = store
        .contact(ann)
        .expect("ann")
        .organization_id
        .expect("org id");
    issue(&mut store, ann, Some("2026-11-10"));
    set(&clock, NOW);
    let p = store.profile(org, &as_of(NOW)).expect("org profile");
    assert_eq!(p.name, "Lee Catering");
    assert_eq!(names(&p), ["overdue_issues"]);
    let e = &p.signals[0].evidence[0];
    assert_eq!(e.contact_id, ann);
    assert!(e.text.starts_with("Ann Lee: "), "{}", e.text);
    // Both appear on the at-risk list.
    let list = store.at_risk(&as_of(NOW)).expect("list");
    let ids: Vec<i64> = list.iter().map(|p| p.customer_id).collect();
    assert!(ids.contains(&ann) && ids.contains(&org), "{ids:?}");
}

#[test]
fn the_at_risk_list_is_most_severe_first_and_leaves_out_customers_without_risk() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let moderate = customer(&mut store, "B Moderate");
    let severe = customer(&mut store, "C Severe");
    let significant = customer(&mut store, "A Significant");
    let fine = customer(&mut store, "D Fine");
    issue(&mut store, moderate, Some("2026-11-10"));
    issue(&mut store, severe, Some("2026-11-10"));
    issue(&mut store, significant, Some("2026-11-10"));
    set(&clock, NOW);
    interaction(&mut store, severe, "2026-11-20T10:00:00Z", Tone::Negative);
    interaction(
        &mut store,
        significant,
        "2026-11-20T10:00:00Z",
        Tone::Negative,
    );
    interaction(&mut store, fine, "2026-11-20T10:00:00Z", Tone::Positive);
    store
        .add_kick_out_factor(severe, "Price", KickOutStatus::Present, None)
        .expect("k");
    let list = store.at_risk(&as_of(NOW)).expect("list");
    let got: Vec<(i64, Level)> = list.iter().map(|p| (p.customer_id, p.level)).collect();
    assert_eq!(
        got,
        [
            (severe, Level::Severe),
            (significant, Level::Significant),
            (moderate, Level::Moderate)
        ]
    );
    let json = serde_json::to_value(&list[0]).expect("json");
    for key in [
        "customer_id",
        "name",
        "level",
        "signals",
        "gaps",
        "kick_out_factors",
        "resolve_by",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["level"], "severe");
    assert!(json["signals"][0].get("weight").is_some());
    assert!(json["signals"][0].get("evidence").is_some());
}

#[test]
fn gaps_take_the_latest_answer_per_attribute_largest_gap_first() {
    let (_d, mut store, _c) = store_at(NOW);
    let id = customer(&mut store, "Interviewed");
    store
        .rate_attribute(id, "Response time", 5, 4, date("2026-06-01"))
        .expect("old answer");
    store
        .rate_attribute(id, "Response time", 5, 2, date("2026-11-20"))
        .expect("new answer");
    store
        .rate_attribute(id, "Price", 3, 3, date("2026-11-20"))
        .expect("price");
    let err = store
        .rate_attribute(id, "Price", 6, 3, date("2026-11-20"))
        .expect_err("6 is out of range");
    assert_eq!(err.field(), Some("importance"));
    store
        .add_profile_note(
            id,
            NoteKind::FutureNeed,
            "Second shop opens in March",
            date("2026-11-20"),
        )
        .expect("need");
    store
        .add_profile_note(
            id,
            NoteKind::Improvement,
            "Call before visiting",
            date("2026-11-21"),
        )
        .expect("improvement");
    let p = store.profile(id, &as_of(NOW)).expect("profile");
    let gaps: Vec<(&str, f64)> = p
        .gaps
        .iter()
        .map(|g| (g.attribute.as_str(), g.gap))
        .collect();
    assert_eq!(gaps, [("Response time", 3.0), ("Price", 0.0)]);
    assert_eq!(p.future_needs[0].text, "Second shop opens in March");
    assert_eq!(p.improvement_areas[0].text, "Call before visiting");
    // Records alone are no risk.
    assert_eq!(p.level, Level::None);
}

#[test]
fn kudos_are_credited_to_a_team_member_or_the_business() {
    let (_d, mut store, _c) = store_at(NOW);
    let sam = store.add_team_member("Sam", None).expect("sam");
    let id = customer(&mut store, "Happy");
    let call = interaction(&mut store, id, "2026-11-20T10:00:00Z", Tone::Positive);
    let input = KudosInput {
        team_member_id: Some(sam),
        customer_id: Some(id),
        text: "Sam fixed the oven the same afternoon".into(),
        received_on: date("2026-11-20"),
        source: KudosSource::Interaction,
        interaction_id: Some(call),
    };
    store.add_kudos(&input).expect("kudos");
    store
        .add_kudos(&KudosInput {
            team_member_id: None,
            interaction_id: None,
            source: KudosSource::Manual,
            text: "Lovely shop".into(),
            received_on: date("2026-11-22"),
            ..input.clone()
        })
        .expect("business kudos");
    let all = store.kudos(None, 10).expect("all");
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|k| (k.credited_to.as_str(), k.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("The business", "Lovely shop"),
            ("Sam", "Sam fixed the oven the same afternoon")
        ]
    );
    assert_eq!(store.kudos(Some(sam), 10).expect("sam's").len(), 1);
    let err = store
        .add_kudos(&KudosInput {
            team_member_id: Some(999),
            ..input
        })
        .expect_err("no such member");
    assert_eq!(err.field(), Some("team_member"));
    assert_eq!(
        store.kudos(None, 10).expect("all").len(),
        2,
        "nothing half-written"
    );
}

#[test]
fn the_early_warning_rule_on_constructed_weekly_series() {
    use rapport::profiles::early_warning;
    // (series oldest first, this week last) → flagged?
    let cases: &[(&[u32], bool)] = &[
        // Steady at 4 a week: threshold max(4 + 2·2, 4 + 3) = 8.
        (&[4, 4, 4, 4, 4, 4, 4, 4, 8], false),
        (&[4, 4, 4, 4, 4, 4, 4, 4, 9], true),
        // Tiny numbers: 0 → 2 is not a trend (needs at least 3 above the average).
        (&[0, 0, 0, 0, 0, 0, 0, 0, 2], false),
        (&[0, 0, 0, 0, 0, 0, 0, 0, 4], true),
        // Only the 8 weeks before this one count: an old busy spell is forgotten.
        (&[50, 50, 1, 1, 1, 1, 1, 1, 1, 1, 5], true),
        // Falling is never a warning.
        (&[10, 10, 10, 10, 10, 10, 10, 10, 2], false),
        // Nothing to compare with.
        (&[7], false),
        (&[], false),
    ];
    for (series, flagged) in cases {
        assert_eq!(early_warning(series).2, *flagged, "{series:?}");
    }
    let (average, threshold, _) = early_warning(&[16, 16, 16, 16, 16, 16, 16, 16, 0]);
    assert_eq!((average, threshold), (16.0, 24.0));
}

#[test]
fn the_dashboard_in_one_call() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let sam = store.add_team_member("Sam", None).expect("sam");
    let late = customer(&mut store, "Late Bakery");
    let mut bday = person("Birthday Person");
    bday.birthday = Some("1980-11-26".into());
    store.add_contact(&bday).expect("bday");
    store
        .add_issue(&IssueInput {
            customer_id: late,
            title: "Oven".into(),
            due: Some("2026-11-10".into()),
            owner_id: Some(sam),
            ..Default::default()
        })
        .expect("issue");
    set(&clock, NOW);
    // Five negative calls this week, none before: flagged (average 0, threshold 3).
    for day in [
        "2026-11-23T10:00:00Z",
        "2026-11-23T11:00:00Z",
        "2026-11-24T08:00:00Z",
        "2026-11-24T08:30:00Z",
        "2026-11-24T09:00:00Z",
    ] {
        interaction(&mut store, late, day, Tone::Negative);
    }
    store
        .add_kudos(&KudosInput {
            team_member_id: Some(sam),
            customer_id: None,
            text: "Thanks Sam".into(),
            received_on: date("2026-11-23"),
            source: KudosSource::Manual,
            interaction_id: None,
        })
        .expect("kudos");
    let d = store.dashboard(utc(NOW), &Utc).expect("dashboard");
    assert_eq!(d.as_of, date("2026-11-24"));
    assert_eq!(d.negative_interactions.weeks.len(), 12);
    assert_eq!(
        *d.negative_interactions.weeks.last().expect("week"),
        date("2026-11-23")
    );
    assert_eq!(d.negative_interactions.this_week, 5);
    assert!(d.negative_interactions.flagged);
    assert_eq!(d.issues_opened.counts.iter().sum::<u32>(), 1);
    assert!(!d.issues_opened.flagged);
    assert_eq!(d.at_risk_total, 1);
    assert_eq!(d.at_risk[0].customer_id, late);
    assert_eq!(d.at_risk[0].level, Level::Significant);
    assert_eq!(d.at_risk[0].top_signal, weights::NEGATIVE_TONE.label);
    let sam_row = d
        .owners
        .iter()
        .find(|o| o.owner == "Sam")
        .expect("Sam's row");
    assert_eq!((sam_row.open, sam_row.overdue), (1, 1));
    let coming: Vec<&str> = d.coming_up.iter().map(|r| r.contact.as_str()).collect();
    assert_eq!(coming, ["Birthday Person"]);
    assert_eq!(d.recent_kudos[0].text, "Thanks Sam");
}

/// Kick-out reviews and resolve-by dates become reminders: in the window, or overdue while still
/// open; a resolved factor and a customer no longer at risk drop out.
#[test]
fn kick_out_reviews_and_resolve_by_dates_are_reminders() {
    use rapport::reminders::{ReminderKind, ReminderWindow};
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    let angry = customer(&mut store, "Angry Bakery");
    issue(&mut store, angry, Some("2026-11-12"));
    set(&clock, NOW);
    interaction(&mut store, angry, "2026-11-20T10:00:00Z", Tone::Negative);
    let present = store
        .add_kick_out_factor(
            angry,
            "Ovens fail again before Christmas",
            KickOutStatus::Present,
            Some(date("2026-11-27")),
        )
        .expect("kick-out");
    let calm = customer(&mut store, "Calm Cafe");
    let old_review = store
        .add_kick_out_factor(
            calm,
            "Prices up next year",
            KickOutStatus::Watching,
            Some(date("2026-11-10")),
        )
        .expect("kick-out");
    let later = store
        .add_kick_out_factor(
            calm,
            "Their manager leaves",
            KickOutStatus::Watching,
            Some(date("2027-02-01")),
        )
        .expect("kick-out");

    let week = ReminderWindow::days(date("2026-11-24"), 7);
    let due = store.reminders_due(utc(NOW), &Utc, week).expect("due");
    let ours: Vec<(ReminderKind, i64, NaiveDate, bool)> = due
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                ReminderKind::KickOutReview | ReminderKind::ResolveBy
            )
        })
        .map(|r| (r.kind, r.contact_id, r.event_date, r.overdue))
        .collect();
    // Sorted by date: the overdue review, the overdue resolve-by, then this week's review.
    assert_eq!(
        ours,
        [
            // A review date passed without a look: overdue.
            (ReminderKind::KickOutReview, calm, date("2026-11-10"), true),
            // Severe since the due date missed on 12 November: resolve by the 19th, now overdue.
            (ReminderKind::ResolveBy, angry, date("2026-11-19"), true),
            (
                ReminderKind::KickOutReview,
                angry,
                date("2026-11-27"),
                false
            ),
        ]
    );
    let review = due
        .iter()
        .find(|r| r.key == format!("kick_out_review:{present}:2026-11-27"))
        .expect("the review of the present factor");
    assert_eq!(review.title, "Review: Ovens fail again before Christmas");
    assert!(due.iter().all(|r| !r.key.contains(&format!(":{later}:"))));
    let resolve = due
        .iter()
        .find(|r| r.kind == ReminderKind::ResolveBy)
        .expect("resolve-by");
    assert!(resolve.why.contains("severe"), "{}", resolve.why);

    // Resolving the factor and setting a later date by hand move both on.
    store
        .update_kick_out_factor(old_review, KickOutStatus::Resolved, None)
        .expect("resolved");
    store
        .set_resolve_by(
            angry,
            Some(date("2026-11-30")),
            "Engineer booked for the 30th",
        )
        .expect("resolve-by");
    let due = store.reminders_due(utc(NOW), &Utc, week).expect("due");
    let keys: Vec<&str> = due
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                ReminderKind::KickOutReview | ReminderKind::ResolveBy
            )
        })
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            format!("kick_out_review:{present}:2026-11-27"),
            format!("resolve_by:{angry}:2026-11-30")
        ]
    );
}

/// The dashboard's complaint causes (this quarter: issues by category and low survey scores by
/// cause, a response linked to a counted issue once) and the meetings' happiness per month.
#[test]
fn the_dashboard_counts_causes_this_quarter_and_happiness_per_month() {
    use rapport::meetings::MeetingInput;
    use rapport::surveys::{read_bytes, ImportOptions};
    let (_d, mut store, clock) = store_at("2026-09-20T09:00:00Z");
    let mut bob = person("Bob Stone");
    bob.emails = vec![common::email("bob@example.com")];
    let shop = store.add_contact(&bob).expect("bob");
    store.add_issue_category("Delivery").expect("category");
    store.add_issue_category("Billing").expect("category");
    let add = |store: &mut Store, category: Option<&str>| {
        store
            .add_issue(&IssueInput {
                customer_id: shop,
                title: "Complaint".into(),
                category: category.map(str::to_string),
                ..Default::default()
            })
            .expect("issue")
    };
    // Last quarter: not counted.
    add(&mut store, Some("Billing"));
    set(&clock, "2026-10-05T09:00:00Z");
    let late = add(&mut store, Some("Delivery"));
    add(&mut store, Some("Delivery"));
    add(&mut store, None);
    set(&clock, "2026-11-10T09:00:00Z");
    store
        .update_issue(
            late,
            &IssueUpdate {
                status: Some(IssueStatus::Resolved),
                ..IssueUpdate::default()
            },
        )
        .expect("resolve");
    set(&clock, NOW);
    // Bob's low score is linked to the resolved Delivery issue (counted once, as the issue);
    // Cleo's is on its own and counted by its comment's cause; Dee's 9 is no complaint.
    let text = "Email,Name,Date,How likely are you to recommend us? (0-10),Comments\n\
                bob@example.com,Bob Stone,2026-11-20,3,Late again\n\
                ,Cleo Park,2026-11-21,2,Too expensive\n\
                ,Dee Lane,2026-11-21,9,Lovely\n";
    let table = read_bytes("november.csv", text.as_bytes()).expect("read");
    let report = store
        .import_survey_table(
            &table,
            &ImportOptions {
                name: "November".into(),
                ..ImportOptions::default()
            },
        )
        .expect("import");
    assert_eq!(report.linked_issues, 1);
    for (at, score) in [
        ("2026-10-14T10:00:00Z", 2),
        ("2026-11-03T10:00:00Z", 4),
        ("2026-11-17T10:00:00Z", 5),
    ] {
        store
            .add_meeting(&MeetingInput {
                customer_id: Some(shop),
                at: at.into(),
                happiness: Some(score),
                happiness_why: Some("Said so".into()),
                ..MeetingInput::default()
            })
            .expect("meeting");
    }

    let d = store.dashboard(utc(NOW), &Utc).expect("dashboard");
    assert_eq!(d.causes_since, date("2026-10-01"));
    let causes: Vec<(&str, usize)> = d
        .complaint_causes
        .iter()
        .map(|r| (r.cause.as_str(), r.count))
        .collect();
    let cleo_cause = rapport::surveys::analysis::categorise("Too expensive");
    let mut expected = vec![("Delivery", 2), (cleo_cause, 1), ("No category", 1)];
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    assert_eq!(causes, expected);
    assert!(d.complaint_causes[0].vital_few);
    assert_eq!(
        d.complaint_causes.last().expect("last").cumulative_percent,
        100.0
    );

    let months: Vec<(&str, Option<f64>, u32)> = d
        .happiness
        .iter()
        .map(|m| (m.month.as_str(), m.mean, m.n))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-06", None, 0),
            ("2026-07", None, 0),
            ("2026-08", None, 0),
            ("2026-09", None, 0),
            ("2026-10", Some(2.0), 1),
            ("2026-11", Some(4.5), 2),
        ]
    );
    assert_eq!(d.satisfaction.len(), 1);
    assert_eq!(d.satisfaction[0].name, "November");
}

/// The at-risk list (every piece of evidence), the dashboard (its summary of the same list) and each
/// customer's own profile agree on every customer's level, score, main reason and resolve-by date,
/// over made-up data with every kind of signal, organisations, a customer in the Trash and an
/// owner's override.
#[test]
fn the_list_the_dashboard_and_each_profile_agree() {
    let (_d, mut store) = temp_store();
    store
        .add_contacts(&rapport::dev::sample_contacts(400, 3))
        .expect("customers");
    rapport::dev::seed_issues(&mut store, 4_000, 400, 3).expect("issues");
    rapport::dev::seed_interactions(&mut store, 2_000, 400, 3).expect("interactions");
    rapport::dev::seed_follow_ups(&mut store, 300, 400, 3).expect("follow-ups");
    rapport::dev::seed_survey_responses(&mut store, 1_000, 400, 3).expect("responses");
    let now = store.now();
    let as_of = AsOf::new(now, &Utc);
    let before = store.at_risk(&as_of).expect("list");
    assert!(before.len() > 50, "the made-up data has customers at risk");
    let first = before[0].customer_id;
    store
        .add_kick_out_factor(first, "Price", KickOutStatus::Present, None)
        .expect("kick-out");
    store
        .set_vulnerability(before[1].customer_id, Some(Level::Moderate), "Talked today")
        .expect("override");
    store.delete_contact(before[2].customer_id).expect("trash");

    let list = store.at_risk(&as_of).expect("list");
    assert!(list.iter().all(|p| p.customer_id != before[2].customer_id));
    let dash = store.dashboard(now, &Utc).expect("dashboard");
    assert_eq!(dash.at_risk_total as usize, list.len());
    let from_list: Vec<_> = list
        .iter()
        .take(10)
        .map(|p| {
            (
                p.customer_id,
                p.level,
                p.score,
                p.signals.first().map(|s| s.label.to_string()),
                p.resolve_by,
            )
        })
        .collect();
    let from_dash: Vec<_> = dash
        .at_risk
        .iter()
        .map(|a| {
            (
                a.customer_id,
                a.level,
                a.score,
                (a.top_signal != "set by hand").then(|| a.top_signal.clone()),
                a.resolve_by,
            )
        })
        .collect();
    assert_eq!(from_dash, from_list);
    for p in list.iter().step_by(7) {
        let one = store.profile(p.customer_id, &as_of).expect("profile");
        assert_eq!(
            (one.level, one.score, one.resolve_by, &one.signals),
            (p.level, p.score, p.resolve_by, &p.signals),
            "{}",
            p.name
        );
    }
}

/// The dashboard sorts only the customers that can be among its ten: with more than ten at the same
/// level and score, the ten it shows are still the list's first ten, by name.
#[test]
fn the_dashboards_ten_are_the_lists_first_ten_when_many_tie() {
    let (_d, mut store, clock) = store_at("2026-11-01T09:00:00Z");
    // Fourteen customers with the same trouble (one overdue issue), added out of name order, and
    // two with more (a negative call too).
    let names = [
        "Nadia", "bruno", "Lena", "Anton", "Mia", "karl", "Ida", "Felix", "Ella", "Jonas", "Greta",
        "Hugo", "Cem", "Dora",
    ];
    for name in names {
        let id = customer(&mut store, name);
        issue(&mut store, id, Some("2026-11-10"));
    }
    let worse: Vec<i64> = ["Zoe", "Yann"]
        .iter()
        .map(|n| {
            let id = customer(&mut store, n);
            issue(&mut store, id, Some("2026-11-10"));
            id
        })
        .collect();
    set(&clock, NOW);
    for id in &worse {
        interaction(&mut store, *id, "2026-11-20T10:00:00Z", Tone::Negative);
    }
    let list = store.at_risk(&as_of(NOW)).expect("list");
    assert_eq!(list.len(), 16);
    let dash = store.dashboard(utc(NOW), &Utc).expect("dashboard");
    assert_eq!(dash.at_risk_total, 16);
    let shown: Vec<&str> = dash.at_risk.iter().map(|a| a.name.as_str()).collect();
    let first: Vec<&str> = list.iter().take(10).map(|p| p.name.as_str()).collect();
    assert_eq!(shown, first);
    assert_eq!(
        shown,
        ["Yann", "Zoe", "Anton", "bruno", "Cem", "Dora", "Ella", "Felix", "Greta", "Hugo"]
    );
}
