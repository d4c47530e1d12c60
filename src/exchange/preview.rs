//! What the import wizard shows before anything is written: the file's format and encoding, for a
//! CSV its delimiter, first rows and the column mapping guessed (or given), the first entries as
//! they would be read, and a dry run against the store (how many would be created, updated,
//! skipped, which entries match stored contacts, and any error with its line).

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::csv::{self, ColumnMapping, CsvPreview};
use super::{encoding, FileFormat, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::store::Store;

/// One entry of a file as the import would read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewEntry {
    #[ts(type = "number")]
    pub line: usize,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organization: Option<String>,
    /// As stored: `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
}

/// A file as the wizard previews it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportPreview {
    pub file: String,
    pub format: FileFormat,
    /// The encoding used to read it (detected unless one was given).
    pub encoding: String,
    /// For a CSV: delimiter, headers, the first rows and the mapping that will be used.
    pub csv: Option<CsvPreview>,
    /// The mapping came from the file's header (Google, Outlook, Thunderbird, Rapport).
    pub recognised: bool,
    /// The first entries as they would be read.
    pub entries: Vec<PreviewEntry>,
    /// How many entries the file holds (0 when it cannot be read).
    #[ts(type = "number")]
    pub total: usize,
    /// A dry run of the import: counts, matches, warnings and errors. Nothing is written.
    pub dry_run: ImportReport,
}

const SHOWN: usize = 8;

impl Store {
    /// Previews `path` for import with an optional encoding label and CSV mapping (see the module notes).
    pub fn preview_contact_file(
        &mut self,
        path: &Path,
        encoding_label: Option<&str>,
        mapping: Option<&ColumnMapping>,
    ) -> Result<ImportPreview> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        let format = super::sniff_format(&name, &bytes);
        let forced = encoding_label
            .map(encoding::encoding_for_label)
            .transpose()?;
        let (csv, encoding_name, recognised) = match format {
            FileFormat::Csv => {
                let mut p = csv::preview(&bytes, encoding_label).unwrap_or_else(|e| CsvPreview {
                    encoding: encoding::decode(&bytes, forced).1.name().to_string(),
                    delimiter: ",".into(),
                    headers: Vec::new(),
                    mapping: ColumnMapping {
                        delimiter: None,
                        has_header: false,
                        day_first: false,
                        columns: Vec::new(),
                    },
                    rows: vec![vec![e.to_string()]],
                });
                let recognised = p.mapping.has_header;
                if let Some(m) = mapping {
                    p.mapping = m.clone();
                }
                let enc = p.encoding.clone();
                (Some(p), enc, recognised)
            }
            FileFormat::Vcard => (
                None,
                forced
                    .unwrap_or_else(|| encoding::detect(&bytes))
                    .name()
                    .to_string(),
                true,
            ),
        };
        let options = ImportOptions {
            dry_run: true,
            encoding: encoding_label.map(str::to_string),
            mapping: csv.as_ref().map(|p| p.mapping.clone()),
            format: Some(format),
        };
        let (_, parsed) = super::read_records(&name, &bytes, &options)?;
        let (entries, total) = match &parsed {
            Ok(records) => (
                records
                    .iter()
                    .take(SHOWN)
                    .map(|r| PreviewEntry {
                        line: r.line,
                        name: r.input.name.clone(),
                        email: r.input.emails.first().map(|e| e.value.clone()),
                        phone: r.input.phones.first().map(|p| p.value.clone()),
                        organization: r.input.organization.clone(),
                        birthday: r.input.birthday.clone(),
                    })
                    .collect(),
                records.len(),
            ),
            Err(_) => (Vec::new(), 0),
        };
        drop(parsed);
        let mut dry_run = ImportReport {
            dry_run: true,
            ..ImportReport::default()
        };
        self.import_contact_bytes(&name, &bytes, &options, &mut dry_run)?;
        Ok(ImportPreview {
            file: name,
            format,
            encoding: encoding_name,
            csv,
            recognised,
            entries,
            total,
            dry_run,
        })
    }
}
