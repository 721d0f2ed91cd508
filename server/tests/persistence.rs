//! A file database survives a restart: tokens, orders, the sandbox clock; batches never rerun.

use chrono::{DateTime, NaiveDate};
use wealth_core::api::{MovementConfirmation, PlaceOrder, PublishPer10k, DEFAULT_SANDBOX_PIN};
use wealth_core::income::DailyPer10k;
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_server::Service;

#[test]
fn books_survive_a_restart_and_batches_never_rerun() {
    let dir = std::env::temp_dir().join(format!("wealth-books-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("nested/books.sqlite");
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let token;
    {
        let svc = Service::open(Some(&path), true, Some(t("2026-11-16T09:00:00+08:00"))).unwrap();
        let days = wealth_core::calendar::days_between("2026-11-10".parse().unwrap(), "2026-11-30".parse().unwrap())
            .map(|day| DailyPer10k { day, per_10k: "0.6500".parse().unwrap() })
            .collect();
        svc.publish_per10k(&PublishPer10k { days }).unwrap();
        token = svc.create_investor(&Default::default()).unwrap().token;
        let me = svc.authenticate(&token).unwrap();
        let req = PlaceOrder {
            idempotency_key: "k".into(),
            kind: OrderKind::Deposit,
            amount: "10000.00".into(),
            pin: Some(DEFAULT_SANDBOX_PIN.into()),
            confirmation: MovementConfirmation { biometric: true, ..Default::default() },
            coupon: None,
        };
        svc.place_order(me, &req).unwrap();
        let moved = svc.set_clock(t("2026-11-18T09:00:00+08:00")).unwrap();
        assert_eq!(moved.batches.len(), 2);
    }
    let svc = Service::open(Some(&path), true, Some(t("2026-11-01T00:00:00+08:00"))).unwrap();
    assert_eq!(svc.now(), t("2026-11-18T09:00:00+08:00"), "the stored clock wins");
    assert!(svc.run_due_batches().unwrap().is_empty(), "a batch never runs twice");
    let me = svc.authenticate(&token).unwrap();
    let acc = svc.account(me, 0).unwrap();
    assert_eq!(acc.orders[0].status, OrderStatus::Confirmed);
    assert_eq!(acc.summary.units.to_string(), "10000.65");
    // The repeat after a restart is still the original.
    let again = svc
        .place_order(
            me,
            &PlaceOrder {
                idempotency_key: "k".into(),
                kind: OrderKind::Deposit,
                amount: "10000".into(),
                pin: Some(DEFAULT_SANDBOX_PIN.into()),
                confirmation: MovementConfirmation { biometric: true, ..Default::default() },
                coupon: None,
            },
        )
        .unwrap();
    assert_eq!(again.id, acc.orders[0].id);
    let audit = svc.audit().unwrap();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(audit.batch_days, [day("2026-11-17"), day("2026-11-18")]);
    drop(svc);
    let _ = std::fs::remove_dir_all(&dir);
}
