//! Orders: kinds, the 15:00 cut-off, T+1 confirmation, the checks made when one is placed or
//! cancelled, and the instant-withdrawal quota with its split plan (rules.md §2).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessTime, TradingCalendar};
use crate::error::RuleError;
use crate::money::{Money, Units};
use crate::settings::ProductSettings;

/// What an order does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// 转入 / 申购: cash from the bound card buys units, confirmed T+1.
    Deposit,
    /// 普通转出 / 赎回: units sold, cash to the card on the confirmation day (T+1).
    NormalWithdrawal,
    /// 快速转出: units leave and cash reaches the card at once, within the daily quota.
    InstantWithdrawal,
}

impl OrderKind {
    /// Stable name used in the API and the stores.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Deposit => "deposit",
            OrderKind::NormalWithdrawal => "normal_withdrawal",
            OrderKind::InstantWithdrawal => "instant_withdrawal",
        }
    }

    /// Inverse of `as_str`.
    pub fn parse(s: &str) -> Option<OrderKind> {
        match s {
            "deposit" => Some(OrderKind::Deposit),
            "normal_withdrawal" => Some(OrderKind::NormalWithdrawal),
            "instant_withdrawal" => Some(OrderKind::InstantWithdrawal),
            _ => None,
        }
    }
}

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Accepted, waiting for the transfer agent's confirmation.
    Pending,
    /// Confirmed: units moved (and cash paid for withdrawals).
    Confirmed,
    /// Cancelled by the investor before the cut-off.
    Cancelled,
    /// Refused at confirmation (e.g. units no longer there).
    Failed,
}

impl OrderStatus {
    /// Stable name used in the API and the stores.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Failed => "failed",
        }
    }

    /// Inverse of `as_str`.
    pub fn parse(s: &str) -> Option<OrderStatus> {
        match s {
            "pending" => Some(OrderStatus::Pending),
            "confirmed" => Some(OrderStatus::Confirmed),
            "cancelled" => Some(OrderStatus::Cancelled),
            "failed" => Some(OrderStatus::Failed),
            _ => None,
        }
    }
}

/// When things happen for an order placed at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTiming {
    /// Trading day T (none for instant withdrawals, which do not go through the cut-off).
    pub trading_day: Option<NaiveDate>,
    /// Day units move: T+1 for deposits and normal withdrawals, the natural day for instant ones.
    pub confirm_day: NaiveDate,
    /// Deposits: first natural day the units earn.
    pub first_income_day: Option<NaiveDate>,
    /// Withdrawals: last natural day the withdrawn units earn.
    pub last_income_day: Option<NaiveDate>,
    /// Withdrawals: day the cash reaches the bank card.
    pub cash_arrives: Option<NaiveDate>,
}

/// The timing of an order of `kind` placed at `placed` (rules.md §2 and its worked examples).
pub fn order_timing(cal: &TradingCalendar, kind: OrderKind, placed: BusinessTime) -> Result<OrderTiming, RuleError> {
    let day = placed.date_naive();
    Ok(match kind {
        OrderKind::InstantWithdrawal => OrderTiming {
            trading_day: None,
            confirm_day: day,
            first_income_day: None,
            last_income_day: Some(day - Duration::days(1)),
            cash_arrives: Some(day),
        },
        OrderKind::Deposit | OrderKind::NormalWithdrawal => {
            let t = cal.trading_day_for(placed)?;
            let c = cal.next_trading_day_after(t)?;
            let deposit = kind == OrderKind::Deposit;
            OrderTiming {
                trading_day: Some(t),
                confirm_day: c,
                first_income_day: deposit.then_some(c),
                last_income_day: (!deposit).then(|| c - Duration::days(1)),
                cash_arrives: (!deposit).then_some(c),
            }
        }
    })
}

/// What the rules need to know of an account when an order is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccountPosition {
    /// Confirmed units now.
    pub units: Units,
    /// Units in normal withdrawals not yet confirmed.
    pub pending_out: Units,
    /// Whether any deposit was ever accepted (pending or confirmed): the next is a top-up.
    pub has_deposited: bool,
    /// Deposits accepted during the current natural day.
    pub deposited_today: Money,
    /// Instant withdrawals during the current natural day.
    pub instant_used_today: Money,
}

impl AccountPosition {
    /// Units that may still be withdrawn: held and not already being withdrawn.
    pub fn withdrawable(&self) -> Money {
        self.units.checked_sub(self.pending_out).unwrap_or(Units::ZERO).max_zero().as_money()
    }
}

impl Units {
    /// Zero when negative.
    pub fn max_zero(self) -> Units {
        if self.is_negative() {
            Units::ZERO
        } else {
            self
        }
    }
}

/// Check a deposit against the product's limits.
pub fn check_deposit(s: &ProductSettings, pos: &AccountPosition, amount: Money) -> Result<(), RuleError> {
    let minimum = if pos.has_deposited { s.min_top_up } else { s.min_first_deposit };
    if amount < minimum {
        return Err(RuleError::BelowMinimum { minimum });
    }
    if let Some(cap) = s.daily_deposit_cap {
        let remaining = cap.checked_sub(pos.deposited_today).unwrap_or(Money::ZERO);
        let after = pos.deposited_today.checked_add(amount).ok_or(RuleError::Overflow)?;
        if after > cap {
            let remaining = if remaining.is_negative() { Money::ZERO } else { remaining };
            return Err(RuleError::AboveDailyLimit { cap, remaining });
        }
    }
    Ok(())
}

/// What is left of today's instant quota.
pub fn instant_quota_left(s: &ProductSettings, pos: &AccountPosition) -> Money {
    let left = s.instant_quota.checked_sub(pos.instant_used_today).unwrap_or(Money::ZERO);
    if left.is_negative() {
        Money::ZERO
    } else {
        left
    }
}

/// Check a withdrawal (normal or instant) against units, minimum and the instant quota.
pub fn check_withdrawal(
    s: &ProductSettings,
    pos: &AccountPosition,
    amount: Money,
    instant: bool,
) -> Result<(), RuleError> {
    if amount < s.min_withdrawal {
        return Err(RuleError::BelowMinimum { minimum: s.min_withdrawal });
    }
    let available = pos.withdrawable();
    if amount > available {
        return Err(RuleError::InsufficientUnits { available });
    }
    if instant {
        let remaining = instant_quota_left(s, pos);
        if amount > remaining {
            return Err(RuleError::InstantQuotaExceeded { quota: s.instant_quota, remaining });
        }
    }
    Ok(())
}

/// How a withdrawal splits into an instant part (up to today's quota) and a normal rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalPlan {
    /// Paid at once.
    pub instant: Money,
    /// Paid on the next confirmation day (T+1).
    pub normal: Money,
}

/// Split `amount` into instant (up to what is left of the quota) and normal parts.
pub fn withdrawal_plan(s: &ProductSettings, pos: &AccountPosition, amount: Money) -> Result<WithdrawalPlan, RuleError> {
    if amount < s.min_withdrawal {
        return Err(RuleError::BelowMinimum { minimum: s.min_withdrawal });
    }
    let available = pos.withdrawable();
    if amount > available {
        return Err(RuleError::InsufficientUnits { available });
    }
    let instant = amount.min(instant_quota_left(s, pos));
    let normal = amount.checked_sub(instant).ok_or(RuleError::Overflow)?;
    Ok(WithdrawalPlan { instant, normal })
}

/// At confirmation a normal withdrawal is paid only if the holding still covers it (a negative
/// 万份收益 may have reduced the units since it was placed); otherwise it fails, and units never
/// go negative.
pub fn withdrawal_confirms(held: Money, amount: Money) -> bool {
    held >= amount
}

/// A pending order may be cancelled before the cut-off of its trading day, not after.
pub fn check_cancel(
    cal: &TradingCalendar,
    kind: OrderKind,
    status: OrderStatus,
    trading_day: Option<NaiveDate>,
    now: BusinessTime,
) -> Result<(), RuleError> {
    if status != OrderStatus::Pending || kind == OrderKind::InstantWithdrawal {
        let status =
            if kind == OrderKind::InstantWithdrawal { "an instant withdrawal (already paid)" } else { status.as_str() };
        return Err(RuleError::NotCancellable { status: status.into() });
    }
    let t = trading_day.ok_or_else(|| RuleError::NotCancellable { status: "not queued for a trading day".into() })?;
    if now >= cal.cut_off_of(t) {
        return Err(RuleError::CutOffPassed { trading_day: t });
    }
    Ok(())
}
