//! Contact import and export (issue 8) against real SQLite files: every real vCard and contact CSV
//! in the shared fixtures (found through `RAPPORT_FIXTURES`, default `../shared/fixtures`; a
//! missing folder prints "SKIPPED") with what each file says, checked by hand from the file; the
//! Nextcloud birthday oracle; our own small fixtures in `tests/fixtures/import/` for the rules
//! (birthday forms, folds, encodings, malformed files); re-import; round trips; duplicates; merge.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{email, person, temp_store};
use rapport::contacts::{Contact, ContactInput, ContactKind, Labeled, PreferredChannel};
use rapport::exchange::{
    CsvLayout, DuplicateReason, FileFormat, ImportOptions, ImportReport, VcardVersion,
};
use rapport::Store;

fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn fixtures_dir() -> PathBuf {
    std::env::var_os("RAPPORT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
}

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(store: &mut Store, path: &Path) -> ImportReport {
    store
        .import_contact_files(&[path], &ImportOptions::default())
        .expect("import")
}

fn import_bytes(store: &mut Store, name: &str, bytes: &[u8]) -> ImportReport {
    let mut report = ImportReport::default();
    store
        .import_contact_bytes(name, bytes, &ImportOptions::default(), &mut report)
        .expect("import");
    report
}

fn all(store: &Store) -> Vec<Contact> {
    let mut contacts = store.all_contacts().expect("contacts");
    contacts.sort_by_key(|c| c.id);
    contacts
}

fn people(store: &Store) -> Vec<Contact> {
    all(store)
        .into_iter()
        .filter(|c| c.kind == ContactKind::Person)
        .collect()
}

fn org_names(store: &Store) -> Vec<String> {
    all(store)
        .into_iter()
        .filter(|c| c.kind == ContactKind::Organization)
        .map(|c| c.name)
        .collect()
}

/// What a file says about one person: name, emails, phones (in the file's order, preferred
/// first), birthday.
struct Want {
    name: &'static str,
    emails: &'static [&'static str],
    phones: &'static [&'static str],
    birthday: Option<&'static str>,
}

const fn w(
    name: &'static str,
    emails: &'static [&'static str],
    phones: &'static [&'static str],
    birthday: Option<&'static str>,
) -> Want {
    Want {
        name,
        emails,
        phones,
        birthday,
    }
}

/// Every real contact export in the fixtures, with what it holds (read off the files by hand:
/// emails our rules refuse, such as `x@invalid` without a dot in the domain, and phone fields
/// holding words, are left out with a warning; organisations come from ORG / Company columns).
fn expectations() -> Vec<(&'static str, Vec<Want>, &'static [&'static str])> {
    const N5: &str = "Ñ Ñ Ñ Ñ Ñ";
    vec![
        (
            "vcard/ez-vcard/John_Doe_ANDROID.vcf",
            vec![
                w("john.doe@company.com", &["john.doe@company.com"], &[], None),
                w("jane.doe@company.com", &["jane.doe@company.com"], &[], None),
                w(N5, &[], &["123456789"], None),
                w(
                    "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
                    &[],
                    &["123456", "234567", "3456789", "45678901"],
                    None,
                ),
                w("Ñ Ñ Ñ Ñ", &["bob@company.com"], &["123456"], None),
                w("ÑÑÑÑ", &["henry@company.com"], &["55556666"], None),
            ],
            &[
                "ÑÑÑÑÑÑÑÑÑÑÑÑ",
                "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ",
            ],
        ),
        (
            "vcard/ez-vcard/John_Doe_GMAIL.vcf",
            vec![w(
                "Mr. John Richter, James Doe Sr.",
                &["john.doe@ibm.com"],
                &["905-555-1234", "905-666-1234"],
                Some("1980-03-22"),
            )],
            &["IBM"],
        ),
        (
            "vcard/ez-vcard/John_Doe_IPHONE.vcf",
            vec![w(
                "Mr. John Richter James Doe Sr.",
                &["john.doe@ibm.com"],
                &[
                    "905-555-1234",
                    "905-666-1234",
                    "905-777-1234",
                    "905-888-1234",
                    "905-999-1234",
                    "905-111-1234",
                    "905-222-1234",
                ],
                Some("2012-06-06"),
            )],
            &["IBM"],
        ),
        (
            "vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf",
            vec![w(
                "Mr. John Richter James Doe Sr.",
                &["john.doe@ibm.cm"],
                &["(905) 555-1234", "(905) 666-1234"],
                Some("1980-03-22"),
            )],
            &["IBM"],
        ),
        (
            "vcard/ez-vcard/fullcontact.vcf",
            vec![w(
                "Prefix FirstName MiddleName LastName Suffix",
                &[
                    "home@example.com",
                    "work@example.com",
                    "school@example.com",
                    "other@example.com",
                    "custom@example.com",
                ],
                &[
                    "555-555-1111",
                    "555-555-1112",
                    "555-555-1113",
                    "555-555-1114",
                    "555-555-1115",
                    "555-555-1116",
                    "555-555-1117",
                    "555-555-1118",
                    "555-555-1119",
                ],
                Some("2016-08-01"),
            )],
            &["Organization1"],
        ),
        (
            "vcard/ez-vcard/gmail-list.vcf",
            vec![
                w("Arnold Smith", &["asmithk@gmail.com"], &[], None),
                w("Chris Beatle", &["chrisy55d@yahoo.com"], &[], None),
                w("Doug White", &["dwhite@gmail.com"], &[], None),
            ],
            &[],
        ),
        (
            "vcard/ez-vcard/gmail-single2.vcf",
            vec![w(
                "VCard Test",
                &[
                    "email@example.com",
                    "homeemail@example.com",
                    "workemail@example.com",
                    "otheremail@example.com",
                    "customcategory@example.com",
                ],
                &[
                    "5555551111",
                    "5555551112",
                    "5555551113",
                    "5555551114",
                    "5555551115",
                    "5555551116",
                    "5555551117",
                    "5555551118",
                    "5555551119",
                    "5555551120",
                    "5555551121",
                ],
                Some("1912-06-23"),
            )],
            &["TheCompany"],
        ),
        (
            "vcard/ez-vcard/outlook-2007.vcf",
            vec![w(
                "Mr. Michael Angstadt Jr.",
                &["mike.angstadt@gmail.com"],
                &[
                    "(111) 555-1111",
                    "(111) 555-2222",
                    "(111) 555-4444",
                    "(111) 555-3333",
                ],
                Some("1922-03-10"),
            )],
            &["TheCompany"],
        ),
        (
            "vcard/ez-vcard/rfc2426-example.vcf",
            vec![
                w(
                    "Frank Dawson",
                    &["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"],
                    &["+1-919-676-9515", "+1-919-676-9564"],
                    None,
                ),
                w(
                    "Tim Howes",
                    &["howes@netscape.com"],
                    &["+1-415-937-3419", "+1-415-528-4164"],
                    None,
                ),
            ],
            &[
                "Lotus Development Corporation",
                "Netscape Communications Corp.",
            ],
        ),
        (
            "vcard/ez-vcard/rfc6350-example.vcf",
            vec![w(
                "Simon Perreault",
                &["simon.perreault@viagenie.ca"],
                &["+1-418-656-9254 x102", "+1-418-262-6501"],
                Some("--02-03"),
            )],
            &["Viagenie"],
        ),
        (
            "vcard/ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf",
            vec![w(
                "John Doe",
                &[
                    "doe.john@hotmail.com",
                    "additional-email@company.com",
                    "additional-email1@company.com",
                    "additional-email2@company.com",
                    "additional-email3@company.com",
                ],
                &[
                    "555-555-1111",
                    "555-555-2222",
                    "555-555-5555",
                    "555-555-3333",
                    "555-555-4444",
                ],
                Some("1970-09-21"),
            )],
            &["TheOrganization"],
        ),
        (
            "vcard/ical.js/escape_semicolon.vcf",
            vec![
                // TEL "205246\;\;\,\;" holds semicolons: not a phone number, left out.
                w(
                    "First Last NextCloud",
                    &["home@gmx.de", "work@gmx.de"],
                    &["11111111", "205333", "222222"],
                    Some("2019-02-10"),
                ),
            ],
            &["Firma"],
        ),
        (
            "vcard/ical.js/vcard.vcf",
            vec![w(
                "J. Doe",
                &["jqpublic@xyz.example.com"],
                &["+33-01-23-45-67"],
                Some("--02-03"),
            )],
            &["ABC, Inc."],
        ),
        (
            "vcard/ical.js/vcard21_pr-2019_7a279b05.vcf",
            vec![w(
                "Mr. John Q. Public, Esq.",
                &["jqpublic@xyz.dom1.com", "jdoe@isp.net", "jane_doe@abc.com"],
                &["+1-213-555-1234"],
                Some("1996-04-15"),
            )],
            &["ABC, Inc."],
        ),
        (
            "vcard/ical.js/vcard3.vcf",
            vec![
                // The third EMAIL is TYPE=pref: preferred first. The first of three BDAYs counts.
                w(
                    "Mr. John Q. Public, Esq.",
                    &["jane_doe@abc.com", "jqpublic@xyz.dom1.com", "jdoe@isp.net"],
                    &["+1-213-555-1234"],
                    Some("1996-04-15"),
                ),
            ],
            &["ABC, Inc."],
        ),
        (
            "vcard/kcontacts/testfullvcard.vcf",
            vec![w(
                "Sherlock Holmes",
                &["detective@sherlockholmes.com", "sherlock.holmes@gmail.com"],
                &[
                    "+44-555-555-5555 x5555",
                    "+44-555-555-6666",
                    "+44-555-555-7777",
                ],
                Some("1953-10-15"),
            )],
            &[],
        ),
        (
            "vcard/kcontacts/vcard10.vcf",
            vec![
                w("Field after Address broken", &[], &[], None),
                w("Field after Address not broken", &[], &[], None),
                w("Dr. med. Surname Name", &[], &[], None),
                w("Second Doctor", &[], &[], None),
            ],
            &["Bike Shop"],
        ),
        (
            "vcard/kcontacts/vcard12.vcf",
            vec![w("Good Looking", &["goodlooking@example.com"], &[], None)],
            &[],
        ),
        (
            "vcard/kcontacts/vcard3.vcf",
            vec![w("ian geiser", &["geiseri@yahoo.com"], &[], None)],
            &["Source eXtreme"],
        ),
        ("vcard/kcontacts/vcard9.vcf", vec![], &[]),
        (
            "vcard/nextcloud-birthday-oracle/nextcloud_birthday_inputs.vcf",
            vec![
                // 28 cards, all UID 12345: one contact, the last BDAY (19020229) kept without its year.
                w("12345", &[], &[], Some("--02-29")),
            ],
            &[],
        ),
        (
            "vcard/py-vobject/photo-test_pr48.vcf",
            vec![w("should be ok to share", &[], &["+49123456789"], None)],
            &[],
        ),
        (
            "vcard/py-vobject/simple_3_0_test.vcf",
            vec![w(
                "Daffy Duck Knudson (with Bugs Bunny and Mr. Pluto)",
                &[],
                &[
                    "+01-(0)2-765.43.21",
                    "+01-(0)5-555.55.55",
                    "+01-(0)2-876.54.32",
                ],
                Some("--02-10"),
            )],
            &["University of Novosibirsk"],
        ),
        (
            "vcard/py-vobject/vcard_with_groups.vcf",
            vec![w(
                "Meister Berger",
                &["mb@goerlitz.de"],
                &["+49 3581 123456"],
                Some("1963-09-21"),
            )],
            &[],
        ),
        (
            "vcard/thunderbird/browser_display_card_dates.vcf",
            vec![
                w(
                    "complex person",
                    &[],
                    &["000-0000", "111-1111", "222-2222", "333-3333"],
                    Some("--02-29"),
                ),
                w("xbasic3@invalid", &[], &[], None),
                w("xbasic4@invalid", &[], &[], None),
                w("xbasic5@invalid", &[], &[], None),
                w("xbasic6@invalid", &[], &[], None),
                w("xbasic7@invalid", &[], &[], None),
            ],
            &["thunderbird"],
        ),
        (
            "vcard/thunderbird/dos_vcard_addressbook.vcf",
            vec![w("Name Surname", &["example@gmail.com"], &[], None)],
            &[],
        ),
        (
            "vcard/thunderbird/emptylines_vcard_addressbook.vcf",
            vec![
                w("John Doe", &["john.doe@genericemail.invalid"], &[], None),
                w("Jane Doe", &["jane.doe@genericemail.invalid"], &[], None),
            ],
            &[],
        ),
        (
            "vcard/thunderbird/export.vcf",
            vec![
                w("contact number one", &[], &[], None),
                w("contact number two", &[], &[], None),
            ],
            &[],
        ),
        (
            "vcard/thunderbird/v4-uri-jpeg.vcf",
            vec![w("URI JPEG, version 4.0", &[], &[], None)],
            &[],
        ),
        (
            "vcard/vcard4android/allfields-vcard3.vcf",
            vec![w(
                "Ämi Display",
                &["private@example.com", "work@example.com"],
                &["+49 1234 56788", "+1-800-MYFAX"],
                Some("1996-04-15"),
            )],
            &["ABC, Inc."],
        ),
        (
            "contacts-csv/roundcube/all.vcf",
            vec![w(
                "Display Name",
                &["home@example.com", "work@example.com", "other@example.com"],
                &[
                    "100", "200", "300", "400", "500", "600", "700", "800", "900", "111", "222",
                    "333", "444",
                ],
                Some("1991-01-20"),
            )],
            &["Company"],
        ),
        (
            "contacts-csv/roundcube/gmail.vcf",
            vec![w(
                "Prefix Firstname Middle Lastname Suffix",
                &[
                    "home@aaa.pl",
                    "work@email.pl",
                    "unknown@email.com",
                    "other@email.com",
                ],
                &[],
                Some("1975-12-12"),
            )],
            &["company"],
        ),
        (
            "contacts-csv/roundcube/outlook.vcf",
            vec![w(
                "test1@domain.tld",
                &["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"],
                &[],
                None,
            )],
            &[],
        ),
        (
            "contacts-csv/roundcube/tb_plain.vcf",
            vec![w(
                "Displayname",
                &["test@domain.tld", "next@domain.tld"],
                &[],
                Some("1970-11-15"),
            )],
            &["Organization"],
        ),
        (
            "contacts-csv/roundcube/all.csv",
            vec![
                // "Phone Video" is not a column Rapport reads; 20/01/1991 is day first.
                w(
                    "Display Name",
                    &["home@example.com", "work@example.com", "other@example.com"],
                    &[
                        "100", "200", "300", "400", "500", "600", "700", "800", "900", "111",
                        "333", "444",
                    ],
                    Some("1991-01-20"),
                ),
            ],
            &["Company"],
        ),
        (
            "contacts-csv/roundcube/email.csv",
            vec![
                w("test1@domain.tld", &["test1@domain.tld"], &[], None),
                w("test2@domain.tld", &["test2@domain.tld"], &[], None),
                w("test3@domain.tld", &["test3@domain.tld"], &[], None),
                w("test4@domain.tld", &["test4@domain.tld"], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/roundcube/gmail.csv",
            vec![w(
                "Prefix Firstname Middle Lastname Suffix",
                &[
                    "home@aaa.pl",
                    "work@email.pl",
                    "unknown@email.com",
                    "other@email.com",
                ],
                &[],
                Some("1975-12-12"),
            )],
            &["company"],
        ),
        (
            "contacts-csv/roundcube/outlook.csv",
            vec![w(
                "test1@domain.tld",
                &["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"],
                &[],
                None,
            )],
            &[],
        ),
        (
            "contacts-csv/roundcube/tb_plain.csv",
            vec![w(
                "Displayname",
                &["test@domain.tld", "next@domain.tld"],
                &[],
                Some("1970-11-15"),
            )],
            &["Organization"],
        ),
        (
            "contacts-csv/open-xchange/jpcontact.csv",
            vec![w(
                "Max Mustermann",
                &["max.mustermann@invalid.domain.ox"],
                &[],
                Some("1990-01-01"),
            )],
            &[],
        ),
        (
            "contacts-csv/open-xchange/outlook_de_bug9367.csv",
            vec![
                // The row holds the German field names as values; 10.9.2007 is 10 September.
                w(
                    "Anrede Vorname Zweiter Vorname Nachname Namenszusatz",
                    &[
                        "email@geschaeftlich.tld",
                        "email@privat.tld",
                        "email@weitere.tld",
                    ],
                    &[],
                    Some("2007-09-10"),
                ),
            ],
            &["Firma"],
        ),
        (
            "contacts-csv/open-xchange/outlook_en_header_bug9367.csv",
            vec![],
            &[],
        ),
        (
            "contacts-csv/thunderbird/basic_addressbook.csv",
            vec![w("John Doe", &["johndoe@host.invalid"], &[], None)],
            &[],
        ),
        (
            "contacts-csv/thunderbird/basic_csv_addressbook.csv",
            vec![
                w("John Doe", &["john@doe.invalid"], &[], None),
                w("Jane Doe", &["jane@doe.invalid"], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/thunderbird/csv_no_header.csv",
            vec![
                w("John Doe", &["john@doe.invalid"], &[], None),
                w("Jane Doe", &["jane@doe.invalid"], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/thunderbird/csv_semicolon.csv",
            vec![
                w("John Doe", &["john@doe.invalid"], &[], None),
                w("Jane Doe", &["jane@doe.invalid"], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/thunderbird/export.csv",
            vec![
                w("contact number one", &[], &[], None),
                w("contact number two", &[], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/thunderbird/quote.csv",
            vec![],
            &["Acer America"],
        ),
        (
            "contacts-csv/thunderbird/shiftjis_addressbook.csv",
            vec![w(
                "名無しの権兵衛",
                &["名無しの権兵衛@host.invalid"],
                &[],
                None,
            )],
            &[],
        ),
        (
            "contacts-csv/thunderbird/tab_comma_mixed.csv",
            vec![
                w("1", &["1@host.invalid"], &[], None),
                w("2", &["2@host.invalid"], &[], None),
                w("3", &["3@host.invalid"], &[], None),
                w("4", &["4@host.invalid"], &[], None),
            ],
            &[],
        ),
        (
            "contacts-csv/thunderbird/utf16_addressbook.csv",
            vec![w("John Doe", &["johndoe@host.invalid"], &[], None)],
            &[],
        ),
    ]
}

#[test]
fn every_real_contact_export_imports_with_what_the_file_says() {
    let root = fixtures_dir();
    if !root.join("vcard").is_dir() {
        skipped(&format!(
            "every_real_contact_export_imports_with_what_the_file_says: {} not found (set RAPPORT_FIXTURES)",
            root.display()
        ));
        return;
    }
    let cases = expectations();
    // Every contact file in the two folders has a case here (a new fixture must be looked at).
    let mut on_disk = Vec::new();
    for folder in ["vcard", "contacts-csv"] {
        for dir in std::fs::read_dir(root.join(folder)).expect("folder") {
            let dir = dir.expect("entry").path();
            for file in std::fs::read_dir(&dir).expect("sub folder") {
                let file = file.expect("file").path();
                let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
                if ext == "vcf" || ext == "csv" {
                    on_disk.push(
                        file.strip_prefix(&root)
                            .expect("under root")
                            .display()
                            .to_string(),
                    );
                }
            }
        }
    }
    for file in &on_disk {
        assert!(
            cases.iter().any(|(path, _, _)| path == file),
            "{file} has no expectations"
        );
    }
    for (path, wanted, orgs) in cases {
        let (_dir, mut store) = temp_store();
        let report = import(&mut store, &root.join(path));
        assert!(report.errors.is_empty(), "{path}: {:?}", report.errors);
        let got = people(&store);
        let names: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
        let wanted_names: Vec<&str> = wanted.iter().map(|w| w.name).collect();
        if path.ends_with("vcard9.vcf") {
            // Greek, Bopomofo and Russian folded mid-character: one card, read whole.
            assert_eq!(got.len(), 1, "{path}");
            let c = &got[0];
            assert_eq!(c.name, "βγδεαβγδ1".repeat(11), "{path}");
            assert_eq!(
                c.family_name.as_deref(),
                Some("123ㄓㄕㄖbcdeαβγδαβγδαβγδαβγδαβγδαβγδαβㄤㄓㄕㄖ")
            );
            assert_eq!(
                c.notes.as_deref(),
                Some("Длинный комментарий на русском языке, чтобы в результате получилась строка более 70 символов.")
            );
            continue;
        }
        assert_eq!(names, wanted_names, "{path}: names");
        for (c, w) in got.iter().zip(&wanted) {
            assert_eq!(c.emails, w.emails, "{path}: emails of {}", w.name);
            assert_eq!(c.phones, w.phones, "{path}: phones of {}", w.name);
            assert_eq!(
                c.birthday.map(|b| b.to_string()).as_deref(),
                w.birthday,
                "{path}: birthday of {}",
                w.name
            );
        }
        assert_eq!(org_names(&store), orgs.to_vec(), "{path}: organisations");
    }
}

#[test]
fn details_from_real_files_labels_groups_addresses_titles_tags() {
    let root = fixtures_dir();
    if !root.join("vcard").is_dir() {
        skipped("details_from_real_files_labels_groups_addresses_titles_tags: no fixtures");
        return;
    }
    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &root.join("vcard/vcard4android/allfields-vcard3.vcf"),
    );
    let c = &people(&store)[0];
    // item1.TEL … item1.X-ABLabel:Useless; workEmail.X-ABLabel:@work
    assert_eq!(c.phone_details[0].label.as_deref(), Some("Useless"));
    assert_eq!(c.email_details[1].label.as_deref(), Some("@work"));
    assert_eq!(c.given_name.as_deref(), Some("Firstname"));
    assert_eq!(c.family_name.as_deref(), Some("Lastname"));
    assert_eq!(
        c.job_title.as_deref(),
        Some("Director, Research and Development")
    );
    assert_eq!(c.organization.as_deref(), Some("ABC, Inc."));
    assert_eq!(c.tags, vec!["A", "B'C"]);
    // The PREF address: "6544 Battleford Drive", folded before ";Raleigh".
    assert_eq!(c.address.street.as_deref(), Some("6544 Battleford Drive"));
    assert_eq!(c.address.locality.as_deref(), Some("Raleigh"));
    assert_eq!(c.address.postal_code.as_deref(), Some("27613-3502"));
    assert_eq!(
        c.notes.as_deref(),
        Some("This fax number is operational 0800 to 1715 EST, Mon-Fri.\n\nSecond note")
    );

    let (_dir, mut store) = temp_store();
    import(&mut store, &root.join("vcard/ez-vcard/John_Doe_IPHONE.vcf"));
    let c = &people(&store)[0];
    let labels: Vec<Option<&str>> = c.phone_details.iter().map(|p| p.label.as_deref()).collect();
    assert_eq!(
        labels,
        [
            Some("mobile"),
            Some("home"),
            Some("work"),
            Some("home fax"),
            Some("work fax"),
            Some("pager"),
            Some("assistantphone")
        ]
    );

    let (_dir, mut store) = temp_store();
    import(&mut store, &root.join("vcard/kcontacts/vcard10.vcf"));
    let doctor = people(&store)
        .into_iter()
        .find(|c| c.name == "Dr. med. Surname Name")
        .expect("doctor");
    // Quoted-printable UTF-8 with soft line breaks continuing at column 0.
    assert_eq!(
        doctor.job_title.as_deref(),
        Some("Facharzt für Allgemeinmedizin")
    );
    assert_eq!(
        doctor.notes.as_deref(),
        Some("Sprechzeiten:\nMo   8–12, 15–18\nDi     8–12\nMi    8–12, 14–15\nDo 14–19\nFr     8–12")
    );
    let broken = people(&store)
        .into_iter()
        .find(|c| c.name == "Field after Address broken")
        .expect("card");
    assert_eq!(broken.address.street.as_deref(), Some("AAAAAAA-AäAAAAA 11"));
    assert_eq!(broken.address.locality.as_deref(), Some("Urt"));
    assert_eq!(broken.address.postal_code.as_deref(), Some("00000"));

    let (_dir, mut store) = temp_store();
    import(&mut store, &root.join("contacts-csv/roundcube/gmail.csv"));
    let c = &people(&store)[0];
    let labels: Vec<Option<&str>> = c.email_details.iter().map(|e| e.label.as_deref()).collect();
    assert_eq!(labels, [Some("home"), Some("work"), None, Some("other")]);
    assert_eq!(
        c.tags,
        vec!["Test"],
        "Google's '* My Contacts' system group is dropped"
    );
    assert_eq!(c.notes.as_deref(), Some("note\"note"));
    assert_eq!(c.address.street.as_deref(), Some("home_street, home_pobox"));
    assert_eq!(c.job_title.as_deref(), Some("jobtitle"));

    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &root.join("contacts-csv/thunderbird/export.csv"),
    );
    let two = &people(&store)[1];
    assert_eq!(two.job_title.as_deref(), Some("\"worker\""));
    assert_eq!(two.notes.as_deref(), Some("here's some unicode text…"));
}

#[test]
fn nextcloud_birthday_table_says_which_bday_values_give_a_birthday_and_when() {
    let path = fixtures_dir().join("vcard/nextcloud-birthday-oracle/nextcloud_birthday_cases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        skipped(&format!(
            "nextcloud birthday oracle: {} not found",
            path.display()
        ));
        return;
    };
    let oracle: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut compared = 0;
    for (i, case) in oracle["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .enumerate()
    {
        let data = case["data"].as_str().unwrap_or("");
        if case["fieldType"] != "BDAY"
            || !data.starts_with("BEGIN:VCARD")
            || !data.contains("\r\nFN:")
            || data.contains("X-NC-EXCLUDE-FROM-BIRTHDAY-CALENDAR")
        {
            continue; // not about a birthday Rapport could hold (see reminders_ics.rs)
        }
        let (_dir, mut store) = temp_store();
        let report = import_bytes(&mut store, "case.vcf", data.as_bytes());
        assert!(report.errors.is_empty(), "#{i}: {:?}", report.errors);
        let c = &people(&store)[0];
        match case["expectedDTStart"].as_str() {
            None => assert_eq!(c.birthday, None, "#{i}: Nextcloud makes no event"),
            Some(start) => {
                let b = c.birthday.unwrap_or_else(|| panic!("#{i}: no birthday"));
                assert_eq!(format!("{:02}{:02}", b.month, b.day), start[4..], "#{i}");
                let unknown_year = case["expectedUnknownYear"] == "1";
                let original = case["expectedOriginalYear"].as_str();
                match (unknown_year, original) {
                    (true, _) => assert_eq!(b.year, None, "#{i}"),
                    // Rapport keeps years from 1800 on; year 900 keeps the day only.
                    (false, Some(y)) if y.parse::<i32>().is_ok_and(|y| y >= 1800) => {
                        assert_eq!(b.year, y.parse().ok(), "#{i}")
                    }
                    _ => assert_eq!(b.year, None, "#{i}: kept without its year"),
                }
            }
        }
        compared += 1;
    }
    assert!(compared >= 15, "compared {compared}");
}

#[test]
fn every_birthday_form_seen_in_the_wild() {
    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("birthdays.vcf"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got = people(&store);
    assert_eq!(got.len(), 22);
    for c in got {
        // FN is "<n> <expected>".
        let wanted = c.name.split_once(' ').expect("fn").1;
        let have = c
            .birthday
            .map(|b| b.to_string())
            .unwrap_or_else(|| "none".into());
        assert_eq!(have, wanted, "{}", c.name);
    }
    // Each refused or shortened one is a warning on its own line.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("1999-02-29") && w.line.is_some()));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("someday")));
}

#[test]
fn folds_split_inside_a_character_qp_soft_breaks_charsets_groups_and_photos() {
    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("folds_and_qp.vcf"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let c = &people(&store)[0];
    assert_eq!(c.name, "Zoë Ångström-Økland");
    assert_eq!(c.family_name.as_deref(), Some("Ångström"));
    assert_eq!(c.notes.as_deref(), Some("Größe: XL\r\nmag Käse"));
    assert_eq!(
        c.email_details,
        vec![Labeled {
            label: Some("other".into()),
            value: "zoe@example.com".into()
        }]
    );
    // TEL;CELL;PREF goes first.
    assert_eq!(c.phones, vec!["+47 400 00 000", "+47 22 12 34 56"]);
    assert_eq!(c.phone_details[1].label.as_deref(), Some("Studio"));
}

#[test]
fn line_endings_crlf_lf_cr_crlf_and_old_mac_cr_read_the_same() {
    let card = "BEGIN:VCARD|VERSION:3.0|FN:Ann Lee|N:Lee;Ann;;;|EMAIL:ann@example.com|NOTE:one\\ntwo|END:VCARD|";
    for ending in ["\r\n", "\n", "\r\r\n", "\r"] {
        let (_dir, mut store) = temp_store();
        let report = import_bytes(&mut store, "a.vcf", card.replace('|', ending).as_bytes());
        assert!(report.errors.is_empty(), "{ending:?}: {:?}", report.errors);
        let c = &people(&store)[0];
        assert_eq!(
            (c.name.as_str(), c.emails.clone()),
            ("Ann Lee", vec!["ann@example.com".to_string()])
        );
        assert_eq!(c.notes.as_deref(), Some("one\ntwo"));
    }
    // A stray CR inside a value is data, not a line break.
    let (_dir, mut store) = temp_store();
    let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Bo\rb\nX-CUSTOM:a\rb\nEND:VCARD\n";
    let report = import_bytes(&mut store, "b.vcf", text.as_bytes());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(people(&store)[0].name, "Bo\rb");
}

#[test]
fn a_malformed_vcard_is_reported_at_its_line_and_nothing_of_it_is_imported() {
    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("broken_line.vcf"));
    assert_eq!(report.created, 0);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert!(e.file.ends_with("broken_line.vcf"));
    assert_eq!(e.line, Some(9));
    assert!(
        e.message.contains("this line has no colon"),
        "{}",
        e.message
    );
    assert!(
        all(&store).is_empty(),
        "the good card before the error is not kept either"
    );

    let report = import(&mut store, &own("unterminated.vcf"));
    assert_eq!(report.errors[0].line, Some(6));
    assert!(report.errors[0].message.contains("END:VCARD"));
    assert!(all(&store).is_empty());

    for (bytes, line, words) in [
        (&b"END:VCARD\r\n"[..], 1, "without a BEGIN"),
        (&b"FN:Loose\r\n"[..], 1, "outside"),
        (&b"hello world\r\n"[..], 1, "not a vCard line"),
        (&b""[..], 1, "no vCard"),
    ] {
        let report = import_bytes(&mut store, "x.vcf", bytes);
        assert_eq!(report.errors.len(), 1, "{words}");
        assert_eq!(report.errors[0].line, Some(line));
        assert!(
            report.errors[0].message.contains(words),
            "{}",
            report.errors[0].message
        );
    }
    assert!(all(&store).is_empty());
}

#[test]
fn a_csv_with_an_unclosed_quote_is_reported_and_nothing_of_it_is_imported() {
    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("unclosed_quote.csv"));
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line, Some(3));
    assert!(all(&store).is_empty());
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let (_dir, mut store) = temp_store();
    let report = store
        .import_contact_files(
            &[
                own("broken_line.vcf"),
                own("folds_and_qp.vcf"),
                own("missing.vcf"),
            ],
            &ImportOptions::default(),
        )
        .expect("import");
    assert_eq!(report.created, 1);
    assert_eq!(report.errors.len(), 2);
    assert!(report.errors[1].file.ends_with("missing.vcf"));
    assert_eq!(report.errors[1].line, None);
}

#[test]
fn encodings_are_detected_windows_1252_shift_jis_utf16_without_bom_utf8_bom() {
    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("outlook_cp1252_semicolon.csv"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got = people(&store);
    assert_eq!(got[0].name, "José Müller");
    assert_eq!(got[0].notes.as_deref(), Some("Größe: XL\r\nmag Käse"));
    assert_eq!(got[0].phone_details[0].label.as_deref(), Some("mobile"));
    assert_eq!(
        got[0].birthday.map(|b| b.to_string()).as_deref(),
        Some("1970-12-24")
    );
    assert_eq!(got[1].name, "Zoë Ångström");

    let (_dir, mut store) = temp_store();
    import(&mut store, &own("japanese_sjis.csv"));
    assert_eq!(people(&store)[0].name, "山田 太郎");

    let (_dir, mut store) = temp_store();
    import(&mut store, &own("utf16be_nobom.csv"));
    assert_eq!(people(&store)[0].name, "Beatriz Ibáñez");

    let (_dir, mut store) = temp_store();
    let report = import(&mut store, &own("google_current_bom.tsv"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let c = &people(&store)[0];
    assert_eq!(c.name, "Ann Lee");
    assert_eq!(c.emails, vec!["ann@work.example", "ann@home.example"]);
    assert_eq!(c.email_details[0].label.as_deref(), Some("work"));
    assert_eq!(c.tags, vec!["VIP"]);
    assert_eq!(c.organization.as_deref(), Some("Acme Ltd"));
    assert_eq!(c.job_title.as_deref(), Some("Buyer"));
    assert_eq!(
        c.birthday.map(|b| b.to_string()).as_deref(),
        Some("--03-01")
    );

    // The owner can name the encoding.
    let (_dir, mut store) = temp_store();
    let report = store
        .import_contact_files(
            &[own("outlook_cp1252_semicolon.csv")],
            &ImportOptions {
                encoding: Some("latin1".into()),
                ..ImportOptions::default()
            },
        )
        .expect("import");
    assert!(report.errors.is_empty());
    assert_eq!(people(&store)[0].name, "José Müller");
    let bad = store.import_contact_files(
        &[own("japanese_sjis.csv")],
        &ImportOptions {
            encoding: Some("klingon".into()),
            ..ImportOptions::default()
        },
    );
    assert_eq!(bad.expect_err("unknown encoding").field(), Some("encoding"));
}

fn vcard(uid: &str, fn_: &str, extra: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{fn_}\r\n{extra}END:VCARD\r\n")
}

#[test]
fn reimport_matches_by_uid_then_email_updates_and_keeps_what_the_owner_added() {
    let (_dir, mut store) = temp_store();
    let first = vcard(
        "u-1",
        "Ann Lee",
        "EMAIL:ann@example.com\r\nTEL:+44 20 7946 0001\r\n",
    ) + &vcard("u-2", "Bob Ray", "EMAIL:bob@example.com\r\n");
    let report = import_bytes(&mut store, "a.vcf", first.as_bytes());
    assert_eq!((report.created, report.updated, report.skipped), (2, 0, 0));

    // The same file again changes nothing.
    let report = import_bytes(&mut store, "a.vcf", first.as_bytes());
    assert_eq!((report.created, report.updated, report.skipped), (0, 0, 2));

    // The owner tags Ann and adds a note in Rapport.
    let ann = people(&store)[0].clone();
    let mut input = ContactInput::from(&ann);
    input.tags = vec!["vip".into()];
    input.preferred_channel = Some(PreferredChannel::Phone);
    store.update_contact(ann.id, &input).expect("edit");

    // Ann's card now has a new name and a second email; Bob's card lost its UID but has his email;
    // a third card is new.
    let second = vcard(
        "u-1",
        "Ann Lee-Smith",
        "EMAIL:ann@example.com\r\nEMAIL:ann@work.example\r\n",
    )
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Robert Ray\r\nEMAIL:BOB@example.com\r\nEND:VCARD\r\n"
        + &vcard("u-3", "Cy Dee", "");
    let report = import_bytes(&mut store, "b.vcf", second.as_bytes());
    assert_eq!((report.created, report.updated, report.skipped), (1, 2, 0));
    let got = people(&store);
    assert_eq!(got.len(), 3);
    let ann = &got[0];
    assert_eq!(ann.name, "Ann Lee-Smith");
    assert_eq!(ann.emails, vec!["ann@example.com", "ann@work.example"]);
    assert_eq!(
        ann.phones,
        vec!["+44 20 7946 0001"],
        "a phone the file no longer has is kept"
    );
    assert_eq!(ann.tags, vec!["vip"]);
    assert_eq!(ann.preferred_channel, Some(PreferredChannel::Phone));
    assert_eq!(got[1].name, "Robert Ray");

    // Exported, the contacts carry the UIDs they came with, so their files match them again.
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("all.vcf");
    store.export_vcard(&out, VcardVersion::V4).expect("export");
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("UID:u-1\r\n") && text.contains("UID:u-3\r\n"));
    let report = import(&mut store, &out);
    assert_eq!((report.created, report.updated, report.skipped), (0, 0, 3));
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let (_dir, mut store) = temp_store();
    let report = store
        .import_contact_files(
            &[own("outlook_cp1252_semicolon.csv")],
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .expect("dry run");
    assert!(report.dry_run);
    assert_eq!(report.created, 2);
    assert!(all(&store).is_empty());
}

/// Contacts that use every field a file can carry, including the awkward values.
fn awkward_contacts(store: &mut Store) {
    let inputs = vec![
        ContactInput {
            kind: Some(ContactKind::Organization),
            name: "Ålborg Bakery, Ltd; \"Est. 1920\"".into(),
            phones: vec![Labeled {
                label: Some("main".into()),
                value: "+45 98 12 34 56".into(),
            }],
            tags: vec!["wholesale".into()],
            ..ContactInput::default()
        },
        ContactInput {
            name: "Zoë Ångström-Økland".into(),
            given_name: Some("Zoë".into()),
            family_name: Some("Ångström-Økland".into()),
            job_title: Some("Head of Purchasing, Nordics".into()),
            organization: Some("Ålborg Bakery, Ltd; \"Est. 1920\"".into()),
            emails: vec![
                Labeled {
                    label: Some("work".into()),
                    value: "zoe@alborg.example".into(),
                },
                Labeled {
                    label: Some("Private mailbox".into()),
                    value: "zoe.private@example.com".into(),
                },
                email("z@example.org"),
            ],
            phones: vec![
                Labeled {
                    label: Some("mobile".into()),
                    value: "+47 400 00 000".into(),
                },
                Labeled {
                    label: Some("work fax".into()),
                    value: "+47 22 00 00 01".into(),
                },
                Labeled {
                    label: Some("Studio".into()),
                    value: "-22 00 00 02".into(),
                },
            ],
            address: rapport::contacts::Address {
                street: Some("Storgata 1\nBygg 2".into()),
                locality: Some("Tromsø".into()),
                region: None,
                postal_code: Some("9008".into()),
                country: Some("Norway".into()),
            },
            birthday: Some("--02-29".into()),
            tags: vec!["VIP".into(), "north, east".into()],
            notes: Some(format!(
                "Likes: coffee; cake, and \\backslashes\\.\nSecond line 🎂 {}",
                "long ".repeat(40)
            )),
            preferred_channel: Some(PreferredChannel::Email),
            customer_since: Some("2019-05-01".into()),
            renewal_date: Some("2027-01-31".into()),
            ..ContactInput::default()
        },
        ContactInput {
            name: "@risky +formula".into(),
            job_title: Some("=1+2".into()),
            emails: vec![email("risky@example.com")],
            birthday: Some("1980-02-29".into()),
            do_not_contact: true,
            notes: Some("-starts with minus".into()),
            ..ContactInput::default()
        },
        person("Plain Person"),
    ];
    store.add_contacts(&inputs).expect("add");
}

/// What a round trip must keep: every field but ids and times.
fn comparable(store: &Store) -> Vec<ContactInput> {
    let mut v: Vec<ContactInput> = all(store).iter().map(ContactInput::from).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

#[test]
fn vcard_round_trips_in_4_0_and_3_0() {
    for version in [VcardVersion::V4, VcardVersion::V3] {
        let (_dir, mut store) = temp_store();
        awkward_contacts(&mut store);
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("contacts.vcf");
        assert_eq!(store.export_vcard(&out, version).expect("export"), 4);
        let text = std::fs::read_to_string(&out).expect("text");
        assert!(
            text.lines().all(|l| l.len() <= 76),
            "{version:?}: folded at 75 octets"
        );
        assert!(text.contains(if version == VcardVersion::V4 {
            "VERSION:4.0"
        } else {
            "VERSION:3.0"
        }));

        let (_dir2, mut fresh) = temp_store();
        let report = import(&mut fresh, &out);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(comparable(&fresh), comparable(&store), "{version:?}");

        // Into the store it came from: everything matches, nothing changes.
        let report = import(&mut store, &out);
        assert_eq!((report.created, report.updated), (0, 0), "{version:?}");
    }
}

#[test]
fn csv_round_trips_in_googles_layout_and_the_plain_one_without_formula_cells() {
    for layout in [CsvLayout::Google, CsvLayout::Plain] {
        let (_dir, mut store) = temp_store();
        awkward_contacts(&mut store);
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("contacts.csv");
        store.export_csv(&out, layout).expect("export");
        let bytes = std::fs::read(&out).expect("bytes");
        let text = String::from_utf8(bytes).expect("utf-8");
        // Cells that would run as a formula start with an apostrophe.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.expect("record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{layout:?}: {cell:?}"
                );
            }
        }
        assert!(text.contains("'=1+2") && text.contains("'@risky +formula"));

        let (_dir2, mut fresh) = temp_store();
        let report = import(&mut fresh, &out);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut want = comparable(&store);
        let mut got = comparable(&fresh);
        if layout == CsvLayout::Google {
            // Google's layout has no place for Rapport's own fields.
            for c in want.iter_mut().chain(got.iter_mut()) {
                c.preferred_channel = None;
                c.do_not_contact = false;
                c.customer_since = None;
                c.renewal_date = None;
            }
        } else {
            // The plain layout keeps values, not labels.
            for c in want.iter_mut().chain(got.iter_mut()) {
                for l in c.emails.iter_mut().chain(c.phones.iter_mut()) {
                    l.label = None;
                }
                c.tags.iter_mut().for_each(|t| *t = t.replace(',', ""));
            }
        }
        if layout == CsvLayout::Plain {
            // "north, east" is one tag in Rapport; a plain cell splits tags on ";" and ",".
            for c in got.iter_mut() {
                if c.tags.contains(&"north".to_string()) {
                    c.tags.retain(|t| t != "north" && t != "east");
                    c.tags.push("north east".into());
                }
            }
        }
        assert_eq!(got, want, "{layout:?}");
    }
}

#[test]
fn exports_replace_the_file_whole() {
    let (_dir, mut store) = temp_store();
    awkward_contacts(&mut store);
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("contacts.vcf");
    std::fs::write(&out, "old").expect("old");
    store.export_vcard(&out, VcardVersion::V4).expect("export");
    assert!(std::fs::read_to_string(&out)
        .expect("new")
        .starts_with("BEGIN:VCARD"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temp file left behind");
    let err = store
        .export_csv(&dir.path().join("missing/dir/x.csv"), CsvLayout::Plain)
        .expect_err("no folder");
    assert_eq!(err.code(), "io");
}

#[test]
fn a_saved_profile_reads_a_headerless_file_its_way() {
    let (_dir, mut store) = temp_store();
    let data =
        "Doe;Jane;jane@example.com;+1 555 0100;12/31/1980\r\nRoe;Rick;rick@example.com;;\r\n";
    let preview = rapport::exchange::csv::preview(data.as_bytes(), None).expect("preview");
    assert_eq!(preview.delimiter, ";");
    assert!(!preview.mapping.has_header);
    let mut mapping = preview.mapping.clone();
    use rapport::exchange::CsvField as F;
    for (rule, field) in mapping.columns.iter_mut().zip([
        F::FamilyName,
        F::GivenName,
        F::Email,
        F::Phone,
        F::Birthday,
    ]) {
        rule.field = field;
    }
    mapping.columns[3].label = Some("mobile".into());
    store.save_csv_profile("Old CRM", &mapping).expect("save");
    assert_eq!(store.csv_profile_names().expect("names"), vec!["Old CRM"]);
    let profile = store.csv_profile("old crm").expect("load");
    assert_eq!(profile.mapping, mapping);
    let mut report = ImportReport::default();
    store
        .import_contact_bytes(
            "old.csv",
            data.as_bytes(),
            &ImportOptions {
                mapping: Some(profile.mapping),
                format: Some(FileFormat::Csv),
                ..ImportOptions::default()
            },
            &mut report,
        )
        .expect("import");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got = people(&store);
    assert_eq!(got[0].name, "Jane Doe");
    assert_eq!(got[0].phone_details[0].label.as_deref(), Some("mobile"));
    assert_eq!(
        got[0].birthday.map(|b| b.to_string()).as_deref(),
        Some("1980-12-31")
    );
    assert_eq!(got[1].name, "Rick Roe");
    assert_eq!(
        store.csv_profile("nope").expect_err("none").field(),
        Some("profile")
    );
}

#[test]
fn duplicates_by_email_phone_and_name() {
    let (_dir, mut store) = temp_store();
    let ids = store
        .add_contacts(&[
            ContactInput {
                emails: vec![email("ann@example.com")],
                ..person("Ann Lee")
            },
            ContactInput {
                emails: vec![email("ANN@example.com")],
                ..person("A. Lee")
            },
            ContactInput {
                phones: vec![email("+44 20 7946 0018")],
                ..person("Bob Ray")
            },
            ContactInput {
                phones: vec![email("020 7946 0018")],
                ..person("Robert Ray")
            },
            ContactInput {
                phones: vec![email("(44) 20-7946-0018")],
                ..person("Someone Else")
            },
            person("Jonathan Smith"),
            person("Smith, Jonathan"),
            person("Jonathon Smith"),
            person("Unrelated Person"),
        ])
        .expect("add");
    let found = store.duplicate_candidates().expect("duplicates");
    let pairs: Vec<(i64, i64, Vec<DuplicateReason>)> = found
        .iter()
        .map(|c| (c.keep_id, c.other_id, c.reasons.clone()))
        .collect();
    assert!(
        pairs.contains(&(ids[0], ids[1], vec![DuplicateReason::SameEmail])),
        "{pairs:?}"
    );
    // Digits "442079460018" are the same for the first and the last; "02079460018" differs.
    assert!(
        pairs.contains(&(ids[2], ids[4], vec![DuplicateReason::SamePhone])),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(ids[5], ids[6], vec![DuplicateReason::SameName])),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(ids[5], ids[7], vec![DuplicateReason::SimilarName])),
        "{pairs:?}"
    );
    assert!(!pairs.iter().any(|(a, b, _)| *a == ids[8] || *b == ids[8]));
    // A trashed contact is no candidate.
    store.delete_contact(ids[1]).expect("delete");
    let found = store.duplicate_candidates().expect("duplicates");
    assert!(!found.iter().any(|c| c.other_id == ids[1]));
}

#[test]
fn merge_moves_history_fills_empty_fields_trashes_the_other_and_restore_brings_it_back() {
    use rapport::interactions::{InteractionChannel, InteractionInput, Tone};
    use rapport::issues::IssueInput;
    use rapport::reminders::FollowUpInput;
    let (_dir, mut store) = temp_store();
    let keep = store
        .add_contact(&ContactInput {
            emails: vec![email("ann@example.com")],
            ..person("Ann Lee")
        })
        .expect("keep");
    let other = store
        .add_contact(&ContactInput {
            emails: vec![email("ann.lee@work.example")],
            phones: vec![email("+44 20 7946 0001")],
            job_title: Some("Buyer".into()),
            birthday: Some("1980-02-29".into()),
            tags: vec!["vip".into()],
            ..person("Ann Lee (work)")
        })
        .expect("other");
    let customer = store
        .add_contact(&person("Acme customer"))
        .expect("customer");
    store
        .add_interaction(&InteractionInput {
            contact_id: other,
            occurred_at: None,
            channel: InteractionChannel::Call,
            summary: "Called about the invoice".into(),
            tone: Tone::Neutral,
            team_member_id: None,
            issue_id: None,
        })
        .expect("interaction");
    let issue = store
        .add_issue(&IssueInput {
            customer_id: other,
            title: "Invoice wrong".into(),
            ..Default::default()
        })
        .expect("issue");
    let owned = store
        .add_issue(&IssueInput {
            customer_id: customer,
            customer_owner_id: Some(other),
            title: "Delivery late".into(),
            ..Default::default()
        })
        .expect("owned issue");
    let follow = store
        .add_follow_up(&FollowUpInput {
            contact_id: other,
            due_date: "2026-12-01".into(),
            ..Default::default()
        })
        .expect("follow-up");

    let report = store.merge_contacts(keep, other).expect("merge");
    assert_eq!(
        (report.interactions, report.issues, report.follow_ups),
        (1, 1, 1)
    );
    let kept = store.contact(keep).expect("kept");
    assert_eq!(kept.name, "Ann Lee", "the survivor keeps its own values");
    assert_eq!(kept.emails, vec!["ann@example.com", "ann.lee@work.example"]);
    assert_eq!(kept.phones, vec!["+44 20 7946 0001"]);
    assert_eq!(kept.job_title.as_deref(), Some("Buyer"));
    assert_eq!(
        kept.birthday.map(|b| b.to_string()).as_deref(),
        Some("1980-02-29")
    );
    assert_eq!(kept.tags, vec!["vip"]);
    assert_eq!(store.interactions(keep, None).expect("timeline").len(), 1);
    let conn = rusqlite::Connection::open(store.path()).expect("read");
    let q = |sql: &str, id: i64| -> i64 { conn.query_row(sql, [id], |r| r.get(0)).expect("row") };
    assert_eq!(
        q("SELECT customer_id FROM issues WHERE id = ?1", issue),
        keep
    );
    assert_eq!(
        q("SELECT customer_owner_id FROM issues WHERE id = ?1", owned),
        keep
    );
    assert_eq!(
        q("SELECT contact_id FROM follow_ups WHERE id = ?1", follow),
        keep
    );
    assert!(
        store.contact(other).expect("other").deleted_at.is_some(),
        "in the Trash"
    );
    assert!(store.check().expect("check").is_ok());

    // Undo: the other comes back as it was; what moved stays with the survivor.
    store.restore_contact(other).expect("restore");
    let back = store.contact(other).expect("back");
    assert_eq!(back.name, "Ann Lee (work)");
    assert_eq!(back.emails, vec!["ann.lee@work.example"]);
    assert_eq!(store.interactions(other, None).expect("timeline").len(), 0);

    // Refused: itself, a trashed contact, a person with an organisation.
    assert_eq!(
        store.merge_contacts(keep, keep).expect_err("self").code(),
        "invalid_field"
    );
    store.delete_contact(other).expect("delete");
    assert_eq!(
        store.merge_contacts(keep, other).expect_err("trash").code(),
        "conflict"
    );
    let org = store
        .add_contact(&ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("Acme")
        })
        .expect("org");
    assert_eq!(
        store.merge_contacts(keep, org).expect_err("kinds").code(),
        "invalid_field"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Letters from several scripts, punctuation vCard and CSV must escape, and spaces.
        proptest::string::string_regex("[A-Za-zÀ-ÿ一-龥ЀЯ0-9 ,;:\\\\\"'=+@.\\-]{1,40}")
            .expect("regex")
            .prop_map(|s| s.trim().to_string())
            .prop_filter("a name", |s| !s.is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn any_names_and_notes_survive_vcard_and_csv(
            names in proptest::collection::vec(text(), 1..4),
            note in text(),
            title in text(),
        ) {
            let (_dir, mut store) = temp_store();
            let inputs: Vec<ContactInput> = names
                .iter()
                .enumerate()
                .map(|(i, n)| ContactInput {
                    job_title: Some(title.clone()),
                    notes: Some(format!("{note}\n{n}")),
                    emails: vec![email(&format!("p{i}@example.com"))],
                    ..person(n)
                })
                .collect();
            store.add_contacts(&inputs).expect("add");
            let dir = tempfile::tempdir().expect("dir");
            for (file, write) in [("a.vcf", 0), ("b.vcf", 1), ("c.csv", 2)] {
                let out = dir.path().join(file);
                match write {
                    0 => store.export_vcard(&out, VcardVersion::V4).map(|_| ()),
                    1 => store.export_vcard(&out, VcardVersion::V3).map(|_| ()),
                    _ => store.export_csv(&out, CsvLayout::Google).map(|_| ()),
                }
                .expect("export");
                let (_d, mut fresh) = temp_store();
                let report = import(&mut fresh, &out);
                prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
                let strip = |v: Vec<ContactInput>| -> Vec<(String, Option<String>, Option<String>)> {
                    v.into_iter()
                        .filter(|c| c.kind != Some(ContactKind::Organization))
                        .map(|c| (c.name, c.job_title, c.notes))
                        .collect()
                };
                prop_assert_eq!(strip(comparable(&fresh)), strip(comparable(&store)), "{}", file);
            }
        }
    }
}
