//! The one error type of the core.
//!
//! Every variant has a stable `code()` that the CLI prints and the desktop shell sends to the UI as
//! `{code, message}`; the UI maps codes to what the owner sees. Messages name the thing that is wrong
//! (the field, the file) so a person can act on them.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// A problem with one field of a form or command, as shown beside that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    /// The field's name as the UI and CLI know it (`name`, `email`, `birthday` …).
    pub field: String,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// User input that breaks a rule; `field` names the offending field.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: i64 },

    /// The request conflicts with what is stored (a duplicate name, an illegal state change).
    #[error("{0}")]
    Conflict(String),

    #[error("{} was written by a newer version of Rapport (data version {found}; this build understands up to {supported}). Update Rapport, or restore an older backup.", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{} is not a Rapport data file ({reason}). Nothing was changed.", path.display())]
    NotRapport { path: PathBuf, reason: String },

    #[error("{} is damaged ({detail}). Restore it from a backup.", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("{} is in use by another program (is Rapport already running?)", path.display())]
    Locked { path: PathBuf },

    #[error("the disk is full: nothing was saved. Free some space and try again.")]
    DiskFull,

    #[error(
        "updating the data file to version {version} failed, so nothing was changed: {source}"
    )]
    MigrationFailed {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Database(rusqlite::Error),

    /// The owner stopped a long action (an import); what it was doing was rolled back.
    #[error("cancelled: nothing of the file in progress was kept")]
    Cancelled,
}

impl Error {
    /// A stable, machine-readable code. These are a contract with the UI and scripts: never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_field",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotRapport { .. } => "not_rapport_file",
            Error::Corrupt { .. } => "corrupt",
            Error::Locked { .. } => "locked",
            Error::DiskFull => "disk_full",
            Error::MigrationFailed { .. } => "migration_failed",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Cancelled => "cancelled",
        }
    }

    /// The field this error is about, when it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Locked {
                path: PathBuf::from("the data file"),
            },
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => Error::Corrupt {
                path: PathBuf::from("the data file"),
                detail: e.to_string(),
            },
            _ => Error::Database(e),
        }
    }
}

/// The error as it crosses into the UI.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        let message = match e {
            // The field name is shown by the UI beside the input; the message alone reads better there.
            Error::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        };
        ErrorPayload {
            code: e.code().to_string(),
            message,
            field: e.field().map(str::to_string),
        }
    }
}
