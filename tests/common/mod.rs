//! Shared test helpers: a real store in a temp folder with a fixed clock.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use rapport::contacts::{ContactInput, Labeled};
use rapport::Store;
use tempfile::TempDir;

pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
        .single()
        .expect("valid instant")
}

/// A fresh store in its own temp folder; keep the `TempDir` alive as long as the store.
pub fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open_in(dir.path()).expect("open store");
    store.set_clock(Box::new(fixed_now));
    (dir, store)
}

pub fn person(name: &str) -> ContactInput {
    ContactInput {
        name: name.to_string(),
        ..ContactInput::default()
    }
}

pub fn email(value: &str) -> Labeled {
    Labeled {
        label: None,
        value: value.to_string(),
    }
}

/// Runs the real `rapport` binary on the data folder `dir`: (succeeded, stdout, stderr).
pub fn cli_run(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
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

/// Runs `rapport` and parses its JSON output; fails the test if it fails.
pub fn cli_json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let (ok, out, err) = cli_run(dir, args);
    assert!(ok, "rapport {args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("no JSON from {args:?} ({e}): {out}"))
}
