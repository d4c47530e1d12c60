//! Every workbook Rapport writes (meeting pack, issue report, contact list, minutes) and the CSV
//! twins, read back by an independent reader (calamine): sheet names, headers, values, real dates,
//! and a formula-injection table that must stay inert in xlsx and CSV.
//!
//! With `RAPPORT_WORKBOOK_PYTHON` set to a python that has openpyxl, the same files also go
//! through `scripts/check-workbooks.py` (charts, tables, frozen panes, conditional formats; with
//! LibreOffice installed, a PDF and one page image per kind under `target/workbook-pages/`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, DataType, Range, Reader, Xlsx};
use chrono::{NaiveDate, Utc};
use common::{fixed_now, person, temp_store};
use rapport::contacts::{ContactInput, ContactKind};
use rapport::issues::{AsOf, ClosedHow, IssueInput, Priority};
use rapport::meetings::{ActionInput, Cadence, MeetingInput, PersonRef};
use rapport::Store;

/// What a spreadsheet would run, each of = + - @ tab CR.
const HOSTILE: [&str; 6] = [
    "=HYPERLINK(\"http://evil.invalid\",\"click\")",
    "+1 555 0100",
    "-2+3 oven",
    "@SUM(A1:A9)",
    "\t=1+1 tab",
    "\r=1+1 cr",
];

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn as_of() -> AsOf {
    AsOf::new(fixed_now(), &Utc)
}

struct Sample {
    bakery: i64,
    meeting: i64,
    hostile_customers: Vec<i64>,
}

/// A small shop's data: a customer with issues in every state, two meetings (a poll, action items,
/// an update line), and six customers whose names and issue titles are formula-like.
fn sample(store: &mut Store) -> Sample {
    let bakery = store
        .add_contact(&ContactInput {
            kind: Some(ContactKind::Organization),
            ..person("Corner Bakery")
        })
        .expect("bakery");
    let ada = store
        .add_contact(&ContactInput {
            organization: Some("Corner Bakery".into()),
            ..person("Ada Baker")
        })
        .expect("ada");
    let sam = store.add_team_member("Sam Patel", None).expect("sam");
    let kim = store.add_team_member("Kim Lee", None).expect("kim");
    let add = |store: &mut Store, title: &str, owner: i64, due: Option<&str>, p: Priority| {
        store
            .add_issue(&IssueInput {
                customer_id: bakery,
                title: title.into(),
                owner_id: Some(owner),
                customer_owner_id: Some(ada),
                due: due.map(str::to_string),
                priority: p,
                ..Default::default()
            })
            .expect("issue")
    };
    let oven = add(
        store,
        "Oven door does not seal",
        sam,
        Some("2026-11-20"),
        Priority::High,
    );
    add(
        store,
        "Receipt printer jams",
        kim,
        Some("2026-11-26"),
        Priority::Normal,
    );
    add(
        store,
        "New till for the front",
        sam,
        Some("2026-12-15"),
        Priority::Low,
    );
    add(store, "Wi-Fi in the back room", kim, None, Priority::Normal);
    let done1 = add(
        store,
        "Fridge light",
        kim,
        Some("2026-11-01"),
        Priority::Low,
    );
    let done2 = add(
        store,
        "Card reader",
        sam,
        Some("2026-11-02"),
        Priority::Urgent,
    );
    store
        .close_issue(done1, ClosedHow::Confirmed, Some(5), None)
        .expect("close");
    store
        .close_issue(done2, ClosedHow::Unconfirmed, None, None)
        .expect("close");
    store
        .add_meeting(&MeetingInput {
            customer_id: Some(bakery),
            at: "2026-11-10T10:00:00Z".into(),
            attendees: vec![PersonRef::team(sam), PersonRef::contact(ada)],
            happiness: Some(3),
            happiness_why: Some("the oven is still not fixed".into()),
            ..Default::default()
        })
        .expect("first meeting");
    let meeting = store
        .add_meeting(&MeetingInput {
            customer_id: Some(bakery),
            at: "2026-11-24T10:00:00Z".into(),
            attendees: vec![
                PersonRef::team(sam),
                PersonRef::team(kim),
                PersonRef::contact(ada),
            ],
            notes: Some(format!("Walked through the open issues.\n{}", HOSTILE[0])),
            happiness: Some(4),
            happiness_why: Some("faster replies this month".into()),
            actions: vec![
                ActionInput {
                    text: "Send the new price list".into(),
                    owner: PersonRef::team(kim),
                    due: Some("2026-11-27".into()),
                },
                ActionInput {
                    text: HOSTILE[3].into(),
                    owner: PersonRef::contact(ada),
                    due: Some("2026-12-01".into()),
                },
            ],
            cadence: Some(Cadence::Biweekly),
            ..Default::default()
        })
        .expect("meeting");
    store
        .record_issue_update(meeting, oven, "part ordered, fitting Friday")
        .expect("update");
    let mut hostile_customers = Vec::new();
    for (i, h) in HOSTILE.iter().enumerate() {
        let c = store.add_contact(&person(h)).expect("hostile contact");
        store
            .add_issue(&IssueInput {
                customer_id: c,
                title: h.to_string(),
                due: Some(format!("2026-12-{:02}", i + 1)),
                ..Default::default()
            })
            .expect("hostile issue");
        hostile_customers.push(c);
    }
    Sample {
        bakery,
        meeting,
        hostile_customers,
    }
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn header(r: &Range<Data>, row: usize) -> Vec<String> {
    (0..r.width())
        .map(|c| r.get((row, c)).map(|v| v.to_string()).unwrap_or_default())
        .collect()
}

fn column(r: &Range<Data>, name: &str) -> usize {
    header(r, 0)
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}: {:?}", header(r, 0)))
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    r.get((row, col)).map(|v| v.to_string()).unwrap_or_default()
}

fn date_at(r: &Range<Data>, row: usize, col: usize) -> Option<NaiveDate> {
    let v = r.get((row, col))?;
    assert!(v.is_datetime(), "({row}, {col}) {v:?} is a real date");
    v.as_datetime().map(|t| t.date())
}

fn no_formulas(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>) {
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "sheet {name}: a cell became a formula"
        );
    }
}

/// Writes every workbook kind into `dir`; the returned `TempDir` holds the store's data folder.
fn write_all(dir: &Path) -> (tempfile::TempDir, Store, Sample, Vec<PathBuf>) {
    let (data, mut store) = temp_store();
    let sample = sample(&mut store);
    let files = vec![
        dir.join("meeting-pack.xlsx"),
        dir.join("meeting-pack-all.xlsx"),
        dir.join("issues.xlsx"),
        dir.join("contacts.xlsx"),
        dir.join("minutes.xlsx"),
    ];
    let business = "Kim & Sam's Repairs";
    store
        .export_meeting_pack(&files[0], Some(sample.bakery), &as_of(), business)
        .expect("pack");
    store
        .export_meeting_pack(&files[1], None, &as_of(), business)
        .expect("pack for all");
    store
        .export_issues(&files[2], &as_of(), business)
        .expect("issues");
    store
        .export_contact_list(&files[3], &as_of(), business)
        .expect("contacts");
    store
        .export_minutes(sample.meeting, &files[4], &as_of(), business)
        .expect("minutes");
    (data, store, sample, files)
}

#[test]
fn the_meeting_pack_for_one_customer_reads_back_sheet_by_sheet() {
    let dir = tempfile::tempdir().expect("dir");
    let (_data, _store, _sample, files) = write_all(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&files[0]).expect("open pack");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Open issues",
            "Timeline",
            "Action items",
            "Meeting notes",
            "Workload"
        ]
    );
    let summary = sheet(&mut wb, "Summary");
    assert_eq!(text(&summary, 0, 0), "Status meeting pack — Corner Bakery");
    assert_eq!(date_at(&summary, 1, 1), Some(d("2026-11-24")));
    let figure = |name: &str| -> f64 {
        (0..summary.height())
            .find(|r| text(&summary, *r, 0).starts_with(name))
            .and_then(|r| summary.get((r, 1)).and_then(|v| v.as_f64()))
            .unwrap_or_else(|| panic!("figure {name}"))
    };
    assert_eq!(figure("Open issues"), 4.0);
    assert_eq!(figure("Overdue"), 1.0);
    assert_eq!(figure("Due this week"), 1.0); // the printer, due Thursday 26 Nov
    assert_eq!(figure("Closed with the customer's confirmation"), 0.5);
    assert_eq!(figure("Happiness"), 4.0);

    let open = sheet(&mut wb, "Open issues");
    assert_eq!(
        header(&open, 0),
        [
            "Owner",
            "Due",
            "Days overdue",
            "Priority",
            "Issue",
            "Title",
            "Customer",
            "Customer-side owner",
            "Status",
            "Last update",
            "Latest note"
        ]
    );
    assert_eq!(open.height(), 5);
    // By owner (Kim before Sam), then due date (none last).
    let owners: Vec<String> = (1..5).map(|r| text(&open, r, 0)).collect();
    assert_eq!(owners, ["Kim Lee", "Kim Lee", "Sam Patel", "Sam Patel"]);
    let oven = (1..5)
        .find(|r| text(&open, *r, 5) == "Oven door does not seal")
        .expect("oven row");
    assert_eq!(date_at(&open, oven, 1), Some(d("2026-11-20")));
    assert_eq!(open.get((oven, 2)), Some(&Data::Float(4.0)));
    assert_eq!(text(&open, oven, 7), "Ada Baker");
    assert_eq!(
        text(&open, oven, 10),
        "Status meeting 24 Nov 2026: part ordered, fitting Friday"
    );
    assert_eq!(date_at(&open, oven, 9), Some(d("2026-11-24")));
    assert_eq!(text(&open, 2, 1), ""); // Kim's undated Wi-Fi issue, last of Kim's

    let timeline = sheet(&mut wb, "Timeline");
    assert_eq!(
        header(&timeline, 0)[..6],
        ["Issue", "Customer", "Title", "Owner", "Opened", "Due"]
    );
    // Week columns are real dates, Mondays.
    let first_week = date_at(&timeline, 0, 6).expect("week");
    assert_eq!(first_week, d("2026-10-26"));
    assert_eq!(timeline.height(), 4); // three issues have a due date
    assert_eq!(date_at(&timeline, 1, 5), Some(d("2026-11-20")));

    let actions = sheet(&mut wb, "Action items");
    assert_eq!(
        text(&actions, 1, column(&actions, "Action")),
        "Send the new price list"
    );
    assert_eq!(
        text(&actions, 2, column(&actions, "Action")),
        HOSTILE[3],
        "formula-like action text stays text"
    );
    assert_eq!(
        date_at(&actions, 1, column(&actions, "Due")),
        Some(d("2026-11-27"))
    );

    let notes = sheet(&mut wb, "Meeting notes");
    let all: Vec<String> = (0..notes.height()).map(|r| text(&notes, r, 1)).collect();
    assert!(
        all.iter()
            .any(|t| t == "4 of 5 — faster replies this month"),
        "{all:?}"
    );
    assert!(all.iter().any(|t| t.ends_with(HOSTILE[0])), "{all:?}");
    assert!(
        all.iter().any(|t| t == "part ordered, fitting Friday"),
        "{all:?}"
    );

    let workload = sheet(&mut wb, "Workload");
    assert_eq!(
        header(&workload, 0),
        [
            "Owner",
            "Open",
            "Overdue",
            "Due this week",
            "Urgent or high"
        ]
    );
    assert_eq!(text(&workload, 1, 0), "Kim Lee");
    assert_eq!(workload.get((1, 1)), Some(&Data::Float(2.0)));
    assert_eq!(text(&workload, 2, 0), "Sam Patel");
    assert_eq!(workload.get((2, 2)), Some(&Data::Float(1.0)));
    no_formulas(&mut wb);
    wb.load_tables().expect("tables");
    let mut tables = wb.table_names();
    tables.sort();
    assert_eq!(
        tables.len(),
        3,
        "Open issues, Action items, Workload: {tables:?}"
    );
}

#[test]
fn the_pack_for_all_customers_and_the_other_workbooks_read_back() {
    let dir = tempfile::tempdir().expect("dir");
    let (_data, store, sample, files) = write_all(dir.path());
    let mut all: Xlsx<_> = open_workbook(&files[1]).expect("pack for all");
    let open = sheet(&mut all, "Open issues");
    assert_eq!(open.height(), 1 + 4 + HOSTILE.len());
    assert_eq!(
        text(&sheet(&mut all, "Summary"), 0, 0),
        "Status meeting pack — All customers"
    );

    let mut issues: Xlsx<_> = open_workbook(&files[2]).expect("issues");
    assert_eq!(issues.sheet_names(), vec!["Issues"]);
    let r = sheet(&mut issues, "Issues");
    assert_eq!(r.height(), 1 + 6 + HOSTILE.len());
    let events = column(&r, "History events");
    let title = column(&r, "Title");
    let oven = (1..r.height())
        .find(|row| text(&r, *row, title) == "Oven door does not seal")
        .expect("oven");
    // opened + the meeting's comment.
    assert_eq!(r.get((oven, events)), Some(&Data::Float(2.0)));
    assert_eq!(
        date_at(&r, oven, column(&r, "Opened")),
        Some(d("2026-11-24"))
    );
    let closed = column(&r, "Closed how");
    assert!((1..r.height()).any(|row| text(&r, row, closed) == "confirmed"));

    let mut contacts: Xlsx<_> = open_workbook(&files[3]).expect("contacts");
    let c = sheet(&mut contacts, "Contacts");
    let live = store.all_contacts().expect("contacts").len();
    assert_eq!(c.height(), 1 + live);
    assert_eq!(header(&c, 0)[..3], ["Id", "Name", "Kind"]);

    let mut minutes: Xlsx<_> = open_workbook(&files[4]).expect("minutes");
    assert_eq!(minutes.sheet_names(), vec!["Minutes", "Action items"]);
    let m = sheet(&mut minutes, "Minutes");
    assert_eq!(text(&m, 0, 0), "Minutes — Corner Bakery");
    let held = (0..m.height())
        .find(|row| text(&m, *row, 0) == "Held")
        .expect("held");
    let t = m.get((held, 1)).expect("held cell");
    assert!(t.is_datetime());
    assert_eq!(
        t.as_datetime().map(|t| t.to_string()),
        Some("2026-11-24 10:00:00".to_string())
    );
    let next = (0..m.height())
        .find(|row| text(&m, *row, 0) == "Next meeting")
        .expect("next");
    assert_eq!(date_at(&m, next, 1), Some(d("2026-12-08")));
    let a = sheet(&mut minutes, "Action items");
    assert_eq!(a.height(), 3);
    let _ = sample.hostile_customers;
}

#[test]
fn formula_like_text_stays_inert_in_every_xlsx_and_csv() {
    let dir = tempfile::tempdir().expect("dir");
    let (_data, store, _sample, files) = write_all(dir.path());
    for file in &files {
        let mut wb: Xlsx<_> = open_workbook(file).expect("open");
        no_formulas(&mut wb);
    }
    // The hostile names and titles arrive as the same strings.
    let mut issues: Xlsx<_> = open_workbook(&files[2]).expect("issues");
    let r = sheet(&mut issues, "Issues");
    let (customer, title) = (column(&r, "Customer"), column(&r, "Title"));
    // Names and titles are stored trimmed, so a leading tab or CR is gone; the `=` after it stays.
    for h in HOSTILE.map(str::trim) {
        assert!(
            (1..r.height()).any(
                |row| r.get((row, customer)) == Some(&Data::String(h.into()))
                    && r.get((row, title)) == Some(&Data::String(h.into()))
            ),
            "{h:?} in the issue report"
        );
    }
    let mut contacts: Xlsx<_> = open_workbook(&files[3]).expect("contacts");
    let c = sheet(&mut contacts, "Contacts");
    for h in HOSTILE.map(str::trim) {
        assert!(
            (1..c.height()).any(|row| c.get((row, 1)) == Some(&Data::String(h.into()))),
            "{h:?} in the contact list"
        );
    }
    // CSV: each such cell starts with an apostrophe; read back by a CSV reader.
    let csv_issues = dir.path().join("issues.csv");
    let csv_contacts = dir.path().join("contacts.csv");
    store
        .export_issues(&csv_issues, &as_of(), "Shop")
        .expect("issues csv");
    store
        .export_contact_list(&csv_contacts, &as_of(), "Shop")
        .expect("contacts csv");
    for (path, col) in [(&csv_issues, "Title"), (&csv_contacts, "Name")] {
        let bytes = std::fs::read(path).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
        let mut rd = csv::Reader::from_reader(&bytes[3..]);
        let headers = rd.headers().expect("headers").clone();
        let i = headers.iter().position(|h| h == col).expect("column");
        let cells: Vec<String> = rd
            .records()
            .map(|r| r.expect("record")[i].to_string())
            .collect();
        for h in HOSTILE.map(str::trim) {
            assert!(
                cells.contains(&format!("'{h}")),
                "{}: {h:?} not neutralised in {cells:?}",
                path.display()
            );
        }
        assert!(cells
            .iter()
            .all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])));
    }
    let err = store
        .export_issues(&dir.path().join("issues.txt"), &as_of(), "Shop")
        .expect_err("txt");
    assert_eq!(err.field(), Some("out"));
    let err = store
        .export_minutes(999, &dir.path().join("m.xlsx"), &as_of(), "Shop")
        .expect_err("no meeting");
    assert!(err.to_string().contains("999"), "{err}");
    assert!(!dir.path().join("m.xlsx").exists());
}

#[test]
fn a_large_pack_streams_and_reads_back() {
    let dir = tempfile::tempdir().expect("dir");
    let (_tmp, mut store) = temp_store();
    store
        .add_contacts(&rapport::dev::sample_contacts(300, 7))
        .expect("contacts");
    rapport::dev::seed_issues(&mut store, 14_000, 300, 7).expect("issues");
    let out = dir.path().join("big.xlsx");
    let counts = store
        .export_meeting_pack(&out, None, &as_of(), "Shop")
        .expect("pack");
    assert!(
        counts.rows as usize >= rapport::reports::STREAM_FROM_ROWS,
        "{counts:?}"
    );
    assert!(counts.streamed);
    let mut wb: Xlsx<_> = open_workbook(&out).expect("open");
    let open = sheet(&mut wb, "Open issues");
    assert_eq!(open.height(), counts.rows as usize + 1);
    let timeline = sheet(&mut wb, "Timeline");
    assert!(timeline.height() > 1);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no temp file left"
    );
}

#[test]
fn openpyxl_and_libreoffice_read_every_workbook_kind() {
    let Ok(py) = std::env::var("RAPPORT_WORKBOOK_PYTHON") else {
        println!(
            "SKIPPED: openpyxl_and_libreoffice_read_every_workbook_kind: set RAPPORT_WORKBOOK_PYTHON \
             to a python with openpyxl (scripts/test makes one in target/workbook-venv)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let (_data, _store, _sample, mut files) = write_all(dir.path());
    // An empty pack too (no issues, no meetings): every sheet says so and is still well formed.
    let (_empty_dir, empty) = temp_store();
    let empty_pack = dir.path().join("meeting-pack-empty.xlsx");
    empty
        .export_meeting_pack(&empty_pack, None, &as_of(), "Shop")
        .expect("empty pack");
    files.push(empty_pack);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pages = std::env::var("RAPPORT_WORKBOOK_PAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| root.join("target"))
                .join("workbook-pages")
        });
    let out = Command::new(py)
        .arg(root.join("scripts/check-workbooks.py"))
        .arg("--pages")
        .arg(&pages)
        .args(&files)
        .output()
        .expect("run check-workbooks.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "check-workbooks.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("meeting-pack.xlsx: ok"), "{stdout}");
    assert!(stdout.contains("meeting-pack-empty.xlsx: ok"), "{stdout}");
}

/// Stops after `stop_after` progress reports, keeping every report it was given.
struct StopAfter {
    stop_after: usize,
    seen: Vec<rapport::reports::ExportProgress>,
}

impl rapport::reports::ExportWatch for StopAfter {
    fn progress(&mut self, progress: rapport::reports::ExportProgress) {
        self.seen.push(progress);
    }
    fn cancelled(&self) -> bool {
        self.seen.len() > self.stop_after
    }
}

#[test]
fn a_cancelled_pack_leaves_no_file_and_an_earlier_one_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let (_tmp, mut store) = temp_store();
    store
        .add_contacts(&rapport::dev::sample_contacts(50, 7))
        .expect("contacts");
    rapport::dev::seed_issues(&mut store, 6_000, 50, 7).expect("issues");
    let out = dir.path().join("pack.xlsx");
    std::fs::write(&out, b"the earlier pack").expect("earlier file");

    // Stopped after the third report: well inside the rows.
    let mut watch = StopAfter {
        stop_after: 3,
        seen: Vec::new(),
    };
    let err = store
        .export_meeting_pack_watched(&out, None, &as_of(), "Shop", &mut watch)
        .expect_err("cancelled");
    assert_eq!(err.code(), "cancelled", "{err}");
    assert_eq!(
        std::fs::read(&out).expect("earlier file"),
        b"the earlier pack",
        "the earlier file was replaced by a cancelled export"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "a temp file was left behind"
    );
    let last = watch.seen.last().expect("reports");
    assert!(last.done > 0 && last.done < last.total, "{:?}", watch.seen);

    // Not stopped: reports climb to the total and the file is a workbook.
    let mut watch = StopAfter {
        stop_after: usize::MAX,
        seen: Vec::new(),
    };
    let fresh = dir.path().join("fresh.xlsx");
    let counts = store
        .export_meeting_pack_watched(&fresh, None, &as_of(), "Shop", &mut watch)
        .expect("pack");
    let first = watch.seen.first().expect("first report");
    let last = watch.seen.last().expect("last report");
    assert_eq!(first.done, 0);
    assert_eq!(last.done, last.total);
    assert!(
        last.total as usize >= counts.rows as usize,
        "{last:?} {counts:?}"
    );
    assert!(watch.seen.windows(2).all(|w| w[0].done <= w[1].done));
    let mut wb: Xlsx<_> = open_workbook(&fresh).expect("open");
    assert_eq!(
        sheet(&mut wb, "Open issues").height(),
        counts.rows as usize + 1
    );
}

/// The issue report and the contact list, in both formats, stop the same way: no file (an earlier
/// one of that name kept), no temp file; not stopped, they report up to the total.
#[test]
fn cancelled_issue_reports_and_contact_lists_leave_no_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (_tmp, mut store) = temp_store();
    store
        .add_contacts(&rapport::dev::sample_contacts(4_000, 7))
        .expect("contacts");
    rapport::dev::seed_issues(&mut store, 4_000, 4_000, 7).expect("issues");
    type Export = fn(
        &rapport::Store,
        &std::path::Path,
        &rapport::issues::AsOf,
        &str,
        &mut dyn rapport::reports::ExportWatch,
    ) -> rapport::Result<rapport::reports::ExportCounts>;
    let exports: [(&str, Export); 2] = [
        ("issues", rapport::Store::export_issues_watched),
        ("contacts", rapport::Store::export_contact_list_watched),
    ];
    for (what, export) in exports {
        for ext in ["xlsx", "csv"] {
            let out = dir.path().join(format!("{what}.{ext}"));
            std::fs::write(&out, b"the earlier file").expect("earlier file");
            let mut watch = StopAfter {
                stop_after: 2,
                seen: Vec::new(),
            };
            let err = export(&store, &out, &as_of(), "Shop", &mut watch).expect_err("cancelled");
            assert_eq!(err.code(), "cancelled", "{what}.{ext}: {err}");
            assert_eq!(
                std::fs::read(&out).expect("earlier file"),
                b"the earlier file",
                "{what}.{ext}: replaced by a cancelled export"
            );
            let last = watch.seen.last().expect("reports");
            assert!(
                last.done > 0 && last.done < last.total,
                "{what}.{ext}: {:?}",
                watch.seen
            );

            let fresh = dir.path().join(format!("fresh-{what}.{ext}"));
            let mut watch = StopAfter {
                stop_after: usize::MAX,
                seen: Vec::new(),
            };
            let counts = export(&store, &fresh, &as_of(), "Shop", &mut watch).expect(what);
            let last = watch.seen.last().expect("last report");
            assert_eq!(
                (last.done, last.total),
                (counts.rows, counts.rows),
                "{what}.{ext}"
            );
            std::fs::remove_file(&fresh).expect("remove");
            std::fs::remove_file(&out).expect("remove");
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "a temp file was left behind"
    );
}
