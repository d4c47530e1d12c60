//! The shared workbook writer (`rapport::export`), read back by an independent reader (calamine).

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use rapport::export::{Book, Cell, Column, Kind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

#[test]
fn a_table_sheet_reads_back_with_text_dates_and_numbers_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.xlsx");
    let mut book = Book::new("Kim & Co", d(2026, 11, 24));
    let columns = [
        Column::new("Name", Kind::Text),
        Column::new("Since", Kind::Date),
        Column::new("Open", Kind::Integer),
        Column::new("Notes", Kind::LongText),
    ];
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1 555 0100",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ];
    let rows: Vec<Vec<Cell>> = hostile
        .iter()
        .enumerate()
        .map(|(i, h)| {
            vec![
                Cell::from(*h),
                Cell::from(d(2020, 2, 29)),
                Cell::from(i as i64),
                Cell::from(None::<String>),
            ]
        })
        .collect();
    let range = book
        .table_sheet("Contacts", &columns, rows.len(), rows.clone())
        .expect("table");
    assert_eq!((range.first_data_row, range.last_data_row), (1, 6));
    book.table_sheet("Empty", &columns, 0, Vec::new())
        .expect("empty table");
    book.save(&path).expect("save");

    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    assert_eq!(wb.sheet_names(), vec!["Contacts", "Empty"]);
    wb.load_tables().expect("tables");
    assert_eq!(wb.table_names(), vec!["Table1"]);
    let sheet = wb.worksheet_range("Contacts").expect("sheet");
    let header: Vec<String> = (0..4)
        .map(|c| sheet.get((0, c)).expect("header").to_string())
        .collect();
    assert_eq!(header, ["Name", "Since", "Open", "Notes"]);
    for (i, h) in hostile.iter().enumerate() {
        let r = i + 1;
        assert_eq!(
            sheet.get((r, 0)),
            Some(&Data::String(h.to_string())),
            "row {r}"
        );
        let since = sheet.get((r, 1)).expect("date cell");
        assert!(since.is_datetime(), "row {r}: {since:?} is a real date");
        assert_eq!(since.as_datetime().map(|t| t.date()), Some(d(2020, 2, 29)));
        assert_eq!(sheet.get((r, 2)), Some(&Data::Float(i as f64)));
    }
    // No cell anywhere is a formula.
    let formulas = wb.worksheet_formula("Contacts").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "user text became a formula"
    );
    let empty = wb.worksheet_range("Empty").expect("empty sheet");
    assert_eq!(empty.get((0, 0)), Some(&Data::String("Name".into())));
    assert_eq!(
        empty.get((1, 0)),
        Some(&Data::String("Nothing to show.".into()))
    );
}

#[test]
fn a_streaming_book_writes_many_rows_and_leaves_no_temp_file_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.xlsx");
    let mut book = Book::new("Shop", d(2026, 1, 31)).streaming();
    let columns = [
        Column::new("Id", Kind::Integer),
        Column::new("Due", Kind::Date),
    ];
    let n = 20_000;
    book.table_sheet(
        "Rows",
        &columns,
        n,
        (0..n).map(|i| vec![Cell::Int(i as i64), Cell::Date(d(2026, 1, 1))]),
    )
    .expect("table");
    book.save(&path).expect("save");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("big.xlsx")]);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let sheet = wb.worksheet_range("Rows").expect("sheet");
    assert_eq!(sheet.height(), n + 1);
    assert_eq!(sheet.get((n, 0)), Some(&Data::Float((n - 1) as f64)));
}

#[test]
fn announcing_the_wrong_number_of_rows_is_an_error_and_writes_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = Book::new("Shop", d(2026, 1, 31));
    let columns = [Column::new("Id", Kind::Integer)];
    let err = book
        .table_sheet("Rows", &columns, 3, (0..2).map(|i| vec![Cell::Int(i)]))
        .expect_err("2 rows for 3 announced");
    assert!(err.to_string().contains("Rows"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}
