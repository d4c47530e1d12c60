//! Field rules for contacts. All rules live here so the CLI, the app's as-you-type checks and the
//! store agree: `validate_contact` returns every problem at once, each naming its field.

use chrono::NaiveDate;

use super::{Address, Birthday, ContactInput, ContactKind, Labeled, PreferredChannel};
use crate::error::FieldError;

/// A contact that passed every rule: trimmed, parsed and de-duplicated.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidContact {
    pub kind: ContactKind,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub job_title: Option<String>,
    pub organization: Option<String>,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub address: Address,
    pub preferred_channel: Option<PreferredChannel>,
    pub do_not_contact: bool,
    pub birthday: Option<Birthday>,
    pub customer_since: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

const MAX_NAME: usize = 200;
const MAX_TAG: usize = 50;

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Trims; an empty string is no value.
fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// Checks every field of `input`, returning either the cleaned contact or every problem found.
pub fn validate_contact(input: &ContactInput) -> Result<ValidContact, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = input.kind.unwrap_or(ContactKind::Person);

    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.push(err("name", "a name is required"));
    } else if name.chars().count() > MAX_NAME {
        errors.push(err(
            "name",
            format!("the name is longer than {MAX_NAME} characters"),
        ));
    }

    let organization = clean(&input.organization);
    if kind == ContactKind::Organization && organization.is_some() {
        errors.push(err(
            "organization",
            "an organisation cannot belong to another organisation",
        ));
    }

    let mut emails: Vec<Labeled> = Vec::new();
    for e in &input.emails {
        let value = e.value.trim();
        if value.is_empty() {
            continue;
        }
        if !looks_like_email(value) {
            errors.push(err(
                "email",
                format!("'{value}' does not look like an email address"),
            ));
            continue;
        }
        if !emails.iter().any(|x| x.value.eq_ignore_ascii_case(value)) {
            emails.push(Labeled {
                label: clean(&e.label),
                value: value.to_string(),
            });
        }
    }

    let mut phones: Vec<Labeled> = Vec::new();
    for p in &input.phones {
        let value = p.value.trim();
        if value.is_empty() {
            continue;
        }
        if let Err(message) = check_phone(value) {
            errors.push(err("phone", message));
            continue;
        }
        if !phones
            .iter()
            .any(|x| phone_digits(&x.value) == phone_digits(value))
        {
            phones.push(Labeled {
                label: clean(&p.label),
                value: value.to_string(),
            });
        }
    }

    let birthday = match clean(&input.birthday) {
        None => None,
        Some(text) => match text.parse::<Birthday>() {
            Ok(b) => Some(b),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let customer_since = parse_date("customer_since", &input.customer_since, &mut errors);
    let renewal_date = parse_date("renewal_date", &input.renewal_date, &mut errors);

    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let tag = t.trim();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > MAX_TAG {
            errors.push(err(
                "tags",
                format!("the tag '{tag}' is longer than {MAX_TAG} characters"),
            ));
            continue;
        }
        if !tags.iter().any(|x| x.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_string());
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidContact {
        kind,
        name,
        given_name: clean(&input.given_name),
        family_name: clean(&input.family_name),
        job_title: clean(&input.job_title),
        organization,
        emails,
        phones,
        address: Address {
            street: clean(&input.address.street),
            locality: clean(&input.address.locality),
            region: clean(&input.address.region),
            postal_code: clean(&input.address.postal_code),
            country: clean(&input.address.country),
        },
        preferred_channel: input.preferred_channel,
        do_not_contact: input.do_not_contact,
        birthday,
        customer_since,
        renewal_date,
        tags,
        notes: clean(&input.notes),
    })
}

fn parse_date(
    field: &str,
    value: &Option<String>,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let text = clean(value)?;
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) if text.len() == 10 => Some(d),
        _ => {
            errors.push(err(
                field,
                format!("'{text}' is not a real date in the form YYYY-MM-DD"),
            ));
            None
        }
    }
}

/// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.len() <= 253
}

/// Lower-cases the address for matching (the store keeps what the user typed).
pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

fn check_phone(s: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_digit() || " +-().,/x#*".contains(c) || c == 'X';
    if let Some(bad) = s.chars().find(|c| !allowed(*c) && !c.is_ascii_alphabetic()) {
        return Err(format!(
            "'{s}' is not a phone number ('{bad}' is not allowed)"
        ));
    }
    let digits = phone_digits(s).len();
    if digits < 3 {
        return Err(format!("'{s}' is not a phone number (too few digits)"));
    }
    if digits > 20 {
        return Err(format!("'{s}' is not a phone number (too many digits)"));
    }
    Ok(())
}

/// The digits of a phone number, for matching however it was typed.
pub fn phone_digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}
