//! `rapport issues …`

use clap::Subcommand;
use rapport::issues::{
    AsOf, ClosedHow, EscalationLevel, EscalationRule, Issue, IssueFilter, IssueInput, IssueStatus,
    IssueUpdate, Priority,
};
use rapport::{Error, Result, Store};

use super::output::{print_id, print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum IssuesCommand {
    /// Open an issue for a customer; prints the new id.
    Add {
        #[arg(long, value_name = "ID")]
        customer: i64,
        #[arg(long)]
        title: String,
        /// The team member who owns it.
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// The customer's person responsible (a contact id).
        #[arg(long, value_name = "ID")]
        customer_owner: Option<i64>,
        /// The promised date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long, default_value = "normal")]
        priority: Priority,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List issues, soonest due first.
    List {
        #[arg(long)]
        status: Option<IssueStatus>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        #[arg(long, value_name = "ID")]
        customer: Option<i64>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        priority: Option<Priority>,
        /// Only issues past their due date.
        #[arg(long)]
        overdue: bool,
        /// Only issues still being worked on.
        #[arg(long)]
        active: bool,
        /// Only issues due within N days.
        #[arg(long, value_name = "N")]
        due_within: Option<u32>,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One issue with its history.
    Show {
        id: i64,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change an issue; every change is recorded in its history.
    Update {
        id: i64,
        #[arg(long)]
        status: Option<IssueStatus>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        #[arg(long, value_name = "ID")]
        customer_owner: Option<i64>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long)]
        priority: Option<Priority>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Close the loop: did the customer confirm they are satisfied with the fix?
    Close {
        id: i64,
        #[arg(
            long,
            conflicts_with = "unconfirmed",
            required_unless_present = "unconfirmed"
        )]
        confirmed: bool,
        #[arg(long)]
        unconfirmed: bool,
        /// The customer's satisfaction with the fix, 1 to 5 (with --confirmed).
        #[arg(long)]
        score: Option<u8>,
        #[arg(long)]
        comment: Option<String>,
    },
    /// What should escalate now, to whom and why (changes nothing).
    Escalations {
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Escalate an issue to a level of the ladder.
    Escalate {
        id: i64,
        #[arg(long)]
        level: u32,
        #[arg(long, default_value = "escalated by hand")]
        reason: String,
    },
    /// Show the escalation ladder, or replace it with `--level "N;TEAM_NAME;overdue_days|urgent_untouched_hours;THRESHOLD"`.
    Ladder {
        #[arg(long = "level", value_name = "SPEC")]
        levels: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Figures per owner and for the business.
    Stats {
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// "Now": the real clock, or noon on `--as-of` in the local time zone.
#[allow(clippy::disallowed_methods)]
pub(super) fn as_of(date: Option<&str>) -> Result<AsOf> {
    let now = match date {
        Some(d) => rapport::datetime::parse_datetime("as-of", d, &chrono::Local)?,
        None => chrono::Utc::now(),
    };
    Ok(AsOf::new(now, &chrono::Local))
}

fn owner_id(store: &Store, name: Option<&str>) -> Result<Option<i64>> {
    name.map(|n| store.team_member_id(n)).transpose()
}

fn print_issues(issues: &[Issue]) {
    if issues.is_empty() {
        println!("No issues.");
        return;
    }
    print_table(
        &[
            "ID", "CUSTOMER", "TITLE", "STATUS", "PRIORITY", "OWNER", "DUE", "OVERDUE",
        ],
        issues.iter().map(|i| {
            vec![
                i.id.to_string(),
                i.customer.clone(),
                i.title.clone(),
                i.status.to_string(),
                i.priority.to_string(),
                i.owner.clone().unwrap_or_default(),
                i.due.map(|d| d.to_string()).unwrap_or_default(),
                if i.overdue {
                    format!("{} d", i.days_overdue)
                } else {
                    String::new()
                },
            ]
        }),
    );
}

fn parse_level(spec: &str, store: &Store) -> Result<EscalationLevel> {
    let parts: Vec<&str> = spec.split(';').map(str::trim).collect();
    let [level, name, rule, threshold] = parts.as_slice() else {
        return Err(Error::invalid(
            "level",
            format!("'{spec}' is not LEVEL;TEAM_NAME;RULE;THRESHOLD"),
        ));
    };
    let number = |t: &str, what: &str| {
        t.parse::<u32>()
            .map_err(|_| Error::invalid("level", format!("'{t}' is not a whole number ({what})")))
    };
    Ok(EscalationLevel {
        level: number(level, "level")?,
        team_member_id: store.team_member_id(name)?,
        team_member: name.to_string(),
        rule: rule
            .parse::<EscalationRule>()
            .map_err(|e| Error::invalid("level", e))?,
        threshold: number(threshold, "threshold")?,
    })
}

pub fn run(store: &mut Store, cmd: IssuesCommand) -> Result<()> {
    match cmd {
        IssuesCommand::Add {
            customer,
            title,
            owner,
            customer_owner,
            due,
            priority,
            category,
            description,
            json,
        } => {
            let owner_id = owner_id(store, owner.as_deref())?;
            let id = store.add_issue(&IssueInput {
                customer_id: customer,
                title,
                description,
                category,
                priority,
                owner_id,
                customer_owner_id: customer_owner,
                due,
            })?;
            print_id(id, json);
        }
        IssuesCommand::List {
            status,
            owner,
            customer,
            category,
            priority,
            overdue,
            active,
            due_within,
            as_of: date,
            json,
        } => {
            let filter = IssueFilter {
                status,
                active,
                owner_id: owner_id(store, owner.as_deref())?,
                customer_id: customer,
                category,
                priority,
                overdue,
                due_within_days: due_within,
                ..Default::default()
            };
            let issues = store.list_issues(&filter, &as_of(date.as_deref())?)?;
            if json {
                print_json(&issues);
            } else {
                print_issues(&issues);
            }
        }
        IssuesCommand::Show {
            id,
            as_of: date,
            json,
        } => {
            let detail = store.issue_detail(id, &as_of(date.as_deref())?)?;
            if json {
                let mut value = serde_json::to_value(&detail.issue)
                    .map_err(|e| Error::Conflict(e.to_string()))?;
                value["history"] = serde_json::to_value(&detail.history)
                    .map_err(|e| Error::Conflict(e.to_string()))?;
                value["recent_interactions"] = serde_json::to_value(&detail.recent_interactions)
                    .map_err(|e| Error::Conflict(e.to_string()))?;
                print_json(&value);
            } else {
                print_issues(std::slice::from_ref(&detail.issue));
                println!();
                for e in &detail.history {
                    let change = match (&e.old_value, &e.new_value) {
                        (Some(o), Some(n)) => format!("{o} → {n}"),
                        (None, Some(n)) => n.clone(),
                        (Some(o), None) => format!("{o} → (none)"),
                        (None, None) => String::new(),
                    };
                    println!(
                        "  {}  {:<15} {}  {}",
                        e.at,
                        e.kind,
                        change,
                        e.note.clone().unwrap_or_default()
                    );
                }
            }
        }
        IssuesCommand::Update {
            id,
            status,
            owner,
            customer_owner,
            due,
            priority,
            category,
            comment,
        } => {
            let update = IssueUpdate {
                status,
                owner_id: owner_id(store, owner.as_deref())?,
                customer_owner_id: customer_owner,
                due,
                priority,
                category,
                comment,
                ..Default::default()
            };
            store.update_issue(id, &update)?;
        }
        IssuesCommand::Close {
            id,
            confirmed,
            unconfirmed: _,
            score,
            comment,
        } => {
            let how = if confirmed {
                ClosedHow::Confirmed
            } else {
                ClosedHow::Unconfirmed
            };
            store.close_issue(id, how, score, comment.as_deref())?;
        }
        IssuesCommand::Escalations { as_of: date, json } => {
            let due = store.escalations_due(&as_of(date.as_deref())?)?;
            if json {
                print_json(&due);
            } else if due.is_empty() {
                println!("Nothing needs escalating.");
            } else {
                print_table(
                    &["ISSUE", "CUSTOMER", "TITLE", "LEVEL", "TO", "WHY"],
                    due.iter().map(|s| {
                        vec![
                            s.issue.id.to_string(),
                            s.issue.customer.clone(),
                            s.issue.title.clone(),
                            s.level.to_string(),
                            s.to.clone(),
                            s.reason.clone(),
                        ]
                    }),
                );
            }
        }
        IssuesCommand::Escalate { id, level, reason } => {
            store.escalate_issue(id, level, &reason)?
        }
        IssuesCommand::Ladder { levels, json } => {
            if !levels.is_empty() {
                let parsed = levels
                    .iter()
                    .map(|l| parse_level(l, store))
                    .collect::<Result<Vec<_>>>()?;
                store.set_escalation_ladder(&parsed)?;
            }
            let ladder = store.escalation_ladder()?;
            if json {
                print_json(&ladder);
            } else {
                print_table(
                    &["LEVEL", "WHO", "RULE", "THRESHOLD"],
                    ladder.iter().map(|l| {
                        vec![
                            l.level.to_string(),
                            l.team_member.clone(),
                            l.rule.to_string(),
                            l.threshold.to_string(),
                        ]
                    }),
                );
            }
        }
        IssuesCommand::Stats { as_of: date, json } => {
            let stats = store.issue_stats(&as_of(date.as_deref())?)?;
            if json {
                print_json(&stats);
            } else {
                print_table(
                    &[
                        "OWNER",
                        "OPEN",
                        "OVERDUE",
                        "ON TIME",
                        "MEDIAN HOURS",
                        "BROKEN PROMISES",
                    ],
                    stats.owners.iter().map(|o| {
                        vec![
                            o.owner.clone(),
                            o.open.to_string(),
                            o.overdue.to_string(),
                            o.on_time_rate
                                .map(|r| format!("{r}%"))
                                .unwrap_or_else(|| "–".into()),
                            o.median_hours_to_resolve
                                .map(|h| h.to_string())
                                .unwrap_or_else(|| "–".into()),
                            o.broken_promises.to_string(),
                        ]
                    }),
                );
                let b = &stats.business;
                println!(
                    "\nClosed: {} ({} confirmed by the customer{})",
                    b.closed,
                    b.closed_confirmed,
                    b.confirmed_share
                        .map(|s| format!(", {s}%"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
