//! One look at what is due, and desktop notifications through notify-rust (D-Bus
//! `org.freedesktop.Notifications` on Linux, the system's own elsewhere). No Tauri here: the
//! scheduler (`scheduler.rs`) calls [`deliver_due`] on its loop, and `tests/notifications.rs`
//! runs this same file against a real notification server on a private session bus.
//!
//! The decisions (quiet hours, muted kinds, one each or one summary, what a click opens) are the
//! core's `rapport::reminders::delivery`; this file only reads the store, sends and records.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use rapport::reminders::delivery::{plan_delivery, DeliveryPlan, Notice, Target, CATCH_UP_DAYS};
use rapport::Store;

/// Sends one notification; `on_click` runs (on another thread) if the owner clicks it.
pub trait Sender {
    fn send(
        &self,
        notice: &Notice,
        on_click: Box<dyn FnOnce(Target) + Send + 'static>,
    ) -> Result<(), String>;
}

/// What one look did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Notifications sent.
    pub sent: usize,
    /// Occurrences recorded as delivered (sent, or of a muted kind).
    pub recorded: usize,
    /// Held back by quiet hours.
    pub held: usize,
    /// Notifications the system refused (they stay pending and are tried at the next look).
    pub failed: Vec<String>,
}

/// The part of a look that needs the store: what to send now and what to record regardless.
pub fn plan<Tz: TimeZone>(
    store: &Store,
    now: DateTime<Utc>,
    tz: &Tz,
) -> rapport::Result<DeliveryPlan> {
    let settings = store.reminder_settings()?;
    let local = now.with_timezone(tz);
    let since = local.date_naive() - chrono::Duration::days(CATCH_UP_DAYS);
    let pending = store.undelivered(now, tz, since)?;
    Ok(plan_delivery(&pending, &settings, local.naive_local()))
}

/// What clicking a notification does (the scheduler opens the window on the target).
pub type OnClick = Arc<dyn Fn(Target) + Send + Sync>;

/// Sends the planned notices. Returns what happened and the keys to record: the muted ones and
/// those of every notice sent. A notice the system refused stays pending for the next look.
pub fn send_all(
    plan: &DeliveryPlan,
    sender: &dyn Sender,
    on_click: &OnClick,
) -> (TickReport, Vec<String>) {
    let mut report = TickReport {
        held: plan.held,
        ..TickReport::default()
    };
    let mut keys = plan.record.clone();
    for notice in &plan.notices {
        let click = Arc::clone(on_click);
        match sender.send(notice, Box::new(move |t| click(t))) {
            Ok(()) => {
                report.sent += 1;
                keys.extend(notice.keys.iter().cloned());
            }
            Err(e) => report.failed.push(e),
        }
    }
    (report, keys)
}

/// Where a look finds the store: held only for one step at a time.
pub trait StoreAccess {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> rapport::Result<T>) -> Result<T, String>;
}

/// A store of one's own (the test binary's).
impl StoreAccess for std::sync::Mutex<Store> {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> rapport::Result<T>) -> Result<T, String> {
        let mut store = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store).map_err(|e| e.to_string())
    }
}

/// One look: plan with the store held, send without it (a slow notification server never holds
/// the data file), record with it again. The caller's loop is the only sender, so nothing is
/// sent twice in between; a notice that could not be sent stays pending for the next look.
pub fn deliver_due<Tz: TimeZone>(
    access: &impl StoreAccess,
    now: DateTime<Utc>,
    tz: &Tz,
    sender: &dyn Sender,
    on_click: &OnClick,
) -> Result<TickReport, String> {
    let planned = access.with_store(|store| plan(store, now, tz))?;
    let (mut report, keys) = send_all(&planned, sender, on_click);
    if !keys.is_empty() {
        report.recorded = access.with_store(|store| store.mark_delivered(&keys, now))?;
    }
    Ok(report)
}

/// Desktop notifications through notify-rust.
pub struct DesktopSender;

impl Sender for DesktopSender {
    fn send(
        &self,
        notice: &Notice,
        on_click: Box<dyn FnOnce(Target) + Send + 'static>,
    ) -> Result<(), String> {
        let mut n = notify_rust::Notification::new();
        n.appname("Rapport")
            .summary(&notice.summary)
            .body(&notice.body)
            .icon("app.rapport.desktop");
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            // "default" is the click on the notification itself.
            n.action("default", "Open");
            let handle = n
                .show()
                .map_err(|e| format!("notification not shown: {e}"))?;
            let target = notice.target.clone();
            std::thread::spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        on_click(target);
                    }
                });
            });
            Ok(())
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            // Clicks come back only on Linux/BSD; elsewhere the notification just opens the app.
            drop(on_click);
            n.show()
                .map(|_| ())
                .map_err(|e| format!("notification not shown: {e}"))
        }
    }
}
