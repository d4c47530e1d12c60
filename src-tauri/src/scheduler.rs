//! The reminder scheduler: a task on Tauri's async runtime (tokio) that looks at what is due, sends
//! desktop notifications (`notify.rs`) and records their delivery. It wakes at the next reminder's
//! moment and at least every minute, and at once when the wall clock jumps against the monotonic
//! clock (resume from sleep, the clock set, a new time zone). Occurrences missed while the app was
//! closed come at the first look after start-up, as one summary when there are more than a few.
//! Clicking a notification shows the window on the contact or issue (the UI follows the hash).
//!
//! The decisions live in the core (`rapport::reminders::delivery`); the store is held only to plan
//! and to record, never while a notification is being sent.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rapport::reminders::delivery::{clock_jumped, next_wake, Target};
use rapport::reminders::ReminderWindow;
use tauri::{AppHandle, Manager};

use crate::notify::{deliver_due, DesktopSender, OnClick, StoreAccess};
use crate::state::AppState;

/// How often a sleep checks the wall clock against the monotonic one.
const JUMP_CHECK: Duration = Duration::from_secs(5);

/// The shell is an outer face: it may read the clock.
#[allow(clippy::disallowed_methods)]
fn now_utc() -> DateTime<Utc> {
    Utc::now()
}

/// Starts the scheduler on the async runtime. `RAPPORT_NO_NOTIFICATIONS=1` leaves it off (for
/// test runs that must not record deliveries).
pub fn start(app: &AppHandle) {
    if std::env::var_os("RAPPORT_NO_NOTIFICATIONS").is_some_and(|v| v == "1") {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let handle = app.clone();
            let wake = tauri::async_runtime::spawn_blocking(move || look(&handle))
                .await
                .ok()
                .flatten();
            sleep_until(wake).await;
        }
    });
}

/// Sleeps until `wake` (a minute when unknown), in short steps so a clock jump ends it early.
async fn sleep_until(wake: Option<DateTime<Utc>>) {
    let start = now_utc();
    let wake = wake.unwrap_or(start + chrono::Duration::seconds(60));
    loop {
        let wall_before = now_utc();
        let left = (wake - wall_before).to_std().unwrap_or(Duration::ZERO);
        if left.is_zero() {
            return;
        }
        let step = left.min(JUMP_CHECK);
        let mono = Instant::now();
        tokio::time::sleep(step).await;
        if clock_jumped(wall_before, now_utc(), mono.elapsed()) {
            return;
        }
    }
}

/// The shell's store, as the notification code reaches it.
struct Shared<'a>(&'a AppState);

impl StoreAccess for Shared<'_> {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut rapport::Store) -> rapport::Result<T>,
    ) -> Result<T, String> {
        let mut inner = self.0.lock();
        let store = inner.store().map_err(|e| e.message)?;
        f(store).map_err(|e| e.to_string())
    }
}

/// One look: deliver what is due (notify.rs), then work out when to look next.
fn look(app: &AppHandle) -> Option<DateTime<Utc>> {
    let now = now_utc();
    let tz = chrono::Local;
    let shared = Shared(app.state::<AppState>().inner());
    let click_app = app.clone();
    let on_click: OnClick = Arc::new(move |target: Target| open_target(&click_app, &target));
    match deliver_due(&shared, now, &tz, &DesktopSender, &on_click) {
        Ok(report) => {
            for e in &report.failed {
                eprintln!("rapport-app: {e}");
            }
        }
        // No store (the start-up problem screen): nothing to deliver, look again later.
        Err(e) => eprintln!("rapport-app: reminders: {e}"),
    }
    let today = now.with_timezone(&tz).date_naive();
    let upcoming: Vec<String> = shared
        .with_store(|store| store.reminders_due(now, &tz, ReminderWindow::days(today, 1)))
        .map(|items| items.into_iter().map(|r| r.at).collect())
        .unwrap_or_default();
    Some(next_wake(now, upcoming.iter().map(String::as_str)))
}

/// Shows the window on a contact, an issue or Today: the UI's navigation follows the hash.
fn open_target(app: &AppHandle, target: &Target) {
    let route = target.route();
    let app2 = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Some(window) = app2.get_webview_window("main") {
            let _ = window.show();
            let _ = window.unminimize();
            let _ = window.set_focus();
            // The route is built from numbers only (Target::route), never from user text.
            let _ = window.eval(format!("window.location.hash = {route:?};"));
        }
    });
}
