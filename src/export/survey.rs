//! Survey workbooks: the blank sheet to fill in (one row per customer, drop-downs 1–5 and 0–10,
//! the header locked) and the results of an imported survey (summary with its flags, attributes,
//! Pareto with its chart, comments). The blank sheet's first header is the marker the survey import
//! recognises, so a filled one is read back with no mapping step.

use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, DataValidation, Format, ProtectionOptions, Worksheet};

use super::sheet::{write_cell, xlsx, Book, Cell, Column, Kind};
use crate::error::Result;
use crate::surveys::detect::TEMPLATE_MARKER;
use crate::surveys::SurveyReport;

/// The headers of a blank survey sheet, in order.
pub const TEMPLATE_HEADERS: [&str; 7] = [
    TEMPLATE_MARKER,
    "Name",
    "Email",
    "Date",
    "Overall satisfaction (1-5)",
    "How likely are you to recommend us? (0-10)",
    "Comment",
];

/// A blank survey sheet for `invitees` (contact id, name, email).
pub fn template_book(
    invitees: &[(i64, String, Option<String>)],
    business: &str,
    as_of: NaiveDate,
) -> Result<Book> {
    let mut book = Book::new(business, as_of);
    let f = book.formats();
    let ws = book.sheet("Survey")?;
    let locked_header = f.header.clone();
    let open_cell = Format::new().set_unlocked();
    let open_date = Format::new().set_unlocked().set_num_format("d mmm yyyy");
    let open_wrap = Format::new().set_unlocked().set_text_wrap();
    for (c, h) in TEMPLATE_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &locked_header)
            .map_err(xlsx)?;
    }
    for (i, (id, name, email)) in invitees.iter().enumerate() {
        let r = i as u32 + 1;
        write_cell(ws, r, 0, &Cell::Int(*id), &f.text)?;
        write_cell(ws, r, 1, &Cell::Text(name.clone()), &f.text)?;
        write_cell(ws, r, 2, &Cell::from(email.clone()), &f.text)?;
    }
    // The answer columns stay editable below the header, however many rows are added.
    ws.set_column_format(3, &open_date).map_err(xlsx)?;
    ws.set_column_format(4, &open_cell).map_err(xlsx)?;
    ws.set_column_format(5, &open_cell).map_err(xlsx)?;
    ws.set_column_format(6, &open_wrap).map_err(xlsx)?;
    for (c, w) in [
        (0u16, 10.0),
        (1, 28.0),
        (2, 30.0),
        (3, 14.0),
        (4, 16.0),
        (5, 20.0),
        (6, 60.0),
    ] {
        ws.set_column_width(c, w).map_err(xlsx)?;
    }
    let last = (invitees.len() as u32).max(1) + 200;
    let scale = |low: u8, high: u8, title: &str| -> Result<DataValidation> {
        let values: Vec<String> = (low..=high).map(|v| v.to_string()).collect();
        DataValidation::new()
            .allow_list_strings(&values)
            .map_err(xlsx)?
            .set_error_title(title)
            .map_err(xlsx)?
            .set_error_message(format!("Choose a whole number from {low} to {high}."))
            .map_err(xlsx)
    };
    ws.add_data_validation(1, 4, last, 4, &scale(1, 5, "Satisfaction")?)
        .map_err(xlsx)?;
    ws.add_data_validation(1, 5, last, 5, &scale(0, 10, "Recommend")?)
        .map_err(xlsx)?;
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    // Only the header and the customers' identities are locked: answers can be typed, rows added
    // and columns widened.
    let options = ProtectionOptions {
        format_columns: true,
        insert_rows: true,
        sort: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    Ok(book)
}

fn flag(too_small: bool) -> Cell {
    Cell::from(if too_small {
        "too small to act on"
    } else {
        "enough to act on"
    })
}

fn pct(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number((v * 10.0).round() / 10.0))
}

/// The results of one survey: Summary (figures, flags, distribution and NPS split charts),
/// Attributes, Pareto (bars with the cumulative line) and Comments.
pub fn survey_book(report: &SurveyReport, business: &str, as_of: NaiveDate) -> Result<Book> {
    let mut book = Book::new(business, as_of);
    let f = book.formats();
    let bold = Format::new().set_bold();
    {
        let ws = book.sheet("Summary")?;
        ws.set_column_width(0, 28).map_err(xlsx)?;
        ws.set_column_width(1, 14).map_err(xlsx)?;
        ws.set_column_width(2, 14).map_err(xlsx)?;
        ws.set_column_width(3, 22).map_err(xlsx)?;
        write_cell(
            ws,
            0,
            0,
            &Cell::Text(format!("Survey: {}", report.name)),
            &f.title,
        )?;
        let rows: Vec<(&str, Cell, Cell, Cell)> = vec![
            (
                "Figure",
                "Value".into(),
                "± margin (95 %)".into(),
                "Flag".into(),
            ),
            (
                "Responses",
                Cell::Int(report.n as i64),
                Cell::Empty,
                Cell::Empty,
            ),
            (
                "Invited",
                report.invited.map_or(Cell::Empty, |i| Cell::Int(i.into())),
                Cell::Empty,
                Cell::Empty,
            ),
            (
                "Response rate %",
                pct(report.response_rate),
                Cell::Empty,
                Cell::Empty,
            ),
            (
                "CSAT % (4 or 5 of 5)",
                pct(report.csat),
                pct(report.csat_margin),
                flag(report.csat_too_small),
            ),
            (
                "NPS",
                pct(report.nps),
                pct(report.nps_margin),
                flag(report.nps_too_small),
            ),
            (
                "Promoters (9–10)",
                Cell::Int(report.nps_split.promoters as i64),
                Cell::Empty,
                Cell::Empty,
            ),
            (
                "Passives (7–8)",
                Cell::Int(report.nps_split.passives as i64),
                Cell::Empty,
                Cell::Empty,
            ),
            (
                "Detractors (0–6)",
                Cell::Int(report.nps_split.detractors as i64),
                Cell::Empty,
                Cell::Empty,
            ),
            ("Overall", Cell::Empty, Cell::Empty, flag(report.too_small)),
        ];
        for (i, (label, value, margin, note)) in rows.iter().enumerate() {
            let r = i as u32 + 2;
            let label_format = if i == 0 { &f.header } else { &bold };
            write_cell(ws, r, 0, &Cell::from(*label), label_format)?;
            let number = if i == 0 { &f.header } else { &f.number };
            write_cell(ws, r, 1, value, number)?;
            write_cell(ws, r, 2, margin, number)?;
            write_cell(ws, r, 3, note, if i == 0 { &f.header } else { &f.text })?;
        }
        // The distributions the charts draw (rows 14..): score, CSAT answers, NPS answers.
        let top = 14u32;
        write_cell(ws, top, 0, &Cell::from("Score"), &f.header)?;
        write_cell(ws, top, 1, &Cell::from("CSAT answers"), &f.header)?;
        write_cell(ws, top, 2, &Cell::from("NPS answers"), &f.header)?;
        for score in 0..=10u8 {
            let r = top + 1 + u32::from(score);
            write_cell(ws, r, 0, &Cell::Int(score.into()), &f.integer)?;
            let csat = report.csat_distribution.iter().find(|c| c.score == score);
            write_cell(
                ws,
                r,
                1,
                &csat.map_or(Cell::Empty, |c| Cell::Int(c.count as i64)),
                &f.integer,
            )?;
            let nps = report.nps_distribution.iter().find(|c| c.score == score);
            write_cell(
                ws,
                r,
                2,
                &nps.map_or(Cell::Empty, |c| Cell::Int(c.count as i64)),
                &f.integer,
            )?;
        }
        distribution_charts(ws, top)?;
    }
    book.table_sheet(
        "Attributes",
        &[
            Column::new("Attribute", Kind::Text),
            Column::new("Answers", Kind::Integer),
            Column::new("Mean", Kind::Number),
            Column::new("Scale (top)", Kind::Integer),
            Column::new("Expected (mean)", Kind::Number),
            Column::new("Gap (performance − expected)", Kind::Number),
        ],
        report.attributes.len(),
        report.attributes.iter().map(|a| {
            vec![
                Cell::Text(a.name.clone()),
                Cell::Int(a.n as i64),
                Cell::from(a.mean),
                Cell::Int(a.scale_max.into()),
                Cell::from(a.expectation_mean),
                Cell::from(a.gap),
            ]
        }),
    )?;
    let pareto = book.table_sheet(
        "Pareto",
        &[
            Column::new("Cause", Kind::Text),
            Column::new("Count", Kind::Integer),
            Column::new("Percent", Kind::Number),
            Column::new("Cumulative percent", Kind::Number),
            Column::new("Vital few", Kind::Text),
        ],
        report.pareto.len(),
        report.pareto.iter().map(|p| {
            vec![
                Cell::Text(p.cause.clone()),
                Cell::Int(p.count as i64),
                Cell::Number(p.percent),
                Cell::Number(p.cumulative_percent),
                Cell::from(if p.vital_few { "yes" } else { "" }),
            ]
        }),
    )?;
    if !pareto.is_empty() {
        let mut bars = Chart::new(ChartType::Column);
        bars.title().set_name("What to fix first (Pareto)");
        bars.add_series()
            .set_name("Count")
            .set_categories(("Pareto", pareto.first_data_row, 0, pareto.last_data_row, 0))
            .set_values(("Pareto", pareto.first_data_row, 1, pareto.last_data_row, 1));
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name("Cumulative percent")
            .set_categories(("Pareto", pareto.first_data_row, 0, pareto.last_data_row, 0))
            .set_values(("Pareto", pareto.first_data_row, 3, pareto.last_data_row, 3))
            .set_secondary_axis(true);
        line.y2_axis().set_min(0).set_max(100);
        bars.combine(&line);
        book.worksheet("Pareto")?
            .insert_chart(pareto.last_data_row + 2, 0, &bars)
            .map_err(xlsx)?;
    }
    book.table_sheet(
        "Comments",
        &[
            Column::new("Respondent", Kind::Text),
            Column::new("Answered", Kind::Text),
            Column::new("NPS", Kind::Integer),
            Column::new("CSAT", Kind::Integer),
            Column::new("Low score", Kind::Text),
            Column::new("Cause", Kind::Text),
            Column::new("Issue", Kind::Integer),
            Column::new("Comment", Kind::LongText),
        ],
        report.comments.len(),
        report.comments.iter().map(|c| {
            vec![
                Cell::from(c.respondent.clone()),
                Cell::from(c.responded_at.clone()),
                c.nps.map_or(Cell::Empty, |v| Cell::Int(v.into())),
                c.csat.map_or(Cell::Empty, |v| Cell::Int(v.into())),
                Cell::from(if c.low_score { "yes" } else { "" }),
                Cell::from(c.cause.clone()),
                c.issue_id.map_or(Cell::Empty, Cell::Int),
                Cell::from(c.comment.clone()),
            ]
        }),
    )?;
    Ok(book)
}

/// The score distribution (columns) and the NPS split (a pie), beside the summary.
fn distribution_charts(ws: &mut Worksheet, top: u32) -> Result<()> {
    let mut dist = Chart::new(ChartType::Column);
    dist.title().set_name("Score distribution");
    dist.add_series()
        .set_name("NPS answers (0–10)")
        .set_categories(("Summary", top + 1, 0, top + 11, 0))
        .set_values(("Summary", top + 1, 2, top + 11, 2));
    dist.add_series()
        .set_name("CSAT answers (1–5)")
        .set_categories(("Summary", top + 1, 0, top + 11, 0))
        .set_values(("Summary", top + 1, 1, top + 11, 1));
    ws.insert_chart(1, 5, &dist).map_err(xlsx)?;
    let mut split = Chart::new(ChartType::Pie);
    split.title().set_name("NPS split");
    split
        .add_series()
        .set_name("NPS split")
        .set_categories(("Summary", 8, 0, 10, 0))
        .set_values(("Summary", 8, 1, 10, 1));
    ws.insert_chart(17, 5, &split).map_err(xlsx)?;
    Ok(())
}
