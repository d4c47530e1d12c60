//! Start-up timing for bench/startup: with `RAPPORT_TRACE_STARTUP` set, each stage prints one line
//! with the wall-clock time, so the bench can tell where start-up time goes. Silent otherwise.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

fn enabled() -> bool {
    std::env::var_os("RAPPORT_TRACE_STARTUP").is_some()
}

/// Wall-clock time, comparable with the bench's own clock in another process (not domain "now").
#[allow(clippy::disallowed_methods)]
fn epoch_us() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default()
}

/// A stage of start-up: `main`, `setup`, `webview-configured`, `store-opened`, `page-committed`,
/// `page-loaded`, `app-status`, `contacts-list`, `contacts-list-done`.
pub fn stage(name: &str) {
    if enabled() {
        println!("rapport-app trace stage={name} epoch_us={}", epoch_us());
    }
}

/// A stage that happens many times; only its first time is printed.
pub fn first(name: &'static str) {
    static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    if enabled() {
        let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
        if !seen.contains(&name) {
            seen.push(name);
            stage(name);
        }
    }
}

/// The UI's first screen has painted.
pub fn ready(screen: &str, rows: u32) {
    if enabled() {
        println!(
            "rapport-app ready screen={screen} rows={rows} epoch_us={}",
            epoch_us()
        );
    }
}
