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
