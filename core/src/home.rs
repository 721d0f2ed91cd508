//! Account figures computed from order and income records: the home screen's numbers and the
//! position the order checks need. The device runs this over its replica, the server over its
//! own tables, so both show the same figures by construction.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::{IncomeRecord, OrderRecord};
use crate::calendar::BusinessTime;
use crate::income::{seven_day_yield, DailyPer10k};
use crate::money::{Money, Per10k, Units};
use crate::order::{instant_quota_left, AccountPosition, OrderKind, OrderStatus};
use crate::settings::ProductSettings;

/// Figures of the home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFigures {
    /// Confirmed units (= yuan).
    pub units: Money,
    /// Deposits awaiting confirmation.
    pub pending_in: Money,
    /// Normal withdrawals awaiting payout.
    pub pending_out: Money,
    /// Income of the natural day before `today` (0.00 when none was posted).
    pub yesterday_income: Money,
    /// Income since opening.
    pub total_income: Money,
    /// 7-day annualised yield in percent over the 7 natural days ending yesterday, if published.
    pub seven_day_yield: Option<String>,
    /// What is left of today's instant-withdrawal quota.
    pub instant_quota_left: Money,
    /// All money paid to the bound card so far.
    pub cash_out: Money,
    /// The natural day the figures are for.
    pub today: NaiveDate,
}

fn sum_orders(orders: &[OrderRecord], pred: impl Fn(&OrderRecord) -> bool) -> Money {
    Money::sum(orders.iter().filter(|o| pred(o)).map(|o| o.amount)).unwrap_or(Money::ZERO)
}

/// The position the order checks need, at `now`.
pub fn account_position(orders: &[OrderRecord], income: &[IncomeRecord], now: BusinessTime) -> AccountPosition {
    let today = now.date_naive();
    let confirmed = |k: OrderKind| move |o: &OrderRecord| o.kind == k && o.status == OrderStatus::Confirmed;
    let deposits = sum_orders(orders, confirmed(OrderKind::Deposit));
    let normal_out = sum_orders(orders, confirmed(OrderKind::NormalWithdrawal));
    let instant_out = sum_orders(orders, confirmed(OrderKind::InstantWithdrawal));
    let total_income = Money::sum(income.iter().map(|i| i.income)).unwrap_or(Money::ZERO);
    let units = deposits
        .checked_add(total_income)
        .and_then(|x| x.checked_sub(normal_out))
        .and_then(|x| x.checked_sub(instant_out))
        .unwrap_or(Money::ZERO);
    AccountPosition {
        units: Units::from_money(units),
        pending_out: Units::from_money(sum_orders(orders, |o| {
            o.kind == OrderKind::NormalWithdrawal && o.status == OrderStatus::Pending
        })),
        has_deposited: orders
            .iter()
            .any(|o| o.kind == OrderKind::Deposit && matches!(o.status, OrderStatus::Pending | OrderStatus::Confirmed)),
        deposited_today: sum_orders(orders, |o| {
            o.kind == OrderKind::Deposit && o.status != OrderStatus::Cancelled && o.placed_at.date_naive() == today
        }),
        instant_used_today: sum_orders(orders, |o| {
            o.kind == OrderKind::InstantWithdrawal
                && o.status == OrderStatus::Confirmed
                && o.placed_at.date_naive() == today
        }),
    }
}

/// The 7 published values ending the day before `today`, oldest first, if all are there.
pub fn last_seven_per_10k(per_10k: &[DailyPer10k], today: NaiveDate) -> Option<Vec<Per10k>> {
    (1..=7)
        .rev()
        .map(|back| {
            let day = today - Duration::days(back);
            per_10k.iter().find(|p| p.day == day).map(|p| p.per_10k)
        })
        .collect()
}

/// The home screen's figures at `now` from the records.
pub fn account_figures(
    orders: &[OrderRecord],
    income: &[IncomeRecord],
    per_10k: &[DailyPer10k],
    settings: &ProductSettings,
    now: BusinessTime,
) -> AccountFigures {
    let today = now.date_naive();
    let pos = account_position(orders, income, now);
    let yesterday = today - Duration::days(1);
    AccountFigures {
        units: pos.units.as_money(),
        pending_in: sum_orders(orders, |o| o.kind == OrderKind::Deposit && o.status == OrderStatus::Pending),
        pending_out: pos.pending_out.as_money(),
        yesterday_income: Money::sum(income.iter().filter(|i| i.day == yesterday).map(|i| i.income))
            .unwrap_or(Money::ZERO),
        total_income: Money::sum(income.iter().map(|i| i.income)).unwrap_or(Money::ZERO),
        seven_day_yield: last_seven_per_10k(per_10k, today).and_then(|v| seven_day_yield(&v)).map(|d| d.to_string()),
        instant_quota_left: instant_quota_left(settings, &pos),
        cash_out: sum_orders(orders, |o| {
            matches!(o.kind, OrderKind::NormalWithdrawal | OrderKind::InstantWithdrawal)
                && o.status == OrderStatus::Confirmed
        }),
        today,
    }
}
