//! Golden cases of `spec/golden/points.json` (rules.md §6), on the core ledger and the
//! coupon rules.

use chrono::{DateTime, Duration};
use serde_json::Value;
use std::path::PathBuf;
use wealth_core::calendar::BusinessTime;
use wealth_core::points::coupon::offer;
use wealth_core::points::{Coupon, CouponStatus, Ledger, ProgrammeRules};
use wealth_core::Money;

fn spec_dir() -> PathBuf {
    std::env::var_os("WEALTH_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec"))
}

fn golden() -> Value {
    let p = spec_dir().join("golden/points.json");
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn time(v: &Value) -> BusinessTime {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

#[test]
fn ledger_cases() {
    let g = golden();
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut ledger = Ledger::new();
        let ops = case["ops"].as_array().unwrap();
        for (i, op) in ops.iter().enumerate() {
            let at = time(&op["at"]);
            let id = op.get("id").and_then(Value::as_str).map(String::from).unwrap_or_else(|| format!("op-{i}"));
            let points = op.get("points").and_then(Value::as_i64).unwrap_or(0);
            let before = ledger.clone();
            let result = match op.get("op").and_then(Value::as_str) {
                Some("earn") => ledger.earn(&id, points, op["reason"].as_str().unwrap(), at).map(|_| ()),
                Some("spend") => ledger.spend(&id, points, "coupon", at).map(|_| ()),
                Some("reverse") => {
                    let of = op["of"].as_u64().unwrap() as usize;
                    let of_id = ops[of]
                        .get("id")
                        .and_then(Value::as_str)
                        .map(String::from)
                        .unwrap_or_else(|| format!("op-{of}"));
                    ledger.reverse(&id, &of_id, at).map(|_| ())
                }
                Some("run_expiry") => ledger.run_expiry(at).map(|_| ()),
                None => Ok(()),
                Some(other) => panic!("{name}: unknown op {other}"),
            };
            match (op.get("expect_error").and_then(Value::as_str), &result) {
                (None, Ok(())) => {}
                (Some(code), Err(e)) => {
                    assert_eq!(e.code(), code, "{name} op {i}");
                    assert_eq!(ledger.transfers(), before.transfers(), "{name} op {i}: a refusal changed nothing");
                }
                (want, got) => panic!("{name} op {i}: expected {want:?}, got {got:?}"),
            }
            ledger.check().unwrap_or_else(|e| panic!("{name} op {i}: {e}"));
            let Some(expect) = op.get("expect") else { continue };
            if let Some(b) = expect.get("balance") {
                assert_eq!(ledger.balance(), b.as_i64().unwrap(), "{name} op {i}: balance");
            }
            if let Some(x) = expect.get("expired_total") {
                assert_eq!(ledger.expired_total(), x.as_i64().unwrap(), "{name} op {i}: expired_total");
            }
            if let Some(x) = expect.get("clawback_owed") {
                assert_eq!(ledger.clawback_owed(), x.as_i64().unwrap(), "{name} op {i}: clawback_owed");
            }
            if let Some(lots) = expect.get("lots") {
                let live = ledger.lots();
                let want = lots.as_array().unwrap();
                assert_eq!(live.len(), want.len(), "{name} op {i}: lots {live:?}");
                for (l, w) in live.iter().zip(want) {
                    assert_eq!(l.earned_at.date_naive().to_string(), w["earned"].as_str().unwrap(), "{name}");
                    assert_eq!(l.expires_at, time(&w["expires"]), "{name}");
                    assert_eq!(l.left, w["left"].as_i64().unwrap(), "{name}");
                }
            }
        }
    }
}

fn redeem(rules: &ProgrammeRules, value: &str, at: BusinessTime) -> Coupon {
    let o = offer(rules, value, at).unwrap();
    Coupon {
        id: "c-1".into(),
        value: o.value,
        min_deposit: o.min_deposit,
        points: o.points,
        issued_at: at,
        expires_at: o.expires_at,
        status: CouponStatus::Issued,
        order_id: None,
    }
}

#[test]
fn coupon_cases() {
    // The coupon cases are prose; their figures are checked here.
    let g = golden();
    let names: Vec<&str> =
        g["coupons"]["cases"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3);
    let rules = ProgrammeRules::default();
    let mon = DateTime::parse_from_rfc3339("2026-11-16T10:00:00+08:00").unwrap();

    // "a 5.00 coupon needs a 500.00 deposit": redeem 500 points → 5.00, min 500.00, 30 days.
    let mut ledger = Ledger::new();
    ledger.earn("e", 600, "task", mon).unwrap();
    let c = redeem(&rules, "5", mon);
    assert_eq!((c.value.to_string(), c.points, c.min_deposit.to_string()), ("5.00".into(), 500, "500.00".into()));
    assert_eq!(c.expires_at, mon + Duration::days(30));
    ledger.spend("redeem-1", c.points, &c.id, mon).unwrap();
    assert_eq!(ledger.balance(), 100);
    let e = c.check_apply(Money::from_fen(49_999), mon).unwrap_err();
    assert_eq!(e.code(), "COUPON_NOT_APPLICABLE");
    assert_eq!(c.status_at(mon), CouponStatus::Issued, "still available");
    c.check_apply(Money::from_fen(50_000), mon).unwrap();
    // Reserved with the order, paid on confirmation as a posted cash transfer.
    ledger.pend_cash("coupon:c-1", 500, "coupon c-1", mon).unwrap();
    ledger.resolve_pending("coupon:c-1", true, mon + Duration::hours(14)).unwrap();
    assert_eq!(ledger.reward_cash_fen(), 500);
    // Paying again changes nothing.
    assert!(ledger.resolve_pending("coupon:c-1", true, mon + Duration::hours(15)).unwrap().is_empty());
    assert_eq!(ledger.reward_cash_fen(), 500);
    ledger.check().unwrap();

    // "a cancelled order releases its coupon": the reservation is voided, same expiry.
    let mut l2 = Ledger::new();
    l2.pend_cash("coupon:c-2", 1000, "coupon c-2", mon).unwrap();
    l2.resolve_pending("coupon:c-2", false, mon).unwrap();
    assert_eq!(l2.reward_cash_fen(), 0);
    assert!(l2.resolve_pending("coupon:c-2", true, mon).is_err(), "a voided reservation is never paid");
    l2.check().unwrap();

    // "an unused coupon expires": redeemed 2026-11-01 10:00, expired on 2026-12-01 10:00.
    let nov1 = DateTime::parse_from_rfc3339("2026-11-01T10:00:00+08:00").unwrap();
    let c = redeem(&rules, "10.00", nov1);
    let dec1 = DateTime::parse_from_rfc3339("2026-12-01T10:00:00+08:00").unwrap();
    assert_eq!(c.status_at(dec1 - Duration::seconds(1)), CouponStatus::Issued);
    assert_eq!(c.status_at(dec1), CouponStatus::Expired);
    assert_eq!(c.check_apply(Money::from_fen(1_000_000), dec1).unwrap_err().code(), "COUPON_NOT_APPLICABLE");

    // Values outside the catalogue.
    assert_eq!(offer(&rules, "7", mon).unwrap_err().code(), "INVALID_POINTS");
    assert_eq!(offer(&rules, "-5", mon).unwrap_err().code(), "INVALID_POINTS");
}

#[test]
fn programme_defaults_are_the_domains() {
    let r = ProgrammeRules::default();
    assert_eq!((r.task_points("risk_questionnaire"), r.task_points("card_bound")), (50, 50));
    let m = |s: &str| s.parse::<Money>().unwrap();
    // Holding points: floor(units / 10,000), at most 10 a day.
    assert_eq!(r.holding_points_for(m("9999.99")), 0);
    assert_eq!(r.holding_points_for(m("25050.00")), 2);
    assert_eq!(r.holding_points_for(m("150000.00")), 10);
    // Newbie privilege: 500 points for a first deposit of at least 100.00.
    assert!(!r.earns_newbie(m("99.99")) && r.earns_newbie(m("100.00")));
    assert_eq!(r.newbie_points, 500);
    // Referral: 10.00 after 7 natural days if the friend still holds 1,000.00; 50 a year.
    let day = "2026-11-17".parse().unwrap();
    assert_eq!(wealth_core::points::referral::decision_day(&r, day).to_string(), "2026-11-24");
    assert!(wealth_core::points::referral::starts_red_packet(&r, m("1000.00"), 49));
    assert!(!wealth_core::points::referral::starts_red_packet(&r, m("1000.00"), 50));
    assert!(!wealth_core::points::referral::starts_red_packet(&r, m("999.99"), 0));
    // Settings by name; bad values refused with INVALID_SETTING and nothing changed.
    let mut r2 = r.clone();
    r2.set("newbie_min", "200.00").unwrap();
    assert_eq!(r2.newbie_min, m("200.00"));
    assert_eq!(r2.set("newbie_points", "-1").unwrap_err().code(), "INVALID_SETTING");
    assert_eq!(r2.set("colour", "red").unwrap_err().code(), "INVALID_SETTING");
    assert_eq!(r2.newbie_points, 500);
    // Default lot expiry: 23:59:59 on 31 December of the next year, Asia/Shanghai.
    let earned = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+08:00").unwrap();
    assert_eq!(wealth_core::points::default_expiry(earned).to_rfc3339(), "2027-12-31T23:59:59+08:00");
}
