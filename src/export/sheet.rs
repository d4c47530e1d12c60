//! Workbooks in Rapport's house style (rust_xlsxwriter).
//!
//! A [`Book`] makes sheets that are ready to put in front of a customer: tables are real Excel
//! tables (filter buttons, banded rows) with a frozen header row, column widths measured from the
//! values written, dates as real dates shown as `24 Nov 2026`, and a print setup (landscape, fitted
//! to the page width, the header row repeated, the business name and the date in the page header,
//! page numbers in the footer). Every string goes through `write_string`, so text a user typed —
//! `=HYPERLINK(…)`, `+1 555 0100` — stays text.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Workbook, Worksheet,
    XlsxError,
};

use crate::error::{Error, Result};

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Long text (notes, comments): wrapped, the width capped.
    LongText,
    Integer,
    Number,
    /// A fraction (0.42) shown as a percentage (42%).
    Percent,
    Date,
    DateTime,
}

/// One column of a table: its header and how its values are shown.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: Kind) -> Self {
        Column {
            header: header.into(),
            kind,
        }
    }
}

/// One value to write. User text is always `Text`, which is never a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.to_string())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Number(v)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}
impl From<NaiveDate> for Cell {
    fn from(v: NaiveDate) -> Self {
        Cell::Date(v)
    }
}
impl From<NaiveDateTime> for Cell {
    fn from(v: NaiveDateTime) -> Self {
        Cell::DateTime(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// Where a table landed, for conditional formats and charts that refer to it. Rows and columns
/// are zero-based, as rust_xlsxwriter counts them; `first_data_row..=last_data_row` is empty
/// (`last_data_row < first_data_row`) when the table has no rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRange {
    pub sheet: String,
    pub header_row: u32,
    pub first_data_row: u32,
    pub last_data_row: u32,
    pub columns: u16,
}

impl TableRange {
    pub fn is_empty(&self) -> bool {
        self.last_data_row < self.first_data_row
    }
}

/// The formats a book uses (cheap to clone).
#[derive(Debug, Clone)]
pub struct Formats {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub wrap: Format,
    pub integer: Format,
    pub number: Format,
    pub percent: Format,
    pub date: Format,
    pub datetime: Format,
    pub note: Format,
}

impl Formats {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            text: top.clone(),
            wrap: top.clone().set_text_wrap(),
            integer: top.clone().set_num_format("#,##0"),
            number: top.clone().set_num_format("#,##0.0"),
            percent: top.clone().set_num_format("0%"),
            date: top.clone().set_num_format("d mmm yyyy"),
            datetime: top.set_num_format("d mmm yyyy hh:mm"),
            note: Format::new().set_italic().set_font_color("#595959"),
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::LongText => &self.wrap,
            Kind::Integer => &self.integer,
            Kind::Number => &self.number,
            Kind::Percent => &self.percent,
            Kind::Date => &self.date,
            Kind::DateTime => &self.datetime,
        }
    }
}

/// Widest a measured column gets (characters); long text wraps within it.
const MAX_WIDTH: usize = 60;
const LONG_TEXT_WIDTH: usize = 48;

/// An xlsx workbook being written in the house style.
pub struct Book {
    workbook: Workbook,
    business: String,
    as_of: NaiveDate,
    formats: Formats,
    streaming: bool,
    tables: usize,
}

impl Book {
    /// A book whose pages carry `business` and `as_of` in their header.
    pub fn new(business: &str, as_of: NaiveDate) -> Self {
        Book {
            workbook: Workbook::new(),
            business: business.to_string(),
            as_of,
            formats: Formats::new(),
            streaming: false,
            tables: 0,
        }
    }

    /// Sheets added from now on are written row by row to a temp file instead of held in memory
    /// (rust_xlsxwriter's constant-memory mode): for exports of many thousands of rows. Rows must
    /// then be written top to bottom, which [`Book::table_sheet`] does.
    pub fn streaming(mut self) -> Self {
        self.streaming = true;
        self
    }

    pub fn formats(&self) -> Formats {
        self.formats.clone()
    }

    /// The underlying workbook, for charts and anything else not covered here.
    pub fn workbook(&mut self) -> &mut Workbook {
        &mut self.workbook
    }

    /// Adds a sheet named `name` with the print setup; its header shows `name` as the title.
    pub fn sheet(&mut self, name: &str) -> Result<&mut Worksheet> {
        let header = format!(
            "&L{}&C{}&R{}",
            escape_header(&self.business),
            escape_header(name),
            self.as_of.format("%-d %b %Y")
        );
        let ws = if self.streaming {
            self.workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx)?
        } else {
            self.workbook.add_worksheet()
        };
        ws.set_name(name).map_err(xlsx)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_header(header);
        ws.set_footer("&CPage &P of &N");
        Ok(ws)
    }

    /// An existing sheet by name (to add conditional formats or charts after its table).
    pub fn worksheet(&mut self, name: &str) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_name(name).map_err(xlsx)
    }

    /// Adds a sheet holding one Excel table: `columns` as its header row (frozen, repeated on
    /// every printed page) and `row_count` rows from `rows`, each as many cells as there are
    /// columns. An empty table still has its header row and filter, and a line saying so.
    pub fn table_sheet(
        &mut self,
        name: &str,
        columns: &[Column],
        row_count: usize,
        rows: impl IntoIterator<Item = Vec<Cell>>,
    ) -> Result<TableRange> {
        self.tables += 1;
        let table_name = format!("Table{}", self.tables);
        let formats = self.formats.clone();
        let ws = self.sheet(name)?;
        let last_col = u16::try_from(columns.len().saturating_sub(1))
            .map_err(|_| Error::Conflict("too many columns for one sheet".into()))?;
        let mut widths: Vec<usize> = columns
            .iter()
            .map(|c| c.header.chars().count() + 3) // the filter button
            .collect();
        let range = TableRange {
            sheet: name.to_string(),
            header_row: 0,
            first_data_row: 1,
            last_data_row: u32::try_from(row_count).map_err(|_| too_many_rows(name))?,
            columns: last_col + 1,
        };
        if row_count > 1_048_575 {
            return Err(too_many_rows(name));
        }
        if row_count == 0 {
            for (c, column) in columns.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, &column.header, &formats.header)
                    .map_err(xlsx)?;
            }
            ws.autofilter(0, 0, 0, last_col).map_err(xlsx)?;
            ws.write_string_with_format(1, 0, "Nothing to show.", &formats.note)
                .map_err(xlsx)?;
        } else {
            let table_columns: Vec<TableColumn> = columns
                .iter()
                .map(|c| {
                    TableColumn::new()
                        .set_header(c.header.as_str())
                        .set_header_format(&formats.header)
                })
                .collect();
            let table = Table::new()
                .set_name(&table_name)
                .set_style(TableStyle::Medium2)
                .set_columns(&table_columns);
            ws.add_table(0, 0, range.last_data_row, last_col, &table)
                .map_err(xlsx)?;
            let mut written = 0usize;
            for (i, row) in rows.into_iter().enumerate() {
                if i >= row_count {
                    return Err(Error::Conflict(format!(
                        "sheet {name}: more rows than announced ({row_count})"
                    )));
                }
                let r = (i + 1) as u32;
                for (c, (cell, column)) in row.iter().zip(columns).enumerate() {
                    let w = write_cell(ws, r, c as u16, cell, formats.for_kind(column.kind))?;
                    let cap = if column.kind == Kind::LongText {
                        LONG_TEXT_WIDTH
                    } else {
                        MAX_WIDTH
                    };
                    widths[c] = widths[c].max(w.min(cap));
                }
                written += 1;
            }
            if written != row_count {
                return Err(Error::Conflict(format!(
                    "sheet {name}: {written} rows written, {row_count} announced"
                )));
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64) + 1.0)
                .map_err(xlsx)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        ws.set_repeat_rows(0, 0).map_err(xlsx)?;
        Ok(range)
    }

    /// Writes the finished workbook to `path` (temp name, then rename).
    pub fn save(mut self, path: &Path) -> Result<()> {
        super::write_atomically_with(path, |f| {
            self.workbook.save_to_writer(f).map_err(|e| match e {
                XlsxError::IoError(io) => io,
                other => std::io::Error::other(other.to_string()),
            })
        })
    }

    /// The finished workbook as bytes.
    pub fn into_bytes(mut self) -> Result<Vec<u8>> {
        self.workbook.save_to_buffer().map_err(xlsx)
    }
}

/// Writes one cell; returns the width (in characters) it needs.
pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
) -> Result<usize> {
    let width = match cell {
        Cell::Empty => {
            ws.write_blank(row, col, format).map_err(xlsx)?;
            0
        }
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, format)
                .map_err(xlsx)?;
            s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
        }
        Cell::Int(n) => {
            ws.write_number_with_format(row, col, *n as f64, format)
                .map_err(xlsx)?;
            n.to_string().len() + n.to_string().len() / 3
        }
        Cell::Number(n) => {
            ws.write_number_with_format(row, col, *n, format)
                .map_err(xlsx)?;
            format!("{n:.1}").len() + 2
        }
        Cell::Bool(b) => {
            ws.write_boolean_with_format(row, col, *b, format)
                .map_err(xlsx)?;
            5
        }
        Cell::Date(d) => {
            ws.write_date_with_format(row, col, d, format)
                .map_err(xlsx)?;
            11
        }
        Cell::DateTime(t) => {
            ws.write_datetime_with_format(row, col, t, format)
                .map_err(xlsx)?;
            17
        }
    };
    Ok(width)
}

/// `&` starts a code in an Excel page header; a literal one is doubled.
fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

fn too_many_rows(sheet: &str) -> Error {
    Error::Conflict(format!(
        "sheet {sheet}: more rows than one Excel sheet holds (1,048,575)"
    ))
}

/// rust_xlsxwriter's errors: a failed write is an I/O error; the rest are limits of the format.
pub(crate) fn xlsx(e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(io) if io.raw_os_error() == Some(28) => Error::DiskFull,
        XlsxError::IoError(io) => Error::io("the workbook", io),
        other => Error::Conflict(format!("the workbook could not be written: {other}")),
    }
}
