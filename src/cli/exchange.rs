//! `rapport contacts import | export | duplicates | merge`: contacts in and out (issue 8).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rapport::exchange::{
    ColumnMapping, ColumnRule, CsvField, CsvLayout, FileFormat, ImportOptions, ImportReport,
    MergeField, VcardVersion,
};
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
    /// A CSV column and the field it fills: COLUMN is a header or a 1-based number, FIELD a
    /// contact field (name, given_name, family_name, email, phone, organization, birthday, notes,
    /// tags, ignore …). Applied over the recognised mapping (or --profile). Repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// The first row of the CSV is a header (with --map on a file whose header is not recognised).
    #[arg(long)]
    header: bool,
    /// Save the mapping used for the (first) CSV file as profile P, for `--profile P` next time.
    #[arg(long, value_name = "P")]
    save_profile: Option<String>,
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
    let mut mapping = match &args.profile {
        Some(name) => Some(store.csv_profile(name)?.mapping),
        None => None,
    };
    if !args.map.is_empty() || args.header || args.save_profile.is_some() {
        let built = build_mapping(&args, mapping.take())?;
        if let Some(name) = &args.save_profile {
            store.save_csv_profile(name, &built)?;
            if !args.json {
                println!("Saved the column mapping as profile '{}'.", name.trim());
            }
        }
        mapping = Some(built);
    }
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

/// The mapping for the first file: `base` (a profile) or the one recognised from the file, with
/// each `--map COLUMN=FIELD` applied over it.
fn build_mapping(args: &ImportArgs, base: Option<ColumnMapping>) -> Result<ColumnMapping> {
    let first = &args.files[0];
    let bytes = std::fs::read(first).map_err(|e| Error::Io {
        path: first.clone(),
        source: e,
    })?;
    let name = first.display().to_string();
    if rapport::exchange::sniff_format(&name, &bytes) != FileFormat::Csv {
        return Err(Error::invalid(
            "map",
            format!("{name} is not a CSV file: column mappings are for CSV files"),
        ));
    }
    let preview = rapport::exchange::csv::preview(&bytes, args.encoding.as_deref())?;
    let header_row = preview.rows.first().cloned().unwrap_or_default();
    let mut mapping = base.unwrap_or(preview.mapping);
    mapping.delimiter.get_or_insert(preview.delimiter);
    if args.header {
        mapping.has_header = true;
    }
    for spec in &args.map {
        let Some((column, field)) = spec.rsplit_once('=') else {
            return Err(Error::invalid(
                "map",
                format!(
                    "'{spec}' is not COLUMN=FIELD (e.g. --map \"E-Mail=email\" or --map 2=phone)"
                ),
            ));
        };
        let field: CsvField = serde_json::from_value(serde_json::Value::String(
            field.trim().to_ascii_lowercase(),
        ))
        .map_err(|_| {
            Error::invalid(
                "map",
                format!("'{}' is not a contact field (try name, email, phone, organization, birthday, notes, tags or ignore)", field.trim()),
            )
        })?;
        let column = column.trim();
        let position = match column.parse::<u32>() {
            Ok(n) if n >= 1 => n - 1,
            _ => {
                let found = header_row
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(column))
                    .ok_or_else(|| {
                        Error::invalid(
                            "map",
                            format!(
                                "{name} has no column headed '{column}' (columns: {})",
                                header_row.join(", ")
                            ),
                        )
                    })?;
                mapping.has_header = true;
                found as u32
            }
        };
        mapping.columns.retain(|c| c.position != position);
        if field != CsvField::Ignore {
            mapping.columns.push(ColumnRule {
                position,
                header: header_row.get(position as usize).cloned(),
                field,
                label: None,
                group: 100 + position,
            });
        }
    }
    mapping.columns.sort_by_key(|c| c.position);
    Ok(mapping)
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

pub fn merge(store: &mut Store, keep: i64, other: i64, take: &[String], json: bool) -> Result<()> {
    let take: Vec<MergeField> = take
        .iter()
        .map(|f| {
            serde_json::from_value(serde_json::Value::String(f.trim().to_ascii_lowercase()))
                .map_err(|_| {
                    Error::invalid("take", format!("'{f}' is not a field a merge can take"))
                })
        })
        .collect::<Result<_>>()?;
    let report = store.merge_contacts_choosing(keep, other, &take)?;
    if json {
        print_json(&report);
    } else {
        println!(
            "Merged {other} into {keep}: moved {} interaction(s), {} issue(s), {} follow-up(s){}. \
             {other} is in the Trash (`rapport contacts unmerge {other}` undoes the merge).",
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

pub fn unmerge(store: &mut Store, merged: i64, json: bool) -> Result<()> {
    let kept = store.undo_merge(merged)?;
    if json {
        print_json(&serde_json::json!({ "kept_id": kept, "restored_id": merged }));
    } else {
        println!("Undid the merge of {merged} into {kept}: {merged} is back with its history.");
    }
    Ok(())
}

/// The owner's local date, printed on the workbook (the CLI may read the clock).
#[allow(clippy::disallowed_methods)]
fn local_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn export_all(store: &Store, out: &Path, json: bool) -> Result<()> {
    let report = store.export_all(out, local_today())?;
    if json {
        print_json(&report);
    } else {
        println!("Wrote {} files to {}:", report.files.len(), report.dir);
        for f in &report.files {
            println!("  {} ({} rows)", f.name, f.rows);
        }
    }
    Ok(())
}

/// An error for a command whose files could not all be imported (the report says which).
pub fn import_failed() -> Error {
    Error::invalid("file", "some files were not imported (see above)")
}
