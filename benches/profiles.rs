//! Profiles at scale (issue "Customer relationship profiles"): `profiles list --at-risk` over 20,000
//! customers with 200,000 issues, 100,000 interactions and 50,000 survey responses under 200 ms, and the dashboard's data in
//! one call under 100 ms (median).
//!
//! Run: `cargo bench --bench profiles`.

use criterion::{criterion_group, criterion_main, Criterion};
use rapport::issues::AsOf;
use rapport::Store;

fn profiles(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("store");
    store
        .add_contacts(&rapport::dev::sample_contacts(20_000, 5))
        .expect("customers");
    rapport::dev::seed_issues(&mut store, 200_000, 20_000, 5).expect("issues");
    rapport::dev::seed_interactions(&mut store, 100_000, 20_000, 5).expect("interactions");
    rapport::dev::seed_follow_ups(&mut store, 10_000, 20_000, 5).expect("follow-ups");
    rapport::dev::seed_survey_responses(&mut store, 50_000, 20_000, 5).expect("responses");
    let now = store.now();
    let as_of = AsOf::new(now, &chrono::Utc);
    let at_risk = store.at_risk(&as_of).expect("at risk");
    eprintln!("{} of 20,000 customers at risk", at_risk.len());

    let mut group = c.benchmark_group("profiles_20k");
    group.sample_size(20);
    group.bench_function("at_risk", |b| {
        b.iter(|| store.at_risk(&as_of).expect("at risk"))
    });
    group.bench_function("dashboard", |b| {
        b.iter(|| store.dashboard(now, &chrono::Utc).expect("dashboard"))
    });
    group.bench_function("one_profile", |b| {
        let id = at_risk.first().map_or(1, |p| p.customer_id);
        b.iter(|| store.profile(id, &as_of).expect("profile"))
    });
    group.finish();
}

criterion_group!(benches, profiles);
criterion_main!(benches);
