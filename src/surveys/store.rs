//! Surveys in the database: the import (one transaction per file; bad cells fail the file or,
//! when the owner chooses, skip their rows), mapping profiles, contact matching, issue links, the
//! over-survey guard and "take action".

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::analysis::{categorise, ResponseLine};
use super::detect::{self, date_order, parse_date, score};
use super::read::{read_file, Table};
use super::{BadCell, ImportOptions, ImportReport, Mapping, Role, Tool};
use crate::error::{Error, Result};
use crate::issues::IssueInput;
use crate::store::Store;

/// A respondent no contact matched, listed so the owner can create or link one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "UnmatchedRespondent")]
pub struct Unmatched {
    pub row: usize,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// A respondent who answered another survey within the guard's window.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OverSurveyed {
    pub contact_id: i64,
    pub name: String,
    pub previous_survey: String,
    pub previous_at: String,
}

/// A survey in the list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveySummary {
    pub id: i64,
    pub name: String,
    pub tool: String,
    pub source_file: String,
    pub imported_at: String,
    pub responses: usize,
    pub invited: Option<u32>,
}

/// One row of the file, read.
#[derive(Debug, Clone, Default)]
struct Parsed {
    row: usize,
    contact_id: Option<i64>,
    email: Option<String>,
    name: Option<String>,
    at: Option<NaiveDateTime>,
    nps: Option<u8>,
    csat: Option<u8>,
    comment: Option<String>,
    /// (the column's index, score): the column's attribute, kind and scale are the mapping's.
    answers: Vec<(usize, f64)>,
}

/// A response's contact, NPS, CSAT, comment and survey name.
type ResponseHead = (Option<i64>, Option<u8>, Option<u8>, Option<String>, String);

fn is_low(nps: Option<u8>, csat: Option<u8>) -> bool {
    nps.is_some_and(|n| n <= 6) || csat.is_some_and(|c| c <= 3)
}

/// Reads every data row of `table` with `mapping`; bad cells are collected, not fatal.
fn parse_rows(table: &Table, mapping: &Mapping) -> Result<(Vec<Parsed>, Vec<BadCell>)> {
    let first = mapping.header_rows;
    let data = table.rows.get(first..).unwrap_or(&[]);
    // Cells were trimmed when read.
    fn cell(r: &[String], i: usize) -> &str {
        r.get(i).map(String::as_str).unwrap_or("")
    }
    let mut day_first = mapping.day_first;
    if let Some(col) = mapping.column(Role::Timestamp) {
        let refs: Vec<(usize, &str)> = data
            .iter()
            .enumerate()
            .map(|(i, r)| (first + i + 1, cell(r, col.index)))
            .collect();
        day_first = date_order(&table.file, &col.header, &refs, day_first)?;
    }
    let mut parsed = Vec::new();
    let mut bad = Vec::new();
    for (i, r) in data.iter().enumerate() {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = first + i + 1;
        let mut p = Parsed {
            row,
            ..Parsed::default()
        };
        let mut comments = Vec::new();
        for c in &mapping.columns {
            let v = cell(r, c.index);
            let mut problem = |text: String| {
                bad.push(BadCell {
                    file: table.file.clone(),
                    row,
                    column: c.header.clone(),
                    problem: text,
                })
            };
            match c.role {
                Role::Ignore => {}
                Role::ContactId if !v.is_empty() => match v.parse::<i64>() {
                    Ok(id) => p.contact_id = Some(id),
                    Err(_) => problem(format!("'{v}' is not a contact id")),
                },
                Role::ContactId => {}
                Role::Email => p.email = v.contains('@').then(|| v.to_lowercase()),
                Role::Name => p.name = (!v.is_empty()).then(|| v.to_string()),
                Role::Timestamp if !v.is_empty() => match parse_date(v, day_first) {
                    Some(t) => p.at = Some(t),
                    None => problem(format!("'{v}' is not a date")),
                },
                Role::Timestamp => {}
                Role::Comment => {
                    if !v.is_empty() {
                        comments.push(v.to_string());
                    }
                }
                Role::Nps | Role::Csat | Role::Attribute | Role::Expectation => {
                    let scale = if c.role == Role::Nps {
                        10
                    } else if c.role == Role::Csat {
                        5
                    } else {
                        c.scale_max.max(5)
                    };
                    match score(v, scale) {
                        Ok(None) => {}
                        Ok(Some(s)) => match c.role {
                            Role::Nps => p.nps = Some(s as u8),
                            Role::Csat => p.csat = Some(s as u8),
                            _ => p.answers.push((c.index, s)),
                        },
                        Err(e) => problem(e),
                    }
                }
            }
        }
        if !comments.is_empty() {
            p.comment = Some(comments.join(" / "));
        }
        parsed.push(p);
    }
    Ok((parsed, bad))
}

fn text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Store {
    /// The mapping a file would be read with: the owner's confirmed mapping when given; else the
    /// guess, a saved profile (the one named, else the
    /// one saved for the file's tool) over it, then the owner's overrides.
    pub fn survey_mapping(&self, table: &Table, options: &ImportOptions) -> Result<Mapping> {
        if let Some(given) = &options.mapping {
            let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
            if let Some(c) = given.columns.iter().find(|c| c.index >= width) {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "{}: the mapping names column {} ('{}'), which the file does not have",
                        table.file,
                        c.index + 1,
                        c.header
                    ),
                ));
            }
            let mut mapping = given.clone();
            detect::apply_overrides(&mut mapping, &table.file, &options.overrides)?;
            return Ok(mapping);
        }
        let mut mapping = detect::detect_mapping(table, &options.overrides)?;
        let profile = match &options.profile {
            Some(name) => self.survey_profile(name)?,
            None => self.survey_profile(mapping.tool.as_str())?,
        };
        if let Some(saved) = profile {
            for sc in &saved.columns {
                if let Some(c) = mapping
                    .columns
                    .iter()
                    .find(|c| c.header.eq_ignore_ascii_case(&sc.header))
                {
                    let index = c.index;
                    detect::set_role(&mut mapping, index, sc.role, sc.scale_max);
                    if let Some(c) = mapping.columns.iter_mut().find(|c| c.index == index) {
                        if sc.attribute.is_some() {
                            c.attribute = sc.attribute.clone();
                        }
                    }
                }
            }
            if mapping.day_first.is_none() {
                mapping.day_first = saved.day_first;
            }
            detect::apply_overrides(&mut mapping, &table.file, &options.overrides)?;
        }
        Ok(mapping)
    }

    /// Imports the survey file at `path` (see [`Store::import_survey_table`]).
    pub fn import_survey_file(
        &mut self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let table = read_file(path)?;
        self.import_survey_table(&table, options)
    }

    /// Imports one read file as one survey, in one transaction. A bad cell fails the whole file
    /// (naming file, row and column) unless `skip_bad_rows`, which leaves those rows out and lists
    /// them. `dry_run` reports without writing.
    pub fn import_survey_table(
        &mut self,
        table: &Table,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let name = options.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("name", "a survey needs a name"));
        }
        if options
            .profile
            .as_ref()
            .is_some_and(|p| p.trim().is_empty())
        {
            return Err(Error::invalid("profile", "a profile needs a name"));
        }
        let mapping = self.survey_mapping(table, options)?;
        let profile = options
            .profile
            .clone()
            .unwrap_or_else(|| mapping.tool.as_str().to_string());
        let scored = mapping.columns.iter().any(|c| {
            matches!(
                c.role,
                Role::Nps | Role::Csat | Role::Attribute | Role::Expectation
            )
        });
        if !scored {
            return Err(Error::invalid(
                "mapping",
                format!(
                    "{}: no column holds scores (0–10 or 1–5); name the question with --nps-column or --csat-column",
                    table.file
                ),
            ));
        }
        let (parsed, bad) = parse_rows(table, &mapping)?;
        if !bad.is_empty() && !options.skip_bad_rows {
            let shown: Vec<String> = bad.iter().take(10).map(ToString::to_string).collect();
            let more = if bad.len() > 10 {
                format!(" (and {} more)", bad.len() - 10)
            } else {
                String::new()
            };
            return Err(Error::invalid(
                "file",
                format!(
                    "{}{more}. Nothing was imported; fix the cells, or skip these rows (--skip-bad-rows).",
                    shown.join("; ")
                ),
            ));
        }
        let bad_rows: std::collections::HashSet<usize> = bad.iter().map(|b| b.row).collect();
        let rows: Vec<Parsed> = parsed
            .into_iter()
            .filter(|p| !bad_rows.contains(&p.row))
            .collect();
        let invited = options.invited.or_else(|| {
            // A filled template knows how many customers it was sent to: one row each.
            (mapping.tool == Tool::Rapport)
                .then(|| table.rows.len().saturating_sub(mapping.header_rows) as u32)
        });
        let rows: Vec<Parsed> = if mapping.tool == Tool::Rapport {
            rows.into_iter()
                .filter(|p| {
                    p.nps.is_some()
                        || p.csat.is_some()
                        || !p.answers.is_empty()
                        || p.comment.is_some()
                })
                .collect()
        } else {
            rows
        };

        let (by_email, by_name, live) = self.contact_keys()?;
        let now = self.now();
        let now_text = crate::store::timestamp(now);
        let mut warnings = table.warnings.clone();
        let mut report = ImportReport {
            survey_id: None,
            responses: rows.len(),
            matched: 0,
            unmatched: Vec::new(),
            skipped_rows: bad,
            warnings: Vec::new(),
            over_surveyed: Vec::new(),
            linked_issues: 0,
            mapping: mapping.clone(),
            preview: table
                .rows
                .iter()
                .skip(mapping.header_rows)
                .take(5)
                .cloned()
                .collect(),
            dry_run: options.dry_run,
        };
        let mut contacts: Vec<Option<i64>> = Vec::with_capacity(rows.len());
        for p in &rows {
            // A filled template names the contact; other files are matched by email, then name.
            let id = p
                .contact_id
                .filter(|id| live.contains(id))
                .or_else(|| p.email.as_ref().and_then(|e| by_email.get(e).copied()))
                .or_else(|| {
                    p.name
                        .as_ref()
                        .and_then(|n| by_name.get(n.trim()).copied().flatten())
                });
            if id.is_some() {
                report.matched += 1;
            } else if p.email.is_some() || p.name.is_some() {
                report.unmatched.push(Unmatched {
                    row: p.row,
                    email: p.email.clone(),
                    name: p.name.clone(),
                });
            }
            contacts.push(id);
        }
        let fallback_at = now.naive_utc();
        let conn = self.conn();
        for (p, id) in rows.iter().zip(&contacts) {
            let Some(id) = id else { continue };
            let at = p.at.unwrap_or(fallback_at);
            let from = text(at - Duration::days(options.guard_days.into()));
            let previous: Option<(String, String, String)> = conn
                .query_row(
                    "SELECT s.name, COALESCE(r.responded_at, s.imported_at), c.display_name
                     FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
                     JOIN contacts c ON c.id = r.contact_id
                     WHERE r.contact_id = ?1 AND COALESCE(r.responded_at, s.imported_at) >= ?2
                     ORDER BY 2 DESC LIMIT 1",
                    params![id, from],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((survey, when, name)) = previous {
                if !report.over_surveyed.iter().any(|o| o.contact_id == *id) {
                    report.over_surveyed.push(OverSurveyed {
                        contact_id: *id,
                        name,
                        previous_survey: survey,
                        previous_at: when,
                    });
                }
            }
        }
        if !report.over_surveyed.is_empty() {
            warnings.push(format!(
                "{} respondent(s) were already surveyed within {} days: {}",
                report.over_surveyed.len(),
                options.guard_days,
                report
                    .over_surveyed
                    .iter()
                    .map(|o| format!("{} ({} on {})", o.name, o.previous_survey, o.previous_at))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !report.unmatched.is_empty() {
            warnings.push(format!(
                "{} respondent(s) match no contact (by email, then exact name)",
                report.unmatched.len()
            ));
        }
        if rows.is_empty() {
            warnings.push(format!("{} has no answers yet", table.file));
        }
        if !report.skipped_rows.is_empty() {
            warnings.push(format!(
                "{} row(s) with bad cells were skipped",
                bad_rows.len()
            ));
        }
        report.warnings = warnings;
        if options.dry_run {
            return Ok(report);
        }
        let link_days = options.link_days;
        let source = table.file.clone();
        let (survey_id, linked) = self.write(|tx| {
            tx.execute(
                "INSERT INTO surveys (name, source_file, tool, invited, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, source, mapping.tool.as_str(), invited, now_text],
            )?;
            let survey_id = tx.last_insert_rowid();
            let mut linked = 0;
            let mut insert = tx.prepare_cached(
                "INSERT INTO survey_responses (survey_id, row_number, email, name, contact_id, responded_at,
                                               nps, csat, comment, cause, issue_id, issue_suggested)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut answer = tx.prepare_cached(
                "INSERT INTO survey_scores (response_id, question_id, score) VALUES (?1, ?2, ?3)",
            )?;
            // Each scored column is one question of this survey (attribute, kind, scale written
            // once); an answer is then the response, the question and the score.
            let mut question = tx.prepare_cached(
                "INSERT INTO survey_questions (survey_id, position, attribute, kind, scale_max)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut scored: HashMap<usize, i64> = HashMap::new();
            for c in mapping
                .columns
                .iter()
                .filter(|c| matches!(c.role, Role::Attribute | Role::Expectation))
            {
                let kind = if c.role == Role::Expectation {
                    "expectation"
                } else {
                    "performance"
                };
                let scale = if c.scale_max == 10 { 10 } else { 5 };
                let attribute = c.attribute.clone().unwrap_or_else(|| c.header.clone());
                question.execute(params![survey_id, c.index as i64, attribute, kind, scale])?;
                scored.insert(c.index, tx.last_insert_rowid());
            }
            for (p, contact) in rows.iter().zip(&contacts) {
                let issue = match contact {
                    Some(c) => suggested_issue(tx, *c, p.at.unwrap_or(fallback_at), link_days)?,
                    None => None,
                };
                if issue.is_some() {
                    linked += 1;
                }
                let cause = cause_of(p.nps, p.csat, p.comment.as_deref(), issue.as_ref().and_then(|i| i.1.clone()));
                insert.execute(params![
                    survey_id,
                    p.row as i64,
                    p.email,
                    p.name,
                    contact,
                    p.at.map(text),
                    p.nps,
                    p.csat,
                    p.comment,
                    cause,
                    issue.as_ref().map(|i| i.0),
                    issue.is_some(),
                ])?;
                let response_id = tx.last_insert_rowid();
                for (column, value) in &p.answers {
                    if let Some(question_id) = scored.get(column) {
                        answer.execute(params![response_id, question_id, value])?;
                    }
                }
            }
            // The confirmed mapping is saved with the survey, in the same action.
            save_profile_in(tx, &profile, &mapping, &now_text)?;
            Ok((survey_id, linked))
        })?;
        report.survey_id = Some(survey_id);
        report.linked_issues = linked;
        Ok(report)
    }

    /// Every live contact's emails (lower case) and the names that belong to exactly one contact.
    #[allow(clippy::type_complexity)]
    fn contact_keys(
        &self,
    ) -> Result<(
        HashMap<String, i64>,
        HashMap<String, Option<i64>>,
        std::collections::HashSet<i64>,
    )> {
        let conn = self.conn();
        let mut by_email = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT lower(e.email), e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE c.deleted_at IS NULL ORDER BY e.contact_id, e.position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_email.entry(r.get::<_, String>(0)?).or_insert(r.get(1)?);
        }
        let mut by_name: HashMap<String, Option<i64>> = HashMap::new();
        let mut live = std::collections::HashSet::new();
        let mut stmt =
            conn.prepare("SELECT display_name, id FROM contacts WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            live.insert(id);
            by_name
                .entry(name.trim().to_string())
                .and_modify(|v| *v = None)
                .or_insert(Some(id));
        }
        Ok((by_email, by_name, live))
    }

    /// The customers a blank survey sheet goes to: live contacts (with `tag`, when given) who have
    /// not asked not to be contacted, by name, each with their first email.
    pub fn survey_invitees(&self, tag: Option<&str>) -> Result<Vec<(i64, String, Option<String>)>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.display_name,
                    (SELECT e.email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY e.position LIMIT 1)
             FROM contacts c
             WHERE c.deleted_at IS NULL AND c.do_not_contact = 0
               AND (?1 IS NULL OR EXISTS (SELECT 1 FROM contact_tags t
                                          WHERE t.contact_id = c.id AND t.tag = ?1 COLLATE NOCASE))
             ORDER BY c.sort_name, c.id",
        )?;
        let rows = stmt
            .query_map([tag], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Saves `mapping` as the profile `name` (replacing one of that name).
    pub fn save_survey_profile(&mut self, name: &str, mapping: &Mapping) -> Result<()> {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("profile", "a profile needs a name"));
        }
        let now = self.now_text();
        self.write(|tx| save_profile_in(tx, &name, mapping, &now))
    }

    /// The saved profile `name`, if there is one.
    pub fn survey_profile(&self, name: &str) -> Result<Option<Mapping>> {
        let conn = self.conn();
        let row: Option<(i64, String, i64, Option<bool>)> = conn
            .query_row(
                "SELECT id, tool, header_rows, day_first FROM survey_profiles WHERE name = ?1",
                [name.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, tool, header_rows, day_first)) = row else {
            return Ok(None);
        };
        let mut stmt = conn.prepare(
            "SELECT header, role, scale_max, attribute FROM survey_profile_columns WHERE profile_id = ?1",
        )?;
        let columns = stmt
            .query_map([id], |r| {
                Ok(super::ColumnMap {
                    index: 0,
                    header: r.get(0)?,
                    role: Role::parse(&r.get::<_, String>(1)?).unwrap_or(Role::Ignore),
                    scale_max: r.get(2)?,
                    attribute: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(Mapping {
            tool: Tool::parse(&tool).unwrap_or(Tool::Plain),
            header_rows: header_rows as usize,
            day_first,
            columns,
        }))
    }

    /// Every survey, newest import first.
    pub fn surveys(&self) -> Result<Vec<SurveySummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.id, s.name, s.tool, s.source_file, s.imported_at, s.invited,
                    (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)
             FROM surveys s ORDER BY s.imported_at DESC, s.id DESC",
        )?;
        let list = stmt
            .query_map([], |r| {
                Ok(SurveySummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    tool: r.get(2)?,
                    source_file: r.get(3)?,
                    imported_at: r.get(4)?,
                    invited: r.get(5)?,
                    responses: r.get::<_, i64>(6)? as usize,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// The responses of survey `id`, in file order.
    pub fn survey_responses(&self, id: i64) -> Result<Vec<ResponseLine>> {
        self.response_lines("r.survey_id = ?1", id)
    }

    /// A contact's survey history, newest first.
    pub fn contact_survey_history(&self, contact_id: i64) -> Result<Vec<ResponseLine>> {
        let mut lines = self.response_lines("r.contact_id = ?1", contact_id)?;
        lines.reverse();
        Ok(lines)
    }

    fn response_lines(&self, filter: &str, id: i64) -> Result<Vec<ResponseLine>> {
        let sql = format!(
            "SELECT r.id, r.row_number, r.contact_id, COALESCE(c.display_name, r.name, r.email), r.responded_at,
                    r.nps, r.csat, r.comment, r.cause, r.issue_id, r.email, r.survey_id, s.name
             FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
             LEFT JOIN contacts c ON c.id = r.contact_id
             WHERE {filter} ORDER BY r.survey_id, r.row_number"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let lines = stmt
            .query_map([id], |r| {
                let nps: Option<u8> = r.get(5)?;
                let csat: Option<u8> = r.get(6)?;
                Ok(ResponseLine {
                    response_id: r.get(0)?,
                    survey_id: r.get(11)?,
                    survey: r.get(12)?,
                    row: r.get(1)?,
                    contact_id: r.get(2)?,
                    respondent: r.get(3)?,
                    email: r.get(10)?,
                    responded_at: r.get(4)?,
                    nps,
                    csat,
                    comment: r.get(7)?,
                    cause: r.get(8)?,
                    issue_id: r.get(9)?,
                    low_score: is_low(nps, csat),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines)
    }

    /// "Take action": opens an issue for the respondent of a (low-score) response and links the
    /// response to it, in one transaction. The response must be matched to a contact.
    pub fn open_issue_from_response(
        &mut self,
        response_id: i64,
        title: Option<&str>,
        category: Option<&str>,
    ) -> Result<i64> {
        let now = self.now_text();
        self.write(|tx| {
            let row: Option<ResponseHead> = tx
                .query_row(
                    "SELECT r.contact_id, r.nps, r.csat, r.comment, s.name FROM survey_responses r
                     JOIN surveys s ON s.id = r.survey_id WHERE r.id = ?1",
                    [response_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((contact, nps, csat, comment, survey)) = row else {
                return Err(Error::NotFound {
                    what: "survey response",
                    id: response_id,
                });
            };
            let Some(contact) = contact else {
                return Err(Error::invalid(
                    "response",
                    "this respondent is not linked to a contact yet; link or create the contact first",
                ));
            };
            let scores = [nps.map(|n| format!("NPS {n}/10")), csat.map(|c| format!("CSAT {c}/5"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let title = title
                .map(str::to_string)
                .unwrap_or_else(|| format!("Low score in '{survey}' ({scores})"));
            let input = IssueInput {
                customer_id: contact,
                title,
                description: comment.clone(),
                category: category.map(str::to_string),
                ..IssueInput::default()
            };
            let issue = crate::issues::queries::insert_issue(tx, &input, &now)?;
            let cause = cause_of(nps, csat, comment.as_deref(), category.map(str::to_string));
            tx.execute(
                "UPDATE survey_responses SET issue_id = ?2, issue_suggested = 0, cause = COALESCE(?3, cause) WHERE id = ?1",
                params![response_id, issue, cause],
            )?;
            Ok(issue)
        })
    }

    /// Links an unmatched (or wrongly matched) response to a contact; its issue link, which belonged
    /// to the previous contact, is removed.
    pub fn link_response_contact(&mut self, response_id: i64, contact_id: i64) -> Result<()> {
        self.write(|tx| {
            let live: Option<i64> = tx
                .query_row(
                    "SELECT id FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                    [contact_id],
                    |r| r.get(0),
                )
                .optional()?;
            if live.is_none() {
                return Err(Error::NotFound {
                    what: "contact",
                    id: contact_id,
                });
            }
            let changed = tx.execute(
                "UPDATE survey_responses SET contact_id = ?2,
                        issue_id = CASE WHEN contact_id IS ?2 THEN issue_id END,
                        issue_suggested = CASE WHEN contact_id IS ?2 THEN issue_suggested ELSE 0 END
                 WHERE id = ?1",
                params![response_id, contact_id],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: "survey response",
                    id: response_id,
                });
            }
            Ok(())
        })
    }

    /// Links a response to one of its respondent's issues (or unlinks it with `None`).
    pub fn link_response_issue(&mut self, response_id: i64, issue_id: Option<i64>) -> Result<()> {
        self.write(|tx| {
            let contact: Option<Option<i64>> = tx
                .query_row(
                    "SELECT contact_id FROM survey_responses WHERE id = ?1",
                    [response_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(contact) = contact else {
                return Err(Error::NotFound {
                    what: "survey response",
                    id: response_id,
                });
            };
            if let Some(issue) = issue_id {
                let customer: Option<i64> = tx
                    .query_row(
                        "SELECT customer_id FROM issues WHERE id = ?1",
                        [issue],
                        |r| r.get(0),
                    )
                    .optional()?;
                match customer {
                    None => {
                        return Err(Error::NotFound {
                            what: "issue",
                            id: issue,
                        })
                    }
                    Some(c) if Some(c) != contact => {
                        return Err(Error::invalid(
                            "issue",
                            "that issue belongs to another customer",
                        ))
                    }
                    _ => {}
                }
            }
            tx.execute(
                "UPDATE survey_responses SET issue_id = ?2, issue_suggested = 0 WHERE id = ?1",
                params![response_id, issue_id],
            )?;
            Ok(())
        })
    }
}

fn save_profile_in(tx: &Transaction<'_>, name: &str, mapping: &Mapping, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO survey_profiles (name, tool, header_rows, day_first, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (name) DO UPDATE SET tool = excluded.tool, header_rows = excluded.header_rows,
             day_first = excluded.day_first, updated_at = excluded.updated_at",
        params![name.trim(), mapping.tool.as_str(), mapping.header_rows as i64, mapping.day_first, now],
    )?;
    let id: i64 = tx.query_row(
        "SELECT id FROM survey_profiles WHERE name = ?1",
        [name.trim()],
        |r| r.get(0),
    )?;
    tx.execute(
        "DELETE FROM survey_profile_columns WHERE profile_id = ?1",
        [id],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO survey_profile_columns (profile_id, header, role, scale_max, attribute)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in &mapping.columns {
        stmt.execute(params![
            id,
            c.header,
            c.role.as_str(),
            c.scale_max,
            c.attribute
        ])?;
    }
    Ok(())
}

/// The respondent's most recently resolved issue within `days` before the response, with its category.
fn suggested_issue(
    tx: &Transaction<'_>,
    contact: i64,
    at: NaiveDateTime,
    days: u32,
) -> Result<Option<(i64, Option<String>)>> {
    let until = format!("{}Z", text(at + Duration::days(1)).get(..10).unwrap_or(""));
    let from = text(at - Duration::days(days.into()));
    Ok(tx
        .prepare_cached(
            "SELECT i.id, c.name FROM issues i LEFT JOIN issue_categories c ON c.id = i.category_id
             WHERE i.customer_id = ?1 AND i.resolved_at IS NOT NULL AND i.resolved_at >= ?2 AND i.resolved_at < ?3
             ORDER BY i.resolved_at DESC, i.id DESC LIMIT 1",
        )?
        .query_row(params![contact, from, until], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The cause a low-score response counts under in the Pareto: its issue's category, else its
/// comment's category. Responses that are not low scores have no cause.
fn cause_of(
    nps: Option<u8>,
    csat: Option<u8>,
    comment: Option<&str>,
    category: Option<String>,
) -> Option<String> {
    if !is_low(nps, csat) {
        return None;
    }
    category.or_else(|| comment.map(|c| categorise(c).to_string()))
}
