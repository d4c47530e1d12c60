//! `rapport profiles …` and `rapport kudos …` run for real (the JSON names are a contract).

mod common;

use common::{cli_json as json, cli_run as run};

#[test]
fn profiles_show_and_the_at_risk_list_explain_the_level() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let id = json(d, &["contacts", "add", "--name", "Corner Bakery", "--json"])["id"]
        .as_i64()
        .expect("id");
    let calm = json(d, &["contacts", "add", "--name", "Calm Cafe", "--json"])["id"]
        .as_i64()
        .expect("id");
    let ids = id.to_string();
    json(
        d,
        &[
            "issues",
            "add",
            "--customer",
            &ids,
            "--title",
            "Oven door",
            "--due",
            "2026-11-10",
            "--json",
        ],
    );
    json(
        d,
        &[
            "interactions",
            "add",
            "--contact",
            &ids,
            "--channel",
            "call",
            "--summary",
            "Complained about the oven",
            "--tone",
            "negative",
            "--at",
            "2026-11-20T10:00",
            "--json",
        ],
    );
    json(
        d,
        &[
            "profiles",
            "kick-out",
            &ids,
            "--description",
            "Competitor offers same-day repair",
            "--status",
            "present",
            "--review",
            "2026-12-01",
            "--json",
        ],
    );
    json(
        d,
        &[
            "profiles",
            "rate",
            &ids,
            "--attribute",
            "Response time",
            "--importance",
            "5",
            "--performance",
            "2",
            "--on",
            "2026-11-20",
            "--json",
        ],
    );

    let p = json(
        d,
        &[
            "profiles",
            "show",
            &ids,
            "--as-of",
            "2026-11-24T12:00",
            "--json",
        ],
    );
    assert_eq!(p["level"], "severe");
    let signals: Vec<(&str, i64)> = p["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name"),
                s["weight"].as_i64().expect("w"),
            )
        })
        .collect();
    assert_eq!(
        signals,
        [
            ("kick_out_present", 3),
            ("negative_interactions", 2),
            ("overdue_issues", 2)
        ]
    );
    assert!(p["signals"][2]["evidence"][0]["text"]
        .as_str()
        .expect("text")
        .contains("Oven door"));
    assert_eq!(p["gaps"][0]["attribute"], "Response time");
    assert_eq!(p["gaps"][0]["gap"], 3.0);
    assert_eq!(p["kick_out_factors"][0]["status"], "present");
    // Severe: 7 days from the missed due date (10 November).
    assert_eq!(p["resolve_by"], "2026-11-17");

    let calm_profile = json(
        d,
        &[
            "profiles",
            "show",
            &calm.to_string(),
            "--as-of",
            "2026-11-24T12:00",
            "--json",
        ],
    );
    assert_eq!(calm_profile["level"], "none");
    assert!(calm_profile["resolve_by"].is_null());

    let list = json(
        d,
        &[
            "profiles",
            "list",
            "--at-risk",
            "--as-of",
            "2026-11-24T12:00",
            "--json",
        ],
    );
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["customer_id"], id);
    assert_eq!(list[0]["name"], "Corner Bakery");

    // The owner's override, with its reason, and going back.
    let (ok, _, err) = run(
        d,
        &[
            "profiles", "override", &ids, "--level", "moderate", "--reason", " ",
        ],
    );
    assert!(!ok && err.contains("reason"), "{err}");
    assert!(
        run(
            d,
            &[
                "profiles",
                "override",
                &ids,
                "--level",
                "moderate",
                "--reason",
                "Owner visited"
            ],
        )
        .0
    );
    let p = json(
        d,
        &[
            "profiles",
            "show",
            &ids,
            "--as-of",
            "2026-11-24T12:00",
            "--json",
        ],
    );
    assert_eq!(
        (p["level"].as_str(), p["computed_level"].as_str()),
        (Some("moderate"), Some("severe"))
    );
    assert_eq!(p["level_reason"], "Owner visited");
}

#[test]
fn kudos_go_to_a_team_member_and_are_listed() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    json(d, &["team", "add", "Sam", "--json"]);
    json(
        d,
        &[
            "kudos",
            "add",
            "--text",
            "Fixed it the same day",
            "--to",
            "Sam",
            "--on",
            "2026-11-20",
            "--json",
        ],
    );
    let list = json(d, &["kudos", "list", "--to", "Sam", "--json"]);
    assert_eq!(list[0]["credited_to"], "Sam");
    assert_eq!(list[0]["text"], "Fixed it the same day");
    let (ok, _, err) = run(d, &["kudos", "add", "--text", "x", "--to", "Nobody"]);
    assert!(!ok && err.contains("Nobody"), "{err}");
}

#[test]
fn export_profile_writes_a_printable_sheet_that_calamine_reads_back() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(run(d, &["business-name", "Kim's Bakery & Cafe"]).0);
    let id = json(
        d,
        &["contacts", "add", "--name", "=HYPERLINK(\"x\")", "--json"],
    )["id"]
        .as_i64()
        .expect("id");
    let ids = id.to_string();
    json(
        d,
        &[
            "profiles",
            "kick-out",
            &ids,
            "--description",
            "+1 price rise",
            "--status",
            "present",
            "--json",
        ],
    );
    let out = d.join("profile.xlsx");
    let (ok, _, err) = run(
        d,
        &[
            "export",
            "profile",
            &ids,
            "--out",
            out.to_str().expect("path"),
            "--as-of",
            "2026-11-24T12:00",
        ],
    );
    assert!(ok, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&out).expect("calamine opens it");
    let name = wb.sheet_names()[0].clone();
    let sheet = wb.worksheet_range(&name).expect("sheet");
    let cells: Vec<String> = sheet.used_cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.contains(&"Customer relationship profile: =HYPERLINK(\"x\")".to_string()));
    assert!(
        cells.contains(&"Moderate (score 3)".to_string()),
        "{cells:?}"
    );
    assert!(cells.contains(&"+1 price rise".to_string()));
    assert!(cells.contains(&"present".to_string()));
    // The text that looks like a formula is a plain string, not a formula.
    let formulas = wb.worksheet_formula(&name).expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    assert!(sheet
        .used_cells()
        .any(|(_, _, c)| matches!(c, Data::DateTime(_))));

    // All at-risk customers, one sheet each.
    let calm = json(d, &["contacts", "add", "--name", "Calm", "--json"])["id"].clone();
    assert!(calm.is_i64());
    let all = d.join("at-risk.xlsx");
    let (ok, stdout, err) = run(
        d,
        &[
            "export",
            "profile",
            "--at-risk",
            "--out",
            all.to_str().expect("path"),
        ],
    );
    assert!(ok, "{err}");
    assert!(stdout.contains("Wrote 1 profile"), "{stdout}");
    let wb: Xlsx<_> = open_workbook(&all).expect("open");
    assert_eq!(wb.sheet_names().len(), 1);
}
