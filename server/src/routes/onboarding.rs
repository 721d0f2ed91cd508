//! Routes of onboarding (`/v1/onboarding/...`), movement confirmations and the sandbox's OTP
//! peek (`server/API.md`).

use axum::routing::{get, post};
use axum::{extract::State, Json, Router};
use serde::Deserialize;
use wealth_core::api::{
    OnboardingSession, OnboardingStatus, OtpSent, RequestOtp, SandboxOtp, SubmitAnswers, SubmitCard, SubmitIdentity,
    SubmitPin, VerifyOtp,
};

use super::{blocking, App, Authed, JsonBody, QueryParams};
use crate::error::Failure;

async fn request_otp(State(svc): State<App>, JsonBody(b): JsonBody<RequestOtp>) -> Result<Json<OtpSent>, Failure> {
    blocking(&svc, move |s| s.request_otp(&b.phone)).await.map(Json)
}

async fn session(State(svc): State<App>, JsonBody(b): JsonBody<VerifyOtp>) -> Result<Json<OnboardingSession>, Failure> {
    blocking(&svc, move |s| s.verify_otp(&b.phone, &b.code)).await.map(Json)
}

async fn questionnaire(State(svc): State<App>) -> Result<Json<serde_json::Value>, Failure> {
    blocking(&svc, |s| s.questionnaire()).await.map(Json)
}

async fn status(State(svc): State<App>, Authed(who): Authed) -> Result<Json<OnboardingStatus>, Failure> {
    blocking(&svc, move |s| s.onboarding_status(who)).await.map(Json)
}

async fn identity(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(b): JsonBody<SubmitIdentity>,
) -> Result<Json<OnboardingStatus>, Failure> {
    blocking(&svc, move |s| s.submit_identity(who, &b)).await.map(Json)
}

async fn card(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(b): JsonBody<SubmitCard>,
) -> Result<Json<OnboardingStatus>, Failure> {
    blocking(&svc, move |s| s.submit_card(who, &b)).await.map(Json)
}

async fn pin(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(b): JsonBody<SubmitPin>,
) -> Result<Json<OnboardingStatus>, Failure> {
    blocking(&svc, move |s| s.submit_pin(who, &b)).await.map(Json)
}

async fn answers(
    State(svc): State<App>,
    Authed(who): Authed,
    JsonBody(b): JsonBody<SubmitAnswers>,
) -> Result<Json<OnboardingStatus>, Failure> {
    blocking(&svc, move |s| s.submit_answers(who, &b)).await.map(Json)
}

async fn movement_otp(State(svc): State<App>, Authed(who): Authed) -> Result<Json<OtpSent>, Failure> {
    blocking(&svc, move |s| s.request_movement_otp(who)).await.map(Json)
}

#[derive(Deserialize)]
struct OtpQuery {
    phone: Option<String>,
    account: Option<i64>,
}

async fn sandbox_otp(
    State(svc): State<App>,
    QueryParams(q): QueryParams<OtpQuery>,
) -> Result<Json<SandboxOtp>, Failure> {
    blocking(&svc, move |s| s.sandbox_otp(q.phone.as_deref(), q.account)).await.map(Json)
}

/// The onboarding routes; `/admin/otp` in the sandbox only.
pub(super) fn routes(r: Router<App>, sandbox: bool) -> Router<App> {
    let r = r
        .route("/v1/onboarding", get(status))
        .route("/v1/onboarding/otp", post(request_otp))
        .route("/v1/onboarding/session", post(session))
        .route("/v1/onboarding/questionnaire", get(questionnaire).post(answers))
        .route("/v1/onboarding/identity", post(identity))
        .route("/v1/onboarding/card", post(card))
        .route("/v1/onboarding/pin", post(pin))
        .route("/v1/confirmations/otp", post(movement_otp));
    if sandbox {
        r.route("/admin/otp", get(sandbox_otp))
    } else {
        r
    }
}
