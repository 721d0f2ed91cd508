//! Points ledger on the device store (issue 4): posting throughput against a raw SQLite insert
//! of the same rows in one transaction, and the balance read over 100,000 transfers.
//!
//! `cargo bench -p wealth-core --bench ledger` (criterion timings), then the two figures the
//! issue asks for are printed: the posting ratio (goal ≥ 0.5) and the balance read time.

use criterion::{criterion_group, Criterion};
use wealth_core::points::bench::{
    balance_read_time, device_post_time, posting_ratio, raw_insert_time, sample_transfers,
};

fn posting(c: &mut Criterion) {
    let mut g = c.benchmark_group("post 10k transfers");
    g.sample_size(10);
    // Each run makes a fresh database; only the posting itself is timed (iter_custom).
    g.bench_function("device store (apply_points)", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| device_post_time(10_000)).sum())
    });
    g.bench_function("raw rusqlite insert", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| raw_insert_time(10_000)).sum())
    });
    g.finish();
    let mut g = c.benchmark_group("ledger replay");
    g.sample_size(10);
    let ts = sample_transfers(10_000);
    g.bench_function("Ledger::replay 10k", |b| b.iter(|| wealth_core::points::Ledger::replay(&ts).unwrap().balance()));
    g.finish();
}

criterion_group!(benches, posting);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let ratio = posting_ratio(10_000);
    let read = balance_read_time(100_000);
    println!("points posting ratio (device store / raw insert, 10,000 transfers): {ratio:.2} (goal >= 0.5)");
    println!("points balance read with 100,000 transfers: {:.2} ms", read.as_secs_f64() * 1000.0);
}
