//! The monthly statement (对账单) and its identity:
//! closing units = opening + deposits + income − withdrawals (rules.md §4).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessTime;
use crate::error::RuleError;
use crate::income::DailyPer10k;
use crate::money::{Money, Per10k};

/// Why units changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// A confirmed deposit (units in).
    Deposit,
    /// Daily income paid as units (may be negative).
    Income,
    /// A confirmed normal withdrawal (units out).
    NormalWithdrawal,
    /// An instant withdrawal (units out at once).
    InstantWithdrawal,
}

impl MovementKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Deposit => "deposit",
            MovementKind::Income => "income",
            MovementKind::NormalWithdrawal => "normal_withdrawal",
            MovementKind::InstantWithdrawal => "instant_withdrawal",
        }
    }
}

/// One change of an investor's units, dated by the natural day it takes effect
/// (confirmation day; the income day for income; the day paid for instant withdrawals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMovement {
    /// Effective natural day.
    pub day: NaiveDate,
    /// Why.
    pub kind: MovementKind,
    /// Signed change of units (= yuan at NAV 1.00).
    pub amount: Money,
    /// The order behind it, if any.
    pub order_id: Option<String>,
    /// When the order was placed.
    pub placed_at: Option<BusinessTime>,
    /// The order's trading day.
    pub trading_day: Option<NaiveDate>,
}

/// One confirmed transaction on a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementTransaction {
    /// Order id.
    pub order_id: String,
    /// Kind (`deposit`, `normal_withdrawal`, `instant_withdrawal`).
    pub kind: MovementKind,
    /// When it was placed.
    pub placed_at: Option<BusinessTime>,
    /// Trading day T.
    pub trading_day: Option<NaiveDate>,
    /// Confirmation day.
    pub confirmed_on: NaiveDate,
    /// Amount (positive) in yuan.
    pub amount: Money,
    /// Units moved (positive; equal to the amount at NAV 1.00).
    pub units: Money,
    /// Always `confirmed` on a statement.
    pub status: String,
}

/// One day's income on a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementIncome {
    /// Income day.
    pub day: NaiveDate,
    /// Income paid as units.
    pub income: Money,
}

/// Who and what the statement is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementHeader {
    /// Investor account id.
    pub account_id: String,
    /// Fund code.
    pub fund_code: String,
    /// Fund name.
    pub fund_name: String,
    /// Last four digits of the bound card.
    pub card_last4: String,
}

/// A monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Who and what.
    pub header: StatementHeader,
    /// "YYYY-MM".
    pub month: String,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Last day of the period.
    pub period_end: NaiveDate,
    /// Units at the start of the first day.
    pub opening_units: Money,
    /// Confirmed deposits in the period.
    pub deposits: Money,
    /// Income in the period.
    pub income: Money,
    /// Withdrawals (normal and instant) in the period.
    pub withdrawals: Money,
    /// Units at the end of the last day.
    pub closing_units: Money,
    /// Income since the account was opened, to the end of the period.
    pub income_since_opening: Money,
    /// Confirmed transactions, in date order.
    pub transactions: Vec<StatementTransaction>,
    /// Daily income lines.
    pub income_lines: Vec<StatementIncome>,
    /// 万份收益 of the last published day in the period.
    pub last_per_10k: Option<Per10k>,
    /// 7-day yield (percent) as of that day.
    pub last_seven_day_yield: Option<String>,
    /// closing = opening + deposits + income − withdrawals, and closing agrees with the holding.
    pub identity_holds: bool,
}

/// First and last day of a "YYYY-MM" month.
pub fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate), RuleError> {
    let bad = || RuleError::InvalidSetting { name: "month".into(), reason: format!("{month:?} is not YYYY-MM") };
    let (y, m) = month.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    let last = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
    Ok((first, last))
}

fn sum(items: impl Iterator<Item = Money>) -> Result<Money, RuleError> {
    Money::sum(items).ok_or(RuleError::Overflow)
}

/// Build the statement of `month` from every movement of the account and its units now.
/// Opening comes from the movements before the period, closing from the units now minus the
/// movements after it, so the identity checks the journal against the holding.
pub fn build_statement(
    header: StatementHeader,
    month: &str,
    movements: &[UnitMovement],
    units_now: Money,
    per_10k: &[DailyPer10k],
) -> Result<Statement, RuleError> {
    let (start, end) = month_bounds(month)?;
    let before = sum(movements.iter().filter(|m| m.day < start).map(|m| m.amount))?;
    let after = sum(movements.iter().filter(|m| m.day > end).map(|m| m.amount))?;
    let inside: Vec<&UnitMovement> = movements.iter().filter(|m| m.day >= start && m.day <= end).collect();
    let of = |k: &[MovementKind]| sum(inside.iter().filter(|m| k.contains(&m.kind)).map(|m| m.amount));
    let deposits = of(&[MovementKind::Deposit])?;
    let income = of(&[MovementKind::Income])?;
    let withdrawals_signed = of(&[MovementKind::NormalWithdrawal, MovementKind::InstantWithdrawal])?;
    let withdrawals = Money::ZERO.checked_sub(withdrawals_signed).ok_or(RuleError::Overflow)?;
    let closing = units_now.checked_sub(after).ok_or(RuleError::Overflow)?;
    let expected = before
        .checked_add(deposits)
        .and_then(|x| x.checked_add(income))
        .and_then(|x| x.checked_sub(withdrawals))
        .ok_or(RuleError::Overflow)?;
    let income_since_opening =
        sum(movements.iter().filter(|m| m.kind == MovementKind::Income && m.day <= end).map(|m| m.amount))?;
    let mut transactions: Vec<StatementTransaction> = inside
        .iter()
        .filter(|m| m.kind != MovementKind::Income)
        .map(|m| {
            let abs =
                if m.amount.is_negative() { Money::ZERO.checked_sub(m.amount).unwrap_or(m.amount) } else { m.amount };
            StatementTransaction {
                order_id: m.order_id.clone().unwrap_or_default(),
                kind: m.kind,
                placed_at: m.placed_at,
                trading_day: m.trading_day,
                confirmed_on: m.day,
                amount: abs,
                units: abs,
                status: "confirmed".into(),
            }
        })
        .collect();
    transactions.sort_by(|a, b| a.confirmed_on.cmp(&b.confirmed_on).then(a.placed_at.cmp(&b.placed_at)));
    let mut income_lines: Vec<StatementIncome> = inside
        .iter()
        .filter(|m| m.kind == MovementKind::Income)
        .map(|m| StatementIncome { day: m.day, income: m.amount })
        .collect();
    income_lines.sort_by_key(|l| l.day);
    let mut known: Vec<&DailyPer10k> = per_10k.iter().filter(|p| p.day <= end).collect();
    known.sort_by_key(|p| p.day);
    let last = known.last().copied();
    let last_seven_day_yield = last.and_then(|l| {
        let window: Vec<Per10k> =
            known.iter().filter(|p| p.day <= l.day && (l.day - p.day).num_days() < 7).map(|p| p.per_10k).collect();
        crate::income::seven_day_yield(&window).map(|y| y.to_string())
    });
    Ok(Statement {
        header,
        month: format!("{:04}-{:02}", start.year(), start.month()),
        period_start: start,
        period_end: end,
        opening_units: before,
        deposits,
        income,
        withdrawals,
        closing_units: closing,
        income_since_opening,
        transactions,
        income_lines,
        last_per_10k: last.map(|l| l.per_10k),
        last_seven_day_yield,
        identity_holds: closing == expected,
    })
}
