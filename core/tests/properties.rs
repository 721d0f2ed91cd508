//! Property tests of the rules: money conserved by income sharing, the statement identity, the
//! instant quota never exceeded, and plans that add up.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use wealth_core::income::{daily_income, share_income, Holding};
use wealth_core::order::{check_withdrawal, instant_quota_left, withdrawal_plan, AccountPosition};
use wealth_core::settings::ProductSettings;
use wealth_core::statement::{build_statement, MovementKind, StatementHeader, UnitMovement};
use wealth_core::{Money, Per10k, Units};

fn units() -> impl Strategy<Value = Units> {
    (0i64..=10_000_000_000).prop_map(Units::from_fen)
}

fn per_10k() -> impl Strategy<Value = Per10k> {
    (-20_000i64..=50_000).prop_map(|v| Per10k::from_decimal(Decimal::new(v, 4)).unwrap())
}

proptest! {
    #[test]
    fn amounts_round_trip(fen in 1i64..=99_999_999_999_999) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(Money::parse_positive(&m.to_string()).unwrap(), m);
    }

    #[test]
    fn income_truncates_toward_zero(u in units(), p in per_10k()) {
        let s = daily_income(u, p);
        let exact = u.decimal() * p.decimal() / Decimal::from(10_000);
        prop_assert_eq!(s.income.decimal() + s.cut_off, exact);
        prop_assert!(s.income.decimal().abs() <= exact.abs());
        prop_assert!(s.cut_off.abs() < Decimal::new(1, 2));
    }

    #[test]
    fn sharing_conserves_money(hs in prop::collection::vec(units(), 0..20), p in per_10k(), pool_fen in 0i64..500) {
        let holdings: Vec<Holding> = hs.iter().enumerate().map(|(i, u)| Holding { account: i as i64 + 1, units: *u }).collect();
        let pool = Decimal::new(pool_fen, 4);
        let day = share_income(&holdings, p, pool);
        let exact: Decimal = holdings.iter().map(|h| h.units.decimal() * p.decimal() / Decimal::from(10_000)).sum();
        let paid: Decimal = day.lines.iter().map(|l| l.income.decimal()).sum();
        // What holders got plus what the pool keeps is exactly what the fund earned plus the old pool.
        prop_assert_eq!(paid + day.pool_after, exact + pool);
        prop_assert!(day.pool_after < Decimal::new(1, 2) || day.lines.iter().all(|l| l.pool_fen));
        prop_assert!(day.lines.iter().all(|l| l.units.is_positive()));
    }

    #[test]
    fn instant_quota_is_never_exceeded(requests in prop::collection::vec(1i64..=1_500_000, 1..30)) {
        let s = ProductSettings::default();
        let mut pos = AccountPosition { units: Units::from_fen(100_000_000), ..Default::default() };
        for fen in requests {
            let amount = Money::from_fen(fen);
            if check_withdrawal(&s, &pos, amount, true).is_ok() {
                pos.instant_used_today = pos.instant_used_today.checked_add(amount).unwrap();
                pos.units = pos.units.checked_sub(Units::from_money(amount)).unwrap();
            }
            prop_assert!(pos.instant_used_today <= s.instant_quota);
            prop_assert!(!pos.units.is_negative());
            let plan = withdrawal_plan(&s, &pos, Money::from_fen(fen));
            if let Ok(plan) = plan {
                prop_assert_eq!(plan.instant.checked_add(plan.normal).unwrap(), Money::from_fen(fen));
                prop_assert!(plan.instant <= instant_quota_left(&s, &pos));
            }
        }
    }

    #[test]
    fn statement_identity_holds(moves in prop::collection::vec((0i64..90, 0usize..4, 1i64..1_000_000), 0..60), month in 0u32..3) {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let kinds = [MovementKind::Deposit, MovementKind::Income, MovementKind::NormalWithdrawal, MovementKind::InstantWithdrawal];
        let movements: Vec<UnitMovement> = moves.iter().map(|(d, k, fen)| {
            let kind = kinds[*k];
            let amount = if matches!(kind, MovementKind::NormalWithdrawal | MovementKind::InstantWithdrawal) { Money::from_fen(-fen) } else { Money::from_fen(*fen) };
            UnitMovement { day: start + Duration::days(*d), kind, amount, order_id: Some(format!("o{d}")), placed_at: None, trading_day: None }
        }).collect();
        let units_now = Money::sum(movements.iter().map(|m| m.amount)).unwrap();
        let header = StatementHeader { account_id: "1".into(), fund_code: "000000".into(), fund_name: "F".into(), card_last4: "0042".into() };
        let name = format!("2026-{:02}", 9 + month);
        let st = build_statement(header.clone(), &name, &movements, units_now, &[]).unwrap();
        prop_assert!(st.identity_holds);
        prop_assert_eq!(st.closing_units, st.opening_units.checked_add(st.deposits).unwrap().checked_add(st.income).unwrap().checked_sub(st.withdrawals).unwrap());
        // A holding that disagrees with the journal breaks the identity.
        let off = units_now.checked_add(Money::from_fen(1)).unwrap();
        prop_assert!(!build_statement(header, &name, &movements, off, &[]).unwrap().identity_holds);
    }
}
