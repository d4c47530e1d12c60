//! Argument parsing and dispatch. The names of commands, flags and JSON fields are a contract
//! (PRODUCT.md, "CLI conventions"): scripts and tests rely on them.

mod contacts;
mod exchange;
mod issues;
mod meetings;
mod output;
mod profiles;
mod reminders;
mod surveys;
mod workbooks;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rapport::interactions::{InteractionChannel, InteractionInput, Tone};
use rapport::{Result, Store};

use output::{print_json, print_table};

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Rapport: keep your customers happy (command-line face)"
)]
pub struct Cli {
    /// The data folder (default: RAPPORT_DATA_DIR, else the app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// People and organisations.
    #[command(subcommand)]
    Contacts(Box<contacts::ContactsCommand>),
    /// Customer issues: owners, due dates, escalation, closing the loop.
    #[command(subcommand)]
    Issues(Box<issues::IssuesCommand>),
    /// Status meetings: agenda, notes, happiness poll, action items, the next meeting.
    #[command(subcommand)]
    Meetings(Box<meetings::MeetingsCommand>),
    /// Follow-ups: one-off, recurring, or "stay in touch".
    #[command(subcommand)]
    Followups(Box<reminders::FollowupsCommand>),
    /// Birthdays, follow-ups, renewals and issue due dates falling on a day; reminder settings.
    #[command(subcommand)]
    Reminders(Box<reminders::RemindersCommand>),
    /// Satisfaction surveys imported from spreadsheets: CSAT, NPS, Pareto, links to issues.
    #[command(subcommand)]
    Surveys(Box<surveys::SurveysCommand>),
    /// Exports: the calendar (.ics), workbooks (.xlsx) and tables (.csv).
    #[command(subcommand)]
    Export(reminders::ExportCommand),
    /// Customer relationship profiles: vulnerability with its reasons, gaps, kick-out factors.
    #[command(subcommand)]
    Profiles(Box<profiles::ProfilesCommand>),
    /// Praise from customers, credited to the team.
    #[command(subcommand)]
    Kudos(Box<profiles::KudosCommand>),
    /// The timeline of calls, emails, visits, messages and notes.
    #[command(subcommand)]
    Interactions(InteractionsCommand),
    /// Your own staff.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Deleted contacts, until the Trash is emptied.
    #[command(subcommand)]
    Trash(TrashCommand),
    /// Write a consistent copy of the data file (safe while the app is open).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the data with a backup file (the current data is saved to backups/ first).
    Restore { file: PathBuf },
    /// Check the data file's integrity; exits non-zero on any problem.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Show the business's name (printed on workbooks), or set it.
    BusinessName { name: Option<String> },
    /// Print where the data lives.
    Where {
        #[arg(long)]
        json: bool,
    },
    /// Developer tools.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
enum InteractionsCommand {
    /// Log an interaction with a contact.
    Add {
        #[arg(long)]
        contact: i64,
        /// call, email, visit, message or note.
        #[arg(long)]
        channel: InteractionChannel,
        #[arg(long)]
        summary: String,
        /// positive, neutral or negative.
        #[arg(long, default_value = "neutral")]
        tone: Tone,
        /// When it happened (ISO 8601, local time unless a zone is given); now by default.
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// The team member who spoke with the customer (id).
        #[arg(long)]
        by: Option<i64>,
        /// The customer issue it is about (id); the contact must be that issue's customer.
        #[arg(long, value_name = "ID")]
        issue: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// A contact's timeline, newest first.
    List {
        #[arg(long)]
        contact: i64,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TeamCommand {
    /// Add a team member.
    Add {
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the team.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TrashCommand {
    /// What is in the Trash.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete everything in the Trash for good.
    Empty {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DevCommand {
    /// Add made-up contacts (and issues for them) in one transaction each (benchmarks, demos).
    Seed {
        #[arg(long, default_value_t = 0)]
        contacts: usize,
        /// Issues spread over the first (up to 20,000) contacts.
        #[arg(long, default_value_t = 0)]
        issues: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a made-up survey export (.xlsx, 20 columns) of N responses (benchmarks, demos).
    SurveySheet {
        #[arg(long)]
        rows: usize,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn open(data_dir: Option<PathBuf>) -> Result<Store> {
    let dir = match data_dir {
        Some(d) => d,
        None => rapport::store::default_data_dir()?,
    };
    let mut store = Store::open_in(&dir)?;
    store.set_utc_offset_minutes(local_offset_minutes());
    Ok(store)
}

/// The local offset from UTC now, in minutes (the CLI is an outer face: it may ask the system).
#[allow(clippy::disallowed_methods)]
fn local_offset_minutes() -> i32 {
    use chrono::Offset;
    chrono::Local::now().offset().fix().local_minus_utc() / 60
}

/// The local "now" of the person at the keyboard: the CLI is an outer face, so it may read the clock.
#[allow(clippy::disallowed_methods)]
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let mut store = open(cli.data_dir)?;
    match cli.command {
        Command::Contacts(cmd) => contacts::run(&mut store, *cmd)?,
        Command::Issues(cmd) => issues::run(&mut store, *cmd)?,
        Command::Meetings(cmd) => meetings::run(&mut store, *cmd)?,
        Command::Followups(cmd) => reminders::run_followups(&mut store, *cmd)?,
        Command::Reminders(cmd) => reminders::run_reminders(&mut store, *cmd)?,
        Command::Surveys(cmd) => surveys::run(&mut store, *cmd)?,
        Command::Export(cmd) => reminders::run_export(&mut store, cmd)?,
        Command::Profiles(cmd) => profiles::run_profiles(&mut store, *cmd)?,
        Command::Kudos(cmd) => profiles::run_kudos(&mut store, *cmd)?,
        Command::Interactions(InteractionsCommand::Add {
            contact,
            channel,
            summary,
            tone,
            at,
            by,
            issue,
            json,
        }) => {
            let occurred_at = at
                .map(|t| rapport::datetime::parse_datetime("at", &t, &chrono::Local))
                .transpose()?;
            let id = store.add_interaction(&InteractionInput {
                contact_id: contact,
                occurred_at,
                channel,
                summary,
                tone,
                team_member_id: by,
                issue_id: issue,
            })?;
            output::print_id(id, json);
        }
        Command::Interactions(InteractionsCommand::List {
            contact,
            limit,
            json,
        }) => {
            store.contact(contact)?;
            let items = store.interactions(contact, limit)?;
            if json {
                print_json(&items);
            } else {
                print_table(
                    &["ID", "WHEN", "CHANNEL", "TONE", "SUMMARY"],
                    items.iter().map(|i| {
                        vec![
                            i.id.to_string(),
                            i.occurred_at.clone(),
                            i.channel.to_string(),
                            i.tone.to_string(),
                            i.summary.clone(),
                        ]
                    }),
                );
            }
        }
        Command::Team(TeamCommand::Add { name, email, json }) => {
            let id = store.add_team_member(&name, email.as_deref())?;
            output::print_id(id, json);
        }
        Command::Team(TeamCommand::List { json }) => {
            let team = store.team()?;
            if json {
                print_json(&team);
            } else {
                print_table(
                    &["ID", "NAME", "EMAIL", "ACTIVE"],
                    team.iter().map(|m| {
                        vec![
                            m.id.to_string(),
                            m.name.clone(),
                            m.email.clone().unwrap_or_default(),
                            if m.active { "yes" } else { "no" }.to_string(),
                        ]
                    }),
                );
            }
        }
        Command::Trash(TrashCommand::List { json }) => {
            let items = store.trash()?;
            if json {
                print_json(&items);
            } else if items.is_empty() {
                println!("The Trash is empty.");
            } else {
                print_table(
                    &["ID", "KIND", "NAME", "DELETED"],
                    items.iter().map(|t| {
                        vec![
                            t.id.to_string(),
                            t.kind.to_string(),
                            t.name.clone(),
                            t.deleted_at.clone(),
                        ]
                    }),
                );
            }
        }
        Command::Trash(TrashCommand::Empty { json }) => {
            let removed = store.empty_trash()?;
            if json {
                print_json(&serde_json::json!({ "removed": removed }));
            } else {
                println!("Removed {removed} contact(s) for good.");
            }
        }
        Command::Backup { out } => {
            store.backup_to(&out)?;
            println!("Backed up to {}", out.display());
        }
        Command::Restore { file } => {
            let saved = store.restore_from(&file)?;
            println!(
                "Restored from {}. The data it replaced is saved in {}",
                file.display(),
                saved.display()
            );
        }
        Command::Check { json } => {
            let report = store.check()?;
            if json {
                print_json(&report);
            } else {
                println!("{}", report.path);
                println!(
                    "schema version {} (this build: {}), {} contacts",
                    report.schema_version, report.supported_version, report.contacts
                );
                for p in &report.problems {
                    println!("problem: {p}");
                }
                if report.is_ok() {
                    println!("ok");
                }
            }
            if !report.is_ok() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::BusinessName { name } => {
            if let Some(name) = name {
                store.set_business_name(&name)?;
            }
            println!("{}", store.business_name()?);
        }
        Command::Where { json } => {
            let info = serde_json::json!({
                "data_dir": store.data_dir().display().to_string(),
                "database": store.path().display().to_string(),
                "backups": store.backup_dir().display().to_string(),
            });
            if json {
                print_json(&info);
            } else {
                println!("data folder: {}", store.data_dir().display());
                println!("database:    {}", store.path().display());
                println!("backups:     {}", store.backup_dir().display());
            }
        }
        Command::Dev(DevCommand::SurveySheet { rows, out, seed }) => {
            let bytes = rapport::dev::survey_workbook(rows, seed)?;
            rapport::export::write_atomically(&out, &bytes)?;
            println!("Wrote {rows} responses to {}", out.display());
        }
        Command::Dev(DevCommand::Seed {
            contacts,
            issues,
            seed,
        }) => {
            if contacts > 0 {
                let inputs = rapport::dev::sample_contacts(contacts, seed);
                let ids = store.add_contacts(&inputs)?;
                println!("Added {} contacts.", ids.len());
            }
            if issues > 0 {
                rapport::dev::seed_issues(&mut store, issues, 20_000, seed)?;
                println!("Added {issues} issues.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
