//! `rapport contacts …`

use clap::{Args, Subcommand};
use rapport::contacts::{
    Contact, ContactInput, ContactKind, ContactQuery, Labeled, PreferredChannel, SortKey,
};
use rapport::{Error, Result, Store};

use super::output::{print_id, print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Add a person or an organisation; prints the new id.
    Add {
        #[command(flatten)]
        fields: ContactFields,
        #[arg(long)]
        json: bool,
    },
    /// List contacts (all, or those matching a search and filters).
    List {
        /// Words to find in names, organisations, emails, phones, tags and notes (prefixes match).
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Only members of this organisation (its id).
        #[arg(long, value_name = "ID")]
        org: Option<i64>,
        #[arg(long)]
        kind: Option<ContactKind>,
        /// Only contacts whose birthday is within N days.
        #[arg(long, value_name = "N")]
        birthday_within: Option<u32>,
        /// Only contacts marked do-not-contact.
        #[arg(long)]
        do_not_contact: bool,
        /// Stands in for today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// relevance, name, last_contacted or created.
        #[arg(long, default_value = "relevance", value_parser = parse_sort)]
        sort: SortKey,
        #[arg(long)]
        desc: bool,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Everything about one contact, with its timeline.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change a contact: the fields given replace the stored ones.
    Edit {
        id: i64,
        #[command(flatten)]
        fields: ContactFields,
        /// Empty a field: email, phone, tag, birthday, org, note, channel, title, address,
        /// customer-since, renewal, do-not-contact.
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
    },
    /// Move a contact to the Trash.
    Delete { id: i64 },
    /// Bring a contact back from the Trash.
    Restore { id: i64 },
    /// Import vCard (.vcf) or CSV files (Google, Outlook, Thunderbird …); each file all or nothing.
    Import(Box<super::exchange::ImportArgs>),
    /// Export every contact as vCard or CSV (written to a temp file, then renamed).
    Export(super::exchange::ExportArgs),
    /// Pairs of contacts that may be the same (shared email or phone, same or similar name).
    Duplicates {
        #[arg(long)]
        json: bool,
    },
    /// Merge OTHER into KEEP: OTHER's history moves to KEEP, its values fill KEEP's empty fields
    /// (and replace KEEP's for each --take FIELD), and OTHER goes to the Trash.
    Merge {
        keep_id: i64,
        other_id: i64,
        /// Take OTHER's value for this field (name, given_name, family_name, job_title,
        /// organization, birthday, notes, address, preferred_channel, customer_since, renewal_date).
        #[arg(long, value_name = "FIELD")]
        take: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Undo the latest merge of MERGED_ID: its history moves back, the survivor gets its old
    /// values, and MERGED_ID leaves the Trash.
    Unmerge {
        merged_id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ContactFields {
    #[arg(long)]
    name: Option<String>,
    /// person or organization.
    #[arg(long)]
    kind: Option<ContactKind>,
    #[arg(long)]
    given: Option<String>,
    #[arg(long)]
    family: Option<String>,
    #[arg(long)]
    title: Option<String>,
    /// An email, optionally labelled: `work:ann@example.com`. Repeat for several.
    #[arg(long)]
    email: Vec<String>,
    /// A phone, optionally labelled: `mobile:+44 7700 900123`. Repeat for several.
    #[arg(long)]
    phone: Vec<String>,
    /// The organisation's name (created if new).
    #[arg(long, value_name = "NAME")]
    org: Option<String>,
    /// YYYY-MM-DD, or --MM-DD without a year (write `--birthday=--02-29` or `--birthday --02-29`).
    #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
    birthday: Option<String>,
    #[arg(long)]
    tag: Vec<String>,
    /// email, phone, text, in_person or social.
    #[arg(long)]
    channel: Option<PreferredChannel>,
    #[arg(long)]
    note: Option<String>,
    #[arg(long)]
    do_not_contact: bool,
    #[arg(long, value_name = "DATE")]
    customer_since: Option<String>,
    #[arg(long, value_name = "DATE")]
    renewal: Option<String>,
    #[arg(long)]
    street: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    region: Option<String>,
    #[arg(long)]
    postcode: Option<String>,
    #[arg(long)]
    country: Option<String>,
}

fn parse_sort(s: &str) -> Result<SortKey, String> {
    match s.replace('-', "_").as_str() {
        "relevance" => Ok(SortKey::Relevance),
        "name" => Ok(SortKey::Name),
        "last_contacted" => Ok(SortKey::LastContacted),
        "created" => Ok(SortKey::Created),
        _ => Err(format!(
            "'{s}' is not one of: relevance, name, last_contacted, created"
        )),
    }
}

/// `work:ann@example.com` → label "work"; a value with no such prefix has no label.
fn labeled(text: &str) -> Labeled {
    if let Some((label, value)) = text.split_once(':') {
        let label = label.trim();
        if !label.is_empty() && label.chars().all(char::is_alphabetic) && !value.trim().is_empty() {
            return Labeled {
                label: Some(label.to_string()),
                value: value.trim().to_string(),
            };
        }
    }
    Labeled {
        label: None,
        value: text.trim().to_string(),
    }
}

impl ContactFields {
    /// Writes the given flags over `input`.
    fn apply(self, input: &mut ContactInput) {
        if let Some(v) = self.name {
            input.name = v;
        }
        if let Some(v) = self.kind {
            input.kind = Some(v);
        }
        let set = |slot: &mut Option<String>, v: Option<String>| {
            if v.is_some() {
                *slot = v;
            }
        };
        set(&mut input.given_name, self.given);
        set(&mut input.family_name, self.family);
        set(&mut input.job_title, self.title);
        set(&mut input.organization, self.org);
        set(&mut input.birthday, self.birthday);
        set(&mut input.notes, self.note);
        set(&mut input.customer_since, self.customer_since);
        set(&mut input.renewal_date, self.renewal);
        set(&mut input.address.street, self.street);
        set(&mut input.address.locality, self.city);
        set(&mut input.address.region, self.region);
        set(&mut input.address.postal_code, self.postcode);
        set(&mut input.address.country, self.country);
        if !self.email.is_empty() {
            input.emails = self.email.iter().map(|e| labeled(e)).collect();
        }
        if !self.phone.is_empty() {
            input.phones = self.phone.iter().map(|p| labeled(p)).collect();
        }
        if !self.tag.is_empty() {
            input.tags = self.tag;
        }
        if self.channel.is_some() {
            input.preferred_channel = self.channel;
        }
        if self.do_not_contact {
            input.do_not_contact = true;
        }
    }
}

fn clear(input: &mut ContactInput, field: &str) -> Result<()> {
    match field.replace('_', "-").as_str() {
        "email" | "emails" => input.emails.clear(),
        "phone" | "phones" => input.phones.clear(),
        "tag" | "tags" => input.tags.clear(),
        "birthday" => input.birthday = None,
        "org" | "organization" => input.organization = None,
        "note" | "notes" => input.notes = None,
        "channel" => input.preferred_channel = None,
        "title" => input.job_title = None,
        "given" => input.given_name = None,
        "family" => input.family_name = None,
        "address" => input.address = Default::default(),
        "customer-since" => input.customer_since = None,
        "renewal" => input.renewal_date = None,
        "do-not-contact" => input.do_not_contact = false,
        other => {
            return Err(Error::invalid(
                "clear",
                format!("'{other}' is not a field that can be cleared"),
            ))
        }
    }
    Ok(())
}

pub fn run(store: &mut Store, cmd: ContactsCommand) -> Result<()> {
    match cmd {
        ContactsCommand::Add { fields, json } => {
            let mut input = ContactInput::default();
            fields.apply(&mut input);
            let id = store.add_contact(&input)?;
            print_id(id, json);
        }
        ContactsCommand::List {
            search,
            tag,
            org,
            kind,
            birthday_within,
            do_not_contact,
            as_of,
            sort,
            desc,
            limit,
            offset,
            json,
        } => {
            let today = match as_of {
                Some(d) => rapport::datetime::parse_date("as-of", &d)?,
                None => super::today(),
            };
            let page = store.list_contacts(&ContactQuery {
                search,
                tag,
                organization_id: org,
                kind,
                birthday_within_days: birthday_within,
                today: Some(today),
                do_not_contact: do_not_contact.then_some(true),
                sort,
                descending: desc,
                offset,
                limit,
            })?;
            if json {
                print_json(&page.contacts);
            } else {
                print_contacts(&page.contacts);
                if page.total as usize > page.contacts.len() {
                    println!("({} of {} shown)", page.contacts.len(), page.total);
                }
            }
        }
        ContactsCommand::Show { id, json } => {
            let contact = store.contact(id)?;
            let interactions = store.interactions(id, None)?;
            if json {
                let mut value =
                    serde_json::to_value(&contact).map_err(|e| Error::Conflict(e.to_string()))?;
                value["interactions"] = serde_json::to_value(&interactions)
                    .map_err(|e| Error::Conflict(e.to_string()))?;
                print_json(&value);
            } else {
                print_contact(&contact);
                for i in &interactions {
                    println!(
                        "  {}  {:<7}  {:<8}  {}",
                        i.occurred_at, i.channel, i.tone, i.summary
                    );
                }
            }
        }
        ContactsCommand::Edit {
            id,
            fields,
            clear: fields_to_clear,
        } => {
            let contact = store.contact(id)?;
            let mut input = ContactInput::from(&contact);
            for field in &fields_to_clear {
                clear(&mut input, field)?;
            }
            fields.apply(&mut input);
            store.update_contact(id, &input)?;
        }
        ContactsCommand::Delete { id } => store.delete_contact(id)?,
        ContactsCommand::Restore { id } => store.restore_contact(id)?,
        ContactsCommand::Import(args) => {
            if !super::exchange::import(store, *args)? {
                return Err(super::exchange::import_failed());
            }
        }
        ContactsCommand::Export(args) => super::exchange::export(store, args)?,
        ContactsCommand::Duplicates { json } => super::exchange::duplicates(store, json)?,
        ContactsCommand::Merge {
            keep_id,
            other_id,
            take,
            json,
        } => super::exchange::merge(store, keep_id, other_id, &take, json)?,
        ContactsCommand::Unmerge { merged_id, json } => {
            super::exchange::unmerge(store, merged_id, json)?
        }
    }
    Ok(())
}

fn print_contacts(contacts: &[Contact]) {
    if contacts.is_empty() {
        println!("No contacts found.");
        return;
    }
    print_table(
        &[
            "ID",
            "NAME",
            "ORGANIZATION",
            "EMAIL",
            "PHONE",
            "BIRTHDAY",
            "TAGS",
        ],
        contacts.iter().map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                c.organization.clone().unwrap_or_default(),
                c.emails.first().cloned().unwrap_or_default(),
                c.phones.first().cloned().unwrap_or_default(),
                c.birthday.map(|b| b.to_string()).unwrap_or_default(),
                c.tags.join(", "),
            ]
        }),
    );
}

fn print_contact(c: &Contact) {
    let row = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            println!("{k:<16}{v}");
        }
    };
    row("id", Some(c.id.to_string()));
    row("name", Some(c.name.clone()));
    row("kind", Some(c.kind.to_string()));
    row("organization", c.organization.clone());
    row("title", c.job_title.clone());
    for e in &c.email_details {
        row("email", Some(label(e)));
    }
    for p in &c.phone_details {
        row("phone", Some(label(p)));
    }
    let a = &c.address;
    let address: Vec<&str> = [
        &a.street,
        &a.postal_code,
        &a.locality,
        &a.region,
        &a.country,
    ]
    .iter()
    .filter_map(|f| f.as_deref())
    .collect();
    row("address", Some(address.join(", ")));
    row("birthday", c.birthday.map(|b| b.to_string()));
    row("channel", c.preferred_channel.map(|p| p.to_string()));
    row(
        "do not contact",
        c.do_not_contact.then(|| "yes".to_string()),
    );
    row("customer since", c.customer_since.map(|d| d.to_string()));
    row("renewal", c.renewal_date.map(|d| d.to_string()));
    row("tags", Some(c.tags.join(", ")));
    row("notes", c.notes.clone());
    row("last contacted", c.last_contacted.clone());
    row("in trash since", c.deleted_at.clone());
}

fn label(l: &Labeled) -> String {
    match &l.label {
        Some(label) => format!("{} ({label})", l.value),
        None => l.value.clone(),
    }
}
