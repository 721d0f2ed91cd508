//! The points programme on the server's books, in-process: a coupon is paid once even when the
//! confirmation batch dies before its commit and is retried after a restart; bad input changes
//! nothing; clawback of spent points; the referral yearly cap.

use chrono::DateTime;
use wealth_core::api::{OverrideSettings, PlaceOrder, PublishPer10k};
use wealth_core::calendar::BusinessTime;
use wealth_core::income::DailyPer10k;
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_core::points::api::{BindReferral, RedeemPoints, ReverseEarning, SetIdentity};
use wealth_core::points::{CouponStatus, IdentityFacts};
use wealth_server::{InvestorId, Service};

fn t(s: &str) -> BusinessTime {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn books(path: Option<&std::path::Path>) -> Service {
    let svc = Service::open(path, true, Some(t("2026-11-16T09:00:00+08:00"))).unwrap();
    let days = wealth_core::calendar::days_between("2026-11-01".parse().unwrap(), "2027-01-31".parse().unwrap())
        .map(|day| DailyPer10k { day, per_10k: "0.0000".parse().unwrap() })
        .collect();
    svc.publish_per10k(&PublishPer10k { days }).unwrap();
    svc
}

fn deposit(key: &str, amount: &str, coupon: Option<&str>) -> PlaceOrder {
    PlaceOrder {
        idempotency_key: key.into(),
        kind: OrderKind::Deposit,
        amount: amount.into(),
        coupon: coupon.map(String::from),
        pin: Some("135790".into()),
        confirmation: wealth_core::api::MovementConfirmation { biometric: true, ..Default::default() },
    }
}

fn redeem(key: &str, value: &str) -> RedeemPoints {
    RedeemPoints { idempotency_key: key.into(), coupon_value: value.into() }
}

#[test]
fn a_coupon_is_paid_once_even_when_the_batch_dies_before_its_commit() {
    let dir = std::env::temp_dir().join(format!("wealth-points-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("books.sqlite");
    let token;
    let coupon_id;
    {
        let svc = books(Some(&path));
        token = svc.create_investor(&Default::default()).unwrap().token;
        let me = svc.authenticate(&token).unwrap();
        assert_eq!(svc.points(me, 0, None).unwrap().balance, 100, "both onboarding tasks");
        svc.place_order(me, &deposit("d1", "1000.00", None)).unwrap();
        svc.set_clock(t("2026-11-17T09:00:00+08:00")).unwrap();
        assert_eq!(svc.points(me, 0, None).unwrap().balance, 600, "newbie privilege");
        let c = svc.redeem_points(me, &redeem("r1", "5")).unwrap();
        coupon_id = c.id.clone();
        svc.place_order(me, &deposit("d2", "500.00", Some(&c.id))).unwrap();
        // The confirmation batch of Wed dies after paying the coupon, before its commit.
        svc.fail_next_batch_before_commit();
        let e = svc.set_clock(t("2026-11-18T09:00:00+08:00")).unwrap_err();
        assert_eq!(e.code(), "INTERNAL");
        let acc = svc.account(me, 0).unwrap();
        assert_eq!(acc.summary.units.to_string(), "1000.00", "nothing of the dead batch was kept");
        let wallet = svc.coupons(me).unwrap();
        assert_eq!(wallet.coupons[0].status, CouponStatus::Reserved);
    }
    // Restart from the file and let the batch run again.
    let svc = Service::open(Some(&path), true, None).unwrap();
    let me = svc.authenticate(&token).unwrap();
    svc.set_clock(t("2026-11-18T09:00:00+08:00")).unwrap();
    svc.set_clock(t("2026-11-25T09:00:00+08:00")).unwrap();
    assert!(svc.run_due_batches().unwrap().is_empty());
    let acc = svc.account(me, 0).unwrap();
    assert_eq!(acc.summary.units.to_string(), "1505.00", "1000 + 500 + the 5.00 coupon, once");
    let paid: Vec<_> = acc.orders.iter().filter(|o| o.id == format!("coupon-{coupon_id}")).collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0].status, OrderStatus::Confirmed);
    assert_eq!(svc.coupons(me).unwrap().coupons[0].status, CouponStatus::Used);
    let audit = svc.audit().unwrap();
    assert_eq!(audit.order_movement_mismatches, 0);
    assert_eq!(audit.investors[0].holding, audit.investors[0].journal_sum);
    // The ledger: the reservation posted once; 100 points left.
    let delta = svc.points(me, 0, None).unwrap();
    assert_eq!(delta.balance, 100);
    assert_eq!(delta.transfers.iter().filter(|t| t.id.ends_with("/post")).count(), 1);
    drop(svc);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_gets_a_stable_code_and_changes_nothing() {
    let svc = books(None);
    let token = svc.create_investor(&Default::default()).unwrap().token;
    let me = svc.authenticate(&token).unwrap();
    let before = svc.points(me, 0, None).unwrap();
    for (value, code) in
        [("-5", "INVALID_POINTS"), ("7", "INVALID_POINTS"), ("abc", "INVALID_POINTS"), ("5", "INSUFFICIENT_POINTS")]
    {
        assert_eq!(svc.redeem_points(me, &redeem("x", value)).unwrap_err().code(), code, "{value}");
    }
    assert_eq!(svc.points(me, 0, None).unwrap(), before);
    assert!(svc.coupons(me).unwrap().coupons.is_empty());
    // Unknown coupon on a deposit: refused, no order.
    let e = svc.place_order(me, &deposit("d", "600.00", Some("nope"))).unwrap_err();
    assert_eq!(e.code(), "COUPON_NOT_APPLICABLE");
    assert!(svc.account(me, 0).unwrap().orders.is_empty());
    // Referral: unknown code, self-referral, second referrer.
    let e = svc.bind_referral(me, &BindReferral { code: "RNOPE".into(), device_id: None }).unwrap_err();
    assert_eq!(e.code(), "UNKNOWN_REFERRAL_CODE");
    let mine = svc.referral(me).unwrap().code;
    let e = svc.bind_referral(me, &BindReferral { code: mine.clone(), device_id: None }).unwrap_err();
    assert_eq!(e.code(), "SELF_REFERRAL");
    let friend = svc.authenticate(&svc.create_investor(&Default::default()).unwrap().token).unwrap();
    let other = svc.authenticate(&svc.create_investor(&Default::default()).unwrap().token).unwrap();
    let other_code = svc.referral(other).unwrap().code;
    // Same device as the referrer: self-referral.
    svc.set_identity(&SetIdentity {
        account_id: me.0.to_string(),
        identity: IdentityFacts { devices: vec!["dev-1".into()], ..Default::default() },
    })
    .unwrap();
    let e =
        svc.bind_referral(friend, &BindReferral { code: mine.clone(), device_id: Some("dev-1".into()) }).unwrap_err();
    assert_eq!(e.code(), "SELF_REFERRAL");
    svc.bind_referral(friend, &BindReferral { code: mine.clone(), device_id: Some("dev-2".into()) }).unwrap();
    svc.bind_referral(friend, &BindReferral { code: mine.clone(), device_id: None }).unwrap();
    let e = svc.bind_referral(friend, &BindReferral { code: other_code, device_id: None }).unwrap_err();
    assert_eq!(e.code(), "ALREADY_REFERRED");
    assert_eq!(svc.referral(friend).unwrap().referred_by, Some(mine));
    assert_eq!(svc.referral(me).unwrap().referrals.len(), 1);
}

#[test]
fn redeem_is_idempotent_by_key_and_a_reversal_of_spent_points_is_clawed_back() {
    let svc = books(None);
    let token = svc.create_investor(&Default::default()).unwrap().token;
    let me = svc.authenticate(&token).unwrap();
    svc.place_order(me, &deposit("d1", "1000.00", None)).unwrap();
    svc.set_clock(t("2026-11-17T09:00:00+08:00")).unwrap();
    let c = svc.redeem_points(me, &redeem("r1", "5.00")).unwrap();
    assert_eq!(svc.redeem_points(me, &redeem("r1", "5")).unwrap().id, c.id, "a repeat is the first coupon");
    assert_eq!(svc.redeem_points(me, &redeem("r1", "10")).unwrap_err().code(), "ID_CONFLICT");
    assert_eq!(svc.points(me, 0, None).unwrap().balance, 100);
    // Fraud: the newbie reward (500) is reversed; 100 are there, 400 are owed.
    let after =
        svc.reverse_earning(&ReverseEarning { account_id: me.0.to_string(), transfer_id: "newbie".into() }).unwrap();
    assert_eq!((after.balance, after.clawback_owed), (0, 400));
    let again =
        svc.reverse_earning(&ReverseEarning { account_id: me.0.to_string(), transfer_id: "newbie".into() }).unwrap();
    assert_eq!(again.transfers.len(), after.transfers.len(), "reversing twice changes nothing");
    let e =
        svc.reverse_earning(&ReverseEarning { account_id: me.0.to_string(), transfer_id: "nope".into() }).unwrap_err();
    assert_eq!(e.code(), "UNKNOWN_TRANSFER");
}

#[test]
fn red_packets_stop_at_the_yearly_cap() {
    let svc = books(None);
    svc.override_settings(&OverrideSettings {
        settings: [("referral_yearly_cap".to_string(), "1".to_string())].into(),
    })
    .unwrap();
    let me = svc.authenticate(&svc.create_investor(&Default::default()).unwrap().token).unwrap();
    let code = svc.referral(me).unwrap().code;
    let friends: Vec<InvestorId> = (0..2)
        .map(|i| {
            let f = svc.authenticate(&svc.create_investor(&Default::default()).unwrap().token).unwrap();
            svc.bind_referral(f, &BindReferral { code: code.clone(), device_id: None }).unwrap();
            svc.place_order(f, &deposit(&format!("f{i}"), "2000.00", None)).unwrap();
            f
        })
        .collect();
    svc.set_clock(t("2026-11-25T09:00:00+08:00")).unwrap();
    let status = svc.referral(me).unwrap();
    let states: Vec<&str> = status.referrals.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(states, ["posted", "capped"]);
    assert_eq!(status.paid.to_string(), "10.00");
    assert_eq!(svc.account(me, 0).unwrap().summary.units.to_string(), "10.00");
    assert_eq!(friends.len(), 2);
    // Bad programme settings are refused and change nothing.
    let e = svc
        .override_settings(&OverrideSettings { settings: [("newbie_points".to_string(), "-1".to_string())].into() })
        .unwrap_err();
    assert_eq!(e.code(), "INVALID_SETTING");
    assert_eq!(svc.programme().newbie_points, 500);
}
