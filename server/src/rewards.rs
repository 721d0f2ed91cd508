//! Where events earn rewards (the points ledger, issue 4). Each hook runs inside the SQLite
//! transaction of the event that causes it, so the event and its reward commit together or not
//! at all. Every transfer id is derived from its cause (`task:card_bound`, `newbie`,
//! `holding:2026-11-18`, `coupon:<coupon>:<order>`, `referral:<referee>`), so a retried event
//! finds its transfer already there and posts nothing twice.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use wealth_core::calendar::{start_of_day, BusinessTime};
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_core::points::{referral, CouponStatus, ProgrammeRules};
use wealth_core::statement::MovementKind;
use wealth_core::Money;

use crate::db;
use crate::error::Failure;
use crate::points_db;

/// An onboarding task an investor completed: `"risk_questionnaire"` or `"card_bound"`
/// (rules.md §6: +50 points each, credited when the step completes). Idempotent: the transfer
/// id is `task:<task>`.
pub(crate) fn on_onboarding_task(
    tx: &Transaction<'_>,
    investor: i64,
    task: &str,
    at: BusinessTime,
) -> Result<(), Failure> {
    let rules = points_db::programme(tx)?;
    let points = rules.task_points(task);
    if points <= 0 {
        return Ok(());
    }
    let mut ledger = points_db::ledger(tx, investor)?;
    let id = format!("task:{task}");
    let new = ledger.earn(&id, points, &id, at)?;
    points_db::post(tx, investor, &new)
}

/// Holding points for the units that earned income on `day`, credited by the batch that posts
/// that income (00:00 of the next day).
pub(crate) fn on_income_posted(
    tx: &Transaction<'_>,
    rules: &ProgrammeRules,
    investor: i64,
    day: NaiveDate,
    units: Money,
) -> Result<(), Failure> {
    let points = rules.holding_points_for(units);
    if points <= 0 {
        return Ok(());
    }
    let mut ledger = points_db::ledger(tx, investor)?;
    let id = format!("holding:{day}");
    let new = ledger.earn(&id, points, &id, start_of_day(day + Duration::days(1)))?;
    points_db::post(tx, investor, &new)
}

fn fen(m: Money) -> Result<i64, Failure> {
    (m.decimal() * Decimal::from(100)).trunc().try_into().map_err(|_| Failure::internal())
}

/// Pay reward cash into the fund account as a confirmed deposit from the marketing account
/// (order id `order_id`, units added on `day`, journal row). The unique order id and journal
/// order id make a second payment impossible.
fn pay_cash(
    tx: &Transaction<'_>,
    investor: i64,
    order_id: &str,
    amount: Money,
    day: NaiveDate,
    at: BusinessTime,
) -> Result<(), Failure> {
    let exists: Option<i64> =
        tx.query_row("SELECT 1 FROM orders WHERE id = ?1", [order_id], |r| r.get(0)).optional()?;
    if exists.is_some() {
        tracing::error!(order = %order_id, "reward cash already paid");
        return Err(Failure::internal());
    }
    let seq = db::next_seq(tx)?;
    tx.execute(
        "INSERT INTO orders (id, investor, kind, status, amount, placed_at, trading_day, confirm_day, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8)",
        params![
            order_id,
            investor,
            OrderKind::Deposit.as_str(),
            OrderStatus::Confirmed.as_str(),
            amount.to_string(),
            db::time_text(at),
            db::day_text(day),
            seq
        ],
    )?;
    let held = db::holding(tx, investor)?;
    db::set_holding(tx, investor, held.checked_add(amount).ok_or_else(Failure::internal)?)?;
    db::journal(tx, investor, day, MovementKind::Deposit, amount, Some(order_id))?;
    Ok(())
}

/// A deposit was confirmed on `day`: the newbie privilege (first deposit of at least
/// `newbie_min`, once), the coupon reserved with it (paid as cash), and the referrer's red packet
/// (pending for `referral_hold_days`). Returns the investors whose holdings changed.
pub(crate) fn on_deposit_confirmed(
    tx: &Transaction<'_>,
    rules: &ProgrammeRules,
    investor: i64,
    order_id: &str,
    amount: Money,
    day: NaiveDate,
) -> Result<(), Failure> {
    let at = start_of_day(day);
    if rules.earns_newbie(amount) {
        let mut ledger = points_db::ledger(tx, investor)?;
        if ledger.transfer("newbie").is_none() {
            let new = ledger.earn("newbie", rules.newbie_points, "newbie", at)?;
            points_db::post(tx, investor, &new)?;
        }
    }
    if let Some((owner, c)) = points_db::coupon_of_order(tx, order_id)? {
        if owner == investor && c.status == CouponStatus::Reserved {
            let changed = tx.execute(
                "UPDATE coupons SET status = 'used' WHERE id = ?1 AND status = 'reserved' AND order_id = ?2",
                params![c.id, order_id],
            )?;
            if changed == 1 {
                let mut ledger = points_db::ledger(tx, investor)?;
                let new = ledger.resolve_pending(&format!("coupon:{}:{order_id}", c.id), true, at)?;
                points_db::post(tx, investor, &new)?;
                pay_cash(tx, investor, &format!("coupon-{}", c.id), c.value, day, at)?;
            }
        }
    }
    let bound: Option<(i64, String)> = tx
        .query_row("SELECT referrer, status FROM referrals WHERE referee = ?1", [investor], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((referrer, status)) = bound {
        if status == "bound" && amount >= rules.referral_min_deposit {
            let year = referral::cap_year(day);
            let rewarded: i64 = tx.query_row(
                "SELECT COUNT(*) FROM referrals WHERE referrer = ?1 AND year = ?2 AND status IN ('pending', 'posted')",
                params![referrer, year],
                |r| r.get(0),
            )?;
            if referral::starts_red_packet(rules, amount, rewarded) {
                let mut ledger = points_db::ledger(tx, referrer)?;
                let id = format!("referral:{investor}");
                let new = ledger.pend_cash(&id, fen(rules.referral_reward)?, &id, at)?;
                points_db::post(tx, referrer, &new)?;
                tx.execute(
                    "UPDATE referrals SET status = 'pending', decision_day = ?1, year = ?2 WHERE referee = ?3",
                    params![db::day_text(referral::decision_day(rules, day)), year, investor],
                )?;
            } else {
                tx.execute(
                    "UPDATE referrals SET status = 'capped', year = ?1 WHERE referee = ?2",
                    params![year, investor],
                )?;
            }
        }
    }
    Ok(())
}

/// An order was cancelled or failed: its coupon goes back to the wallet (same expiry) and the
/// reservation is voided.
pub(crate) fn on_order_released(
    tx: &Transaction<'_>,
    investor: i64,
    order_id: &str,
    at: BusinessTime,
) -> Result<(), Failure> {
    let Some((owner, c)) = points_db::coupon_of_order(tx, order_id)? else { return Ok(()) };
    if owner != investor || c.status != CouponStatus::Reserved {
        return Ok(());
    }
    tx.execute("UPDATE coupons SET status = 'issued', order_id = NULL WHERE id = ?1", [&c.id])?;
    let mut ledger = points_db::ledger(tx, investor)?;
    let new = ledger.resolve_pending(&format!("coupon:{}:{order_id}", c.id), false, at)?;
    points_db::post(tx, investor, &new)
}

/// A coupon is applied to a new pending deposit: reserve it with the order (a pending transfer
/// of its value from the marketing budget).
pub(crate) fn reserve_coupon(
    tx: &Transaction<'_>,
    investor: i64,
    coupon_id: &str,
    order_id: &str,
    at: BusinessTime,
) -> Result<(), Failure> {
    let c = points_db::coupon(tx, investor, coupon_id)?.ok_or_else(Failure::internal)?;
    let changed = tx.execute(
        "UPDATE coupons SET status = 'reserved', order_id = ?1 WHERE id = ?2 AND investor = ?3 AND status = 'issued'",
        params![order_id, coupon_id, investor],
    )?;
    if changed != 1 {
        return Err(Failure::internal());
    }
    let mut ledger = points_db::ledger(tx, investor)?;
    let id = format!("coupon:{coupon_id}:{order_id}");
    let new = ledger.pend_cash(&id, fen(c.value)?, &format!("coupon {coupon_id}"), at)?;
    points_db::post(tx, investor, &new)
}

/// The daily part of the 00:00 batch of `day`: expire lots due by then, and decide the red
/// packets whose window ended (posted and paid if the referee still holds the minimum, else
/// voided).
pub(crate) fn run_daily(tx: &Transaction<'_>, rules: &ProgrammeRules, day: NaiveDate) -> Result<(), Failure> {
    let at = start_of_day(day);
    let investors: Vec<i64> = {
        let mut st = tx.prepare("SELECT DISTINCT investor FROM points_transfers ORDER BY investor")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for investor in investors {
        let mut ledger = points_db::ledger(tx, investor)?;
        let new = ledger.run_expiry(at)?;
        points_db::post(tx, investor, &new)?;
    }
    let due: Vec<(i64, i64)> = {
        let mut st = tx.prepare(
            "SELECT referee, referrer FROM referrals WHERE status = 'pending' AND decision_day <= ?1 ORDER BY referee",
        )?;
        let rows = st.query_map([db::day_text(day)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (referee, referrer) in due {
        let holds = referral::red_packet_holds(rules, db::holding(tx, referee)?);
        let id = format!("referral:{referee}");
        let mut ledger = points_db::ledger(tx, referrer)?;
        let pending = ledger.transfer(&id).cloned().ok_or_else(Failure::internal)?;
        let new = ledger.resolve_pending(&id, holds, at)?;
        points_db::post(tx, referrer, &new)?;
        if holds {
            let amount = Money::from_fen(pending.amount);
            pay_cash(tx, referrer, &format!("redpacket-{referee}"), amount, day, at)?;
        }
        tx.execute(
            "UPDATE referrals SET status = ?1 WHERE referee = ?2",
            params![if holds { "posted" } else { "voided" }, referee],
        )?;
    }
    Ok(())
}
