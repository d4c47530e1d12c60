//! Contacts: every field round-trips, the rules name the field they break, search finds by
//! prefix in any language, and deleting is a trip to the Trash.

mod common;

use chrono::NaiveDate;
use common::{email, person, temp_store};
use rapport::contacts::{
    Address, Birthday, ContactInput, ContactKind, ContactQuery, Labeled, PreferredChannel, SortKey,
};
use rapport::interactions::{InteractionChannel, InteractionInput, Tone};
use rusqlite::Connection;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn names(store: &rapport::Store, query: &ContactQuery) -> Vec<String> {
    store
        .list_contacts(query)
        .expect("list")
        .contacts
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn search(store: &rapport::Store, text: &str) -> Vec<String> {
    store
        .search_contacts(text, 50)
        .expect("search")
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn full_input() -> ContactInput {
    ContactInput {
        kind: Some(ContactKind::Person),
        name: "Zoë Müller".into(),
        given_name: Some("Zoë".into()),
        family_name: Some("Müller".into()),
        job_title: Some("Head baker".into()),
        organization: Some("Müller Bäckerei".into()),
        emails: vec![
            Labeled {
                label: Some("work".into()),
                value: "zoe@baeckerei.example".into(),
            },
            Labeled {
                label: Some("home".into()),
                value: "zoe.m@example.org".into(),
            },
        ],
        phones: vec![
            Labeled {
                label: Some("mobile".into()),
                value: "+49 170 1234567".into(),
            },
            Labeled {
                label: None,
                value: "030 555 0199".into(),
            },
        ],
        address: Address {
            street: Some("Hauptstraße 5".into()),
            locality: Some("Berlin".into()),
            region: Some("BE".into()),
            postal_code: Some("10115".into()),
            country: Some("Germany".into()),
        },
        preferred_channel: Some(PreferredChannel::InPerson),
        do_not_contact: true,
        birthday: Some("1988-02-29".into()),
        customer_since: Some("2019-05-01".into()),
        renewal_date: Some("2027-01-31".into()),
        tags: vec!["vip".into(), "wholesale".into()],
        notes: Some("Prefers mornings.\nAllergic to nuts.".into()),
    }
}

#[test]
fn every_field_of_a_contact_round_trips() {
    let (_dir, mut store) = temp_store();
    let input = full_input();
    let id = store.add_contact(&input).expect("add");
    let c = store.contact(id).expect("read");
    assert_eq!(c.kind, ContactKind::Person);
    assert_eq!(c.name, "Zoë Müller");
    assert_eq!(c.given_name.as_deref(), Some("Zoë"));
    assert_eq!(c.family_name.as_deref(), Some("Müller"));
    assert_eq!(c.job_title.as_deref(), Some("Head baker"));
    assert_eq!(c.organization.as_deref(), Some("Müller Bäckerei"));
    assert_eq!(c.emails, vec!["zoe@baeckerei.example", "zoe.m@example.org"]);
    assert_eq!(c.email_details, input.emails);
    assert_eq!(c.phones, vec!["+49 170 1234567", "030 555 0199"]);
    assert_eq!(c.phone_details, input.phones);
    assert_eq!(c.address, input.address);
    assert_eq!(c.preferred_channel, Some(PreferredChannel::InPerson));
    assert!(c.do_not_contact);
    assert_eq!(
        c.birthday,
        Some(Birthday {
            month: 2,
            day: 29,
            year: Some(1988)
        })
    );
    assert_eq!(c.customer_since, Some(date("2019-05-01")));
    assert_eq!(c.renewal_date, Some(date("2027-01-31")));
    assert_eq!(c.tags, vec!["vip", "wholesale"]);
    assert_eq!(
        c.notes.as_deref(),
        Some("Prefers mornings.\nAllergic to nuts.")
    );
    assert_eq!(c.created_at, "2026-11-24T09:30:00Z");
    assert_eq!(c.updated_at, "2026-11-24T09:30:00Z");
    assert_eq!(c.deleted_at, None);
    assert_eq!(c.last_contacted, None);
    // Editing with the contact's own input changes nothing.
    store
        .update_contact(id, &ContactInput::from(&c))
        .expect("update");
    assert_eq!(store.contact(id).expect("read again"), c);
}

#[test]
fn an_organisation_is_a_contact_and_people_belong_to_it() {
    let (_dir, mut store) = temp_store();
    let ann = store
        .add_contact(&ContactInput {
            organization: Some("Acme Ltd".into()),
            ..person("Ann")
        })
        .expect("ann");
    let bob = store
        .add_contact(&ContactInput {
            organization: Some("ACME LTD".into()),
            ..person("Bob")
        })
        .expect("bob");
    let org_id = store
        .contact(ann)
        .expect("ann")
        .organization_id
        .expect("linked");
    assert_eq!(
        store.contact(bob).expect("bob").organization_id,
        Some(org_id),
        "same org, any case"
    );
    let org = store.contact(org_id).expect("org");
    assert_eq!(org.kind, ContactKind::Organization);
    assert_eq!(org.name, "Acme Ltd");
    let detail = store
        .contact_detail(org_id, date("2026-11-24"))
        .expect("detail");
    assert_eq!(
        detail
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Ann", "Bob"]
    );
    let in_org = names(
        &store,
        &ContactQuery {
            organization_id: Some(org_id),
            ..Default::default()
        },
    );
    assert_eq!(in_org, vec!["Acme Ltd", "Ann", "Bob"]);

    // Renaming the organisation is found through its members' search index too.
    let mut input = ContactInput::from(&org);
    input.name = "Zenith Widgets".into();
    store.update_contact(org_id, &input).expect("rename");
    assert_eq!(
        store.contact(ann).expect("ann").organization.as_deref(),
        Some("Zenith Widgets")
    );
    // The organisation's own name starts with the text; its people match through it, newest first.
    assert_eq!(
        search(&store, "zenith"),
        vec!["Zenith Widgets", "Bob", "Ann"]
    );

    // An organisation with people cannot turn into a person.
    let mut input = ContactInput::from(&store.contact(org_id).expect("org"));
    input.kind = Some(ContactKind::Person);
    let err = store
        .update_contact(org_id, &input)
        .expect_err("has members");
    assert_eq!(err.field(), Some("kind"));
}

#[test]
fn birthdays_must_be_real_calendar_dates() {
    let cases: &[(&str, Option<Birthday>)] = &[
        (
            "1988-02-29",
            Some(Birthday {
                month: 2,
                day: 29,
                year: Some(1988),
            }),
        ),
        (
            "--02-29",
            Some(Birthday {
                month: 2,
                day: 29,
                year: None,
            }),
        ),
        (
            "2000-02-29",
            Some(Birthday {
                month: 2,
                day: 29,
                year: Some(2000),
            }),
        ),
        (
            "1990-12-31",
            Some(Birthday {
                month: 12,
                day: 31,
                year: Some(1990),
            }),
        ),
        (
            "--12-31",
            Some(Birthday {
                month: 12,
                day: 31,
                year: None,
            }),
        ),
        ("2023-02-29", None),
        ("1900-02-29", None),
        ("1990-04-31", None),
        ("--04-31", None),
        ("1990-01-00", None),
        ("--01-00", None),
        ("1990-00-10", None),
        ("--13-01", None),
        ("1990-1-5", None),
        ("31/04/1990", None),
        ("yesterday", None),
        ("", None),
    ];
    for (text, expected) in cases {
        let parsed = text.parse::<Birthday>().ok();
        assert_eq!(&parsed, expected, "birthday {text:?}");
    }
    let (_dir, mut store) = temp_store();
    let err = store
        .add_contact(&ContactInput {
            birthday: Some("1990-04-31".into()),
            ..person("April")
        })
        .expect_err("31 April");
    assert_eq!(err.code(), "invalid_field");
    assert_eq!(err.field(), Some("birthday"));
    assert!(err.to_string().contains("1990-04-31"), "{err}");
}

#[test]
fn a_29_february_birthday_falls_on_28_february_in_common_years() {
    let b: Birthday = "1988-02-29".parse().expect("valid");
    assert_eq!(b.next_on_or_after(date("2026-11-24")), date("2027-02-28"));
    assert_eq!(b.next_on_or_after(date("2027-03-01")), date("2028-02-29"));
    assert_eq!(b.age_on(date("2028-02-29")), Some(40));
    let (_dir, mut store) = temp_store();
    let id = store
        .add_contact(&ContactInput {
            birthday: Some("1988-02-29".into()),
            ..person("Leap")
        })
        .expect("add");
    let d = store
        .contact_detail(id, date("2026-11-24"))
        .expect("detail");
    assert_eq!(d.next_birthday, Some(date("2027-02-28")));
    assert_eq!(d.age_at_next_birthday, Some(39));
    // The "birthday soon" filter agrees.
    let soon = |today: &str, days| {
        names(
            &store,
            &ContactQuery {
                birthday_within_days: Some(days),
                today: Some(date(today)),
                ..Default::default()
            },
        )
    };
    assert_eq!(soon("2027-02-27", 1), vec!["Leap"]);
    assert!(soon("2027-02-20", 6).is_empty());
    assert_eq!(soon("2028-02-29", 0), vec!["Leap"]);
    assert_eq!(
        soon("2026-12-25", 70),
        vec!["Leap"],
        "window across the new year"
    );
}

#[test]
fn rules_name_the_field_they_break() {
    let (_dir, mut store) = temp_store();
    let cases: Vec<(ContactInput, &str)> = vec![
        (person("   "), "name"),
        (
            ContactInput {
                emails: vec![email("not-an-email")],
                ..person("A")
            },
            "email",
        ),
        (
            ContactInput {
                emails: vec![email("a@b")],
                ..person("A")
            },
            "email",
        ),
        (
            ContactInput {
                emails: vec![email("two words@example.com")],
                ..person("A")
            },
            "email",
        ),
        (
            ContactInput {
                phones: vec![email("12")],
                ..person("A")
            },
            "phone",
        ),
        (
            ContactInput {
                phones: vec![email("call me <maybe>")],
                ..person("A")
            },
            "phone",
        ),
        (
            ContactInput {
                customer_since: Some("2026-13-01".into()),
                ..person("A")
            },
            "customer_since",
        ),
        (
            ContactInput {
                renewal_date: Some("soon".into()),
                ..person("A")
            },
            "renewal_date",
        ),
        (
            ContactInput {
                kind: Some(ContactKind::Organization),
                organization: Some("Parent".into()),
                ..person("Child Org")
            },
            "organization",
        ),
    ];
    for (input, field) in cases {
        let errors = rapport::contacts::validate_contact(&input).expect_err("invalid");
        assert_eq!(errors[0].field, field, "{input:?}");
        let err = store.add_contact(&input).expect_err("refused");
        assert_eq!(err.field(), Some(field));
    }
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .total,
        0,
        "nothing stored"
    );
    // Several problems are reported together for the form.
    let errors = rapport::contacts::validate_contact(&ContactInput {
        emails: vec![email("nope")],
        birthday: Some("--02-30".into()),
        ..person("")
    })
    .expect_err("three problems");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["name", "email", "birthday"]);
}

#[test]
fn search_finds_by_prefix_of_name_email_phone_digits_and_tag_in_any_language() {
    let (_dir, mut store) = temp_store();
    store
        .add_contact(&ContactInput {
            emails: vec![email("zoe@baeckerei.example")],
            phones: vec![email("+1 (555) 010-2030")],
            tags: vec!["wholesale".into()],
            ..person("Zoë Müller")
        })
        .expect("zoe");
    store
        .add_contact(&ContactInput {
            emails: vec![email("taro@yamada.example")],
            ..person("山田太郎")
        })
        .expect("yamada");
    store
        .add_contact(&ContactInput {
            tags: vec!["retail".into()],
            ..person("Marco Rossi")
        })
        .expect("marco");
    store.add_contact(&person("Zoe Adams")).expect("zoe adams");

    assert_eq!(search(&store, "zoë"), vec!["Zoe Adams", "Zoë Müller"]);
    assert_eq!(
        search(&store, "zoe m"),
        vec!["Zoë Müller"],
        "every word must match"
    );
    assert_eq!(search(&store, "Mül"), vec!["Zoë Müller"]);
    assert_eq!(
        search(&store, "mull"),
        vec!["Zoë Müller"],
        "diacritics fold"
    );
    assert_eq!(search(&store, "山田"), vec!["山田太郎"]);
    assert_eq!(
        search(&store, "zoe@baeck"),
        vec!["Zoë Müller"],
        "email prefix"
    );
    assert_eq!(search(&store, "yamada"), vec!["山田太郎"], "email domain");
    assert_eq!(search(&store, "1555010"), vec!["Zoë Müller"], "all digits");
    assert_eq!(
        search(&store, "5550102"),
        vec!["Zoë Müller"],
        "digits without country code"
    );
    assert_eq!(search(&store, "010-20"), vec!["Zoë Müller"], "as typed");
    assert_eq!(search(&store, "whole"), vec!["Zoë Müller"], "tag");
    assert_eq!(search(&store, "ret"), vec!["Marco Rossi"]);
    assert!(search(&store, "nobody").is_empty());
    assert!(
        search(&store, "\"*()-:^").is_empty(),
        "query syntax is never interpreted"
    );
    // A name match ranks above a match in the notes.
    store
        .add_contact(&ContactInput {
            notes: Some("Introduced us to Marco".into()),
            ..person("Ines Abbot")
        })
        .expect("ines");
    assert_eq!(search(&store, "marco"), vec!["Marco Rossi", "Ines Abbot"]);
}

#[test]
fn search_follows_edits_and_ignores_the_trash() {
    let (_dir, mut store) = temp_store();
    let id = store.add_contact(&person("Olga Petrova")).expect("add");
    let mut input = ContactInput::from(&store.contact(id).expect("c"));
    input.name = "Olga Ivanova".into();
    input.emails = vec![email("olga@ivanova.example")];
    store.update_contact(id, &input).expect("edit");
    assert!(search(&store, "petrova").is_empty());
    assert_eq!(search(&store, "ivanova"), vec!["Olga Ivanova"]);
    store.delete_contact(id).expect("delete");
    assert!(search(&store, "olga").is_empty());
    store.restore_contact(id).expect("restore");
    assert_eq!(search(&store, "olga"), vec!["Olga Ivanova"]);
    assert!(
        store.check().expect("check").is_ok(),
        "index matches the data"
    );
}

#[test]
fn delete_moves_to_the_trash_and_restore_brings_it_back() {
    let (dir, mut store) = temp_store();
    let keep = store.add_contact(&person("Keeper")).expect("keep");
    let gone = store.add_contact(&person("Goner")).expect("gone");
    store
        .add_interaction(&InteractionInput {
            issue_id: None,
            contact_id: gone,
            occurred_at: None,
            channel: InteractionChannel::Call,
            summary: "Called about invoice".into(),
            tone: Tone::Neutral,
            team_member_id: None,
        })
        .expect("log");
    store.delete_contact(gone).expect("delete");
    assert_eq!(names(&store, &Default::default()), vec!["Keeper"]);
    let trash = store.trash().expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].name, "Goner");
    assert_eq!(trash[0].deleted_at, "2026-11-24T09:30:00Z");
    assert_eq!(
        store
            .contact(gone)
            .expect("still readable")
            .deleted_at
            .as_deref(),
        Some("2026-11-24T09:30:00Z")
    );
    assert_eq!(
        store.delete_contact(gone).expect_err("twice").code(),
        "conflict"
    );

    store.restore_contact(gone).expect("restore");
    assert_eq!(names(&store, &Default::default()), vec!["Goner", "Keeper"]);
    assert!(store.trash().expect("trash").is_empty());
    assert_eq!(
        store
            .restore_contact(keep)
            .expect_err("not in trash")
            .code(),
        "conflict"
    );
    assert_eq!(
        store.restore_contact(9999).expect_err("missing").code(),
        "not_found"
    );

    // Emptying the Trash removes the contact and (by foreign key cascade) its timeline.
    store.delete_contact(gone).expect("delete again");
    assert_eq!(store.empty_trash().expect("empty"), 1);
    assert_eq!(
        store.contact(gone).expect_err("gone for good").code(),
        "not_found"
    );
    let conn = Connection::open(dir.path().join("rapport.sqlite3")).expect("second connection");
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM interactions WHERE contact_id = ?1",
            [gone],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0);
    assert!(store.check().expect("check").is_ok());
}

#[test]
fn emptying_the_trash_unlinks_people_from_a_removed_organisation() {
    let (_dir, mut store) = temp_store();
    let ann = store
        .add_contact(&ContactInput {
            organization: Some("Gone Corp".into()),
            ..person("Ann")
        })
        .expect("ann");
    let org = store
        .contact(ann)
        .expect("ann")
        .organization_id
        .expect("org");
    store.delete_contact(org).expect("trash org");
    store.empty_trash().expect("empty");
    let ann = store.contact(ann).expect("ann stays");
    assert_eq!(ann.organization, None);
    assert!(search(&store, "gone").is_empty());
    assert!(store.check().expect("check").is_ok());
}

#[test]
fn filters_and_sorting_page_in_sql() {
    let (_dir, mut store) = temp_store();
    for (name, tag, dnc) in [
        ("Cara", "vip", false),
        ("Abe", "vip", true),
        ("Bea", "retail", false),
    ] {
        store
            .add_contact(&ContactInput {
                tags: vec![tag.into()],
                do_not_contact: dnc,
                ..person(name)
            })
            .expect("add");
    }
    assert_eq!(
        names(&store, &Default::default()),
        vec!["Abe", "Bea", "Cara"]
    );
    assert_eq!(
        names(
            &store,
            &ContactQuery {
                tag: Some("VIP".into()),
                ..Default::default()
            }
        ),
        vec!["Abe", "Cara"]
    );
    assert_eq!(
        names(
            &store,
            &ContactQuery {
                do_not_contact: Some(true),
                ..Default::default()
            }
        ),
        vec!["Abe"]
    );
    assert_eq!(
        names(
            &store,
            &ContactQuery {
                sort: SortKey::Name,
                descending: true,
                ..Default::default()
            }
        ),
        vec!["Cara", "Bea", "Abe"]
    );
    let page = store
        .list_contacts(&ContactQuery {
            limit: Some(1),
            offset: 1,
            ..Default::default()
        })
        .expect("page");
    assert_eq!(page.total, 3);
    assert_eq!(
        page.contacts
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Bea"]
    );
    assert_eq!(store.tags().expect("tags"), vec!["retail", "vip"]);
}

#[test]
fn last_contacted_is_the_latest_interaction() {
    let (_dir, mut store) = temp_store();
    let a = store.add_contact(&person("Early")).expect("a");
    let b = store.add_contact(&person("Recent")).expect("b");
    let log = |store: &mut rapport::Store, id, at: &str, tone| {
        store
            .add_interaction(&InteractionInput {
                issue_id: None,
                contact_id: id,
                occurred_at: Some(
                    rapport::datetime::parse_datetime("at", at, &chrono::Utc).expect("time"),
                ),
                channel: InteractionChannel::Visit,
                summary: "Visited the shop".into(),
                tone,
                team_member_id: None,
            })
            .expect("log")
    };
    log(&mut store, a, "2026-10-01T10:00:00Z", Tone::Positive);
    log(&mut store, a, "2026-09-01T10:00:00Z", Tone::Negative);
    log(&mut store, b, "2026-11-20T16:45:00Z", Tone::Neutral);
    assert_eq!(
        store.contact(a).expect("a").last_contacted.as_deref(),
        Some("2026-10-01T10:00:00Z")
    );
    let timeline = store.interactions(a, None).expect("timeline");
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0].tone, Tone::Positive, "newest first");
    assert_eq!(
        names(
            &store,
            &ContactQuery {
                sort: SortKey::LastContacted,
                descending: true,
                ..Default::default()
            }
        ),
        vec!["Recent", "Early"]
    );
    let err = store
        .add_interaction(&InteractionInput {
            issue_id: None,
            contact_id: a,
            occurred_at: None,
            channel: InteractionChannel::Note,
            summary: "  ".into(),
            tone: Tone::Neutral,
            team_member_id: None,
        })
        .expect_err("empty summary");
    assert_eq!(err.field(), Some("summary"));
}

#[test]
fn team_member_names_are_unique() {
    let (_dir, mut store) = temp_store();
    let id = store
        .add_team_member("Priya", Some("priya@shop.example"))
        .expect("add");
    assert_eq!(
        store
            .add_team_member("priya", None)
            .expect_err("dup")
            .field(),
        Some("name")
    );
    store.add_team_member("Sam", None).expect("sam");
    store.set_team_member_active(id, false).expect("deactivate");
    let team = store.team().expect("team");
    assert_eq!(
        team.iter()
            .map(|m| (m.name.as_str(), m.active))
            .collect::<Vec<_>>(),
        vec![("Sam", true), ("Priya", false)]
    );
}

#[test]
fn a_batch_insert_is_all_or_nothing() {
    let (_dir, mut store) = temp_store();
    let mut batch: Vec<ContactInput> = (0..50).map(|i| person(&format!("Batch {i}"))).collect();
    batch[37].emails = vec![email("broken")];
    let err = store.add_contacts(&batch).expect_err("one bad row");
    assert!(
        err.to_string().contains("contact 38"),
        "names the row: {err}"
    );
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .total,
        0
    );
    batch[37].emails.clear();
    assert_eq!(store.add_contacts(&batch).expect("all good").len(), 50);
}

#[test]
fn search_as_you_type_puts_names_starting_with_the_text_first_then_other_matches() {
    let (_dir, mut store) = temp_store();
    let mut batch: Vec<ContactInput> = (0..60)
        .map(|i| person(&format!("Mara Client {i:02}")))
        .collect();
    batch.push(ContactInput {
        tags: vec!["marathon".into()],
        ..person("Abe Runner")
    });
    batch.push(ContactInput {
        organization: Some("Marathon Shoes".into()),
        ..person("Cy Seller")
    });
    store.add_contacts(&batch).expect("seed");

    let first_50 = search(&store, "mara");
    assert_eq!(first_50.len(), 50);
    assert_eq!(first_50[0], "Mara Client 00");
    assert_eq!(
        first_50[49], "Mara Client 49",
        "alphabetical among name matches"
    );

    // Fewer name matches than asked for: the rest are full-text matches, name before org before tag.
    let all = store.search_contacts("marat", 10).expect("search");
    let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["Marathon Shoes", "Cy Seller", "Abe Runner"]);
    assert_eq!(
        rapport::contacts::search::fold("  Zoë   MÜLLER "),
        "zoe muller"
    );
}
