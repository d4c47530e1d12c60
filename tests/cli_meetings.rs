//! `rapport meetings …` run for real against a temp data folder (the JSON names are a contract).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .env("TZ", "UTC")
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

fn id(dir: &Path, args: &[&str]) -> String {
    json(dir, args)["id"].to_string()
}

#[test]
fn a_meeting_round_trip_through_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let bakery = id(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Corner Bakery",
            "--kind",
            "organization",
            "--json",
        ],
    );
    let ada = id(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Ada",
            "--org",
            "Corner Bakery",
            "--json",
        ],
    );
    id(d, &["team", "add", "Sam", "--json"]);
    let issue = id(
        d,
        &[
            "issues",
            "add",
            "--customer",
            &bakery,
            "--title",
            "Oven door",
            "--due",
            "2020-01-10",
            "--json",
        ],
    );
    let contact_ada = format!("contact:{ada}");
    let action_ada = format!("Measure the door;contact:{ada};2030-01-05");
    let meeting = id(
        d,
        &[
            "meetings",
            "add",
            "--customer",
            &bakery,
            "--at",
            "2030-01-01T10:00",
            "--attendee",
            "Sam",
            "--attendee",
            &contact_ada,
            "--notes",
            "=HYPERLINK(\"x\") stays text",
            "--happiness",
            "3",
            "--why",
            "the oven; still waiting",
            "--action",
            "Send price list; with VAT;Sam;2030-01-03",
            "--action",
            &action_ada,
            "--cadence",
            "2w",
            "--json",
        ],
    );
    let shown = json(d, &["meetings", "show", &meeting, "--json"]);
    assert_eq!(shown["meeting"]["customer"], "Corner Bakery");
    assert_eq!(shown["meeting"]["held_at"], "2030-01-01T10:00:00Z");
    assert_eq!(shown["meeting"]["happiness"], 3);
    assert_eq!(shown["meeting"]["cadence"], "biweekly");
    assert_eq!(shown["meeting"]["next_date"], "2030-01-15");
    assert_eq!(shown["attendees"][1]["name"], "Ada");
    assert_eq!(shown["attendees"][1]["side"], "customer");
    assert_eq!(shown["agenda"][0]["kind"], "issue");
    assert_eq!(shown["agenda"][0]["issue_id"].to_string(), issue);
    assert_eq!(shown["agenda"][0]["overdue"], true);
    // The text of an action may hold a semicolon: owner and date are read from the right.
    assert_eq!(shown["actions"][0]["text"], "Send price list; with VAT");
    assert_eq!(shown["actions"][0]["owner"], "Sam");
    assert_eq!(shown["actions"][1]["owner_side"], "customer");
    assert_eq!(shown["actions"][1]["due"], "2030-01-05");

    let list = json(d, &["meetings", "list", "--customer", &bakery, "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["open_action_count"], 2);

    // Action items in one step: a follow-up and an issue.
    let a0 = shown["actions"][0]["id"].to_string();
    let a1 = shown["actions"][1]["id"].to_string();
    let fu = id(d, &["meetings", "follow-up", &a1, "--json"]);
    let f = json(d, &["followups", "show", &fu, "--json"]);
    assert_eq!(f["contact_id"].to_string(), ada);
    let new_issue = id(d, &["meetings", "issue", &a0, "--json"]);
    let i = json(d, &["issues", "show", &new_issue, "--json"]);
    assert_eq!(i["title"], "Send price list; with VAT");

    // The update line lands in the issue's history.
    let (ok, _, err) = run(
        d,
        &[
            "meetings",
            "update",
            &meeting,
            "--issue",
            &issue,
            "new hinge on Friday",
        ],
    );
    assert!(ok, "{err}");
    let history = json(d, &["issues", "show", &issue, "--json"]);
    let notes: Vec<String> = history["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["note"].as_str().map(str::to_string))
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n == "Status meeting 1 Jan 2030: new hinge on Friday"),
        "{notes:?}"
    );

    // Every 2 weeks from 1 January: 15 and 29 January fall in a month from 10 January.
    let upcoming = json(
        d,
        &[
            "meetings",
            "upcoming",
            "--as-of",
            "2030-01-10",
            "--within",
            "30",
            "--json",
        ],
    );
    let dates: Vec<&str> = upcoming
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["date"].as_str())
        .collect();
    assert_eq!(dates, ["2030-01-15", "2030-01-29"]);
    assert_eq!(upcoming[0]["customer"], "Corner Bakery");

    let text = run(d, &["meetings", "show", &meeting]).1;
    assert!(text.contains("Happiness: 3/5"), "{text}");
    assert!(text.contains("[overdue]"), "{text}");
}

#[test]
fn bad_meeting_input_is_refused_with_the_field_named_and_nothing_written() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let c = id(d, &["contacts", "add", "--name", "Kim's Cafe", "--json"]);
    for (args, needle) in [
        (vec!["--attendee", "Nobody"], "'Nobody' is not on the team"),
        (vec!["--action", "no owner here"], "text;owner;YYYY-MM-DD"),
        (vec!["--cadence", "3w"], "'3w' is not a cadence"),
        (vec!["--happiness", "2"], "ask them why"),
    ] {
        let mut all = vec![
            "meetings",
            "add",
            "--customer",
            &c,
            "--at",
            "2030-01-01T10:00",
        ];
        all.extend(args);
        let (ok, _, err) = run(d, &all);
        assert!(!ok, "{all:?} should fail");
        assert!(err.contains(needle), "{all:?}: {err}");
    }
    let (ok, _, err) = run(d, &["meetings", "add", "--at", "2030-01-01T10:00"]);
    assert!(!ok && err.contains("--customer"), "{err}");
    let list = json(d, &["meetings", "list", "--json"]);
    assert_eq!(list, Value::Array(vec![]));
    let internal = id(
        d,
        &[
            "meetings",
            "add",
            "--internal",
            "--at",
            "2030-01-01T10:00",
            "--next",
            "2030-01-08",
            "--json",
        ],
    );
    let shown = json(d, &["meetings", "show", &internal, "--json"]);
    assert_eq!(shown["meeting"]["customer"], "Internal");
    assert_eq!(shown["meeting"]["customer_id"], Value::Null);
}
