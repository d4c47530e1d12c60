//! The other workbooks and their CSV twins: the issue report (every issue with its history count,
//! filterable), the contact list, and the minutes of one meeting. Rows are passed in; CSV cells go
//! through [`super::csv_cell`].

use chrono::NaiveDate;
use rust_xlsxwriter::Format;

use super::meeting_pack::NotesBlock;
use super::sheet::xlsx;
use super::{csv_cell, Book, Cell, Column, Kind};
use crate::error::{Error, Result};

/// One issue in the issue report.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueReportRow {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub category: Option<String>,
    pub priority: String,
    pub status: String,
    pub owner: Option<String>,
    pub customer_owner: Option<String>,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    pub days_overdue: i64,
    pub closed: Option<NaiveDate>,
    pub closed_how: Option<String>,
    pub satisfaction: Option<i64>,
    pub history_events: i64,
    pub broken_promises: i64,
}

pub fn issue_report_columns() -> Vec<Column> {
    vec![
        Column::new("Issue", Kind::Integer),
        Column::new("Customer", Kind::Text),
        Column::new("Title", Kind::LongText),
        Column::new("Category", Kind::Text),
        Column::new("Priority", Kind::Text),
        Column::new("Status", Kind::Text),
        Column::new("Owner", Kind::Text),
        Column::new("Customer-side owner", Kind::Text),
        Column::new("Opened", Kind::Date),
        Column::new("Due", Kind::Date),
        Column::new("Days overdue", Kind::Integer),
        Column::new("Closed", Kind::Date),
        Column::new("Closed how", Kind::Text),
        Column::new("Satisfaction", Kind::Integer),
        Column::new("History events", Kind::Integer),
        Column::new("Broken promises", Kind::Integer),
    ]
}

fn issue_cells(r: IssueReportRow) -> Vec<Cell> {
    vec![
        Cell::Int(r.id),
        Cell::Text(r.customer),
        Cell::Text(r.title),
        Cell::from(r.category),
        Cell::Text(r.priority),
        Cell::Text(r.status.replace('_', " ")),
        Cell::from(r.owner),
        Cell::from(r.customer_owner),
        Cell::Date(r.opened),
        Cell::from(r.due),
        // Blank unless overdue, as on the meeting pack.
        if r.days_overdue > 0 {
            Cell::Int(r.days_overdue)
        } else {
            Cell::Empty
        },
        Cell::from(r.closed),
        Cell::from(r.closed_how),
        Cell::from(r.satisfaction),
        Cell::Int(r.history_events),
        Cell::Int(r.broken_promises),
    ]
}

/// The issue report as one filterable table, overdue rows highlighted.
pub fn write_issue_report(
    book: &mut Book,
    count: usize,
    rows: impl IntoIterator<Item = IssueReportRow>,
) -> Result<()> {
    let range = book.table_sheet(
        "Issues",
        &issue_report_columns(),
        count,
        rows.into_iter().map(issue_cells),
    )?;
    if !range.is_empty() {
        let rule = rust_xlsxwriter::ConditionalFormatFormula::new()
            .set_rule("=$K2>0")
            .set_format(
                Format::new()
                    .set_background_color("#FFC7CE")
                    .set_font_color("#9C0006"),
            );
        book.worksheet("Issues")?
            .add_conditional_format(
                range.first_data_row,
                0,
                range.last_data_row,
                range.columns - 1,
                &rule,
            )
            .map_err(xlsx)?;
    }
    Ok(())
}

/// One contact in the contact list.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub organization: Option<String>,
    pub job_title: Option<String>,
    pub emails: String,
    pub phones: String,
    pub city: Option<String>,
    pub tags: String,
    pub customer_since: Option<NaiveDate>,
    pub renewal: Option<NaiveDate>,
    pub last_contacted: Option<NaiveDate>,
}

pub fn contact_columns() -> Vec<Column> {
    vec![
        Column::new("Id", Kind::Integer),
        Column::new("Name", Kind::Text),
        Column::new("Kind", Kind::Text),
        Column::new("Organisation", Kind::Text),
        Column::new("Job title", Kind::Text),
        Column::new("Emails", Kind::Text),
        Column::new("Phones", Kind::Text),
        Column::new("City", Kind::Text),
        Column::new("Tags", Kind::Text),
        Column::new("Customer since", Kind::Date),
        Column::new("Renewal", Kind::Date),
        Column::new("Last contacted", Kind::Date),
    ]
}

fn contact_cells(r: ContactRow) -> Vec<Cell> {
    vec![
        Cell::Int(r.id),
        Cell::Text(r.name),
        Cell::Text(r.kind),
        Cell::from(r.organization),
        Cell::from(r.job_title),
        Cell::Text(r.emails),
        Cell::Text(r.phones),
        Cell::from(r.city),
        Cell::Text(r.tags),
        Cell::from(r.customer_since),
        Cell::from(r.renewal),
        Cell::from(r.last_contacted),
    ]
}

pub fn write_contact_list(
    book: &mut Book,
    count: usize,
    rows: impl IntoIterator<Item = ContactRow>,
) -> Result<()> {
    book.table_sheet(
        "Contacts",
        &contact_columns(),
        count,
        rows.into_iter().map(contact_cells),
    )?;
    Ok(())
}

/// A cell as CSV text: dates ISO, numbers plain, text neutralised.
fn csv_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => csv_cell(s),
        Cell::Int(n) => n.to_string(),
        Cell::Number(n) => n.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

fn write_csv(
    out: &mut impl std::io::Write,
    columns: &[Column],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let io = |e: csv::Error| Error::Conflict(format!("the CSV could not be written: {e}"));
    w.write_record(columns.iter().map(|c| c.header.as_str()))
        .map_err(io)?;
    for row in rows {
        w.write_record(row.iter().map(csv_text)).map_err(io)?;
    }
    w.flush()
        .map_err(|e| Error::Conflict(format!("the CSV could not be written: {e}")))?;
    Ok(())
}

/// The issue report as CSV (UTF-8 with a BOM, so Excel reads the accents right).
pub fn issue_report_csv(
    out: &mut impl std::io::Write,
    rows: impl IntoIterator<Item = IssueReportRow>,
) -> Result<()> {
    out.write_all(b"\xEF\xBB\xBF")
        .map_err(|e| Error::io("the CSV", e))?;
    write_csv(
        out,
        &issue_report_columns(),
        rows.into_iter().map(issue_cells),
    )
}

pub fn contact_list_csv(
    out: &mut impl std::io::Write,
    rows: impl IntoIterator<Item = ContactRow>,
) -> Result<()> {
    out.write_all(b"\xEF\xBB\xBF")
        .map_err(|e| Error::io("the CSV", e))?;
    write_csv(out, &contact_columns(), rows.into_iter().map(contact_cells))
}

/// One action item in the minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct MinutesAction {
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// The minutes of one meeting: a first sheet with the meeting, its poll, notes and agenda (with
/// the update lines), and an Action items table.
pub fn write_minutes(
    book: &mut Book,
    meeting: &NotesBlock,
    actions: &[MinutesAction],
) -> Result<()> {
    let f = book.formats();
    let ws = book.sheet("Minutes")?;
    super::meeting_pack::write_meeting_block(
        ws,
        &f,
        &format!("Minutes — {}", meeting.customer),
        meeting,
    )?;
    let columns = [
        Column::new("Action", Kind::LongText),
        Column::new("Owner", Kind::Text),
        Column::new("Due", Kind::Date),
        Column::new("Done", Kind::Text),
    ];
    let rows = actions.iter().map(|a| {
        vec![
            Cell::Text(a.text.clone()),
            Cell::Text(a.owner.clone()),
            Cell::from(a.due),
            Cell::Text(if a.done { "yes" } else { "no" }.into()),
        ]
    });
    book.table_sheet("Action items", &columns, actions.len(), rows)?;
    Ok(())
}
