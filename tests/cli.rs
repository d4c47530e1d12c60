//! The `rapport` binary, run for real against a temp data folder, asserting on its `--json` output.
//! The command names, flags and JSON fields here are a contract (PRODUCT.md, "CLI conventions").

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn rapport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .output()
        .expect("run rapport")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(
        out.status.success(),
        "rapport {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("rapport {args:?} printed no JSON ({e}): {text}"))
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(!out.status.success(), "rapport {args:?} should fail");
    assert!(out.stdout.is_empty(), "errors go to stderr only");
    String::from_utf8(out.stderr).expect("utf-8")
}

#[test]
fn add_list_search_show_edit_delete_restore() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let added = json(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Zoë Müller",
            "--email",
            "work:zoe@example.com",
            "--email",
            "zoe@home.example",
            "--phone",
            "+1 (555) 010-2030",
            "--org",
            "Acme Bakery",
            "--birthday",
            "--02-29",
            "--tag",
            "vip",
            "--tag",
            "wholesale",
            "--channel",
            "email",
            "--json",
        ],
    );
    let id = added["id"].as_i64().expect("{\"id\": N}");
    // Plain `add` prints just the id.
    let plain = ok(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Bob Stone",
            "--birthday=1980-07-14",
        ],
    );
    let bob: i64 = plain.trim().parse().expect("id on stdout");

    let list = json(d, &["contacts", "list", "--json"]);
    let all: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(all, vec!["Acme Bakery", "Bob Stone", "Zoë Müller"]);

    let found = json(d, &["contacts", "list", "--search", "mül", "--json"]);
    let c = &found[0];
    assert_eq!(found.as_array().expect("array").len(), 1);
    assert_eq!(c["id"], id);
    assert_eq!(c["name"], "Zoë Müller");
    assert_eq!(c["kind"], "person");
    assert_eq!(c["organization"], "Acme Bakery");
    assert_eq!(
        c["emails"],
        serde_json::json!(["zoe@example.com", "zoe@home.example"])
    );
    assert_eq!(c["phones"], serde_json::json!(["+1 (555) 010-2030"]));
    assert_eq!(c["birthday"], "--02-29");
    assert_eq!(c["tags"], serde_json::json!(["vip", "wholesale"]));
    assert_eq!(c["preferred_channel"], "email");
    assert_eq!(c["do_not_contact"], false);
    assert_eq!(c["last_contacted"], Value::Null);

    let by_tag = json(d, &["contacts", "list", "--tag", "vip", "--json"]);
    assert_eq!(by_tag.as_array().expect("array").len(), 1);

    let logged = json(
        d,
        &[
            "interactions",
            "add",
            "--contact",
            &id.to_string(),
            "--channel",
            "call",
            "--summary",
            "Asked about the Christmas order",
            "--tone",
            "positive",
            "--at",
            "2026-11-20T14:30:00Z",
            "--json",
        ],
    );
    assert!(logged["id"].as_i64().is_some());

    let shown = json(d, &["contacts", "show", &id.to_string(), "--json"]);
    assert_eq!(shown["last_contacted"], "2026-11-20T14:30:00Z");
    assert_eq!(
        shown["interactions"][0]["summary"],
        "Asked about the Christmas order"
    );
    assert_eq!(shown["interactions"][0]["tone"], "positive");
    assert_eq!(shown["interactions"][0]["channel"], "call");

    ok(
        d,
        &[
            "contacts",
            "edit",
            &bob.to_string(),
            "--name",
            "Robert Stone",
            "--email",
            "rob@example.com",
            "--do-not-contact",
        ],
    );
    let bob_json = json(d, &["contacts", "show", &bob.to_string(), "--json"]);
    assert_eq!(bob_json["name"], "Robert Stone");
    assert_eq!(bob_json["emails"], serde_json::json!(["rob@example.com"]));
    assert_eq!(
        bob_json["birthday"], "1980-07-14",
        "fields not given are kept"
    );
    assert_eq!(bob_json["do_not_contact"], true);
    ok(
        d,
        &[
            "contacts",
            "edit",
            &bob.to_string(),
            "--clear",
            "birthday",
            "--clear",
            "do-not-contact",
        ],
    );
    let bob_json = json(d, &["contacts", "show", &bob.to_string(), "--json"]);
    assert_eq!(bob_json["birthday"], Value::Null);
    assert_eq!(bob_json["do_not_contact"], false);
    ok(
        d,
        &[
            "contacts",
            "edit",
            &bob.to_string(),
            "--birthday",
            "--12-24",
        ],
    );
    assert_eq!(
        json(d, &["contacts", "show", &bob.to_string(), "--json"])["birthday"],
        "--12-24"
    );

    ok(d, &["contacts", "delete", &bob.to_string()]);
    let trash = json(d, &["trash", "list", "--json"]);
    assert_eq!(trash[0]["id"], bob);
    assert_eq!(trash[0]["name"], "Robert Stone");
    assert_eq!(
        json(d, &["contacts", "list", "--search", "robert", "--json"]),
        serde_json::json!([])
    );
    ok(d, &["contacts", "restore", &bob.to_string()]);
    assert_eq!(json(d, &["trash", "list", "--json"]), serde_json::json!([]));
    assert_eq!(
        json(d, &["contacts", "list", "--search", "robert", "--json"])[0]["id"],
        bob
    );
}

#[test]
fn bad_input_is_an_error_on_stderr_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let err = fails(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "April",
            "--birthday",
            "1990-04-31",
        ],
    );
    assert!(
        err.contains("birthday") && err.contains("1990-04-31"),
        "{err}"
    );
    let err = fails(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Eve",
            "--email",
            "eve-at-example",
        ],
    );
    assert!(err.contains("email"), "{err}");
    let err = fails(d, &["contacts", "add", "--email", "x@example.com"]);
    assert!(err.contains("name"), "{err}");
    let err = fails(d, &["contacts", "show", "42"]);
    assert!(err.contains("42"), "{err}");
    let err = fails(
        d,
        &[
            "interactions",
            "add",
            "--contact",
            "1",
            "--channel",
            "fax",
            "--summary",
            "x",
        ],
    );
    assert!(err.contains("fax"), "{err}");
    assert_eq!(
        json(d, &["contacts", "list", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn team_commands() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert_eq!(ok(d, &["team", "add", "Priya Shah"]).trim(), "1");
    assert_eq!(json(d, &["team", "add", "Sam", "--json"])["id"], 2);
    let team = json(d, &["team", "list", "--json"]);
    assert_eq!(team[0]["name"], "Priya Shah");
    assert_eq!(team[1]["name"], "Sam");
    assert!(fails(d, &["team", "add", "sam"]).contains("already"));
}

#[test]
fn backup_restore_and_check() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(d, &["contacts", "add", "--name", "In Backup"]);
    let backup = d.join("snapshot.sqlite3");
    ok(
        d,
        &["backup", "--out", backup.to_str().expect("utf-8 path")],
    );
    ok(d, &["contacts", "add", "--name", "After Backup"]);
    let restored = ok(d, &["restore", backup.to_str().expect("utf-8 path")]);
    assert!(restored.contains("saved in"), "{restored}");
    let names: Vec<String> = json(d, &["contacts", "list", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names, vec!["In Backup"]);
    let report = json(d, &["check", "--json"]);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert!(ok(d, &["check"]).contains("ok"));

    let junk = d.join("junk.sqlite3");
    std::fs::write(&junk, "not a database").expect("write");
    assert!(fails(d, &["restore", junk.to_str().expect("utf-8 path")])
        .contains("not a Rapport data file"));
}

#[test]
fn check_exits_non_zero_on_a_problem() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(d, &["contacts", "add", "--name", "Someone"]);
    let conn = rusqlite::Connection::open(d.join("rapport.sqlite3")).expect("open");
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO interactions (contact_id, occurred_at, channel, summary, created_at)
         VALUES (777, '2026-01-01T00:00:00Z', 'call', 'orphan', '2026-01-01T00:00:00Z');",
    )
    .expect("orphan row");
    drop(conn);
    let out = rapport(d, &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("foreign key"));
}

#[test]
fn the_data_dir_comes_from_the_environment_when_no_flag_is_given() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["where", "--json"])
        .env("RAPPORT_DATA_DIR", dir.path())
        .output()
        .expect("run");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["data_dir"], dir.path().display().to_string());
    assert!(dir.path().join("rapport.sqlite3").exists());
}

#[test]
fn a_newer_data_file_is_refused_by_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(d, &["contacts", "add", "--name", "Someone"]);
    rusqlite::Connection::open(d.join("rapport.sqlite3"))
        .expect("open")
        .execute_batch("PRAGMA user_version = 999")
        .expect("bump");
    let err = fails(d, &["contacts", "list"]);
    assert!(err.contains("newer version of Rapport"), "{err}");
}

/// `rapport … | head` closes the pipe before everything is printed: the CLI stops quietly with
/// the status of a SIGPIPE (141), not with a panic report.
#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    use std::process::Stdio;
    let data = tempfile::tempdir().expect("data");
    for i in 0..50 {
        ok(
            data.path(),
            &["contacts", "add", "--name", &format!("Person {i}")],
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["contacts", "list", "--json"])
        .env_remove("RAPPORT_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rapport");
    // Close the read end at once, as `head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}
