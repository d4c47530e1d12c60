//! Import at scale: 100,000 contacts from one vCard 4.0 file and from one Google-layout CSV file,
//! each into an empty store (read, decode, match, check, write through `Store::add_contacts`,
//! remember the UIDs). Target (issue 8): under 3 s each.
//!
//! The files are made in the bench: the made-up contacts of `rapport::dev` are added to a store
//! and exported, so they carry what real exports carry (UIDs, labels, organisations, birthdays).
//!
//! Run: `cargo bench --bench import`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use rapport::exchange::{CsvLayout, ImportOptions, VcardVersion};
use rapport::Store;

const N: usize = 100_000;

fn files(dir: &Path) -> (PathBuf, PathBuf) {
    let mut store = Store::open_in(&dir.join("source")).expect("store");
    store
        .add_contacts(&rapport::dev::sample_contacts(N, 7))
        .expect("seed");
    let vcf = dir.join("contacts.vcf");
    let csv = dir.join("contacts.csv");
    store.export_vcard(&vcf, VcardVersion::V4).expect("vcf");
    store.export_csv(&csv, CsvLayout::Google).expect("csv");
    (vcf, csv)
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let (vcf, csv) = files(dir.path());
    let mut group = c.benchmark_group("import_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    for (name, file) in [("vcard_4_0", &vcf), ("google_csv", &csv)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().expect("dir");
                    let store = Store::open_in(dir.path()).expect("store");
                    (dir, store)
                },
                |(dir, mut store)| {
                    let report = store
                        .import_contact_files(&[file], &ImportOptions::default())
                        .expect("import");
                    assert!(report.errors.is_empty(), "{:?}", report.errors);
                    assert!(report.created >= N);
                    (dir, store)
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
