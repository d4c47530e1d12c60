//! `rapport surveys …` run for real against a temp data folder (the JSON names are a contract).

mod common;

use std::path::{Path, PathBuf};

use common::{cli_json as json, cli_run as run};
use serde_json::Value;

fn own(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/surveys")
        .join(name)
        .display()
        .to_string()
}

fn fixtures_dir() -> PathBuf {
    std::env::var_os("RAPPORT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
        .join("surveys")
}

#[test]
fn import_list_report_and_take_action_through_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let bob = json(
        d,
        &[
            "contacts",
            "add",
            "--name",
            "Bob Stone",
            "--email",
            "bob@example.com",
            "--json",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let shop = own("shop.csv");
    let dry = json(
        d,
        &[
            "surveys",
            "import",
            &shop,
            "--name",
            "January",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(dry["survey_id"], Value::Null);
    assert_eq!(
        json(d, &["surveys", "list", "--json"]),
        serde_json::json!([])
    );

    let imported = json(
        d,
        &[
            "surveys",
            "import",
            &shop,
            "--name",
            "January",
            "--invited",
            "10",
            "--json",
        ],
    );
    for key in [
        "survey_id",
        "responses",
        "matched",
        "unmatched",
        "skipped_rows",
        "warnings",
    ] {
        assert!(
            imported.get(key).is_some(),
            "import --json lacks {key}: {imported}"
        );
    }
    assert_eq!(imported["responses"], 5);
    assert_eq!(imported["matched"], 1);
    assert_eq!(imported["unmatched"].as_array().map(Vec::len), Some(4));
    let id = imported["survey_id"].as_i64().expect("survey id");

    let list = json(d, &["surveys", "list", "--json"]);
    assert_eq!(list[0]["name"], "January");
    assert_eq!(list[0]["responses"], 5);

    let report = json(d, &["surveys", "report", &id.to_string(), "--json"]);
    assert_eq!(report["n"], 5);
    assert_eq!(report["nps"], -40.0);
    assert_eq!(report["csat"], 40.0);
    assert_eq!(report["response_rate"], 50.0);
    assert_eq!(report["too_small"], true);
    assert!(report["csat_margin"].as_f64().expect("margin") > 10.0);
    assert!(report["nps_margin"].as_f64().expect("margin") > 10.0);
    assert_eq!(report["attributes"][0]["name"], "Speed");
    assert_eq!(report["attributes"][0]["mean"], 3.0);
    assert_eq!(report["attributes"][0]["n"], 5);
    let pareto = report["pareto"].as_array().expect("pareto");
    assert_eq!(pareto.len(), 3);
    for row in pareto {
        for key in ["cause", "count", "cumulative_percent", "vital_few"] {
            assert!(row.get(key).is_some(), "pareto row lacks {key}");
        }
    }
    assert_eq!(pareto[2]["cumulative_percent"], 100.0);

    // Take action on Bob's low score.
    let lines = json(d, &["surveys", "responses", &id.to_string(), "--json"]);
    let bob_line = lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["contact_id"] == bob)
        .expect("bob's response")["response_id"]
        .as_i64()
        .expect("id");
    let issue = json(d, &["surveys", "act", &bob_line.to_string(), "--json"])["id"]
        .as_i64()
        .expect("issue id");
    let shown = json(d, &["issues", "show", &issue.to_string(), "--json"]);
    assert_eq!(shown["customer_id"], bob, "{shown}");
    let lines = json(d, &["surveys", "responses", &id.to_string(), "--json"]);
    assert!(lines
        .as_array()
        .expect("lines")
        .iter()
        .any(|l| l["issue_id"] == issue));

    // People read the report too.
    let (ok, text, _) = run(d, &["surveys", "report", &id.to_string()]);
    assert!(
        ok && text.contains("NPS:  -40.0") && text.contains("too small to act on"),
        "{text}"
    );
}

#[test]
fn a_bad_cell_fails_by_default_and_skip_bad_rows_imports_the_rest() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let bad = own("bad.csv");
    let (ok, _, err) = run(d, &["surveys", "import", &bad, "--name", "Bad", "--json"]);
    assert!(!ok);
    assert!(
        err.contains("bad.csv, row 4, column 'How likely are you to recommend us? (0-10)'"),
        "{err}"
    );
    assert_eq!(
        json(d, &["surveys", "list", "--json"]),
        serde_json::json!([])
    );
    let report = json(
        d,
        &[
            "surveys",
            "import",
            &bad,
            "--name",
            "Bad",
            "--skip-bad-rows",
            "--json",
        ],
    );
    assert_eq!(report["responses"], 2);
    let rows: Vec<i64> = report["skipped_rows"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|r| r["row"].as_i64().expect("row"))
        .collect();
    assert_eq!(rows, [4, 5]);
}

#[test]
fn column_flags_override_the_guess_and_a_profile_remembers_them() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let file = own("renamed.csv");
    let first = json(
        d,
        &[
            "surveys",
            "import",
            &file,
            "--name",
            "March",
            "--profile",
            "tiny",
            "--nps-column",
            "Score",
            "--csat-column",
            "Happy",
            "--email-column",
            "Mail",
            "--date-column",
            "When",
            "--json",
        ],
    );
    let second = json(
        d,
        &[
            "surveys",
            "import",
            &file,
            "--name",
            "April",
            "--profile",
            "tiny",
            "--json",
        ],
    );
    assert_eq!(first["mapping"], second["mapping"]);
    let report = json(
        d,
        &[
            "surveys",
            "report",
            &second["survey_id"].to_string(),
            "--json",
        ],
    );
    assert_eq!(
        (report["nps"].clone(), report["csat"].clone()),
        (Value::from(0.0), Value::from(50.0))
    );
}

#[test]
fn the_shared_sudzilla_export_asks_for_the_date_order_then_imports() {
    let file = fixtures_dir().join("prepbench-sudzilla/sudzilla_input_01.csv");
    if !file.is_file() {
        eprintln!("SKIPPED: {} is absent", file.display());
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let path = file.display().to_string();
    let (ok, _, err) = run(d, &["surveys", "import", &path, "--name", "Sudzilla"]);
    assert!(
        !ok && err.contains("'Timestamp'") && err.contains("--month-first"),
        "{err}"
    );
    let report = json(
        d,
        &[
            "surveys",
            "import",
            &path,
            "--name",
            "Sudzilla",
            "--month-first",
            "--json",
        ],
    );
    assert_eq!(report["responses"], 39);
}
