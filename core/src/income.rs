//! Daily income from 万份收益, truncation, the fund-level remainder pool, and the 7-day
//! annualised yield (rules.md §1 and §3).

use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use crate::money::{Money, Per10k, RoundingRule, Units};

/// One holder's income for one natural day before pool sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeSplit {
    /// Income truncated toward zero to the fen (the holder's).
    pub income: Money,
    /// What truncation cut off (the fund pool's), exact.
    pub cut_off: Decimal,
}

/// Income of `units` held during a day at `per_10k`: `units × per_10k / 10,000`, truncated
/// to the fen toward zero (`RoundingRule::TruncateToFen`).
pub fn daily_income(units: Units, per_10k: Per10k) -> IncomeSplit {
    let exact = units.decimal() * per_10k.decimal() / Decimal::from(10_000);
    let truncated = RoundingRule::TruncateToFen.apply(exact);
    IncomeSplit { income: Money::from_decimal(truncated).expect("truncated to two places"), cut_off: exact - truncated }
}

/// A holder's units during one natural day, by account id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    /// The account's id (lower ids win ties).
    pub account: i64,
    /// Units held during the day.
    pub units: Units,
}

/// Income posted to one holder for one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeLine {
    /// The account's id.
    pub account: i64,
    /// Units the income was computed on.
    pub units: Units,
    /// Income after truncation and any fen from the pool.
    pub income: Money,
    /// Whether one fen of the pool was added.
    pub pool_fen: bool,
}

/// The day's income of every holder and the pool after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayIncome {
    /// One line per holder with units, in account order.
    pub lines: Vec<IncomeLine>,
    /// The fund pool after the day.
    pub pool_after: Decimal,
}

/// Share a day's income among holders, the transfer agent's way (rules.md §3): each holder's
/// income is truncated; the cut-offs join the fund pool; whole fen in the pool then go one fen
/// each to holders in descending order of that day's cut-off (ties: lower account id first), at
/// most one fen per holder; the rest stays in the pool. A negative day moves toward zero too and
/// its (negative) cut-offs reduce the pool; the pool pays out only whole positive fen.
pub fn share_income(holdings: &[Holding], per_10k: Per10k, pool_before: Decimal) -> DayIncome {
    let mut rows: Vec<(Holding, IncomeSplit, bool)> = holdings
        .iter()
        .filter(|h| h.units.is_positive())
        .map(|h| (*h, daily_income(h.units, per_10k), false))
        .collect();
    let fen = Decimal::new(1, 2);
    let mut pool = pool_before + rows.iter().map(|(_, s, _)| s.cut_off).sum::<Decimal>();
    // Descending cut-off, then lower account id first.
    rows.sort_by(|a, b| b.1.cut_off.cmp(&a.1.cut_off).then(a.0.account.cmp(&b.0.account)));
    for row in rows.iter_mut() {
        if pool < fen {
            break;
        }
        row.2 = true;
        pool -= fen;
    }
    rows.sort_by_key(|(h, _, _)| h.account);
    let lines = rows
        .into_iter()
        .map(|(h, split, pool_fen)| IncomeLine {
            account: h.account,
            units: h.units,
            income: if pool_fen {
                split.income.checked_add(Money::from_fen(1)).expect("one fen more never overflows")
            } else {
                split.income
            },
            pool_fen,
        })
        .collect();
    DayIncome { lines, pool_after: pool }
}

/// 7-day annualised yield in percent, 3 places half-up, from the last seven natural days'
/// 万份收益: `((Π(1 + Ri/10000))^(365/7) − 1) × 100` (rules.md §1, daily-compounding form).
pub fn seven_day_yield(last_seven: &[Per10k]) -> Option<Decimal> {
    if last_seven.len() != 7 {
        return None;
    }
    let ten_k = Decimal::from(10_000);
    let product =
        last_seven.iter().try_fold(Decimal::ONE, |acc, r| acc.checked_mul(Decimal::ONE + r.decimal() / ten_k))?;
    // x^(365/7) = exp(365/7 · ln x); ln/exp of rust_decimal are accurate to ~1e-20 near 1.
    let exponent = Decimal::from(365) / Decimal::from(7);
    let grown = (product.ln() * exponent).exp();
    Some(RoundingRule::YieldHalfUp3.apply((grown - Decimal::ONE) * Decimal::from(100)))
}

/// A published 万份收益 for one natural day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyPer10k {
    /// The natural day it is for.
    pub day: chrono::NaiveDate,
    /// The value.
    pub per_10k: Per10k,
}
