//! What the app's import wizard needs before it imports: the file read, the mapping it would be
//! read with, its first rows, the date-order question when every date reads both ways, and a dry
//! run (matches, bad cells, over-survey warning) — all without writing. Also "create a contact for
//! this respondent", which creates the contact and links the response in one transaction.

use std::path::Path;

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::detect::date_order;
use super::read::read_file;
use super::{BadCell, ImportOptions, ImportReport, Mapping, Role};
use crate::contacts::{validate_contact, ContactInput};
use crate::error::{Error, Result};
use crate::store::Store;

/// How many data rows the mapping step shows.
pub const PREVIEW_ROWS: usize = 5;

/// A survey file as the mapping step shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SurveyPreview")]
pub struct SurveyPreview {
    /// The file's name, for messages.
    pub file: String,
    /// The mapping the file would be read with (the guess, a saved profile, or the one given).
    pub mapping: Mapping,
    /// The first data rows as read.
    pub rows: Vec<Vec<String>>,
    /// How many data rows the file has.
    pub data_rows: usize,
    /// Set when every date in the timestamp column could be day-first or month-first and no
    /// order was given: the question to ask (answer with `overrides.day_first`).
    pub date_question: Option<String>,
    /// What stops the import as mapped (no score column, dates in both orders …), if anything.
    pub problem: Option<String>,
    /// The cells that cannot be read: the owner skips these rows or cancels.
    pub bad_cells: Vec<BadCell>,
    /// The dry run with the bad rows skipped: matches, unmatched, warnings, over-surveyed.
    pub dry_run: Option<ImportReport>,
}

impl Store {
    /// Reads the file at `path` and reports what importing it with `options` would do, writing
    /// nothing. Problems with the mapping come back in the preview (so the owner can fix them),
    /// not as an error; only an unreadable file is an error.
    pub fn preview_survey(
        &mut self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<SurveyPreview> {
        let table = read_file(path)?;
        let mapping = self.survey_mapping(&table, options)?;
        let data = table.rows.get(mapping.header_rows..).unwrap_or(&[]);
        let rows: Vec<Vec<String>> = data.iter().take(PREVIEW_ROWS).cloned().collect();
        let data_rows = data
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .count();
        let mut date_question = None;
        if let (Some(col), None) = (mapping.column(Role::Timestamp), mapping.day_first) {
            let values: Vec<(usize, &str)> = data
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let cell = r.get(col.index).map(String::as_str).unwrap_or("");
                    (mapping.header_rows + i + 1, cell)
                })
                .collect();
            // Ambiguous exactly when no order is refused and none is decided by the data.
            if let (Err(e), Ok(_)) = (
                date_order(&table.file, &col.header, &values, None),
                date_order(&table.file, &col.header, &values, Some(true)),
            ) {
                date_question = Some(message(&e));
            }
        }
        let mut problem = None;
        let mut bad_cells = Vec::new();
        let mut dry_run = None;
        if date_question.is_none() {
            let mut trial = options.clone();
            trial.mapping = Some(mapping.clone());
            trial.dry_run = true;
            trial.skip_bad_rows = true;
            if trial.name.trim().is_empty() {
                trial.name = "preview".into();
            }
            if trial.profile.as_ref().is_some_and(|p| p.trim().is_empty()) {
                trial.profile = None;
            }
            match self.import_survey_table(&table, &trial) {
                Ok(report) => {
                    bad_cells = report.skipped_rows.clone();
                    dry_run = Some(report);
                }
                Err(e) => problem = Some(message(&e)),
            }
        }
        Ok(SurveyPreview {
            file: table.file,
            mapping,
            rows,
            data_rows,
            date_question,
            problem,
            bad_cells,
            dry_run,
        })
    }

    /// The names of the saved mapping profiles, in name order.
    pub fn survey_profile_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM survey_profiles ORDER BY name COLLATE NOCASE")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(names)
    }

    /// Creates a contact for a respondent no contact matched and links the response to it, in
    /// one transaction. Returns the new contact's id.
    pub fn contact_from_response(&mut self, response_id: i64, input: &ContactInput) -> Result<i64> {
        let valid = validate_contact(input).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .map(Error::from)
                .unwrap_or_else(|| Error::invalid("contact", "is not valid"))
        })?;
        let now = self.now_text();
        self.write(|tx| {
            let id = crate::contacts::insert_contacts(
                tx,
                std::slice::from_ref(&valid),
                &now,
                &mut crate::contacts::Indexing::Direct,
            )?
                .into_iter()
                .next()
                .ok_or_else(|| Error::invalid("contact", "was not created"))?;
            let changed = tx.execute(
                "UPDATE survey_responses SET contact_id = ?2, issue_id = NULL, issue_suggested = 0 WHERE id = ?1",
                params![response_id, id],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: "survey response",
                    id: response_id,
                });
            }
            Ok(id)
        })
    }
}

/// An invalid-input error's message without its field prefix (the preview shows it as a sentence).
fn message(e: &Error) -> String {
    match e {
        Error::Invalid { message, .. } => message.clone(),
        other => other.to_string(),
    }
}
