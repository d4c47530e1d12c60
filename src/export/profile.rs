//! The customer relationship profile as a printable sheet: one sheet per customer, portrait, fitted
//! to one page wide — the level and why, the gaps, the kick-out factors, needs, improvement areas
//! and the owner's decisions.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_xlsxwriter::Format;

use super::sheet::{write_cell, xlsx, Book, Cell};
use crate::error::Result;
use crate::profiles::{Level, Profile};

/// A workbook with one sheet per profile, named after the customer.
pub fn profiles_book(profiles: &[Profile], business: &str, as_of: NaiveDate) -> Result<Book> {
    let mut book = Book::new(business, as_of);
    let f = book.formats();
    let bold = Format::new().set_bold();
    let section = Format::new().set_bold().set_font_size(12);
    let mut used = HashSet::new();
    for p in profiles {
        let name = sheet_name(&p.name, &mut used);
        let ws = book.sheet(&name)?;
        ws.set_portrait();
        ws.set_column_width(0, 34).map_err(xlsx)?;
        ws.set_column_width(1, 14).map_err(xlsx)?;
        ws.set_column_width(2, 14).map_err(xlsx)?;
        ws.set_column_width(3, 60).map_err(xlsx)?;
        let mut row = 0u32;
        let line = |ws: &mut rust_xlsxwriter::Worksheet,
                    row: &mut u32,
                    cells: &[(Cell, &Format)]|
         -> Result<()> {
            for (c, (cell, format)) in cells.iter().enumerate() {
                write_cell(ws, *row, c as u16, cell, format)?;
            }
            *row += 1;
            Ok(())
        };
        line(
            ws,
            &mut row,
            &[(
                Cell::Text(format!("Customer relationship profile: {}", p.name)),
                &f.title,
            )],
        )?;
        line(
            ws,
            &mut row,
            &[(Cell::from("As of"), &bold), (Cell::Date(p.as_of), &f.date)],
        )?;
        let level = match &p.level_reason {
            Some(reason) => format!(
                "{} (set by hand: {reason}; the signals say {})",
                level_text(p.level),
                level_text(p.computed_level)
            ),
            None => format!("{} (score {})", level_text(p.level), p.score),
        };
        line(
            ws,
            &mut row,
            &[
                (Cell::from("Vulnerability"), &bold),
                (Cell::Text(level), &f.text),
            ],
        )?;
        line(
            ws,
            &mut row,
            &[
                (Cell::from("Resolve by"), &bold),
                (p.resolve_by.map_or(Cell::from("—"), Cell::Date), &f.date),
            ],
        )?;

        let heading = |ws: &mut rust_xlsxwriter::Worksheet,
                       row: &mut u32,
                       title: &str,
                       headers: &[&str]|
         -> Result<()> {
            *row += 1;
            ws.write_string_with_format(*row, 0, title, &section)
                .map_err(xlsx)?;
            *row += 1;
            for (c, h) in headers.iter().enumerate() {
                ws.write_string_with_format(*row, c as u16, *h, &f.header)
                    .map_err(xlsx)?;
            }
            *row += 1;
            Ok(())
        };

        heading(
            ws,
            &mut row,
            "Why",
            &["Signal", "Weight", "Date", "Evidence"],
        )?;
        if p.signals.is_empty() {
            line(ws, &mut row, &[(Cell::from("No warning signs."), &f.note)])?;
        }
        for s in &p.signals {
            for (i, e) in s.evidence.iter().enumerate() {
                let (label, weight) = if i == 0 {
                    (
                        Cell::Text(s.label.to_string()),
                        Cell::Int(i64::from(s.weight)),
                    )
                } else {
                    (Cell::Empty, Cell::Empty)
                };
                line(
                    ws,
                    &mut row,
                    &[
                        (label, &f.wrap),
                        (weight, &f.integer),
                        (e.date.map_or(Cell::Empty, Cell::Date), &f.date),
                        (Cell::Text(e.text.clone()), &f.wrap),
                    ],
                )?;
            }
        }

        heading(
            ws,
            &mut row,
            "Expectations vs performance (1–5)",
            &["Attribute", "Importance", "Performance", "Gap"],
        )?;
        if p.gaps.is_empty() {
            line(ws, &mut row, &[(Cell::from("Not asked yet."), &f.note)])?;
        }
        for g in &p.gaps {
            line(
                ws,
                &mut row,
                &[
                    (Cell::Text(g.attribute.clone()), &f.text),
                    (Cell::Number(g.importance), &f.number),
                    (Cell::Number(g.performance), &f.number),
                    (Cell::Number(g.gap), &f.number),
                ],
            )?;
        }

        heading(
            ws,
            &mut row,
            "Kick-out factors",
            &["Factor", "Status", "Review on", ""],
        )?;
        if p.kick_out_factors.is_empty() {
            line(ws, &mut row, &[(Cell::from("None recorded."), &f.note)])?;
        }
        for k in &p.kick_out_factors {
            line(
                ws,
                &mut row,
                &[
                    (Cell::Text(k.description.clone()), &f.wrap),
                    (Cell::from(k.status.as_str()), &f.text),
                    (k.review_on.map_or(Cell::Empty, Cell::Date), &f.date),
                ],
            )?;
        }

        for (title, notes) in [
            ("Future needs (next 12 months)", &p.future_needs),
            ("Improvement areas", &p.improvement_areas),
        ] {
            heading(ws, &mut row, title, &["Noted on", "", "", "What"])?;
            if notes.is_empty() {
                line(ws, &mut row, &[(Cell::from("None recorded."), &f.note)])?;
            }
            for n in notes {
                line(
                    ws,
                    &mut row,
                    &[
                        (Cell::Date(n.noted_on), &f.date),
                        (Cell::Empty, &f.text),
                        (Cell::Empty, &f.text),
                        (Cell::Text(n.text.clone()), &f.wrap),
                    ],
                )?;
            }
        }

        if !p.decisions.is_empty() {
            heading(
                ws,
                &mut row,
                "Decisions",
                &["When", "What", "Set to", "Reason"],
            )?;
            for d in &p.decisions {
                let set_to = match (d.what.as_str(), d.level, d.resolve_by) {
                    ("level", Some(l), _) => level_text(l).to_string(),
                    ("level", None, _) => "computed".to_string(),
                    (_, _, Some(date)) => date.to_string(),
                    _ => "suggested".to_string(),
                };
                line(
                    ws,
                    &mut row,
                    &[
                        (
                            Cell::Text(d.decided_at.replace('T', " ").replace('Z', " UTC")),
                            &f.text,
                        ),
                        (Cell::Text(d.what.replace('_', "-")), &f.text),
                        (Cell::Text(set_to), &f.text),
                        (Cell::Text(d.reason.clone()), &f.wrap),
                    ],
                )?;
            }
        }
    }
    if profiles.is_empty() {
        let ws = book.sheet("Profiles")?;
        ws.write_string(0, 0, "No customer is at risk.")
            .map_err(xlsx)?;
    }
    Ok(book)
}

fn level_text(level: Level) -> &'static str {
    match level {
        Level::None => "None",
        Level::Moderate => "Moderate",
        Level::Significant => "Significant",
        Level::Severe => "Severe",
    }
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`, not starting or ending
/// with an apostrophe.
fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Customer".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(
            sheet_name("Kim's [Bakery]: 1/2", &mut used),
            "Kim's  Bakery   1 2"
        );
        assert_eq!(
            sheet_name("Kim's [Bakery]: 1/2", &mut used),
            "Kim's  Bakery   1 2 (2)"
        );
        let long = "A very long organisation name that goes on";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert!(
            second.ends_with(" (2)") && second.chars().count() == 31,
            "{second}"
        );
        assert_eq!(sheet_name("'?'", &mut used), "Customer");
    }
}
