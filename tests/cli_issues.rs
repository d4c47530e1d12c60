//! `rapport issues …` run for real against a temp data folder (the JSON names are a contract).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
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

fn ok(dir: &Path, args: &[&str]) {
    let (ok, _, err) = run(dir, args);
    assert!(ok, "rapport {args:?}: {err}");
}

#[test]
fn an_issue_round_trip_through_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let customer = json(
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
    )["id"]
        .clone();
    let contact = json(
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
    )["id"]
        .clone();
    ok(d, &["team", "add", "Priya"]);
    ok(d, &["team", "add", "Sam"]);
    let id = json(
        d,
        &[
            "issues",
            "add",
            "--customer",
            &customer.to_string(),
            "--title",
            "Oven door seal",
            "--owner",
            "Priya",
            "--customer-owner",
            &contact.to_string(),
            "--due",
            "2026-11-20",
            "--priority",
            "high",
            "--category",
            "Equipment",
            "--json",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let list = json(
        d,
        &[
            "issues",
            "list",
            "--overdue",
            "--as-of",
            "2026-11-23",
            "--json",
        ],
    );
    let issue = &list[0];
    assert_eq!(issue["id"], id);
    assert_eq!(issue["customer_id"], customer);
    assert_eq!(issue["title"], "Oven door seal");
    assert_eq!(issue["status"], "open");
    assert_eq!(issue["priority"], "high");
    assert_eq!(issue["category"], "Equipment");
    assert_eq!(issue["owner"], "Priya");
    assert_eq!(issue["customer_owner_id"], contact);
    assert_eq!(issue["due"], "2026-11-20");
    assert_eq!(issue["overdue"], true);
    assert_eq!(issue["escalation_level"], 0);
    assert_eq!(issue["closed_how"], Value::Null);
    assert!(issue["opened_at"].as_str().is_some());
    assert_eq!(
        json(
            d,
            &[
                "issues",
                "list",
                "--overdue",
                "--as-of",
                "2026-11-20",
                "--json"
            ]
        ),
        serde_json::json!([])
    );

    ok(d, &["issues", "ladder", "--level", "1;Sam;overdue_days;2"]);
    let esc = json(
        d,
        &["issues", "escalations", "--as-of", "2026-11-23", "--json"],
    );
    assert_eq!(esc[0]["to"], "Sam");
    assert_eq!(esc[0]["level"], 1);

    ok(
        d,
        &[
            "issues",
            "update",
            &id.to_string(),
            "--status",
            "in_progress",
            "--due",
            "2026-11-27",
            "--comment",
            "Part ordered",
        ],
    );
    let (refused, _, err) = run(
        d,
        &["issues", "update", &id.to_string(), "--status", "closed"],
    );
    assert!(!refused && err.contains("Close"), "{err}");
    ok(
        d,
        &[
            "issues",
            "close",
            &id.to_string(),
            "--confirmed",
            "--score",
            "5",
            "--comment",
            "Works again",
        ],
    );
    let shown = json(d, &["issues", "show", &id.to_string(), "--json"]);
    assert_eq!(shown["status"], "closed");
    assert_eq!(shown["closed_how"], "confirmed");
    let kinds: Vec<&str> = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "opened",
            "status",
            "due",
            "broken_promise",
            "comment",
            "closed"
        ]
    );

    // A call with the customer's person about the issue is linked to it; a stranger's is refused.
    ok(
        d,
        &[
            "interactions",
            "add",
            "--contact",
            &contact.to_string(),
            "--channel",
            "call",
            "--summary",
            "Confirmed the seal holds",
            "--tone",
            "positive",
            "--issue",
            &id.to_string(),
        ],
    );
    let timeline = json(
        d,
        &[
            "interactions",
            "list",
            "--contact",
            &contact.to_string(),
            "--json",
        ],
    );
    assert_eq!(timeline[0]["issue_id"], id);
    let stranger = json(d, &["contacts", "add", "--name", "Bo", "--json"])["id"].to_string();
    let (linked, _, err) = run(
        d,
        &[
            "interactions",
            "add",
            "--contact",
            &stranger,
            "--channel",
            "call",
            "--summary",
            "Wrong number",
            "--issue",
            &id.to_string(),
        ],
    );
    assert!(!linked && err.contains("another customer"), "{err}");

    let stats = json(d, &["issues", "stats", "--as-of", "2026-11-30", "--json"]);
    assert_eq!(stats["owners"][0]["owner"], "Priya");
    assert_eq!(stats["owners"][0]["broken_promises"], 1);
    assert_eq!(stats["business"]["closed_confirmed"], 1);
    let (again, _, err) = run(d, &["issues", "close", &id.to_string(), "--unconfirmed"]);
    assert!(!again && err.contains("already closed"), "{err}");
}
