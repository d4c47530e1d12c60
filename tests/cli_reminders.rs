//! `rapport followups …`, `rapport reminders due` and `rapport export calendar` run for real against
//! a temp data folder (the JSON names are a contract). The local zone is fixed with `TZ`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .env("TZ", "Europe/Berlin")
        .output()
        .expect("run rapport");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (ok, out, err) = run(dir, args);
    assert!(ok, "rapport {args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("no JSON from {args:?} ({e}): {out}"))
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let (ok, _, err) = run(dir, args);
    assert!(!ok, "rapport {args:?} should fail");
    err
}

#[test]
fn follow_ups_and_reminders_through_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let ada = json(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Ada",
            "--birthday",
            "1980-02-29",
            "--json",
        ],
    )["id"]
        .to_string();
    let monthly = json(
        d,
        &[
            "followups",
            "add",
            "--contact",
            &ada,
            "--due",
            "2027-01-31T09:00",
            "--every",
            "1m",
            "--note",
            "Month-end check",
            "--json",
        ],
    )["id"]
        .clone();
    let once = json(
        d,
        &[
            "followups",
            "add",
            "--contact",
            &ada,
            "--due",
            "2027-02-26",
            "--json",
        ],
    )["id"]
        .to_string();
    json(
        d,
        &[
            "followups",
            "add",
            "--contact",
            &ada,
            "--due",
            "2027-03-03",
            "--stay-in-touch",
            "30d",
            "--json",
        ],
    );

    let list = json(d, &["followups", "list", "--json"]);
    assert_eq!(list.as_array().expect("array").len(), 3);
    assert_eq!(list[0]["id"], monthly);
    assert_eq!(list[0]["due_time"], "09:00");
    assert_eq!(
        list[0]["repeat"],
        serde_json::json!({"every": 1, "unit": "month"})
    );

    // 26 February to 3 March 2027 (seen at noon on the 26th): the monthly follow-up's 31 January,
    // not done, so overdue; the one-off; Ada's birthday on 28 February (a common year); the monthly
    // follow-up's 28 February; the stay-in-touch one on 3 March.
    let due = json(
        d,
        &[
            "reminders",
            "due",
            "--on",
            "2027-02-26",
            "--within",
            "5",
            "--json",
        ],
    );
    let items = due.as_array().expect("array");
    let seen: Vec<(String, String, String)> = items
        .iter()
        .map(|r| {
            (
                r["date"].as_str().expect("date").to_string(),
                r["kind"].as_str().expect("kind").to_string(),
                r["contact_id"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("2027-01-31".into(), "follow_up".into(), ada.clone()),
            ("2027-02-26".into(), "follow_up".into(), ada.clone()),
            ("2027-02-28".into(), "birthday".into(), ada.clone()),
            ("2027-02-28".into(), "follow_up".into(), ada.clone()),
            ("2027-03-03".into(), "follow_up".into(), ada.clone()),
        ],
        "{due:#}"
    );
    for r in items {
        assert!(r["title"].as_str().is_some_and(|t| !t.is_empty()));
    }
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[1]["overdue"], false);
    let birthday = &items[2];
    assert_eq!(birthday["age"], 47);
    // 09:00 in Berlin in winter is 08:00 UTC.
    assert_eq!(items[3]["at"], "2027-02-28T08:00:00Z");

    // Human output too.
    let (ok, table, _) = run(d, &["reminders", "due", "--on", "2027-02-28"]);
    assert!(ok && table.contains("Ada turns 47 today"), "{table}");

    // Snooze to a date, then done.
    let snoozed = json(
        d,
        &[
            "followups",
            "snooze",
            &once,
            "--until",
            "2099-01-01",
            "--json",
        ],
    );
    assert_eq!(snoozed["next"], "2099-01-01");
    let done = json(d, &["followups", "done", &once, "--json"]);
    assert!(done["done_at"].is_string());
    assert_eq!(
        json(d, &["followups", "list", "--json"])
            .as_array()
            .expect("a")
            .len(),
        2
    );
    assert_eq!(
        json(d, &["followups", "list", "--all", "--json"])
            .as_array()
            .expect("a")
            .len(),
        3
    );

    // Settings.
    let s = json(
        d,
        &[
            "reminders",
            "settings",
            "--birthday-lead-days",
            "3",
            "--json",
        ],
    );
    assert_eq!(s["birthday_lead_days"], 3);
    let s = json(
        d,
        &[
            "reminders",
            "settings",
            "--quiet-hours",
            "22:00-07:00",
            "--mute",
            "renewal",
            "--json",
        ],
    );
    assert_eq!(s["quiet_from"], "22:00");
    assert_eq!(s["quiet_until"], "07:00");
    assert_eq!(s["muted_kinds"], serde_json::json!(["renewal"]));
    assert_eq!(s["birthday_lead_days"], 3, "other settings are kept");
    let s = json(
        d,
        &[
            "reminders",
            "settings",
            "--quiet-hours",
            "off",
            "--unmute",
            "renewal",
            "--json",
        ],
    );
    assert_eq!(s["quiet_from"], Value::Null);
    assert_eq!(s["muted_kinds"], serde_json::json!([]));
    let due = json(d, &["reminders", "due", "--on", "2027-02-25", "--json"]);
    let early: Vec<&Value> = due
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["kind"] == "birthday")
        .collect();
    assert_eq!(early.len(), 1, "{due:#}");
    assert_eq!(early[0]["days_before"], 3);
    assert_eq!(early[0]["date"], "2027-02-25");

    // The calendar.
    let file = d.join("out.ics");
    let (ok, out, err) = run(
        d,
        &["export", "calendar", "--out", file.to_str().expect("path")],
    );
    assert!(ok, "{err}");
    assert!(out.contains("1 birthdays, 2 follow-ups"), "{out}");
    let ics = std::fs::read_to_string(&file).expect("ics");
    assert!(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"));
}

#[test]
fn bad_input_fails_with_the_field_named_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let ada = json(d, &["contacts", "add", "--name", "Ada", "--json"])["id"].to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["followups", "add", "--contact", &ada, "--due", "2027-02-30"],
            "due",
        ),
        (
            &[
                "followups",
                "add",
                "--contact",
                &ada,
                "--due",
                "2027-02-01T25:00",
            ],
            "due",
        ),
        (
            &[
                "followups",
                "add",
                "--contact",
                &ada,
                "--due",
                "2027-02-01",
                "--every",
                "fortnightly",
            ],
            "every",
        ),
        (
            &[
                "followups",
                "add",
                "--contact",
                &ada,
                "--due",
                "2027-02-01",
                "--stay-in-touch",
                "1m",
            ],
            "stay_in_touch",
        ),
        (
            &[
                "followups",
                "add",
                "--contact",
                "999",
                "--due",
                "2027-02-01",
            ],
            "contact",
        ),
        (&["reminders", "due", "--on", "tomorrow"], "on"),
        (&["reminders", "due", "--within", "900"], "within"),
        (
            &["reminders", "settings", "--notify-time", "9am"],
            "notify_time",
        ),
        (
            &["reminders", "settings", "--quiet-hours", "22:00-7"],
            "quiet_until",
        ),
        (
            &["reminders", "settings", "--quiet-hours", "late"],
            "quiet_hours",
        ),
        (&["reminders", "settings", "--mute", "birthdays"], "mute"),
    ];
    for (args, field) in cases {
        let err = fails(d, args);
        assert!(err.contains(field), "{args:?}: {err}");
    }
    assert_eq!(
        json(d, &["followups", "list", "--json"]),
        serde_json::json!([])
    );
    // Both --every and --stay-in-touch is refused by the parser.
    fails(
        d,
        &[
            "followups",
            "add",
            "--contact",
            &ada,
            "--due",
            "2027-02-01",
            "--every",
            "1w",
            "--stay-in-touch",
            "30d",
        ],
    );
    let err = fails(d, &["followups", "done", "42"]);
    assert!(err.contains("follow-up 42"), "{err}");
}
