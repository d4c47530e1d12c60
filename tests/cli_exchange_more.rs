//! The rest of the contacts CLI of issue 8, run for real on temp data folders: a column mapping
//! given on the command line and saved as a profile, a merge that takes chosen fields and its
//! undo, and `export all` read back (the vCard with our own reader, every CSV with the csv crate).

mod common;

use common::{cli_json as json, cli_run as rapport};
use serde_json::Value;

#[test]
fn a_mapping_given_with_map_imports_an_unknown_csv_and_is_saved_as_a_profile() {
    let data = tempfile::tempdir().expect("data");
    let d = data.path();
    let file = d.join("till.csv");
    std::fs::write(
        &file,
        "Kunde;Post;Tel;Egal\nAnn Lee;ann@example.com;+44 20 7946 0001;x\nBo Chan;bo@example.com;;y\n",
    )
    .expect("write");
    let f = file.display().to_string();
    // A bad field name is refused and names the field.
    let (ok, _, err) = rapport(d, &["contacts", "import", &f, "--map", "Kunde=nom"]);
    assert!(!ok);
    assert!(err.contains("'nom' is not a contact field"), "{err}");
    let (_, _, err) = rapport(d, &["contacts", "import", &f, "--map", "Nobody=name"]);
    assert!(err.contains("no column headed 'Nobody'"), "{err}");

    let report = json(
        d,
        &[
            "contacts",
            "import",
            &f,
            "--map",
            "Kunde=name",
            "--map",
            "Post=email",
            "--map",
            "3=phone",
            "--save-profile",
            "Till",
            "--json",
        ],
    );
    assert_eq!(
        (&report["created"], &report["errors"]),
        (&Value::from(2), &Value::Array(vec![]))
    );
    let ann = json(d, &["contacts", "list", "--json", "--sort", "name"]);
    assert_eq!(ann[0]["name"], "Ann Lee");
    assert_eq!(ann[0]["emails"], serde_json::json!(["ann@example.com"]));
    assert_eq!(ann[0]["phones"], serde_json::json!(["+44 20 7946 0001"]));

    // The saved profile reads the next file from the same till.
    let next = d.join("till2.csv");
    std::fs::write(&next, "Kunde;Post;Tel;Egal\nCy Dunn;cy@example.com;;z\n").expect("write");
    let n = next.display().to_string();
    let report = json(
        d,
        &["contacts", "import", &n, "--profile", "Till", "--json"],
    );
    assert_eq!(report["created"], 1);
    let names: Vec<String> = json(d, &["contacts", "list", "--json", "--sort", "name"])
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names, vec!["Ann Lee", "Bo Chan", "Cy Dunn"]);
}

#[test]
fn merge_takes_fields_with_take_and_unmerge_undoes_it() {
    let data = tempfile::tempdir().expect("data");
    let d = data.path();
    let a = json(
        d,
        &[
            "contacts",
            "add",
            "--json",
            "--name",
            "Ann Lee",
            "--email",
            "ann@example.com",
            "--birthday",
            "1980-03-01",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let b = json(
        d,
        &[
            "contacts",
            "add",
            "--json",
            "--name",
            "Ann Lee-Smith",
            "--email",
            "ann@work.example",
            "--birthday",
            "1980-02-29",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let (a, b) = (a.to_string(), b.to_string());
    let (_, _, err) = rapport(d, &["contacts", "merge", &a, &b, "--take", "shoe_size"]);
    assert!(err.contains("'shoe_size' is not a field"), "{err}");
    let report = json(
        d,
        &[
            "contacts", "merge", &a, &b, "--take", "name", "--take", "birthday", "--json",
        ],
    );
    assert_eq!(
        report["filled"],
        serde_json::json!(["name", "birthday", "emails"])
    );
    let kept = json(d, &["contacts", "show", &a, "--json"]);
    assert_eq!(kept["name"], "Ann Lee-Smith");
    assert_eq!(kept["birthday"], "1980-02-29");
    let undone = json(d, &["contacts", "unmerge", &b, "--json"]);
    assert_eq!(undone["kept_id"].to_string(), a);
    let kept = json(d, &["contacts", "show", &a, "--json"]);
    assert_eq!(
        (&kept["name"], &kept["birthday"]),
        (&Value::from("Ann Lee"), &Value::from("1980-03-01"))
    );
    assert_eq!(kept["emails"], serde_json::json!(["ann@example.com"]));
    let back = json(d, &["contacts", "show", &b, "--json"]);
    assert_eq!(back["deleted_at"], Value::Null);
}

#[test]
fn export_all_writes_a_folder_that_reads_back() {
    let data = tempfile::tempdir().expect("data");
    let d = data.path();
    json(
        d,
        &[
            "contacts",
            "add",
            "--json",
            "--name",
            "Ann Lee",
            "--email",
            "ann@example.com",
            "--note",
            "@SUM(A1)",
        ],
    );
    json(
        d,
        &[
            "contacts", "add", "--json", "--name", "Bo Chan", "--org", "Acme",
        ],
    );
    let out = d.join("out");
    let o = out.display().to_string();
    let report = json(d, &["export", "all", "--out", &o, "--json"]);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files[0]["name"], "contacts.vcf");
    assert_eq!(files[0]["rows"], 3);
    let cards = rapport::exchange::vcard::parse(
        &std::fs::read(out.join("contacts.vcf")).expect("vcf"),
        encoding_rs::UTF_8,
    )
    .expect("our reader");
    assert_eq!(cards.len(), 3);
    assert_eq!(files.last().expect("last")["name"], "rapport.xlsx");
    assert!(out.join("rapport.xlsx").metadata().expect("workbook").len() > 1000);
    for f in files
        .iter()
        .filter(|f| f["name"].as_str().is_some_and(|n| n.ends_with(".csv")))
    {
        let name = f["name"].as_str().expect("name");
        let mut reader = csv::Reader::from_path(out.join(name)).expect("csv");
        assert!(!reader.headers().expect("header").is_empty());
        assert_eq!(
            reader.records().count() as u64,
            f["rows"].as_u64().expect("rows"),
            "{name}"
        );
    }
    let text = std::fs::read_to_string(out.join("contacts.csv")).expect("contacts.csv");
    assert!(text.contains("'@SUM(A1)"), "formula neutralised: {text}");
    let (_, plain, _) = rapport(d, &["export", "all", "--out", &o]);
    assert!(plain.contains("contacts.vcf (3 rows)"), "{plain}");
}
