//! Cold start to the home view model with five years of history: the replica is written once
//! (five years of daily income lines, 万份收益 and a few hundred orders, see
//! `wealth_core::device::history`), then each run opens it from disk as an app does at launch
//! (`Device::open`: SQLite, migrations check, HTTP client) and computes the home view. The figure
//! is the median; the OS page cache is warm, as on a phone that opened the app recently.

use std::time::Instant;

use chrono::NaiveDate;
use wealth_core::device::history::generate;
use wealth_core::device::secrets::{replica_key, FileSecretStore};
use wealth_core::device::{Device, DeviceConfig, ReplicaStore};

use super::{Measured, Settings};

/// Median milliseconds of open + home over five years of history.
pub fn measure(s: &Settings) -> Result<Measured, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let history = generate(NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date"), 5 * 365 + 1);
    {
        // The key the device will take from its (desktop, file-backed) secret store.
        let secrets = FileSecretStore::new(&dir.path().join("secrets")).map_err(|e| e.to_string())?;
        let key = replica_key(&secrets).map_err(|e| e.to_string())?;
        let mut store = ReplicaStore::open(&dir.path().join("replica.sqlite3"), &key).map_err(|e| e.to_string())?;
        history.write_to(&mut store).map_err(|e| e.to_string())?;
    }
    let config = DeviceConfig {
        server_url: "https://127.0.0.1:9".into(),
        ca_cert_pem: None,
        data_dir: dir.path().to_path_buf(),
        session_token: "bench".into(),
    };
    let runs = if s.quick { 30 } else { 300 };
    let mut ms = Vec::with_capacity(runs);
    for i in 0..runs + 3 {
        let t = Instant::now();
        let device = Device::open(&config).map_err(|e| e.to_string())?;
        let home = device.home_at(history.as_of).map_err(|e| e.to_string())?;
        let elapsed = t.elapsed().as_secs_f64() * 1000.0;
        drop(device);
        if home.figures.total_income.is_negative() {
            return Err("five years of positive 万份收益 gave a negative total income".into());
        }
        if i >= 3 {
            ms.push(elapsed); // the first three runs warm the page cache
        }
    }
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p95 = ms[(ms.len() * 95 / 100).min(ms.len() - 1)];
    Ok(Measured {
        value: median,
        note: format!(
            "median of {runs} (p95 {p95:.2} ms); {} orders, {} income days, {} 万份收益",
            history.orders.len(),
            history.income.len(),
            history.per_10k.len()
        ),
    })
}
