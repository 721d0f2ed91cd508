//! Storage of the points programme: the ledger's transfers (one immutable row each, unique per
//! investor and id), coupons, referral codes and referrals, identity facts. Same SQLite database
//! and the same transactions as the events that cause them.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use wealth_core::points::{Coupon, CouponStatus, IdentityFacts, Ledger, ProgrammeRules, Transfer};

use crate::db;
use crate::error::Failure;

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS points_transfers (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    investor INTEGER NOT NULL REFERENCES investors(id),
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (investor, id));
CREATE INDEX IF NOT EXISTS points_by_investor ON points_transfers (investor, seq);
CREATE TABLE IF NOT EXISTS coupons (
    id TEXT PRIMARY KEY,
    investor INTEGER NOT NULL REFERENCES investors(id),
    value TEXT NOT NULL,
    min_deposit TEXT NOT NULL,
    points INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    status TEXT NOT NULL,
    order_id TEXT UNIQUE,
    redeem_key TEXT NOT NULL,
    UNIQUE (investor, redeem_key));
CREATE TABLE IF NOT EXISTS referral_codes (
    investor INTEGER PRIMARY KEY REFERENCES investors(id),
    code TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS referrals (
    referee INTEGER PRIMARY KEY REFERENCES investors(id),
    referrer INTEGER NOT NULL REFERENCES investors(id),
    bound_at TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_day TEXT,
    year INTEGER);
CREATE TABLE IF NOT EXISTS identities (
    investor INTEGER PRIMARY KEY REFERENCES investors(id),
    facts TEXT NOT NULL);
";

fn corrupt(what: &str) -> Failure {
    tracing::error!(what, "bad stored points data");
    Failure::internal()
}

/// The investor's ledger, rebuilt from its transfers in the order they were posted.
pub(crate) fn ledger(conn: &Connection, investor: i64) -> Result<Ledger, Failure> {
    let mut st = conn.prepare_cached("SELECT body FROM points_transfers WHERE investor = ?1 ORDER BY n")?;
    let rows = st.query_map([investor], |r| r.get::<_, String>(0))?;
    let mut ts = Vec::new();
    for body in rows {
        ts.push(serde_json::from_str::<Transfer>(&body?).map_err(|_| corrupt("transfer"))?);
    }
    Ledger::replay(&ts).map_err(|e| {
        tracing::error!(account = investor, code = e.code(), "stored transfers break the ledger");
        Failure::internal()
    })
}

/// Store transfers the ledger accepted, each with a new change sequence number.
pub(crate) fn post(tx: &Transaction, investor: i64, transfers: &[Transfer]) -> Result<(), Failure> {
    for t in transfers {
        let mut t = t.clone();
        t.seq = db::next_seq(tx)?;
        let body = serde_json::to_string(&t).map_err(|_| Failure::internal())?;
        tx.execute(
            "INSERT INTO points_transfers (investor, id, body, seq) VALUES (?1, ?2, ?3, ?4)",
            params![investor, t.id, body, t.seq],
        )?;
    }
    Ok(())
}

/// Transfers after `after`, at most `limit`, and whether more follow.
pub(crate) fn transfers_after(
    conn: &Connection,
    investor: i64,
    after: i64,
    limit: usize,
) -> Result<(Vec<Transfer>, bool), Failure> {
    let mut st = conn
        .prepare_cached("SELECT body FROM points_transfers WHERE investor = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3")?;
    let rows = st.query_map(params![investor, after, (limit + 1) as i64], |r| r.get::<_, String>(0))?;
    let mut v = Vec::new();
    for body in rows {
        v.push(serde_json::from_str::<Transfer>(&body?).map_err(|_| corrupt("transfer"))?);
    }
    let more = v.len() > limit;
    v.truncate(limit);
    Ok((v, more))
}

/// The programme rules in force (defaults + stored overrides).
pub(crate) fn programme(conn: &Connection) -> Result<ProgrammeRules, Failure> {
    let mut rules = ProgrammeRules::default();
    let mut st = conn.prepare_cached("SELECT name, value FROM settings ORDER BY name")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (name, value) = row?;
        if ProgrammeRules::is_setting(&name) {
            rules.set(&name, &value).map_err(|_| corrupt("programme setting"))?;
        }
    }
    Ok(rules)
}

pub(crate) const COUPON_COLS: &str = "id, value, min_deposit, points, issued_at, expires_at, status, order_id";

pub(crate) fn coupon_of(r: &Row) -> rusqlite::Result<Coupon> {
    let status: String = r.get(6)?;
    Ok(Coupon {
        id: r.get(0)?,
        value: db::col_money(r, 1)?,
        min_deposit: db::col_money(r, 2)?,
        points: r.get(3)?,
        issued_at: db::col_time(r, 4)?,
        expires_at: db::col_time(r, 5)?,
        status: CouponStatus::parse(&status).unwrap_or(CouponStatus::Expired),
        order_id: r.get(7)?,
    })
}

/// One coupon of one investor.
pub(crate) fn coupon(conn: &Connection, investor: i64, id: &str) -> rusqlite::Result<Option<Coupon>> {
    conn.query_row(
        &format!("SELECT {COUPON_COLS} FROM coupons WHERE investor = ?1 AND id = ?2"),
        params![investor, id],
        coupon_of,
    )
    .optional()
}

/// The coupon reserved with or used by an order.
pub(crate) fn coupon_of_order(conn: &Connection, order_id: &str) -> rusqlite::Result<Option<(i64, Coupon)>> {
    conn.query_row(&format!("SELECT investor, {COUPON_COLS} FROM coupons WHERE order_id = ?1"), [order_id], |r| {
        let inv: i64 = r.get(0)?;
        let status: String = r.get(7)?;
        Ok((
            inv,
            Coupon {
                id: r.get(1)?,
                value: db::col_money(r, 2)?,
                min_deposit: db::col_money(r, 3)?,
                points: r.get(4)?,
                issued_at: db::col_time(r, 5)?,
                expires_at: db::col_time(r, 6)?,
                status: CouponStatus::parse(&status).unwrap_or(CouponStatus::Expired),
                order_id: r.get(8)?,
            },
        ))
    })
    .optional()
}

/// Identity facts of an investor (empty when onboarding recorded none).
pub(crate) fn identity(conn: &Connection, investor: i64) -> Result<IdentityFacts, Failure> {
    let v: Option<String> =
        conn.query_row("SELECT facts FROM identities WHERE investor = ?1", [investor], |r| r.get(0)).optional()?;
    match v {
        Some(s) => serde_json::from_str(&s).map_err(|_| corrupt("identity")),
        None => Ok(IdentityFacts::default()),
    }
}

/// Write identity facts.
pub(crate) fn set_identity(tx: &Transaction, investor: i64, facts: &IdentityFacts) -> Result<(), Failure> {
    let body = serde_json::to_string(facts).map_err(|_| Failure::internal())?;
    tx.execute(
        "INSERT INTO identities (investor, facts) VALUES (?1, ?2)
         ON CONFLICT (investor) DO UPDATE SET facts = excluded.facts",
        params![investor, body],
    )?;
    Ok(())
}
