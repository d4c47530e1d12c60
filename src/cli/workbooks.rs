//! `rapport export meeting-pack | issues | contacts | minutes`: the workbooks (and CSV tables).

use std::path::PathBuf;

use clap::Args;
use rapport::issues::AsOf;
use rapport::reports::ExportCounts;
use rapport::{Result, Store};

use super::output::print_json;

/// The business name printed in the page header: `--business`, else the one saved with
/// `rapport business-name`.
#[derive(Debug, Args)]
pub struct Common {
    /// The business name in the page header (default: the saved business name).
    #[arg(long, value_name = "NAME")]
    business: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
    /// One customer (contact id); all customers when left out.
    #[arg(long, value_name = "ID")]
    customer: Option<i64>,
    /// The date the pack is as of (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
pub struct TableArgs {
    #[arg(long, value_name = "FILE.xlsx|FILE.csv")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
pub struct MinutesArgs {
    meeting: i64,
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// "Now" from the system clock and zone (the CLI is an outer face); a date asked about is taken at
/// noon that day.
#[allow(clippy::disallowed_methods)]
fn as_of(date: Option<&str>) -> Result<AsOf> {
    let now = chrono::Utc::now();
    match date {
        None => Ok(AsOf::new(now, &chrono::Local)),
        Some(d) => {
            let day = rapport::datetime::parse_date("as_of", d)?;
            let noon =
                rapport::datetime::parse_datetime("as_of", &day.to_string(), &chrono::Local)?;
            Ok(AsOf::new(noon, &chrono::Local))
        }
    }
}

fn business(store: &Store, c: &Common) -> Result<String> {
    match c
        .business
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        Some(b) => Ok(b.to_string()),
        None => store.business_name(),
    }
}

fn report(counts: &ExportCounts, what: &str, json: bool) {
    if json {
        print_json(counts);
    } else {
        println!("Wrote {} {what} to {}", counts.rows, counts.file);
    }
}

pub fn meeting_pack(store: &Store, a: PackArgs) -> Result<()> {
    let when = as_of(a.as_of.as_deref())?;
    let counts =
        store.export_meeting_pack(&a.out, a.customer, &when, &business(store, &a.common)?)?;
    report(&counts, "open issues", a.common.json);
    Ok(())
}

pub fn issues(store: &Store, a: TableArgs) -> Result<()> {
    let counts = store.export_issues(&a.out, &as_of(None)?, &business(store, &a.common)?)?;
    report(&counts, "issues", a.common.json);
    Ok(())
}

pub fn contacts(store: &Store, a: TableArgs) -> Result<()> {
    let counts = store.export_contact_list(&a.out, &as_of(None)?, &business(store, &a.common)?)?;
    report(&counts, "contacts", a.common.json);
    Ok(())
}

pub fn minutes(store: &Store, a: MinutesArgs) -> Result<()> {
    let counts = store.export_minutes(
        a.meeting,
        &a.out,
        &as_of(None)?,
        &business(store, &a.common)?,
    )?;
    report(&counts, "agenda lines", a.common.json);
    Ok(())
}
