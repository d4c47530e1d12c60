//! Which tool wrote a survey file, where its answers start, and what each column holds.
//!
//! Layouts: Google Forms (`Timestamp` first), Microsoft Forms (`ID`, `Start time`, `Completion
//! time`), SurveyMonkey (`RespondentID`, a second header row of `Response` / option names under the
//! questions), Qualtrics (a third header row of `{"ImportId": …}`), Qualtrics' legacy export (`V1,
//! V2 …` above the names), Rapport's own template, and plain sheets (one header row).
//!
//! Roles are guessed from the header and the whole column: a 0–10 column whose question mentions
//! "recommend", "likely" or "0-10" is the NPS question; a 1–5 (or labelled 5-level) column that
//! mentions satisfaction is CSAT; other scored columns are attributes (an "expectation" column pairs
//! with the attribute of the same name); free-text "why / comment / feedback" columns are comments.
//! A column is still recognised when a few of its cells are bad, so those cells are reported
//! with their row instead of the column silently being ignored.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::read::Table;
use super::{ColumnMap, Mapping, Overrides, Role, Tool};
use crate::error::{Error, Result};

/// The header rows of a file and where its answers start.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub tool: Tool,
    pub header_rows: usize,
    pub headers: Vec<String>,
}

/// The first header cell of a sheet made by `surveys template`.
pub const TEMPLATE_MARKER: &str = "Rapport contact ID";

pub fn layout(table: &Table) -> Layout {
    let row = |i: usize| table.rows.get(i).cloned().unwrap_or_default();
    let first = row(0);
    let cell = |r: &Vec<String>, i: usize| r.get(i).map(String::as_str).unwrap_or("").to_string();
    let has = |name: &str| first.iter().any(|h| h.eq_ignore_ascii_case(name));
    let third = row(2);
    if third.iter().any(|c| c.starts_with("{\"ImportId\"")) {
        let second = row(1);
        let headers = (0..first.len().max(second.len()))
            .map(|i| {
                let short = cell(&first, i);
                let long = cell(&second, i);
                let is_question = short.starts_with('Q')
                    && short.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
                if is_question && !long.is_empty() {
                    long
                } else {
                    short
                }
            })
            .collect();
        return Layout {
            tool: Tool::Qualtrics,
            header_rows: 3,
            headers,
        };
    }
    if first.len() >= 3
        && first[..3]
            .iter()
            .enumerate()
            .all(|(i, c)| *c == format!("V{}", i + 1))
    {
        return Layout {
            tool: Tool::QualtricsLegacy,
            header_rows: 2,
            headers: row(1),
        };
    }
    let second = row(1);
    let sub_header = second.first().is_some_and(|c| c.is_empty())
        && second
            .iter()
            .any(|c| c == "Response" || c == "Open-Ended Response");
    if sub_header {
        let mut parent = String::new();
        let headers = (0..first.len().max(second.len()))
            .map(|i| {
                let top = cell(&first, i);
                if !top.is_empty() {
                    parent = top;
                }
                let sub = cell(&second, i);
                if sub.is_empty() || sub == "Response" || sub == "Open-Ended Response" {
                    parent.clone()
                } else if parent.is_empty() {
                    sub
                } else {
                    format!("{parent} - {sub}")
                }
            })
            .collect();
        return Layout {
            tool: Tool::SurveyMonkey,
            header_rows: 2,
            headers,
        };
    }
    let tool = if first.first().is_some_and(|c| c == TEMPLATE_MARKER) {
        Tool::Rapport
    } else if has("RespondentID") {
        Tool::SurveyMonkey
    } else if has("Start time") && has("Completion time") {
        Tool::MicrosoftForms
    } else if first
        .first()
        .is_some_and(|c| c.eq_ignore_ascii_case("Timestamp"))
    {
        Tool::GoogleForms
    } else {
        Tool::Plain
    };
    Layout {
        tool,
        header_rows: 1,
        headers: first,
    }
}

/// A labelled answer on a 5-level scale, or "not applicable" (counted as no answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Score(u8),
    NotApplicable,
}

const LABELS: &[(&str, u8)] = &[
    ("very dissatisfied", 1),
    ("dissatisfied", 2),
    ("neither satisfied nor dissatisfied", 3),
    ("neutral", 3),
    ("satisfied", 4),
    ("very satisfied", 5),
    ("strongly disagree", 1),
    ("disagree", 2),
    ("neither agree nor disagree", 3),
    ("agree", 4),
    ("strongly agree", 5),
    ("very poor", 1),
    ("poor", 2),
    ("fair", 3),
    ("average", 3),
    ("good", 4),
    ("very good", 5),
    ("excellent", 5),
    ("very unfavorably", 1),
    ("somewhat unfavorably", 2),
    ("neither favorably nor unfavorably (neutral)", 3),
    ("neither favorably nor unfavorably", 3),
    ("somewhat favorably", 4),
    ("very favorably", 5),
    ("very unlikely", 1),
    ("unlikely", 2),
    ("likely", 4),
    ("very likely", 5),
];

pub fn label(text: &str) -> Option<Label> {
    let t = text.trim().to_lowercase();
    if t == "n/a" || t == "na" || t.contains("(n/a)") || t == "don't know" || t == "not applicable"
    {
        return Some(Label::NotApplicable);
    }
    LABELS
        .iter()
        .find(|(l, _)| *l == t)
        .map(|(_, s)| Label::Score(*s))
}

/// A number as people type it in a score cell: "9", "9.0", "10 - Extremely likely".
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = t[digits.len()..].trim_start();
    if !digits.is_empty()
        && (rest.starts_with('-') || rest.starts_with('(') || rest.starts_with('='))
    {
        return digits.parse().ok();
    }
    None
}

/// A score cell on a `scale_max` scale (0–10 or 1–5): `Ok(None)` for blank / not applicable.
pub fn score(text: &str, scale_max: u8) -> std::result::Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let low = if scale_max == 10 { 0.0 } else { 1.0 };
    if let Some(v) = number(t) {
        if v < low || v > f64::from(scale_max) || v.fract() != 0.0 {
            return Err(format!(
                "'{t}' is not a whole number from {low} to {scale_max}"
            ));
        }
        return Ok(Some(v));
    }
    match label(t) {
        Some(Label::NotApplicable) => Ok(None),
        Some(Label::Score(s)) if scale_max == 5 => Ok(Some(f64::from(s))),
        _ => Err(format!("'{t}' is not a number from {low} to {scale_max}")),
    }
}

fn words(h: &str) -> Vec<String> {
    h.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

const NOT_SCORES: &[&str] = &[
    "id",
    "respondentid",
    "responseid",
    "number",
    "age",
    "progress",
    "duration",
    "finished",
    "status",
    "latitude",
    "longitude",
    "accuracy",
    "promoter",
    "passive",
    "detractor",
    "rank",
    "count",
    "year",
    "zip",
    "phone",
    "dob",
    "income",
    "seconds",
];

const TIMESTAMPS: &[&str] = &[
    "completion time",
    "timestamp",
    "recordeddate",
    "recorded date",
    "date submitted",
    "submitted",
    "submitted at",
    "completion date",
    "enddate",
    "end date",
    "date",
    "response date",
    "start time",
    "startdate",
    "start date",
];

const NAMES: &[&str] = &[
    "name",
    "full name",
    "your name",
    "what is your name?",
    "customer",
    "customer name",
];

const COMMENT_WORDS: &[&str] = &[
    "why",
    "comment",
    "comments",
    "feedback",
    "suggest",
    "suggestion",
    "suggestions",
    "improve",
    "improvement",
    "improvements",
    "better",
    "anything",
    "thoughts",
    "explain",
    "reason",
    "else",
    "tell",
];

/// A date or date-time cell: ISO (`2020-04-17 16:21:06.935`, `2019-11-01T08:51:12`) or slashed
/// (`05/01/2020 13:03:00`), the order of day and month given by `day_first`.
pub fn parse_date(text: &str, day_first: Option<bool>) -> Option<NaiveDateTime> {
    let t = text.trim().trim_end_matches('Z');
    let (date_part, time_part) = match t.split_once(['T', ' ']) {
        Some((d, rest)) => (d, rest.trim()),
        None => (t, ""),
    };
    let date = if let Ok(d) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        d
    } else {
        let parts: Vec<&str> = date_part.split(['/', '.', '-']).collect();
        if parts.len() != 3 || parts[2].len() != 4 {
            return None;
        }
        let a: u32 = parts[0].parse().ok()?;
        let b: u32 = parts[1].parse().ok()?;
        let y: i32 = parts[2].parse().ok()?;
        let (d, m) = match day_first {
            Some(true) => (a, b),
            Some(false) => (b, a),
            None if a == b => (a, b),
            None if a > 12 => (a, b),
            None if b > 12 => (b, a),
            None => return None,
        };
        NaiveDate::from_ymd_opt(y, m, d)?
    };
    let time = if time_part.is_empty() {
        NaiveTime::MIN
    } else {
        let tp = time_part.split(['+']).next().unwrap_or("").trim();
        let upper = tp.to_uppercase();
        let (clock, pm) = if let Some(c) = upper.strip_suffix("PM") {
            (c.trim().to_string(), Some(true))
        } else if let Some(c) = upper.strip_suffix("AM") {
            (c.trim().to_string(), Some(false))
        } else {
            (upper.clone(), None)
        };
        let parsed = NaiveTime::parse_from_str(&clock, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(&clock, "%H:%M"))
            .ok()?;
        match pm {
            Some(pm) => {
                use chrono::Timelike;
                let h = parsed.hour() % 12 + if pm { 12 } else { 0 };
                parsed.with_hour(h)?
            }
            None => parsed,
        }
    };
    Some(date.and_time(time))
}

/// The order of day and month in a date column, decided from every value in it: a first part above
/// 12 means day first, a second part above 12 means month first. Both is an error; neither (every
/// date could be read either way) is a question for the owner unless `given`.
pub fn date_order(
    file: &str,
    header: &str,
    values: &[(usize, &str)],
    given: Option<bool>,
) -> Result<Option<bool>> {
    let mut day_first_at = None;
    let mut month_first_at = None;
    let mut ambiguous = false;
    for (row, v) in values {
        let date_part = v.trim().split([' ', 'T']).next().unwrap_or("");
        let parts: Vec<&str> = date_part.split(['/', '.']).collect();
        if parts.len() != 3 {
            continue;
        }
        let (Ok(a), Ok(b)) = (parts[0].parse::<u32>(), parts[1].parse::<u32>()) else {
            continue;
        };
        if a > 12 && day_first_at.is_none() {
            day_first_at = Some(*row);
        } else if b > 12 && month_first_at.is_none() {
            month_first_at = Some(*row);
        } else if a != b && a <= 12 && b <= 12 {
            ambiguous = true;
        }
    }
    match (day_first_at, month_first_at) {
        (Some(d), Some(m)) => Err(Error::invalid(
            "date-column",
            format!(
                "{file}, column '{header}': row {d} has the day first and row {m} the month first; fix the dates so one order holds"
            ),
        )),
        (Some(_), None) => Ok(Some(true)),
        (None, Some(_)) => Ok(Some(false)),
        (None, None) if ambiguous => given.map(Some).ok_or_else(|| {
            Error::invalid(
                "date-column",
                format!(
                    "{file}, column '{header}': every date could be day-first or month-first (e.g. 11/1/2019); say which (--day-first or --month-first)"
                ),
            )
        }),
        (None, None) => Ok(given),
    }
}

struct ColumnFacts {
    filled: usize,
    numeric: usize,
    whole: bool,
    min: f64,
    max: f64,
    labelled: usize,
    not_applicable: usize,
    has_at: usize,
    dates: usize,
}

/// What a column's values look like; dates are only tried when `dates` (a timestamp header).
fn facts(values: &[&str], dates: bool) -> ColumnFacts {
    let mut f = ColumnFacts {
        filled: 0,
        numeric: 0,
        whole: true,
        min: f64::MAX,
        max: f64::MIN,
        labelled: 0,
        not_applicable: 0,
        has_at: 0,
        dates: 0,
    };
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        f.filled += 1;
        if let Some(n) = number(v) {
            f.numeric += 1;
            f.whole &= n.fract() == 0.0;
            f.min = f.min.min(n);
            f.max = f.max.max(n);
        } else if let Some(l) = label(v) {
            match l {
                Label::Score(_) => f.labelled += 1,
                Label::NotApplicable => f.not_applicable += 1,
            }
        }
        if v.contains('@') {
            f.has_at += 1;
        }
        if dates && (parse_date(v, Some(true)).is_some() || parse_date(v, Some(false)).is_some()) {
            f.dates += 1;
        }
    }
    f
}

fn mostly(part: usize, whole: usize) -> bool {
    whole > 0 && part * 10 >= whole * 8
}

/// The attribute an expectation or performance column is about: its header without those words.
fn attribute_name(header: &str) -> String {
    let mut name = header.to_string();
    for w in [
        "(expectation)",
        "(expected)",
        "(performance)",
        "- expectation",
        "- performance",
        "expectation:",
        "performance:",
        "expectation",
        "performance",
        "importance",
    ] {
        if let Some(i) = name.to_lowercase().find(w) {
            name.replace_range(i..i + w.len(), "");
        }
    }
    name.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == ':')
        .trim()
        .to_string()
}

/// Guesses the mapping of `table` (see the module notes), then applies `overrides`.
pub fn detect_mapping(table: &Table, overrides: &Overrides) -> Result<Mapping> {
    let lay = layout(table);
    let data = table.rows.get(lay.header_rows..).unwrap_or(&[]);
    let mut columns = Vec::new();
    let (mut nps, mut csat, mut email, mut name) = (false, false, false, false);
    let mut timestamp: Option<(usize, usize)> = None; // (column, priority)
    for (index, header) in lay.headers.iter().enumerate() {
        let values: Vec<&str> = data
            .iter()
            .map(|r| r.get(index).map(String::as_str).unwrap_or(""))
            .collect();
        let h = header.to_lowercase();
        let f = facts(&values, TIMESTAMPS.contains(&h.trim()));
        let w = words(header);
        let has_word = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
        let mentions_0_10 = h.contains("0-10")
            || h.contains("0 to 10")
            || h.contains("0 - 10")
            || h.contains("scale of 0");
        let mentions_1_5 = h.contains("1-5") || h.contains("1 to 5") || h.contains("1 - 5");
        // A question that names its scale keeps its role with a few bad cells (reported later).
        let names_scale =
            mentions_0_10 || mentions_1_5 || h.contains("recommend") || h.contains("satisf");
        let numeric_enough = if names_scale {
            f.numeric > 0 && f.numeric * 10 >= f.filled * 6
        } else {
            mostly(f.numeric, f.filled)
        };
        let mut role = Role::Ignore;
        let mut scale_max = 0u8;
        if lay.tool == Tool::Rapport && header == TEMPLATE_MARKER {
            role = Role::ContactId;
        } else if (h.contains("email") || h.contains("e-mail")) && (f.has_at > 0 || f.filled == 0) {
            if !email {
                role = Role::Email;
                email = true;
            }
        } else if let Some(p) = TIMESTAMPS.iter().position(|t| *t == h.trim()) {
            if mostly(f.dates, f.filled) || f.filled == 0 {
                if timestamp.is_none_or(|(_, best)| p < best) {
                    timestamp = Some((index, p));
                }
                role = Role::Timestamp;
            }
        } else if NAMES.contains(&h.trim()) {
            if !name {
                role = Role::Name;
                name = true;
            }
        } else if !has_word(NOT_SCORES)
            && ((f.filled == 0 && (mentions_0_10 || mentions_1_5))
                || (numeric_enough && f.whole && f.min >= 0.0 && f.max <= 10.0))
        {
            scale_max = if mentions_1_5 {
                5
            } else if mentions_0_10 || f.max > 5.0 || f.min == 0.0 {
                10
            } else {
                5
            };
            let recommend = h.contains("recommend") || h.contains("likely") || mentions_0_10;
            let satisfied = h.contains("satisf") || h.contains("csat");
            role = if scale_max == 10 && recommend && !nps {
                nps = true;
                Role::Nps
            } else if scale_max == 5 && satisfied && !csat {
                csat = true;
                Role::Csat
            } else if h.contains("expect") || h.contains("importance") {
                Role::Expectation
            } else {
                Role::Attribute
            };
        } else if f.labelled > 0 && mostly(f.labelled + f.not_applicable, f.filled) {
            scale_max = 5;
            role = if (h.contains("satisf") || h.contains("csat")) && !csat {
                csat = true;
                Role::Csat
            } else if h.contains("expect") || h.contains("importance") {
                Role::Expectation
            } else {
                Role::Attribute
            };
        } else if !mostly(f.numeric, f.filled) && has_word(COMMENT_WORDS) {
            role = Role::Comment;
        }
        let attribute = matches!(
            role,
            Role::Attribute | Role::Expectation | Role::Csat | Role::Nps
        )
        .then(|| match (lay.tool, header.rsplit_once(" - ")) {
            // A SurveyMonkey matrix: the question above, the thing rated below.
            (Tool::SurveyMonkey, Some((_, option))) if lay.header_rows == 2 => option.to_string(),
            _ => attribute_name(header),
        });
        columns.push(ColumnMap {
            index,
            header: header.clone(),
            role,
            scale_max,
            attribute,
        });
    }
    // Only the best timestamp column keeps the role.
    for c in &mut columns {
        if c.role == Role::Timestamp && timestamp.map(|(i, _)| i) != Some(c.index) {
            c.role = Role::Ignore;
        }
    }
    let mut mapping = Mapping {
        tool: lay.tool,
        header_rows: lay.header_rows,
        day_first: overrides.day_first,
        columns,
    };
    apply_overrides(&mut mapping, &table.file, overrides)?;
    Ok(mapping)
}

/// Gives the named columns their role; any other column holding that role loses it.
pub fn apply_overrides(mapping: &mut Mapping, file: &str, o: &Overrides) -> Result<()> {
    for (flag, header, role, scale) in [
        ("nps-column", &o.nps_column, Role::Nps, 10u8),
        ("csat-column", &o.csat_column, Role::Csat, 5),
        ("email-column", &o.email_column, Role::Email, 0),
        ("date-column", &o.date_column, Role::Timestamp, 0),
    ] {
        let Some(header) = header else { continue };
        let Some(index) = mapping
            .columns
            .iter()
            .position(|c| c.header.trim().eq_ignore_ascii_case(header.trim()))
        else {
            let names: Vec<&str> = mapping.columns.iter().map(|c| c.header.as_str()).collect();
            return Err(Error::invalid(
                flag,
                format!(
                    "{file} has no column '{header}' (its columns: {})",
                    names.join(", ")
                ),
            ));
        };
        set_role(mapping, index, role, scale);
    }
    if o.day_first.is_some() {
        mapping.day_first = o.day_first;
    }
    Ok(())
}

/// Sets one column's role; a role only one column may hold (NPS, CSAT, email, timestamp, name) is
/// taken from the column that had it (scores become attributes, the rest are ignored).
pub fn set_role(mapping: &mut Mapping, index: usize, role: Role, scale: u8) {
    if matches!(
        role,
        Role::Nps | Role::Csat | Role::Email | Role::Timestamp | Role::Name
    ) {
        for c in mapping
            .columns
            .iter_mut()
            .filter(|c| c.role == role && c.index != index)
        {
            c.role = if matches!(role, Role::Nps | Role::Csat) {
                Role::Attribute
            } else {
                Role::Ignore
            };
        }
    }
    if let Some(c) = mapping.columns.iter_mut().find(|c| c.index == index) {
        c.role = role;
        if scale > 0 {
            c.scale_max = scale;
        }
        if matches!(
            role,
            Role::Attribute | Role::Expectation | Role::Csat | Role::Nps
        ) {
            c.attribute.get_or_insert_with(|| attribute_name(&c.header));
        }
    }
}
