//! Contacts at scale: inserting 100,000 contacts (one transaction), and search-as-you-type over them.
//! Targets (issue "Core foundation"): 100,000 inserted in under 2 s; a prefix search returns its
//! first 50 ranked results in under 5 ms (median).
//!
//! Run: `cargo bench --bench contacts`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rapport::Store;

const N: usize = 100_000;

fn insert(c: &mut Criterion) {
    let inputs = rapport::dev::sample_contacts(N, 1);
    let mut group = c.benchmark_group("insert");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("100k_contacts_one_transaction", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("dir");
                let store = Store::open_in(dir.path()).expect("store");
                (dir, store)
            },
            |(dir, mut store)| {
                store.add_contacts(&inputs).expect("insert");
                (dir, store)
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("store");
    store
        .add_contacts(&rapport::dev::sample_contacts(N, 1))
        .expect("seed");
    let mut group = c.benchmark_group("search_first_50_of_100k");
    // What a person types, one keystroke at a time, plus other fields they search by.
    for text in [
        "m",
        "ma",
        "mar",
        "marc",
        "marco ro",
        "zoë",
        "müll",
        "anna.kow",
        "555 12",
        "vip",
        "wholesale kim",
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(text), text, |b, text| {
            b.iter(|| store.search_contacts(text, 50).expect("search"))
        });
    }
    group.finish();
}

criterion_group!(benches, insert, search);
criterion_main!(benches);
