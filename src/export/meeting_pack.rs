//! The meeting pack: the workbook put on the screen in front of a customer (or read by the owner
//! for all customers). Sheets: Summary, Open issues, Timeline, Action items, Meeting notes,
//! Workload. Rows are passed in (see `crate::reports`); the two long sheets take iterators, so a
//! streaming book writes 100,000 issues without holding them.

use chrono::{Datelike, Days, NaiveDate};
use rust_xlsxwriter::{Chart, ConditionalFormatFormula, Format, FormatAlign, FormatBorder};

use super::sheet::{wrapped_lines, write_cell, xlsx, ROW_HEIGHT};
use super::{Book, Cell, Column, Kind};
use crate::error::Result;

/// The headline figures and the happiness trend.
#[derive(Debug, Clone, PartialEq)]
pub struct PackSummary {
    /// "Corner Bakery", or "All customers".
    pub scope: String,
    pub open: u64,
    pub overdue: u64,
    /// Active issues due from today to Sunday.
    pub due_this_week: u64,
    pub closed: u64,
    pub confirmed_closed: u64,
    /// Happiness answers, oldest first.
    pub happiness: Vec<HappinessRow>,
    /// SEAM (surveys): the latest CSAT / NPS as (label, score, date) when surveys exist.
    pub latest_survey: Option<(String, f64, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HappinessRow {
    pub date: NaiveDate,
    pub customer: String,
    pub score: u8,
    pub why: Option<String>,
}

/// One open issue, for the Open issues and Timeline sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenIssueRow {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub owner: Option<String>,
    pub customer_owner: Option<String>,
    pub priority: String,
    pub status: String,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    pub days_overdue: i64,
    pub last_update: NaiveDate,
    /// The latest comment in its history (an update line from a meeting, say).
    pub last_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub meeting_date: NaiveDate,
    pub customer: String,
    pub text: String,
    pub owner: String,
    /// "team" or "customer".
    pub side: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
    /// "Follow-up 12", "Issue 40" or empty.
    pub became: String,
}

/// The last meeting's notes and poll.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NotesBlock {
    pub held: Option<chrono::NaiveDateTime>,
    pub customer: String,
    pub attendees: Vec<String>,
    pub agenda: Vec<(String, Option<String>)>,
    pub notes: Option<String>,
    pub happiness: Option<u8>,
    pub why: Option<String>,
    pub next: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadRow {
    pub owner: String,
    pub open: u64,
    pub overdue: u64,
    pub due_this_week: u64,
    pub urgent_or_high: u64,
}

pub const PACK_SHEETS: [&str; 6] = [
    "Summary",
    "Open issues",
    "Timeline",
    "Action items",
    "Meeting notes",
    "Workload",
];

/// Weeks shown on the Timeline: 4 before the week of `as_of`, and 12 from it.
const WEEKS_BEFORE: u64 = 4;
const WEEKS: u16 = 17;

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

fn excel_date(d: NaiveDate) -> String {
    // DATE() keeps the formula readable and locale-free.
    format!("DATE({},{},{})", d.year(), d.month(), d.day())
}

/// Writes the whole pack into `book` (the book decides whether sheets stream).
#[allow(clippy::too_many_arguments)]
pub fn write_meeting_pack(
    book: &mut Book,
    as_of: NaiveDate,
    summary: &PackSummary,
    open_count: usize,
    open_rows: impl IntoIterator<Item = OpenIssueRow>,
    timeline_count: usize,
    timeline_rows: impl IntoIterator<Item = OpenIssueRow>,
    actions: &[ActionRow],
    notes: &NotesBlock,
    workload: &[WorkloadRow],
) -> Result<()> {
    // Only the two long sheets stream; the small ones are written in memory (any order).
    let streaming = book.is_streaming();
    book.set_streaming(false);
    write_summary(book, as_of, summary)?;
    book.set_streaming(streaming);
    write_open_issues(book, open_count, open_rows)?;
    write_timeline(book, as_of, timeline_count, timeline_rows)?;
    book.set_streaming(false);
    write_actions(book, actions)?;
    write_notes(book, notes)?;
    write_workload(book, workload)?;
    book.set_streaming(streaming);
    Ok(())
}

fn write_summary(book: &mut Book, as_of: NaiveDate, s: &PackSummary) -> Result<()> {
    let f = book.formats();
    let label = Format::new().set_align(FormatAlign::Top);
    let big = Format::new()
        .set_bold()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Center);
    let big_pct = big.clone().set_num_format("0%");
    let centred_note = f.note.clone().set_align(FormatAlign::Center);
    let left_date = f.date.clone().set_align(FormatAlign::Left);
    let ws = book.sheet("Summary")?;
    for (c, w) in [(0u16, 38.0), (1, 14.0), (2, 30.0), (3, 50.0)] {
        ws.set_column_width(c, w).map_err(xlsx)?;
    }
    ws.write_string_with_format(0, 0, format!("Status meeting pack — {}", s.scope), &f.title)
        .map_err(xlsx)?;
    ws.write_string_with_format(1, 0, "As of", &f.note)
        .map_err(xlsx)?;
    ws.write_date_with_format(1, 1, as_of, &left_date)
        .map_err(xlsx)?;
    let week_end = as_of + Days::new(u64::from(6 - as_of.weekday().num_days_from_monday()));
    let share = if s.closed == 0 {
        None
    } else {
        Some(s.confirmed_closed as f64 / s.closed as f64)
    };
    let rows: Vec<(String, Option<f64>, &Format, String)> = vec![
        (
            "Open issues".into(),
            Some(s.open as f64),
            &big,
            String::new(),
        ),
        (
            "Overdue".into(),
            Some(s.overdue as f64),
            &big,
            "past the promised date".into(),
        ),
        (
            format!("Due this week (to {})", week_end.format("%a %-d %b")),
            Some(s.due_this_week as f64),
            &big,
            String::new(),
        ),
        (
            "Closed with the customer's confirmation".into(),
            share,
            &big_pct,
            format!("{} of {} closed issues", s.confirmed_closed, s.closed),
        ),
    ];
    let header = f.header.clone();
    for (c, h) in ["Figure", "Value", "Note"].iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &header)
            .map_err(xlsx)?;
    }
    let mut r = 4;
    for (name, value, fmt, note) in &rows {
        ws.write_string_with_format(r, 0, name, &label)
            .map_err(xlsx)?;
        match value {
            Some(v) => {
                ws.write_number_with_format(r, 1, *v, fmt).map_err(xlsx)?;
            }
            None => {
                ws.write_string_with_format(r, 1, "—", &centred_note)
                    .map_err(xlsx)?;
            }
        }
        ws.write_string_with_format(r, 2, note, &f.note)
            .map_err(xlsx)?;
        r += 1;
    }
    // Happiness: the latest answer and the one before.
    let latest = s.happiness.last();
    ws.write_string_with_format(r, 0, "Happiness (latest poll, 1–5)", &label)
        .map_err(xlsx)?;
    match latest {
        Some(h) => {
            ws.write_number_with_format(r, 1, f64::from(h.score), &big)
                .map_err(xlsx)?;
            let trend = match s.happiness.iter().rev().nth(1) {
                Some(prev) if prev.score < h.score => format!("up from {}", prev.score),
                Some(prev) if prev.score > h.score => format!("down from {}", prev.score),
                Some(_) => "same as last time".to_string(),
                None => "first answer".to_string(),
            };
            ws.write_string_with_format(r, 2, &trend, &f.note)
                .map_err(xlsx)?;
        }
        None => {
            ws.write_string_with_format(r, 1, "none yet", &centred_note)
                .map_err(xlsx)?;
        }
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Latest survey (CSAT / NPS)", &label)
        .map_err(xlsx)?;
    match &s.latest_survey {
        Some((kind, score, date)) => {
            ws.write_number_with_format(r, 1, *score, &f.number)
                .map_err(xlsx)?;
            ws.write_string_with_format(
                r,
                2,
                format!("{kind}, {}", date.format("%-d %b %Y")),
                &f.note,
            )
            .map_err(xlsx)?;
        }
        None => {
            ws.write_string_with_format(r, 1, "none yet", &centred_note)
                .map_err(xlsx)?;
        }
    }
    let figures_end = r;
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    // The happiness answers as a table, with a line chart beside it.
    let top = figures_end + 2;
    ws.write_string_with_format(top, 0, "Happiness over time", &f.title)
        .map_err(xlsx)?;
    let head = top + 1;
    for (c, h) in ["Meeting", "Score", "Customer", "Why"].iter().enumerate() {
        ws.write_string_with_format(head, c as u16, *h, &header)
            .map_err(xlsx)?;
    }
    if s.happiness.is_empty() {
        ws.write_string_with_format(head + 1, 0, "No happiness answers yet.", &f.note)
            .map_err(xlsx)?;
        ws.autofilter(head, 0, head + 1, 3).map_err(xlsx)?;
        return Ok(());
    }
    for (i, h) in s.happiness.iter().enumerate() {
        let row = head + 1 + i as u32;
        write_cell(ws, row, 0, &Cell::Date(h.date), &left_date)?;
        write_cell(ws, row, 1, &Cell::Int(i64::from(h.score)), &f.integer)?;
        write_cell(ws, row, 2, &Cell::Text(h.customer.clone()), &f.text)?;
        write_cell(ws, row, 3, &Cell::from(h.why.clone()), &f.wrap)?;
        let lines = h.why.as_deref().map_or(1, |w| wrapped_lines(w, 50));
        if lines > 1 {
            ws.set_row_height(row, ROW_HEIGHT * lines as f64)
                .map_err(xlsx)?;
        }
    }
    ws.autofilter(head, 0, last_row_of(head, s.happiness.len()), 3)
        .map_err(xlsx)?;
    let last = head + s.happiness.len() as u32;
    if s.happiness.len() >= 2 {
        let mut chart = Chart::new_line();
        chart
            .add_series()
            .set_categories(("Summary", head + 1, 0, last, 0))
            .set_values(("Summary", head + 1, 1, last, 1))
            .set_name("Happiness")
            .set_marker(rust_xlsxwriter::ChartMarker::new().set_automatic());
        chart.title().set_name("Happiness (1–5)");
        chart.y_axis().set_min(1).set_max(5).set_major_unit(1);
        chart.x_axis().set_num_format("d mmm");
        chart.legend().set_hidden();
        chart.set_width(480).set_height(260);
        ws.insert_chart(3, 4, &chart).map_err(xlsx)?;
    }
    Ok(())
}

fn last_row_of(head: u32, rows: usize) -> u32 {
    head + rows as u32
}

fn open_columns() -> Vec<Column> {
    vec![
        Column::new("Owner", Kind::Text),
        Column::new("Due", Kind::Date),
        Column::new("Days overdue", Kind::Integer),
        Column::new("Priority", Kind::Text),
        Column::new("Issue", Kind::Integer),
        Column::new("Title", Kind::LongText),
        Column::new("Customer", Kind::Text),
        Column::new("Customer-side owner", Kind::Text),
        Column::new("Status", Kind::Text),
        Column::new("Last update", Kind::Date),
        Column::new("Latest note", Kind::LongText),
    ]
}

fn open_cells(r: OpenIssueRow) -> Vec<Cell> {
    vec![
        Cell::Text(r.owner.unwrap_or_else(|| "(no owner)".into())),
        Cell::from(r.due),
        // Blank unless overdue, so the eye goes to the numbers that matter.
        if r.days_overdue > 0 {
            Cell::Int(r.days_overdue)
        } else {
            Cell::Empty
        },
        Cell::Text(r.priority),
        Cell::Int(r.id),
        Cell::Text(r.title),
        Cell::Text(r.customer),
        Cell::from(r.customer_owner),
        Cell::Text(r.status.replace('_', " ")),
        Cell::Date(r.last_update),
        Cell::from(r.last_note),
    ]
}

/// The fill for overdue rows (and bars): a light red with dark red text, Excel's own "bad" style.
fn overdue_format() -> Format {
    Format::new()
        .set_background_color("#FFC7CE")
        .set_font_color("#9C0006")
}

fn write_open_issues(
    book: &mut Book,
    count: usize,
    rows: impl IntoIterator<Item = OpenIssueRow>,
) -> Result<()> {
    let columns = open_columns();
    let range = book.table_sheet(
        "Open issues",
        &columns,
        count,
        rows.into_iter().map(open_cells),
    )?;
    if !range.is_empty() {
        let ws = book.worksheet("Open issues")?;
        let rule = ConditionalFormatFormula::new()
            .set_rule("=$C2>0")
            .set_format(overdue_format());
        ws.add_conditional_format(
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

fn write_timeline(
    book: &mut Book,
    as_of: NaiveDate,
    count: usize,
    rows: impl IntoIterator<Item = OpenIssueRow>,
) -> Result<()> {
    let f = book.formats();
    let week_head = Format::new()
        .set_bold()
        .set_num_format("d mmm")
        .set_align(FormatAlign::Center)
        .set_border_bottom(FormatBorder::Thin);
    let bar = Format::new().set_background_color("#9BC2E6");
    let today_col = Format::new()
        .set_border_left(FormatBorder::Medium)
        .set_border_left_color("#C00000");
    let ws = book.sheet("Timeline")?;
    let fixed = ["Issue", "Customer", "Title", "Owner", "Opened", "Due"];
    for (c, h) in fixed.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)
            .map_err(xlsx)?;
    }
    let first_week = monday_of(as_of) - Days::new(7 * WEEKS_BEFORE);
    let g0 = fixed.len() as u16;
    for w in 0..WEEKS {
        let d = first_week + Days::new(7 * u64::from(w));
        ws.write_date_with_format(0, g0 + w, d, &week_head)
            .map_err(xlsx)?;
        ws.set_column_width(g0 + w, 6.5).map_err(xlsx)?;
    }
    let mut widths = [6usize, 10, 12, 8, 11, 11];
    let mut written = 0usize;
    for (i, r) in rows.into_iter().enumerate() {
        let row = 1 + i as u32;
        let cells = [
            Cell::Int(r.id),
            Cell::Text(r.customer),
            Cell::Text(r.title),
            Cell::Text(r.owner.unwrap_or_default()),
            Cell::Date(r.opened),
            Cell::from(r.due),
        ];
        for (c, cell) in cells.iter().enumerate() {
            let fmt = match c {
                0 => &f.integer,
                4 | 5 => &f.date,
                _ => &f.text,
            };
            let w = write_cell(ws, row, c as u16, cell, fmt)?;
            widths[c] = widths[c].max(w.min(40));
        }
        written += 1;
    }
    if written != count {
        return Err(crate::error::Error::Conflict(format!(
            "sheet Timeline: {written} rows written, {count} announced"
        )));
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64) + 1.0)
            .map_err(xlsx)?;
    }
    let last_col = g0 + WEEKS - 1;
    ws.autofilter(0, 0, written.max(1) as u32, last_col)
        .map_err(xlsx)?;
    ws.set_freeze_panes(1, 3).map_err(xlsx)?;
    ws.set_repeat_rows(0, 0).map_err(xlsx)?;
    if written == 0 {
        ws.write_string_with_format(1, 0, "No open issues with a due date.", &f.note)
            .map_err(xlsx)?;
        return Ok(());
    }
    let last_row = written as u32;
    // A week cell is part of the bar when the week overlaps opened..due (blue); once the due date
    // has passed, the bar runs red from the due date (or the opening, if earlier) to this week.
    let today = excel_date(as_of);
    let late = ConditionalFormatFormula::new()
        .set_rule(format!("=AND($F2<{today},G$1+6>=MIN($E2,$F2),G$1<={today})").as_str())
        .set_format(overdue_format().set_background_color("#E06666"));
    let on_time = ConditionalFormatFormula::new()
        .set_rule("=AND(G$1+6>=$E2,G$1<=$F2)")
        .set_format(bar);
    let this_week = ConditionalFormatFormula::new()
        .set_rule(format!("=AND(G$1<={today},G$1+6>={today})").as_str())
        .set_format(today_col);
    for rule in [&late, &on_time, &this_week] {
        ws.add_conditional_format(1, g0, last_row, last_col, rule)
            .map_err(xlsx)?;
    }
    Ok(())
}

fn write_actions(book: &mut Book, actions: &[ActionRow]) -> Result<()> {
    let columns = [
        Column::new("Meeting", Kind::Date),
        Column::new("Customer", Kind::Text),
        Column::new("Action", Kind::LongText),
        Column::new("Owner", Kind::Text),
        Column::new("Side", Kind::Text),
        Column::new("Due", Kind::Date),
        Column::new("Done", Kind::Text),
        Column::new("Became", Kind::Text),
    ];
    let rows = actions.iter().map(|a| {
        vec![
            Cell::Date(a.meeting_date),
            Cell::Text(a.customer.clone()),
            Cell::Text(a.text.clone()),
            Cell::Text(a.owner.clone()),
            Cell::Text(a.side.clone()),
            Cell::from(a.due),
            Cell::Text(if a.done { "yes" } else { "no" }.into()),
            Cell::Text(a.became.clone()),
        ]
    });
    book.table_sheet("Action items", &columns, actions.len(), rows)?;
    Ok(())
}

fn write_notes(book: &mut Book, n: &NotesBlock) -> Result<()> {
    let f = book.formats();
    let ws = book.sheet("Meeting notes")?;
    if n.held.is_none() {
        ws.set_column_width(0, 40).map_err(xlsx)?;
        ws.write_string_with_format(0, 0, "Meeting notes", &f.title)
            .map_err(xlsx)?;
        ws.write_string_with_format(1, 0, "No meeting yet.", &f.note)
            .map_err(xlsx)?;
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        return Ok(());
    }
    write_meeting_block(ws, &f, &format!("Last meeting — {}", n.customer), n)
}

/// Label and agenda column, value and update column (characters).
const BLOCK_WIDTHS: (usize, usize) = (48, 64);

/// A meeting as a page: title, the facts (held, attendees, happiness, notes, next), then the
/// agenda with the update said for each line (autofiltered). Rows are as tall as their text.
pub(crate) fn write_meeting_block(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &super::sheet::Formats,
    title: &str,
    n: &NotesBlock,
) -> Result<()> {
    let (wa, wb) = BLOCK_WIDTHS;
    ws.set_column_width(0, wa as f64).map_err(xlsx)?;
    ws.set_column_width(1, wb as f64).map_err(xlsx)?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let left_dt = f.datetime.clone().set_align(FormatAlign::Left);
    let left_date = f.date.clone().set_align(FormatAlign::Left);
    ws.write_string_with_format(0, 0, title, &f.title)
        .map_err(xlsx)?;
    let happy = match (n.happiness, &n.why) {
        (Some(h), Some(w)) => format!("{h} of 5 — {w}"),
        (Some(h), None) => format!("{h} of 5"),
        _ => "not asked".into(),
    };
    let facts: Vec<(&str, Cell, &Format)> = vec![
        ("Held", Cell::from(n.held), &left_dt),
        ("Attendees", Cell::Text(n.attendees.join(", ")), &f.wrap),
        ("Happiness", Cell::Text(happy), &f.wrap),
        ("Notes", Cell::from(n.notes.clone()), &f.wrap),
        ("Next meeting", Cell::from(n.next), &left_date),
    ];
    let tall = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, lines: usize| -> Result<()> {
        if lines > 1 {
            ws.set_row_height(r, ROW_HEIGHT * lines as f64)
                .map_err(xlsx)?;
        }
        Ok(())
    };
    let mut r = 2;
    for (label, cell, fmt) in &facts {
        ws.write_string_with_format(r, 0, *label, &bold)
            .map_err(xlsx)?;
        write_cell(ws, r, 1, cell, fmt)?;
        if let Cell::Text(t) = cell {
            tall(ws, r, wrapped_lines(t, wb))?;
        }
        r += 1;
    }
    r += 1;
    let head = r;
    ws.write_string_with_format(r, 0, "Agenda", &f.header)
        .map_err(xlsx)?;
    ws.write_string_with_format(r, 1, "Update said in the meeting", &f.header)
        .map_err(xlsx)?;
    r += 1;
    if n.agenda.is_empty() {
        ws.write_string_with_format(r, 0, "No agenda.", &f.note)
            .map_err(xlsx)?;
        r += 1;
    }
    for (item, update) in &n.agenda {
        write_cell(ws, r, 0, &Cell::Text(item.clone()), &f.wrap)?;
        write_cell(ws, r, 1, &Cell::from(update.clone()), &f.wrap)?;
        let lines =
            wrapped_lines(item, wa).max(update.as_deref().map_or(1, |u| wrapped_lines(u, wb)));
        tall(ws, r, lines)?;
        r += 1;
    }
    ws.autofilter(head, 0, r - 1, 1).map_err(xlsx)?;
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    Ok(())
}

fn write_workload(book: &mut Book, rows: &[WorkloadRow]) -> Result<()> {
    let columns = [
        Column::new("Owner", Kind::Text),
        Column::new("Open", Kind::Integer),
        Column::new("Overdue", Kind::Integer),
        Column::new("Due this week", Kind::Integer),
        Column::new("Urgent or high", Kind::Integer),
    ];
    let cells = rows.iter().map(|w| {
        vec![
            Cell::Text(w.owner.clone()),
            Cell::Int(w.open as i64),
            Cell::Int(w.overdue as i64),
            Cell::Int(w.due_this_week as i64),
            Cell::Int(w.urgent_or_high as i64),
        ]
    });
    let range = book.table_sheet("Workload", &columns, rows.len(), cells)?;
    if range.is_empty() {
        return Ok(());
    }
    let (a, b) = (range.first_data_row, range.last_data_row);
    let mut chart = Chart::new_column();
    for (col, color) in [(1u16, "#5B9BD5"), (2, "#C00000")] {
        chart
            .add_series()
            .set_name(("Workload", 0, col))
            .set_categories(("Workload", a, 0, b, 0))
            .set_values(("Workload", a, col, b, col))
            .set_format(
                rust_xlsxwriter::ChartFormat::new()
                    .set_solid_fill(rust_xlsxwriter::ChartSolidFill::new().set_color(color)),
            );
    }
    chart.title().set_name("Open and overdue per owner");
    chart.y_axis().set_name("Issues").set_min(0);
    let most = rows.iter().map(|w| w.open).max().unwrap_or(0);
    if most <= 10 {
        chart.y_axis().set_major_unit(1);
    }
    let width = (200 + 60 * rows.len().min(30) as u32).max(480);
    chart.set_width(width).set_height(300);
    let ws = book.worksheet("Workload")?;
    ws.insert_chart(1, 6, &chart).map_err(xlsx)?;
    Ok(())
}
