//! Satisfaction surveys from spreadsheets (issue 7): read the file a survey tool exported
//! (`read.rs`: .xlsx/.xls/.ods through calamine, .csv through the csv crate and the contact
//! import's encoding detection), recognise its layout and what each column holds (`detect.rs`),
//! store it in one transaction with respondents matched to contacts (`store.rs`), and compute
//! honest figures from it (`analysis.rs`: CSAT, NPS, margins of error, the "too small to act on"
//! flag, attributes, Pareto of complaint causes, trend). Definitions are PRODUCT.md's, exactly.
//!
//! Must not: read the clock (the survey's "now" is `Store::now()`), or write anything outside
//! `Store::write`.

pub mod analysis;
pub mod detect;
pub mod preview;
pub mod read;
mod report;
pub mod store;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use analysis::NpsSplit;
pub use analysis::{
    margin_of_error, pareto, AttributeSummary, CountOf, ParetoRow, Proportion, ResponseLine,
    SurveyReport, TrendPoint,
};
pub use detect::{detect_mapping, Layout};
pub use preview::SurveyPreview;
pub use read::{read_bytes, read_file, Table};
pub use store::{OverSurveyed, SurveySummary, Unmatched};

/// The survey tool a file came from, recognised from its header rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "SurveyTool")]
pub enum Tool {
    GoogleForms,
    MicrosoftForms,
    SurveyMonkey,
    Qualtrics,
    /// Qualtrics' older export (`V1, V2 …` above the real names).
    QualtricsLegacy,
    /// A sheet made by `surveys template`: its headers name their role, so no mapping is needed.
    Rapport,
    Plain,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::GoogleForms => "google_forms",
            Tool::MicrosoftForms => "microsoft_forms",
            Tool::SurveyMonkey => "surveymonkey",
            Tool::Qualtrics => "qualtrics",
            Tool::QualtricsLegacy => "qualtrics_legacy",
            Tool::Rapport => "rapport",
            Tool::Plain => "plain",
        }
    }

    pub fn parse(text: &str) -> Option<Tool> {
        serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
    }
}

/// What one column of a survey file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "SurveyRole")]
pub enum Role {
    Ignore,
    /// Rapport's own contact id (the first column of a filled template).
    ContactId,
    Email,
    Name,
    Timestamp,
    /// The 0–10 "would you recommend" question.
    Nps,
    /// The 1–5 satisfaction question.
    Csat,
    /// Another scored question (1–5, labelled 5-level, or 0–10): how we performed on one attribute.
    Attribute,
    /// How much the customer expected on an attribute (paired with the attribute of the same name).
    Expectation,
    Comment,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Ignore => "ignore",
            Role::ContactId => "contact_id",
            Role::Email => "email",
            Role::Name => "name",
            Role::Timestamp => "timestamp",
            Role::Nps => "nps",
            Role::Csat => "csat",
            Role::Attribute => "attribute",
            Role::Expectation => "expectation",
            Role::Comment => "comment",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
    }
}

/// One column's role. `header` is the column's name as shown (SurveyMonkey's two rows joined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "SurveyColumn")]
pub struct ColumnMap {
    pub index: usize,
    pub header: String,
    pub role: Role,
    /// The top of the score scale (5 or 10) for score columns; 0 otherwise.
    pub scale_max: u8,
    /// The attribute's name (for attributes and expectations: the header without "expectation").
    pub attribute: Option<String>,
}

/// How to read a file: its tool, how many header rows, day-first dates, and each column's role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "SurveyMapping")]
pub struct Mapping {
    pub tool: Tool,
    pub header_rows: usize,
    /// `Some(true)` for 05/01/2020 = 5 January; `None` when the file has no slashed dates.
    pub day_first: Option<bool>,
    pub columns: Vec<ColumnMap>,
}

impl Mapping {
    pub fn column(&self, role: Role) -> Option<&ColumnMap> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// What the owner asked to change in the guessed mapping (the CLI's `--…-column` flags).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(rename = "SurveyOverrides")]
pub struct Overrides {
    pub nps_column: Option<String>,
    pub csat_column: Option<String>,
    pub email_column: Option<String>,
    pub date_column: Option<String>,
    /// Resolves ambiguous slashed dates: `true` day first, `false` month first.
    pub day_first: Option<bool>,
}

/// One import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(rename = "SurveyImportOptions")]
pub struct ImportOptions {
    pub name: String,
    /// The mapping the owner confirmed (the app's mapping step): used as given instead of the
    /// guess and any saved profile; overrides still apply on top.
    pub mapping: Option<Mapping>,
    /// A saved mapping to read the file with; the confirmed mapping is saved under this name.
    pub profile: Option<String>,
    pub overrides: Overrides,
    pub dry_run: bool,
    /// Import the good rows and list the bad ones, instead of failing the whole file.
    pub skip_bad_rows: bool,
    /// How many customers were asked, when known (the response rate needs it).
    pub invited: Option<u32>,
    /// Warn about respondents surveyed within this many days before (the over-survey guard).
    pub guard_days: u32,
    /// Suggest the respondent's issue resolved within this many days before the response.
    pub link_days: u32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            name: String::new(),
            mapping: None,
            profile: None,
            overrides: Overrides::default(),
            dry_run: false,
            skip_bad_rows: false,
            invited: None,
            guard_days: 90,
            link_days: 30,
        }
    }
}

/// A cell that cannot be read: "file, row R, column 'H': what is wrong".
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BadCell {
    pub file: String,
    /// The row as the spreadsheet numbers it (header rows count, first row is 1).
    pub row: usize,
    pub column: String,
    pub problem: String,
}

impl std::fmt::Display for BadCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, row {}, column '{}': {}",
            self.file, self.row, self.column, self.problem
        )
    }
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SurveyImportReport")]
pub struct ImportReport {
    pub survey_id: Option<i64>,
    pub responses: usize,
    pub matched: usize,
    pub unmatched: Vec<Unmatched>,
    pub skipped_rows: Vec<BadCell>,
    pub warnings: Vec<String>,
    pub over_surveyed: Vec<OverSurveyed>,
    /// Responses linked to the respondent's recently resolved issue (a suggestion the owner can change).
    pub linked_issues: usize,
    pub mapping: Mapping,
    /// The first data rows as read (at most 5), for the mapping preview.
    pub preview: Vec<Vec<String>>,
    pub dry_run: bool,
}
