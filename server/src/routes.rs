//! HTTP routes (`server/API.md`): JSON in and out, `api::ApiError` for every failure, with our
//! own extractors so that no axum plain-text rejection ever reaches a client.

use std::any::Any;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Path, Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tower_http::catch_panic::CatchPanicLayer;
use wealth_core::api::{
    AccountDelta, ClockMoved, CreateInvestor, InvestorCreated, OrderRecord, OverrideSettings, PlaceOrder,
    PublishPer10k, ReferenceData, SetClock,
};
use wealth_core::income::DailyPer10k;
use wealth_core::points::api::{
    BindReferral, CouponWallet, PointsDelta, RedeemPoints, ReferralStatus, ReverseEarning, SetIdentity,
};
use wealth_core::points::Coupon;
use wealth_core::settings::ProductSettings;
use wealth_core::statement::Statement;
use wealth_core::Per10k;

use crate::error::Failure;
use crate::service::{InvestorId, Service};

mod onboarding;

type App = Arc<Service>;

/// Run an operation of the service on a blocking thread; a panic there is a 500 `INTERNAL`.
async fn blocking<T: Send + 'static>(
    svc: &App,
    op: impl FnOnce(&Service) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let svc = svc.clone();
    match tokio::task::spawn_blocking(move || op(&svc)).await {
        Ok(result) => result,
        Err(e) => {
            tracing::error!(panic = e.is_panic(), "operation did not finish");
            Err(Failure::internal())
        }
    }
}

/// The investor of the bearer token.
struct Authed(InvestorId);

impl FromRequestParts<App> for Authed {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, svc: &App) -> Result<Self, Failure> {
        let value =
            parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or_else(Failure::unauthenticated)?;
        let (scheme, token) = value.trim().split_once(' ').ok_or_else(Failure::unauthenticated)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(Failure::unauthenticated());
        }
        let token = token.trim().to_string();
        blocking(svc, move |s| s.authenticate(&token)).await.map(Authed)
    }
}

/// A JSON body; anything unreadable is 400 `BAD_REQUEST` (413 `PAYLOAD_TOO_LARGE` past 2 MiB).
struct JsonBody<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the body is too large")
            } else {
                Failure::bad_request("the body could not be read")
            }
        })?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| Failure::bad_request(format!("invalid JSON body: {e}")))
    }
}

/// Query parameters; a bad one is 400 `BAD_REQUEST`.
struct QueryParams<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Failure> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(q)| QueryParams(q))
            .map_err(|e| Failure::bad_request(e.body_text()))
    }
}

/// One path segment; a bad one is 400 `BAD_REQUEST`.
struct Segment(String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| Segment(p))
            .map_err(|e| Failure::bad_request(e.body_text()))
    }
}

#[derive(Deserialize)]
struct ReferenceQuery {
    per10k_from: Option<NaiveDate>,
}

/// Reference data with a strong ETag over everything but the server time; `If-None-Match` with
/// the current tag is answered 304 with no body.
async fn reference(
    State(svc): State<App>,
    _who: Authed,
    QueryParams(q): QueryParams<ReferenceQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Response, Failure> {
    let data: ReferenceData = blocking(&svc, move |s| s.reference(q.per10k_from)).await?;
    let tag = reference_etag(&data);
    let matches = headers
        .get(axum::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if matches { StatusCode::NOT_MODIFIED.into_response() } else { Json(data).into_response() };
    if let Ok(value) = axum::http::HeaderValue::from_str(&tag) {
        response.headers_mut().insert(axum::http::header::ETAG, value);
    }
    Ok(response)
}

/// `"<sha256 of product, calendar and 万份收益>"`: changes exactly when the cached data would.
fn reference_etag(data: &ReferenceData) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in
        [serde_json::to_vec(&data.product), serde_json::to_vec(&data.calendar), serde_json::to_vec(&data.per_10k)]
    {
        h.update(part.unwrap_or_default());
        h.update([0u8]);
    }
    let hex: String = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

async fn place_order(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(body): JsonBody<PlaceOrder>,
) -> Result<Json<OrderRecord>, Failure> {
    blocking(&svc, move |s| s.place_order(who, &body)).await.map(Json)
}

async fn cancel_order(
    State(svc): State<App>,
    Authed(who): Authed,
    Segment(id): Segment,
) -> Result<Json<OrderRecord>, Failure> {
    blocking(&svc, move |s| s.cancel_order(who, &id)).await.map(Json)
}

#[derive(Deserialize)]
struct AccountQuery {
    after: Option<i64>,
}

async fn account(
    State(svc): State<App>,
    Authed(who): Authed,
    QueryParams(q): QueryParams<AccountQuery>,
) -> Result<Json<AccountDelta>, Failure> {
    let after = q.after.unwrap_or(0);
    blocking(&svc, move |s| s.account(who, after)).await.map(Json)
}

async fn statement(
    State(svc): State<App>,
    Authed(who): Authed,
    Segment(month): Segment,
) -> Result<Json<Statement>, Failure> {
    blocking(&svc, move |s| s.statement(who, &month)).await.map(Json)
}

async fn create_investor(
    State(svc): State<App>,
    JsonBody(body): JsonBody<CreateInvestor>,
) -> Result<Json<InvestorCreated>, Failure> {
    blocking(&svc, move |s| s.create_investor(&body)).await.map(Json)
}

async fn get_clock(State(svc): State<App>) -> Result<Json<ClockMoved>, Failure> {
    blocking(&svc, |s| Ok(s.clock())).await.map(Json)
}

async fn set_clock(State(svc): State<App>, JsonBody(body): JsonBody<SetClock>) -> Result<Json<ClockMoved>, Failure> {
    blocking(&svc, move |s| s.set_clock(body.now)).await.map(Json)
}

/// `PublishPer10k` with the values as text, so that a bad value is `INVALID_PER_10K` (the
/// core's parse) rather than a generic `BAD_REQUEST`.
#[derive(Deserialize)]
struct RawPublish {
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
struct RawDay {
    day: NaiveDate,
    per_10k: String,
}

async fn publish_per10k(
    State(svc): State<App>,
    JsonBody(body): JsonBody<RawPublish>,
) -> Result<Json<PublishPer10k>, Failure> {
    let days = body
        .days
        .into_iter()
        .map(|d| Per10k::from_str(&d.per_10k).map(|per_10k| DailyPer10k { day: d.day, per_10k }))
        .collect::<Result<Vec<_>, _>>()?;
    blocking(&svc, move |s| s.publish_per10k(&PublishPer10k { days })).await.map(Json)
}

async fn override_settings(
    State(svc): State<App>,
    JsonBody(body): JsonBody<OverrideSettings>,
) -> Result<Json<ProductSettings>, Failure> {
    blocking(&svc, move |s| s.override_settings(&body)).await.map(Json)
}

/// The books' consistency facts (sandbox; the chaos harness checks them after each trial).
async fn audit(State(svc): State<App>) -> Result<Json<serde_json::Value>, Failure> {
    let a = blocking(&svc, |s| s.audit()).await?;
    let investors: Vec<serde_json::Value> = a
        .investors
        .iter()
        .map(|i| {
            serde_json::json!({
                "investor": i.investor.0,
                "holding": i.holding.to_string(),
                "journal_sum": i.journal_sum.to_string(),
                "journal_low": i.journal_low.to_string(),
            })
        })
        .collect();
    Ok(Json(serde_json::json!({
        "investors": investors,
        "order_movement_mismatches": a.order_movement_mismatches,
        "batch_days": a.batch_days,
    })))
}

#[derive(Deserialize)]
struct PointsQuery {
    after: Option<i64>,
    limit: Option<usize>,
}

async fn points(
    State(svc): State<App>,
    Authed(who): Authed,
    QueryParams(q): QueryParams<PointsQuery>,
) -> Result<Json<PointsDelta>, Failure> {
    blocking(&svc, move |s| s.points(who, q.after.unwrap_or(0), q.limit)).await.map(Json)
}

async fn redeem_points(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(body): JsonBody<RedeemPoints>,
) -> Result<Json<Coupon>, Failure> {
    blocking(&svc, move |s| s.redeem_points(who, &body)).await.map(Json)
}

async fn coupons(State(svc): State<App>, Authed(who): Authed) -> Result<Json<CouponWallet>, Failure> {
    blocking(&svc, move |s| s.coupons(who)).await.map(Json)
}

async fn referral(State(svc): State<App>, Authed(who): Authed) -> Result<Json<ReferralStatus>, Failure> {
    blocking(&svc, move |s| s.referral(who)).await.map(Json)
}

async fn bind_referral(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(body): JsonBody<BindReferral>,
) -> Result<Json<ReferralStatus>, Failure> {
    blocking(&svc, move |s| s.bind_referral(who, &body)).await.map(Json)
}

async fn set_identity(
    State(svc): State<App>,
    JsonBody(body): JsonBody<SetIdentity>,
) -> Result<Json<SetIdentity>, Failure> {
    blocking(&svc, move |s| s.set_identity(&body)).await.map(Json)
}

async fn reverse_earning(
    State(svc): State<App>,
    JsonBody(body): JsonBody<ReverseEarning>,
) -> Result<Json<PointsDelta>, Failure> {
    blocking(&svc, move |s| s.reverse_earning(&body)).await.map(Json)
}

async fn not_found() -> Failure {
    Failure::not_found()
}

async fn method_not_allowed() -> Failure {
    Failure::new(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "this route does not take that method")
}

/// One log line per request: method, route template, status, time. No query, body or header
/// (tokens, names and amounts stay out of the logs).
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "(unmatched)".into());
    let started = Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    Failure::internal().into_response()
}

/// The fallbacks and layers every router gets.
fn finish(router: Router<App>, svc: App) -> Router {
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(log_request))
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(svc)
}

/// The application: `/v1` always, `/admin` in the sandbox only.
pub(crate) fn router(svc: App) -> Router {
    let mut r = Router::new()
        .route("/v1/reference", get(reference))
        .route("/v1/orders", post(place_order))
        .route("/v1/orders/{id}/cancel", post(cancel_order))
        .route("/v1/account", get(account))
        .route("/v1/statements/{month}", get(statement))
        .route("/v1/points", get(points))
        .route("/v1/points/redeem", post(redeem_points))
        .route("/v1/coupons", get(coupons))
        .route("/v1/referral", get(referral))
        .route("/v1/referral/bind", post(bind_referral));
    r = onboarding::routes(r, svc.is_sandbox());
    if svc.is_sandbox() {
        r = r
            .route("/admin/investors", post(create_investor))
            .route("/admin/clock", get(get_clock).post(set_clock))
            .route("/admin/per10k", post(publish_per10k))
            .route("/admin/settings", post(override_settings))
            .route("/admin/audit", get(audit))
            .route("/admin/identity", post(set_identity))
            .route("/admin/points/reverse", post(reverse_earning));
    }
    finish(r, svc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    async fn call(router: Router, req: Request) -> (StatusCode, serde_json::Value) {
        let res = router.oneshot(req).await.expect("infallible");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.expect("body");
        (status, serde_json::from_slice(&body).expect("JSON body"))
    }

    fn svc() -> App {
        Arc::new(Service::open(None, true, None).expect("open"))
    }

    #[tokio::test]
    async fn a_panic_is_500_internal_json() {
        async fn boom() -> &'static str {
            panic!("bug")
        }
        let s = svc();
        let router = finish(Router::new().route("/boom", get(boom)), s);
        let req = Request::builder().uri("/boom").body(Body::empty()).unwrap();
        let (status, body) = call(router, req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["code"], "INTERNAL");
    }

    #[tokio::test]
    async fn unknown_route_and_method_are_json() {
        let r = router(svc());
        let req = Request::builder().uri("/nope").body(Body::empty()).unwrap();
        let (status, body) = call(r.clone(), req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "NOT_FOUND");
        let req = Request::builder().method("DELETE").uri("/v1/orders").body(Body::empty()).unwrap();
        let (status, body) = call(r, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(body["code"], "METHOD_NOT_ALLOWED");
    }

    #[tokio::test]
    async fn bad_query_and_bad_per10k_are_json() {
        let s = svc();
        let created = s.create_investor(&CreateInvestor::default()).unwrap();
        let r = router(s);
        let req = Request::builder()
            .uri("/v1/account?after=abc")
            .header(AUTHORIZATION, format!("Bearer {}", created.token))
            .body(Body::empty())
            .unwrap();
        let (status, body) = call(r.clone(), req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "BAD_REQUEST");
        let req = Request::builder()
            .method("POST")
            .uri("/admin/per10k")
            .body(Body::from(r#"{"days":[{"day":"2026-11-16","per_10k":"0.12345"}]}"#))
            .unwrap();
        let (status, body) = call(r, req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "INVALID_PER_10K");
    }
}
