//! Sync benchmark: a device's first full sync of a long account history over loopback TLS, and
//! an empty delta sync after it. Called by `wealth bench-sync` and by the criterion bench
//! (`cargo bench -p wealth-cli --bench sync`).

use std::time::{Duration, Instant};

use wealth_core::api::CreateInvestor;
use wealth_core::device::{Device, DeviceConfig, SandboxAdminClient};
use wealth_server::{RunningServer, ServerConfig};

/// What the benchmark measured.
#[derive(Debug, Clone)]
pub struct SyncFigures {
    /// Orders in the history.
    pub orders: usize,
    /// Income lines in the history.
    pub income_lines: usize,
    /// Points-ledger transfers in the history.
    pub transfers: usize,
    /// First sync of everything.
    pub full: Duration,
    /// A sync when nothing changed.
    pub empty_delta: Duration,
    /// Whether the empty sync got 304 for the reference data.
    pub reference_not_modified: bool,
}

/// A sandbox over TLS with one investor holding `orders` orders and `income_lines` income
/// lines, and a fresh device for it (never synced).
pub struct SyncFixture {
    server: RunningServer,
    config: DeviceConfig,
    _dir: tempfile::TempDir,
}

impl SyncFixture {
    /// Start the server and seed the history.
    pub async fn new(orders: usize, income_lines: usize, transfers: usize) -> Result<SyncFixture, String> {
        let server = wealth_server::start(ServerConfig {
            start_time: Some(chrono::DateTime::parse_from_rfc3339("2026-11-18T09:00:00+08:00").expect("literal")),
            ..ServerConfig::sandbox_default()
        })
        .await
        .map_err(|e| e.to_string())?;
        let admin = SandboxAdminClient::new(&server.url, server.ca_cert_pem.as_deref()).map_err(|e| e.to_string())?;
        let created = admin.create_investor(&CreateInvestor::default()).await.map_err(|e| e.to_string())?;
        let svc = server.service.clone();
        let token = created.token.clone();
        tokio::task::spawn_blocking(move || {
            let who = svc.authenticate(&token).map_err(|e| e.error.message.clone())?;
            svc.seed_history(who, orders, income_lines, transfers).map_err(|e| e.error.message.clone())
        })
        .await
        .map_err(|e| e.to_string())??;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let config = DeviceConfig {
            server_url: server.url.clone(),
            ca_cert_pem: server.ca_cert_pem.clone(),
            data_dir: dir.path().to_path_buf(),
            session_token: created.token,
        };
        Ok(SyncFixture { server, config, _dir: dir })
    }

    /// A device with an empty replica in a new folder.
    pub fn fresh_device(&self, name: &str) -> Result<Device, String> {
        let mut config = self.config.clone();
        config.data_dir = config.data_dir.join(name);
        Device::open(&config).map_err(|e| e.to_string())
    }

    /// Stop the server.
    pub async fn stop(self) {
        self.server.shutdown().await;
    }
}

/// Measure a full sync and then an empty delta sync (after one sync that settles the ETag's
/// query).
pub async fn measure(fixture: &SyncFixture, name: &str) -> Result<SyncFigures, String> {
    let device = fixture.fresh_device(name)?;
    let began = Instant::now();
    let report = device.sync().await.map_err(|e| e.to_string())?;
    let full = began.elapsed();
    device.sync().await.map_err(|e| e.to_string())?;
    let began = Instant::now();
    let empty = device.sync().await.map_err(|e| e.to_string())?;
    let empty_delta = began.elapsed();
    if empty.orders + empty.income + empty.points_transfers != 0 {
        return Err("the empty sync received data".into());
    }
    Ok(SyncFigures {
        orders: report.orders,
        income_lines: report.income,
        transfers: report.points_transfers,
        full,
        empty_delta,
        reference_not_modified: empty.reference_not_modified,
    })
}

/// `wealth bench-sync`: print the figures (median of `runs`).
pub async fn run(orders: usize, income_lines: usize, transfers: usize, runs: usize) -> Result<(), String> {
    let fixture = SyncFixture::new(orders, income_lines, transfers).await?;
    let mut all = Vec::new();
    for i in 0..runs.max(1) {
        all.push(measure(&fixture, &format!("run-{i}")).await?);
    }
    // Cold start: reopen a synced encrypted replica (raw key, no KDF) and compute the home view.
    let mut opens = Vec::new();
    for _ in 0..5 {
        let began = Instant::now();
        let device = fixture.fresh_device("run-0")?;
        device.home().map_err(|e| e.to_string())?;
        opens.push(began.elapsed());
    }
    fixture.stop().await;
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let f = &all[0];
    println!(
        "full sync of {} ledger transfers + {} orders + {} income lines over loopback TLS: {:.1} ms (median of {})",
        f.transfers,
        f.orders,
        f.income_lines,
        median(all.iter().map(|f| f.full).collect()).as_secs_f64() * 1000.0,
        all.len()
    );
    println!(
        "empty delta sync: {:.2} ms (one round trip: reference by ETag {} and account by cursor, in parallel)",
        median(all.iter().map(|f| f.empty_delta).collect()).as_secs_f64() * 1000.0,
        if f.reference_not_modified { "304" } else { "200" }
    );
    println!(
        "cold start (open the encrypted replica of that history + home view, offline): {:.1} ms",
        median(opens).as_secs_f64() * 1000.0
    );
    Ok(())
}
