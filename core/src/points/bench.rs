//! Figures of the points ledger on the device store, callable from a criterion bench
//! (`core/benches/ledger.rs`) and from the console: posting throughput on the replica store
//! against a raw SQLite insert of the same rows in one transaction, and the time to read the
//! balance over many transfers.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::TimeZone;

use crate::calendar::shanghai;
use crate::device::store::ReplicaStore;
use crate::points::api::PointsDelta;
use crate::points::{Account, Transfer, TransferKind};

/// `n` earning transfers as the server would send them (seq 1..=n).
pub fn sample_transfers(n: usize) -> Vec<Transfer> {
    let t0 = shanghai().with_ymd_and_hms(2026, 11, 16, 0, 0, 0).single().expect("valid time");
    (0..n)
        .map(|i| Transfer {
            id: format!("holding:{i:08}"),
            debit: Account::Issued,
            credit: Account::Available,
            amount: 1 + (i as i64 % 10),
            kind: TransferKind::Earn,
            reason: "holding".into(),
            at: t0 + chrono::Duration::seconds(i as i64),
            expires_at: None,
            pending: false,
            refers_to: None,
            seq: i as i64 + 1,
        })
        .collect()
}

struct TempDb(PathBuf);

impl TempDb {
    fn new(tag: &str) -> TempDb {
        TempDb(std::env::temp_dir().join(format!("wealth-bench-{tag}-{}.sqlite3", uuid::Uuid::new_v4().simple())))
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

fn delta(transfers: Vec<Transfer>) -> PointsDelta {
    let cursor = transfers.last().map(|t| t.seq).unwrap_or(0);
    PointsDelta {
        server_time: shanghai().with_ymd_and_hms(2026, 11, 16, 0, 0, 0).single().expect("valid time"),
        cursor,
        more: false,
        balance: 0,
        clawback_owed: 0,
        transfers,
    }
}

/// Time to post `n` transfers through the device store (`ReplicaStore::apply_points`, one
/// transaction, JSON bodies, idempotent insert, cursor update), on a file database.
pub fn device_post_time(n: usize) -> Duration {
    let db = TempDb::new("device");
    let mut store = ReplicaStore::open(&db.0, &[7u8; 32]).expect("open the replica store");
    let d = delta(sample_transfers(n));
    let started = Instant::now();
    store.apply_points(&d).expect("apply");
    started.elapsed()
}

/// Time to insert the same rows (id, JSON body, seq, balance effect) with raw rusqlite in one transaction, on a
/// file database with the store's pragmas (WAL, synchronous NORMAL).
pub fn raw_insert_time(n: usize) -> Duration {
    let db = TempDb::new("raw");
    let mut conn = rusqlite::Connection::open(&db.0).expect("open");
    // The same file format as the device store: SQLCipher with a raw key (ADR 8), so the ratio
    // measures the store's own work (serialising, idempotent insert, cursor), not the cipher's.
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "07".repeat(32))).expect("key");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
    conn.execute_batch(
        "CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, effect INTEGER NOT NULL)",
    )
    .expect("table");
    let rows: Vec<(String, String, i64, i64)> = sample_transfers(n)
        .into_iter()
        .map(|t| (t.id.clone(), serde_json::to_string(&t).expect("json"), t.seq, t.available_effect()))
        .collect();
    let started = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut st = tx.prepare("INSERT INTO t (id, body, seq, effect) VALUES (?1, ?2, ?3, ?4)").expect("prepare");
        for (id, body, seq, effect) in &rows {
            st.execute(rusqlite::params![id, body, seq, effect]).expect("insert");
        }
    }
    tx.commit().expect("commit");
    started.elapsed()
}

/// Posting throughput of the device store relative to a raw insert of the same rows (raw time /
/// device time; 1.0 = as fast as raw SQLite; goal ≥ 0.5). Best of three runs of each. The raw
/// side is given its rows already serialised; the device side serialises them itself.
pub fn posting_ratio(n: usize) -> f64 {
    let best = |f: fn(usize) -> Duration| (0..3).map(|_| f(n)).min().unwrap_or_default();
    let raw = best(raw_insert_time);
    let device = best(device_post_time);
    raw.as_secs_f64() / device.as_secs_f64().max(1e-9)
}

/// Time to read the points balance from a device store holding `n` transfers (best of five).
pub fn balance_read_time(n: usize) -> Duration {
    let db = TempDb::new("balance");
    let mut store = ReplicaStore::open(&db.0, &[7u8; 32]).expect("open the replica store");
    store.apply_points(&delta(sample_transfers(n))).expect("apply");
    let expected: i64 = (0..n as i64).map(|i| 1 + i % 10).sum();
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let b = store.points_balance().expect("balance");
            let t = started.elapsed();
            assert_eq!(b, expected, "balance = sum of the transfers");
            t
        })
        .min()
        .unwrap_or_default()
}
