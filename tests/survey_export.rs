//! Survey workbooks out (issue 7), each read back with calamine (and its parts opened with the
//! zip reader): the blank sheet (one row per customer, drop-downs, locked header) and its round
//! trip through the import with no mapping; the results workbook (summary figures and flags,
//! attributes, Pareto, comments as text, native charts).

mod common;

use std::io::Read as _;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::{email, person, temp_store};
use rapport::export::{survey_book, template_book, TEMPLATE_HEADERS};
use rapport::surveys::{ImportOptions, Tool};

fn part(path: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("read part");
    Some(text)
}

fn rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).expect("calamine opens it");
    let range = book.worksheet_range(sheet).expect("sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_blank_sheet_has_a_row_per_customer_drop_downs_and_a_locked_header_and_reimports_without_mapping(
) {
    let (dir, mut store) = temp_store();
    let mut ada = person("Ada Lovelace");
    ada.emails = vec![email("ada@example.com")];
    ada.tags = vec!["vip".into()];
    let ada = store.add_contact(&ada).expect("ada");
    let mut bob = person("Bob Stone");
    bob.tags = vec!["VIP".into()];
    let bob = store.add_contact(&bob).expect("bob");
    store.add_contact(&person("Carl Other")).expect("carl");
    let invitees = store.survey_invitees(Some("vip")).expect("invitees");
    assert_eq!(invitees.len(), 2);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let path = dir.path().join("blank.xlsx");
    template_book(&invitees, "Corner Bakery", day)
        .expect("book")
        .save(&path)
        .expect("save");

    let sheet = rows(&path, "Survey");
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(header, TEMPLATE_HEADERS);
    assert_eq!(sheet.len(), 3, "header + one row per tagged customer");
    assert_eq!(number(&sheet[1][0]) as i64, ada);
    assert_eq!(text(&sheet[2][1]), "Bob Stone");
    let xml = part(&path, "xl/worksheets/sheet1.xml").expect("sheet xml");
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("\"1,2,3,4,5\""), "1–5 drop-down");
    assert!(xml.contains("\"0,1,2,3,4,5,6,7,8,9,10\""), "0–10 drop-down");

    // The owner fills two answers in; the import needs no mapping and matches by contact id
    // (Bob has no email).
    let filled = dir.path().join("filled.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in TEMPLATE_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, (id, name, mail)) in invitees.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *id as f64).expect("id");
        ws.write_string(r, 1, name).expect("name");
        if let Some(m) = mail {
            ws.write_string(r, 2, m).expect("mail");
        }
    }
    ws.write_number(2, 4, 2).expect("csat");
    ws.write_number(2, 5, 3).expect("nps");
    ws.write_string(2, 6, "Slow to reply").expect("comment");
    book.save(&filled).expect("save filled");
    let report = store
        .import_survey_file(
            &filled,
            &ImportOptions {
                name: "Filled".into(),
                ..ImportOptions::default()
            },
        )
        .expect("import");
    assert_eq!(report.mapping.tool, Tool::Rapport);
    assert_eq!((report.responses, report.matched), (1, 1));
    let r = store
        .survey_report(report.survey_id.expect("id"))
        .expect("report");
    assert_eq!(r.invited, Some(2));
    assert_eq!(r.response_rate, Some(50.0));
    assert_eq!(r.low_scores[0].contact_id, Some(bob));
    assert_eq!((r.csat, r.nps), (Some(0.0), Some(-100.0)));
}

#[test]
fn the_results_workbook_has_the_figures_flags_tables_charts_and_comments_as_text() {
    let (dir, mut store) = temp_store();
    let text_file = "Email,Date,How likely are you to recommend us? (0-10),Overall satisfaction (1-5),Comments\n\
                     a@example.com,2026-01-05,10,5,Lovely\n\
                     b@example.com,2026-01-06,2,1,\"=HYPERLINK(\"\"http://x\"\",\"\"too expensive\"\")\"\n\
                     c@example.com,2026-01-07,5,2,Delivery was late\n\
                     d@example.com,2026-01-08,9,4,\n";
    let table = rapport::surveys::read_bytes("jan.csv", text_file.as_bytes()).expect("read");
    let imported = store
        .import_survey_table(
            &table,
            &ImportOptions {
                name: "January".into(),
                ..ImportOptions::default()
            },
        )
        .expect("import");
    let report = store
        .survey_report(imported.survey_id.expect("id"))
        .expect("report");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let path = dir.path().join("results.xlsx");
    survey_book(&report, "Corner Bakery", day)
        .expect("book")
        .save(&path)
        .expect("save");

    let book = open_workbook_auto(&path).expect("open");
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Attributes", "Pareto", "Comments"]
    );
    let summary = rows(&path, "Summary");
    let find = |label: &str| {
        summary
            .iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("row {label}"))
            .clone()
    };
    assert_eq!(number(&find("Responses")[1]), 4.0);
    assert_eq!(number(&find("CSAT % (4 or 5 of 5)")[1]), 50.0);
    assert_eq!(
        text(&find("CSAT % (4 or 5 of 5)")[3]),
        "too small to act on"
    );
    assert_eq!(number(&find("NPS")[1]), 0.0);
    assert_eq!(number(&find("Promoters (9–10)")[1]), 2.0);
    assert_eq!(number(&find("Detractors (0–6)")[1]), 2.0);

    let pareto = rows(&path, "Pareto");
    let causes: Vec<(String, f64, String)> = pareto[1..]
        .iter()
        .filter(|r| !text(&r[0]).is_empty())
        .map(|r| (text(&r[0]), number(&r[3]), text(&r[4])))
        .collect();
    assert_eq!(
        causes,
        [
            ("Price".to_string(), 50.0, "yes".to_string()),
            ("Speed and delays".to_string(), 100.0, "yes".to_string())
        ]
    );
    let comments = rows(&path, "Comments");
    let formula_text = comments
        .iter()
        .find(|r| text(&r[7]).contains("HYPERLINK"))
        .expect("the comment");
    assert_eq!(
        text(&formula_text[7]),
        "=HYPERLINK(\"http://x\",\"too expensive\")"
    );
    let sheet4 = part(&path, "xl/worksheets/sheet4.xml").expect("comments xml");
    assert!(!sheet4.contains("<f>"), "no cell is a formula");

    let charts: Vec<String> = (1..=3)
        .filter_map(|i| part(&path, &format!("xl/charts/chart{i}.xml")))
        .collect();
    assert_eq!(charts.len(), 3, "distribution, NPS split, Pareto");
    assert!(charts.iter().any(|c| c.contains("<c:pieChart>")));
    assert!(charts
        .iter()
        .any(|c| c.contains("<c:barChart>") && c.contains("<c:lineChart>")));
}
