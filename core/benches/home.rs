//! Cold start to the home view model with five years of history (goal ≤ 15 ms): open the
//! replica from disk, as an app does at launch, and compute the home view. `wealth bench` prints
//! the same figure with its goal; this is the criterion version for detailed statistics.
//!
//! `cargo bench -p wealth-core --bench home`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use chrono::NaiveDate;
use wealth_core::device::history::generate;
use wealth_core::device::secrets::{replica_key, FileSecretStore};
use wealth_core::device::{Device, DeviceConfig, ReplicaStore};

fn home_cold_start(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = generate(NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"), 5 * 365 + 1);
    {
        let secrets = FileSecretStore::new(&dir.path().join("secrets")).expect("secret folder");
        let key = replica_key(&secrets).expect("replica key");
        let mut store = ReplicaStore::open(&dir.path().join("replica.sqlite3"), &key).expect("store");
        history.write_to(&mut store).expect("history written");
    }
    let config = DeviceConfig {
        server_url: "https://127.0.0.1:9".into(),
        ca_cert_pem: None,
        data_dir: dir.path().to_path_buf(),
        session_token: "bench".into(),
    };
    let now = history.as_of;
    c.bench_function("home_cold_start_5y", |b| {
        b.iter(|| {
            let device = Device::open(&config).expect("device opens");
            black_box(device.home_at(now).expect("home view"))
        })
    });
    let device = Device::open(&config).expect("device opens");
    c.bench_function("home_warm_5y", |b| b.iter(|| black_box(device.home_at(now).expect("home view"))));
}

criterion_group!(benches, home_cold_start);
criterion_main!(benches);
