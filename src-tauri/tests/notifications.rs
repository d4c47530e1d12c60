//! The real notification path: the shell's own notification code (`src/notify.rs`, the file the
//! scheduler calls) sends through notify-rust over D-Bus to a recording notification server
//! (`notification_server.py`, python dbus-next) on a private bus under `dbus-run-session`, and we
//! assert on the summary and body it received, on the click coming back as the contact to open,
//! on nothing being sent twice, on one summary after a week closed and on quiet hours.
//!
//! Needs `dbus-run-session` and a python with dbus-next (`RAPPORT_PYTHON`, as scripts/test sets
//! up). Without them the test says SKIPPED, unless `RAPPORT_REQUIRE_NOTIFY_TEST=1` (scripts/test).

#[allow(dead_code)]
#[path = "../src/notify.rs"]
mod notify;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use notify::{deliver_due, DesktopSender, OnClick};
use rapport::contacts::ContactInput;
use rapport::reminders::delivery::Target;
use rapport::reminders::{FollowUpInput, ReminderSettings};
use rapport::Store;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

/// Central European winter time, as a fixed zone (no tz database needed for these dates).
fn cet() -> FixedOffset {
    FixedOffset::east_opt(3600).expect("offset")
}

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<serde_json::Value>,
}

impl Server {
    /// Starts the server on a new private bus; the first line it gives is that bus's address.
    fn start_with_address(python: &str) -> Server {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notification_server.py");
        let mut child = Command::new("dbus-run-session")
            .args(["--", "sh", "-c"])
            // The bus address is known only inside the session: print it, then start the server.
            .arg(r#"printf '{"address": "%s"}\n' "$DBUS_SESSION_BUS_ADDRESS"; exec "$0" "$1""#)
            .arg(python)
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-run-session");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
            }
        });
        let stdin = child.stdin.take();
        Server {
            child,
            stdin,
            lines: rx,
        }
    }

    fn next(&self, wait: Duration) -> Option<serde_json::Value> {
        self.lines.recv_timeout(wait).ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing its input stops the server; dbus-run-session then stops the bus.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn prerequisites() -> Result<String, String> {
    let python = std::env::var("RAPPORT_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_bus = Command::new("dbus-run-session")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_bus {
        return Err("dbus-run-session is not installed (apt: dbus)".into());
    }
    let has_dbus_next = Command::new(&python)
        .args(["-c", "import dbus_next"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_dbus_next {
        return Err(format!(
            "`{python}` cannot import dbus_next (python3 -m venv v && v/bin/pip install dbus-next, \
             then RAPPORT_PYTHON=v/bin/python)"
        ));
    }
    Ok(python)
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    (dir, store)
}

fn person(name: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn reminders_reach_a_real_notification_server_once_and_a_click_opens_the_contact() {
    let python = match prerequisites() {
        Ok(p) => p,
        Err(why) => {
            assert!(
                std::env::var_os("RAPPORT_REQUIRE_NOTIFY_TEST").is_none(),
                "the notification test is required here but cannot run: {why}"
            );
            let _ = writeln!(std::io::stderr(), "SKIPPED: notification path: {why}");
            return;
        }
    };
    // The server must print its bus address: run it through a shell inside the session.
    let server = Server::start_with_address(&python);
    let first = server.next(Duration::from_secs(20)).expect("bus address");
    let address = first["address"].as_str().expect("address").to_string();
    let ready = server.next(Duration::from_secs(20)).expect("server ready");
    assert_eq!(ready["ready"], true);
    // notify-rust (zbus) connects to the session bus named here: the private one.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);

    let (clicks_tx, clicks) = channel::<Target>();
    let clicks_tx = Mutex::new(clicks_tx);
    let on_click: OnClick = Arc::new(move |t| {
        let _ = clicks_tx.lock().expect("lock").send(t);
    });
    let wait = Duration::from_secs(10);

    // 1. A follow-up due at 09:30: one notification, its summary and body, the click.
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
    let now = utc("2026-12-01T08:31:00Z"); // 09:31 CET
    let shared = Mutex::new(store);
    let report = deliver_due(&shared, now, &cet(), &DesktopSender, &on_click).expect("look");
    assert_eq!((report.sent, report.recorded), (1, 1), "{report:?}");
    let got = server.next(wait).expect("a notification");
    assert_eq!(got["app_name"], "Rapport");
    assert_eq!(got["summary"], "Call about the invoice");
    assert_eq!(
        got["body"],
        "Ada Lovelace: follow-up set for 1 December 2026"
    );
    assert_eq!(got["actions"][0], "default");
    assert_eq!(
        clicks.recv_timeout(wait).expect("the click came back"),
        Target::Contact { id: ada }
    );

    // 2. The next look sends nothing: delivered at most once.
    let later = utc("2026-12-01T08:32:00Z");
    let report = deliver_due(&shared, later, &cet(), &DesktopSender, &on_click).expect("look");
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(server.next(Duration::from_millis(700)).is_none());

    // 3. A week closed with six birthdays: one summary.
    let (_dir2, mut store) = temp_store();
    for (name, day) in [
        ("Ann", "--11-24"),
        ("Ben", "--11-25"),
        ("Cleo", "--11-26"),
        ("Dan", "--11-27"),
        ("Eve", "--11-28"),
        ("Finn", "--11-29"),
    ] {
        store
            .add_contact(&ContactInput {
                birthday: Some(day.into()),
                ..person(name)
            })
            .expect("contact");
    }
    let shared = Mutex::new(store);
    let report = deliver_due(&shared, now, &cet(), &DesktopSender, &on_click).expect("look");
    assert_eq!((report.sent, report.recorded), (1, 6), "{report:?}");
    let got = server.next(wait).expect("the summary");
    assert_eq!(got["summary"], "6 reminders");
    assert_eq!(
        got["body"],
        "Ann's birthday on 24 November\nBen's birthday on 25 November\n\
         Cleo's birthday on 26 November\nDan's birthday on 27 November\n\
         Eve's birthday on 28 November\nand 1 more"
    );
    assert_eq!(
        clicks.recv_timeout(wait).expect("the click came back"),
        Target::Today
    );

    // 4. Quiet hours hold a reminder until they end.
    let (_dir3, mut store) = temp_store();
    let bea = store.add_contact(&person("Bea")).expect("contact");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: bea,
            due_date: "2026-12-01".into(),
            due_time: Some("22:15".into()),
            ..Default::default()
        })
        .expect("follow-up");
    store
        .set_reminder_settings(&ReminderSettings {
            quiet_from: Some("22:00".into()),
            quiet_until: Some("07:00".into()),
            ..ReminderSettings::default()
        })
        .expect("settings");
    let night = utc("2026-12-01T21:30:00Z"); // 22:30 CET
    let shared = Mutex::new(store);
    let report = deliver_due(&shared, night, &cet(), &DesktopSender, &on_click).expect("look");
    assert_eq!((report.sent, report.held), (0, 1), "{report:?}");
    assert!(server.next(Duration::from_millis(700)).is_none());
    let morning = utc("2026-12-02T06:01:00Z"); // 07:01 CET
    let report = deliver_due(&shared, morning, &cet(), &DesktopSender, &on_click).expect("look");
    assert_eq!(report.sent, 1, "{report:?}");
    let got = server.next(wait).expect("after quiet hours");
    assert_eq!(got["summary"], "Follow up with Bea");
    drop(server);
}
