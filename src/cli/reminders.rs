//! `rapport followups …`, `rapport reminders …` and `rapport export calendar`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use rapport::reminders::rules::{parse_days, parse_due, parse_every};
use rapport::reminders::{FollowUp, FollowUpFilter, FollowUpInput, ReminderKind, ReminderWindow};
use rapport::{Error, Result, Store};

use super::output::{print_id, print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum FollowupsCommand {
    /// Add a follow-up for a contact; prints the new id.
    Add {
        #[arg(long, value_name = "ID")]
        contact: i64,
        /// The date, with an optional local time: YYYY-MM-DD or YYYY-MM-DDTHH:MM.
        #[arg(long, value_name = "DATE[THH:MM]")]
        due: String,
        /// Repeat on a schedule counted from the due date: 30d, 2w, 1m …
        #[arg(long, value_name = "PERIOD", conflicts_with = "stay_in_touch")]
        every: Option<String>,
        /// Due this long after the last interaction with the contact (and not before --due): 30d, 6w …
        #[arg(long, value_name = "PERIOD")]
        stay_in_touch: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// The customer issue it is about (id).
        #[arg(long, value_name = "ID")]
        issue: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Pending follow-ups, soonest first.
    List {
        #[arg(long, value_name = "ID")]
        contact: Option<i64>,
        /// Include finished one-offs.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One follow-up.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Mark the pending occurrence done (a recurring follow-up moves to its next date).
    Done {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Skip the pending occurrence of a recurring or stay-in-touch follow-up.
    Skip {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show the pending occurrence later: a date, or a period from today (1d, 1w).
    Snooze {
        id: i64,
        #[arg(long, value_name = "DATE|1d|1w")]
        until: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Every reminder on a day, or within N days of it: birthdays, follow-ups, renewals, issue due dates.
    Due {
        /// The first day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        /// How many days after it to include too (default 0: that day only).
        #[arg(long, value_name = "DAYS", default_value_t = 0)]
        within: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show the reminder settings, or change some of them.
    Settings {
        /// Also remind this many days before a birthday (0: on the day only).
        #[arg(long, value_name = "DAYS")]
        birthday_lead_days: Option<u32>,
        /// Also remind this many days before a renewal date.
        #[arg(long, value_name = "DAYS")]
        renewal_lead_days: Option<u32>,
        /// Remind of customer-since anniversaries: on or off.
        #[arg(long, value_name = "on|off")]
        anniversaries: Option<OnOff>,
        /// Remind owners of issue due dates: on or off.
        #[arg(long, value_name = "on|off")]
        issue_due_dates: Option<OnOff>,
        /// When all-day reminders are delivered (HH:MM).
        #[arg(long, value_name = "HH:MM")]
        notify_time: Option<String>,
        /// No desktop notifications from HH:MM until HH:MM (e.g. 22:00-07:00), or `off`.
        #[arg(long, value_name = "HH:MM-HH:MM|off")]
        quiet_hours: Option<String>,
        /// No desktop notifications for this kind (birthday, follow_up, renewal, …).
        #[arg(long, value_name = "KIND")]
        mute: Vec<String>,
        /// Desktop notifications again for this kind.
        #[arg(long, value_name = "KIND")]
        unmute: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a survey's results as a workbook: summary with flags, attributes, Pareto, comments, charts.
    Survey {
        id: i64,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// Write birthdays, follow-ups and issue due dates as an iCalendar (.ics) file.
    Calendar {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write a customer's relationship profile (or every at-risk customer's) as a printable workbook.
    Profile {
        /// The customer (contact id); or use --at-risk.
        #[arg(required_unless_present = "at_risk", conflicts_with = "at_risk")]
        customer: Option<i64>,
        /// One sheet per customer at moderate vulnerability or worse.
        #[arg(long)]
        at_risk: bool,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write everything into a folder: contacts.vcf and one CSV per table.
    All {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The status meeting pack (.xlsx): summary, open issues, timeline, action items, notes, workload.
    MeetingPack(super::workbooks::PackArgs),
    /// Every issue with its history count, as .xlsx or .csv (by the file name).
    Issues(super::workbooks::TableArgs),
    /// Every contact, as .xlsx or .csv (by the file name).
    Contacts(super::workbooks::TableArgs),
    /// The minutes of one meeting (.xlsx).
    Minutes(super::workbooks::MinutesArgs),
}

/// "Now" from the system clock: the CLI is an outer face, so it may read it.
#[allow(clippy::disallowed_methods)]
fn now() -> DateTime<Utc> {
    Utc::now()
}

fn print_follow_ups(items: &[FollowUp]) {
    if items.is_empty() {
        println!("No follow-ups.");
        return;
    }
    print_table(
        &["ID", "CONTACT", "NEXT", "TIME", "REPEAT", "NOTE"],
        items.iter().map(|f| {
            let repeat = match (f.repeat, f.stay_in_touch_days) {
                (Some(r), _) => format!("every {} {}", r.every, r.unit),
                (None, Some(d)) => format!("stay in touch {d} d"),
                (None, None) => String::new(),
            };
            vec![
                f.id.to_string(),
                f.contact.clone(),
                match (&f.next, &f.done_at) {
                    (Some(n), _) => n.to_string(),
                    (None, Some(_)) => "done".into(),
                    (None, None) => String::new(),
                },
                f.due_time.clone().unwrap_or_default(),
                repeat,
                f.note.clone().unwrap_or_default(),
            ]
        }),
    );
}

fn print_one(f: &FollowUp, json: bool) {
    if json {
        print_json(f);
    } else {
        print_follow_ups(std::slice::from_ref(f));
    }
}

pub fn run_followups(store: &mut Store, cmd: FollowupsCommand) -> Result<()> {
    let tz = chrono::Local;
    match cmd {
        FollowupsCommand::Add {
            contact,
            due,
            every,
            stay_in_touch,
            note,
            issue,
            json,
        } => {
            let (date, time) = parse_due("due", &due)?;
            let input = FollowUpInput {
                contact_id: contact,
                issue_id: issue,
                due_date: date.to_string(),
                due_time: time.map(|t| t.format("%H:%M").to_string()),
                repeat: every.map(|e| parse_every("every", &e)).transpose()?,
                stay_in_touch_days: stay_in_touch
                    .map(|s| parse_days("stay_in_touch", &s))
                    .transpose()?,
                note,
            };
            print_id(store.add_follow_up(&input)?, json);
        }
        FollowupsCommand::List { contact, all, json } => {
            let filter = FollowUpFilter {
                contact_id: contact,
                include_done: all,
                ..Default::default()
            };
            let items = store.list_follow_ups(&filter, &tz)?;
            if json {
                print_json(&items);
            } else {
                print_follow_ups(&items);
            }
        }
        FollowupsCommand::Show { id, json } => print_one(&store.follow_up(id, &tz)?, json),
        FollowupsCommand::Done { id, json } => {
            print_one(&store.complete_follow_up(id, now(), &tz)?, json)
        }
        FollowupsCommand::Skip { id, json } => {
            print_one(&store.skip_follow_up(id, now(), &tz)?, json)
        }
        FollowupsCommand::Snooze { id, until, json } => {
            print_one(&store.snooze_follow_up(id, &until, now(), &tz)?, json)
        }
    }
    Ok(())
}

pub fn run_reminders(store: &mut Store, cmd: RemindersCommand) -> Result<()> {
    let tz = chrono::Local;
    match cmd {
        RemindersCommand::Due { on, within, json } => {
            // With --on, "now" is noon that day (local), as --as-of is for issues.
            let now = match on.as_deref() {
                Some(d) => {
                    rapport::datetime::parse_date("on", d)?;
                    rapport::datetime::parse_datetime("on", d, &tz)?
                }
                None => now(),
            };
            let from = now.with_timezone(&tz).date_naive();
            let due = store.reminders_due(now, &tz, ReminderWindow::days(from, within))?;
            if json {
                print_json(&due);
            } else if due.is_empty() {
                println!("No reminders.");
            } else {
                print_table(
                    &["DATE", "TIME", "KIND", "CONTACT", "TITLE", "WHY"],
                    due.iter().map(|r| {
                        vec![
                            r.date.to_string(),
                            r.time.clone().unwrap_or_default(),
                            if r.overdue {
                                format!("{} (overdue)", r.kind)
                            } else {
                                r.kind.to_string()
                            },
                            r.contact.clone(),
                            r.title.clone(),
                            r.why.clone(),
                        ]
                    }),
                );
            }
        }
        RemindersCommand::Settings {
            birthday_lead_days,
            renewal_lead_days,
            anniversaries,
            issue_due_dates,
            notify_time,
            quiet_hours,
            mute,
            unmute,
            json,
        } => {
            let mut s = store.reminder_settings()?;
            let changed = birthday_lead_days.is_some()
                || renewal_lead_days.is_some()
                || anniversaries.is_some()
                || issue_due_dates.is_some()
                || notify_time.is_some()
                || quiet_hours.is_some()
                || !mute.is_empty()
                || !unmute.is_empty();
            if let Some(q) = quiet_hours {
                (s.quiet_from, s.quiet_until) = match q.trim() {
                    "off" => (None, None),
                    range => match range.split_once('-') {
                        Some((from, until)) => {
                            (Some(from.trim().into()), Some(until.trim().into()))
                        }
                        None => {
                            return Err(Error::invalid(
                                "quiet_hours",
                                format!("'{range}': give HH:MM-HH:MM (e.g. 22:00-07:00) or off"),
                            ))
                        }
                    },
                };
            }
            let kinds = |field: &str, names: &[String]| -> Result<Vec<ReminderKind>> {
                names
                    .iter()
                    .map(|n| {
                        n.parse::<ReminderKind>().map_err(|_| {
                            Error::invalid(
                                field,
                                format!("'{n}' is not a reminder kind (birthday, follow_up, renewal, customer_anniversary, issue_due, meeting)"),
                            )
                        })
                    })
                    .collect()
            };
            let (mute, unmute) = (kinds("mute", &mute)?, kinds("unmute", &unmute)?);
            s.muted_kinds.retain(|k| !unmute.contains(k));
            s.muted_kinds.extend(mute);
            if let Some(d) = birthday_lead_days {
                s.birthday_lead_days = d;
            }
            if let Some(d) = renewal_lead_days {
                s.renewal_lead_days = d;
            }
            if let Some(a) = anniversaries {
                s.customer_anniversaries = matches!(a, OnOff::On);
            }
            if let Some(i) = issue_due_dates {
                s.issue_due_dates = matches!(i, OnOff::On);
            }
            if let Some(t) = notify_time {
                s.notify_time = t;
            }
            if changed {
                store.set_reminder_settings(&s)?;
                s = store.reminder_settings()?;
            }
            if json {
                print_json(&s);
            } else {
                let on = |b: bool| if b { "on" } else { "off" };
                println!("birthday lead days:      {}", s.birthday_lead_days);
                println!("renewal lead days:       {}", s.renewal_lead_days);
                println!("customer anniversaries:  {}", on(s.customer_anniversaries));
                println!("issue due dates:         {}", on(s.issue_due_dates));
                println!("notify time:             {}", s.notify_time);
                match (&s.quiet_from, &s.quiet_until) {
                    (Some(f), Some(u)) => println!("quiet hours:             {f}-{u}"),
                    _ => println!("quiet hours:             off"),
                }
                let muted: Vec<String> = s.muted_kinds.iter().map(|k| k.to_string()).collect();
                println!(
                    "muted notifications:     {}",
                    if muted.is_empty() {
                        "none".to_string()
                    } else {
                        muted.join(", ")
                    }
                );
            }
        }
    }
    Ok(())
}

pub fn run_export(store: &mut Store, cmd: ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::Survey { id, out } => {
            let report = store.survey_report(id)?;
            let book =
                rapport::export::survey_book(&report, &store.business_name()?, super::today())?;
            book.save(&out)?;
            println!("Wrote survey {id} to {}", out.display());
        }
        ExportCommand::Profile {
            customer,
            at_risk,
            out,
            as_of,
        } => {
            let as_of = super::issues::as_of(as_of.as_deref())?;
            let profiles = match customer {
                Some(id) if !at_risk => vec![store.profile(id, &as_of)?],
                _ => store.at_risk(&as_of)?,
            };
            let book =
                rapport::export::profiles_book(&profiles, &store.business_name()?, as_of.today)?;
            book.save(&out)?;
            println!(
                "Wrote {} profile{} to {}",
                profiles.len(),
                if profiles.len() == 1 { "" } else { "s" },
                out.display()
            );
        }
        ExportCommand::MeetingPack(args) => super::workbooks::meeting_pack(store, args)?,
        ExportCommand::Issues(args) => super::workbooks::issues(store, args)?,
        ExportCommand::Contacts(args) => super::workbooks::contacts(store, args)?,
        ExportCommand::Minutes(args) => super::workbooks::minutes(store, args)?,
        ExportCommand::Calendar { out, json } => {
            if out.as_os_str().is_empty() {
                return Err(Error::invalid("out", "name the .ics file to write"));
            }
            let counts = store.export_calendar(&out, now(), &chrono::Local)?;
            if json {
                print_json(&serde_json::json!({
                    "file": out.display().to_string(),
                    "birthdays": counts.birthdays,
                    "follow_ups": counts.follow_ups,
                    "issue_due_dates": counts.issue_due_dates,
                }));
            } else {
                println!(
                    "Wrote {} birthdays, {} follow-ups and {} issue due dates to {}",
                    counts.birthdays,
                    counts.follow_ups,
                    counts.issue_due_dates,
                    out.display()
                );
            }
        }
        ExportCommand::All { out, json } => super::exchange::export_all(store, &out, json)?,
    }
    Ok(())
}
