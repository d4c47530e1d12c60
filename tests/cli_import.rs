//! `rapport contacts import | export | duplicates | merge`, run for real on a temp data folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn rapport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .output()
        .expect("run rapport")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(
        out.status.success(),
        "rapport {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("no JSON ({e}): {text}"))
}

fn own(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn import_reports_created_updated_skipped_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let csv = own("outlook_cp1252_semicolon.csv");
    let vcf = own("japanese_sjis.csv");
    let report = json(
        d,
        &["contacts", "import", &csv, &vcf, "--dry-run", "--json"],
    );
    assert_eq!(report["created"], 3);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(
        json(d, &["contacts", "list", "--json"]),
        serde_json::json!([])
    );

    let report = json(d, &["contacts", "import", &csv, &vcf, "--json"]);
    assert_eq!(
        (&report["created"], &report["updated"], &report["skipped"]),
        (&Value::from(3), &Value::from(0), &Value::from(0))
    );
    let report = json(d, &["contacts", "import", &csv, "--json"]);
    assert_eq!(report["skipped"], 2, "the same file again changes nothing");
    let list = json(d, &["contacts", "list", "--json", "--sort", "name"]);
    let names: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["José Müller", "Zoë Ångström", "山田 太郎"]);

    // The human form says what happened.
    let text = ok(d, &["contacts", "import", &csv]);
    assert!(text.contains("0 created, 0 updated, 2 skipped"), "{text}");
}

#[test]
fn a_malformed_file_gives_located_errors_and_a_failing_status() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let broken = own("broken_line.vcf");
    let out = rapport(d, &["contacts", "import", &broken, "--json"]);
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["created"], 0);
    let error = &report["errors"][0];
    assert_eq!(error["file"], broken.as_str());
    assert_eq!(error["line"], 9);
    assert!(error["message"]
        .as_str()
        .expect("message")
        .contains("no colon"));
    assert_eq!(
        json(d, &["contacts", "list", "--json"]),
        serde_json::json!([])
    );

    let out = rapport(d, &["contacts", "import", &broken]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken_line.vcf, line 9:"), "{stderr}");

    let out = rapport(d, &["contacts", "import", &broken, "--encoding", "klingon"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("klingon"));
    let out = rapport(d, &["contacts", "import", &broken, "--profile", "none"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no CSV profile"));
}

#[test]
fn export_formats_duplicates_and_merge() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let add = |args: &[&str]| -> i64 {
        let mut all = vec!["contacts", "add", "--json"];
        all.extend_from_slice(args);
        json(d, &all)["id"].as_i64().expect("id")
    };
    let ann = add(&[
        "--name",
        "Ann Lee",
        "--email",
        "ann@example.com",
        "--birthday=--02-29",
    ]);
    let dup = add(&[
        "--name",
        "Ann Lee",
        "--email",
        "ANN@example.com",
        "--phone",
        "mobile:+44 7700 900123",
    ]);
    add(&["--name", "=cmd|' /C calc'!A0", "--tag", "@risk"]);
    for (format, file, first) in [
        ("vcf", "a.vcf", "BEGIN:VCARD"),
        ("vcf3", "b.vcf", "BEGIN:VCARD"),
        ("csv", "c.csv", "\u{feff}Name,Kind"),
        ("google-csv", "d.csv", "Name,Given Name"),
    ] {
        let out = d.join(file);
        let out = out.to_str().expect("path");
        let report = json(
            d,
            &[
                "contacts", "export", "--format", format, "--out", out, "--json",
            ],
        );
        assert_eq!(report["exported"], 3);
        let text = std::fs::read_to_string(out).expect("file");
        assert!(text.starts_with(first), "{format}: {text}");
        if format.ends_with("csv") {
            assert!(text.contains("'=cmd|"), "{format}: formula neutralised");
            if format == "csv" {
                assert!(text.contains("'@risk"), "{format}");
            }
        }
    }

    let dups = json(d, &["contacts", "duplicates", "--json"]);
    let first = &dups[0];
    assert_eq!(
        (first["keep_id"].as_i64(), first["other_id"].as_i64()),
        (Some(ann), Some(dup))
    );
    assert_eq!(
        first["reasons"],
        serde_json::json!(["same_email", "same_name"])
    );

    let report = json(
        d,
        &[
            "contacts",
            "merge",
            &ann.to_string(),
            &dup.to_string(),
            "--json",
        ],
    );
    assert_eq!(report["kept_id"], ann);
    let kept = json(d, &["contacts", "show", &ann.to_string(), "--json"]);
    assert_eq!(kept["phones"], serde_json::json!(["+44 7700 900123"]));
    assert_eq!(kept["birthday"], "--02-29");
    let trash = json(d, &["trash", "list", "--json"]);
    assert_eq!(trash[0]["id"], dup);
    ok(d, &["contacts", "restore", &dup.to_string()]);
    let text = ok(d, &["contacts", "duplicates"]);
    assert!(text.contains("same_email"), "{text}");
}
