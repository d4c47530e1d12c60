//! `rapport contacts import | export | duplicates | merge`: contacts in and out (issue 8).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rapport::exchange::{CsvLayout, ImportOptions, ImportReport, VcardVersion};
use rapport::{Error, Result, Store};

use super::output::{print_json, print_table};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// vCard (.vcf) or CSV files; each is imported whole or not at all.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read and check everything, report what would happen, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// A saved CSV column mapping to read the files with.
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// The files' encoding (utf-8, utf-16, shift_jis, windows-1252 …); detected when absent.
    #[arg(long, value_name = "E")]
    encoding: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// vCard 4.0.
    Vcf,
    /// vCard 3.0 (for older address books).
    Vcf3,
    /// Rapport's plain CSV: one column per field.
    Csv,
    /// Google Contacts' CSV layout.
    GoogleCsv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormat,
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn import(store: &mut Store, args: ImportArgs) -> Result<bool> {
    let mapping = match &args.profile {
        Some(name) => Some(store.csv_profile(name)?.mapping),
        None => None,
    };
    let report = store.import_contact_files(
        &args.files,
        &ImportOptions {
            dry_run: args.dry_run,
            encoding: args.encoding,
            mapping,
            format: None,
        },
    )?;
    if args.json {
        print_json(&report);
    } else {
        print_report(&report);
    }
    Ok(report.errors.is_empty())
}

fn print_report(r: &ImportReport) {
    let verb = if r.dry_run { "would be" } else { "were" };
    println!(
        "{} created, {} updated, {} skipped ({verb} written{}).",
        r.created,
        r.updated,
        r.skipped,
        if r.dry_run { "; nothing was" } else { "" }
    );
    for w in &r.warnings {
        eprintln!("warning: {}", located(&w.file, w.line, &w.message));
    }
    for e in &r.errors {
        eprintln!("error: {}", located(&e.file, e.line, &e.message));
    }
    if !r.errors.is_empty() {
        eprintln!("Nothing was imported from a file with an error.");
    }
}

fn located(file: &str, line: Option<usize>, message: &str) -> String {
    match line {
        Some(l) => format!("{file}, line {l}: {message}"),
        None => format!("{file}: {message}"),
    }
}

pub fn export(store: &Store, args: ExportArgs) -> Result<()> {
    let count = match args.format {
        ExportFormat::Vcf => store.export_vcard(&args.out, VcardVersion::V4)?,
        ExportFormat::Vcf3 => store.export_vcard(&args.out, VcardVersion::V3)?,
        ExportFormat::Csv => store.export_csv(&args.out, CsvLayout::Plain)?,
        ExportFormat::GoogleCsv => store.export_csv(&args.out, CsvLayout::Google)?,
    };
    if args.json {
        print_json(
            &serde_json::json!({ "exported": count, "file": args.out.display().to_string() }),
        );
    } else {
        println!("Exported {count} contact(s) to {}", args.out.display());
    }
    Ok(())
}

pub fn duplicates(store: &Store, json: bool) -> Result<()> {
    let candidates = store.duplicate_candidates()?;
    if json {
        print_json(&candidates);
    } else if candidates.is_empty() {
        println!("No likely duplicates.");
    } else {
        print_table(
            &["KEEP", "NAME", "OTHER", "NAME", "WHY"],
            candidates.iter().map(|c| {
                let why: Vec<String> = c
                    .reasons
                    .iter()
                    .zip(&c.evidence)
                    .map(|(r, e)| {
                        let r = serde_json::to_value(r)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        format!("{r} ({e})")
                    })
                    .collect();
                vec![
                    c.keep_id.to_string(),
                    c.keep_name.clone(),
                    c.other_id.to_string(),
                    c.other_name.clone(),
                    why.join(", "),
                ]
            }),
        );
    }
    Ok(())
}

pub fn merge(store: &mut Store, keep: i64, other: i64, json: bool) -> Result<()> {
    let report = store.merge_contacts(keep, other)?;
    if json {
        print_json(&report);
    } else {
        println!(
            "Merged {other} into {keep}: moved {} interaction(s), {} issue(s), {} follow-up(s){}. \
             {other} is in the Trash (`rapport contacts restore {other}` brings it back; what moved stays with {keep}).",
            report.interactions,
            report.issues,
            report.follow_ups,
            if report.filled.is_empty() {
                String::new()
            } else {
                format!("; filled {}", report.filled.join(", "))
            }
        );
    }
    Ok(())
}

/// An error for a command whose files could not all be imported (the report says which).
pub fn import_failed() -> Error {
    Error::invalid("file", "some files were not imported (see above)")
}
