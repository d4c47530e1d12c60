//! The shell's own settings, remembered across launches in a small JSON file in the platform's
//! config folder (`<config dir>/app.rapport.desktop/settings.json`; on Linux `$XDG_CONFIG_HOME`,
//! else `~/.config`). Today it holds one thing: the data folder the owner picked with "Open another
//! data folder…" on the start-up problem screen. `RAPPORT_DATA_DIR` still wins over it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "settings.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    /// The data folder to open at start-up, when `RAPPORT_DATA_DIR` is not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_dir: Option<PathBuf>,
    /// Settings a later version wrote: kept as they are.
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

/// Where the settings file lives, if this system has a config folder.
pub fn path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(rapport::APP_IDENTIFIER).join(FILE_NAME))
}

/// The data folder to open at start-up: `RAPPORT_DATA_DIR`, else the remembered folder (if it is
/// still there), else the platform's app-data folder.
pub fn data_dir() -> rapport::Result<PathBuf> {
    if std::env::var_os("RAPPORT_DATA_DIR").is_some_and(|d| !d.is_empty()) {
        return rapport::store::default_data_dir();
    }
    match path().and_then(|p| remembered_data_dir(&p)) {
        Some(dir) => Ok(dir),
        None => rapport::store::default_data_dir(),
    }
}

/// The folder remembered in the settings file at `file`, if any and if it still exists (a
/// folder on a drive that is not plugged in is not created anew; the default folder opens).
fn remembered_data_dir(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    let settings: Settings = serde_json::from_str(&text).ok()?;
    settings.data_dir.filter(|d| d.is_absolute() && d.is_dir())
}

/// Remembers `dir` as the folder to open at the next start-up. Failing to write the file does not
/// undo the change of folder: it is reported on stderr and the next launch opens the old one.
pub fn remember_data_dir(dir: &Path) {
    let Some(file) = path() else {
        return;
    };
    if let Err(e) = write_data_dir(&file, dir) {
        eprintln!(
            "rapport-app: could not remember the data folder in {}: {e}",
            file.display()
        );
    }
}

/// Writes `dir` into the settings file at `file`, keeping any other settings, atomically (a
/// temporary file renamed over the old one).
fn write_data_dir(file: &Path, dir: &Path) -> std::io::Result<()> {
    let mut settings: Settings = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let dir = std::path::absolute(dir)?;
    settings.data_dir = Some(dir);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = file.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(&settings).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, text + "\n")?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picked_folder_is_remembered_and_read_back() {
        let config = tempfile::tempdir().expect("temp dir");
        let data = tempfile::tempdir().expect("temp dir");
        let file = config.path().join("app").join(FILE_NAME);
        assert_eq!(remembered_data_dir(&file), None);
        write_data_dir(&file, data.path()).expect("write");
        assert_eq!(remembered_data_dir(&file), Some(data.path().to_path_buf()));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(file.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(FILE_NAME)]);
    }

    #[test]
    fn a_remembered_folder_that_is_gone_or_a_damaged_file_falls_back_to_the_default() {
        let config = tempfile::tempdir().expect("temp dir");
        let file = config.path().join(FILE_NAME);
        let gone = config.path().join("unplugged-drive");
        write_data_dir(&file, &gone).expect("write");
        assert_eq!(remembered_data_dir(&file), None);
        std::fs::write(&file, "{ not json").expect("write");
        assert_eq!(remembered_data_dir(&file), None);
        // A damaged file is replaced by a good one at the next pick.
        write_data_dir(&file, config.path()).expect("write");
        assert_eq!(
            remembered_data_dir(&file),
            Some(config.path().to_path_buf())
        );
    }

    #[test]
    fn other_settings_in_the_file_are_kept() {
        let config = tempfile::tempdir().expect("temp dir");
        let file = config.path().join(FILE_NAME);
        std::fs::write(&file, r#"{"data_dir": "/nowhere", "theme": "dark"}"#).expect("write");
        write_data_dir(&file, config.path()).expect("write");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains(&*config.path().to_string_lossy()), "{text}");
        assert!(!text.contains("/nowhere"), "{text}");
        assert!(text.contains(r#""theme": "dark""#), "{text}");
    }
}
