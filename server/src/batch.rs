//! The 00:00 batch of natural day X (rules.md §3), as the transfer agent runs it: one SQLite
//! transaction per day, recorded in `batch_runs` so a day never runs twice.
//!
//! 1. Income for X−1 on the units held at the end of X−1 (the holdings table), shared with the
//!    fund pool by `income::share_income`.
//! 2. If X is a trading day, the orders due on X: deposits add units; normal withdrawals remove
//!    them (or fail if the holding no longer covers them) and pay the card.
//!
//! Rewards commit with their cause (`rewards`): holding points with the income, expiry and red
//! packet decisions between the two steps, the newbie privilege and the coupon with the
//! confirmation.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use wealth_core::calendar::{start_of_day, TradingCalendar};
use wealth_core::income::{share_income, Holding};
use wealth_core::order::OrderKind;
use wealth_core::statement::MovementKind;
use wealth_core::{Money, Units};

use crate::db;
use crate::error::Failure;
use crate::{points_db, rewards};

/// Meta key of the last natural day whose batch ran (or the day the clock started).
pub(crate) const LAST_BATCH_DAY: &str = "last_batch_day";

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct BatchReport {
    /// Holders paid income.
    pub holders: usize,
    /// Orders confirmed.
    pub confirmed: usize,
    /// Normal withdrawals failed (units no longer there).
    pub failed: usize,
}

/// The last day whose batch ran (or the start day).
pub(crate) fn last_batch_day(conn: &Connection) -> Result<NaiveDate, Failure> {
    let v = db::meta(conn, LAST_BATCH_DAY)?.ok_or_else(|| {
        tracing::error!("no last_batch_day in meta");
        Failure::internal()
    })?;
    NaiveDate::from_str(&v).map_err(|_| {
        tracing::error!("bad last_batch_day in meta");
        Failure::internal()
    })
}

/// Days whose 00:00 batch is due at `today` and has not run, in order.
pub(crate) fn due_days(conn: &Connection, today: NaiveDate) -> Result<Vec<NaiveDate>, Failure> {
    let last = last_batch_day(conn)?;
    Ok(wealth_core::calendar::days_between(last + Duration::days(1), today).collect())
}

/// Refuse before anything runs if a day's batch could not: its per_10k(X−1) is unpublished or
/// the calendar does not cover X.
pub(crate) fn precheck(conn: &Connection, cal: &TradingCalendar, days: &[NaiveDate]) -> Result<(), Failure> {
    for &day in days {
        cal.is_trading_day(day)?;
        let income_day = day - Duration::days(1);
        if db::per10k_of(conn, income_day)?.is_none() {
            return Err(per10k_missing(income_day));
        }
    }
    Ok(())
}

fn per10k_missing(day: NaiveDate) -> Failure {
    Failure::conflict(
        "PER_10K_MISSING",
        format!("the 万份收益 of {day} is not published; publish it before the 00:00 batch of the next day"),
    )
}

/// Run the 00:00 batch of `day` in one transaction. `Ok(None)` when it already ran (no-op).
/// In the sandbox the clock is moved to 00:00 of `day` in the same transaction.
pub(crate) fn run_batch(
    conn: &mut Connection,
    cal: &TradingCalendar,
    day: NaiveDate,
    sandbox: bool,
    fail_before_commit: bool,
) -> Result<Option<BatchReport>, Failure> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let key = db::day_text(day);
    let done: Option<i64> = tx.query_row("SELECT 1 FROM batch_runs WHERE day = ?1", [&key], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(None);
    }
    let income_day = day - Duration::days(1);
    let per_10k = db::per10k_of(&tx, income_day)?.ok_or_else(|| per10k_missing(income_day))?;
    let trading = cal.is_trading_day(day)?;
    let mut report = BatchReport::default();
    let rules = points_db::programme(&tx)?;

    // (1) Income for X−1 on the holdings at the end of X−1.
    let mut holdings: BTreeMap<i64, Money> = BTreeMap::new();
    {
        let mut st = tx.prepare("SELECT investor, units FROM holdings ORDER BY investor")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, db::col_money(r, 1)?)))?;
        for row in rows {
            let (investor, units) = row?;
            holdings.insert(investor, units);
        }
    }
    let list: Vec<Holding> =
        holdings.iter().map(|(&account, &units)| Holding { account, units: Units::from_money(units) }).collect();
    let pool_text: String = tx.query_row("SELECT amount FROM fund_pool WHERE id = 1", [], |r| r.get(0))?;
    let pool_before = Decimal::from_str_exact(&pool_text).map_err(|_| {
        tracing::error!("bad stored fund pool");
        Failure::internal()
    })?;
    let shared = share_income(&list, per_10k, pool_before);
    for line in &shared.lines {
        let seq = db::next_seq(&tx)?;
        tx.execute(
            "INSERT INTO income (investor, day, units, income, pool_fen, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                line.account,
                db::day_text(income_day),
                line.units.as_money().to_string(),
                line.income.to_string(),
                line.pool_fen,
                seq
            ],
        )?;
        let now = holdings.get(&line.account).copied().unwrap_or(Money::ZERO);
        let after = now.checked_add(line.income).ok_or_else(Failure::internal)?;
        db::set_holding(&tx, line.account, after)?;
        holdings.insert(line.account, after);
        db::journal(&tx, line.account, income_day, MovementKind::Income, line.income, None)?;
        rewards::on_income_posted(&tx, &rules, line.account, income_day, line.units.as_money())?;
        report.holders += 1;
    }
    tx.execute("UPDATE fund_pool SET amount = ?1 WHERE id = 1", [shared.pool_after.to_string()])?;

    // Points expiry and red packet decisions (a paid red packet adds units to the referrer).
    rewards::run_daily(&tx, &rules, day)?;
    {
        let mut st = tx.prepare("SELECT investor, units FROM holdings ORDER BY investor")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, db::col_money(r, 1)?)))?;
        for row in rows {
            let (investor, units) = row?;
            holdings.insert(investor, units);
        }
    }

    // (2) Confirm the orders due on X, deposits first.
    if trading {
        let due: Vec<(String, i64, String, Money)> = {
            let mut st = tx.prepare(
                "SELECT id, investor, kind, amount FROM orders
                 WHERE status = 'pending' AND confirm_day = ?1
                 ORDER BY CASE kind WHEN 'deposit' THEN 0 ELSE 1 END, n",
            )?;
            let rows = st.query_map([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, db::col_money(r, 3)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, investor, kind, amount) in due {
            let held = match holdings.get(&investor) {
                Some(h) => *h,
                None => db::holding(&tx, investor)?,
            };
            let (status, change, movement) = match OrderKind::parse(&kind) {
                Some(OrderKind::Deposit) => ("confirmed", amount, MovementKind::Deposit),
                Some(OrderKind::NormalWithdrawal) if wealth_core::order::withdrawal_confirms(held, amount) => (
                    "confirmed",
                    Money::ZERO.checked_sub(amount).ok_or_else(Failure::internal)?,
                    MovementKind::NormalWithdrawal,
                ),
                Some(OrderKind::NormalWithdrawal) => ("failed", Money::ZERO, MovementKind::NormalWithdrawal),
                _ => {
                    tracing::error!(order = %id, "pending order of a kind the batch does not confirm");
                    continue;
                }
            };
            let seq = db::next_seq(&tx)?;
            let changed = tx.execute(
                "UPDATE orders SET status = ?1, seq = ?2 WHERE id = ?3 AND status = 'pending'",
                params![status, seq, id],
            )?;
            if changed != 1 {
                continue;
            }
            if status == "confirmed" {
                let after = held.checked_add(change).ok_or_else(Failure::internal)?;
                db::set_holding(&tx, investor, after)?;
                holdings.insert(investor, after);
                db::journal(&tx, investor, day, movement, change, Some(&id))?;
                if movement == MovementKind::Deposit {
                    rewards::on_deposit_confirmed(&tx, &rules, investor, &id, amount, day)?;
                    holdings.insert(investor, db::holding(&tx, investor)?);
                }
                report.confirmed += 1;
            } else {
                rewards::on_order_released(&tx, investor, &id, start_of_day(day))?;
                report.failed += 1;
            }
        }
    }

    tx.execute(
        "INSERT INTO batch_runs (day, ran_at, holders, confirmed, failed) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            key,
            chrono::Utc::now().to_rfc3339(),
            report.holders as i64,
            report.confirmed as i64,
            report.failed as i64
        ],
    )?;
    db::set_meta(&tx, LAST_BATCH_DAY, &key)?;
    if sandbox {
        db::set_clock(&tx, start_of_day(day))?;
    }
    if fail_before_commit {
        // Test hook: a crash after all the work, before the commit (everything rolls back).
        tracing::warn!(day = %day, "batch stopped before its commit (failpoint)");
        return Err(Failure::internal());
    }
    tx.commit()?;
    tracing::info!(
        day = %day,
        holders = report.holders,
        confirmed = report.confirmed,
        failed = report.failed,
        "00:00 batch ran"
    );
    Ok(Some(report))
}
