//! The device store: encryption at rest, upgrades from every earlier schema (including the file
//! the schema-1 store wrote, in `data/`), refusal of a newer schema, drafts and the outbox.
//!
//! `data/replica-schema1.sqlite3` was written by the schema-1 store's own public API (plaintext
//! SQLite, `user_version` 1) by `core/tests/make_schema1_replica.rs` at commit 1c6ca72, before
//! this version existed.

use std::path::{Path, PathBuf};

use chrono::DateTime;
use wealth_core::api::{AccountDelta, AccountSummary, OrderRecord};
use wealth_core::device::store::SCHEMA_VERSION;
use wealth_core::device::{Draft, OutboxIntent, ReplicaStore};
use wealth_core::order::{OrderKind, OrderStatus};

const KEY: [u8; 32] = [7u8; 32];

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wealth-replica-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{n}-{}", std::process::id())
}

fn raw_bytes(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    for ext in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        if let Ok(b) = std::fs::read(PathBuf::from(p)) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_schema1_file_upgrades_keeping_every_row_and_is_encrypted() {
    let dir = temp_dir();
    let path = dir.join("replica.sqlite3");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/replica-schema1.sqlite3"), &path).unwrap();
    assert!(contains(&raw_bytes(&path), "1234.56"), "the old file is plaintext");

    let store = ReplicaStore::open(&path, &KEY).unwrap();
    let orders = store.orders().unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0].id, "order-deposit-1");
    assert_eq!(orders[0].amount.to_string(), "10000.00");
    assert_eq!(orders[0].status, OrderStatus::Confirmed);
    assert_eq!(orders[1].id, "order-withdraw-2");
    assert_eq!(orders[1].kind, OrderKind::NormalWithdrawal);
    assert_eq!(orders[1].amount.to_string(), "1234.56");
    let snap = store.snapshot().unwrap();
    assert_eq!(snap.income.len(), 1);
    assert_eq!(snap.income[0].income.to_string(), "0.42");
    assert_eq!(snap.per_10k.len(), 2);
    assert_eq!(snap.as_of.unwrap().to_rfc3339(), "2026-11-17T10:00:00+08:00");
    assert_eq!(store.cursor().unwrap(), 3);
    assert_eq!(store.server_offset_ms().unwrap(), -1500);
    let intents = store.pending_intents().unwrap();
    assert_eq!(intents.len(), 1);
    assert_eq!(intents[0].idempotency_key, "key-unsent-deposit");
    assert_eq!(intents[0].amount, "88.80");
    assert_eq!(intents[0].attempts, 0);
    assert!(store.drafts().unwrap().is_empty());
    drop(store);

    let bytes = raw_bytes(&path);
    assert!(!bytes.starts_with(b"SQLite format 3"), "encrypted after the upgrade");
    for needle in ["1234.56", "10000.00", "88.80", "key-unsent-deposit", "order-deposit-1", "CREATE TABLE"] {
        assert!(!contains(&bytes, needle), "{needle} is readable in the file");
    }
    // Reopening is a no-op; a wrong key is refused and changes nothing.
    assert_eq!(ReplicaStore::open(&path, &KEY).unwrap().orders().unwrap().len(), 2);
    let err = ReplicaStore::open(&path, &[8u8; 32]).err().expect("wrong key refused");
    assert_eq!(err.code(), "STORAGE");
    assert_eq!(ReplicaStore::open(&path, &KEY).unwrap().orders().unwrap().len(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_earlier_schema_migrates_keeping_its_rows() {
    for from in 0..SCHEMA_VERSION {
        let dir = temp_dir();
        let path = dir.join("replica.sqlite3");
        {
            let conn = ReplicaStore::open_at_version(&path, &KEY, from).unwrap();
            let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
            assert_eq!(v, from);
            if from >= 1 {
                conn.execute_batch(
                    "INSERT INTO orders VALUES ('o1','deposit','pending','500.00','2026-11-16T09:00:00+08:00','2026-11-16','2026-11-17',4);
                     INSERT INTO income VALUES ('2026-11-16','100.00','0.01',5);
                     INSERT INTO per10k VALUES ('2026-11-16','0.5000');
                     INSERT INTO meta VALUES ('cursor','5');
                     INSERT INTO outbox(idempotency_key, kind, amount, created_at, attempts)
                        VALUES ('k1','instant_withdrawal','20.00','2026-11-16T10:00:00+08:00', 2);",
                )
                .unwrap();
            }
        }
        let store = ReplicaStore::open(&path, &KEY).unwrap();
        if from >= 1 {
            assert_eq!(store.orders().unwrap().len(), 1, "from {from}");
            assert_eq!(store.snapshot().unwrap().income.len(), 1);
            assert_eq!(store.snapshot().unwrap().per_10k.len(), 1);
            assert_eq!(store.cursor().unwrap(), 5);
            let i = store.pending_intents().unwrap();
            assert_eq!((i[0].idempotency_key.as_str(), i[0].attempts, i[0].next_attempt_at), ("k1", 2, None));
        }
        assert!(store.drafts().unwrap().is_empty());
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_error() {
    let dir = temp_dir();
    let path = dir.join("replica.sqlite3");
    {
        let conn = ReplicaStore::open_at_version(&path, &KEY, SCHEMA_VERSION).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let err = ReplicaStore::open(&path, &KEY).err().expect("refused");
    assert_eq!(err.code(), "STORAGE");
    assert!(err.to_string().contains("newer version of the app"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_amount_or_key_is_readable_in_the_database_files() {
    let dir = temp_dir();
    let path = dir.join("replica.sqlite3");
    let t = DateTime::parse_from_rfc3339("2026-11-16T09:30:00+08:00").unwrap();
    let mut store = ReplicaStore::open(&path, &KEY).unwrap();
    store
        .apply_delta(
            &AccountDelta {
                server_time: t,
                cursor: 1,
                orders: vec![OrderRecord {
                    id: "order-98765".into(),
                    kind: OrderKind::Deposit,
                    status: OrderStatus::Pending,
                    amount: "98765.43".parse().unwrap(),
                    placed_at: t,
                    trading_day: Some(t.date_naive()),
                    confirm_day: t.date_naive().succ_opt().unwrap(),
                    seq: 1,
                }],
                income: vec![],
                summary: AccountSummary {
                    units: "0.00".parse().unwrap(),
                    total_income: "0.00".parse().unwrap(),
                    cash_out: "0.00".parse().unwrap(),
                },
            },
            0,
        )
        .unwrap();
    store
        .add_intent(&OutboxIntent {
            idempotency_key: "idem-key-secret".into(),
            kind: OrderKind::Deposit,
            amount: "4321.09".into(),
            created_at: t,
            attempts: 0,
            next_attempt_at: None,
            coupon: None,
        })
        .unwrap();
    store
        .add_draft(&Draft { id: "draft-1".into(), kind: OrderKind::Deposit, amount: "777.66".into(), created_at: t })
        .unwrap();
    // While open (WAL not checkpointed) and after close.
    for round in 0..2 {
        let bytes = raw_bytes(&path);
        for needle in ["98765.43", "4321.09", "777.66", "idem-key-secret", "order-98765", "deposit", "SQLite format"] {
            assert!(!contains(&bytes, needle), "round {round}: {needle} is readable");
        }
        if round == 0 {
            drop(std::mem::replace(&mut store, ReplicaStore::open_in_memory().unwrap()));
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
