//! Bringing contacts in and taking them out: vCard and CSV import and export, duplicates and merge.
//!
//! An import reads each file whole, turns it into contacts in memory and checks every one before
//! anything is written, so a malformed file (a broken vCard line, a CSV quote never closed) writes
//! nothing and is reported with its file and line. A file that reads cleanly is then matched
//! against the store — by vCard UID first (kept in `contact_sources`), then by any email — and
//! split into contacts to create and contacts to update. The whole file is then written in one
//! transaction (`write.rs`): new contacts through the contacts batch path
//! (`contacts::insert_contacts`), then the updates and the UIDs; a failure rolls all of it back.
//!
//! Re-importing never loses what the owner typed: a value the file carries replaces the stored one,
//! emails, phones and tags are added to the stored ones, and a field the file lacks is kept.

pub mod csv;
pub mod duplicates;
pub mod encoding;
mod everything;
mod merge;
mod preview;
mod profiles;
pub mod progress;
pub mod vcard;
mod write;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::{
    normalize_email, phone_digits, validate_contact, Birthday, Contact, ContactInput, ContactKind,
    ValidContact,
};
use crate::error::{Error, Result};
use crate::export::write_atomically;
use crate::store::Store;

pub use self::csv::{ColumnMapping, ColumnRule, CsvField, CsvLayout, CsvPreview};
pub use duplicates::{DuplicateCandidate, DuplicateReason};
pub use everything::{ExportAllReport, ExportedFile};
pub use merge::{MergeField, MergeReport};
pub use preview::{ImportPreview, PreviewEntry};
pub use profiles::CsvProfile;
pub use progress::{FileOutcome, FileReport, ImportProgress, ImportStage, ImportWatch, NoWatch};
pub use vcard::VcardVersion;

/// One contact read from a file, with the line it starts on and what could not be kept of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    pub input: ContactInput,
    pub uid: Option<String>,
    pub line: usize,
    /// Values left out, each with the line it is on.
    pub warnings: Vec<(usize, String)>,
    /// `input` as checked while reading, when it passed every rule: a contact made from this one
    /// record alone is not checked twice. Set by `sanitize_record`, which is the last to change
    /// `input`.
    pub(crate) checked: Option<ValidContact>,
}

/// A problem at a line of a file being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// A problem with a file, at a line when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportProblem {
    pub file: String,
    #[ts(type = "number | null")]
    pub line: Option<usize>,
    pub message: String,
}

/// An entry of a file that matched a stored contact (by vCard UID or email).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportMatch {
    pub file: String,
    #[ts(type = "number")]
    pub line: usize,
    #[ts(type = "number")]
    pub contact_id: i64,
    /// The stored contact's name before the import.
    pub contact_name: String,
    /// The entry changes the stored contact (else it is skipped).
    pub changes: bool,
}

/// At most this many matches are listed in a report (the counts are always complete).
const MAX_MATCHES: usize = 200;

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub created: usize,
    /// Stored contacts that the files changed (matched by UID or email).
    #[ts(type = "number")]
    pub updated: usize,
    /// Entries with nothing to keep (no name, email, phone or organisation), and matches the file
    /// would not change.
    #[ts(type = "number")]
    pub skipped: usize,
    /// Files that were not imported at all, each problem with its line.
    pub errors: Vec<ImportProblem>,
    /// Values that were left out of an imported contact (an unreadable birthday, a bad email).
    pub warnings: Vec<ImportProblem>,
    /// Each skipped entry with its line and why it was skipped.
    pub skipped_rows: Vec<ImportProblem>,
    /// What became of each file, in order.
    pub files: Vec<FileReport>,
    /// The first entries that matched stored contacts (at most 200; `updated` and `skipped` count all).
    pub matched: Vec<ImportMatch>,
    /// The owner stopped the import: the file in progress was rolled back, later ones not started.
    pub cancelled: bool,
    pub dry_run: bool,
}

/// The kind of file being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Vcard,
    Csv,
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// An encoding label that overrides detection (`utf-8`, `shift_jis`, `windows-1252` …).
    pub encoding: Option<String>,
    /// The CSV column mapping to use instead of recognising the header.
    pub mapping: Option<ColumnMapping>,
    /// The format, when the file name and content should not decide.
    pub format: Option<FileFormat>,
}

/// One file of an import with its own reading options (the wizard's: each file can have its own
/// encoding and, for a CSV, its own column mapping).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ImportFile {
    pub path: String,
    pub encoding: Option<String>,
    pub mapping: Option<ColumnMapping>,
}

/// The formats a contact export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactExportFormat {
    Vcard4,
    Vcard3,
    GoogleCsv,
    PlainCsv,
}

/// Which format `bytes` (named `name`) are: by extension, else by content.
pub fn sniff_format(name: &str, bytes: &[u8]) -> FileFormat {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".vcf") || lower.ends_with(".vcard") {
        return FileFormat::Vcard;
    }
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return FileFormat::Csv;
    }
    let (text, _) = encoding::decode(&bytes[..bytes.len().min(4096)], None);
    let head = text.trim_start().to_ascii_lowercase();
    let first = head.lines().next().unwrap_or("");
    if first.ends_with("begin:vcard") {
        FileFormat::Vcard
    } else {
        FileFormat::Csv
    }
}

/// A file's records, or the located problems that stop it.
pub(crate) type Parsed = std::result::Result<Vec<ImportRecord>, Vec<LineError>>;

/// Reads a whole file into records (nothing written): its format, and the records or the
/// located problems that stop it.
pub(crate) fn read_records(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(FileFormat, Parsed)> {
    let forced = options
        .encoding
        .as_deref()
        .map(encoding::encoding_for_label)
        .transpose()?;
    let format = options.format.unwrap_or_else(|| sniff_format(name, bytes));
    let parsed = match format {
        FileFormat::Vcard => {
            let fallback = forced.unwrap_or(encoding_rs::WINDOWS_1252);
            vcard::parse(bytes, fallback)
        }
        FileFormat::Csv => {
            let (text, _) = encoding::decode(bytes, forced);
            csv::parse(&text, options.mapping.as_ref())
        }
    };
    Ok((format, parsed))
}

/// How the parts of a date are ordered when they are separated by `/` or `.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// ISO and vCard: `1990-01-31`, `19900131`; `31/01/1990` when the day is obvious, else month first.
    YearFirst,
    /// Day first (`31.01.1990`, `31/01/1990`): most of Europe and Japanese Outlook's `01.01.1990`.
    DayFirst,
}

/// Reads a birthday written as a vCard or spreadsheet date: `YYYY-MM-DD`, `YYYYMMDD`, `--MMDD`,
/// `--MM-DD`, `MM-DD`, `D.M.YYYY`, `M/D/YYYY` or `D/M/YYYY`. Year 1604 (Apple's and Outlook's
/// "no year"), the `omit_year`, a year before 1800 and a 29 February in a year without one keep the
/// day without the year; the second value says so.
pub fn parse_date_parts(
    text: &str,
    order: DateOrder,
    omit_year: Option<i32>,
) -> std::result::Result<(Birthday, Option<String>), String> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let num = |s: &str| s.parse::<u32>().map_err(|_| format!("'{t}' is not a date"));
    let (year, month, day): (Option<i32>, u32, u32) = if let Some(rest) = t.strip_prefix("--") {
        let rest = rest.replace('-', "");
        if t.starts_with("---") || rest.len() != 4 || !digits(&rest) {
            return Err("a date without a month and day".into());
        }
        (None, num(&rest[..2])?, num(&rest[2..])?)
    } else if t.len() == 8 && digits(t) {
        (Some(num(&t[..4])? as i32), num(&t[4..6])?, num(&t[6..])?)
    } else if let Some(sep) = ['-', '.', '/'].into_iter().find(|s| t.contains(*s)) {
        let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
        if !parts.iter().all(|p| digits(p)) {
            return Err(format!("'{t}' is not a date"));
        }
        match (parts.as_slice(), sep) {
            ([y, m, d], '-') if y.len() == 4 => (Some(num(y)? as i32), num(m)?, num(d)?),
            ([m, d, y], '-') if y.len() == 4 => (Some(num(y)? as i32), num(m)?, num(d)?),
            ([m, d], '-') if m.len() == 2 && d.len() == 2 => (None, num(m)?, num(d)?),
            ([y, _], '-') if y.len() == 4 => return Err("a month without a day".into()),
            ([a, b, y], '.' | '/') if y.len() == 4 || y.len() == 2 => {
                let (a, b) = (num(a)?, num(b)?);
                let y = num(y)? as i32;
                let y = if y < 100 { None } else { Some(y) };
                if y.is_none() && a == 0 && b == 0 {
                    return Err("an empty date".into());
                }
                let day_first = sep == '.' || order == DateOrder::DayFirst || a > 12;
                if day_first && b <= 12 {
                    (y, b, a)
                } else {
                    (y, a, b)
                }
            }
            _ => return Err(format!("'{t}' is not a date")),
        }
    } else if t.len() == 4 && digits(t) {
        return Err("a year without a month and day".into());
    } else {
        return Err(format!("'{t}' is not a date"));
    };
    let year = year.filter(|y| *y != 1604 && Some(*y) != omit_year);
    match Birthday::new(month, day, year) {
        Ok(b) => Ok((b, None)),
        Err(e) => match (year, Birthday::new(month, day, None)) {
            (Some(y), Ok(b)) => Ok((
                b,
                Some(format!(
                    "the birthday {y}-{month:02}-{day:02} was kept without its year ({})",
                    e.message
                )),
            )),
            _ => Err(e.message),
        },
    }
}

const MAX_NAME: usize = 200;
const MAX_TAG: usize = 50;

/// Leaves out of `record` every value the contact rules would refuse, with a warning for each,
/// so one bad value never stops a whole address book.
pub(crate) fn sanitize_record(record: &mut ImportRecord) {
    let input = &mut record.input;
    let warn = &mut record.warnings;
    let at = record.line;
    if input.name.chars().count() > MAX_NAME {
        input.name = input.name.chars().take(MAX_NAME).collect();
        warn.push((at, format!("the name was cut to {MAX_NAME} characters")));
    }
    for t in &mut input.tags {
        if t.chars().count() > MAX_TAG {
            *t = t.chars().take(MAX_TAG).collect();
            warn.push((at, format!("a tag was cut to {MAX_TAG} characters")));
        }
    }
    // An entry whose only name is its organisation's (Thunderbird's "Acer America" card, a Google
    // row for a company) is that organisation.
    let same_as_org = input
        .organization
        .as_deref()
        .is_some_and(|o| o.trim().eq_ignore_ascii_case(input.name.trim()));
    if same_as_org && input.given_name.is_none() && input.family_name.is_none() {
        input.kind = Some(ContactKind::Organization);
    }
    if input.kind == Some(ContactKind::Organization) {
        input.organization = None;
    }
    // Most entries are fine: one check of the whole contact; value by value only when it fails.
    record.checked = match validate_contact(input) {
        Ok(valid) => Some(valid),
        Err(_) => {
            check_values(input, warn, at);
            validate_contact(input).ok()
        }
    };
}

/// Leaves out each email, phone and date that the contact rules refuse, with a warning.
fn check_values(input: &mut ContactInput, warn: &mut Vec<(usize, String)>, at: usize) {
    let probe = |input: ContactInput| validate_contact(&input).is_ok();
    let base = || ContactInput {
        name: "x".into(),
        ..ContactInput::default()
    };
    input.emails.retain(|e| {
        let ok = probe(ContactInput {
            emails: vec![e.clone()],
            ..base()
        });
        if !ok {
            warn.push((
                at,
                format!("'{}' is not an email address; left out", e.value),
            ));
        }
        ok
    });
    input.phones.retain(|p| {
        let ok = probe(ContactInput {
            phones: vec![p.clone()],
            ..base()
        });
        if !ok {
            warn.push((at, format!("'{}' is not a phone number; left out", p.value)));
        }
        ok
    });
    for (field, slot) in [
        ("customer since", &mut input.customer_since),
        ("renewal date", &mut input.renewal_date),
    ] {
        if slot.is_some() {
            let ok = probe(ContactInput {
                customer_since: slot.clone(),
                ..base()
            });
            if !ok {
                warn.push((at, format!("the {field} is not a date; left out")));
                *slot = None;
            }
        }
    }
}

/// A contact being built by an import: a stored one (with what it was) or a new one.
struct Target {
    existing: Option<(i64, ContactInput)>,
    input: ContactInput,
    /// `input` checked, while it is one record's as read.
    checked: Option<ValidContact>,
    uids: Vec<String>,
    line: usize,
}

/// Adds what `incoming` carries to `target` (see the module notes).
fn overlay(target: &mut ContactInput, incoming: &ContactInput) {
    let set = |slot: &mut Option<String>, v: &Option<String>| {
        if v.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            slot.clone_from(v);
        }
    };
    if !incoming.name.trim().is_empty() {
        target.name.clone_from(&incoming.name);
    }
    if incoming.kind.is_some() && target.kind != Some(ContactKind::Organization) {
        target.kind = incoming.kind;
    }
    set(&mut target.given_name, &incoming.given_name);
    set(&mut target.family_name, &incoming.family_name);
    set(&mut target.job_title, &incoming.job_title);
    set(&mut target.organization, &incoming.organization);
    set(&mut target.birthday, &incoming.birthday);
    set(&mut target.notes, &incoming.notes);
    set(&mut target.customer_since, &incoming.customer_since);
    set(&mut target.renewal_date, &incoming.renewal_date);
    if !incoming.address.is_empty() {
        target.address = incoming.address.clone();
    }
    if incoming.preferred_channel.is_some() {
        target.preferred_channel = incoming.preferred_channel;
    }
    target.do_not_contact |= incoming.do_not_contact;
    for e in &incoming.emails {
        if !target
            .emails
            .iter()
            .any(|x| normalize_email(&x.value) == normalize_email(&e.value))
        {
            target.emails.push(e.clone());
        }
    }
    for p in &incoming.phones {
        if !target
            .phones
            .iter()
            .any(|x| phone_digits(&x.value) == phone_digits(&p.value))
        {
            target.phones.push(p.clone());
        }
    }
    for t in &incoming.tags {
        if !target
            .tags
            .iter()
            .any(|x| x.to_lowercase() == t.to_lowercase())
        {
            target.tags.push(t.clone());
        }
    }
    if target.kind == Some(ContactKind::Organization) {
        target.organization = None;
    }
}

/// The source name under which vCard UIDs are kept.
pub(crate) const VCARD_SOURCE: &str = "vcard";

impl Store {
    /// Imports each file in turn (each all or nothing) and reports what happened.
    pub fn import_contact_files(
        &mut self,
        files: &[impl AsRef<Path>],
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        self.import_contact_files_watched(files, options, &mut NoWatch)
    }

    /// `import_contact_files` reporting progress to `watch`, which can stop it (`progress.rs`).
    pub fn import_contact_files_watched(
        &mut self,
        files: &[impl AsRef<Path>],
        options: &ImportOptions,
        watch: &mut dyn ImportWatch,
    ) -> Result<ImportReport> {
        let files: Vec<(&Path, ImportOptions)> = files
            .iter()
            .map(|f| (f.as_ref(), options.clone()))
            .collect();
        self.import_each(&files, options.dry_run, watch)
    }

    /// Imports `files`, each read with its own encoding and mapping, reporting to `watch`.
    pub fn import_file_list(
        &mut self,
        files: &[ImportFile],
        dry_run: bool,
        watch: &mut dyn ImportWatch,
    ) -> Result<ImportReport> {
        let files: Vec<(&Path, ImportOptions)> = files
            .iter()
            .map(|f| {
                (
                    Path::new(&f.path),
                    ImportOptions {
                        dry_run,
                        encoding: f.encoding.clone(),
                        mapping: f.mapping.clone(),
                        format: None,
                    },
                )
            })
            .collect();
        self.import_each(&files, dry_run, watch)
    }

    fn import_each(
        &mut self,
        files: &[(&Path, ImportOptions)],
        dry_run: bool,
        watch: &mut dyn ImportWatch,
    ) -> Result<ImportReport> {
        let mut report = ImportReport {
            dry_run,
            ..ImportReport::default()
        };
        for (index, (path, options)) in files.iter().enumerate() {
            let label = path.display().to_string();
            if report.cancelled || watch.cancelled() {
                report.cancelled = true;
                report.files.push(FileReport {
                    file: label,
                    format: None,
                    outcome: FileOutcome::NotStarted,
                    created: 0,
                    updated: 0,
                    skipped: 0,
                });
                continue;
            }
            let at = progress::FileAt {
                file: label.clone(),
                index,
                files: files.len(),
            };
            match std::fs::read(path) {
                Ok(bytes) => self.import_file(&at, &bytes, options, &mut report, watch)?,
                Err(e) => {
                    report.errors.push(ImportProblem {
                        file: label.clone(),
                        line: None,
                        message: e.to_string(),
                    });
                    report.files.push(FileReport {
                        file: label,
                        format: None,
                        outcome: FileOutcome::Failed,
                        created: 0,
                        updated: 0,
                        skipped: 0,
                    });
                }
            }
        }
        Ok(report)
    }

    /// Imports one file's bytes (`name` names it in messages), adding to `report`. A problem with
    /// the file goes into `report.errors` and writes nothing; only a store failure is an `Err`.
    pub fn import_contact_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: &ImportOptions,
        report: &mut ImportReport,
    ) -> Result<()> {
        let at = progress::FileAt {
            file: name.to_string(),
            index: 0,
            files: 1,
        };
        self.import_file(&at, bytes, options, report, &mut NoWatch)
    }

    /// One file of an import: read, check, match, write (or roll back when `watch` stops it).
    fn import_file(
        &mut self,
        at: &progress::FileAt,
        bytes: &[u8],
        options: &ImportOptions,
        report: &mut ImportReport,
        watch: &mut dyn ImportWatch,
    ) -> Result<()> {
        let name = at.file.as_str();
        watch.progress(&at.report(ImportStage::Reading, 0, 0));
        let mut file_report = FileReport {
            file: name.to_string(),
            format: None,
            outcome: FileOutcome::Failed,
            created: 0,
            updated: 0,
            skipped: 0,
        };
        let result = self.import_file_inner(at, bytes, options, report, watch, &mut file_report);
        if matches!(result, Err(Error::Cancelled)) {
            report.cancelled = true;
            file_report.outcome = FileOutcome::Cancelled;
        }
        let total = file_report.created + file_report.updated + file_report.skipped;
        watch.progress(&at.report(ImportStage::Finished, total, total));
        report.files.push(file_report);
        match result {
            Err(Error::Cancelled) => Ok(()),
            other => other,
        }
    }

    fn import_file_inner(
        &mut self,
        at: &progress::FileAt,
        bytes: &[u8],
        options: &ImportOptions,
        report: &mut ImportReport,
        watch: &mut dyn ImportWatch,
        file_report: &mut FileReport,
    ) -> Result<()> {
        let name = at.file.as_str();
        let (format, parsed) = read_records(name, bytes, options)?;
        file_report.format = Some(format);
        let records = match parsed {
            Ok(records) => records,
            Err(errors) => {
                report
                    .errors
                    .extend(errors.into_iter().map(|e| ImportProblem {
                        file: name.to_string(),
                        line: Some(e.line),
                        message: e.message,
                    }));
                return Ok(());
            }
        };
        if watch.cancelled() {
            return Err(Error::Cancelled);
        }
        match self.apply_records(records, options.dry_run, at, watch)? {
            Ok(outcome) => {
                file_report.outcome = FileOutcome::Imported;
                file_report.created = outcome.created;
                file_report.updated = outcome.updated;
                file_report.skipped = outcome.skipped;
                report.created += outcome.created;
                report.updated += outcome.updated;
                report.skipped += outcome.skipped;
                for (line, contact_id, contact_name, changes) in outcome.matched {
                    if report.matched.len() < MAX_MATCHES {
                        report.matched.push(ImportMatch {
                            file: name.to_string(),
                            line,
                            contact_id,
                            contact_name,
                            changes,
                        });
                    }
                }
                report
                    .skipped_rows
                    .extend(outcome.skipped_rows.into_iter().map(|(line, message)| {
                        ImportProblem {
                            file: name.to_string(),
                            line: Some(line),
                            message,
                        }
                    }));
                report
                    .warnings
                    .extend(
                        outcome
                            .warnings
                            .into_iter()
                            .map(|(line, message)| ImportProblem {
                                file: name.to_string(),
                                line: Some(line),
                                message,
                            }),
                    );
            }
            Err(errors) => report
                .errors
                .extend(errors.into_iter().map(|e| ImportProblem {
                    file: name.to_string(),
                    line: Some(e.line),
                    message: e.message,
                })),
        }
        Ok(())
    }

    /// Matches, checks and (unless `dry_run`) writes one file's records.
    fn apply_records(
        &mut self,
        records: Vec<ImportRecord>,
        dry_run: bool,
        at: &progress::FileAt,
        watch: &mut dyn ImportWatch,
    ) -> Result<std::result::Result<Outcome, Vec<LineError>>> {
        let mut outcome = Outcome::default();
        let wants_uids = records.iter().any(|r| r.uid.is_some());
        let (mut by_uid, mut by_email) = self.match_index(wants_uids)?;
        // UIDs this data file gave its own contacts on export ("rapport-<file id>-<contact id>").
        let own_uids: HashMap<String, i64> = if wants_uids {
            let live = self.live_ids()?;
            let prefix = format!("rapport-{}-", self.file_id());
            records
                .iter()
                .filter_map(|r| r.uid.as_deref())
                .filter_map(|u| Some((u.to_string(), u.strip_prefix(&prefix)?.parse().ok()?)))
                .filter(|(_, id)| live.contains(id))
                .collect()
        } else {
            HashMap::new()
        };
        // Sized ahead: a vector of 100,000 contacts grown step by step is copied again and again,
        // each time into memory the system must first clear.
        let mut targets: Vec<Target> = Vec::with_capacity(records.len());
        // Index into `targets` of a stored contact already taken up by this file.
        let mut loaded: HashMap<i64, usize> = HashMap::new();
        let mut new_uid: HashMap<String, usize> =
            HashMap::with_capacity(if wants_uids { records.len() } else { 0 });
        let mut new_email: HashMap<String, usize> = HashMap::with_capacity(records.len());
        for record in records {
            outcome.warnings.extend(record.warnings.iter().cloned());
            if record.input.name.trim().is_empty() {
                outcome.skipped += 1;
                outcome.warnings.push((
                    record.line,
                    "no name, email, phone or organisation: skipped".into(),
                ));
                outcome
                    .skipped_rows
                    .push((record.line, "no name, email, phone or organisation".into()));
                continue;
            }
            let emails: Vec<String> = record
                .input
                .emails
                .iter()
                .map(|e| normalize_email(&e.value))
                .collect();
            let pending = record
                .uid
                .as_ref()
                .and_then(|u| new_uid.get(u))
                .or_else(|| emails.iter().find_map(|e| new_email.get(e)))
                .copied();
            let stored = || {
                record
                    .uid
                    .as_ref()
                    .and_then(|u| by_uid.get(u).copied().or_else(|| own_uids.get(u).copied()))
                    .or_else(|| emails.iter().find_map(|e| by_email.get(e)).copied())
            };
            let index = match (pending, stored()) {
                (Some(i), _) => i,
                (None, Some(id)) => match loaded.get(&id) {
                    Some(i) => *i,
                    None => {
                        let current = ContactInput::from(&self.contact(id)?);
                        targets.push(Target {
                            existing: Some((id, current.clone())),
                            input: current,
                            checked: None,
                            uids: Vec::new(),
                            line: record.line,
                        });
                        loaded.insert(id, targets.len() - 1);
                        targets.len() - 1
                    }
                },
                (None, None) => {
                    targets.push(Target {
                        existing: None,
                        input: ContactInput::default(),
                        checked: None,
                        uids: Vec::new(),
                        line: record.line,
                    });
                    targets.len() - 1
                }
            };
            let target = &mut targets[index];
            if target.existing.is_none() && target.input.name.is_empty() {
                // A new contact: the entry is the contact (no copy), as checked.
                target.input = record.input;
                target.checked = record.checked;
            } else {
                overlay(&mut target.input, &record.input);
                target.checked = None;
            }
            if let Some(uid) = record.uid {
                new_uid.insert(uid.clone(), index);
                by_uid.remove(&uid);
                if !target.uids.contains(&uid) {
                    target.uids.push(uid);
                }
            }
            for e in emails {
                by_email.remove(&e);
                new_email.insert(e, index);
            }
        }
        // Every contact is checked before anything is written.
        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(targets.len());
        for t in &mut targets {
            match t
                .checked
                .take()
                .map_or_else(|| validate_contact(&t.input), Ok)
            {
                Ok(v) => valid.push(v),
                Err(problems) => errors.extend(problems.into_iter().map(|p| LineError {
                    line: t.line,
                    message: format!("{}: {}", p.field, p.message),
                })),
            }
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let mut updates = Vec::new();
        let mut creates = Vec::with_capacity(targets.len());
        for (t, v) in targets.into_iter().zip(valid) {
            match t.existing {
                None => creates.push((v, t.uids)),
                Some((id, before)) => {
                    let changed = before != t.input;
                    if outcome.matched.len() < MAX_MATCHES {
                        outcome
                            .matched
                            .push((t.line, id, before.name.clone(), changed));
                    }
                    if changed {
                        outcome.updated += 1;
                    } else {
                        outcome.skipped += 1;
                        outcome.skipped_rows.push((
                            t.line,
                            format!("already stored as {} (#{id}) with nothing new", before.name),
                        ));
                    }
                    updates.push((id, changed.then_some(v), t.uids));
                }
            }
        }
        outcome.created = creates.len();
        if dry_run {
            return Ok(Ok(outcome));
        }
        if watch.cancelled() {
            return Err(Error::Cancelled);
        }
        self.write_import(creates, updates, at, watch)?;
        Ok(Ok(outcome))
    }

    /// The live contacts by vCard UID (when wanted) and by lower-cased email.
    fn match_index(&self, uids: bool) -> Result<(HashMap<String, i64>, HashMap<String, i64>)> {
        let conn = self.conn();
        let mut by_uid = HashMap::new();
        if uids {
            let mut stmt = conn.prepare(
                "SELECT s.uid, s.contact_id FROM contact_sources s JOIN contacts c ON c.id = s.contact_id
                 WHERE s.source = ?1 AND c.deleted_at IS NULL",
            )?;
            let mut rows = stmt.query([VCARD_SOURCE])?;
            while let Some(r) = rows.next()? {
                by_uid.insert(r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
            }
        }
        let mut by_email = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT e.email, e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE c.deleted_at IS NULL ORDER BY e.contact_id DESC",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            // Lowest id wins: rows come highest first and later inserts replace earlier ones.
            by_email.insert(
                normalize_email(&r.get::<_, String>(0)?),
                r.get::<_, i64>(1)?,
            );
        }
        Ok((by_uid, by_email))
    }

    /// This data file's random id (made by the reminders migration for calendar UIDs).
    fn file_id(&self) -> String {
        self.conn()
            .query_row(
                "SELECT value FROM reminder_settings WHERE key = 'calendar_id'",
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|_| "rapport".into())
    }

    fn live_ids(&self) -> Result<std::collections::HashSet<i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM contacts WHERE deleted_at IS NULL")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Every live contact (people and organisations), by id.
    pub fn all_contacts(&self) -> Result<Vec<Contact>> {
        Ok(self
            .list_contacts(&crate::contacts::ContactQuery {
                sort: crate::contacts::SortKey::Created,
                ..Default::default()
            })?
            .contacts)
    }

    /// Writes every live contact to `out` as a vCard file (through a temp file, then renamed).
    /// Returns how many were written.
    pub fn export_vcard(&self, out: &Path, version: VcardVersion) -> Result<usize> {
        let contacts = self.all_contacts()?;
        let uids = self.export_uids(&contacts)?;
        let text = vcard::write(&contacts, &uids, version);
        write_atomically(out, text.as_bytes())?;
        Ok(contacts.len())
    }

    /// Writes every live contact to `out` in `format`. Returns how many were written.
    pub fn export_contacts(&self, out: &Path, format: ContactExportFormat) -> Result<usize> {
        match format {
            ContactExportFormat::Vcard4 => self.export_vcard(out, VcardVersion::V4),
            ContactExportFormat::Vcard3 => self.export_vcard(out, VcardVersion::V3),
            ContactExportFormat::GoogleCsv => self.export_csv(out, CsvLayout::Google),
            ContactExportFormat::PlainCsv => self.export_csv(out, CsvLayout::Plain),
        }
    }

    /// Writes every live contact to `out` as CSV in `layout`. Returns how many were written.
    pub fn export_csv(&self, out: &Path, layout: CsvLayout) -> Result<usize> {
        let contacts = self.all_contacts()?;
        let bytes = csv::write(&contacts, layout)?;
        write_atomically(out, &bytes)?;
        Ok(contacts.len())
    }

    /// Each contact's UID for export: the one it was imported with, else one made from this data
    /// file's id and the contact's (stable across exports, so importing an export matches).
    fn export_uids(&self, contacts: &[Contact]) -> Result<HashMap<i64, String>> {
        let conn = self.conn();
        let file_id = self.file_id();
        let mut stored: HashMap<i64, String> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT contact_id, uid FROM contact_sources WHERE source = ?1 ORDER BY uid DESC",
        )?;
        let mut rows = stmt.query([VCARD_SOURCE])?;
        while let Some(r) = rows.next()? {
            stored.insert(r.get(0)?, r.get(1)?);
        }
        Ok(contacts
            .iter()
            .map(|c| {
                let uid = stored
                    .get(&c.id)
                    .cloned()
                    .unwrap_or_else(|| format!("rapport-{file_id}-{}", c.id));
                (c.id, uid)
            })
            .collect())
    }
}

#[derive(Debug, Default)]
struct Outcome {
    created: usize,
    updated: usize,
    skipped: usize,
    warnings: Vec<(usize, String)>,
    skipped_rows: Vec<(usize, String)>,
    matched: Vec<(usize, i64, String, bool)>,
}
