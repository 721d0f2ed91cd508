//! A synthetic but realistic account history written into a replica: what a long-time investor's
//! phone holds. Benchmarks (cold start to the home view) and tests use it; nothing in the app
//! calls it.
//!
//! The investor deposits twice a month, withdraws normally once a month and instantly every
//! other Friday; income is posted every natural day with `income::daily_income` on the units held
//! (the same rule the server's batch uses), at a 万份收益 that drifts between 0.40 and 0.75.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::api::{AccountDelta, AccountSummary, IncomeRecord, OrderRecord, ReferenceData};
use crate::calendar::{shanghai, BusinessTime, TradingCalendar};
use crate::device::error::DeviceError;
use crate::device::store::ReplicaStore;
use crate::income::{daily_income, DailyPer10k};
use crate::money::{Money, Per10k, Units};
use crate::order::{OrderKind, OrderStatus};
use crate::settings::ProductSettings;

/// The records of a synthetic history.
#[derive(Debug, Clone)]
pub struct SyntheticHistory {
    /// Orders, oldest first.
    pub orders: Vec<OrderRecord>,
    /// One income line per natural day from the first confirmation on.
    pub income: Vec<IncomeRecord>,
    /// One 万份收益 per natural day.
    pub per_10k: Vec<DailyPer10k>,
    /// The server time of the last "sync" (the morning after the last day).
    pub as_of: BusinessTime,
    /// Units held at the end.
    pub units: Money,
}

fn at(day: NaiveDate, hour: u32) -> BusinessTime {
    let t = day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid hour"));
    t.and_local_timezone(shanghai()).single().expect("fixed offset")
}

fn money(fen: i64) -> Money {
    Money::from_fen(fen)
}

/// Generate `days` natural days of history ending on `last_day` (inclusive).
pub fn generate(last_day: NaiveDate, days: i64) -> SyntheticHistory {
    let first = last_day - Duration::days(days - 1);
    let mut orders = Vec::new();
    let mut income = Vec::new();
    let mut per_10k = Vec::new();
    let mut units = Units::ZERO;
    let mut seq = 0i64;
    let mut pending: Vec<(NaiveDate, i64, bool)> = Vec::new(); // (confirm day, fen, is deposit)
    let mut day = first;
    let mut n = 0u64;
    while day <= last_day {
        // 万份收益 drifting between 0.40 and 0.75 (deterministic).
        let wiggle = ((n * 7919) % 3500) as i64;
        let value = Per10k::from_decimal(rust_decimal::Decimal::new(4000 + wiggle, 4)).expect("small value");
        per_10k.push(DailyPer10k { day, per_10k: value });
        // Units confirmed at 00:00 of `day` count for the day's income.
        pending.retain(|&(confirm, fen, deposit)| {
            if confirm == day {
                let delta = Units::from_fen(fen);
                units = if deposit { units.checked_add(delta) } else { units.checked_sub(delta) }.unwrap_or(units);
                false
            } else {
                true
            }
        });
        if units.is_positive() {
            seq += 1;
            let split = daily_income(units, value);
            income.push(IncomeRecord { day, units: units.as_money(), income: split.income, seq });
            units = units.checked_add(Units::from_money(split.income)).unwrap_or(units);
        }
        let weekday = day.weekday();
        let mut order = |kind: OrderKind, fen: i64, status: OrderStatus, confirm: NaiveDate, td: Option<NaiveDate>| {
            seq += 1;
            orders.push(OrderRecord {
                id: format!("o-{seq:07}"),
                kind,
                status,
                amount: money(fen),
                placed_at: at(day, 10),
                trading_day: td,
                confirm_day: confirm,
                seq,
            });
        };
        let next = if weekday == Weekday::Fri { day + Duration::days(3) } else { day + Duration::days(1) };
        // Deposits on the first and third Tuesday, a normal withdrawal on the last Wednesday,
        // an instant withdrawal every other Friday.
        if weekday == Weekday::Tue && (day.day() <= 7 || (15..=21).contains(&day.day())) {
            let fen = 200_000 + (n as i64 % 7) * 50_000;
            let status = if next <= last_day { OrderStatus::Confirmed } else { OrderStatus::Pending };
            order(OrderKind::Deposit, fen, status, next, Some(day));
            pending.push((next, fen, true));
        } else if weekday == Weekday::Wed && day.day() > 21 && (day + Duration::days(7)).month() != day.month() {
            let fen = (units.decimal() * rust_decimal::Decimal::from(10)).trunc().try_into().unwrap_or(0i64);
            if fen > 0 {
                let status = if next <= last_day { OrderStatus::Confirmed } else { OrderStatus::Pending };
                order(OrderKind::NormalWithdrawal, fen, status, next, Some(day));
                pending.push((next, fen, false));
            }
        } else if weekday == Weekday::Fri && (day.iso_week().week() & 1) == 0 && units.decimal() > 600.into() {
            let fen = 50_000;
            units = units.checked_sub(Units::from_fen(fen)).unwrap_or(units);
            order(OrderKind::InstantWithdrawal, fen, OrderStatus::Confirmed, day, None);
        }
        day += Duration::days(1);
        n += 1;
    }
    SyntheticHistory { orders, income, per_10k, as_of: at(last_day + Duration::days(1), 9), units: units.as_money() }
}

impl SyntheticHistory {
    /// Write the history into `store` as one reference sync and one account delta would.
    pub fn write_to(&self, store: &mut ReplicaStore) -> Result<(), DeviceError> {
        store.apply_reference(
            &ReferenceData {
                product: ProductSettings::default(),
                calendar: TradingCalendar::builtin().data().clone(),
                per_10k: self.per_10k.clone(),
                server_time: self.as_of,
                programme: Default::default(),
            },
            None,
        )?;
        let cash_out = Money::sum(
            self.orders
                .iter()
                .filter(|o| o.kind != OrderKind::Deposit && o.status == OrderStatus::Confirmed)
                .map(|o| o.amount),
        )
        .unwrap_or(Money::ZERO);
        store.apply_delta(
            &AccountDelta {
                server_time: self.as_of,
                cursor: self.orders.len() as i64 + self.income.len() as i64,
                orders: self.orders.clone(),
                income: self.income.clone(),
                summary: AccountSummary {
                    units: self.units,
                    total_income: Money::sum(self.income.iter().map(|i| i.income)).unwrap_or(Money::ZERO),
                    cash_out,
                },
            },
            0,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_years_is_realistic() {
        let h = generate(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), 5 * 365 + 1);
        assert_eq!(h.per_10k.len(), 1826);
        assert!(h.income.len() > 1800, "income lines {}", h.income.len());
        assert!((200..400).contains(&h.orders.len()), "orders {}", h.orders.len());
        assert!(h.income.iter().all(|i| !i.units.is_negative()));
        let mut store = ReplicaStore::open_in_memory().unwrap();
        h.write_to(&mut store).unwrap();
        let snap = store.snapshot().unwrap();
        assert_eq!(snap.orders.len(), h.orders.len());
        assert_eq!(snap.income.len(), h.income.len());
    }
}
