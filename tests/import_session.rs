//! The import as the app's wizard drives it (issue 8): progress per file and batch, a cancel that
//! rolls back the file in progress, per-file outcomes, skipped rows with reasons, the preview with a
//! dry run; a merge that takes chosen fields from the other contact and its undo; "everything
//! out" read back with our own vCard reader and the csv crate. Real SQLite files in temp folders.

mod common;

use std::path::{Path, PathBuf};

use common::{email, fixed_now, person, temp_store};
use rapport::contacts::ContactInput;
use rapport::exchange::{
    ColumnMapping, ColumnRule, CsvField, FileFormat, FileOutcome, ImportOptions, ImportProgress,
    ImportStage, ImportWatch, MergeField,
};
use rapport::interactions::{InteractionChannel, InteractionInput, Tone};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn vcard(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| {
            let mail = n.to_lowercase().replace(' ', ".");
            format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nEMAIL:{mail}@example.com\r\nEND:VCARD\r\n"
            )
        })
        .collect()
}

fn big_csv(rows: usize) -> String {
    let mut text = String::from("Name,E-mail Address\n");
    for i in 0..rows {
        text.push_str(&format!("Person {i},p{i}@bulk.example\n"));
    }
    text
}

/// When to ask the import to stop (a test that cancels half-way).
type StopWhen = Box<dyn Fn(&ImportProgress) -> bool>;

/// Records every report; asks to stop at the first `stop_at` report that matches.
struct Recorder {
    seen: Vec<ImportProgress>,
    stop_when: Option<StopWhen>,
    stop: bool,
}

impl Recorder {
    fn new(stop_when: Option<StopWhen>) -> Self {
        Recorder {
            seen: Vec::new(),
            stop_when,
            stop: false,
        }
    }
}

impl ImportWatch for Recorder {
    fn progress(&mut self, p: &ImportProgress) {
        if self.stop_when.as_ref().is_some_and(|f| f(p)) {
            self.stop = true;
        }
        self.seen.push(p.clone());
    }
    fn cancelled(&self) -> bool {
        self.stop
    }
}

fn count(store: &rapport::Store) -> usize {
    store.all_contacts().expect("contacts").len()
}

/// Every index of the store's file: (name, definition).
fn index_definitions(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .expect("schema");
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("indexes");
    rows
}

#[test]
fn progress_is_reported_per_file_and_per_batch_of_rows() {
    let (dir, mut store) = temp_store();
    // A large file into a nearly empty store builds its indexes after the rows (`contacts::batch`).
    let path = store.path().to_path_buf();
    let indexes = || index_definitions(&path);
    let before = indexes();
    assert!(before.iter().any(|(name, _)| name == "contact_tags_by_tag"));
    let a = write(dir.path(), "a.vcf", &vcard(&["Ann Lee", "Bo Chan"]));
    let b = write(dir.path(), "b.csv", &big_csv(12_000));
    let mut watch = Recorder::new(None);
    let report = store
        .import_contact_files_watched(&[&a, &b], &ImportOptions::default(), &mut watch)
        .expect("import");
    assert_eq!(report.created, 12_002);
    assert!(!report.cancelled);
    assert_eq!(indexes(), before, "every index rebuilt, as defined");
    let writing: Vec<(usize, usize, usize)> = watch
        .seen
        .iter()
        .filter(|p| p.stage == ImportStage::Writing)
        .map(|p| (p.file_index, p.done, p.total))
        .collect();
    assert_eq!(
        writing,
        vec![
            (0, 2, 2),
            (1, 5_000, 12_000),
            (1, 10_000, 12_000),
            (1, 12_000, 12_000)
        ]
    );
    let finished: Vec<usize> = watch
        .seen
        .iter()
        .filter(|p| p.stage == ImportStage::Finished)
        .map(|p| p.file_index)
        .collect();
    assert_eq!(finished, vec![0, 1]);
    assert!(watch.seen.iter().all(|p| p.files == 2));
    let outcomes: Vec<(FileOutcome, usize, Option<FileFormat>)> = report
        .files
        .iter()
        .map(|f| (f.outcome, f.created, f.format))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (FileOutcome::Imported, 2, Some(FileFormat::Vcard)),
            (FileOutcome::Imported, 12_000, Some(FileFormat::Csv)),
        ]
    );
}

/// The ids search finds for `text` (the first 50).
fn searched(store: &rapport::Store, text: &str) -> Vec<i64> {
    let found = store.search_contacts(text, 50).expect("search");
    found.into_iter().map(|c| c.id).collect()
}

#[test]
fn a_first_import_into_an_empty_store_is_searchable_at_once_and_a_cancel_keeps_nothing() {
    // Into a store with no contacts, a large file's search index is built on a second thread and
    // copied in at the end (`contacts::aside`): the same connection must then find, change and
    // drop those contacts through it, and a cancel must leave the index as it was.
    let (dir, mut store) = temp_store();
    let file = write(dir.path(), "first.csv", &big_csv(12_000));
    let mut watch = Recorder::new(Some(Box::new(|p: &ImportProgress| {
        p.stage == ImportStage::Writing && p.done >= 5_000
    })));
    let report = store
        .import_contact_files_watched(&[&file], &ImportOptions::default(), &mut watch)
        .expect("import");
    assert!(report.cancelled);
    assert_eq!(count(&store), 0);
    assert!(searched(&store, "p4999@bulk.example").is_empty());
    assert_eq!(store.check().expect("check").problems, Vec::<String>::new());

    let report = store
        .import_contact_files(&[&file], &ImportOptions::default())
        .expect("import");
    assert_eq!(report.created, 12_000);
    let last = searched(&store, "p11999@bulk.example");
    assert_eq!(last.len(), 1);
    let contact = store.contact(last[0]).expect("contact");
    assert_eq!(contact.name, "Person 11999");
    assert_eq!(searched(&store, "bulk.example").len(), 50);
    // Changed and removed through the same connection.
    let mut input = person("Wilhelmina Quorn");
    input.emails = vec![email("p11999@bulk.example")];
    store.update_contact(last[0], &input).expect("rename");
    assert_eq!(searched(&store, "wilhelmina"), last);
    assert!(searched(&store, "Person 11999").is_empty());
    let other = searched(&store, "p11998@bulk.example");
    assert_eq!(other.len(), 1);
    store.delete_contact(other[0]).expect("trash");
    store.empty_trash().expect("empty");
    assert!(searched(&store, "p11998@bulk.example").is_empty());
    assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
}

#[test]
fn cancel_rolls_back_the_file_in_progress_keeps_earlier_files_and_starts_no_later_one() {
    let (dir, mut store) = temp_store();
    // A large file into a nearly empty store builds its indexes after the rows (`contacts::batch`).
    let path = store.path().to_path_buf();
    let indexes = || index_definitions(&path);
    let before = indexes();
    assert!(before.iter().any(|(name, _)| name == "contact_tags_by_tag"));
    let a = write(dir.path(), "a.vcf", &vcard(&["Ann Lee", "Bo Chan"]));
    let b = write(dir.path(), "b.csv", &big_csv(12_000));
    let c = write(dir.path(), "c.vcf", &vcard(&["Cy Dunn"]));
    // Stop after the first batch of b has been written inside its transaction.
    let mut watch = Recorder::new(Some(Box::new(|p: &ImportProgress| {
        p.file_index == 1 && p.stage == ImportStage::Writing && p.done >= 5_000
    })));
    let report = store
        .import_contact_files_watched(&[&a, &b, &c], &ImportOptions::default(), &mut watch)
        .expect("import");
    assert!(report.cancelled);
    let outcomes: Vec<FileOutcome> = report.files.iter().map(|f| f.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            FileOutcome::Imported,
            FileOutcome::Cancelled,
            FileOutcome::NotStarted
        ]
    );
    assert_eq!(report.created, 2, "only the finished file counts");
    assert_eq!(count(&store), 2, "none of b's 5,000 written rows stayed");
    let names: Vec<String> = store
        .all_contacts()
        .expect("contacts")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["Ann Lee", "Bo Chan"]);
    assert_eq!(
        store.check().expect("check").problems,
        Vec::<String>::new(),
        "the index matches the rows"
    );
    assert_eq!(indexes(), before, "every index is back, as defined");
    // The same files again, not stopped: everything comes in, a's entries matched by email.
    let report = store
        .import_contact_files(&[&a, &b, &c], &ImportOptions::default())
        .expect("again");
    assert_eq!((report.created, report.skipped), (12_001, 2));
    assert_eq!(indexes(), before, "every index rebuilt, as defined");
    assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
}

#[test]
fn skipped_rows_say_why_and_matches_name_the_stored_contact() {
    let (dir, mut store) = temp_store();
    let file = write(
        dir.path(),
        "people.csv",
        "Name,E-mail Address,Notes\nAnn Lee,ann@example.com,\n,,only a note\nBo Chan,bo@example.com,\n",
    );
    let first = store
        .import_contact_files(&[&file], &ImportOptions::default())
        .expect("first");
    assert_eq!((first.created, first.skipped), (2, 1));
    assert_eq!(first.skipped_rows.len(), 1);
    assert_eq!(first.skipped_rows[0].line, Some(3));
    assert!(first.skipped_rows[0].message.contains("no name"));
    let again = store
        .import_contact_files(&[&file], &ImportOptions::default())
        .expect("again");
    assert_eq!((again.created, again.updated, again.skipped), (0, 0, 3));
    let lines: Vec<Option<usize>> = again.skipped_rows.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![Some(3), Some(2), Some(4)]);
    assert!(again.skipped_rows[1]
        .message
        .contains("already stored as Ann Lee"));
    let matched: Vec<(usize, String, bool)> = again
        .matched
        .iter()
        .map(|m| (m.line, m.contact_name.clone(), m.changes))
        .collect();
    assert_eq!(
        matched,
        vec![(2, "Ann Lee".into(), false), (4, "Bo Chan".into(), false)]
    );
}

#[test]
fn preview_shows_format_encoding_mapping_entries_and_a_dry_run_that_writes_nothing() {
    let (dir, mut store) = temp_store();
    store
        .add_contact(&ContactInput {
            emails: vec![email("ann@example.com")],
            ..person("Ann")
        })
        .expect("stored");
    // Headers nobody writes: not recognised, so the import needs a mapping.
    let path = dir.path().join("odd.csv");
    std::fs::write(
        &path,
        b"Wer;Post;Geb\r\nAnn Lee;ann@example.com;31.01.1990\r\nJos\xe9 Ruiz;jose@example.com;\r\n",
    )
    .expect("write");
    let preview = store
        .preview_contact_file(&path, None, None)
        .expect("preview");
    assert_eq!(preview.format, FileFormat::Csv);
    assert_eq!(preview.encoding, "windows-1252");
    assert!(!preview.recognised);
    let csv = preview.csv.as_ref().expect("csv part");
    assert_eq!(csv.delimiter, ";");
    assert_eq!(csv.rows[2][0], "José Ruiz");
    assert_eq!(count(&store), 1);

    let mapping = ColumnMapping {
        delimiter: Some(";".into()),
        has_header: true,
        day_first: true,
        columns: vec![
            rule(0, "Wer", CsvField::Name),
            rule(1, "Post", CsvField::Email),
            rule(2, "Geb", CsvField::Birthday),
        ],
    };
    let preview = store
        .preview_contact_file(&path, Some("windows-1252"), Some(&mapping))
        .expect("mapped preview");
    assert_eq!(preview.total, 2);
    assert_eq!(preview.entries[0].name, "Ann Lee");
    assert_eq!(preview.entries[0].birthday.as_deref(), Some("1990-01-31"));
    assert_eq!(preview.entries[1].name, "José Ruiz");
    assert_eq!(preview.entries[1].line, 3, "{:?}", preview.entries);
    let dry = &preview.dry_run;
    assert!(dry.dry_run && dry.errors.is_empty(), "{:?}", dry.errors);
    assert_eq!(
        (dry.created, dry.updated),
        (1, 1),
        "Ann is matched by email"
    );
    assert_eq!(dry.matched[0].contact_name, "Ann");
    assert!(dry.matched[0].changes);
    assert_eq!(count(&store), 1, "a preview writes nothing");

    // A forced encoding that is wrong shows in the preview, so the owner can change it.
    let utf8 = store
        .preview_contact_file(&path, Some("utf-8"), Some(&mapping))
        .expect("utf-8 preview");
    assert_eq!(utf8.entries[1].name, "Jos\u{fffd} Ruiz");

    let vcf = write(dir.path(), "cards.vcf", &vcard(&["Cy Dunn"]));
    let preview = store
        .preview_contact_file(&vcf, None, None)
        .expect("vcard preview");
    assert_eq!(
        (preview.format, preview.encoding.as_str(), preview.total),
        (FileFormat::Vcard, "UTF-8", 1)
    );
    assert!(preview.csv.is_none());
    assert_eq!(preview.dry_run.created, 1);

    let broken = write(dir.path(), "broken.vcf", "BEGIN:VCARD\nFN:Dee\n");
    let preview = store
        .preview_contact_file(&broken, None, None)
        .expect("broken preview");
    assert_eq!(preview.total, 0);
    assert_eq!(preview.dry_run.errors.len(), 1);
    assert!(preview.dry_run.errors[0].line.is_some());
}

fn rule(position: u32, header: &str, field: CsvField) -> ColumnRule {
    ColumnRule {
        position,
        header: Some(header.into()),
        field,
        label: None,
        group: 0,
    }
}

#[test]
fn merge_takes_chosen_fields_from_the_other_and_undo_puts_everything_back() {
    let (_dir, mut store) = temp_store();
    let keep = store
        .add_contact(&ContactInput {
            emails: vec![email("ann@example.com")],
            job_title: Some("Owner".into()),
            birthday: Some("1980-03-01".into()),
            ..person("Ann Lee")
        })
        .expect("keep");
    let other = store
        .add_contact(&ContactInput {
            emails: vec![email("ann.lee@work.example")],
            job_title: Some("Buyer".into()),
            birthday: Some("1980-02-29".into()),
            notes: Some("met at the fair".into()),
            ..person("Ann Lee-Smith")
        })
        .expect("other");
    store
        .add_interaction(&InteractionInput {
            contact_id: other,
            occurred_at: None,
            channel: InteractionChannel::Call,
            summary: "Called".into(),
            tone: Tone::Neutral,
            team_member_id: None,
            issue_id: None,
        })
        .expect("interaction");
    let before_keep = store.contact(keep).expect("keep before");
    let before_other = store.contact(other).expect("other before");

    let report = store
        .merge_contacts_choosing(keep, other, &[MergeField::Name, MergeField::Birthday])
        .expect("merge");
    let kept = store.contact(keep).expect("kept");
    assert_eq!(kept.name, "Ann Lee-Smith", "name taken from the other");
    assert_eq!(
        kept.birthday.map(|b| b.to_string()).as_deref(),
        Some("1980-02-29")
    );
    assert_eq!(kept.job_title.as_deref(), Some("Owner"), "not chosen: kept");
    assert_eq!(
        kept.notes.as_deref(),
        Some("met at the fair"),
        "empty: filled"
    );
    assert!(report.filled.contains(&"name".to_string()));
    assert_eq!(store.interactions(keep, None).expect("t").len(), 1);

    let survivor = store.undo_merge(other).expect("undo");
    assert_eq!(survivor, keep);
    let k = store.contact(keep).expect("keep after");
    let o = store.contact(other).expect("other after");
    assert_eq!(ContactInput::from(&k), ContactInput::from(&before_keep));
    assert_eq!(ContactInput::from(&o), ContactInput::from(&before_other));
    assert!(o.deleted_at.is_none(), "out of the Trash");
    assert_eq!(store.interactions(other, None).expect("t").len(), 1);
    assert_eq!(store.interactions(keep, None).expect("t").len(), 0);
    assert_eq!(store.check().expect("check").problems, Vec::<String>::new());
    let err = store.undo_merge(other).expect_err("only once");
    assert_eq!(err.code(), "conflict");

    // An edit of the survivor after a merge would be lost: undo refuses and says what to do.
    store.merge_contacts(keep, other).expect("merge again");
    store.set_clock(Box::new(|| fixed_now() + chrono::Duration::minutes(5)));
    let mut edit = ContactInput::from(&store.contact(keep).expect("k"));
    edit.job_title = Some("Director".into());
    store.update_contact(keep, &edit).expect("edit");
    let err = store.undo_merge(other).expect_err("edited since");
    assert!(err.to_string().contains("changed after the merge"), "{err}");
    assert!(store.contact(other).expect("o").deleted_at.is_some());
}

#[test]
fn export_all_writes_a_vcard_and_one_csv_per_table_that_read_back() {
    let (dir, mut store) = temp_store();
    store
        .add_contact(&ContactInput {
            emails: vec![email("ann@example.com")],
            notes: Some("=HYPERLINK(\"http://x.invalid\")".into()),
            ..person("Ann Lee")
        })
        .expect("ann");
    store
        .add_contact(&ContactInput {
            organization: Some("Acme".into()),
            ..person("Bo Chan")
        })
        .expect("bo");
    let out = dir.path().join("everything");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let report = store.export_all(&out, as_of).expect("export all");

    let bytes = std::fs::read(out.join("contacts.vcf")).expect("vcf");
    let cards = rapport::exchange::vcard::parse(&bytes, encoding_rs::UTF_8).expect("our reader");
    let mut names: Vec<String> = cards.into_iter().map(|r| r.input.name).collect();
    names.sort();
    assert_eq!(names, vec!["Acme", "Ann Lee", "Bo Chan"]);

    let tables = store.data_tables().expect("tables");
    for must in [
        "contacts",
        "contact_emails",
        "interactions",
        "issues",
        "follow_ups",
    ] {
        assert!(tables.iter().any(|t| t == must), "{must} in {tables:?}");
    }
    assert!(!tables.iter().any(|t| t.starts_with("contacts_fts")));
    let mut names: Vec<String> = report.files.iter().map(|f| f.name.clone()).collect();
    names.sort();
    let mut expected: Vec<String> = tables.iter().map(|t| format!("{t}.csv")).collect();
    expected.push("contacts.vcf".into());
    expected.push("rapport.xlsx".into());
    expected.sort();
    assert_eq!(names, expected);

    for file in report.files.iter().filter(|f| f.name.ends_with(".csv")) {
        let mut reader = csv::Reader::from_path(out.join(&file.name)).expect("csv");
        let header = reader.headers().expect("header").clone();
        assert!(!header.is_empty(), "{} has a header", file.name);
        let rows = reader
            .records()
            .inspect(|r| assert!(r.is_ok(), "row: {r:?}"))
            .count();
        assert_eq!(rows, file.rows, "{}", file.name);
    }
    let mut reader = csv::Reader::from_path(out.join("contacts.csv")).expect("contacts.csv");
    let header = reader.headers().expect("header").clone();
    let notes = header
        .iter()
        .position(|h| h == "notes")
        .expect("notes column");
    let name = header
        .iter()
        .position(|h| h == "display_name")
        .expect("name column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    let ann = rows.iter().find(|r| &r[name] == "Ann Lee").expect("Ann");
    assert_eq!(&ann[notes], "'=HYPERLINK(\"http://x.invalid\")");
    // The workbook: one sheet per table, the same rows, text kept as text (never a formula).
    {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = open_workbook(out.join("rapport.xlsx")).expect("calamine opens it");
        let sheets = wb.sheet_names().to_vec();
        assert_eq!(sheets.len(), tables.len());
        let range = wb.worksheet_range("contacts").expect("contacts sheet");
        let header: Vec<String> = range
            .rows()
            .next()
            .expect("header")
            .iter()
            .map(|c| c.to_string())
            .collect();
        let notes = header.iter().position(|h| h == "notes").expect("notes");
        let name = header
            .iter()
            .position(|h| h == "display_name")
            .expect("name");
        let ann = range
            .rows()
            .find(|r| r[name] == Data::String("Ann Lee".into()))
            .expect("Ann in the workbook");
        assert_eq!(
            ann[notes],
            Data::String("=HYPERLINK(\"http://x.invalid\")".into())
        );
        assert_eq!(range.rows().count(), 4, "header and three contacts");
        let mut formulas = wb.worksheet_formula("contacts").expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula anywhere"
        );
        let _ = &mut formulas;
    }
    assert!(out.read_dir().expect("dir").all(|e| !e
        .expect("entry")
        .file_name()
        .to_string_lossy()
        .contains(".tmp-")));
}
