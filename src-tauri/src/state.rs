//! What the shell keeps between commands: the data folder and, once it opened, the store. Start-up
//! may fail (a damaged, newer, foreign or locked file); then `store` stays empty, `error` says why,
//! and the UI shows its start-up problem screen from `app_status` — never an empty database.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rapport::store::{list_backups, AppStatus, DB_FILE_NAME};
use rapport::{Error, ErrorPayload, Store};

pub struct AppState {
    inner: Mutex<Inner>,
}

pub struct Inner {
    data_dir: Option<PathBuf>,
    store: Option<Store>,
    error: Option<ErrorPayload>,
    /// Whether the store at `data_dir` has been tried; start-up opens it only once.
    tried: bool,
}

impl AppState {
    pub fn new(data_dir: rapport::Result<PathBuf>) -> Self {
        let (data_dir, error) = match data_dir {
            Ok(dir) => (Some(dir), None),
            Err(e) => (None, Some(ErrorPayload::from(&e))),
        };
        AppState {
            inner: Mutex::new(Inner {
                tried: data_dir.is_none(),
                data_dir,
                store: None,
                error,
            }),
        }
    }

    /// The state, even if a command panicked while holding it (the store itself stays consistent:
    /// every write is one transaction that rolls back on drop).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inner {
    /// Opens the store the first time it is needed (migrations and their backup run here).
    pub fn ensure_open(&mut self) {
        if self.tried {
            return;
        }
        self.tried = true;
        if let Some(dir) = &self.data_dir {
            match Store::open_in(dir) {
                Ok(store) => self.store = Some(store),
                Err(e) => self.error = Some(ErrorPayload::from(&e)),
            }
        }
        crate::trace::stage("store-opened");
    }

    /// The open store, or why there is none.
    pub fn store(&mut self) -> Result<&mut Store, ErrorPayload> {
        self.ensure_open();
        match self.store.as_mut() {
            Some(store) => {
                // Read at every use, so a window left open across a DST change stays right.
                store.set_utc_offset_minutes(local_utc_offset_minutes());
                Ok(store)
            }
            None => Err(self.error.clone().unwrap_or_else(|| ErrorPayload {
                code: "not_ready".into(),
                message: "the data file is not open".into(),
                field: None,
            })),
        }
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    pub fn status(&mut self) -> AppStatus {
        self.ensure_open();
        let dir = self.data_dir.clone().unwrap_or_default();
        AppStatus {
            ready: self.store.is_some(),
            data_dir: dir.display().to_string(),
            database: dir.join(DB_FILE_NAME).display().to_string(),
            error: if self.store.is_some() {
                None
            } else {
                self.error.clone()
            },
            backups: if dir.as_os_str().is_empty() {
                vec![]
            } else {
                list_backups(&dir)
            },
        }
    }

    /// Switches to an already opened store (after a recovery or a change of folder).
    pub fn replace(&mut self, store: Store) {
        self.data_dir = Some(store.data_dir().to_path_buf());
        self.store = Some(store);
        self.error = None;
        self.tried = true;
    }

    /// Records why recovery of the current folder is refused, as a core error.
    pub fn refuse_recover_when_ready(&self) -> Result<(), ErrorPayload> {
        if self.store.is_some() {
            let e = Error::Conflict(
                "the data file opened normally; restore a backup from Settings instead".into(),
            );
            return Err(ErrorPayload::from(&e));
        }
        Ok(())
    }
}

/// The owner's offset from UTC now, in minutes. The shell is an outer face: it may ask the system.
#[allow(clippy::disallowed_methods)]
fn local_utc_offset_minutes() -> i32 {
    use chrono::Offset;
    chrono::Local::now().offset().fix().local_minus_utc() / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_in(dir: &Path) -> AppState {
        AppState::new(Ok(dir.to_path_buf()))
    }

    #[test]
    fn an_empty_folder_starts_a_new_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let status = state_in(dir.path()).lock().status();
        assert!(status.ready, "{status:?}");
        assert!(status.error.is_none());
        assert!(dir.path().join(DB_FILE_NAME).is_file());
    }

    #[test]
    fn a_garbage_data_file_is_reported_and_left_alone_not_replaced_by_an_empty_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(DB_FILE_NAME);
        std::fs::write(&file, b"not a database at all, just text").expect("write garbage");
        let state = state_in(dir.path());
        let mut inner = state.lock();
        let status = inner.status();
        assert!(!status.ready);
        assert_eq!(
            status.error.as_ref().map(|e| e.code.as_str()),
            Some("not_rapport_file")
        );
        // Data commands refuse with the same reason rather than working on an empty database.
        let refused = inner.store().expect_err("no store");
        assert_eq!(refused.code, "not_rapport_file");
        assert_eq!(
            std::fs::read(&file).expect("read"),
            b"not a database at all, just text"
        );
    }

    #[test]
    fn recovery_is_refused_while_the_data_file_is_healthy() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        let mut inner = state.lock();
        inner.ensure_open();
        let refused = inner.refuse_recover_when_ready().expect_err("refused");
        assert_eq!(refused.code, "conflict");
    }

    #[test]
    fn a_garbage_file_is_recovered_from_a_backup_and_kept_aside() {
        let good = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open_in(good.path()).expect("open");
        store
            .add_contact(&rapport::contacts::ContactInput {
                name: "Kept".into(),
                ..Default::default()
            })
            .expect("add");
        let backup = good.path().join("saved.sqlite3");
        store.backup_to(&backup).expect("backup");

        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(DB_FILE_NAME), b"garbage garbage garbage").expect("write");
        let state = state_in(dir.path());
        let mut inner = state.lock();
        assert!(!inner.status().ready);
        let (recovered, aside) =
            Store::recover_from_backup(dir.path(), &backup, "20261124T000000").expect("recover");
        inner.replace(recovered);
        let status = inner.status();
        assert!(status.ready && status.error.is_none(), "{status:?}");
        assert_eq!(
            inner.store().expect("store").info().expect("info").contacts,
            1
        );
        assert!(aside.is_file());
    }
}
