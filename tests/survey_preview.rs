//! The app's survey import wizard, through the core: a preview that writes nothing (mapping, first
//! rows, the date-order question, bad cells, a dry run), an import with the mapping the owner
//! corrected, and "create a contact for this respondent" in one transaction.

mod common;

use std::path::{Path, PathBuf};

use common::{email, person, temp_store};
use rapport::contacts::ContactInput;
use rapport::surveys::{ImportOptions, Overrides, Role};

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/surveys")
        .join(name)
}

fn options(name: &str) -> ImportOptions {
    ImportOptions {
        name: name.to_string(),
        ..ImportOptions::default()
    }
}

#[test]
fn preview_shows_the_guess_the_first_rows_and_the_matches_without_writing() {
    let (_dir, mut store) = temp_store();
    let mut ada = person("Ada Lovelace");
    ada.emails.push(email("ada@example.com"));
    store.add_contact(&ada).expect("works");

    let preview = store
        .preview_survey(&own("shop.csv"), &options(""))
        .expect("works");
    assert_eq!(preview.file, "shop.csv");
    assert_eq!(preview.data_rows, 5);
    assert_eq!(preview.rows.len(), 5);
    assert_eq!(preview.rows[0][0], "ada@example.com");
    let role = |h: &str| {
        preview
            .mapping
            .columns
            .iter()
            .find(|c| c.header.starts_with(h))
            .map(|c| c.role)
    };
    assert_eq!(role("How likely"), Some(Role::Nps));
    assert_eq!(role("Overall satisfaction"), Some(Role::Csat));
    assert_eq!(role("Email"), Some(Role::Email));
    // 13/01/2026 settles the order: no question.
    assert_eq!(preview.date_question, None);
    assert_eq!(preview.problem, None);
    let dry = preview.dry_run.expect("dry run");
    assert!(dry.dry_run);
    assert_eq!(dry.responses, 5);
    // Ada by email; nobody else is a contact.
    assert_eq!(dry.matched, 1);
    assert_eq!(dry.unmatched.len(), 4);
    assert!(
        store.surveys().expect("works").is_empty(),
        "a preview writes nothing"
    );
}

#[test]
fn dates_that_read_both_ways_ask_the_question_until_it_is_answered() {
    let (dir, mut store) = temp_store();
    let file = dir.path().join("ambiguous.csv");
    std::fs::write(
        &file,
        "Email,Date,How likely are you to recommend us? (0-10)\n\
         a@example.com,01/02/2026,9\nb@example.com,03/04/2026,4\n",
    )
    .expect("works");
    let preview = store.preview_survey(&file, &options("")).expect("works");
    let question = preview.date_question.expect("a question");
    assert!(question.contains("ambiguous.csv"), "{question}");
    assert!(question.contains("day-first or month-first"), "{question}");
    assert!(preview.dry_run.is_none());

    let mut answered = options("");
    answered.overrides = Overrides {
        day_first: Some(false),
        ..Overrides::default()
    };
    let preview = store.preview_survey(&file, &answered).expect("works");
    assert_eq!(preview.date_question, None);
    assert_eq!(preview.mapping.day_first, Some(false));
    assert_eq!(preview.dry_run.expect("dry run").responses, 2);
}

#[test]
fn a_file_without_scores_is_a_problem_in_the_preview_not_an_error() {
    let (dir, mut store) = temp_store();
    let file = dir.path().join("words.csv");
    std::fs::write(&file, "Email,Thoughts\na@example.com,fine\n").expect("works");
    let preview = store.preview_survey(&file, &options("")).expect("works");
    let problem = preview.problem.expect("a problem");
    assert!(problem.contains("no column holds scores"), "{problem}");
    assert!(preview.dry_run.is_none());
}

#[test]
fn bad_cells_are_listed_with_their_row_and_column() {
    let (dir, mut store) = temp_store();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "Email,How likely are you to recommend us? (0-10)\n\
         a@example.com,9\nb@example.com,eleven\nc@example.com,7\n",
    )
    .expect("works");
    let preview = store.preview_survey(&file, &options("")).expect("works");
    assert_eq!(preview.bad_cells.len(), 1);
    assert_eq!(preview.bad_cells[0].row, 3);
    assert!(preview.bad_cells[0].column.starts_with("How likely"));
    assert_eq!(preview.dry_run.expect("dry run").responses, 2);
}

#[test]
fn the_corrected_mapping_is_imported_as_given_and_saved_as_the_profile() {
    let (_dir, mut store) = temp_store();
    let preview = store
        .preview_survey(&own("shop.csv"), &options(""))
        .expect("works");
    let mut mapping = preview.mapping;
    // The owner says the satisfaction question is not to be counted.
    let csat = mapping
        .columns
        .iter_mut()
        .find(|c| c.role == Role::Csat)
        .expect("works");
    csat.role = Role::Ignore;
    let mut o = options("January");
    o.mapping = Some(mapping.clone());
    o.profile = Some("Shop sheet".into());
    let report = store
        .import_survey_file(&own("shop.csv"), &o)
        .expect("works");
    let id = report.survey_id.expect("works");
    let figures = store.survey_report(id).expect("works");
    assert_eq!(figures.csat, None);
    assert_eq!(figures.nps_n, 5);
    assert_eq!(
        store.survey_profile_names().expect("works"),
        vec!["Shop sheet".to_string()]
    );
    let saved = store
        .survey_profile("Shop sheet")
        .expect("works")
        .expect("saved");
    assert!(saved
        .columns
        .iter()
        .any(|c| c.header.starts_with("Overall") && c.role == Role::Ignore));

    // A mapping naming a column the file does not have is refused with the column named.
    let mut wrong = mapping;
    wrong.columns[0].index = 40;
    let mut o = options("Again");
    o.mapping = Some(wrong);
    let err = store
        .import_survey_file(&own("shop.csv"), &o)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("column 41"), "{err}");
    assert_eq!(store.surveys().expect("works").len(), 1);
}

#[test]
fn creating_a_contact_for_a_respondent_links_the_response() {
    let (_dir, mut store) = temp_store();
    let report = store
        .import_survey_file(&own("shop.csv"), &options("January"))
        .expect("works");
    let id = report.survey_id.expect("works");
    let lines = store.survey_responses(id).expect("works");
    let eve = lines
        .iter()
        .find(|l| l.respondent.as_deref() == Some("Eve Adams"))
        .expect("works");
    assert_eq!(eve.contact_id, None);
    assert_eq!(eve.email.as_deref(), Some("eve@example.com"));
    assert_eq!(eve.survey, "January");
    assert_eq!(eve.survey_id, id);
    let input = ContactInput {
        emails: vec![email("eve@example.com")],
        ..person("Eve Adams")
    };
    let contact = store
        .contact_from_response(eve.response_id, &input)
        .expect("works");
    let history = store.contact_survey_history(contact).expect("works");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].nps, Some(0));

    // An unknown response creates nothing.
    let before = store.surveys().expect("works");
    let err = store
        .contact_from_response(9999, &person("Nobody"))
        .expect_err("refused");
    assert!(err.to_string().contains("not found"), "{err}");
    assert_eq!(store.surveys().expect("works"), before);
    let found = store.search_contacts("Nobody", 5).expect("works");
    assert!(found.is_empty(), "nothing half-written");
}

/// Google Forms' usual open question, "What could we do better?", is read as the comment.
#[test]
fn what_could_we_do_better_is_a_comment_column() {
    let text = "Timestamp,Email Address,How likely are you to recommend us? (0-10),What could we do better?\n\
                2026/11/02 10:00:00,a@example.com,9,Open on Sundays\n\
                2026/11/02 11:00:00,b@example.com,3,Answer the phone\n";
    let table = rapport::surveys::read_bytes("forms.csv", text.as_bytes()).expect("read");
    let mapping = rapport::surveys::detect_mapping(&table, &Overrides::default()).expect("mapping");
    let roles: Vec<Role> = mapping.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[2], Role::Nps);
    assert_eq!(roles[3], Role::Comment, "{mapping:?}");
}
