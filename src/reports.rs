//! What the workbooks say: reads the store for the meeting pack, the issue report, the contact
//! list and a meeting's minutes, and hands the rows to `export` (which knows nothing of the
//! store). Long sheets are streamed straight from SQLite into a constant-memory workbook, and a
//! file appears only when complete.

use std::cell::{Cell, RefCell};
use std::path::Path;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{params_from_iter, types::Value, Row};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::export::meeting_pack::{
    write_meeting_pack, ActionRow, HappinessRow, NotesBlock, OpenIssueRow, PackSummary, WorkloadRow,
};
use crate::export::reports::{
    contact_list_csv, issue_report_csv, write_contact_list, write_issue_report, write_minutes,
    ContactRow, IssueReportRow, MinutesAction,
};
use crate::export::{write_atomically_with, Book};
use crate::issues::AsOf;
use crate::meetings::MeetingDetail;
use crate::store::Store;

/// From this many rows on, long sheets are written row by row (constant memory).
pub const STREAM_FROM_ROWS: usize = 5_000;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportCounts {
    pub file: String,
    /// Rows in the main table (open issues, issues, contacts, agenda lines).
    pub rows: u32,
    pub streamed: bool,
}

/// How far a long export has come: `done` of `total` rows of its long sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// Told how a long export is going, and asked whether to stop. Both have do-nothing defaults.
/// A stop makes the export return `Error::Cancelled` before the workbook is saved, so no file
/// appears (and an earlier file of that name is left as it was).
pub trait ExportWatch {
    fn progress(&mut self, _progress: ExportProgress) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// A watch that reports nothing and never stops (the CLI's).
pub struct NoExportWatch;

impl ExportWatch for NoExportWatch {}

/// Rows between two progress reports (and two looks at the cancel flag).
pub const PROGRESS_EVERY_ROWS: u32 = 1_000;

/// Counts the rows written across the long sheets of one export, reporting every
/// [`PROGRESS_EVERY_ROWS`] and stopping the rows when the watch asks.
struct Watched<'w> {
    watch: RefCell<&'w mut dyn ExportWatch>,
    done: Cell<u32>,
    total: u32,
    stopped: Cell<bool>,
}

impl<'w> Watched<'w> {
    fn new(watch: &'w mut dyn ExportWatch, total: usize) -> Self {
        Watched {
            watch: RefCell::new(watch),
            done: Cell::new(0),
            total: u32::try_from(total).unwrap_or(u32::MAX),
            stopped: Cell::new(false),
        }
    }

    fn report(&self) {
        self.watch.borrow_mut().progress(ExportProgress {
            done: self.done.get(),
            total: self.total,
        });
    }

    /// Whether the owner asked to stop (looked at again each time, so a stop is not missed).
    fn check(&self) -> Result<()> {
        if self.stopped.get() || self.watch.borrow().cancelled() {
            self.stopped.set(true);
            return Err(Error::Cancelled);
        }
        Ok(())
    }

    /// `rows`, counted, ending early when the owner asks to stop.
    fn rows<'a, T>(
        &'a self,
        rows: &'a mut dyn Iterator<Item = T>,
    ) -> impl Iterator<Item = T> + use<'a, 'w, T> {
        rows.map_while(move |row| {
            let done = self.done.get() + 1;
            self.done.set(done);
            if done % PROGRESS_EVERY_ROWS == 0 {
                self.report();
                if self.check().is_err() {
                    return None;
                }
            }
            Some(row)
        })
    }
}

/// Xlsx or CSV, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFile {
    Xlsx,
    Csv,
}

impl TableFile {
    pub fn of(out: &Path) -> Result<TableFile> {
        match out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => Ok(TableFile::Xlsx),
            Some("csv") => Ok(TableFile::Csv),
            _ => Err(Error::invalid(
                "out",
                format!("{}: name a .xlsx or .csv file", out.display()),
            )),
        }
    }
}

fn need_xlsx(out: &Path) -> Result<()> {
    match TableFile::of(out) {
        Ok(TableFile::Xlsx) => Ok(()),
        _ => Err(Error::invalid(
            "out",
            format!("{}: this workbook is written as .xlsx", out.display()),
        )),
    }
}

fn local_date(ts: &str, offset_minutes: i32) -> Option<NaiveDate> {
    local_datetime(ts, offset_minutes).map(|t| t.date())
}

fn local_datetime(ts: &str, offset_minutes: i32) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| (t.with_timezone(&Utc) + Duration::minutes(offset_minutes.into())).naive_utc())
}

/// Which customers a pack or report covers, as SQL on `issues i JOIN contacts cu`.
fn scope_sql(customer: Option<i64>, args: &mut Vec<Value>) -> String {
    match customer {
        Some(c) => {
            args.push(Value::Integer(c));
            let a = args.len();
            format!("(i.customer_id = ?{a} OR cu.organization_id = ?{a})")
        }
        None => "1 = 1".into(),
    }
}

const ACTIVE: &str = "i.status IN ('open', 'in_progress', 'waiting_on_customer')";

const OPEN_ROW_SQL: &str =
    "SELECT i.id, cu.display_name, i.title, t.name, co.display_name, i.priority, i.status,
        i.opened_at, i.due_date, i.due_after_waits, i.last_activity_at,
        (SELECT e.note FROM issue_events e WHERE e.issue_id = i.id AND e.kind = 'comment'
         ORDER BY e.at DESC, e.id DESC LIMIT 1)
    FROM issues i JOIN contacts cu ON cu.id = i.customer_id
    LEFT JOIN team_members t ON t.id = i.owner_id
    LEFT JOIN contacts co ON co.id = i.customer_owner_id";

fn days_overdue(status: &str, effective_due: Option<NaiveDate>, today: NaiveDate) -> i64 {
    match effective_due {
        Some(d) if matches!(status, "open" | "in_progress") && d < today => (today - d).num_days(),
        _ => 0,
    }
}

fn open_row(r: &Row<'_>, as_of: &AsOf) -> rusqlite::Result<OpenIssueRow> {
    let status: String = r.get(6)?;
    let opened: String = r.get(7)?;
    let effective: Option<NaiveDate> = r.get::<_, Option<String>>(9)?.and_then(|d| d.parse().ok());
    let last: String = r.get(10)?;
    Ok(OpenIssueRow {
        id: r.get(0)?,
        customer: r.get(1)?,
        title: r.get(2)?,
        owner: r.get(3)?,
        customer_owner: r.get(4)?,
        priority: r.get(5)?,
        days_overdue: days_overdue(&status, effective, as_of.today),
        status,
        opened: local_date(&opened, as_of.offset_minutes).unwrap_or(as_of.today),
        due: r.get::<_, Option<String>>(8)?.and_then(|d| d.parse().ok()),
        last_update: local_date(&last, as_of.offset_minutes).unwrap_or(as_of.today),
        last_note: r.get(11)?,
    })
}

/// Runs `write` over the rows of a query, keeping the first SQL error to report it instead of a
/// short table.
fn with_rows<T, F>(
    store: &Store,
    sql: &str,
    args: &[Value],
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    write: F,
) -> Result<()>
where
    F: FnOnce(&mut dyn Iterator<Item = T>) -> Result<()>,
{
    let mut stmt = store.conn().prepare(sql)?;
    let failed: RefCell<Option<rusqlite::Error>> = RefCell::new(None);
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| map(r))?;
    let mut iter = rows.map_while(|r| match r {
        Ok(v) => Some(v),
        Err(e) => {
            *failed.borrow_mut() = Some(e);
            None
        }
    });
    let result = write(&mut iter);
    drop(iter);
    if let Some(e) = failed.into_inner() {
        return Err(e.into());
    }
    result
}

fn count(store: &Store, sql: &str, args: &[Value]) -> Result<usize> {
    let n: i64 = store
        .conn()
        .prepare(sql)?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    Ok(n as usize)
}

fn notes_block(d: &MeetingDetail, offset: i32) -> NotesBlock {
    NotesBlock {
        held: local_datetime(&d.meeting.held_at, offset),
        customer: d.meeting.customer.clone(),
        attendees: d
            .attendees
            .iter()
            .map(|a| match a.side {
                crate::meetings::Side::Team => a.name.clone(),
                crate::meetings::Side::Customer => format!("{} ({})", a.name, d.meeting.customer),
            })
            .collect(),
        agenda: d
            .agenda
            .iter()
            .map(|a| (a.text.clone(), a.update_note.clone()))
            .collect(),
        notes: d.meeting.notes.clone(),
        happiness: d.meeting.happiness,
        why: d.meeting.happiness_why.clone(),
        next: d.meeting.next_date,
    }
}

fn became(a: &crate::meetings::ActionItem) -> String {
    match (a.follow_up_id, a.issue_id) {
        (Some(f), _) => format!("Follow-up {f}"),
        (None, Some(i)) => format!("Issue {i}"),
        (None, None) => String::new(),
    }
}

impl Store {
    /// Writes the meeting pack for one customer (and its people) or for all customers, as of
    /// `as_of`. Streams the long sheets when there are many open issues.
    pub fn export_meeting_pack(
        &self,
        out: &Path,
        customer: Option<i64>,
        as_of: &AsOf,
        business: &str,
    ) -> Result<ExportCounts> {
        self.export_meeting_pack_watched(out, customer, as_of, business, &mut NoExportWatch)
    }

    /// [`Store::export_meeting_pack`], reporting progress over the open-issue and timeline rows to
    /// `watch` and stopping with `Error::Cancelled` (no file written) when it asks.
    pub fn export_meeting_pack_watched(
        &self,
        out: &Path,
        customer: Option<i64>,
        as_of: &AsOf,
        business: &str,
        watch: &mut dyn ExportWatch,
    ) -> Result<ExportCounts> {
        need_xlsx(out)?;
        let scope = match customer {
            Some(c) => self.contact(c)?.name,
            None => "All customers".to_string(),
        };
        let today = as_of.today;
        let week_end = today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let mut args = Vec::new();
        let scope_where = scope_sql(customer, &mut args);
        let from = "FROM issues i JOIN contacts cu ON cu.id = i.customer_id";
        let today_arg = args.len() + 1;
        let week_arg = args.len() + 2;
        let mut fig_args = args.clone();
        fig_args.push(Value::Text(today.to_string()));
        fig_args.push(Value::Text(week_end.to_string()));
        let (open, overdue, due_week, closed, confirmed): (i64, i64, i64, i64, i64) = self
            .conn()
            .prepare(&format!(
                "SELECT count(*) FILTER (WHERE {ACTIVE}),
                        count(*) FILTER (WHERE i.status IN ('open', 'in_progress') AND i.due_after_waits < ?{today_arg}),
                        count(*) FILTER (WHERE {ACTIVE} AND i.due_after_waits BETWEEN ?{today_arg} AND ?{week_arg}),
                        count(*) FILTER (WHERE i.status = 'closed'),
                        count(*) FILTER (WHERE i.status = 'closed' AND i.closed_how = 'confirmed')
                 {from} WHERE {scope_where}"
            ))?
            .query_row(params_from_iter(fig_args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        let offset = as_of.offset_minutes;
        let happiness: Vec<HappinessRow> = {
            let (cond, hargs) = match customer {
                Some(c) => ("m.customer_id = ?1", vec![Value::Integer(c)]),
                None => ("m.customer_id IS NOT NULL", vec![]),
            };
            let mut rows: Vec<HappinessRow> = self
                .conn()
                .prepare(&format!(
                    "SELECT m.held_at, c.display_name, m.happiness, m.happiness_why FROM meetings m
                     JOIN contacts c ON c.id = m.customer_id
                     WHERE {cond} AND m.happiness IS NOT NULL ORDER BY m.held_at DESC, m.id DESC LIMIT 24"
                ))?
                .query_map(params_from_iter(hargs.iter()), |r| {
                    let held: String = r.get(0)?;
                    Ok(HappinessRow {
                        date: local_date(&held, offset).unwrap_or(today),
                        customer: r.get(1)?,
                        score: r.get(2)?,
                        why: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.reverse();
            rows
        };
        let survey = crate::meetings::latest_survey_score(self.conn(), customer)?
            .map(|s| (s.kind, s.score, s.answered_on));
        let summary = PackSummary {
            scope: scope.clone(),
            open: open as u64,
            overdue: overdue as u64,
            due_this_week: due_week as u64,
            closed: closed as u64,
            confirmed_closed: confirmed as u64,
            happiness,
            latest_survey: survey,
        };
        // Workload per owner.
        let workload: Vec<WorkloadRow> = self
            .conn()
            .prepare(&format!(
                "SELECT coalesce(t.name, '(no owner)'), count(*),
                        count(*) FILTER (WHERE i.status IN ('open', 'in_progress') AND i.due_after_waits < ?{today_arg}),
                        count(*) FILTER (WHERE i.due_after_waits BETWEEN ?{today_arg} AND ?{week_arg}),
                        count(*) FILTER (WHERE i.priority IN ('urgent', 'high'))
                 {from} LEFT JOIN team_members t ON t.id = i.owner_id
                 WHERE {ACTIVE} AND {scope_where}
                 GROUP BY i.owner_id ORDER BY count(*) DESC, t.name"
            ))?
            .query_map(params_from_iter(fig_args.iter()), |r| {
                Ok(WorkloadRow {
                    owner: r.get(0)?,
                    open: r.get::<_, i64>(1)? as u64,
                    overdue: r.get::<_, i64>(2)? as u64,
                    due_this_week: r.get::<_, i64>(3)? as u64,
                    urgent_or_high: r.get::<_, i64>(4)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Action items of the meetings in scope, open first; the last meeting's notes.
        let mut actions: Vec<ActionRow> = Vec::new();
        for (m, a) in self.meeting_actions(customer)? {
            actions.push(ActionRow {
                meeting_date: local_date(&m.held_at, offset).unwrap_or(today),
                customer: m.customer.clone(),
                text: a.text.clone(),
                owner: a.owner.clone(),
                side: a.owner_side.to_string(),
                due: a.due,
                done: a.done,
                became: became(&a),
            });
        }
        let last = self
            .list_meetings(&crate::meetings::MeetingFilter {
                customer_id: customer,
                limit: Some(1),
                ..Default::default()
            })?
            .into_iter()
            .next();
        let notes = match last {
            Some(m) => notes_block(&self.meeting(m.id)?, offset),
            None => NotesBlock {
                customer: scope.clone(),
                ..Default::default()
            },
        };
        let open_count = open as usize;
        let timeline_where = format!("{ACTIVE} AND i.due_date IS NOT NULL AND {scope_where}");
        let timeline_count = count(
            self,
            &format!("SELECT count(*) {from} WHERE {timeline_where}"),
            &args,
        )?;
        let streamed = open_count >= STREAM_FROM_ROWS;
        let watched = Watched::new(watch, open_count + timeline_count);
        watched.report();
        watched.check()?;
        let mut book = Book::new(business, today);
        let open_sql = format!(
            "{OPEN_ROW_SQL} WHERE {ACTIVE} AND {scope_where}
             ORDER BY t.name IS NULL, t.name, i.due_date IS NULL, i.due_date, i.id"
        );
        let timeline_sql =
            format!("{OPEN_ROW_SQL} WHERE {timeline_where} ORDER BY i.due_date, i.id");
        // The summary is small; the long sheets stream when there are many rows.
        let written = with_rows(
            self,
            &open_sql,
            &args,
            |r| open_row(r, as_of),
            |open_rows| {
                with_rows(
                    self,
                    &timeline_sql,
                    &args,
                    |r| open_row(r, as_of),
                    |timeline_rows| {
                        book.set_streaming(streamed);
                        write_meeting_pack(
                            &mut book,
                            today,
                            &summary,
                            open_count,
                            watched.rows(open_rows),
                            timeline_count,
                            watched.rows(timeline_rows),
                            &actions,
                            &notes,
                            &workload,
                        )
                    },
                )
            },
        );
        // A stop during the rows left the sheets short (whatever that made the writer say):
        // nothing is saved.
        watched.check()?;
        written?;
        book.save(out)?;
        watched.done.set(watched.total);
        watched.report();
        Ok(ExportCounts {
            file: out.display().to_string(),
            rows: open_count as u32,
            streamed,
        })
    }

    /// Writes every issue (with its history count) as an .xlsx table or a .csv file, by the name.
    pub fn export_issues(&self, out: &Path, as_of: &AsOf, business: &str) -> Result<ExportCounts> {
        self.export_issues_watched(out, as_of, business, &mut NoExportWatch)
    }

    /// [`Store::export_issues`], reporting progress over the rows to `watch` and stopping with
    /// `Error::Cancelled` (no file written) when it asks.
    pub fn export_issues_watched(
        &self,
        out: &Path,
        as_of: &AsOf,
        business: &str,
        watch: &mut dyn ExportWatch,
    ) -> Result<ExportCounts> {
        let kind = TableFile::of(out)?;
        let sql = "SELECT i.id, cu.display_name, i.title, cat.name, i.priority, i.status, t.name, co.display_name,
                    i.opened_at, i.due_date, i.due_after_waits, i.closed_at, i.closed_how, i.satisfaction,
                    (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id), i.broken_promises
             FROM issues i JOIN contacts cu ON cu.id = i.customer_id
             LEFT JOIN issue_categories cat ON cat.id = i.category_id
             LEFT JOIN team_members t ON t.id = i.owner_id
             LEFT JOIN contacts co ON co.id = i.customer_owner_id
             ORDER BY i.id";
        let offset = as_of.offset_minutes;
        let today = as_of.today;
        let map = |r: &Row<'_>| -> rusqlite::Result<IssueReportRow> {
            let status: String = r.get(5)?;
            let opened: String = r.get(8)?;
            let effective: Option<NaiveDate> =
                r.get::<_, Option<String>>(10)?.and_then(|d| d.parse().ok());
            Ok(IssueReportRow {
                id: r.get(0)?,
                customer: r.get(1)?,
                title: r.get(2)?,
                category: r.get(3)?,
                priority: r.get(4)?,
                days_overdue: days_overdue(&status, effective, today),
                status,
                owner: r.get(6)?,
                customer_owner: r.get(7)?,
                opened: local_date(&opened, offset).unwrap_or(today),
                due: r.get::<_, Option<String>>(9)?.and_then(|d| d.parse().ok()),
                closed: r
                    .get::<_, Option<String>>(11)?
                    .and_then(|t| local_date(&t, offset)),
                closed_how: r.get(12)?,
                satisfaction: r.get(13)?,
                history_events: r.get(14)?,
                broken_promises: r.get(15)?,
            })
        };
        let n = count(self, "SELECT count(*) FROM issues", &[])?;
        let streamed = n >= STREAM_FROM_ROWS;
        let watched = Watched::new(watch, n);
        watched.report();
        watched.check()?;
        match kind {
            TableFile::Csv => {
                let written = write_atomically_with(out, |f| {
                    let mut w = std::io::BufWriter::new(f);
                    with_rows(self, sql, &[], map, |rows| {
                        issue_report_csv(&mut w, watched.rows(rows))
                    })
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                    // A stop during the rows: the temp file is dropped, nothing replaces `out`.
                    if watched.check().is_err() {
                        return Err(std::io::Error::other("cancelled"));
                    }
                    std::io::Write::flush(&mut w)
                });
                watched.check()?;
                written?;
            }
            TableFile::Xlsx => {
                let mut book = Book::new(business, today);
                book.set_streaming(streamed);
                let written = with_rows(self, sql, &[], map, |rows| {
                    write_issue_report(&mut book, n, watched.rows(rows))
                });
                watched.check()?;
                written?;
                book.save(out)?;
            }
        }
        watched.done.set(watched.total);
        watched.report();
        Ok(ExportCounts {
            file: out.display().to_string(),
            rows: n as u32,
            streamed: streamed && kind == TableFile::Xlsx,
        })
    }

    /// Writes every live contact as an .xlsx table or a .csv file, by the name.
    pub fn export_contact_list(
        &self,
        out: &Path,
        as_of: &AsOf,
        business: &str,
    ) -> Result<ExportCounts> {
        self.export_contact_list_watched(out, as_of, business, &mut NoExportWatch)
    }

    /// [`Store::export_contact_list`], reporting progress over the rows to `watch` and stopping
    /// with `Error::Cancelled` (no file written) when it asks.
    pub fn export_contact_list_watched(
        &self,
        out: &Path,
        as_of: &AsOf,
        business: &str,
        watch: &mut dyn ExportWatch,
    ) -> Result<ExportCounts> {
        let kind = TableFile::of(out)?;
        let contacts = self.all_contacts()?;
        let offset = as_of.offset_minutes;
        let rows = contacts.iter().map(|c| ContactRow {
            id: c.id,
            name: c.name.clone(),
            kind: c.kind.to_string(),
            organization: c.organization.clone(),
            job_title: c.job_title.clone(),
            emails: c.emails.join(", "),
            phones: c.phones.join(", "),
            city: c.address.locality.clone(),
            tags: c.tags.join(", "),
            customer_since: c.customer_since,
            renewal: c.renewal_date,
            last_contacted: c
                .last_contacted
                .as_deref()
                .and_then(|t| local_date(t, offset)),
        });
        let mut rows = rows;
        let streamed = contacts.len() >= STREAM_FROM_ROWS && kind == TableFile::Xlsx;
        let watched = Watched::new(watch, contacts.len());
        watched.report();
        watched.check()?;
        match kind {
            TableFile::Csv => {
                let written = write_atomically_with(out, |f| {
                    let mut w = std::io::BufWriter::new(f);
                    contact_list_csv(&mut w, watched.rows(&mut rows))
                        .map_err(|e| std::io::Error::other(e.to_string()))?;
                    if watched.check().is_err() {
                        return Err(std::io::Error::other("cancelled"));
                    }
                    std::io::Write::flush(&mut w)
                });
                watched.check()?;
                written?;
            }
            TableFile::Xlsx => {
                let mut book = Book::new(business, as_of.today);
                book.set_streaming(streamed);
                let written =
                    write_contact_list(&mut book, contacts.len(), watched.rows(&mut rows));
                watched.check()?;
                written?;
                book.save(out)?;
            }
        }
        watched.done.set(watched.total);
        watched.report();
        Ok(ExportCounts {
            file: out.display().to_string(),
            rows: contacts.len() as u32,
            streamed,
        })
    }

    /// Writes the minutes of one meeting.
    pub fn export_minutes(
        &self,
        meeting: i64,
        out: &Path,
        as_of: &AsOf,
        business: &str,
    ) -> Result<ExportCounts> {
        need_xlsx(out)?;
        let detail = self.meeting(meeting)?;
        let block = notes_block(&detail, as_of.offset_minutes);
        let actions: Vec<MinutesAction> = detail
            .actions
            .iter()
            .map(|a| MinutesAction {
                text: a.text.clone(),
                owner: a.owner.clone(),
                due: a.due,
                done: a.done,
            })
            .collect();
        let mut book = Book::new(business, as_of.today);
        write_minutes(&mut book, &block, &actions)?;
        book.save(out)?;
        Ok(ExportCounts {
            file: out.display().to_string(),
            rows: block.agenda.len() as u32,
            streamed: false,
        })
    }
}
