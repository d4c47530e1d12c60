//! Issues at scale: 200,000 issues over 20,000 customers. Targets (issue "Customer issues"): the
//! open-by-owner and overdue queries and the figures each under 50 ms (median).
//!
//! Run: `cargo bench --bench issues`.

use criterion::{criterion_group, criterion_main, Criterion};
use rapport::issues::{AsOf, IssueFilter};
use rapport::Store;

fn issues(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("store");
    store
        .add_contacts(&rapport::dev::sample_contacts(20_000, 3))
        .expect("customers");
    rapport::dev::seed_issues(&mut store, 200_000, 20_000, 3).expect("issues");
    let as_of = AsOf::new(store.now(), &chrono::Utc);
    let owner = store.team_member_id("Priya").expect("owner");

    let by_owner = IssueFilter {
        owner_id: Some(owner),
        active: true,
        ..Default::default()
    };
    let overdue = IssueFilter {
        overdue: true,
        ..Default::default()
    };
    let page = |f: &IssueFilter| IssueFilter {
        limit: Some(100),
        ..f.clone()
    };

    let mut group = c.benchmark_group("issues_200k");
    group.sample_size(30);
    // What a screen asks for: the first page of 100 and the total.
    group.bench_function("open_by_owner_page_and_count", |b| {
        b.iter(|| {
            let rows = store.list_issues(&page(&by_owner), &as_of).expect("page");
            (rows, store.count_issues(&by_owner, &as_of).expect("count"))
        })
    });
    group.bench_function("overdue_page_and_count", |b| {
        b.iter(|| {
            let rows = store.list_issues(&page(&overdue), &as_of).expect("page");
            (rows, store.count_issues(&overdue, &as_of).expect("count"))
        })
    });
    // Every matching issue built in full (about 14,000 and 24,000 of them), for reference.
    group.bench_function("open_by_owner_all", |b| {
        b.iter(|| store.list_issues(&by_owner, &as_of).expect("list"))
    });
    group.bench_function("overdue_all", |b| {
        b.iter(|| store.list_issues(&overdue, &as_of).expect("list"))
    });
    group.bench_function("stats", |b| {
        b.iter(|| store.issue_stats(&as_of).expect("stats"))
    });
    // The screens' own calls: a page with its total in one answer, and the top of the queue.
    group.bench_function("issue_page_overdue", |b| {
        b.iter(|| store.issue_page(&page(&overdue), &as_of).expect("page"))
    });
    group.bench_function("queue_top_13", |b| {
        b.iter(|| store.issue_queue(&as_of, Some(13)).expect("queue"))
    });
    group.finish();

    // Escalations with a two-rung ladder; the seed leaves about 24,000 issues overdue, so this
    // builds every suggestion in full.
    let sam = store.team_member_id("Sam").expect("Sam");
    let level = |level, team_member_id, threshold| rapport::issues::EscalationLevel {
        level,
        team_member_id,
        team_member: String::new(),
        rule: rapport::issues::EscalationRule::OverdueDays,
        threshold,
    };
    store
        .set_escalation_ladder(&[level(1, sam, 3), level(2, owner, 14)])
        .expect("ladder");
    let mut group = c.benchmark_group("issues_200k_escalations");
    group.sample_size(10);
    group.bench_function("escalations_due", |b| {
        b.iter(|| store.escalations_due(&as_of).expect("escalations"))
    });
    group.finish();
}

criterion_group!(benches, issues);
criterion_main!(benches);
