//! Criterion: full sync of 5,000 orders + 10,000 income lines over loopback TLS, and an empty
//! delta sync. `cargo bench -p wealth-cli --bench sync`.

#[path = "../src/syncbench.rs"]
#[allow(dead_code)]
mod syncbench;

use criterion::{criterion_group, criterion_main, Criterion};

fn sync(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let fixture = rt.block_on(syncbench::SyncFixture::new(5_000, 1_000, 10_000)).unwrap();
    let mut g = c.benchmark_group("sync");
    g.sample_size(10);
    let mut n = 0u64;
    g.bench_function("full_5000_orders_10000_income", |b| {
        b.iter(|| {
            n += 1;
            let device = fixture.fresh_device(&format!("full-{n}")).unwrap();
            rt.block_on(device.sync()).unwrap()
        })
    });
    let device = fixture.fresh_device("delta").unwrap();
    rt.block_on(device.sync()).unwrap();
    rt.block_on(device.sync()).unwrap();
    g.bench_function("empty_delta", |b| b.iter(|| rt.block_on(device.sync()).unwrap()));
    g.finish();
    rt.block_on(fixture.stop());
}

criterion_group!(benches, sync);
criterion_main!(benches);
