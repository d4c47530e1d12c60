//! Satisfaction surveys (issue 7) against real SQLite files: the definitions of PRODUCT.md on
//! hand-made data (n = 0, all promoters, ties at the 80 % line); every real export in the shared
//! fixtures (found through `RAPPORT_FIXTURES`, default `../shared/fixtures`; a missing folder prints
//! "SKIPPED") with figures computed here independently from the raw file; our own small files in
//! `tests/fixtures/surveys/` for matching, overrides, profiles, bad cells, issues and the guard.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{email, person, temp_store};
use rapport::contacts::ContactInput;
use rapport::issues::{IssueInput, IssueStatus, IssueUpdate};
use rapport::surveys::analysis::{csat, direction, nps};
use rapport::surveys::{margin_of_error, pareto, read_bytes, ImportOptions, Overrides, Role, Tool};
use rapport::{Error, Store};

fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn fixtures_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("RAPPORT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
        .join("surveys");
    if dir.is_dir() {
        Some(dir)
    } else {
        skipped(&format!("{} is absent", dir.display()));
        None
    }
}

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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The raw cells of a CSV file, read here with the csv crate alone (no survey code).
fn raw_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("read");
    let text = String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{feff}')
        .to_string();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).expect("header")
}

fn nps_by_hand(scores: &[u32]) -> f64 {
    let n = scores.len() as f64;
    let promoters = scores.iter().filter(|s| **s >= 9).count() as f64;
    let detractors = scores.iter().filter(|s| **s <= 6).count() as f64;
    (promoters - detractors) / n * 100.0
}

// ---------------------------------------------------------------- definitions on hand-made data

#[test]
fn csat_is_the_share_of_fours_and_fives_with_its_margin() {
    let c = csat(&[5, 4, 3, 2, 1, 4, 5, 5, 2, 4]);
    assert_eq!(c.value, Some(60.0));
    let m = 100.0 * 1.96 * (0.6f64 * 0.4 / 10.0).sqrt();
    assert!(close(c.margin.expect("margin"), m));
    assert!(c.too_small, "10 answers are fewer than 30");
}

#[test]
fn no_answers_give_no_figures_and_are_too_small() {
    let c = csat(&[]);
    let p = nps(&[]);
    assert_eq!((c.value, c.margin, c.n), (None, None, 0));
    assert_eq!((p.value, p.margin, p.n), (None, None, 0));
    assert!(c.too_small && p.too_small);
    assert_eq!(margin_of_error(0.5, 0), None);
    assert!(pareto(&[]).is_empty());
}

#[test]
fn all_promoters_score_100_with_no_margin_but_still_need_30_answers() {
    let p = nps(&[10; 12]);
    assert_eq!(p.value, Some(100.0));
    assert_eq!(p.margin, Some(0.0));
    assert!(p.too_small, "12 answers");
    let p = nps(&[9; 40]);
    assert_eq!(p.value, Some(100.0));
    assert!(!p.too_small, "40 answers, margin 0");
}

#[test]
fn nps_is_promoters_minus_detractors_and_its_margin_reduces_to_the_proportion_formula() {
    // 3 promoters, 2 passives, 5 detractors.
    let p = nps(&[10, 9, 9, 8, 7, 6, 5, 0, 3, 1]);
    assert!(close(p.value.expect("nps"), -20.0));
    let (pp, pd) = (0.3f64, 0.5f64);
    let m = 100.0 * 1.96 * ((pp + pd - (pp - pd).powi(2)) / 10.0).sqrt();
    assert!(close(p.margin.expect("margin"), m));
    // With no detractors it is 1.96·sqrt(p(1−p)/n) of the promoters' share.
    let q = nps(&[10, 10, 10, 8, 8, 7, 7, 7, 9, 9]);
    assert!(close(
        q.margin.expect("margin"),
        margin_of_error(0.5, 10).expect("margin")
    ));
}

#[test]
fn a_margin_above_ten_points_is_too_small_even_with_many_answers() {
    // 100 answers, half satisfied: margin 9.8 points, acted on; 80 answers: 10.96, too small.
    let hundred: Vec<u8> = (0..100).map(|i| if i % 2 == 0 { 5 } else { 1 }).collect();
    let c = csat(&hundred);
    assert!(c.margin.expect("m") < 10.0 && !c.too_small);
    let eighty: Vec<u8> = (0..80).map(|i| if i % 2 == 0 { 5 } else { 1 }).collect();
    let c = csat(&eighty);
    assert!(c.margin.expect("m") > 10.0 && c.too_small);
}

fn causes(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(c, n)| (c.to_string(), *n)).collect()
}

#[test]
fn pareto_sorts_by_count_and_marks_the_vital_few_up_to_the_one_crossing_80_percent() {
    let rows = pareto(&causes(&[
        ("Late", 5),
        ("Price", 20),
        ("Rude", 50),
        ("Other", 25),
    ]));
    let names: Vec<&str> = rows.iter().map(|r| r.cause.as_str()).collect();
    assert_eq!(names, ["Rude", "Other", "Price", "Late"]);
    let cumulative: Vec<f64> = rows.iter().map(|r| r.cumulative_percent).collect();
    assert_eq!(cumulative, [50.0, 75.0, 95.0, 100.0]);
    let vital: Vec<bool> = rows.iter().map(|r| r.vital_few).collect();
    assert_eq!(vital, [true, true, true, false]);
}

#[test]
fn a_cause_reaching_exactly_80_percent_is_the_last_vital_one_and_ties_sort_by_name() {
    // 4 + 4 = 8 of 10 is exactly 80 %: B is the one that reaches the line; C and D tie after it.
    let rows = pareto(&causes(&[("D", 1), ("B", 4), ("C", 1), ("A", 4)]));
    let got: Vec<(&str, f64, bool)> = rows
        .iter()
        .map(|r| (r.cause.as_str(), r.cumulative_percent, r.vital_few))
        .collect();
    assert_eq!(
        got,
        [
            ("A", 40.0, true),
            ("B", 80.0, true),
            ("C", 90.0, false),
            ("D", 100.0, false)
        ]
    );
    // Tied causes straddling the line: the crossing one is in, its twin after it is not.
    let rows = pareto(&causes(&[("Y", 2), ("X", 6), ("Z", 2)]));
    let vital: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| (r.cause.as_str(), r.vital_few))
        .collect();
    assert_eq!(vital, [("X", true), ("Y", true), ("Z", false)]);
    // One cause only: it is the vital few.
    assert!(pareto(&causes(&[("Only", 3)]))[0].vital_few);
}

#[test]
fn a_trend_shows_no_direction_when_the_change_is_inside_the_margins() {
    assert_eq!(
        direction(Some(40.0), Some(15.0), Some(50.0), Some(15.0)),
        None
    );
    assert_eq!(
        direction(Some(40.0), Some(3.0), Some(50.0), Some(3.0)).as_deref(),
        Some("up")
    );
    assert_eq!(
        direction(Some(50.0), Some(3.0), Some(40.0), Some(3.0)).as_deref(),
        Some("down")
    );
    assert_eq!(direction(None, None, Some(40.0), Some(1.0)), None);
}

// ---------------------------------------------------------------- the shared real exports

#[test]
fn prepbench_nps_output_imports_with_the_nps_its_own_flags_give() {
    let Some(dir) = fixtures_dir() else { return };
    let path = dir.join("prepbench-nps/case050_nps_input_03.csv");
    let (_d, mut store) = temp_store();
    let report = store
        .import_survey_file(&path, &options("C&BSco"))
        .expect("import");
    let raw = raw_csv(&path);
    let data = &raw[1..];
    assert_eq!(report.responses, data.len());
    // The file ships its own classification (the Promoter / Detractor / Passive columns).
    let (p, d) = (column(&raw, "Promoter"), column(&raw, "Detractor"));
    let promoters = data.iter().filter(|r| r[p] == "1").count() as f64;
    let detractors = data.iter().filter(|r| r[d] == "1").count() as f64;
    let expected = (promoters - detractors) / data.len() as f64 * 100.0;
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert!(
        close(r.nps.expect("nps"), expected),
        "{:?} vs {expected}",
        r.nps
    );
    assert_eq!(r.nps_split.promoters as f64, promoters);
    assert_eq!(r.nps_split.detractors as f64, detractors);
    assert!(r.too_small, "{} answers", r.n);
    // Day-first dates resolved from the whole column (20/01/2020 decides it).
    let lines = store.survey_responses(r.survey_id).expect("lines");
    assert_eq!(
        lines[0].responded_at.as_deref(),
        Some("2020-01-05T13:03:00")
    );
    // Comments from both "why" columns, with their score.
    assert!(lines
        .iter()
        .any(|l| l.comment.as_deref() == Some("Their soaps are too slippery") && l.nps == Some(2)));
}

#[test]
fn sudzilla_nps_matches_the_challenge_formula_and_ambiguous_dates_ask_which_order() {
    let Some(dir) = fixtures_dir() else { return };
    let (_d, mut store) = temp_store();
    let question = "On a scale of 0-10, how would you rate Sudzilla?";
    let two = dir.join("prepbench-sudzilla/sudzilla_input_02.csv");
    let raw = raw_csv(&two);
    let col = column(&raw, question);
    let scores: Vec<u32> = raw[1..]
        .iter()
        .map(|r| r[col].parse().expect("score"))
        .collect();
    let report = store
        .import_survey_file(&two, &options("Sudzilla"))
        .expect("import");
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert!(close(r.nps.expect("nps"), nps_by_hand(&scores)));
    assert_eq!(r.nps_n, scores.len());
    // The keynotes are attributes on a 0–10 scale; their means match the file.
    let keynote = column(
        &raw,
        "On a scale of 0-10, how would you rate the opening keynote?",
    );
    let values: Vec<f64> = raw[1..]
        .iter()
        .map(|r| r[keynote].parse().expect("n"))
        .collect();
    let a = r
        .attributes
        .iter()
        .find(|a| a.name.contains("opening keynote"))
        .expect("attribute");
    assert!(close(
        a.mean.expect("mean"),
        values.iter().sum::<f64>() / values.len() as f64
    ));

    // The same survey with 11/1/2019 dates: every one could be either order.
    let one = dir.join("prepbench-sudzilla/sudzilla_input_01.csv");
    let err = store
        .import_survey_file(&one, &options("Sudzilla again"))
        .expect_err("ambiguous dates");
    let message = err.to_string();
    assert!(
        message.contains("sudzilla_input_01.csv") && message.contains("'Timestamp'"),
        "{message}"
    );
    assert_eq!(store.surveys().expect("list").len(), 1, "nothing written");
    let mut o = options("Sudzilla again");
    o.overrides.day_first = Some(false);
    let again = store.import_survey_file(&one, &o).expect("month first");
    let r1 = store
        .survey_report(again.survey_id.expect("id"))
        .expect("report");
    assert_eq!(r1.nps, r.nps);
    let first = &store.survey_responses(r1.survey_id).expect("lines")[0];
    assert_eq!(first.responded_at.as_deref(), Some("2019-11-01T08:51:12"));
}

#[test]
fn netflix_google_form_ratings_are_attributes_with_the_means_of_the_file() {
    let Some(dir) = fixtures_dir() else { return };
    let path = dir.join("prepbench-nps/case063_netflix_survey_input_01.csv");
    let (_d, mut store) = temp_store();
    let report = store
        .import_survey_file(&path, &options("Netflix"))
        .expect("import");
    assert_eq!(report.mapping.tool, Tool::GoogleForms);
    let raw = raw_csv(&path);
    let col = column(&raw, "How would you rate Tiger King?");
    let values: Vec<f64> = raw[1..]
        .iter()
        .filter_map(|r| {
            r.get(col)
                .filter(|v| !v.is_empty())
                .map(|v| v.parse().expect("n"))
        })
        .collect();
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    let a = r
        .attributes
        .iter()
        .find(|a| a.name == "How would you rate Tiger King?")
        .expect("Tiger King");
    assert_eq!(a.n, values.len());
    assert!(close(
        a.mean.expect("mean"),
        values.iter().sum::<f64>() / values.len() as f64
    ));
    assert_eq!((r.nps, r.csat), (None, None));
    assert!(r.too_small);
}

#[test]
fn surveymonkey_two_header_rows_and_windows_1252_are_read() {
    let Some(dir) = fixtures_dir() else { return };
    let path = dir.join("surveymonkey-fivethirtyeight/StarWars.csv");
    let (_d, mut store) = temp_store();
    let report = store
        .import_survey_file(&path, &options("Star Wars"))
        .expect("import");
    assert_eq!(report.mapping.tool, Tool::SurveyMonkey);
    assert_eq!(report.mapping.header_rows, 2);
    assert!(report.warnings.iter().any(|w| w.contains("Windows-1252")));
    let raw = raw_csv(&path);
    let data: Vec<&Vec<String>> = raw[2..]
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    assert_eq!(report.responses, data.len());
    // Han Solo's favourability, the labels counted by hand.
    let col = raw[1]
        .iter()
        .position(|h| h == "Han Solo")
        .expect("Han Solo");
    let score = |v: &str| match v {
        "Very favorably" => Some(5.0),
        "Somewhat favorably" => Some(4.0),
        "Neither favorably nor unfavorably (neutral)" => Some(3.0),
        "Somewhat unfavorably" => Some(2.0),
        "Very unfavorably" => Some(1.0),
        _ => None,
    };
    let values: Vec<f64> = data
        .iter()
        .filter_map(|r| r.get(col).and_then(|v| score(v)))
        .collect();
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    let han = r
        .attributes
        .iter()
        .find(|a| a.name == "Han Solo")
        .expect("Han Solo");
    assert_eq!(han.n, values.len());
    assert!(close(
        han.mean.expect("mean"),
        values.iter().sum::<f64>() / values.len() as f64
    ));
    assert_eq!(
        han.distribution.iter().map(|c| c.count).sum::<usize>(),
        values.len()
    );
}

#[test]
fn qualtrics_three_header_rows_and_legacy_exports_are_read() {
    let Some(dir) = fixtures_dir() else { return };
    let (_d, mut store) = temp_store();
    let report = store
        .import_survey_file(&dir.join("qualtrics-ropensci/sample.csv"), &options("Q"))
        .expect("import");
    assert_eq!(
        (report.mapping.tool, report.mapping.header_rows),
        (Tool::Qualtrics, 3)
    );
    assert_eq!(report.responses, 1);
    assert_eq!(
        report
            .mapping
            .column(Role::Timestamp)
            .map(|c| c.header.as_str()),
        Some("RecordedDate")
    );
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert_eq!(r.attributes[0].name, "This is a multiple choice question.");
    assert_eq!(r.attributes[0].mean, Some(2.0));
    let lines = store.survey_responses(r.survey_id).expect("lines");
    assert_eq!(
        lines[0].responded_at.as_deref(),
        Some("2017-07-18T08:28:48")
    );

    let legacy = store
        .import_survey_file(
            &dir.join("qualtrics-ropensci/sample_legacy.csv"),
            &options("QL"),
        )
        .expect("legacy");
    assert_eq!(
        (legacy.mapping.tool, legacy.mapping.header_rows),
        (Tool::QualtricsLegacy, 2)
    );
    assert_eq!(legacy.responses, 1);
    assert_eq!(legacy.unmatched[0].name.as_deref(), Some("Anonym"));
}

#[test]
fn files_without_scores_fail_with_a_message_naming_the_file_and_write_nothing() {
    let Some(dir) = fixtures_dir() else { return };
    let (_d, mut store) = temp_store();
    for file in [
        "msforms-header/acl-anthology_msforms_header.csv",
        "prepbench-nps/case050_nps_input_01.csv",
        "prepbench-nps/case050_nps_input_02.csv",
        "surveymonkey-fivethirtyeight/flying-etiquette.csv",
    ] {
        let err = store
            .import_survey_file(&dir.join(file), &options("x"))
            .expect_err(file);
        let name = Path::new(file)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(err.to_string().contains(&name), "{err}");
        assert!(err.to_string().contains("no column holds scores"), "{err}");
    }
    // The Microsoft Forms header is still recognised as such.
    let table =
        rapport::surveys::read_file(&dir.join("msforms-header/acl-anthology_msforms_header.csv"))
            .expect("read");
    assert_eq!(
        rapport::surveys::detect::layout(&table).tool,
        Tool::MicrosoftForms
    );
    assert!(store.surveys().expect("list").is_empty());
}

// ---------------------------------------------------------------- our own files

fn shop_contacts(store: &mut Store) -> (i64, i64, i64) {
    let mut ada = person("Ada Lovelace");
    ada.emails = vec![email("ADA@example.com")];
    let mut bob = person("Bob Stone");
    bob.emails = vec![email("bob@example.com")];
    let cleo: ContactInput = person("Cleo Park");
    (
        store.add_contact(&ada).expect("ada"),
        store.add_contact(&bob).expect("bob"),
        store.add_contact(&cleo).expect("cleo"),
    )
}

#[test]
fn a_plain_sheet_gives_csat_nps_attributes_with_gaps_and_a_pareto_of_causes() {
    let (_d, mut store) = temp_store();
    let (ada, bob, cleo) = shop_contacts(&mut store);
    let mut o = options("January");
    o.invited = Some(10);
    let report = store
        .import_survey_file(&own("shop.csv"), &o)
        .expect("import");
    assert_eq!(report.responses, 5);
    // Ada and Bob by email (any case), Cleo by exact name; Dan and Eve are listed.
    assert_eq!(report.matched, 3);
    let unmatched: Vec<&str> = report
        .unmatched
        .iter()
        .filter_map(|u| u.email.as_deref())
        .collect();
    assert_eq!(unmatched, ["dan@example.com", "eve@example.com"]);
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert_eq!(r.n, 5);
    assert_eq!(r.response_rate, Some(50.0));
    assert!(close(r.nps.expect("nps"), -40.0));
    assert!(close(r.csat.expect("csat"), 40.0));
    assert!(r.too_small && r.csat_too_small && r.nps_too_small);
    let speed = &r.attributes[0];
    assert_eq!(speed.name, "Speed");
    assert!(close(speed.mean.expect("mean"), 3.0));
    assert!(close(speed.expectation_mean.expect("exp"), 4.2));
    assert!(close(speed.gap.expect("gap"), -1.2));
    let dist: Vec<usize> = speed.distribution.iter().map(|c| c.count).collect();
    assert_eq!(dist, [1, 1, 1, 1, 1]);
    let pareto: Vec<(&str, usize, bool)> = r
        .pareto
        .iter()
        .map(|p| (p.cause.as_str(), p.count, p.vital_few))
        .collect();
    assert_eq!(
        pareto,
        [
            ("Price", 1, true),
            ("Service", 1, true),
            ("Speed and delays", 1, true)
        ]
    );
    let low: Vec<Option<i64>> = r.low_scores.iter().map(|l| l.contact_id).collect();
    assert_eq!(low, [Some(bob), Some(cleo), None]);
    assert_eq!(
        store.contact_survey_history(ada).expect("history")[0].nps,
        Some(10)
    );
    // The preview shows the first rows as read.
    assert_eq!(report.preview[0][0], "ada@example.com");
    // Dan was unmatched: the owner creates him and links the response.
    let dan = store.add_contact(&person("Dan Other")).expect("dan");
    let dan_line = store
        .survey_responses(r.survey_id)
        .expect("lines")
        .into_iter()
        .find(|l| l.respondent.as_deref() == Some("Dan Unknown"))
        .expect("dan's response");
    store
        .link_response_contact(dan_line.response_id, dan)
        .expect("match");
    let history = store.contact_survey_history(dan).expect("history");
    assert_eq!((history.len(), history[0].nps), (1, Some(8)));
    assert!(store
        .link_response_contact(dan_line.response_id, 9999)
        .is_err());
}

#[test]
fn a_bad_cell_fails_the_whole_file_naming_file_row_and_column_or_its_row_is_skipped() {
    let (_d, mut store) = temp_store();
    let err = store
        .import_survey_file(&own("bad.csv"), &options("Bad"))
        .expect_err("bad cells");
    let message = err.to_string();
    assert!(
        message.contains(
            "bad.csv, row 4, column 'How likely are you to recommend us? (0-10)': 'eleven'"
        ),
        "{message}"
    );
    assert!(
        message.contains("bad.csv, row 5, column 'Overall satisfaction (1-5)': '9'"),
        "{message}"
    );
    assert!(store.surveys().expect("list").is_empty(), "nothing written");

    let mut o = options("Bad");
    o.skip_bad_rows = true;
    let report = store.import_survey_file(&own("bad.csv"), &o).expect("skip");
    assert_eq!(report.responses, 2);
    let rows: Vec<usize> = report.skipped_rows.iter().map(|b| b.row).collect();
    assert_eq!(rows, [4, 5]);
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert_eq!(r.nps_n, 2);
}

#[test]
fn a_failure_while_writing_rolls_back_every_response() {
    let (_d, mut store) = temp_store();
    // A rule only the database knows (installed from a second connection to the same file)
    // rejects row 40 after the survey and 38 responses were written in the transaction.
    let other = rusqlite::Connection::open(store.path()).expect("second connection");
    other
        .execute_batch(
            "CREATE TRIGGER refuse_row_40 BEFORE INSERT ON survey_responses WHEN NEW.row_number = 40
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .expect("trigger");
    drop(other);
    let mut text = String::from("Email,How likely are you to recommend us? (0-10),Comments\n");
    for i in 0..50 {
        text.push_str(&format!("p{i}@example.com,{},ok\n", i % 11));
    }
    let table = read_bytes("big.csv", text.as_bytes()).expect("read");
    let mut o = options("Rollback");
    o.profile = Some("rollback profile".into());
    assert!(store.import_survey_table(&table, &o).is_err());
    assert!(store.surveys().expect("list").is_empty());
    let conn = rusqlite::Connection::open(store.path()).expect("read back");
    let count = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    assert_eq!(count("SELECT count(*) FROM survey_responses"), 0);
    assert_eq!(
        count("SELECT count(*) FROM survey_profiles"),
        0,
        "the profile is part of the action"
    );
}

#[test]
fn overrides_name_columns_and_the_mapping_is_saved_as_a_profile_for_the_next_file() {
    let (_d, mut store) = temp_store();
    let mut o = options("March");
    o.profile = Some("tiny shop".into());
    o.overrides = Overrides {
        nps_column: Some("Score".into()),
        csat_column: Some("happy".into()),
        email_column: Some("Mail".into()),
        date_column: Some("When".into()),
        day_first: None,
    };
    let first = store
        .import_survey_file(&own("renamed.csv"), &o)
        .expect("import");
    let roles = |m: &rapport::surveys::Mapping| {
        [Role::Nps, Role::Csat, Role::Email, Role::Timestamp]
            .map(|r| m.column(r).map(|c| c.header.clone()))
    };
    assert_eq!(
        roles(&first.mapping),
        [
            Some("Score".into()),
            Some("Happy".into()),
            Some("Mail".into()),
            Some("When".into())
        ]
    );
    // The next file, with only the profile named.
    let mut again = options("April");
    again.profile = Some("Tiny Shop".into());
    let second = store
        .import_survey_file(&own("renamed.csv"), &again)
        .expect("again");
    assert_eq!(roles(&second.mapping), roles(&first.mapping));
    let r = store
        .survey_report(second.survey_id.expect("id"))
        .expect("report");
    assert_eq!((r.nps, r.csat), (Some(0.0), Some(50.0)));
    // A column that does not exist is named in the error.
    let mut wrong = options("x");
    wrong.overrides.nps_column = Some("Nope".into());
    let err = store
        .import_survey_file(&own("renamed.csv"), &wrong)
        .expect_err("no column");
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "nps-column"),
        "{err}"
    );
    assert!(err.to_string().contains("renamed.csv has no column 'Nope'"));
}

#[test]
fn a_response_is_linked_to_the_recently_resolved_issue_and_low_scores_open_one() {
    let (_d, mut store) = temp_store();
    let (_ada, bob, cleo) = shop_contacts(&mut store);
    // Bob's issue was resolved on 2026-11-24 (the store's fixed "now"), the survey came after.
    let issue = store
        .add_issue(&IssueInput {
            customer_id: bob,
            title: "Invoice twice".into(),
            category: Some("Billing".into()),
            ..IssueInput::default()
        })
        .expect("issue");
    store
        .update_issue(
            issue,
            &IssueUpdate {
                status: Some(IssueStatus::Resolved),
                ..IssueUpdate::default()
            },
        )
        .expect("resolve");
    let text = "Email,Name,Date,How likely are you to recommend us? (0-10),Comments\n\
                bob@example.com,Bob Stone,2026-11-30,4,Too expensive\n\
                ,Cleo Park,2026-11-30,2,Nobody called back\n";
    let table = read_bytes("december.csv", text.as_bytes()).expect("read");
    let report = store
        .import_survey_table(&table, &options("December"))
        .expect("import");
    assert_eq!(report.linked_issues, 1);
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    let bob_line = r
        .low_scores
        .iter()
        .find(|l| l.contact_id == Some(bob))
        .expect("bob");
    assert_eq!(bob_line.issue_id, Some(issue));
    // The issue's category is the cause, not the comment's words.
    assert_eq!(bob_line.cause.as_deref(), Some("Billing"));
    // Take action on Cleo's low score: a new issue, linked.
    let cleo_line = r
        .low_scores
        .iter()
        .find(|l| l.contact_id == Some(cleo))
        .expect("cleo");
    assert_eq!(cleo_line.issue_id, None);
    let opened = store
        .open_issue_from_response(cleo_line.response_id, None, Some("Service"))
        .expect("act");
    let lines = store.survey_responses(r.survey_id).expect("lines");
    let cleo_after = lines
        .iter()
        .find(|l| l.contact_id == Some(cleo))
        .expect("cleo");
    assert_eq!(cleo_after.issue_id, Some(opened));
    let as_of = rapport::issues::AsOf::new(common::fixed_now(), &chrono::Utc);
    let made = store.issue(opened, &as_of).expect("issue");
    assert_eq!(made.customer_id, cleo);
    assert!(
        made.title.contains("December") && made.title.contains("NPS 2/10"),
        "{}",
        made.title
    );
    // Another customer's issue cannot be linked.
    let err = store
        .link_response_issue(cleo_line.response_id, Some(issue))
        .expect_err("other");
    assert!(err.to_string().contains("another customer"));
}

#[test]
fn the_over_survey_guard_lists_customers_surveyed_within_90_days() {
    let (_d, mut store) = temp_store();
    shop_contacts(&mut store);
    store
        .import_survey_file(&own("shop.csv"), &options("January"))
        .expect("first");
    let text = "Email,Date,How likely are you to recommend us? (0-10)\n\
                ada@example.com,2026-02-20,9\n\
                bob@example.com,2026-06-30,9\n";
    let table = read_bytes("feb.csv", text.as_bytes()).expect("read");
    let report = store
        .import_survey_table(&table, &options("February"))
        .expect("second");
    let names: Vec<&str> = report
        .over_surveyed
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["Ada Lovelace"], "Bob's answer is 175 days later");
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("within 90 days") && w.contains("Ada")));
    let mut wide = options("Again");
    wide.guard_days = 365;
    wide.dry_run = true;
    let report = store.import_survey_table(&table, &wide).expect("dry run");
    assert_eq!(report.over_surveyed.len(), 2);
    assert_eq!(report.survey_id, None);
    assert_eq!(
        store.surveys().expect("list").len(),
        2,
        "a dry run writes nothing"
    );
}

#[test]
fn the_trend_has_a_direction_only_outside_the_margins() {
    let (_d, mut store) = temp_store();
    let sheet = |scores: &[(u8, usize)], date: &str| {
        let mut text = String::from("Date,How likely are you to recommend us? (0-10)\n");
        for (score, count) in scores {
            for _ in 0..*count {
                text.push_str(&format!("{date},{score}\n"));
            }
        }
        text
    };
    for (name, date, scores) in [
        ("Q1", "2026-01-10", vec![(10u8, 50usize), (0, 50)]),
        ("Q2", "2026-04-10", vec![(10, 55), (0, 45)]),
        ("Q3", "2026-07-10", vec![(10, 95), (0, 5)]),
    ] {
        let table = read_bytes("t.csv", sheet(&scores, date).as_bytes()).expect("read");
        store
            .import_survey_table(&table, &options(name))
            .expect("import");
    }
    let trend = store.survey_trend().expect("trend");
    let got: Vec<(&str, Option<f64>, Option<&str>)> = trend
        .iter()
        .map(|t| (t.name.as_str(), t.nps, t.nps_direction.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Q1", Some(0.0), None),
            ("Q2", Some(10.0), None),
            ("Q3", Some(90.0), Some("up"))
        ]
    );
}

#[test]
fn workbooks_are_read_with_their_dates_and_legacy_text_encodings_are_decoded() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("forms.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in [
        "Timestamp",
        "Email Address",
        "How satisfied are you? (1-5)",
        "Any comments?",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, (score, comment)) in [(5.0, "Great"), (2.0, "Too slow"), (4.0, "")]
        .iter()
        .enumerate()
    {
        let row = r as u32 + 1;
        let when = ExcelDateTime::from_ymd(2026, 3, row as u8)
            .expect("date")
            .and_hms(9, 30, 0)
            .expect("time");
        sheet
            .write_datetime_with_format(row, 0, &when, &date)
            .expect("date");
        sheet
            .write_string(row, 1, format!("p{row}@example.com"))
            .expect("email");
        sheet.write_number(row, 2, *score).expect("score");
        if !comment.is_empty() {
            sheet.write_string(row, 3, *comment).expect("comment");
        }
    }
    book.save(&path).expect("save");
    let (_d, mut store) = temp_store();
    let report = store
        .import_survey_file(&path, &options("Workbook"))
        .expect("import");
    assert_eq!(report.mapping.tool, Tool::GoogleForms);
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert!(close(r.csat.expect("csat"), 200.0 / 3.0));
    let lines = store.survey_responses(r.survey_id).expect("lines");
    assert_eq!(
        lines[1].responded_at.as_deref(),
        Some("2026-03-02T09:30:00")
    );
    assert_eq!(lines[1].comment.as_deref(), Some("Too slow"));

    // UTF-16 with a BOM, and Mac Roman (é is 0x8E there).
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Name,Satisfaction (1-5)\nZoë,5\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let t = read_bytes("u16.csv", &utf16).expect("utf16");
    assert_eq!(t.rows[1], ["Zoë", "5"]);
    assert!(t.warnings.is_empty());
    let mac = b"Name,Satisfaction (1-5)\nRen\x8E \x90,4\n";
    let t = read_bytes("mac.csv", mac).expect("mac");
    assert_eq!(t.rows[1][0], "René ê");
    assert!(t.warnings[0].contains("Mac Roman"));
}

/// A data file from before migration 10 (answers carrying their attribute, kind and scale on every
/// row) opens with the same report: the answers move to questions and scores unchanged.
#[test]
fn answers_written_before_the_questions_table_migrate_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("store");
    let mut o = options("January");
    o.overrides.day_first = Some(true);
    let id = store
        .import_survey_file(&own("shop.csv"), &o)
        .expect("import")
        .survey_id
        .expect("id");
    let before = store.survey_report(id).expect("report");
    assert!(!before.attributes.is_empty());
    drop(store);

    // Put the file back in the shape of schema 9, as an older Rapport wrote it.
    let path = dir.path().join("rapport.sqlite3");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "CREATE TABLE survey_answers (
             response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
             position    INTEGER NOT NULL,
             attribute   TEXT NOT NULL,
             kind        TEXT NOT NULL CHECK (kind IN ('performance', 'expectation')),
             score       REAL NOT NULL,
             scale_max   INTEGER NOT NULL CHECK (scale_max IN (5, 10)),
             PRIMARY KEY (response_id, position)
         ) WITHOUT ROWID;
         INSERT INTO survey_answers
         SELECT s.response_id, q.position, q.attribute, q.kind, s.score, q.scale_max
           FROM survey_scores s JOIN survey_questions q ON q.id = s.question_id;
         DROP TABLE survey_scores;
         DROP TABLE survey_questions;
         PRAGMA user_version = 9;",
    )
    .expect("downgrade");
    let answers: i64 = conn
        .query_row("SELECT count(*) FROM survey_answers", [], |r| r.get(0))
        .expect("count");
    assert!(answers > 0);
    drop(conn);

    let store = Store::open_in(dir.path()).expect("migrated");
    let after = store.survey_report(id).expect("report");
    assert_eq!(after.attributes, before.attributes);
    assert_eq!(
        (after.n, after.nps, after.csat),
        (before.n, before.nps, before.csat)
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let scores: i64 = conn
        .query_row("SELECT count(*) FROM survey_scores", [], |r| r.get(0))
        .expect("count");
    assert_eq!(scores, answers);
    let old: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'survey_answers'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(old, 0);
}
