//! What the Settings screen and the start-up error screen show about the data file, and recovery
//! for when the file cannot be opened at all.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::{Store, BACKUP_DIR_NAME, DB_FILE_NAME};
use crate::error::{Error, ErrorPayload, Result};

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    /// Last modified, UTC RFC 3339.
    pub modified: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreInfo {
    pub data_dir: String,
    pub database: String,
    pub backup_dir: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub contacts: i64,
    pub backups: Vec<BackupFile>,
}

/// How start-up went: either the store is ready, or `error` says why not and `backups` lists what
/// the owner can restore from. The app never starts on an empty database silently.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub ready: bool,
    pub data_dir: String,
    pub database: String,
    pub error: Option<ErrorPayload>,
    pub backups: Vec<BackupFile>,
}

/// The backups in `data_dir/backups`, newest first.
pub fn list_backups(data_dir: &Path) -> Vec<BackupFile> {
    let dir = data_dir.join(BACKUP_DIR_NAME);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "sqlite3"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
            Some(BackupFile {
                path: e.path().display().to_string(),
                name: e.file_name().to_string_lossy().into_owned(),
                modified: super::timestamp(modified),
                bytes: meta.len(),
            })
        })
        .collect();
    files.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
    files
}

impl Store {
    pub fn info(&self) -> Result<StoreInfo> {
        let contacts: i64 = self.conn().query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(StoreInfo {
            data_dir: self.data_dir().display().to_string(),
            database: self.path.display().to_string(),
            backup_dir: self.backup_dir().display().to_string(),
            schema_version: self.schema_version()?,
            contacts,
            backups: list_backups(self.data_dir()),
        })
    }

    /// Recovers a data folder whose file cannot be opened (damaged, or from a newer Rapport): the
    /// file is moved aside (never deleted) as `rapport.sqlite3.unusable-<time>`, the backup is copied
    /// in its place, and the store is opened. The backup is validated first; if it is unusable too,
    /// nothing is moved.
    pub fn recover_from_backup(
        data_dir: &Path,
        backup: &Path,
        stamp: &str,
    ) -> Result<(Store, PathBuf)> {
        super::maintenance::validate_restore_source(backup)?;
        let db = data_dir.join(DB_FILE_NAME);
        let aside = data_dir.join(format!("{DB_FILE_NAME}.unusable-{stamp}"));
        if db.exists() {
            std::fs::rename(&db, &aside).map_err(|e| Error::io(&db, e))?;
        }
        for suffix in ["-wal", "-shm"] {
            let side = data_dir.join(format!("{DB_FILE_NAME}{suffix}"));
            if side.exists() {
                let target = data_dir.join(format!("{DB_FILE_NAME}.unusable-{stamp}{suffix}"));
                std::fs::rename(&side, &target).map_err(|e| Error::io(&side, e))?;
            }
        }
        let partial = data_dir.join(format!(".{DB_FILE_NAME}.restoring"));
        std::fs::copy(backup, &partial).map_err(|e| Error::io(backup, e))?;
        std::fs::rename(&partial, &db).map_err(|e| Error::io(&db, e))?;
        let store = Store::open(&db)?;
        Ok((store, aside))
    }
}
