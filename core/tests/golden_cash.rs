//! Golden cases of `spec/golden/cash.json` (rules.md §1–3).

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use wealth_core::api::OrderRecord;
use wealth_core::calendar::TradingCalendar;
use wealth_core::home::account_position;
use wealth_core::income::{daily_income, seven_day_yield, share_income, Holding};
use wealth_core::order::{check_withdrawal, order_timing, withdrawal_plan, OrderKind, OrderStatus};
use wealth_core::settings::ProductSettings;
use wealth_core::{Money, Per10k, Units};

fn spec_dir() -> PathBuf {
    std::env::var_os("WEALTH_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec"))
}

fn golden() -> Value {
    let p = spec_dir().join("golden/cash.json");
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn daily_income_cases() {
    for case in golden()["daily_income"].as_array().unwrap() {
        let units: Units = s(&case["units"]).parse().unwrap();
        let p: Per10k = s(&case["per_10k"]).parse().unwrap();
        let split = daily_income(units, p);
        assert_eq!(split.income.to_string(), s(&case["income"]), "{case}");
        if let Some(c) = case.get("cut_off") {
            assert_eq!(split.cut_off, s(c).parse::<Decimal>().unwrap(), "{case}");
        }
    }
}

#[test]
fn compounding_case() {
    let g = golden();
    let c = &g["compounding"];
    let mut units: Units = s(&c["units"]).parse().unwrap();
    let p: Per10k = s(&c["per_10k"]).parse().unwrap();
    for expected in c["units_after_each_day"].as_array().unwrap() {
        units = units.checked_add(Units::from_money(daily_income(units, p).income)).unwrap();
        assert_eq!(units.to_string(), s(expected));
    }
}

#[test]
fn seven_day_yield_cases() {
    for case in golden()["seven_day_yield"].as_array().unwrap() {
        let values: Vec<Per10k> = case["per_10k"].as_array().unwrap().iter().map(|v| s(v).parse().unwrap()).collect();
        assert_eq!(seven_day_yield(&values).unwrap().to_string(), s(&case["percent"]));
    }
}

#[test]
fn scenario_yields() {
    // Values the scenario files expect for constant per-10k.
    for (p, want) in [("0.6500", "2.401"), ("0.4538", "1.670"), ("0.5000", "1.842")] {
        let v = vec![p.parse::<Per10k>().unwrap(); 7];
        assert_eq!(seven_day_yield(&v).unwrap().to_string(), want);
    }
}

#[test]
fn order_timing_cases() {
    let cal = TradingCalendar::builtin();
    let day = |v: &Value| v.as_str().map(|x| x.parse::<NaiveDate>().unwrap());
    for case in golden()["order_timing"].as_array().unwrap() {
        let placed = DateTime::parse_from_rfc3339(s(&case["placed"])).unwrap();
        let kind = OrderKind::parse(s(&case["kind"])).unwrap();
        let t = order_timing(&cal, kind, placed).unwrap();
        if let Some(td) = day(&case["trading_day"]) {
            assert_eq!(t.trading_day, Some(td), "{case}");
        }
        if let Some(c) = day(&case["confirmed"]) {
            assert_eq!(t.confirm_day, c, "{case}");
        }
        if let Some(f) = day(&case["first_income_day"]) {
            assert_eq!(t.first_income_day, Some(f), "{case}");
        }
        if let Some(shown) = day(&case["first_income_shown"]) {
            assert_eq!(t.first_income_day.unwrap().succ_opt(), Some(shown), "{case}");
        }
        if let Some(l) = day(&case["last_income_day"]) {
            assert_eq!(t.last_income_day, Some(l), "{case}");
        }
        if let Some(a) = day(&case["cash_arrives"]) {
            assert_eq!(t.cash_arrives, Some(a), "{case}");
        }
    }
}

fn order(kind: OrderKind, status: OrderStatus, amount: &str, placed: &str) -> OrderRecord {
    let placed_at = DateTime::parse_from_rfc3339(placed).unwrap();
    OrderRecord {
        id: format!("o-{amount}"),
        kind,
        status,
        amount: amount.parse().unwrap(),
        placed_at,
        trading_day: None,
        confirm_day: placed_at.date_naive(),
        seq: 0,
    }
}

#[test]
fn instant_quota_cases() {
    let g = golden();
    let settings = ProductSettings::default();
    assert_eq!(settings.instant_quota.to_string(), s(&g["instant_quota"]["per_natural_day"]));
    let now = "2026-11-20T10:00:00+08:00";
    for case in g["instant_quota"]["cases"].as_array().unwrap() {
        let mut orders =
            vec![order(OrderKind::Deposit, OrderStatus::Confirmed, "100000.00", "2026-11-02T10:00:00+08:00")];
        let accepted: Vec<&str> = case["accepted"].as_array().unwrap().iter().map(s).collect();
        let refused = case["refused"].as_array().unwrap();
        let mut refused_i = 0;
        for req in case["requests"].as_array().unwrap().iter().map(s) {
            let pos = account_position(&orders, &[], DateTime::parse_from_rfc3339(now).unwrap());
            let amount: Money = req.parse().unwrap();
            match check_withdrawal(&settings, &pos, amount, true) {
                Ok(()) => {
                    assert!(accepted.contains(&req), "{req} should be refused");
                    orders.push(order(OrderKind::InstantWithdrawal, OrderStatus::Confirmed, req, now));
                }
                Err(e) => {
                    let r = &refused[refused_i];
                    refused_i += 1;
                    assert_eq!(s(&r["amount"]), req);
                    assert_eq!(e.code(), s(&r["error"]));
                    let api = wealth_core::api::ApiError::from_rule(&e);
                    assert_eq!(api.details.remaining.unwrap().to_string(), s(&r["remaining"]));
                    if let Some(plan) = r.get("plan") {
                        let p = withdrawal_plan(&settings, &pos, amount).unwrap();
                        assert_eq!(p.instant.to_string(), s(&plan["instant"]));
                        assert_eq!(p.normal.to_string(), s(&plan["normal"]));
                    }
                }
            }
        }
        assert_eq!(refused_i, refused.len());
    }
}

#[test]
fn pool_shares_whole_fen_by_remainder() {
    // Points scenario: 50.00 units on day 1 (cut-off 0.00325), 25,050.00 on day 2 (0.00825):
    // the pool reaches 0.0115 on day 2 and pays one fen.
    let p: Per10k = "0.6500".parse().unwrap();
    let d1 = share_income(&[Holding { account: 1, units: "50.00".parse().unwrap() }], p, Decimal::ZERO);
    assert_eq!(d1.lines[0].income, Money::ZERO);
    let d2 = share_income(&[Holding { account: 1, units: "25050.00".parse().unwrap() }], p, d1.pool_after);
    assert_eq!(d2.lines[0].income.to_string(), "1.63");
    assert_eq!(d2.pool_after, "0.0015".parse::<Decimal>().unwrap());
    // Ties go to the lower account id; at most one fen each.
    let h = [
        Holding { account: 2, units: "50.00".parse().unwrap() },
        Holding { account: 1, units: "50.00".parse().unwrap() },
    ];
    let d = share_income(&h, p, "0.0300".parse().unwrap());
    assert!(d.lines.iter().all(|l| l.pool_fen));
    assert_eq!(d.pool_after, "0.0165".parse::<Decimal>().unwrap());
    let d = share_income(&h, p, "0.0035".parse().unwrap());
    assert_eq!(d.lines.iter().filter(|l| l.pool_fen).map(|l| l.account).collect::<Vec<_>>(), vec![1]);
}
