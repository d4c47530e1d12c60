//! `rapport profiles …` and `rapport kudos …`

use clap::Subcommand;
use rapport::issues::AsOf;
use rapport::profiles::{KickOutStatus, KudosInput, KudosSource, Level, NoteKind, Profile};
use rapport::{Result, Store};

use super::output::{print_id, print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// One customer's profile: level, signals with weights and evidence, gaps, kick-out factors, resolve-by.
    Show {
        customer: i64,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Customers at moderate vulnerability or worse, most severe first.
    List {
        /// Only customers at risk (the default and, for now, the only list).
        #[arg(long)]
        at_risk: bool,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record one answer of the interview form: how important an attribute is and how we are doing (1–5).
    Rate {
        customer: i64,
        #[arg(long)]
        attribute: String,
        #[arg(long)]
        importance: u8,
        #[arg(long)]
        performance: u8,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a future need (next 12 months) or an improvement area.
    Note {
        customer: i64,
        /// future_need or improvement.
        #[arg(long)]
        kind: NoteKind,
        #[arg(long)]
        text: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a kick-out factor (something that would make the customer leave).
    KickOut {
        customer: i64,
        #[arg(long)]
        description: String,
        /// present, watching or resolved.
        #[arg(long, default_value = "watching")]
        status: KickOutStatus,
        /// When to look at it again (becomes a reminder).
        #[arg(long, value_name = "YYYY-MM-DD")]
        review: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a kick-out factor's status (and review date).
    KickOutStatus {
        id: i64,
        #[arg(long)]
        status: KickOutStatus,
        #[arg(long, value_name = "YYYY-MM-DD")]
        review: Option<String>,
    },
    /// Set the vulnerability level by hand (`computed` to go back), with a reason kept in history.
    Override {
        customer: i64,
        /// none, moderate, significant, severe, or computed.
        #[arg(long)]
        level: String,
        #[arg(long)]
        reason: String,
    },
    /// Set the resolve-by date by hand (`suggested` to go back), with a reason kept in history.
    ResolveBy {
        customer: i64,
        /// YYYY-MM-DD, or suggested.
        #[arg(long)]
        date: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KudosCommand {
    /// Record praise from a customer, credited to a team member (or the business).
    Add {
        #[arg(long)]
        text: String,
        /// The team member credited (name); the business when absent.
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        #[arg(long, value_name = "ID")]
        customer: Option<i64>,
        /// The interaction the praise came in (id).
        #[arg(long, value_name = "ID")]
        interaction: Option<i64>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Praise, newest first (for one team member with --to).
    List {
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

fn as_of(date: Option<&str>) -> Result<AsOf> {
    super::issues::as_of(date)
}

fn day(field: &str, text: Option<&str>) -> Result<chrono::NaiveDate> {
    match text {
        Some(t) => Ok(rapport::datetime::parse_date(field, t)?),
        None => Ok(super::today()),
    }
}

pub fn run_profiles(store: &mut Store, cmd: ProfilesCommand) -> Result<()> {
    match cmd {
        ProfilesCommand::Show {
            customer,
            as_of: date,
            json,
        } => {
            let p = store.profile(customer, &as_of(date.as_deref())?)?;
            if json {
                print_json(&p);
            } else {
                print_profile(&p);
            }
        }
        ProfilesCommand::List {
            at_risk: _,
            as_of: date,
            json,
        } => {
            let list = store.at_risk(&as_of(date.as_deref())?)?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No customer is at risk.");
            } else {
                print_table(
                    &[
                        "ID",
                        "CUSTOMER",
                        "LEVEL",
                        "SCORE",
                        "TOP SIGNAL",
                        "RESOLVE BY",
                    ],
                    list.iter().map(|p| {
                        vec![
                            p.customer_id.to_string(),
                            p.name.clone(),
                            p.level.to_string(),
                            p.score.to_string(),
                            p.signals
                                .first()
                                .map(|s| s.label.to_string())
                                .unwrap_or_else(|| "set by hand".into()),
                            p.resolve_by.map(|d| d.to_string()).unwrap_or_default(),
                        ]
                    }),
                );
            }
        }
        ProfilesCommand::Rate {
            customer,
            attribute,
            importance,
            performance,
            on,
            json,
        } => {
            let on = day("on", on.as_deref())?;
            let id = store.rate_attribute(customer, &attribute, importance, performance, on)?;
            print_id(id, json);
        }
        ProfilesCommand::Note {
            customer,
            kind,
            text,
            on,
            json,
        } => {
            let on = day("on", on.as_deref())?;
            print_id(store.add_profile_note(customer, kind, &text, on)?, json);
        }
        ProfilesCommand::KickOut {
            customer,
            description,
            status,
            review,
            json,
        } => {
            let review = review
                .as_deref()
                .map(|r| rapport::datetime::parse_date("review", r))
                .transpose()?;
            let id = store.add_kick_out_factor(customer, &description, status, review)?;
            print_id(id, json);
        }
        ProfilesCommand::KickOutStatus { id, status, review } => {
            let review = review
                .as_deref()
                .map(|r| rapport::datetime::parse_date("review", r))
                .transpose()?;
            store.update_kick_out_factor(id, status, review)?;
            println!("Kick-out factor {id} is now {status}.");
        }
        ProfilesCommand::Override {
            customer,
            level,
            reason,
        } => {
            let level = if level.trim().eq_ignore_ascii_case("computed") {
                None
            } else {
                Some(
                    level
                        .parse::<Level>()
                        .map_err(|m| rapport::Error::invalid("level", m))?,
                )
            };
            store.set_vulnerability(customer, level, &reason)?;
            println!("Saved.");
        }
        ProfilesCommand::ResolveBy {
            customer,
            date,
            reason,
        } => {
            let date = if date.trim().eq_ignore_ascii_case("suggested") {
                None
            } else {
                Some(rapport::datetime::parse_date("date", &date)?)
            };
            store.set_resolve_by(customer, date, &reason)?;
            println!("Saved.");
        }
    }
    Ok(())
}

pub fn run_kudos(store: &mut Store, cmd: KudosCommand) -> Result<()> {
    match cmd {
        KudosCommand::Add {
            text,
            to,
            customer,
            interaction,
            on,
            json,
        } => {
            let team_member_id = to.map(|n| store.team_member_id(&n)).transpose()?;
            let id = store.add_kudos(&KudosInput {
                team_member_id,
                customer_id: customer,
                text,
                received_on: day("on", on.as_deref())?,
                source: if interaction.is_some() {
                    KudosSource::Interaction
                } else {
                    KudosSource::Manual
                },
                interaction_id: interaction,
            })?;
            print_id(id, json);
        }
        KudosCommand::List { to, limit, json } => {
            let member = to.map(|n| store.team_member_id(&n)).transpose()?;
            let list = store.kudos(member, limit)?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No kudos yet.");
            } else {
                print_table(
                    &["DATE", "FOR", "FROM", "PRAISE"],
                    list.iter().map(|k| {
                        vec![
                            k.received_on.to_string(),
                            k.credited_to.clone(),
                            k.customer.clone().unwrap_or_default(),
                            k.text.clone(),
                        ]
                    }),
                );
            }
        }
    }
    Ok(())
}

fn print_profile(p: &Profile) {
    println!("{} (customer {})", p.name, p.customer_id);
    match &p.level_reason {
        Some(reason) => println!(
            "Vulnerability: {} (set by hand: {reason}; computed: {})",
            p.level, p.computed_level
        ),
        None => println!("Vulnerability: {} (score {})", p.level, p.score),
    }
    if let Some(d) = p.resolve_by {
        println!("Resolve by: {d}");
    }
    if !p.signals.is_empty() {
        println!("\nSignals:");
        for s in &p.signals {
            println!("  [{}] {}", s.weight, s.label);
            for e in &s.evidence {
                let on = e.date.map(|d| format!("{d}: ")).unwrap_or_default();
                println!("      {on}{}", e.text);
            }
        }
    }
    if !p.gaps.is_empty() {
        println!("\nExpectations vs performance:");
        for g in &p.gaps {
            println!(
                "  {}: importance {}, performance {}, gap {:+}",
                g.attribute, g.importance, g.performance, g.gap
            );
        }
    }
    if !p.kick_out_factors.is_empty() {
        println!("\nKick-out factors:");
        for k in &p.kick_out_factors {
            let review = k
                .review_on
                .map(|d| format!(" (review {d})"))
                .unwrap_or_default();
            println!("  {} [{}]{review}", k.description, k.status);
        }
    }
    for (title, notes) in [
        ("Future needs", &p.future_needs),
        ("Improvement areas", &p.improvement_areas),
    ] {
        if !notes.is_empty() {
            println!("\n{title}:");
            for n in notes {
                println!("  {}: {}", n.noted_on, n.text);
            }
        }
    }
}
