//! `rapport surveys import | list | report | responses | act | link`: satisfaction surveys from
//! spreadsheets (issue 7).

use std::path::PathBuf;

use clap::Subcommand;
use rapport::surveys::{ImportOptions, ImportReport, Overrides, SurveyReport};
use rapport::{Result, Store};

use super::output::{print_json, print_table};

#[derive(Debug, Subcommand)]
pub enum SurveysCommand {
    /// Import a survey tool's export (.xlsx, .xls, .ods, .csv) as one survey: all rows or none.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The survey's name.
        #[arg(long)]
        name: String,
        /// A saved mapping to read the file with; the confirmed mapping is saved under this name
        /// (without it, under the tool's name: google_forms, surveymonkey …).
        #[arg(long, value_name = "P")]
        profile: Option<String>,
        /// The 0–10 "would you recommend" question's header.
        #[arg(long, value_name = "HEADER")]
        nps_column: Option<String>,
        /// The 1–5 satisfaction question's header.
        #[arg(long, value_name = "HEADER")]
        csat_column: Option<String>,
        #[arg(long, value_name = "HEADER")]
        email_column: Option<String>,
        #[arg(long, value_name = "HEADER")]
        date_column: Option<String>,
        /// Dates such as 05/01/2020 are 5 January.
        #[arg(long, conflicts_with = "month_first")]
        day_first: bool,
        /// Dates such as 05/01/2020 are 1 May.
        #[arg(long)]
        month_first: bool,
        /// How many customers were asked (for the response rate).
        #[arg(long, value_name = "N")]
        invited: Option<u32>,
        /// Warn about respondents surveyed within this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 90)]
        guard_days: u32,
        /// Import the good rows and list the rows with bad cells, instead of failing.
        #[arg(long)]
        skip_bad_rows: bool,
        /// Read and check the file, report what would happen, write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// The imported surveys.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A survey's figures: CSAT, NPS, margins, attributes, Pareto of causes, trend.
    Report {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// A survey's responses, with their contacts and issues.
    Responses {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Take action: open an issue from a (low-score) response, linked to it.
    Act {
        #[arg(value_name = "RESPONSE_ID")]
        response: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A blank survey sheet: one row per customer (with the tag), drop-downs for the scores, the
    /// header locked. Import it back when filled: no mapping needed.
    Template {
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long, value_name = "T")]
        tag: Option<String>,
    },
    /// Match a response to a contact (an unmatched respondent: link them, or create the contact first).
    Match {
        #[arg(value_name = "RESPONSE_ID")]
        response: i64,
        #[arg(long)]
        contact: i64,
    },
    /// Link a response to one of its customer's issues (or unlink with --none).
    Link {
        #[arg(value_name = "RESPONSE_ID")]
        response: i64,
        #[arg(long, required_unless_present = "none")]
        issue: Option<i64>,
        #[arg(long)]
        none: bool,
    },
}

pub fn run(store: &mut Store, cmd: SurveysCommand) -> Result<()> {
    match cmd {
        SurveysCommand::Import {
            file,
            name,
            profile,
            nps_column,
            csat_column,
            email_column,
            date_column,
            day_first,
            month_first,
            invited,
            guard_days,
            skip_bad_rows,
            dry_run,
            json,
        } => {
            let options = ImportOptions {
                name,
                profile,
                overrides: Overrides {
                    nps_column,
                    csat_column,
                    email_column,
                    date_column,
                    day_first: if day_first {
                        Some(true)
                    } else if month_first {
                        Some(false)
                    } else {
                        None
                    },
                },
                dry_run,
                skip_bad_rows,
                invited,
                guard_days,
                ..ImportOptions::default()
            };
            let report = store.import_survey_file(&file, &options)?;
            if json {
                print_json(&report);
            } else {
                print_import(&report);
            }
        }
        SurveysCommand::List { json } => {
            let list = store.surveys()?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!(
                    "No surveys yet: import one with `rapport surveys import FILE --name NAME`."
                );
            } else {
                print_table(
                    &["ID", "NAME", "TOOL", "RESPONSES", "IMPORTED", "FILE"],
                    list.iter().map(|s| {
                        vec![
                            s.id.to_string(),
                            s.name.clone(),
                            s.tool.clone(),
                            s.responses.to_string(),
                            s.imported_at.clone(),
                            s.source_file.clone(),
                        ]
                    }),
                );
            }
        }
        SurveysCommand::Report { id, json } => {
            let report = store.survey_report(id)?;
            if json {
                print_json(&report);
            } else {
                print_report(&report);
            }
        }
        SurveysCommand::Responses { id, json } => {
            store.survey_report(id)?;
            let lines = store.survey_responses(id)?;
            if json {
                print_json(&lines);
            } else {
                print_table(
                    &["ID", "ROW", "RESPONDENT", "NPS", "CSAT", "ISSUE", "COMMENT"],
                    lines.iter().map(|l| {
                        vec![
                            l.response_id.to_string(),
                            l.row.to_string(),
                            l.respondent.clone().unwrap_or_default(),
                            l.nps.map(|v| v.to_string()).unwrap_or_default(),
                            l.csat.map(|v| v.to_string()).unwrap_or_default(),
                            l.issue_id.map(|v| v.to_string()).unwrap_or_default(),
                            l.comment.clone().unwrap_or_default(),
                        ]
                    }),
                );
            }
        }
        SurveysCommand::Act {
            response,
            title,
            category,
            json,
        } => {
            let id =
                store.open_issue_from_response(response, title.as_deref(), category.as_deref())?;
            super::output::print_id(id, json);
        }
        SurveysCommand::Template { out, tag } => {
            let invitees = store.survey_invitees(tag.as_deref())?;
            let book =
                rapport::export::template_book(&invitees, &store.business_name()?, super::today())?;
            book.save(&out)?;
            println!(
                "Wrote a survey sheet for {} customer(s) to {}",
                invitees.len(),
                out.display()
            );
        }
        SurveysCommand::Match { response, contact } => {
            store.link_response_contact(response, contact)?;
            println!("Matched.");
        }
        SurveysCommand::Link {
            response,
            issue,
            none,
        } => {
            store.link_response_issue(response, if none { None } else { issue })?;
            println!("Linked.");
        }
    }
    Ok(())
}

fn fmt(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "–".into())
}

fn print_import(r: &ImportReport) {
    if r.dry_run {
        println!("Dry run: nothing was written.");
    } else if let Some(id) = r.survey_id {
        println!("Survey {id} imported.");
    }
    println!(
        "{} responses, {} matched to contacts, {} unmatched, {} linked to an issue.",
        r.responses,
        r.matched,
        r.unmatched.len(),
        r.linked_issues
    );
    for c in &r.mapping.columns {
        if c.role != rapport::surveys::Role::Ignore {
            println!("  {:<12} {}", c.role.as_str(), c.header);
        }
    }
    for u in r.unmatched.iter().take(20) {
        println!(
            "  unmatched row {}: {}",
            u.row,
            u.email.clone().or(u.name.clone()).unwrap_or_default()
        );
    }
    if r.unmatched.len() > 20 {
        println!(
            "  … and {} more unmatched (see --json)",
            r.unmatched.len() - 20
        );
    }
    for s in r.skipped_rows.iter().take(20) {
        println!("  skipped: {s}");
    }
    if r.skipped_rows.len() > 20 {
        println!(
            "  … and {} more skipped cells (see --json)",
            r.skipped_rows.len() - 20
        );
    }
    for w in &r.warnings {
        println!("warning: {w}");
    }
}

fn print_report(r: &SurveyReport) {
    println!("{} (survey {}): {} responses", r.name, r.survey_id, r.n);
    if let Some(rate) = r.response_rate {
        println!("response rate: {rate:.1}% of {}", r.invited.unwrap_or(0));
    }
    println!(
        "CSAT: {}% ± {} (n = {}){}",
        fmt(r.csat),
        fmt(r.csat_margin),
        r.csat_n,
        if r.csat_too_small {
            "  too small to act on"
        } else {
            ""
        }
    );
    println!(
        "NPS:  {} ± {} (n = {}; {} promoters, {} passives, {} detractors){}",
        fmt(r.nps),
        fmt(r.nps_margin),
        r.nps_n,
        r.nps_split.promoters,
        r.nps_split.passives,
        r.nps_split.detractors,
        if r.nps_too_small {
            "  too small to act on"
        } else {
            ""
        }
    );
    if !r.attributes.is_empty() {
        print_table(
            &["ATTRIBUTE", "MEAN", "N", "GAP"],
            r.attributes
                .iter()
                .map(|a| vec![a.name.clone(), fmt(a.mean), a.n.to_string(), fmt(a.gap)]),
        );
    }
    if !r.pareto.is_empty() {
        print_table(
            &["CAUSE", "COUNT", "CUMULATIVE %", "VITAL FEW"],
            r.pareto.iter().map(|p| {
                vec![
                    p.cause.clone(),
                    p.count.to_string(),
                    format!("{:.1}", p.cumulative_percent),
                    if p.vital_few { "yes" } else { "" }.to_string(),
                ]
            }),
        );
    }
    if !r.low_scores.is_empty() {
        println!(
            "Customers to call ({}{}):",
            r.low_scores_total,
            if r.low_scores_total > r.low_scores.len() {
                format!(", the first {} shown", r.low_scores.len())
            } else {
                String::new()
            }
        );
        for l in &r.low_scores {
            println!(
                "  response {}: {} {}",
                l.response_id,
                l.respondent
                    .clone()
                    .unwrap_or_else(|| format!("row {}", l.row)),
                l.comment.clone().unwrap_or_default()
            );
        }
    }
}
