//! Watching a long import: progress per file and per batch of rows, and a way to stop it.
//!
//! The import asks its `ImportWatch` whether to stop before each file, after reading a file, and
//! between batches of rows inside the file's one transaction. Stopping inside the transaction
//! returns `Error::Cancelled` from it, so SQLite rolls the file back: a cancelled file keeps
//! nothing, files finished before it stay imported, files after it are not started.

use serde::Serialize;
use ts_rs::TS;

use super::FileFormat;

/// What an import is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    /// Reading and checking the file (nothing written yet).
    Reading,
    /// Writing the file's contacts in its transaction; `done` of `total` rows so far.
    Writing,
    /// The file is finished (imported, refused, or rolled back).
    Finished,
}

/// One progress report: which file (of how many), what stage, how many rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    pub file: String,
    /// 0-based position of the file among the files of this import.
    #[ts(type = "number")]
    pub file_index: usize,
    #[ts(type = "number")]
    pub files: usize,
    pub stage: ImportStage,
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
}

/// What became of one file of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileOutcome {
    Imported,
    /// The file had an error (see the report's errors): nothing of it was written.
    Failed,
    /// Stopped by the owner while this file was in progress: nothing of it was written.
    Cancelled,
    /// Not started because the import was stopped before it.
    NotStarted,
}

/// One file's part of an import report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileReport {
    pub file: String,
    pub format: Option<FileFormat>,
    pub outcome: FileOutcome,
    #[ts(type = "number")]
    pub created: usize,
    #[ts(type = "number")]
    pub updated: usize,
    #[ts(type = "number")]
    pub skipped: usize,
}

/// Told about progress, and asked whether to stop. Both have do-nothing defaults.
pub trait ImportWatch {
    fn progress(&mut self, _progress: &ImportProgress) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// A watch that reports nothing and never stops (the CLI's).
pub struct NoWatch;

impl ImportWatch for NoWatch {}

/// How many new contacts are written per statement batch between progress reports.
pub(crate) const WRITE_BATCH: usize = 5_000;

/// The position of the current file, for building `ImportProgress` reports.
#[derive(Debug, Clone)]
pub(crate) struct FileAt {
    pub file: String,
    pub index: usize,
    pub files: usize,
}

impl FileAt {
    pub(crate) fn report(&self, stage: ImportStage, done: usize, total: usize) -> ImportProgress {
        ImportProgress {
            file: self.file.clone(),
            file_index: self.index,
            files: self.files,
            stage,
            done,
            total,
        }
    }
}
