//! The device's SQLite replica of the account: orders, income, 万份收益, reference data, the
//! sync cursor and the outbox of intents. Every write is one transaction.

use chrono::{DateTime, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

use crate::api::{AccountDelta, IncomeRecord, OrderRecord, ReferenceData};
use crate::calendar::{BusinessTime, CalendarData, TradingCalendar};
use crate::device::error::DeviceError;
use crate::income::DailyPer10k;
use crate::order::{OrderKind, OrderStatus};
use crate::settings::ProductSettings;

mod points;
pub use points::RedeemIntent;

/// Ordered schema migrations; `PRAGMA user_version` is the number applied.
const MIGRATIONS: &[&str] = &[
    // 1: the account replica and the outbox.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE orders (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, amount TEXT NOT NULL,
        placed_at TEXT NOT NULL, trading_day TEXT, confirm_day TEXT NOT NULL, seq INTEGER NOT NULL);
     CREATE TABLE income (day TEXT PRIMARY KEY, units TEXT NOT NULL, income TEXT NOT NULL, seq INTEGER NOT NULL);
     CREATE TABLE per10k (day TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE outbox (
        idempotency_key TEXT PRIMARY KEY, kind TEXT NOT NULL, amount TEXT NOT NULL,
        created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);",
    // 2: onboarding progress (resumable) and the cached questionnaire. No PIN; the card only as
    // last 4 + salted hash; the session token lives in the platform's secret store.
    "CREATE TABLE onboarding (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        phone TEXT, otp_sent_at TEXT, account_id TEXT,
        progress TEXT NOT NULL DEFAULT '{}',
        name TEXT, id_number_masked TEXT,
        card_last4 TEXT, card_salt TEXT, card_hash TEXT,
        risk_level TEXT, risk_score INTEGER, risk_valid_until TEXT,
        guide_read TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT);
     INSERT INTO onboarding (id) VALUES (1);
     CREATE TABLE questionnaire_cache (id TEXT PRIMARY KEY, json TEXT NOT NULL);",
    // 3: retry backoff of intents, offline drafts of money movements (the file is encrypted
    // from this version on: see `open`).
    "ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
     CREATE TABLE drafts (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, amount TEXT NOT NULL, created_at TEXT NOT NULL);",
    // 4: the points ledger replica, the coupon wallet cache, redemption intents, a coupon on a
    // deposit intent.
    "CREATE TABLE points_transfers (
        id TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, available_effect INTEGER NOT NULL);
     CREATE INDEX points_by_seq ON points_transfers (seq);
     CREATE TABLE coupons (id TEXT PRIMARY KEY, body TEXT NOT NULL);
     CREATE TABLE redeem_outbox (
        idempotency_key TEXT PRIMARY KEY, coupon_value TEXT NOT NULL,
        created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
     ALTER TABLE outbox ADD COLUMN coupon TEXT;",
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A money movement drafted offline: stored and listed, never sent until the investor confirms
/// it again online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Local id (for `confirm_draft` / `discard_draft`).
    pub id: String,
    /// What to do.
    pub kind: OrderKind,
    /// Amount as typed (already validated).
    pub amount: String,
    /// When it was drafted (business time).
    pub created_at: BusinessTime,
}

/// An intent written before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxIntent {
    /// Made before the first send; every retry reuses it.
    pub idempotency_key: String,
    /// What to do.
    pub kind: OrderKind,
    /// Amount as typed (already validated).
    pub amount: String,
    /// When the user asked (device time with the server offset).
    pub created_at: BusinessTime,
    /// Failed sends so far.
    pub attempts: i64,
    /// Not to be resent before this device-clock time (backoff); `None`: at once.
    pub next_attempt_at: Option<BusinessTime>,
    /// A coupon applied to a deposit.
    pub coupon: Option<String>,
}

/// Everything the view models read, loaded at once.
#[derive(Debug, Clone)]
pub struct ReplicaSnapshot {
    /// All orders.
    pub orders: Vec<OrderRecord>,
    /// All income lines.
    pub income: Vec<IncomeRecord>,
    /// Published 万份收益.
    pub per_10k: Vec<DailyPer10k>,
    /// Cached product settings (defaults before the first sync).
    pub settings: ProductSettings,
    /// The server's time at the last successful sync.
    pub as_of: Option<BusinessTime>,
}

/// Apply the migrations after the stored version, up to `target`, each in one transaction.
fn migrate(conn: &mut Connection, target: i64) -> Result<(), DeviceError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().take(target as usize).skip(version.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// SQLCipher's raw-key form `x'<64 hex digits>'`.
fn raw_key(key: &[u8; 32]) -> String {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    format!("x'{hex}'")
}

/// Whether `path` is a plaintext SQLite file (the schema-1 store was not encrypted).
fn is_plaintext(path: &Path) -> Result<bool, DeviceError> {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut f) => Ok(f.read_exact(&mut header).is_ok() && &header == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(DeviceError::Storage(format!("cannot read {}: {e}", path.display()))),
    }
}

/// Encrypt a plaintext store: export it into a new encrypted file (`sqlcipher_export`, with its
/// schema version), make that durable, then rename it over the old one. A crash before the
/// rename leaves the plaintext store, which is encrypted again at the next open.
fn encrypt_in_place(path: &Path, key: &[u8; 32]) -> Result<(), DeviceError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".encrypting");
    let tmp = std::path::PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    {
        let conn = Connection::open(path)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tmp_text = tmp.to_str().ok_or_else(|| DeviceError::Storage("the data folder path is not UTF-8".into()))?;
        conn.execute("ATTACH DATABASE ?1 AS encrypted KEY ?2", params![tmp_text, raw_key(key)])?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}; DETACH DATABASE encrypted;"))?;
    }
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| DeviceError::Storage(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| DeviceError::Storage(format!("encrypting the store: {e}")))?;
    for ext in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(ext);
        let _ = std::fs::remove_file(std::path::PathBuf::from(side));
    }
    Ok(())
}

/// The replica store.
pub struct ReplicaStore {
    pub(crate) conn: Connection,
}

fn bad(e: impl std::fmt::Display) -> DeviceError {
    DeviceError::Storage(format!("corrupt row: {e}"))
}

/// An order row as stored: id, kind, status, amount, placed_at, trading_day, confirm_day, seq.
type OrderRow = (String, String, String, String, String, Option<String>, String, i64);

fn order_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

impl ReplicaStore {
    /// Open (creating and migrating) the store at `path`, encrypted with SQLCipher under the raw
    /// 32-byte `key` (no key derivation runs at open). A plaintext store left by schema 1 is
    /// encrypted in place first. A wrong key is refused with `STORAGE` and changes nothing.
    pub fn open(path: &Path, key: &[u8; 32]) -> Result<ReplicaStore, DeviceError> {
        if is_plaintext(path)? {
            encrypt_in_place(path, key)?;
        }
        let conn = Connection::open(path)?;
        // SQLCipher's own log would print decryption failures to stderr; we report them instead.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", raw_key(key)))?;
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            return Err(DeviceError::Storage(format!(
                "the local store cannot be read with the key from the platform's secret store ({e}); \
                 sign in again to rebuild it from the server"
            )));
        }
        ReplicaStore::init(conn)
    }

    /// An in-memory store (tests).
    pub fn open_in_memory() -> Result<ReplicaStore, DeviceError> {
        ReplicaStore::init(Connection::open_in_memory()?)
    }

    /// Open a store and migrate it only up to schema `version` (tests of the migrations).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, key: &[u8; 32], version: i64) -> Result<Connection, DeviceError> {
        let mut conn = Connection::open(path)?;
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", raw_key(key)))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut conn, version)?;
        Ok(conn)
    }

    fn init(mut conn: Connection) -> Result<ReplicaStore, DeviceError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(DeviceError::Storage(format!(
                "this data was written by a newer version of the app (schema {version}, this one knows {known}); update the app"
            )));
        }
        migrate(&mut conn, known)?;
        Ok(ReplicaStore { conn })
    }

    fn meta(&self, key: &str) -> Result<Option<String>, DeviceError> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn set_meta(tx: &Transaction<'_>, key: &str, value: &str) -> Result<(), DeviceError> {
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The account cursor of the last applied delta.
    pub fn cursor(&self) -> Result<i64, DeviceError> {
        Ok(self.meta("cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Offset of the server's clock from the device's, in milliseconds.
    pub fn server_offset_ms(&self) -> Result<i64, DeviceError> {
        Ok(self.meta("server_offset_ms")?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// The latest 万份收益 day held.
    pub fn last_per_10k_day(&self) -> Result<Option<NaiveDate>, DeviceError> {
        let d: Option<String> = self.conn.query_row("SELECT max(day) FROM per10k", [], |r| r.get(0))?;
        d.map(|d| d.parse().map_err(bad)).transpose()
    }

    /// The cached trading calendar (the built-in one before the first sync).
    pub fn calendar(&self) -> Result<TradingCalendar, DeviceError> {
        match self.meta("calendar")? {
            Some(json) => Ok(TradingCalendar::from_data(serde_json::from_str::<CalendarData>(&json).map_err(bad)?)),
            None => Ok(TradingCalendar::builtin()),
        }
    }

    /// Apply reference data (settings, calendar, 万份收益) in one transaction.
    pub fn apply_reference(&mut self, r: &ReferenceData, etag: Option<&str>) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        match etag {
            Some(tag) => Self::set_meta(&tx, "reference_etag", tag)?,
            None => {
                tx.execute("DELETE FROM meta WHERE key = 'reference_etag'", [])?;
            }
        }
        Self::set_meta(&tx, "product", &serde_json::to_string(&r.product).map_err(bad)?)?;
        Self::set_meta(&tx, "calendar", &serde_json::to_string(&r.calendar).map_err(bad)?)?;
        Self::set_meta(&tx, "programme", &serde_json::to_string(&r.programme).map_err(bad)?)?;
        for p in &r.per_10k {
            tx.execute(
                "INSERT INTO per10k(day, value) VALUES (?1, ?2) ON CONFLICT(day) DO UPDATE SET value = excluded.value",
                params![p.day.to_string(), p.per_10k.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Apply an account delta and record the server's time and offset, in one transaction.
    /// Rows are upserted by id, so applying the same delta twice changes nothing.
    pub fn apply_delta(&mut self, d: &AccountDelta, offset_ms: i64) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        for o in &d.orders {
            Self::upsert_order(&tx, o)?;
        }
        for i in &d.income {
            tx.execute(
                "INSERT INTO income(day, units, income, seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(day) DO UPDATE SET units = excluded.units, income = excluded.income, seq = excluded.seq",
                params![i.day.to_string(), i.units.to_string(), i.income.to_string(), i.seq],
            )?;
        }
        let cursor: i64 = Self::meta_in(&tx, "cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0);
        Self::set_meta(&tx, "cursor", &d.cursor.max(cursor).to_string())?;
        Self::set_meta(&tx, "as_of", &d.server_time.to_rfc3339())?;
        Self::set_meta(&tx, "server_offset_ms", &offset_ms.to_string())?;
        tx.commit()?;
        Ok(())
    }

    fn meta_in(tx: &Transaction<'_>, key: &str) -> Result<Option<String>, DeviceError> {
        Ok(tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn upsert_order(tx: &Transaction<'_>, o: &OrderRecord) -> Result<(), DeviceError> {
        // Never let an older copy of an order overwrite a newer one.
        tx.execute(
            "INSERT INTO orders(id, kind, status, amount, placed_at, trading_day, confirm_day, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET status = excluded.status, seq = excluded.seq WHERE excluded.seq >= orders.seq",
            params![
                o.id,
                o.kind.as_str(),
                o.status.as_str(),
                o.amount.to_string(),
                o.placed_at.to_rfc3339(),
                o.trading_day.map(|d| d.to_string()),
                o.confirm_day.to_string(),
                o.seq
            ],
        )?;
        Ok(())
    }

    /// Record an intent before it is sent (one transaction).
    pub fn add_intent(&mut self, i: &OutboxIntent) -> Result<(), DeviceError> {
        self.conn.execute(
            "INSERT INTO outbox(idempotency_key, kind, amount, created_at, coupon) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![i.idempotency_key, i.kind.as_str(), i.amount, i.created_at.to_rfc3339(), i.coupon],
        )?;
        Ok(())
    }

    /// The server answered an intent: store the order it made and clear the intent, atomically.
    pub fn complete_intent(&mut self, key: &str, order: Option<&OrderRecord>) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        if let Some(o) = order {
            Self::upsert_order(&tx, o)?;
        }
        tx.execute("DELETE FROM outbox WHERE idempotency_key = ?1", [key])?;
        tx.commit()?;
        Ok(())
    }

    /// Count a failed send of an intent and set when it may be resent (backoff).
    pub fn intent_attempted(&mut self, key: &str, next_attempt_at: BusinessTime) -> Result<(), DeviceError> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE idempotency_key = ?1",
            params![key, next_attempt_at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Intents not yet answered, oldest first.
    pub fn pending_intents(&self) -> Result<Vec<OutboxIntent>, DeviceError> {
        let mut st = self.conn.prepare(
            "SELECT idempotency_key, kind, amount, created_at, attempts, next_attempt_at, coupon FROM outbox
             ORDER BY created_at, rowid",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                (r.get::<_, i64>(4)?, r.get::<_, Option<String>>(5)?, r.get::<_, Option<String>>(6)?),
            ))
        })?;
        rows.map(|r| {
            let ((key, kind, amount, at), (attempts, next, coupon)) = r?;
            Ok(OutboxIntent {
                idempotency_key: key,
                kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
                amount,
                created_at: DateTime::parse_from_rfc3339(&at).map_err(bad)?,
                attempts,
                next_attempt_at: next.map(|t| DateTime::parse_from_rfc3339(&t).map_err(bad)).transpose()?,
                coupon,
            })
        })
        .collect()
    }

    /// Save a draft (offline money movement), one transaction.
    pub fn add_draft(&mut self, d: &Draft) -> Result<(), DeviceError> {
        self.conn.execute(
            "INSERT INTO drafts(id, kind, amount, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![d.id, d.kind.as_str(), d.amount, d.created_at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// An intent whose resend the server refused for want of the PIN (it is never stored, so a
    /// resend carries none) goes back to the drafts, to be confirmed again: one transaction.
    pub fn intent_to_draft(&mut self, key: &str) -> Result<Option<Draft>, DeviceError> {
        let tx = self.conn.transaction()?;
        let row: Option<(String, String, String)> = tx
            .query_row("SELECT kind, amount, created_at FROM outbox WHERE idempotency_key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((kind, amount, created_at)) = row else { return Ok(None) };
        let draft = Draft {
            id: key.to_string(),
            kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
            amount,
            created_at: DateTime::parse_from_rfc3339(&created_at).map_err(bad)?,
        };
        tx.execute(
            "INSERT OR IGNORE INTO drafts(id, kind, amount, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![draft.id, kind, draft.amount, created_at],
        )?;
        tx.execute("DELETE FROM outbox WHERE idempotency_key = ?1", [key])?;
        tx.commit()?;
        Ok(Some(draft))
    }

    /// Drafts, oldest first.
    pub fn drafts(&self) -> Result<Vec<Draft>, DeviceError> {
        let mut st = self.conn.prepare("SELECT id, kind, amount, created_at FROM drafts ORDER BY created_at, rowid")?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        rows.map(|r| {
            let (id, kind, amount, at) = r?;
            Ok(Draft {
                id,
                kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
                amount,
                created_at: DateTime::parse_from_rfc3339(&at).map_err(bad)?,
            })
        })
        .collect()
    }

    /// Delete a draft; whether it existed.
    pub fn discard_draft(&mut self, id: &str) -> Result<bool, DeviceError> {
        Ok(self.conn.execute("DELETE FROM drafts WHERE id = ?1", [id])? == 1)
    }

    /// Turn a confirmed draft into an outbox intent with `key`, atomically. `None`: no such draft.
    pub fn draft_to_intent(
        &mut self,
        id: &str,
        key: &str,
        now: BusinessTime,
    ) -> Result<Option<OutboxIntent>, DeviceError> {
        let tx = self.conn.transaction()?;
        let row: Option<(String, String)> = tx
            .query_row("SELECT kind, amount FROM drafts WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((kind, amount)) = row else { return Ok(None) };
        let intent = OutboxIntent {
            idempotency_key: key.to_string(),
            kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
            amount,
            created_at: now,
            attempts: 0,
            next_attempt_at: None,
            coupon: None,
        };
        tx.execute(
            "INSERT INTO outbox(idempotency_key, kind, amount, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![intent.idempotency_key, intent.kind.as_str(), intent.amount, intent.created_at.to_rfc3339()],
        )?;
        tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(Some(intent))
    }

    /// The ETag of the cached reference data.
    pub fn reference_etag(&self) -> Result<Option<String>, DeviceError> {
        self.meta("reference_etag")
    }

    /// Store a server-returned order (after a cancel, say).
    pub fn put_order(&mut self, o: &OrderRecord) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        Self::upsert_order(&tx, o)?;
        tx.commit()?;
        Ok(())
    }

    /// Every order, oldest first.
    pub fn orders(&self) -> Result<Vec<OrderRecord>, DeviceError> {
        let mut st = self.conn.prepare(
            "SELECT id, kind, status, amount, placed_at, trading_day, confirm_day, seq FROM orders ORDER BY placed_at, id",
        )?;
        let rows = st.query_map([], order_from_row)?;
        rows.map(|r| {
            let (id, kind, status, amount, placed, td, cd, seq) = r?;
            Ok(OrderRecord {
                id,
                kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
                status: OrderStatus::parse(&status).ok_or_else(|| bad(&status))?,
                amount: amount.parse().map_err(bad)?,
                placed_at: DateTime::parse_from_rfc3339(&placed).map_err(bad)?,
                trading_day: td.map(|d| d.parse().map_err(bad)).transpose()?,
                confirm_day: cd.parse().map_err(bad)?,
                seq,
            })
        })
        .collect()
    }

    /// Everything the view models need.
    pub fn snapshot(&self) -> Result<ReplicaSnapshot, DeviceError> {
        let mut st = self.conn.prepare("SELECT day, units, income, seq FROM income ORDER BY day")?;
        let income = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
            })?
            .map(|r| {
                let (day, units, income, seq) = r?;
                Ok(IncomeRecord {
                    day: day.parse().map_err(bad)?,
                    units: units.parse().map_err(bad)?,
                    income: income.parse().map_err(bad)?,
                    seq,
                })
            })
            .collect::<Result<Vec<_>, DeviceError>>()?;
        let mut st = self.conn.prepare("SELECT day, value FROM per10k ORDER BY day")?;
        let per_10k = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .map(|r| {
                let (day, value) = r?;
                Ok(DailyPer10k { day: day.parse().map_err(bad)?, per_10k: value.parse().map_err(bad)? })
            })
            .collect::<Result<Vec<_>, DeviceError>>()?;
        let settings = match self.meta("product")? {
            Some(json) => serde_json::from_str(&json).map_err(bad)?,
            None => ProductSettings::default(),
        };
        let as_of = self.meta("as_of")?.map(|t| DateTime::parse_from_rfc3339(&t).map_err(bad)).transpose()?;
        Ok(ReplicaSnapshot { orders: self.orders()?, income, per_10k, settings, as_of })
    }
}
