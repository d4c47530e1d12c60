//! Contact CSV: Google Contacts, Outlook (English, German, Japanese headers), Thunderbird, and
//! Rapport's own plain layout; reading with a column mapping, writing Google's layout or a plain one.
//!
//! A `ColumnMapping` says which column fills which contact field. It is recognised from the header
//! (`recognise`), or given by the owner (the import wizard fills one, and it can be saved as a
//! profile, see `profiles.rs`). A file without a recognisable header is read by guessing from its
//! first row: the first column is the name, a column of addresses the email, a column of numbers
//! the phone. The delimiter (`,` `;` or tab) is the one the first line uses most. Written cells
//! that a spreadsheet would run as a formula (starting `=` `+` `-` `@`, tab or CR) get a leading
//! apostrophe; reading takes it off again.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse_date_parts, sanitize_record, DateOrder, ImportRecord, LineError};
use crate::contacts::{Contact, ContactInput, ContactKind, Labeled};
use crate::error::{Error, Result};
use crate::export::{csv_cell, formula_like};

/// The contact field a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvField {
    Ignore,
    Name,
    Kind,
    GivenName,
    MiddleName,
    FamilyName,
    NamePrefix,
    NameSuffix,
    Organization,
    JobTitle,
    Email,
    /// The label of the email in the same group (Google's "E-mail 1 - Type").
    EmailLabel,
    /// Several emails separated by `;` or ` ::: `.
    EmailList,
    Phone,
    PhoneLabel,
    PhoneList,
    Street,
    Street2,
    PoBox,
    Locality,
    Region,
    PostalCode,
    Country,
    Birthday,
    BirthYear,
    BirthMonth,
    BirthDay,
    Notes,
    /// Tags separated by `;`, `,` or Google's ` ::: ` (Google's system groups, `* …`, are dropped).
    Tags,
    PreferredChannel,
    DoNotContact,
    CustomerSince,
    RenewalDate,
}

/// One column: its position, its header, the field it fills, and for an email or phone its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnRule {
    pub position: u32,
    pub header: Option<String>,
    pub field: CsvField,
    pub label: Option<String>,
    /// Columns of one email/phone (value and label) or one address share a group.
    pub group: u32,
}

/// How to read a CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    /// `,` `;` or a tab; detected when absent.
    pub delimiter: Option<String>,
    pub has_header: bool,
    /// Dates like `01/02/1990` are day first (set for German and Japanese headers).
    pub day_first: bool,
    pub columns: Vec<ColumnRule>,
}

/// The two layouts Rapport writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvLayout {
    /// Google Contacts' CSV (the long-standing "Name, Given Name, … E-mail 1 - Type" header).
    Google,
    /// One row per contact, one column per Rapport field, emails and phones joined by `; `.
    Plain,
}

/// What the import wizard shows before the owner confirms a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CsvPreview {
    pub encoding: String,
    pub delimiter: String,
    pub headers: Vec<String>,
    pub mapping: ColumnMapping,
    /// The first rows, as read.
    pub rows: Vec<Vec<String>>,
}

use CsvField as F;

/// Known headers (lower case, single spaces): field, label, group. Address groups: 1 home,
/// 2 business, 3 other.
const KNOWN: &[(&str, CsvField, Option<&str>, u32)] = &[
    ("name", F::Name, None, 0),
    ("display name", F::Name, None, 0),
    ("full name", F::Name, None, 0),
    ("表示名", F::Name, None, 0),
    ("kind", F::Kind, None, 0),
    ("given name", F::GivenName, None, 0),
    ("first name", F::GivenName, None, 0),
    ("vorname", F::GivenName, None, 0),
    ("名", F::GivenName, None, 0),
    ("additional name", F::MiddleName, None, 0),
    ("middle name", F::MiddleName, None, 0),
    ("weitere vornamen", F::MiddleName, None, 0),
    ("ミドル ネーム", F::MiddleName, None, 0),
    ("family name", F::FamilyName, None, 0),
    ("last name", F::FamilyName, None, 0),
    ("nachname", F::FamilyName, None, 0),
    ("姓", F::FamilyName, None, 0),
    ("name prefix", F::NamePrefix, None, 0),
    ("title", F::NamePrefix, None, 0),
    ("anrede", F::NamePrefix, None, 0),
    ("肩書き", F::NamePrefix, None, 0),
    ("name suffix", F::NameSuffix, None, 0),
    ("suffix", F::NameSuffix, None, 0),
    ("敬称", F::NameSuffix, None, 0),
    ("company", F::Organization, None, 0),
    ("organization", F::Organization, None, 0),
    ("organisation", F::Organization, None, 0),
    ("organization name", F::Organization, None, 0),
    ("organization 1 - name", F::Organization, None, 0),
    ("firma", F::Organization, None, 0),
    ("会社名", F::Organization, None, 0),
    ("job title", F::JobTitle, None, 0),
    ("organization title", F::JobTitle, None, 0),
    ("organization 1 - title", F::JobTitle, None, 0),
    ("position", F::JobTitle, None, 0),
    ("役職", F::JobTitle, None, 0),
    ("e-mail address", F::Email, None, 0),
    ("email address", F::Email, None, 0),
    ("e-mail", F::Email, None, 0),
    ("email", F::Email, None, 0),
    ("e-mail 2 address", F::Email, None, 0),
    ("e-mail 3 address", F::Email, None, 0),
    ("primary email", F::Email, None, 0),
    ("secondary email", F::Email, None, 0),
    ("email home", F::Email, Some("home"), 0),
    ("email work", F::Email, Some("work"), 0),
    ("email other", F::Email, Some("other"), 0),
    ("e-mail-adresse", F::Email, None, 0),
    ("e-mail 2: adresse", F::Email, None, 0),
    ("e-mail 3: adresse", F::Email, None, 0),
    ("電子メール アドレス", F::Email, None, 0),
    ("電子メール 2 アドレス", F::Email, None, 0),
    ("電子メール 3 アドレス", F::Email, None, 0),
    ("emails", F::EmailList, None, 0),
    ("phones", F::PhoneList, None, 0),
    ("phone", F::Phone, None, 0),
    ("business phone", F::Phone, Some("work"), 0),
    ("business phone 2", F::Phone, Some("work"), 0),
    ("work phone", F::Phone, Some("work"), 0),
    ("home phone", F::Phone, Some("home"), 0),
    ("home phone 2", F::Phone, Some("home"), 0),
    ("mobile phone", F::Phone, Some("mobile"), 0),
    ("mobile number", F::Phone, Some("mobile"), 0),
    ("home mobile", F::Phone, Some("mobile"), 0),
    ("business fax", F::Phone, Some("work fax"), 0),
    ("home fax", F::Phone, Some("home fax"), 0),
    ("other fax", F::Phone, Some("fax"), 0),
    ("fax number", F::Phone, Some("fax"), 0),
    ("other phone", F::Phone, Some("other"), 0),
    ("pager", F::Phone, Some("pager"), 0),
    ("pager number", F::Phone, Some("pager"), 0),
    ("primary phone", F::Phone, Some("main"), 0),
    ("company main phone", F::Phone, Some("main"), 0),
    ("car phone", F::Phone, Some("car"), 0),
    ("assistant's phone", F::Phone, Some("assistant"), 0),
    ("telefon geschäftlich", F::Phone, Some("work"), 0),
    ("telefon geschäftlich 2", F::Phone, Some("work"), 0),
    ("telefon privat", F::Phone, Some("home"), 0),
    ("telefon privat 2", F::Phone, Some("home"), 0),
    ("mobiltelefon", F::Phone, Some("mobile"), 0),
    ("mobiltelefon 2", F::Phone, Some("mobile"), 0),
    ("fax geschäftlich", F::Phone, Some("work fax"), 0),
    ("fax privat", F::Phone, Some("home fax"), 0),
    ("weiteres fax", F::Phone, Some("fax"), 0),
    ("weiteres telefon", F::Phone, Some("other"), 0),
    ("haupttelefon", F::Phone, Some("main"), 0),
    ("telefon firma", F::Phone, Some("main"), 0),
    ("autotelefon", F::Phone, Some("car"), 0),
    ("telefon assistent", F::Phone, Some("assistant"), 0),
    ("会社電話", F::Phone, Some("work"), 0),
    ("会社電話 2", F::Phone, Some("work"), 0),
    ("自宅電話", F::Phone, Some("home"), 0),
    ("自宅電話 2", F::Phone, Some("home"), 0),
    ("携帯電話", F::Phone, Some("mobile"), 0),
    ("会社 fax", F::Phone, Some("work fax"), 0),
    ("自宅 fax", F::Phone, Some("home fax"), 0),
    ("その他の fax", F::Phone, Some("fax"), 0),
    ("その他の電話", F::Phone, Some("other"), 0),
    ("ポケットベル", F::Phone, Some("pager"), 0),
    ("通常の電話", F::Phone, Some("main"), 0),
    ("会社代表電話", F::Phone, Some("main"), 0),
    ("自動車電話", F::Phone, Some("car"), 0),
    ("秘書の電話", F::Phone, Some("assistant"), 0),
    ("street", F::Street, None, 1),
    ("city", F::Locality, None, 1),
    ("region", F::Region, None, 1),
    ("postal code", F::PostalCode, None, 1),
    ("country", F::Country, None, 1),
    ("home street", F::Street, None, 1),
    ("home address", F::Street, None, 1),
    ("home street 2", F::Street2, None, 1),
    ("home address 2", F::Street2, None, 1),
    ("home city", F::Locality, None, 1),
    ("home state", F::Region, None, 1),
    ("home postal code", F::PostalCode, None, 1),
    ("home zip", F::PostalCode, None, 1),
    ("home zipcode", F::PostalCode, None, 1),
    ("home country", F::Country, None, 1),
    ("home country/region", F::Country, None, 1),
    ("business street", F::Street, None, 2),
    ("work address", F::Street, None, 2),
    ("business street 2", F::Street2, None, 2),
    ("work address 2", F::Street2, None, 2),
    ("business city", F::Locality, None, 2),
    ("work city", F::Locality, None, 2),
    ("business state", F::Region, None, 2),
    ("work state", F::Region, None, 2),
    ("business postal code", F::PostalCode, None, 2),
    ("work zip", F::PostalCode, None, 2),
    ("work zipcode", F::PostalCode, None, 2),
    ("business country/region", F::Country, None, 2),
    ("work country", F::Country, None, 2),
    ("other street", F::Street, None, 3),
    ("other street 2", F::Street2, None, 3),
    ("other city", F::Locality, None, 3),
    ("other state", F::Region, None, 3),
    ("other postal code", F::PostalCode, None, 3),
    ("other country/region", F::Country, None, 3),
    ("other country", F::Country, None, 3),
    ("straße privat", F::Street, None, 1),
    ("straße privat 2", F::Street2, None, 1),
    ("ort privat", F::Locality, None, 1),
    ("bundesland/kanton privat", F::Region, None, 1),
    ("postleitzahl privat", F::PostalCode, None, 1),
    ("land/region privat", F::Country, None, 1),
    ("straße geschäftlich", F::Street, None, 2),
    ("straße geschäftlich 2", F::Street2, None, 2),
    ("ort geschäftlich", F::Locality, None, 2),
    ("region geschäftlich", F::Region, None, 2),
    ("postleitzahl geschäftlich", F::PostalCode, None, 2),
    ("land/region geschäftlich", F::Country, None, 2),
    ("weitere straße", F::Street, None, 3),
    ("weitere straße 2", F::Street2, None, 3),
    ("weiterer ort", F::Locality, None, 3),
    ("weiteres/r bundesland/kanton", F::Region, None, 3),
    ("weitere postleitzahl", F::PostalCode, None, 3),
    ("weiteres/e land/region", F::Country, None, 3),
    ("番地 (自宅)", F::Street, None, 1),
    ("住所 2 (自宅)", F::Street2, None, 1),
    ("市町村 (自宅)", F::Locality, None, 1),
    ("都道府県 (自宅)", F::Region, None, 1),
    ("郵便番号 (自宅)", F::PostalCode, None, 1),
    ("国 (自宅)/地域", F::Country, None, 1),
    ("番地 (会社)", F::Street, None, 2),
    ("住所 2 (会社)", F::Street2, None, 2),
    ("市町村 (会社)", F::Locality, None, 2),
    ("都道府県 (会社)", F::Region, None, 2),
    ("郵便番号 (会社)", F::PostalCode, None, 2),
    ("国 (会社)/地域", F::Country, None, 2),
    ("番地 (その他)", F::Street, None, 3),
    ("住所 2 (その他)", F::Street2, None, 3),
    ("市町村 (その他)", F::Locality, None, 3),
    ("都道府県 (その他)", F::Region, None, 3),
    ("郵便番号 (その他)", F::PostalCode, None, 3),
    ("国 (その他)/地域", F::Country, None, 3),
    ("birthday", F::Birthday, None, 0),
    ("geburtstag", F::Birthday, None, 0),
    ("誕生日", F::Birthday, None, 0),
    ("birth year", F::BirthYear, None, 0),
    ("birth month", F::BirthMonth, None, 0),
    ("birth day", F::BirthDay, None, 0),
    ("notes", F::Notes, None, 0),
    ("note", F::Notes, None, 0),
    ("notizen", F::Notes, None, 0),
    ("メモ", F::Notes, None, 0),
    ("categories", F::Tags, None, 0),
    ("kategorien", F::Tags, None, 0),
    ("分類", F::Tags, None, 0),
    ("group membership", F::Tags, None, 0),
    ("labels", F::Tags, None, 0),
    ("tags", F::Tags, None, 0),
    ("preferred channel", F::PreferredChannel, None, 0),
    ("do not contact", F::DoNotContact, None, 0),
    ("customer since", F::CustomerSince, None, 0),
    ("renewal date", F::RenewalDate, None, 0),
];

fn normalize_header(h: &str) -> String {
    h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Google's numbered pairs: `E-mail 2 - Type`, `Phone 1 - Value`, `Address 1 - City` …
fn google_numbered(h: &str) -> Option<(CsvField, u32)> {
    let (kind, rest) = h.split_once(' ')?;
    let (number, part) = rest.split_once(" - ")?;
    let n: u32 = number.trim().parse().ok()?;
    let field = match (kind, part.trim()) {
        ("e-mail", "value") => F::EmailList,
        ("e-mail", "type" | "label") => F::EmailLabel,
        ("phone", "value") => F::PhoneList,
        ("phone", "type" | "label") => F::PhoneLabel,
        ("address", "street") => F::Street,
        ("address", "extended address") => F::Street2,
        ("address", "po box") => F::PoBox,
        ("address", "city") => F::Locality,
        ("address", "region") => F::Region,
        ("address", "postal code") => F::PostalCode,
        ("address", "country") => F::Country,
        _ => return None,
    };
    Some((field, n))
}

/// The mapping for a header row; `has_header` is false when no column is recognised.
pub fn recognise(headers: &[String]) -> ColumnMapping {
    let mut columns = Vec::new();
    let mut day_first = false;
    for (i, h) in headers.iter().enumerate() {
        let key = normalize_header(h);
        let (field, label, group) = if let Some((_, f, l, g)) = KNOWN.iter().find(|k| k.0 == key) {
            (*f, l.map(str::to_string), *g)
        } else if let Some((f, n)) = google_numbered(&key) {
            (f, None, 100 + n)
        } else {
            (F::Ignore, None, 0)
        };
        if field != F::Ignore && !key.is_ascii() {
            day_first = true;
        }
        columns.push(ColumnRule {
            position: i as u32,
            header: Some(h.trim().to_string()),
            field,
            label,
            group,
        });
    }
    let has_header = columns.iter().any(|c| c.field != F::Ignore);
    ColumnMapping {
        delimiter: None,
        has_header,
        day_first,
        columns,
    }
}

/// A mapping for a file without a header, guessed from its first row.
fn guess_headerless(first: &[String]) -> ColumnMapping {
    let mut columns = Vec::new();
    let mut named = false;
    for (i, cell) in first.iter().enumerate() {
        let cell = cell.trim();
        let digits = cell.chars().filter(char::is_ascii_digit).count();
        let field = if cell.contains('@') {
            F::Email
        } else if !named && !cell.is_empty() {
            named = true;
            F::Name
        } else if digits >= 5
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        {
            F::Phone
        } else {
            F::Ignore
        };
        columns.push(ColumnRule {
            position: i as u32,
            header: None,
            field,
            label: None,
            group: 0,
        });
    }
    ColumnMapping {
        delimiter: None,
        has_header: false,
        day_first: false,
        columns,
    }
}

/// The delimiter the first line uses most (outside quotes); `,` when it uses none.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The line where a quoted field opens and never closes, if any.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let (mut state, mut line, mut opened) = (S::FieldStart, 1, 1);
    let delimiter = delimiter as char;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        state = match (state, c) {
            (S::Quoted, '"') => S::AfterQuote,
            (S::Quoted, _) => S::Quoted,
            (S::AfterQuote, '"') => S::Quoted,
            (S::FieldStart, '"') => {
                opened = line;
                S::Quoted
            }
            (_, '\n' | '\r') => S::FieldStart,
            (_, c) if c == delimiter => S::FieldStart,
            (_, _) => S::Unquoted,
        };
    }
    (state == S::Quoted).then_some(opened)
}

/// Every record of `text` with the line it starts on. A record that came out as one field holding
/// another delimiter (Thunderbird's mixed comma/tab files) is split on that one.
fn read_rows(
    text: &str,
    delimiter: u8,
) -> std::result::Result<Vec<(usize, Vec<String>)>, LineError> {
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(LineError {
            line,
            message: "a quoted field opens on this line and is never closed".into(),
        });
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    // The csv crate's own line numbers fall one short after a CRLF (a record's start is taken
    // before the LF of the previous line's CRLF), so lines are counted here from byte offsets.
    let bytes = text.as_bytes();
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    let mut line_at = |offset: usize| {
        let mut start = offset.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= counted_to {
            lines_before += bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
        } else {
            lines_before = bytes[..start].iter().filter(|b| **b == b'\n').count();
        }
        counted_to = start;
        lines_before + 1
    };
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record
                    .position()
                    .map_or(line, |p| line_at(p.byte() as usize));
                let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
                if cells.len() == 1 {
                    if let Some(other) = ['\t', ';', ',']
                        .into_iter()
                        .find(|d| *d as u8 != delimiter && cells[0].contains(*d))
                    {
                        cells = cells[0].split(other).map(str::to_string).collect();
                    }
                }
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                rows.push((line, cells));
            }
            Err(e) => {
                return Err(LineError {
                    line: e.position().map_or(line, |p| p.line() as usize),
                    message: e.to_string(),
                })
            }
        }
    }
    Ok(rows)
}

/// A cell as written, less the one apostrophe that export adds before `=`, `+`, `-`, `@`, tab and
/// CR (also when apostrophes come between).
fn cell_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

fn split_list(text: &str) -> Vec<String> {
    let parts: Vec<&str> = if text.contains(":::") {
        text.split(":::").collect()
    } else {
        text.split([';', ',']).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Google writes "* Home" for the primary value's type; Rapport keeps "home".
fn clean_label(label: &str) -> Option<String> {
    let l = label.trim().trim_start_matches('*').trim();
    if l.is_empty() {
        return None;
    }
    let lower = l.to_lowercase();
    let known = [
        "home", "work", "other", "mobile", "main", "pager", "home fax", "work fax", "fax",
    ];
    Some(if known.contains(&lower.as_str()) {
        lower
    } else {
        l.to_string()
    })
}

/// The first rows of a file, the guessed mapping, delimiter and encoding: what the wizard shows.
pub fn preview(bytes: &[u8], encoding: Option<&str>) -> Result<CsvPreview> {
    let forced = encoding
        .map(super::encoding::encoding_for_label)
        .transpose()?;
    let (text, used) = super::encoding::decode(bytes, forced);
    let delimiter = detect_delimiter(&text);
    let rows = read_rows(&text, delimiter)
        .map_err(|e| Error::invalid("file", format!("line {}: {}", e.line, e.message)))?;
    let first = rows.first().map(|(_, r)| r.clone()).unwrap_or_default();
    let mut mapping = recognise(&first);
    if !mapping.has_header {
        mapping = guess_headerless(&first);
    }
    mapping.delimiter = Some((delimiter as char).to_string());
    Ok(CsvPreview {
        encoding: used.name().to_string(),
        delimiter: (delimiter as char).to_string(),
        headers: if mapping.has_header {
            first
        } else {
            Vec::new()
        },
        mapping,
        rows: rows.into_iter().take(6).map(|(_, r)| r).collect(),
    })
}

/// Reads every row of `text` into contacts, with `mapping` or the one recognised from the header.
pub fn parse(
    text: &str,
    mapping: Option<&ColumnMapping>,
) -> std::result::Result<Vec<ImportRecord>, Vec<LineError>> {
    let delimiter = mapping
        .and_then(|m| m.delimiter.as_deref())
        .and_then(|d| d.bytes().next())
        .unwrap_or_else(|| detect_delimiter(text));
    let rows = read_rows(text, delimiter).map_err(|e| vec![e])?;
    let Some((_, first)) = rows.first() else {
        return Ok(Vec::new());
    };
    let mapping = match mapping {
        Some(m) => m.clone(),
        None => {
            let m = recognise(first);
            if m.has_header {
                m
            } else {
                guess_headerless(first)
            }
        }
    };
    if !mapping.columns.iter().any(|c| {
        matches!(
            c.field,
            F::Name | F::Email | F::GivenName | F::FamilyName | F::Organization | F::EmailList
        )
    }) {
        return Err(vec![LineError {
            line: 1,
            message: "no column of this file could be recognised as a name or an email: choose the columns (a profile)".into(),
        }]);
    }
    let skip = usize::from(mapping.has_header);
    Ok(rows
        .iter()
        .skip(skip)
        .map(|(line, cells)| row_to_record(*line, cells, &mapping))
        .collect())
}

fn row_to_record(line: usize, cells: &[String], mapping: &ColumnMapping) -> ImportRecord {
    let mut input = ContactInput::default();
    let mut warnings = Vec::new();
    let mut names: [Option<String>; 5] = Default::default(); // prefix, given, middle, family, suffix
    let mut addresses: std::collections::BTreeMap<u32, [Option<String>; 7]> = Default::default();
    let mut email_groups: std::collections::BTreeMap<u32, (Option<String>, Vec<String>)> =
        Default::default();
    let mut phone_groups: std::collections::BTreeMap<u32, (Option<String>, Vec<String>)> =
        Default::default();
    let (mut birthday, mut birth_ymd) = (None, [None::<String>, None, None]);
    let order = if mapping.day_first {
        DateOrder::DayFirst
    } else {
        DateOrder::YearFirst
    };
    for rule in &mapping.columns {
        let Some(raw) = cells.get(rule.position as usize) else {
            continue;
        };
        let value = cell_text(raw).trim();
        if value.is_empty() {
            continue;
        }
        let v = Some(value.to_string());
        let mut address_part = |slot: usize| {
            addresses.entry(rule.group).or_default()[slot] = v.clone();
        };
        match rule.field {
            F::Ignore => {}
            F::Name => input.name = value.to_string(),
            F::Kind => input.kind = value.parse().ok(),
            F::NamePrefix => names[0] = v,
            F::GivenName => names[1] = v,
            F::MiddleName => names[2] = v,
            F::FamilyName => names[3] = v,
            F::NameSuffix => names[4] = v,
            F::Organization => input.organization = v,
            F::JobTitle => input.job_title = v,
            F::Email => input.emails.push(Labeled {
                label: rule.label.clone(),
                value: value.to_string(),
            }),
            F::EmailLabel => email_groups.entry(rule.group).or_default().0 = clean_label(value),
            F::EmailList => email_groups
                .entry(rule.group)
                .or_default()
                .1
                .extend(split_list(value)),
            F::Phone => input.phones.push(Labeled {
                label: rule.label.clone(),
                value: value.to_string(),
            }),
            F::PhoneLabel => phone_groups.entry(rule.group).or_default().0 = clean_label(value),
            F::PhoneList => phone_groups.entry(rule.group).or_default().1.extend(
                value
                    .split(if value.contains(":::") { ":::" } else { ";" })
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty()),
            ),
            F::Street => address_part(0),
            F::Street2 => address_part(1),
            F::PoBox => address_part(2),
            F::Locality => address_part(3),
            F::Region => address_part(4),
            F::PostalCode => address_part(5),
            F::Country => address_part(6),
            F::Birthday => birthday = v,
            F::BirthYear => birth_ymd[0] = v,
            F::BirthMonth => birth_ymd[1] = v,
            F::BirthDay => birth_ymd[2] = v,
            F::Notes => input.notes = v,
            F::Tags => input.tags.extend(
                split_list(value)
                    .into_iter()
                    .filter(|t| !t.starts_with('*')),
            ),
            F::PreferredChannel => input.preferred_channel = value.parse().ok(),
            F::DoNotContact => {
                input.do_not_contact =
                    matches!(value.to_lowercase().as_str(), "true" | "yes" | "1" | "x")
            }
            F::CustomerSince => input.customer_since = v,
            F::RenewalDate => input.renewal_date = v,
        }
    }
    for (_, (label, values)) in email_groups {
        for value in values {
            input.emails.push(Labeled {
                label: label.clone(),
                value,
            });
        }
    }
    for (_, (label, values)) in phone_groups {
        for value in values {
            input.phones.push(Labeled {
                label: label.clone(),
                value,
            });
        }
    }
    // The first address (home, then business, then other; Google's in order) with anything in it.
    if let Some(parts) = addresses.values().find(|p| p.iter().any(Option::is_some)) {
        let street: Vec<&str> = parts[..3].iter().flatten().map(String::as_str).collect();
        input.address.street = (!street.is_empty()).then(|| street.join(", "));
        input.address.locality.clone_from(&parts[3]);
        input.address.region.clone_from(&parts[4]);
        input.address.postal_code.clone_from(&parts[5]);
        input.address.country.clone_from(&parts[6]);
    }
    if birthday.is_none() {
        if let [year, Some(m), Some(d)] = &birth_ymd {
            birthday = Some(match year {
                Some(y) => format!("{y}-{m:0>2}-{d:0>2}"),
                None => format!("--{m:0>2}-{d:0>2}"),
            });
        }
    }
    if let Some(text) = birthday {
        match parse_date_parts(&text, order, None) {
            Ok((b, note)) => {
                warnings.extend(note.map(|n| (line, n)));
                input.birthday = Some(b.to_string());
            }
            Err(why) => {
                warnings.push((line, format!("birthday '{text}': {why}; no birthday kept")))
            }
        }
    }
    input.given_name.clone_from(&names[1]);
    input.family_name.clone_from(&names[3]);
    if input.name.trim().is_empty() {
        let composed: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
        input.name = composed.join(" ");
    }
    if input.name.trim().is_empty() {
        if let Some(fallback) = input
            .organization
            .clone()
            .or_else(|| input.emails.first().map(|e| e.value.clone()))
            .or_else(|| input.phones.first().map(|p| p.value.clone()))
        {
            input.name = fallback;
        }
    }
    let mut record = ImportRecord {
        input,
        uid: None,
        line,
        warnings,
        checked: None,
    };
    sanitize_record(&mut record);
    record
}

/// Writes `contacts` as CSV in `layout` (UTF-8; the plain layout with a BOM, for Excel).
pub fn write(contacts: &[Contact], layout: CsvLayout) -> Result<Vec<u8>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match layout {
        CsvLayout::Google => {
            let emails = contacts
                .iter()
                .map(|c| c.emails.len())
                .max()
                .unwrap_or(0)
                .max(1);
            let phones = contacts
                .iter()
                .map(|c| c.phones.len())
                .max()
                .unwrap_or(0)
                .max(1);
            let mut header: Vec<String> = [
                "Name",
                "Given Name",
                "Additional Name",
                "Family Name",
                "Name Prefix",
                "Name Suffix",
                "Birthday",
                "Notes",
                "Group Membership",
            ]
            .map(String::from)
            .to_vec();
            for i in 1..=emails {
                header.push(format!("E-mail {i} - Type"));
                header.push(format!("E-mail {i} - Value"));
            }
            for i in 1..=phones {
                header.push(format!("Phone {i} - Type"));
                header.push(format!("Phone {i} - Value"));
            }
            for h in [
                "Address 1 - Type",
                "Address 1 - Formatted",
                "Address 1 - Street",
                "Address 1 - City",
                "Address 1 - PO Box",
                "Address 1 - Region",
                "Address 1 - Postal Code",
                "Address 1 - Country",
                "Address 1 - Extended Address",
                "Organization 1 - Type",
                "Organization 1 - Name",
                "Organization 1 - Title",
            ] {
                header.push(h.into());
            }
            rows.push(header);
            for c in contacts {
                let org = if c.kind == ContactKind::Organization {
                    Some(c.name.clone())
                } else {
                    c.organization.clone()
                };
                let mut groups = vec!["* My Contacts".to_string()];
                groups.extend(c.tags.iter().cloned());
                let mut row = vec![
                    c.name.clone(),
                    opt(&c.given_name),
                    String::new(),
                    opt(&c.family_name),
                    String::new(),
                    String::new(),
                    c.birthday.map(|b| b.to_string()).unwrap_or_default(),
                    opt(&c.notes),
                    groups.join(" ::: "),
                ];
                for i in 0..emails {
                    let e = c.email_details.get(i);
                    row.push(e.and_then(|e| e.label.clone()).unwrap_or_default());
                    row.push(e.map(|e| e.value.clone()).unwrap_or_default());
                }
                for i in 0..phones {
                    let p = c.phone_details.get(i);
                    row.push(p.and_then(|p| p.label.clone()).unwrap_or_default());
                    row.push(p.map(|p| p.value.clone()).unwrap_or_default());
                }
                let a = &c.address;
                let formatted: Vec<String> = [
                    &a.street,
                    &a.locality,
                    &a.region,
                    &a.postal_code,
                    &a.country,
                ]
                .iter()
                .filter_map(|v| (*v).clone())
                .collect();
                row.extend([
                    String::new(),
                    formatted.join("\n"),
                    opt(&a.street),
                    opt(&a.locality),
                    String::new(),
                    opt(&a.region),
                    opt(&a.postal_code),
                    opt(&a.country),
                    String::new(),
                    String::new(),
                    org.unwrap_or_default(),
                    opt(&c.job_title),
                ]);
                rows.push(row);
            }
        }
        CsvLayout::Plain => {
            rows.push(
                [
                    "Name",
                    "Kind",
                    "Given Name",
                    "Family Name",
                    "Organization",
                    "Job Title",
                    "Emails",
                    "Phones",
                    "Street",
                    "City",
                    "Region",
                    "Postal Code",
                    "Country",
                    "Birthday",
                    "Tags",
                    "Notes",
                    "Preferred Channel",
                    "Do Not Contact",
                    "Customer Since",
                    "Renewal Date",
                ]
                .map(String::from)
                .to_vec(),
            );
            for c in contacts {
                rows.push(vec![
                    c.name.clone(),
                    c.kind.to_string(),
                    opt(&c.given_name),
                    opt(&c.family_name),
                    opt(&c.organization),
                    opt(&c.job_title),
                    c.emails.join("; "),
                    c.phones.join("; "),
                    opt(&c.address.street),
                    opt(&c.address.locality),
                    opt(&c.address.region),
                    opt(&c.address.postal_code),
                    opt(&c.address.country),
                    c.birthday.map(|b| b.to_string()).unwrap_or_default(),
                    c.tags.join("; "),
                    opt(&c.notes),
                    c.preferred_channel
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    if c.do_not_contact {
                        "yes".into()
                    } else {
                        String::new()
                    },
                    c.customer_since.map(|d| d.to_string()).unwrap_or_default(),
                    c.renewal_date.map(|d| d.to_string()).unwrap_or_default(),
                ]);
            }
        }
    }
    let mut out = Vec::new();
    if layout == CsvLayout::Plain {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        for row in rows {
            writer
                .write_record(row.iter().map(|c| csv_cell(c)))
                .map_err(|e| Error::Conflict(format!("writing CSV: {e}")))?;
        }
        writer
            .flush()
            .map_err(|e| Error::Conflict(format!("writing CSV: {e}")))?;
    }
    Ok(out)
}
