//! Files out: the pieces every export shares.
//!
//! - [`write_atomically`]: a file appears only when complete (temp name beside it, then rename).
//! - [`csv_cell`]: a CSV cell a spreadsheet will not run as a formula.
//! - [`Book`] (in `sheet.rs`): an xlsx workbook with Rapport's house style — every table a real Excel
//!   table with a frozen header row, widths that fit, dates as dates, landscape print fitted to the
//!   page width with the business name and date in the header and footer. User text is always
//!   written as a string, never as a formula.
//!
//! Domain exports (meeting packs, survey reports …) build on these; they read the store and pass
//! rows in. Nothing here reads the clock: the date printed in a footer is passed in.

pub mod meeting_pack;
mod profile;
pub mod reports;
mod sheet;
mod survey;

use std::path::Path;

pub use profile::profiles_book;
pub use sheet::{write_cell, Book, Cell, Column, Formats, Kind, TableRange};
pub use survey::{survey_book, template_book, TEMPLATE_HEADERS};

use crate::error::{Error, Result};

/// Writes `bytes` to a temp file beside `out`, then renames it over `out`, so a reader never sees
/// half a file and a failure leaves any earlier file as it was.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(out, |f| {
        use std::io::Write as _;
        f.write_all(bytes)
    })
}

/// Like [`write_atomically`], for a writer that streams into the temp file.
pub fn write_atomically_with(
    out: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::invalid("out", format!("{} is not a file name", out.display())))?;
    let temp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        write(&mut f)?;
        f.sync_all()?;
        std::fs::rename(&temp, out)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        if e.raw_os_error() == Some(28) {
            return Err(Error::DiskFull);
        }
        return Err(Error::io(out, e));
    }
    Ok(())
}

/// Starts, after any apostrophes, with what a spreadsheet runs as a formula (`=`, `+`, `-`, `@`,
/// tab, CR).
pub fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell a spreadsheet will not run as a formula: an apostrophe goes in front of one that
/// would (the contact import takes it off again).
pub fn csv_cell(cell: &str) -> String {
    if formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_would_run_get_an_apostrophe() {
        for (raw, out) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1 555 0100", "'+1 555 0100"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("'=already", "''=already"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(raw), out, "{raw:?}");
        }
    }
}
