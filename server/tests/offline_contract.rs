//! What offline devices rely on: idempotency keys kept at least 30 days and answered with the
//! first result, and reference data by ETag (304 when unchanged).

mod common;

use common::{time, Sandbox};
use reqwest::StatusCode;
use wealth_core::api::{CreateInvestor, PlaceOrder};
use wealth_core::order::OrderKind;
use wealth_server::service::IDEMPOTENCY_KEY_RETENTION_DAYS;
use wealth_server::Service;

#[test]
fn a_key_is_answered_with_the_first_result_for_30_days_then_purged() {
    const { assert!(IDEMPOTENCY_KEY_RETENTION_DAYS >= 30) };
    let svc = Service::open(None, true, Some(time("2026-11-02T09:00:00+08:00"))).unwrap();
    let days: Vec<_> =
        wealth_core::calendar::days_between("2026-10-25".parse().unwrap(), "2026-12-15".parse().unwrap())
            .map(|day| wealth_core::income::DailyPer10k { day, per_10k: "0.5000".parse().unwrap() })
            .collect();
    svc.publish_per10k(&wealth_core::api::PublishPer10k { days }).unwrap();
    let who = svc.authenticate(&svc.create_investor(&CreateInvestor::default()).unwrap().token).unwrap();
    let req = PlaceOrder {
        coupon: None,
        idempotency_key: "k-30-days".into(),
        kind: OrderKind::Deposit,
        amount: "100.00".into(),
        pin: Some("135790".into()),
        confirmation: Default::default(),
    };
    let first = svc.place_order(who, &req).unwrap();

    // 30 days later (to the minute, minus one), the repeat still gets the first order.
    svc.set_clock(time("2026-12-02T08:59:00+08:00")).unwrap();
    assert_eq!(svc.purge_expired_keys().unwrap(), 0);
    let again = svc.place_order(who, &req).unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!((again.kind, again.amount, again.placed_at), (first.kind, first.amount, first.placed_at));

    // After the retention the key may be forgotten (and only then).
    svc.set_clock(time("2026-12-02T09:01:00+08:00")).unwrap();
    assert_eq!(svc.purge_expired_keys().unwrap(), 1);
    let audit = svc.audit().unwrap();
    assert_eq!(audit.order_movement_mismatches, 0);
}

#[tokio::test]
async fn reference_data_has_an_etag_and_answers_304_when_unchanged() {
    let s = Sandbox::start("2026-11-16T09:00:00+08:00").await;
    s.per10k("2026-11-01", "2026-11-16", "0.5000").await;
    let (_, token) = s.investor("0042").await;
    let url = format!("{}/v1/reference", s.server.url);
    let first = s.client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers().get("etag").expect("an ETag").to_str().unwrap().to_string();
    let again = s.client.get(&url).bearer_auth(&token).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    // A new 万份收益 changes the tag.
    s.per10k("2026-11-17", "2026-11-17", "0.6000").await;
    s.clock("2026-11-18T09:00:00+08:00").await;
    let changed = s.client.get(&url).bearer_auth(&token).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers().get("etag").unwrap().to_str().unwrap(), tag);
    // Without a token: 401, as every /v1 route.
    let anon = s.client.get(&url).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
}
