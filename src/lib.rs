//! Rapport's core: every rule, query, import and export of the product, with no knowledge of any
//! window. The desktop shell (`src-tauri`) and the CLI (`src/main.rs`) are thin faces over it.
//!
//! Start at [`Store`]: it opens the one SQLite file and each domain module adds its methods to it.

/// Every build's allocator. Rapport makes and frees many small strings (each field of each imported
/// card, each row read): in a 100,000-card vCard import glibc's allocator took about a fifth of the
/// CPU time, and the whole import took about a fifth less CPU time with mimalloc (`perf stat`).
/// SQLite keeps using the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod bindings;
pub mod contacts;
pub mod datetime;
pub mod dev;
pub mod error;
pub mod exchange;
pub mod export;
pub mod interactions;
pub mod issues;
pub mod meetings;
pub mod profiles;
pub mod reminders;
pub mod reports;
pub mod store;
pub mod surveys;
pub mod team;

pub use error::{Error, ErrorPayload, FieldError, Result};
pub use store::Store;

/// The desktop app's identifier. The platform's app-data folder for it holds the data file, so the
/// CLI and the app see the same data. Keep it equal to `identifier` in `src-tauri/tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "app.rapport.desktop";
