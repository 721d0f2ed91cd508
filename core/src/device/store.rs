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
    // 2: the points ledger replica, the coupon wallet cache, redemption intents, a coupon on a
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

/// The replica store.
pub struct ReplicaStore {
    conn: Connection,
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
    /// Open (creating and migrating) the store at `path`.
    pub fn open(path: &Path) -> Result<ReplicaStore, DeviceError> {
        let conn = Connection::open(path)?;
        ReplicaStore::init(conn)
    }

    /// An in-memory store (tests).
    pub fn open_in_memory() -> Result<ReplicaStore, DeviceError> {
        ReplicaStore::init(Connection::open_in_memory()?)
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
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
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
    pub fn apply_reference(&mut self, r: &ReferenceData) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
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

    /// Count a failed send of an intent.
    pub fn intent_attempted(&mut self, key: &str) -> Result<(), DeviceError> {
        self.conn.execute("UPDATE outbox SET attempts = attempts + 1 WHERE idempotency_key = ?1", [key])?;
        Ok(())
    }

    /// Intents not yet answered, oldest first.
    pub fn pending_intents(&self) -> Result<Vec<OutboxIntent>, DeviceError> {
        let mut st = self.conn.prepare(
            "SELECT idempotency_key, kind, amount, created_at, coupon FROM outbox ORDER BY created_at, rowid",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|r| {
            let (key, kind, amount, at, coupon) = r?;
            Ok(OutboxIntent {
                idempotency_key: key,
                kind: OrderKind::parse(&kind).ok_or_else(|| bad(&kind))?,
                amount,
                created_at: DateTime::parse_from_rfc3339(&at).map_err(bad)?,
                coupon,
            })
        })
        .collect()
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
