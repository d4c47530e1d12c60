//! vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350): reading every card of a file into contacts, and
//! writing contacts back out.
//!
//! Reading works on bytes until the last moment, because exporters fold long lines by counting
//! bytes and so can split a UTF-8 character across a fold: lines are split (CRLF, LF, CR CR LF; a
//! lone CR inside a line is data, unless the file has no LF at all), unfolded (a line starting with
//! a space or tab continues the previous one; a quoted-printable value ending in `=` continues on
//! the next line whatever it starts with), and only then is each value decoded, in its `CHARSET`
//! when it names one. Photos, sounds and keys are skipped, never decoded. A structural problem (a
//! line without a colon, a card without its END) is an error naming the line; a value Rapport cannot
//! keep (an unparseable birthday, an address that is not an email) is a warning, and the rest of
//! the card is kept.

use std::borrow::Cow;
use std::collections::HashMap;

use encoding_rs::Encoding;

use super::{parse_date_parts, sanitize_record, DateOrder, ImportRecord, LineError};
use crate::contacts::{Birthday, Contact, ContactInput, ContactKind, Labeled};

/// One content line: `group.NAME;params:value`, with the physical line it starts on.
#[derive(Debug, Clone)]
struct Property<'a> {
    line: usize,
    group: Option<String>,
    name: String,
    /// Parameters as written; a bare one (2.1's `TEL;CELL`) has an empty key.
    params: Vec<(String, String)>,
    raw: &'a [u8],
}

impl Property<'_> {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Every type, lower-cased: `TYPE=a,b`, repeated `TYPE=`, and 2.1's bare parameters.
    fn types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in &self.params {
            if k.is_empty() || k.eq_ignore_ascii_case("TYPE") {
                out.extend(
                    v.split(',')
                        .map(|t| t.trim().trim_matches('"').to_ascii_lowercase())
                        .filter(|t| !t.is_empty()),
                );
            }
        }
        out
    }

    fn preferred(&self) -> bool {
        self.param("PREF").is_some() || self.types().iter().any(|t| t == "pref")
    }

    fn encoding(&self) -> Option<String> {
        if let Some(e) = self.param("ENCODING") {
            return Some(e.to_ascii_uppercase());
        }
        self.params
            .iter()
            .filter(|(k, _)| k.is_empty())
            .map(|(_, v)| v.to_ascii_uppercase())
            .find(|v| matches!(v.as_str(), "QUOTED-PRINTABLE" | "BASE64" | "B"))
    }

    fn is_binary(&self) -> bool {
        matches!(self.encoding().as_deref(), Some("BASE64" | "B"))
    }

    /// The value as text, still escaped.
    fn text(&self, fallback: &'static Encoding) -> String {
        if self.params.is_empty() {
            if let Ok(text) = std::str::from_utf8(self.raw) {
                return text.to_string();
            }
        }
        let decoded;
        let bytes = if self.encoding().as_deref() == Some("QUOTED-PRINTABLE") {
            decoded = decode_quoted_printable(self.raw);
            &decoded[..]
        } else {
            self.raw
        };
        super::encoding::decode_value(bytes, self.param("CHARSET"), fallback)
    }
}

/// Splits bytes into physical lines with their 1-based numbers.
fn physical_lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let has_lf = bytes.contains(&b'\n');
    let separator = if has_lf { b'\n' } else { b'\r' };
    let mut lines: Vec<(usize, &[u8])> =
        Vec::with_capacity(bytes.iter().filter(|b| **b == separator).count() + 1);
    lines.extend(
        bytes
            .split(|b| *b == separator)
            .enumerate()
            .map(|(i, mut line)| {
                while let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                (i + 1, line)
            }),
    );
    if matches!(lines.last(), Some((_, l)) if l.is_empty()) {
        lines.pop();
    }
    lines
}

fn is_quoted_printable_head(line: &[u8]) -> bool {
    let head_end = line.iter().position(|b| *b == b':').unwrap_or(line.len());
    line[..head_end]
        .to_ascii_uppercase()
        .windows(16)
        .any(|w| w == b"QUOTED-PRINTABLE")
}

/// Joins folded lines (and quoted-printable soft line breaks) into content lines.
fn logical_lines(bytes: &[u8]) -> Vec<(usize, Cow<'_, [u8]>)> {
    let physical = physical_lines(bytes);
    let mut out: Vec<(usize, Cow<'_, [u8]>)> = Vec::with_capacity(physical.len());
    // Whether the last content line is quoted-printable and its last piece ended in a soft break.
    let mut soft_break = false;
    for (number, line) in physical {
        if let (Some((_, current)), true) = (out.last_mut(), soft_break) {
            let current = current.to_mut();
            current.pop();
            current.extend_from_slice(line);
            soft_break = line.ends_with(b"=");
            continue;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some((_, current)) = out.last_mut() {
                current.to_mut().extend_from_slice(&line[1..]);
                soft_break = line.ends_with(b"=") && is_quoted_printable_head(current);
                continue;
            }
        }
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            soft_break = false;
            continue;
        }
        soft_break = line.ends_with(b"=") && is_quoted_printable_head(line);
        out.push((number, Cow::Borrowed(line)));
    }
    out
}

fn decode_quoted_printable(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        if raw[i] == b'=' && i + 1 == raw.len() {
            break;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Splits a content line into its parts; `None` when it has no colon.
fn parse_property(line: usize, bytes: &[u8]) -> Option<Property<'_>> {
    let mut in_quotes = false;
    let mut colon = None;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let head = String::from_utf8_lossy(&bytes[..colon]);
    let mut parts = split_unquoted(&head, ';').into_iter();
    let full_name = parts.next().unwrap_or_default();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_ascii_lowercase()), n.to_ascii_uppercase()),
        None => (None, full_name.to_ascii_uppercase()),
    };
    if name.trim().is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let params = parts
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_string(), v.trim().trim_matches('"').to_string()),
            None => (String::new(), p.trim().to_string()),
        })
        .collect();
    Some(Property {
        line,
        group,
        name,
        params,
        raw: &bytes[colon + 1..],
    })
}

fn split_unquoted(text: &str, separator: char) -> Vec<String> {
    if !text.contains('"') {
        return text.split(separator).map(str::to_string).collect();
    }
    let mut out = vec![String::new()];
    let mut in_quotes = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c == separator && !in_quotes {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// Splits on unescaped `separator` and unescapes each part (`\n`, `\,`, `\;`, `\\`; any other
/// escaped character stands for itself, as in Gmail's `http\://`).
fn split_escaped(text: &str, separator: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let last = out.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => last.push('\n'),
                Some(other) => last.push(other),
                None => {}
            },
            c if c == separator => out.push(String::new()),
            c => last.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    split_escaped(text, '\u{0}').concat()
}

/// Reads every card of a vCard file. `fallback` decodes values that are not UTF-8 and name no charset.
pub fn parse(
    bytes: &[u8],
    fallback: &'static Encoding,
) -> Result<Vec<ImportRecord>, Vec<LineError>> {
    // UTF-16 must become UTF-8 before lines can be found; UTF-8's BOM is dropped.
    let owned;
    let bytes = match Encoding::for_bom(bytes) {
        Some((enc, _)) if enc != encoding_rs::UTF_8 => {
            owned = enc.decode(bytes).0.into_owned().into_bytes();
            &owned[..]
        }
        Some((_, bom)) => &bytes[bom..],
        None => bytes,
    };
    let mut errors = Vec::new();
    let mut card: Option<(usize, Vec<Property>)> = None;
    let mut nested = 0usize;
    let lines = logical_lines(bytes);
    // Sized ahead (see `apply_records`): one record per BEGIN:VCARD at most.
    let begins = lines
        .iter()
        .filter(|(_, l)| l.len() >= 11 && l[..11].eq_ignore_ascii_case(b"BEGIN:VCARD"))
        .count();
    let mut records = Vec::with_capacity(begins);
    for (line, content) in &lines {
        let (line, content) = (*line, &content[..]);
        let Some(prop) = parse_property(line, content) else {
            errors.push(LineError {
                line,
                message: format!(
                    "'{}' is not a vCard line (NAME:value)",
                    shorten(&String::from_utf8_lossy(content))
                ),
            });
            continue;
        };
        // Only BEGIN and END look at their value.
        let value = if prop.name == "BEGIN" || prop.name == "END" {
            String::from_utf8_lossy(prop.raw)
                .trim()
                .to_ascii_uppercase()
        } else {
            String::new()
        };
        match (prop.name.as_str(), value.as_str(), card.as_mut()) {
            ("BEGIN", "VCARD", None) => card = Some((line, Vec::new())),
            ("BEGIN", _, Some(_)) => nested += 1,
            ("END", _, Some(_)) if nested > 0 => nested -= 1,
            ("END", "VCARD", Some(_)) => {
                let (start, props) = card.take().expect("inside a card");
                if let Some(record) = card_to_record(start, &props, fallback) {
                    records.push(record);
                }
            }
            (_, _, Some((_, props))) if nested == 0 => props.push(prop),
            (_, _, Some(_)) => {}
            ("END", "VCARD", None) => errors.push(LineError {
                line,
                message: "END:VCARD without a BEGIN:VCARD before it".into(),
            }),
            (_, _, None) => errors.push(LineError {
                line,
                message: format!(
                    "'{}' is outside any BEGIN:VCARD … END:VCARD",
                    shorten(&String::from_utf8_lossy(content))
                ),
            }),
        }
    }
    if let Some((start, _)) = card {
        errors.push(LineError {
            line: start,
            message: "this card has no END:VCARD (is the file cut short?)".into(),
        });
    }
    if errors.is_empty() && records.is_empty() {
        errors.push(LineError {
            line: 1,
            message: "no vCard (BEGIN:VCARD) in this file".into(),
        });
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn shorten(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Apple's labels come wrapped: `_$!<Mobile>!$_` → `mobile`.
fn clean_label(label: &str) -> Option<String> {
    let label = label.trim();
    let inner = label
        .strip_prefix("_$!<")
        .and_then(|l| l.strip_suffix(">!$_"))
        .map(|l| l.to_lowercase());
    let out = inner.unwrap_or_else(|| label.to_string());
    (!out.is_empty()).then_some(out)
}

const GENERIC_TYPES: &[&str] = &[
    "pref", "internet", "voice", "x400", "msg", "text", "video", "bbs", "modem", "isdn", "pcs",
    "dom", "intl", "postal", "parcel",
];

fn phone_label(types: &[String]) -> Option<String> {
    let has = |t: &str| types.iter().any(|x| x == t);
    let place = if has("work") {
        Some("work")
    } else if has("home") {
        Some("home")
    } else {
        None
    };
    if has("cell") || has("mobile") {
        return Some("mobile".into());
    }
    if has("fax") {
        return Some(place.map_or("fax".into(), |p| format!("{p} fax")));
    }
    for special in ["pager", "main", "car", "other"] {
        if has(special) {
            return Some(special.into());
        }
    }
    if let Some(p) = place {
        return Some(p.into());
    }
    types
        .iter()
        .find(|t| !GENERIC_TYPES.contains(&t.as_str()) && !t.starts_with("x-"))
        .cloned()
}

fn email_label(types: &[String]) -> Option<String> {
    types
        .iter()
        .find(|t| !GENERIC_TYPES.contains(&t.as_str()) && !t.starts_with("x-"))
        .cloned()
}

/// Parses a vCard date into a birthday; `Ok(None)` when the value has no month and day.
fn bday(
    prop: &Property,
    fallback: &'static Encoding,
) -> Result<(Birthday, Option<String>), String> {
    let text = unescape(&prop.text(fallback));
    let text = text.trim();
    let omit_year: Option<i32> = prop
        .param("X-APPLE-OMIT-YEAR")
        .and_then(|y| y.trim().parse().ok());
    // The date part of a date-time: the day as written, whatever the time and zone.
    let date = match text.find('T') {
        Some(i) if i >= 4 => &text[..i],
        _ => text,
    };
    parse_date_parts(date, DateOrder::YearFirst, omit_year)
        .map_err(|why| format!("BDAY '{text}': {why}"))
}

/// Turns one card's properties into a contact; `None` for a card with nothing to keep.
fn card_to_record(
    line: usize,
    props: &[Property],
    fallback: &'static Encoding,
) -> Option<ImportRecord> {
    let mut warnings = Vec::new();
    let labels: HashMap<&str, String> = props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| Some((p.group.as_deref()?, p.text(fallback))))
        .filter_map(|(g, l)| Some((g, clean_label(&unescape(&l))?)))
        .collect();
    let label_of = |p: &Property| p.group.as_deref().and_then(|g| labels.get(g)).cloned();
    let first_text = |name: &str| {
        props
            .iter()
            .find(|p| p.name == name && !p.is_binary())
            .map(|p| unescape(&p.text(fallback)).trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let structured = |name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .map(|p| split_escaped(&p.text(fallback), ';'))
    };
    let component = |parts: &Option<Vec<String>>, i: usize| {
        parts
            .as_ref()
            .and_then(|p| p.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };

    let n = structured("N");
    let family_name = component(&n, 0);
    let given_name = component(&n, 1);
    let org_parts = structured("ORG");
    let organization = component(&org_parts, 0);
    let is_org = first_text("KIND")
        .is_some_and(|k| matches!(k.to_ascii_lowercase().as_str(), "org" | "organization"))
        || first_text("X-ABSHOWAS").is_some_and(|k| k.eq_ignore_ascii_case("company"));

    let mut emails: Vec<(bool, Labeled)> = Vec::new();
    let mut phones: Vec<(bool, Labeled)> = Vec::new();
    for p in props {
        match p.name.as_str() {
            "EMAIL" => {
                let value = unescape(&p.text(fallback));
                let value = value.trim();
                let value = value.strip_prefix("mailto:").unwrap_or(value);
                if !value.is_empty() {
                    let label = label_of(p).or_else(|| email_label(&p.types()));
                    emails.push((
                        p.preferred(),
                        Labeled {
                            label,
                            value: value.to_string(),
                        },
                    ));
                }
            }
            "TEL" => {
                let value = unescape(&p.text(fallback));
                let mut value = value.trim().to_string();
                for scheme in ["tel:", "callto:", "TEL:"] {
                    if let Some(rest) = value.strip_prefix(scheme) {
                        value = rest.to_string();
                    }
                }
                if let Some((number, ext)) = value.split_once(";ext=") {
                    value = format!("{number} x{ext}");
                }
                if !value.is_empty() {
                    let label = label_of(p).or_else(|| phone_label(&p.types()));
                    phones.push((p.preferred(), Labeled { label, value }));
                }
            }
            _ => {}
        }
    }
    // Rapport keeps no "preferred" flag: the preferred value goes first (a stable sort).
    emails.sort_by_key(|(pref, _)| !*pref);
    phones.sort_by_key(|(pref, _)| !*pref);
    let emails: Vec<Labeled> = emails.into_iter().map(|(_, l)| l).collect();
    let phones: Vec<Labeled> = phones.into_iter().map(|(_, l)| l).collect();

    let address_prop = props
        .iter()
        .filter(|p| p.name == "ADR")
        .find(|p| p.preferred())
        .or_else(|| props.iter().find(|p| p.name == "ADR"));
    let mut address = crate::contacts::Address::default();
    if let Some(p) = address_prop {
        let parts = Some(split_escaped(&p.text(fallback), ';'));
        let street: Vec<String> = [2, 1, 0]
            .iter()
            .filter_map(|i| component(&parts, *i))
            .collect();
        address.street = (!street.is_empty()).then(|| street.join(", "));
        address.locality = component(&parts, 3);
        address.region = component(&parts, 4);
        address.postal_code = component(&parts, 5);
        address.country = component(&parts, 6);
    }

    let mut birthday = None;
    for p in props.iter().filter(|p| p.name == "BDAY") {
        match bday(p, fallback) {
            Ok((b, note)) => {
                warnings.extend(note.map(|n| (p.line, n)));
                birthday = Some(b.to_string());
                break;
            }
            Err(why) => warnings.push((p.line, format!("{why}; no birthday kept"))),
        }
    }

    let notes: Vec<String> = props
        .iter()
        .filter(|p| p.name == "NOTE")
        .map(|p| unescape(&p.text(fallback)).trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let tags: Vec<String> = props
        .iter()
        .filter(|p| p.name == "CATEGORIES")
        .flat_map(|p| split_escaped(&p.text(fallback), ','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();

    let composed_name = Some(
        [3, 1, 2, 0, 4]
            .iter()
            .filter_map(|i| component(&n, *i))
            .collect::<Vec<_>>()
            .join(" "),
    )
    .filter(|s| !s.is_empty());
    let (kind, name) = match first_text("FN").or(composed_name) {
        Some(name) => (
            if is_org {
                ContactKind::Organization
            } else {
                ContactKind::Person
            },
            name,
        ),
        None => match &organization {
            Some(org) => (ContactKind::Organization, org.clone()),
            None => match emails.first().or(phones.first()) {
                Some(l) => (ContactKind::Person, l.value.clone()),
                None => return None,
            },
        },
    };
    let organization = if kind == ContactKind::Organization {
        None
    } else {
        organization
    };
    let flag = |name: &str| first_text(name);
    let input = ContactInput {
        kind: Some(kind),
        name,
        given_name,
        family_name,
        job_title: first_text("TITLE"),
        organization,
        emails,
        phones,
        address,
        preferred_channel: flag("X-RAPPORT-PREFERRED-CHANNEL").and_then(|c| c.parse().ok()),
        do_not_contact: flag("X-RAPPORT-DO-NOT-CONTACT")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        birthday,
        customer_since: flag("X-RAPPORT-CUSTOMER-SINCE"),
        renewal_date: flag("X-RAPPORT-RENEWAL-DATE"),
        tags,
        notes: (!notes.is_empty()).then(|| notes.join("\n\n")),
    };
    let mut record = ImportRecord {
        input,
        uid: first_text("UID"),
        line,
        warnings,
        checked: None,
    };
    sanitize_record(&mut record);
    Some(record)
}

/// Which vCard version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VcardVersion {
    V3,
    V4,
}

/// Escapes a text value (RFC 6350 §3.4).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character, and ends it with CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

const PHONE_TYPES: &[(&str, &str)] = &[
    ("mobile", "cell"),
    ("home", "home"),
    ("work", "work"),
    ("fax", "fax"),
    ("home fax", "home,fax"),
    ("work fax", "work,fax"),
    ("pager", "pager"),
    ("main", "main"),
    ("car", "car"),
    ("other", "other"),
];
const EMAIL_TYPES: &[&str] = &["home", "work", "other", "school"];

/// Writes `contacts` as one vCard file. `uids` gives each contact's UID by id.
pub fn write(contacts: &[Contact], uids: &HashMap<i64, String>, version: VcardVersion) -> String {
    let mut out = String::new();
    for c in contacts {
        let mut lines: Vec<String> = Vec::new();
        let mut item = 0;
        lines.push("BEGIN:VCARD".into());
        lines.push(match version {
            VcardVersion::V3 => "VERSION:3.0".into(),
            VcardVersion::V4 => "VERSION:4.0".into(),
        });
        lines.push("PRODID:-//Rapport//Rapport contacts//EN".into());
        if let Some(uid) = uids.get(&c.id) {
            lines.push(format!("UID:{}", escape(uid)));
        }
        lines.push(format!("FN:{}", escape(&c.name)));
        let org = c.kind == ContactKind::Organization;
        if org {
            match version {
                VcardVersion::V4 => lines.push("KIND:org".into()),
                VcardVersion::V3 => lines.push("X-ABShowAs:COMPANY".into()),
            }
            lines.push(format!("ORG:{}", escape(&c.name)));
        }
        lines.push(format!(
            "N:{};{};;;",
            escape(c.family_name.as_deref().unwrap_or("")),
            escape(c.given_name.as_deref().unwrap_or(""))
        ));
        if let Some(o) = c.organization.as_deref().filter(|_| !org) {
            lines.push(format!("ORG:{}", escape(o)));
        }
        if let Some(t) = &c.job_title {
            lines.push(format!("TITLE:{}", escape(t)));
        }
        let pref = |i: usize| match (i, version) {
            (0, VcardVersion::V4) => ";PREF=1",
            (0, VcardVersion::V3) => ";TYPE=pref",
            _ => "",
        };
        for (i, e) in c.email_details.iter().enumerate() {
            let label = e.label.as_deref().map(str::to_lowercase);
            let internet = if version == VcardVersion::V3 {
                ";TYPE=INTERNET"
            } else {
                ""
            };
            match label.as_deref() {
                None => lines.push(format!("EMAIL{internet}{}:{}", pref(i), escape(&e.value))),
                Some(l) if EMAIL_TYPES.contains(&l) && e.label.as_deref() == Some(l) => lines.push(
                    format!("EMAIL{internet};TYPE={l}{}:{}", pref(i), escape(&e.value)),
                ),
                Some(_) => {
                    item += 1;
                    lines.push(format!(
                        "item{item}.EMAIL{internet}{}:{}",
                        pref(i),
                        escape(&e.value)
                    ));
                    lines.push(format!(
                        "item{item}.X-ABLabel:{}",
                        escape(e.label.as_deref().unwrap_or(""))
                    ));
                }
            }
        }
        for (i, p) in c.phone_details.iter().enumerate() {
            let known = p
                .label
                .as_deref()
                .and_then(|l| PHONE_TYPES.iter().find(|(label, _)| *label == l));
            match (&p.label, known) {
                (None, _) => lines.push(format!("TEL{}:{}", pref(i), escape(&p.value))),
                (Some(_), Some((_, types))) => {
                    let types = if types.contains(',') && version == VcardVersion::V4 {
                        format!("\"{types}\"")
                    } else {
                        types.to_string()
                    };
                    lines.push(format!("TEL;TYPE={types}{}:{}", pref(i), escape(&p.value)))
                }
                (Some(label), None) => {
                    item += 1;
                    lines.push(format!("item{item}.TEL{}:{}", pref(i), escape(&p.value)));
                    lines.push(format!("item{item}.X-ABLabel:{}", escape(label)));
                }
            }
        }
        let a = &c.address;
        if !a.is_empty() {
            let f = |v: &Option<String>| escape(v.as_deref().unwrap_or(""));
            lines.push(format!(
                "ADR:;;{};{};{};{};{}",
                f(&a.street),
                f(&a.locality),
                f(&a.region),
                f(&a.postal_code),
                f(&a.country)
            ));
        }
        if let Some(b) = c.birthday {
            lines.push(match (b.year, version) {
                (Some(y), VcardVersion::V4) => format!("BDAY:{y:04}{:02}{:02}", b.month, b.day),
                (Some(y), VcardVersion::V3) => format!("BDAY:{y:04}-{:02}-{:02}", b.month, b.day),
                (None, VcardVersion::V4) => format!("BDAY:--{:02}{:02}", b.month, b.day),
                // 3.0 has no year-less date: Apple's convention, which Apple, Nextcloud and we read.
                (None, VcardVersion::V3) => {
                    format!(
                        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-{:02}-{:02}",
                        b.month, b.day
                    )
                }
            });
        }
        if !c.tags.is_empty() {
            let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
            lines.push(format!("CATEGORIES:{}", tags.join(",")));
        }
        if let Some(n) = &c.notes {
            lines.push(format!("NOTE:{}", escape(n)));
        }
        // Rapport's own fields, so a round trip through a file keeps them.
        if let Some(p) = c.preferred_channel {
            lines.push(format!("X-RAPPORT-PREFERRED-CHANNEL:{p}"));
        }
        if c.do_not_contact {
            lines.push("X-RAPPORT-DO-NOT-CONTACT:true".into());
        }
        if let Some(d) = c.customer_since {
            lines.push(format!("X-RAPPORT-CUSTOMER-SINCE:{d}"));
        }
        if let Some(d) = c.renewal_date {
            lines.push(format!("X-RAPPORT-RENEWAL-DATE:{d}"));
        }
        lines.push("END:VCARD".into());
        for line in &lines {
            push_folded(&mut out, line);
        }
    }
    out
}
