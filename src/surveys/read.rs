//! A survey file's cells as text: workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, first
//! sheet; CSV through the csv crate after the contact import's encoding detection, with a Mac Roman
//! fallback. Numbers that are whole come out without ".0"; workbook dates come out as ISO text.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

use crate::error::{Error, Result};
use crate::exchange::encoding;

/// Every row of the file's first sheet, each cell as text (empty cells are empty strings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The file's name, for messages.
    pub file: String,
    pub rows: Vec<Vec<String>>,
    /// Things the owner should know (an encoding guessed, not declared).
    pub warnings: Vec<String>,
}

/// Reads the file at `path`.
pub fn read_file(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    read_bytes(&name, &bytes)
}

/// Reads a file's bytes; `name` decides the format by its extension (.csv and .txt are CSV).
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Table> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(name, bytes),
        "csv" | "txt" | "tsv" | "" => read_csv(name, bytes),
        other => Err(Error::invalid(
            "file",
            format!("{name}: .{other} files cannot be read (use .xlsx, .xls, .ods or .csv)"),
        )),
    }
}

fn read_workbook(name: &str, bytes: &[u8]) -> Result<Table> {
    let bad = |e: String| Error::invalid("file", format!("{name}: not a readable workbook ({e})"));
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("it has no sheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    // Rows before the range's start (empty leading rows) still count in row numbers.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); first_row as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(Table {
        file: name.to_string(),
        rows,
        warnings: Vec::new(),
    })
}

/// A workbook cell as the text a person would read in it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_to_iso(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel serial date (days since 1899-12-30, the 1900 system as Excel counts it) as ISO text.
fn serial_to_iso(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let date = base + chrono::Duration::days(days as i64);
    if seconds == 0 {
        date.format("%Y-%m-%d").to_string()
    } else {
        (date.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(seconds))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    }
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Table> {
    let mut warnings = Vec::new();
    let detected = encoding::detect(bytes);
    let used: &'static Encoding = if detected == WINDOWS_1252 && looks_like_mac_roman(bytes) {
        MACINTOSH
    } else {
        detected
    };
    if used == WINDOWS_1252 || used == MACINTOSH {
        warnings.push(format!(
            "{name} is not UTF-8; it was read as {} (check accented letters)",
            if used == MACINTOSH {
                "Mac Roman"
            } else {
                "Windows-1252"
            }
        ));
    }
    let (text, _) = encoding::decode(bytes, Some(used));
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record
            .map_err(|e| Error::invalid("file", format!("{name}, row {}: {e}", index + 1)))?;
        let mut cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(Table {
        file: name.to_string(),
        rows,
        warnings,
    })
}

/// Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) but Mac Roman uses for
/// accented letters: a file with them is far more likely Mac Roman.
fn looks_like_mac_roman(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
}
