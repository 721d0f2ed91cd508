//! SQLite storage: schema, value encoding and the small queries the service and the batch share.
//!
//! Amounts are decimal TEXT with two places ("12.34", never REAL); days are "YYYY-MM-DD"; instants
//! are RFC 3339 in +08:00 (so text order is time order). Every write is one transaction.

use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use rust_decimal::Decimal;
use wealth_core::api::{IncomeRecord, OrderRecord};
use wealth_core::calendar::{shanghai, BusinessTime};
use wealth_core::income::DailyPer10k;
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_core::statement::{MovementKind, UnitMovement};
use wealth_core::{Money, Per10k};

use crate::error::ServerError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seq_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT OR IGNORE INTO seq_counter (id, value) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS investors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    investor INTEGER NOT NULL REFERENCES investors(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    amount TEXT NOT NULL,
    placed_at TEXT NOT NULL,
    trading_day TEXT,
    confirm_day TEXT NOT NULL,
    seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS orders_by_investor ON orders (investor, seq);
CREATE INDEX IF NOT EXISTS orders_due ON orders (status, confirm_day);
CREATE TABLE IF NOT EXISTS income (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    investor INTEGER NOT NULL REFERENCES investors(id),
    day TEXT NOT NULL,
    units TEXT NOT NULL,
    income TEXT NOT NULL,
    pool_fen INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (investor, day));
CREATE INDEX IF NOT EXISTS income_by_investor ON income (investor, seq);
CREATE TABLE IF NOT EXISTS holdings (
    investor INTEGER PRIMARY KEY REFERENCES investors(id),
    units TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    investor INTEGER NOT NULL REFERENCES investors(id),
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount TEXT NOT NULL,
    order_id TEXT UNIQUE REFERENCES orders(id));
CREATE INDEX IF NOT EXISTS journal_by_investor ON journal (investor, day);
CREATE TABLE IF NOT EXISTS fund_pool (
    id INTEGER PRIMARY KEY CHECK (id = 1), amount TEXT NOT NULL);
INSERT OR IGNORE INTO fund_pool (id, amount) VALUES (1, '0');
CREATE TABLE IF NOT EXISTS per10k (day TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batch_runs (
    day TEXT PRIMARY KEY,
    ran_at TEXT NOT NULL,
    holders INTEGER NOT NULL,
    confirmed INTEGER NOT NULL,
    failed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    investor INTEGER NOT NULL REFERENCES investors(id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount TEXT NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (investor, key));
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), now TEXT NOT NULL);
";

/// Open (or create) the database and bring the schema up.
pub(crate) fn open(path: Option<&Path>) -> Result<Connection, ServerError> {
    let conn = match path {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            Connection::open(p)?
        }
        None => Connection::open_in_memory()?,
    };
    // In-memory databases answer "memory"; files switch to WAL.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")?;
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(crate::points_db::SCHEMA)?;
    Ok(conn)
}

fn conversion(idx: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, format!("bad stored {what}: {text:?}").into())
}

/// Amount from TEXT (may be negative: income and journal rows).
pub(crate) fn money_of(text: &str) -> Option<Money> {
    Decimal::from_str_exact(text).ok().and_then(Money::from_decimal)
}

pub(crate) fn col_money(row: &Row, idx: usize) -> rusqlite::Result<Money> {
    let s: String = row.get(idx)?;
    money_of(&s).ok_or_else(|| conversion(idx, "amount", &s))
}

pub(crate) fn col_day(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(idx)?;
    NaiveDate::from_str(&s).map_err(|_| conversion(idx, "day", &s))
}

fn col_opt_day(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| NaiveDate::from_str(&s).map_err(|_| conversion(idx, "day", &s))).transpose()
}

pub(crate) fn col_time(row: &Row, idx: usize) -> rusqlite::Result<BusinessTime> {
    let s: String = row.get(idx)?;
    parse_time(&s).ok_or_else(|| conversion(idx, "time", &s))
}

pub(crate) fn parse_time(s: &str) -> Option<BusinessTime> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&shanghai()))
}

/// An instant as stored (RFC 3339, +08:00).
pub(crate) fn time_text(t: BusinessTime) -> String {
    t.with_timezone(&shanghai()).to_rfc3339()
}

/// A day as stored.
pub(crate) fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Bump the server-global change sequence and return the new value.
pub(crate) fn next_seq(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("UPDATE seq_counter SET value = value + 1 WHERE id = 1 RETURNING value", [], |r| r.get(0))
}

pub(crate) const ORDER_COLS: &str = "id, kind, status, amount, placed_at, trading_day, confirm_day, seq";

/// An order row (`ORDER_COLS`) as the contract's record.
pub(crate) fn order_of(row: &Row) -> rusqlite::Result<OrderRecord> {
    let kind: String = row.get(1)?;
    let status: String = row.get(2)?;
    Ok(OrderRecord {
        id: row.get(0)?,
        kind: OrderKind::parse(&kind).ok_or_else(|| conversion(1, "kind", &kind))?,
        status: OrderStatus::parse(&status).ok_or_else(|| conversion(2, "status", &status))?,
        amount: col_money(row, 3)?,
        placed_at: col_time(row, 4)?,
        trading_day: col_opt_day(row, 5)?,
        confirm_day: col_day(row, 6)?,
        seq: row.get(7)?,
    })
}

/// One order of one investor.
pub(crate) fn order(conn: &Connection, investor: i64, id: &str) -> rusqlite::Result<Option<OrderRecord>> {
    conn.query_row(
        &format!("SELECT {ORDER_COLS} FROM orders WHERE investor = ?1 AND id = ?2"),
        params![investor, id],
        order_of,
    )
    .optional()
}

/// An investor's orders changed after `after`, in sequence order.
pub(crate) fn orders(conn: &Connection, investor: i64, after: i64) -> rusqlite::Result<Vec<OrderRecord>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {ORDER_COLS} FROM orders WHERE investor = ?1 AND seq > ?2 ORDER BY seq"))?;
    let rows = st.query_map(params![investor, after], order_of)?;
    rows.collect()
}

/// An investor's income lines posted after `after`, in sequence order.
pub(crate) fn income(conn: &Connection, investor: i64, after: i64) -> rusqlite::Result<Vec<IncomeRecord>> {
    let mut st = conn
        .prepare_cached("SELECT day, units, income, seq FROM income WHERE investor = ?1 AND seq > ?2 ORDER BY seq")?;
    let rows = st.query_map(params![investor, after], |r| {
        Ok(IncomeRecord { day: col_day(r, 0)?, units: col_money(r, 1)?, income: col_money(r, 2)?, seq: r.get(3)? })
    })?;
    rows.collect()
}

/// Every published 万份收益 for days before `before`, oldest first.
pub(crate) fn per10k_before(conn: &Connection, before: NaiveDate) -> rusqlite::Result<Vec<DailyPer10k>> {
    let first = NaiveDate::from_ymd_opt(1, 1, 1).expect("valid date");
    per10k_range(conn, first, before)
}

/// Published 万份收益 with `from <= day < before`, oldest first.
pub(crate) fn per10k_range(
    conn: &Connection,
    from: NaiveDate,
    before: NaiveDate,
) -> rusqlite::Result<Vec<DailyPer10k>> {
    let mut st = conn.prepare_cached("SELECT day, value FROM per10k WHERE day >= ?1 AND day < ?2 ORDER BY day")?;
    let rows = st.query_map(params![day_text(from), day_text(before)], |r| {
        let v: String = r.get(1)?;
        Ok(DailyPer10k {
            day: col_day(r, 0)?,
            per_10k: Per10k::from_str(&v).map_err(|_| conversion(1, "per_10k", &v))?,
        })
    })?;
    rows.collect()
}

/// The 万份收益 of one day, if published.
pub(crate) fn per10k_of(conn: &Connection, day: NaiveDate) -> rusqlite::Result<Option<Per10k>> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM per10k WHERE day = ?1", [day_text(day)], |r| r.get(0)).optional()?;
    v.map(|v| Per10k::from_str(&v).map_err(|_| conversion(0, "per_10k", &v))).transpose()
}

/// Units an investor holds now (0.00 without a row).
pub(crate) fn holding(conn: &Connection, investor: i64) -> rusqlite::Result<Money> {
    conn.query_row("SELECT units FROM holdings WHERE investor = ?1", [investor], |r| col_money(r, 0))
        .optional()
        .map(|u| u.unwrap_or(Money::ZERO))
}

/// Write an investor's holding.
pub(crate) fn set_holding(tx: &Transaction, investor: i64, units: Money) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO holdings (investor, units) VALUES (?1, ?2)
         ON CONFLICT (investor) DO UPDATE SET units = excluded.units",
        params![investor, units.to_string()],
    )?;
    Ok(())
}

/// Record a change of units.
pub(crate) fn journal(
    tx: &Transaction,
    investor: i64,
    day: NaiveDate,
    kind: MovementKind,
    amount: Money,
    order_id: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO journal (investor, day, kind, amount, order_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![investor, day_text(day), kind.as_str(), amount.to_string(), order_id],
    )?;
    Ok(())
}

fn movement_kind(s: &str) -> Option<MovementKind> {
    Some(match s {
        "deposit" => MovementKind::Deposit,
        "income" => MovementKind::Income,
        "normal_withdrawal" => MovementKind::NormalWithdrawal,
        "instant_withdrawal" => MovementKind::InstantWithdrawal,
        _ => return None,
    })
}

/// Every change of an investor's units, in the order written, with the order behind it.
pub(crate) fn movements(conn: &Connection, investor: i64) -> rusqlite::Result<Vec<UnitMovement>> {
    let mut st = conn.prepare_cached(
        "SELECT j.day, j.kind, j.amount, j.order_id, o.placed_at, o.trading_day
         FROM journal j LEFT JOIN orders o ON o.id = j.order_id
         WHERE j.investor = ?1 ORDER BY j.id",
    )?;
    let rows = st.query_map([investor], |r| {
        let kind: String = r.get(1)?;
        let placed: Option<String> = r.get(4)?;
        Ok(UnitMovement {
            day: col_day(r, 0)?,
            kind: movement_kind(&kind).ok_or_else(|| conversion(1, "movement", &kind))?,
            amount: col_money(r, 2)?,
            order_id: r.get(3)?,
            placed_at: placed.map(|p| parse_time(&p).ok_or_else(|| conversion(4, "time", &p))).transpose()?,
            trading_day: col_opt_day(r, 5)?,
        })
    })?;
    rows.collect()
}

/// A meta value.
pub(crate) fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()
}

/// Write a meta value.
pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The sandbox clock as stored.
pub(crate) fn clock(conn: &Connection) -> rusqlite::Result<Option<BusinessTime>> {
    let v: Option<String> = conn.query_row("SELECT now FROM clock WHERE id = 1", [], |r| r.get(0)).optional()?;
    v.map(|v| parse_time(&v).ok_or_else(|| conversion(0, "clock", &v))).transpose()
}

/// Store the sandbox clock.
pub(crate) fn set_clock(conn: &Connection, now: BusinessTime) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO clock (id, now) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET now = excluded.now",
        [time_text(now)],
    )?;
    Ok(())
}
