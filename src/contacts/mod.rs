//! Contacts: people and organisations in one id space, their emails, phones, tags and birthdays.
//!
//! An organisation is a contact of kind `organization`, so any contact id can be "the customer" of
//! an issue, a meeting or a survey response. A person may belong to one organisation.

mod aside;
mod batch;
mod birthday;
mod queries;
pub mod search;
mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use birthday::{month_day_keys_within, Birthday};
pub use queries::{
    ContactDetail, ContactPage, ContactQuery, MemberRef, OrganizationRef, SortKey, TrashItem,
};
pub use validate::{normalize_email, phone_digits, validate_contact, ValidContact};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Person,
    Organization,
}

/// How the customer prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PreferredChannel {
    Email,
    Phone,
    Text,
    InPerson,
    Social,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),+ }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let wanted = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                match wanted.as_str() {
                    $($text => Ok(<$ty>::$variant),)+
                    _ => Err(format!(
                        "'{s}' is not one of: {}",
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use aside::Indexing;
pub(crate) use batch::with_indexes_built_after;
pub(crate) use queries::{insert_contacts, update_contact_in, validate_batch};
pub(crate) use text_enum;

text_enum!(ContactKind { Person = "person", Organization = "organization" });
text_enum!(PreferredChannel {
    Email = "email",
    Phone = "phone",
    Text = "text",
    InPerson = "in_person",
    Social = "social",
});

/// An email address or phone number with an optional label ("work", "home", "mobile" …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Labeled {
    pub label: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Address {
    pub street: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.locality,
            &self.region,
            &self.postal_code,
            &self.country,
        ]
        .iter()
        .all(|f| f.is_none())
    }
}

/// A contact as read back from the store. `emails`, `phones` and `birthday` are in the JSON
/// contract of the CLI (PRODUCT.md); `email_details` and `phone_details` add the labels.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Contact {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ContactKind,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub job_title: Option<String>,
    #[ts(type = "number | null")]
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub email_details: Vec<Labeled>,
    pub phone_details: Vec<Labeled>,
    pub address: Address,
    pub preferred_channel: Option<PreferredChannel>,
    pub do_not_contact: bool,
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
    #[ts(type = "string | null")]
    pub birthday: Option<Birthday>,
    pub customer_since: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// The most recent interaction's time (derived, never stored).
    pub last_contacted: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// What a form or the CLI submits to create or edit a contact. Dates are text so the core can
/// name the field when one is wrong.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContactInput {
    pub kind: Option<ContactKind>,
    pub name: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub job_title: Option<String>,
    /// The organisation's name: an existing organisation with that name, or a new one.
    pub organization: Option<String>,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub address: Address,
    pub preferred_channel: Option<PreferredChannel>,
    pub do_not_contact: bool,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    /// `YYYY-MM-DD`.
    pub customer_since: Option<String>,
    /// `YYYY-MM-DD`.
    pub renewal_date: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

impl From<&Contact> for ContactInput {
    fn from(c: &Contact) -> Self {
        ContactInput {
            kind: Some(c.kind),
            name: c.name.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            job_title: c.job_title.clone(),
            organization: c.organization.clone(),
            emails: c.email_details.clone(),
            phones: c.phone_details.clone(),
            address: c.address.clone(),
            preferred_channel: c.preferred_channel,
            do_not_contact: c.do_not_contact,
            birthday: c.birthday.map(|b| b.to_string()),
            customer_since: c.customer_since.map(|d| d.to_string()),
            renewal_date: c.renewal_date.map(|d| d.to_string()),
            tags: c.tags.clone(),
            notes: c.notes.clone(),
        }
    }
}
