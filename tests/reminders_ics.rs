//! The calendar export: folding and escaping, stable UIDs, parsing by python `icalendar` (when it
//! is installed; otherwise the test says "SKIPPED"), and birthday events agreeing with Nextcloud's
//! birthday calendar (the oracle in `shared/fixtures`, found through `RAPPORT_FIXTURES`).
//!
//! To run the python check: `python3 -m venv .venv-ical && .venv-ical/bin/pip install
//! icalendar==7.3.0`, then `RAPPORT_PYTHON=.venv-ical/bin/python cargo test --test reminders_ics`.

mod common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use common::{person, temp_store};
use rapport::contacts::{Birthday, ContactInput};
use rapport::issues::IssueInput;
use rapport::reminders::{
    escape_text, fold_line, FollowUpInput, ReminderSettings, Repeat, RepeatUnit,
};
use rapport::Store;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

/// Says so on the real stderr, past the test harness's capture, so a skip is never silent.
fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn note(what: &str) {
    let _ = writeln!(std::io::stderr(), "{what}");
}

/// Content lines: physical lines joined back (RFC 5545 §3.1 unfolding).
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.split("\r\n") {
        if let Some(rest) = physical.strip_prefix(' ') {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !physical.is_empty() {
            lines.push(physical.to_string());
        }
    }
    lines
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The VEVENTs of an export, each as its content lines.
fn events(ics: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in unfold(ics) {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.extend(current.take()),
            _ => {
                if let Some(c) = current.as_mut() {
                    c.push(line);
                }
            }
        }
    }
    out
}

fn value<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event.iter().find_map(|l| {
        let (head, value) = l.split_once(':')?;
        (head == name || head.starts_with(&format!("{name};"))).then_some(value)
    })
}

fn values<'a>(event: &'a [String], name: &str) -> Vec<&'a str> {
    event
        .iter()
        .filter_map(|l| l.strip_prefix(&format!("{name}:")))
        .collect()
}

#[test]
fn lines_fold_at_75_octets_without_splitting_a_character() {
    let cases = [
        "SUMMARY:short".to_string(),
        format!("SUMMARY:{}", "a".repeat(200)),
        format!("SUMMARY:{}", "é".repeat(100)),
        format!("SUMMARY:{}", "🎂".repeat(60)),
        format!("SUMMARY:{}🎂{}", "x".repeat(66), "y".repeat(80)),
    ];
    for line in cases {
        let folded = fold_line(&line);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        // Unfolding gives the line back, so no character was cut.
        assert_eq!(unfold(&folded), vec![line.clone()]);
    }
    assert_eq!(
        fold_line(&"a".repeat(75)),
        format!("{}\r\n", "a".repeat(75))
    );
    assert_eq!(
        fold_line(&"a".repeat(76)),
        format!("{}\r\n a\r\n", "a".repeat(75))
    );
}

#[test]
fn text_is_escaped() {
    let cases = [
        ("plain", "plain"),
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
        ("bell\u{7}", "bell "),
        ("Zoë, Müller; 🎂", "Zoë\\, Müller\\; 🎂"),
    ];
    for (text, expected) in cases {
        assert_eq!(escape_text(text), expected, "{text:?}");
        assert_eq!(
            unescape(&escape_text(text)),
            text.replace("\r\n", "\n").replace('\u{7}', " ")
        );
    }
}

/// A store holding one of everything the export writes, with awkward text.
fn sample(store: &mut Store) -> Vec<String> {
    let long = "Zoë Ångström-Øverli, Bäckerei \"Süße Brötchen\"; Filiale Nord \\ Süd — 🎂🥐 and more text to fold";
    let names = vec![
        "Ada Lovelace".to_string(),
        long.to_string(),
        "Bob, the; builder".to_string(),
    ];
    let ada = store
        .add_contact(&ContactInput {
            birthday: Some("1980-02-29".into()),
            ..person(&names[0])
        })
        .expect("ada");
    let zoe = store
        .add_contact(&ContactInput {
            birthday: Some("--12-31".into()),
            ..person(&names[1])
        })
        .expect("zoe");
    let bob = store.add_contact(&person(&names[2])).expect("bob");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: ada,
            due_date: "2027-01-31".into(),
            repeat: Some(Repeat {
                every: 1,
                unit: RepeatUnit::Month,
            }),
            note: Some("Month-end check: invoices, stock; \"all\"\nsecond line".into()),
            ..Default::default()
        })
        .expect("monthly");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: zoe,
            due_date: "2026-10-19".into(),
            due_time: Some("09:00".into()),
            repeat: Some(Repeat {
                every: 2,
                unit: RepeatUnit::Week,
            }),
            ..Default::default()
        })
        .expect("weekly");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: bob,
            due_date: "2026-12-01".into(),
            stay_in_touch_days: Some(30),
            ..Default::default()
        })
        .expect("stay in touch");
    store
        .add_issue(&IssueInput {
            customer_id: bob,
            title: "Oven door, again".into(),
            due: Some("2026-12-03".into()),
            ..Default::default()
        })
        .expect("issue");
    store
        .set_reminder_settings(&ReminderSettings {
            birthday_lead_days: 7,
            ..ReminderSettings::default()
        })
        .expect("settings");
    names
}

#[test]
fn the_export_has_stable_uids_folded_lines_and_the_29_february_rule() {
    let (_dir, mut store) = temp_store();
    sample(&mut store);
    let (first, counts) = store
        .calendar_ics(utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("ics");
    assert_eq!(
        (counts.birthdays, counts.follow_ups, counts.issue_due_dates),
        (2, 3, 1)
    );
    for physical in first.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{} octets: {physical}",
            physical.len()
        );
    }
    assert!(
        !first.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    let uids = |ics: &str| -> BTreeSet<String> {
        events(ics)
            .iter()
            .map(|e| value(e, "UID").expect("uid").to_string())
            .collect()
    };
    let first_uids = uids(&first);
    assert_eq!(first_uids.len(), 6, "UIDs are unique");
    // A later export, after a follow-up moved on, keeps every UID.
    let monthly = store
        .list_follow_ups(&Default::default(), &Berlin)
        .expect("list")[0]
        .id;
    store
        .complete_follow_up(monthly, utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("done");
    let (second, _) = store
        .calendar_ics(utc("2026-12-24T10:00:00Z"), &Berlin)
        .expect("ics");
    assert_eq!(uids(&second), first_uids);
    assert_ne!(first, second, "DTSTAMP moved on");

    let all = events(&first);
    let ada = all
        .iter()
        .find(|e| value(e, "SUMMARY") == Some("🎂 Ada Lovelace (1980)"))
        .expect("ada's birthday");
    assert_eq!(value(ada, "DTSTART"), Some("19720229"));
    assert_eq!(
        value(ada, "RRULE"),
        Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
    );
    // On the day at 09:00, and 7 days before at 09:00.
    assert_eq!(values(ada, "TRIGGER"), vec!["PT9H", "-P6DT15H"]);
    let monthly = all
        .iter()
        .find(|e| value(e, "RRULE").is_some_and(|r| r.starts_with("FREQ=MONTHLY")))
        .expect("monthly");
    assert_eq!(
        value(monthly, "RRULE"),
        Some("FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1")
    );
    let weekly = all
        .iter()
        .find(|e| value(e, "RRULE").is_some_and(|r| r.starts_with("FREQ=WEEKLY")))
        .expect("weekly");
    // Floating local time: 09:00 on the wall clock on both sides of a DST change.
    assert_eq!(value(weekly, "DTSTART"), Some("20261019T090000"));
    assert_eq!(value(weekly, "RRULE"), Some("FREQ=WEEKLY;INTERVAL=2"));
}

#[test]
fn export_calendar_writes_the_file_whole() {
    let (dir, mut store) = temp_store();
    sample(&mut store);
    let path = dir.path().join("reminders.ics");
    let counts = store
        .export_calendar(&path, utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("export");
    assert_eq!(counts.birthdays, 2);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    let err = store
        .export_calendar(
            &dir.path().join("missing/folder/x.ics"),
            utc("2026-11-24T10:00:00Z"),
            &Berlin,
        )
        .expect_err("no folder");
    assert_eq!(err.code(), "io");
}

const PY_PARSE: &str = r#"
import json, sys
import icalendar
data = open(sys.argv[1], 'rb').read()
cal = icalendar.Calendar.from_ical(data)
out = []
for ev in cal.walk('VEVENT'):
    out.append({
        'uid': str(ev['UID']),
        'summary': str(ev['SUMMARY']),
        'description': str(ev.get('DESCRIPTION', '')),
        'dtstart': ev.decoded('DTSTART').isoformat(),
        'rrule': ev['RRULE'].to_ical().decode() if 'RRULE' in ev else None,
        'triggers': [str(a.decoded('TRIGGER')) for a in ev.walk('VALARM')],
    })
print(json.dumps(out))
"#;

fn python() -> String {
    std::env::var("RAPPORT_PYTHON").unwrap_or_else(|_| "python3".into())
}

#[test]
fn python_icalendar_parses_the_export() {
    let py = python();
    let importable = Command::new(&py)
        .args(["-c", "import icalendar"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !importable {
        skipped(&format!(
            "python_icalendar_parses_the_export: `{py}` cannot import icalendar \
             (python3 -m venv v && v/bin/pip install icalendar==7.3.0, then RAPPORT_PYTHON=v/bin/python)"
        ));
        return;
    }
    let (dir, mut store) = temp_store();
    let names = sample(&mut store);
    let path = dir.path().join("reminders.ics");
    store
        .export_calendar(&path, utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("export");
    let out = Command::new(&py)
        .args(["-c", PY_PARSE])
        .arg(&path)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "icalendar refused the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("JSON from python");
    assert_eq!(parsed.len(), 6);
    let summaries: BTreeSet<&str> = parsed
        .iter()
        .map(|e| e["summary"].as_str().expect("summary"))
        .collect();
    // Escaped and folded text comes back exactly.
    for expected in [
        "🎂 Ada Lovelace (1980)".to_string(),
        format!("🎂 {}", names[1]),
        "Month-end check: invoices, stock; \"all\"\nsecond line".to_string(),
        format!("Follow up with {}", names[2]),
        format!("Due: Oven door, again ({})", names[2]),
    ] {
        assert!(
            summaries.contains(expected.as_str()),
            "{expected:?} not in {summaries:?}"
        );
    }
    let leap = parsed
        .iter()
        .find(|e| e["summary"] == "🎂 Ada Lovelace (1980)")
        .expect("leap");
    assert_eq!(leap["dtstart"], "1972-02-29");
    // icalendar writes the rule's parts in its own order.
    let parts = |r: &str| r.split(';').map(str::to_string).collect::<BTreeSet<_>>();
    assert_eq!(
        parts(leap["rrule"].as_str().expect("rrule")),
        parts("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
    );
    assert_eq!(
        leap["triggers"],
        serde_json::json!(["9:00:00", "-7 days, 9:00:00"])
    );
    let weekly = parsed
        .iter()
        .find(|e| e["dtstart"] == "2026-10-19T09:00:00")
        .expect("floating 09:00");
    assert_eq!(weekly["triggers"], serde_json::json!(["0:00:00"]));
    note(&format!(
        "python icalendar ({py}) parsed {} events",
        parsed.len()
    ));
}

fn fixtures_dir() -> PathBuf {
    match std::env::var_os("RAPPORT_FIXTURES") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
    }
}

/// Minutes of an RFC 5545 duration such as `PT9H`, `-PT15H`, `-P6DT15H`.
fn duration_minutes(text: &str) -> Option<i64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut minutes = 0i64;
    if let Some(d) = days.strip_suffix('D') {
        minutes += d.parse::<i64>().ok()? * 1440;
    }
    let mut number = String::new();
    for c in time.chars() {
        match c {
            '0'..='9' => number.push(c),
            'H' => minutes += std::mem::take(&mut number).parse::<i64>().ok()? * 60,
            'M' => minutes += std::mem::take(&mut number).parse::<i64>().ok()?,
            'S' => number.clear(),
            _ => return None,
        }
    }
    Some(sign * minutes)
}

#[test]
fn birthday_events_agree_with_nextclouds_birthday_calendar() {
    let path = fixtures_dir().join("vcard/nextcloud-birthday-oracle/nextcloud_birthday_cases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        skipped(&format!(
            "birthday_events_agree_with_nextclouds_birthday_calendar: {} not found (set RAPPORT_FIXTURES)",
            path.display()
        ));
        return;
    };
    let oracle: serde_json::Value = serde_json::from_str(&text).expect("oracle JSON");
    let cases = oracle["cases"].as_array().expect("cases");
    let (mut compared, mut refused, mut not_expressible) = (0, 0, Vec::new());
    for (i, case) in cases.iter().enumerate() {
        let expected = |k: &str| case[k].as_str();
        let data = case["data"].as_str().unwrap_or("");
        let lines: Vec<&str> = data.split("\r\n").collect();
        if case["fieldType"] != "BDAY" {
            not_expressible.push(format!("#{i}: {} is not a birthday", case["fieldType"]));
            continue;
        }
        if !data.starts_with("BEGIN:VCARD") {
            not_expressible.push(format!("#{i}: not a vCard"));
            continue;
        }
        let Some(name) = lines.iter().find_map(|l| l.strip_prefix("FN:")) else {
            not_expressible.push(format!("#{i}: no FN (a Rapport contact always has a name)"));
            continue;
        };
        if data.contains("X-NC-EXCLUDE-FROM-BIRTHDAY-CALENDAR") {
            not_expressible.push(format!("#{i}: Nextcloud's own exclusion flag"));
            continue;
        }
        let bday = lines.iter().find_map(|l| {
            let (head, raw) = l.split_once(':')?;
            (head == "BDAY" || head.starts_with("BDAY;")).then_some((head, raw))
        });
        let Some((head, raw)) = bday else {
            assert!(
                expected("expectedSummary").is_none(),
                "#{i}: no BDAY but an event"
            );
            refused += 1;
            continue;
        };
        // vCard basic dates to what a Rapport birthday is typed as.
        let omit_year = head
            .split(';')
            .find_map(|p| p.strip_prefix("X-APPLE-OMIT-YEAR="));
        let mut summary_comparable = true;
        let typed = if let Some(md) = raw.strip_prefix("--").filter(|v| v.len() == 4) {
            format!("--{}-{}", &md[..2], &md[2..])
        } else if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
            let (y, m, d) = (&raw[..4], &raw[4..6], &raw[6..]);
            if omit_year == Some(y) {
                format!("--{m}-{d}")
            } else {
                format!("{y}-{m}-{d}")
            }
        } else {
            raw.to_string()
        };
        let birthday = match typed.parse::<Birthday>() {
            Ok(b) => b,
            // 29 February of a year without one: Nextcloud keeps the day, so does a year-less birthday.
            Err(_) if typed.ends_with("-02-29") && typed.len() == 10 => {
                summary_comparable = false;
                "--02-29".parse().expect("leap day")
            }
            Err(_) if typed.len() == 10 && typed[..4].parse::<i32>().is_ok_and(|y| y < 1800) => {
                not_expressible.push(format!(
                    "#{i}: birth year {} (Rapport takes 1800 on)",
                    &typed[..4]
                ));
                continue;
            }
            Err(_) => {
                assert!(
                    expected("expectedSummary").is_none(),
                    "#{i}: Rapport refuses BDAY {raw:?} but Nextcloud makes an event"
                );
                refused += 1;
                continue;
            }
        };
        let lead = match expected("configuredReminder") {
            None => 0,
            Some(r) => {
                let minutes = duration_minutes(r).expect("duration");
                if (540 - minutes) % 1440 != 0 {
                    not_expressible.push(format!("#{i}: reminder {r} is not 09:00 on a day"));
                    continue;
                }
                u32::try_from((540 - minutes) / 1440).expect("days before")
            }
        };
        let (_dir, mut store) = temp_store();
        let id = store
            .add_contact(&ContactInput {
                birthday: Some(birthday.to_string()),
                ..person(name)
            })
            .expect("contact");
        store
            .set_reminder_settings(&ReminderSettings {
                birthday_lead_days: lead,
                ..ReminderSettings::default()
            })
            .expect("settings");
        let (ics, _) = store
            .calendar_ics(utc("2026-11-24T10:00:00Z"), &Berlin)
            .expect("ics");
        let all = events(&ics);
        let event = all
            .iter()
            .find(|e| value(e, "X-RAPPORT-CONTACT-ID") == Some(&id.to_string()))
            .unwrap_or_else(|| panic!("#{i}: no birthday event"));
        assert_eq!(
            value(event, "DTSTART"),
            expected("expectedDTStart"),
            "#{i} DTSTART"
        );
        assert_eq!(
            value(event, "RRULE"),
            expected("expectedRrule"),
            "#{i} RRULE"
        );
        if case["supports4Bytes"] == true && summary_comparable {
            let summary = value(event, "SUMMARY").map(unescape);
            assert_eq!(
                summary.as_deref(),
                expected("expectedSummary"),
                "#{i} SUMMARY"
            );
        }
        if let Some(reminder) = expected("expectedReminder") {
            assert!(
                values(event, "TRIGGER").contains(&reminder),
                "#{i}: {reminder} not among {:?}",
                values(event, "TRIGGER")
            );
        }
        compared += 1;
    }
    note(&format!(
        "nextcloud oracle: {compared} birthday events agree, {refused} invalid birthdays refused as Nextcloud does, {} cases not expressible as a contact's birthday: {}",
        not_expressible.len(),
        not_expressible.join("; ")
    ));
    assert!(compared >= 10, "too few oracle cases compared: {compared}");
}

/// The repository's `ui/` folder, where npm installed ical.js.
fn ui_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui")
}

#[test]
fn ical_js_parses_the_export_and_expands_birthdays_to_the_cores_dates() {
    let ui = ui_dir();
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !node_ok || !ui.join("node_modules/ical.js").is_dir() {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_ICALJS").is_none(),
            "ical.js is required here: install Node.js and run `npm ci` in ui/"
        );
        skipped("ical_js_parses_the_export: needs node and `npm ci` in ui/ (ical.js)");
        return;
    }
    let (dir, mut store) = temp_store();
    let names = sample(&mut store);
    let path = dir.path().join("reminders.ics");
    store
        .export_calendar(&path, utc("2026-11-24T10:00:00Z"), &Berlin)
        .expect("export");
    let out = Command::new("node")
        .arg(ui.join("scripts/check-ics.mjs"))
        .arg(&path)
        .args(["2026-01-01", "2029-12-31"])
        .current_dir(&ui)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "ical.js refused the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("JSON from ical.js");
    assert_eq!(parsed.len(), 6, "{parsed:#?}");
    // Stable, distinct UIDs.
    let uids: BTreeSet<&str> = parsed
        .iter()
        .map(|e| e["uid"].as_str().expect("uid"))
        .collect();
    assert_eq!(uids.len(), 6);
    let summary = |s: &str| {
        parsed
            .iter()
            .find(|e| e["summary"] == s)
            .unwrap_or_else(|| panic!("{s:?} not parsed by ical.js: {parsed:#?}"))
    };
    // Escaping and folding (a long name with quotes, a semicolon, a backslash and emoji) read back.
    let zoe = summary(&format!("🎂 {}", names[1]));
    summary("Month-end check: invoices, stock; \"all\"\nsecond line");
    // ical.js expands the yearly rules itself: the 29 February birthday falls on 28 February in
    // common years, and every date agrees with what the core's reminders say for that year.
    let leap = summary("🎂 Ada Lovelace (1980)");
    let occurrences = |e: &serde_json::Value| -> Vec<String> {
        e["occurrences"]
            .as_array()
            .expect("occurrences")
            .iter()
            .map(|d| d.as_str().expect("date").to_string())
            .collect()
    };
    assert_eq!(
        occurrences(leap),
        ["2026-02-28", "2027-02-28", "2028-02-29", "2029-02-28"]
    );
    assert_eq!(
        occurrences(zoe),
        ["2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31"]
    );
    for (event, name) in [(leap, "Ada Lovelace"), (zoe, names[1].as_str())] {
        for day in occurrences(event) {
            let date: chrono::NaiveDate = day.parse().expect("date");
            let due = store
                .reminders_due(
                    utc("2026-01-01T00:00:00Z"),
                    &Berlin,
                    rapport::reminders::ReminderWindow {
                        from: date,
                        to: date,
                    },
                )
                .expect("due");
            assert!(
                due.iter().any(|r| r.contact == name && r.days_before == 0),
                "the core has no birthday for {name} on {day}: {due:?}"
            );
        }
    }
    note(&format!("ical.js parsed {} components", parsed.len()));
}
