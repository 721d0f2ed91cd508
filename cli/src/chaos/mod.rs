//! `wealth chaos [--trials N] [--seed S]`: kill and fault trials with invariant checks.
//!
//! One server process (sandbox, file database, plain HTTP on loopback) sits behind a fault
//! proxy. Each trial creates an investor and places up to three deposits of distinct amounts
//! from a device, in one of three ways: in-process through the faulty proxy; from a device
//! child process killed with SIGKILL at a random moment (then reopened and reconciled); or while
//! the server process is killed with SIGKILL (sometimes during a 00:00 batch) and restarted.
//! After each trial the device syncs until its outbox is empty, and the harness checks: every
//! intent applied exactly once, money conserved (the figures equal the orders applied and the
//! server's own figures), books balanced (the server's audit).

pub mod procs;
pub mod proxy;

use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Days};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use wealth_core::api::{CreateInvestor, PublishPer10k};
use wealth_core::calendar::{days_between, BusinessTime};
use wealth_core::device::{Device, DeviceError, MovementAuth, SandboxAdminClient};
use wealth_core::income::DailyPer10k;
use wealth_core::Money;

use procs::{open_device, ServerProcess};
use proxy::Proxy;

/// Totals of a run.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    /// Trials run.
    pub trials: u64,
    /// Intents recorded (or acknowledged) but never applied.
    pub lost: u64,
    /// Intents applied more than once.
    pub doubled: u64,
    /// Other broken invariants (conservation, audit, outbox not drained, ...).
    pub invariant_failures: u64,
    /// Device processes killed.
    pub device_kills: u64,
    /// Server processes killed.
    pub server_kills: u64,
    /// Requests the proxy faulted.
    pub faulted_requests: u64,
    /// What failed (first few).
    pub notes: Vec<String>,
}

impl std::fmt::Display for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "trials: {}, lost: {}, doubled: {}, invariant failures: {}",
            self.trials, self.lost, self.doubled, self.invariant_failures
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TrialKind {
    ProxyFaults,
    DeviceKill,
    ServerKill,
}

struct Harness {
    exe: PathBuf,
    dir: PathBuf,
    db: PathBuf,
    server: Option<ServerProcess>,
    admin: SandboxAdminClient,
    proxy: Proxy,
    clock: BusinessTime,
}

fn start_time() -> BusinessTime {
    DateTime::parse_from_rfc3339("2026-11-16T09:00:00+08:00").expect("literal time")
}

fn last_clock() -> BusinessTime {
    DateTime::parse_from_rfc3339("2026-12-28T00:00:00+08:00").expect("literal time")
}

impl Harness {
    async fn new(exe: PathBuf, dir: PathBuf, seed: u64) -> Result<Harness, String> {
        let db = dir.join("server.sqlite3");
        let clock = start_time();
        let server = ServerProcess::spawn(&exe, &db, &dir, clock)?;
        let admin = SandboxAdminClient::new(&server.url, None).map_err(|e| e.to_string())?;
        let proxy = Proxy::start(server.addr(), seed).await.map_err(|e| format!("proxy: {e}"))?;
        let from = clock.date_naive() - Days::new(10);
        let to = clock.date_naive() + Days::new(3 * 366);
        let days = days_between(from, to)
            .map(|day| DailyPer10k { day, per_10k: "0.0000".parse().expect("literal") })
            .collect();
        admin.publish_per_10k(&PublishPer10k { days }).await.map_err(|e| format!("per10k: {e}"))?;
        Ok(Harness { exe, dir, db, server: Some(server), admin, proxy, clock })
    }

    fn proxy_url(&self) -> String {
        format!("http://{}", self.proxy.addr)
    }

    fn restart_server(&mut self) -> Result<(), String> {
        if let Some(s) = self.server.take() {
            s.kill9();
        }
        let server = ServerProcess::spawn(&self.exe, &self.db, &self.dir, start_time())?;
        self.admin = SandboxAdminClient::new(&server.url, None).map_err(|e| e.to_string())?;
        self.proxy.set_upstream(server.addr());
        self.server = Some(server);
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(s) = self.server.take() {
            s.kill9();
        }
    }
}

/// The investor's confirmation of a movement (the sandbox's QA PIN).
pub(crate) fn investor_auth() -> MovementAuth {
    MovementAuth { biometric: true, ..MovementAuth::pin("135790") }
}

/// Whether nothing is left to send: no intent in the outbox and no draft. A resent intent that
/// never reached the server comes back as a draft (the PIN is never stored): the investor
/// confirms it again, as the app would ask.
async fn settled(device: &Device) -> Result<bool, String> {
    for d in device.drafts().map_err(|e| e.to_string())? {
        let _ = device.confirm_draft(&d.id, &investor_auth()).await;
    }
    Ok(device.pending_intents().map_err(|e| e.to_string())?.is_empty()
        && device.drafts().map_err(|e| e.to_string())?.is_empty())
}

/// Sync until the outbox is empty: first through the faults, then without.
async fn reconcile(device: &Device, proxy: &Proxy) -> Result<(), String> {
    for _ in 0..3 {
        if device.sync().await.is_ok() && settled(device).await? {
            return Ok(());
        }
    }
    proxy.set_faults(false);
    let mut last = String::new();
    for _ in 0..5 {
        match device.sync().await {
            Ok(_) if settled(device).await? => return Ok(()),
            Ok(_) => last = "intents still pending".into(),
            Err(e) => last = format!("{}: {e}", e.code()),
        }
    }
    Err(format!("the outbox did not drain: {last}"))
}

/// Run a device child that deposits `amounts`, SIGKILL it after a random delay; the lines it
/// printed.
fn device_child(h: &Harness, dir: &Path, token: &str, amounts: &[String], kill_after: Duration) -> Vec<String> {
    let mut child = match Command::new(&h.exe)
        .arg("chaos-device")
        .arg("--dir")
        .arg(dir)
        .arg("--url")
        .arg(h.proxy_url())
        .arg("--token")
        .arg(token)
        .arg("--amounts")
        .arg(amounts.join(","))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => return vec!["spawn failed".into()],
    };
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let reader = child.stdout.take().map(|out| {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if line == "ready" {
                    let _ = ready_tx.send(());
                }
                lines.lock().unwrap_or_else(|p| p.into_inner()).push(line);
            }
        })
    });
    // Kill at a random point after the device opened its store (or give up waiting after 5 s).
    let _ = ready_rx.recv_timeout(Duration::from_secs(5));
    std::thread::sleep(kill_after);
    let _ = child.kill();
    let _ = child.wait();
    if let Some(r) = reader {
        let _ = r.join();
    }
    let out = lines.lock().unwrap_or_else(|p| p.into_inner()).clone();
    out
}

async fn run_trial(h: &mut Harness, rng: &mut StdRng, n: u64, totals: &mut Totals) -> Result<(), String> {
    let kind = match rng.random_range(0..100) {
        0..55 => TrialKind::ProxyFaults,
        55..85 => TrialKind::DeviceKill,
        _ => TrialKind::ServerKill,
    };
    let created = h
        .admin
        .create_investor(&CreateInvestor {
            name: format!("Chaos {n}"),
            card_last4: "0042".into(),
            ..Default::default()
        })
        .await
        .map_err(|e| format!("creating the investor: {e}"))?;
    let dir = h.dir.join(format!("device-{n}"));
    let count = rng.random_range(1..=3usize);
    let amounts: Vec<String> = (0..count).map(|j| format!("{}.{:02}", 100 + j * 10, n % 100)).collect();
    // For each intent: must it be applied (1), or may it be either (recorded when killed)?
    let mut must_apply = vec![true; count];
    h.proxy.set_faults(true);
    let device = match kind {
        TrialKind::ProxyFaults => {
            let device = open_device(&dir, &h.proxy_url(), &created.token).map_err(|e| e.to_string())?;
            for (j, a) in amounts.iter().enumerate() {
                if let Err(e @ DeviceError::Api { status: 400..=499, .. }) =
                    device.deposit_with(a, &investor_auth()).await
                {
                    must_apply[j] = false;
                    return Err(format!("deposit {a} refused: {} {e}", e.code()));
                }
            }
            device
        }
        TrialKind::DeviceKill => {
            totals.device_kills += 1;
            let kill_after = Duration::from_micros(rng.random_range(0..12_000));
            let lines = device_child(h, &dir, &created.token, &amounts, kill_after);
            let device = open_device(&dir, &h.proxy_url(), &created.token).map_err(|e| e.to_string())?;
            let pending: BTreeSet<String> =
                device.pending_intents().map_err(|e| e.to_string())?.into_iter().map(|i| i.amount).collect();
            for (j, a) in amounts.iter().enumerate() {
                let acknowledged =
                    lines.iter().any(|l| l == &format!("done {j}") || l.starts_with(&format!("error {j} ")));
                must_apply[j] = acknowledged || pending.contains(a);
            }
            device
        }
        TrialKind::ServerKill => {
            totals.server_kills += 1;
            let device = open_device(&dir, &h.proxy_url(), &created.token).map_err(|e| e.to_string())?;
            let kill_after = Duration::from_micros(rng.random_range(0..8_000));
            // Move the clock 8 hours (a 00:00 batch every third move) while the built-in
            // calendar lasts (it covers 2026).
            let batch = rng.random_bool(0.5) && h.clock < last_clock();
            let admin = h.admin.clone();
            let next_day = h.clock + chrono::Duration::hours(8);
            let moving = batch.then(|| tokio::spawn(async move { admin.set_clock(next_day).await }));
            let deposits = async {
                for a in &amounts {
                    let _ = device.deposit_with(a, &investor_auth()).await;
                }
            };
            let kill = async {
                tokio::time::sleep(kill_after).await;
                if let Some(s) = h.server.take() {
                    s.kill9();
                }
            };
            tokio::join!(deposits, kill);
            if let Some(m) = moving {
                let _ = m.await;
            }
            h.restart_server()?;
            if batch {
                h.clock = next_day;
                h.admin.set_clock(h.clock).await.map_err(|e| format!("clock after restart: {e}"))?;
            }
            device
        }
    };
    reconcile(&device, &h.proxy).await?;
    h.proxy.set_faults(false);
    check(&device, &amounts, &must_apply, h, n, totals).await;
    Ok(())
}

async fn check(device: &Device, amounts: &[String], must: &[bool], h: &Harness, n: u64, t: &mut Totals) {
    let note = |t: &mut Totals, s: String| {
        if t.notes.len() < 20 {
            t.notes.push(format!("trial {n}: {s}"));
        }
    };
    let report = match device.sync().await {
        Ok(r) => r,
        Err(e) => {
            t.invariant_failures += 1;
            return note(t, format!("final sync failed: {e}"));
        }
    };
    if let Some(m) = report.mismatch {
        t.invariant_failures += 1;
        note(t, format!("figures differ from the server's: {m}"));
    }
    let orders = device.orders().unwrap_or_default();
    let mut applied = Money::ZERO;
    for (j, a) in amounts.iter().enumerate() {
        let c = orders.iter().filter(|o| o.amount.to_string() == *a).count();
        if c > 1 {
            t.doubled += 1;
            note(t, format!("{a} applied {c} times"));
        }
        if c == 0 && must[j] {
            t.lost += 1;
            note(t, format!("{a} recorded but never applied"));
        }
        if c >= 1 {
            applied = applied.checked_add(a.parse::<Money>().unwrap_or(Money::ZERO)).unwrap_or(applied);
        }
    }
    if orders.iter().any(|o| !amounts.contains(&o.amount.to_string())) {
        t.invariant_failures += 1;
        note(t, "an order nobody asked for".into());
    }
    match device.home() {
        Ok(home) => {
            let f = &home.figures;
            let held = f.units.checked_add(f.pending_in).and_then(|s| s.checked_sub(f.total_income));
            if held != Some(applied) {
                t.invariant_failures += 1;
                note(
                    t,
                    format!("money not conserved: units {} + pending {} vs applied {applied}", f.units, f.pending_in),
                );
            }
        }
        Err(e) => {
            t.invariant_failures += 1;
            note(t, format!("home view: {e}"));
        }
    }
    match h.admin.audit().await {
        Ok(a) => {
            let mismatches = a["order_movement_mismatches"].as_i64().unwrap_or(-1);
            let unbalanced = a["investors"].as_array().map_or(1, |v| {
                v.iter()
                    .filter(|i| {
                        i["holding"] != i["journal_sum"]
                            || i["journal_low"].as_str().is_some_and(|s| s.starts_with('-'))
                    })
                    .count()
            });
            if mismatches != 0 || unbalanced != 0 {
                t.invariant_failures += 1;
                note(t, format!("books: {mismatches} order/movement mismatches, {unbalanced} unbalanced investors"));
            }
        }
        Err(e) => {
            t.invariant_failures += 1;
            note(t, format!("audit: {e}"));
        }
    }
}

/// Run `trials` trials from `seed`; prints progress and the totals, last line
/// `trials: N, lost: 0, doubled: 0, invariant failures: 0`.
pub async fn run(trials: u64, seed: u64) -> Result<Totals, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the wealth binary: {e}"))?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut h = Harness::new(exe, tmp.path().to_path_buf(), seed).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut totals = Totals::default();
    let began = Instant::now();
    let mut result = Ok(());
    for n in 0..trials {
        if let Err(e) = run_trial(&mut h, &mut rng, n, &mut totals).await {
            totals.invariant_failures += 1;
            if totals.notes.len() < 20 {
                totals.notes.push(format!("trial {n}: {e}"));
            }
            if h.server.is_none() {
                if let Err(e) = h.restart_server() {
                    result = Err(e);
                    break;
                }
            }
        }
        totals.trials += 1;
        if (n + 1) % 100 == 0 {
            eprintln!("  {} trials, {:.1} s", n + 1, began.elapsed().as_secs_f64());
        }
    }
    totals.faulted_requests = h.proxy.counts.faulted.load(std::sync::atomic::Ordering::Relaxed);
    h.stop();
    result.map(|_| totals)
}
