//! The HTTP client of the fund company's API (reqwest over rustls), and the sandbox admin client.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

use crate::api::{
    AccountDelta, ApiError, ClockMoved, CreateInvestor, InvestorCreated, OnboardingSession, OnboardingStatus,
    OrderRecord, OtpSent, OverrideSettings, PlaceOrder, PublishPer10k, ReferenceData, RequestOtp, SandboxOtp, SetClock,
    SubmitAnswers, SubmitCard, SubmitIdentity, SubmitPin, VerifyOtp,
};
use crate::calendar::BusinessTime;
use crate::device::error::DeviceError;
use crate::points::api::{
    BindReferral, CouponWallet, PointsDelta, RedeemPoints, ReferralStatus, ReverseEarning, SetIdentity,
};
use crate::points::Coupon;
use crate::statement::Statement;

/// Build the rustls configuration: trust `ca_pem` when given (sandbox, tests), the public web
/// roots otherwise.
pub fn tls_config(ca_pem: Option<&str>) -> Result<rustls::ClientConfig, DeviceError> {
    tls_config_pinned(ca_pem, &[])
}

/// As `tls_config`, and when `pins` is not empty, the chain must also hold one of the pinned
/// public keys (SHA-256 of the SPKI, hex; a primary and a backup: `pinning::parse_pins`).
pub fn tls_config_pinned(ca_pem: Option<&str>, pins: &[String]) -> Result<rustls::ClientConfig, DeviceError> {
    let pins = crate::device::pinning::parse_pins(pins)?;
    let mut roots = rustls::RootCertStore::empty();
    match ca_pem {
        Some(pem) => {
            use rustls_pki_types::pem::PemObject;
            let mut any = false;
            for cert in rustls_pki_types::CertificateDer::pem_slice_iter(pem.as_bytes()) {
                let cert = cert.map_err(|e| DeviceError::Config(format!("CA certificate: {e}")))?;
                roots.add(cert).map_err(|e| DeviceError::Config(format!("CA certificate: {e}")))?;
                any = true;
            }
            if !any {
                return Err(DeviceError::Config("CA certificate: no PEM certificate found".into()));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| DeviceError::Config(format!("TLS: {e}")))?;
    if pins.is_empty() {
        return Ok(builder.with_root_certificates(roots).with_no_client_auth());
    }
    let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| DeviceError::Config(format!("TLS: {e}")))?;
    let verifier = crate::device::pinning::PinnedVerifier::new(webpki, pins);
    Ok(builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth())
}

/// Timeouts of every request: connecting, reading, the whole exchange.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// No byte for this long ends the request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(20);
/// Upper bound of one request, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn http_client(ca_pem: Option<&str>, pins: &[String]) -> Result<reqwest::Client, DeviceError> {
    reqwest::Client::builder()
        .use_preconfigured_tls(tls_config_pinned(ca_pem, pins)?)
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| DeviceError::Config(format!("HTTP client: {e}")))
}

/// A network failure with its causes (e.g. the TLS reason), never the URL or a header.
fn network(e: reqwest::Error) -> DeviceError {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cur = std::error::Error::source(&e);
    while let Some(c) = cur {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cur = c.source();
    }
    if text.contains("PinMismatch") {
        text = "the server's public key does not match the pinned keys (certificate pinning)".into();
    }
    DeviceError::Network(text)
}

async fn decode<T: DeserializeOwned>(resp: Result<reqwest::Response, reqwest::Error>) -> Result<T, DeviceError> {
    let resp = resp.map_err(network)?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(network)?;
    if status.is_success() {
        serde_json::from_slice(&body).map_err(|e| DeviceError::Protocol(format!("unexpected response: {e}")))
    } else {
        match serde_json::from_slice::<ApiError>(&body) {
            Ok(error) => Err(DeviceError::Api { status: status.as_u16(), error: Box::new(error) }),
            Err(_) => Err(DeviceError::Protocol(format!("HTTP {status} without an error body"))),
        }
    }
}

/// Refuse a server URL that is not an `https://` (or `http://`) URL with an ASCII host: the
/// library is built without Unicode host names (`idna_adapter` 1.0, core/Cargo.toml), so an
/// internationalised host must be given in its punycode (`xn--`) form.
fn check_base_url(base_url: &str) -> Result<(), DeviceError> {
    let url = reqwest::Url::parse(base_url).map_err(|e| {
        DeviceError::Config(format!(
            "server URL {base_url:?}: {e} (write a Unicode host name in its punycode xn-- form)"
        ))
    })?;
    match url.scheme() {
        "https" | "http" if url.host().is_some() => Ok(()),
        _ => Err(DeviceError::Config(format!("server URL {base_url:?}: not an https:// URL with a host"))),
    }
}

/// The investor's API, authenticated by a session token.
#[derive(Clone)]
pub struct ApiClient {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl ApiClient {
    /// A client for `base_url` (e.g. `https://127.0.0.1:8443`).
    pub fn new(base_url: &str, ca_pem: Option<&str>, token: &str) -> Result<ApiClient, DeviceError> {
        ApiClient::new_pinned(base_url, ca_pem, token, &[])
    }

    /// As `new`, pinning the server's public key (`tls_config_pinned`).
    pub fn new_pinned(
        base_url: &str,
        ca_pem: Option<&str>,
        token: &str,
        pins: &[String],
    ) -> Result<ApiClient, DeviceError> {
        check_base_url(base_url)?;
        Ok(ApiClient {
            base: base_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http: http_client(ca_pem, pins)?,
        })
    }

    /// Reference data unless it still has the ETag `etag` (`If-None-Match`; `None` back: not
    /// modified). Returns the data and its new ETag.
    pub async fn reference_if_changed(
        &self,
        per10k_from: Option<chrono::NaiveDate>,
        etag: Option<&str>,
    ) -> Result<Option<(ReferenceData, Option<String>)>, DeviceError> {
        let path = match per10k_from {
            Some(d) => format!("/v1/reference?per10k_from={d}"),
            None => "/v1/reference".to_string(),
        };
        let mut req = self.http.get(format!("{}{}", self.base, path)).bearer_auth(&self.token);
        if let Some(tag) = etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, tag);
        }
        let resp = req.send().await.map_err(network)?;
        if resp.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        let tag = resp.headers().get(reqwest::header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_string);
        let data: ReferenceData = decode(Ok(resp)).await?;
        Ok(Some((data, tag)))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, DeviceError> {
        decode(self.http.get(format!("{}{}", self.base, path)).bearer_auth(&self.token).send().await).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, DeviceError> {
        decode(self.http.post(format!("{}{}", self.base, path)).bearer_auth(&self.token).json(body).send().await).await
    }

    /// Product settings, calendar and 万份收益 published from `per10k_from` on.
    pub async fn reference(&self, per10k_from: Option<chrono::NaiveDate>) -> Result<ReferenceData, DeviceError> {
        match per10k_from {
            Some(d) => self.get(&format!("/v1/reference?per10k_from={d}")).await,
            None => self.get("/v1/reference").await,
        }
    }

    /// What changed in the account after `cursor`.
    pub async fn account(&self, cursor: i64) -> Result<AccountDelta, DeviceError> {
        self.get(&format!("/v1/account?after={cursor}")).await
    }

    /// Place an order (idempotent by its key).
    pub async fn place_order(&self, req: &PlaceOrder) -> Result<OrderRecord, DeviceError> {
        self.post("/v1/orders", req).await
    }

    /// Cancel a pending order.
    pub async fn cancel(&self, order_id: &str) -> Result<OrderRecord, DeviceError> {
        if order_id.is_empty() || !order_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(DeviceError::Api {
                status: 404,
                error: Box::new(ApiError {
                    code: "UNKNOWN_ORDER".into(),
                    message: format!("no order {order_id:?} in this account"),
                    details: Default::default(),
                }),
            });
        }
        self.post(&format!("/v1/orders/{order_id}/cancel"), &serde_json::json!({})).await
    }

    /// The statement of a month ("YYYY-MM").
    pub async fn statement(&self, month: &str) -> Result<Statement, DeviceError> {
        self.get(&format!("/v1/statements/{month}")).await
    }

    /// The same server with another session token.
    pub fn with_token(&self, token: &str) -> ApiClient {
        ApiClient { base: self.base.clone(), token: token.to_string(), http: self.http.clone() }
    }

    /// Send a login OTP to `phone` (no session needed).
    pub async fn request_otp(&self, phone: &str) -> Result<OtpSent, DeviceError> {
        self.post("/v1/onboarding/otp", &RequestOtp { phone: phone.into() }).await
    }

    /// Verify the OTP; returns the session (token) and where onboarding stands.
    pub async fn verify_otp(&self, phone: &str, code: &str) -> Result<OnboardingSession, DeviceError> {
        self.post("/v1/onboarding/session", &VerifyOtp { phone: phone.into(), code: code.into() }).await
    }

    /// Where onboarding stands on the server.
    pub async fn onboarding_status(&self) -> Result<OnboardingStatus, DeviceError> {
        self.get("/v1/onboarding").await
    }

    /// Real name and ID number.
    pub async fn submit_identity(&self, req: &SubmitIdentity) -> Result<OnboardingStatus, DeviceError> {
        self.post("/v1/onboarding/identity", req).await
    }

    /// Bind a card (four-element check).
    pub async fn submit_card(&self, req: &SubmitCard) -> Result<OnboardingStatus, DeviceError> {
        self.post("/v1/onboarding/card", req).await
    }

    /// Set the trading PIN.
    pub async fn submit_pin(&self, req: &SubmitPin) -> Result<OnboardingStatus, DeviceError> {
        self.post("/v1/onboarding/pin", req).await
    }

    /// The questionnaire as served (raw JSON, parsed by `onboarding::Questionnaire::parse`).
    pub async fn questionnaire(&self) -> Result<serde_json::Value, DeviceError> {
        self.get("/v1/onboarding/questionnaire").await
    }

    /// Answer the questionnaire.
    pub async fn submit_answers(&self, req: &SubmitAnswers) -> Result<OnboardingStatus, DeviceError> {
        self.post("/v1/onboarding/questionnaire", req).await
    }

    /// Text an OTP confirming a large money movement.
    pub async fn request_movement_otp(&self) -> Result<OtpSent, DeviceError> {
        self.post("/v1/confirmations/otp", &serde_json::json!({})).await
    }

    /// Points transfers after `cursor` (a page) and the server's balances.
    pub async fn points(&self, cursor: i64, limit: usize) -> Result<PointsDelta, DeviceError> {
        self.get(&format!("/v1/points?after={cursor}&limit={limit}")).await
    }

    /// Redeem points for a coupon (idempotent by its key).
    pub async fn redeem_points(&self, req: &RedeemPoints) -> Result<Coupon, DeviceError> {
        self.post("/v1/points/redeem", req).await
    }

    /// The coupon wallet.
    pub async fn coupons(&self) -> Result<CouponWallet, DeviceError> {
        self.get("/v1/coupons").await
    }

    /// The referral code and status.
    pub async fn referral(&self) -> Result<ReferralStatus, DeviceError> {
        self.get("/v1/referral").await
    }

    /// Bind to a referrer's code.
    pub async fn bind_referral(&self, req: &BindReferral) -> Result<ReferralStatus, DeviceError> {
        self.post("/v1/referral/bind", req).await
    }
}

/// The sandbox's admin API (clock, 万份收益, settings, investors): QA and scenario runs only.
#[derive(Clone)]
pub struct SandboxAdminClient {
    base: String,
    http: reqwest::Client,
}

impl SandboxAdminClient {
    /// A client for the sandbox at `base_url`.
    pub fn new(base_url: &str, ca_pem: Option<&str>) -> Result<SandboxAdminClient, DeviceError> {
        Ok(SandboxAdminClient { base: base_url.trim_end_matches('/').to_string(), http: http_client(ca_pem, &[])? })
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, DeviceError> {
        decode(self.http.post(format!("{}{}", self.base, path)).json(body).send().await).await
    }

    /// The sandbox clock now (`GET /admin/clock`; `batches` is empty).
    pub async fn clock(&self) -> Result<ClockMoved, DeviceError> {
        decode(self.http.get(format!("{}/admin/clock", self.base)).send().await).await
    }

    /// Create an onboarded investor; returns its id and session token.
    pub async fn create_investor(&self, req: &CreateInvestor) -> Result<InvestorCreated, DeviceError> {
        self.post("/admin/investors", req).await
    }

    /// The last OTP the sandbox sent to `phone` (tests and scenario runs only).
    pub async fn otp(&self, phone: &str) -> Result<SandboxOtp, DeviceError> {
        let phone: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        let phone = phone.replace('+', "%2B");
        decode(self.http.get(format!("{}/admin/otp?phone={phone}", self.base)).send().await).await
    }

    /// The last OTP the sandbox sent to the phone of account `account`.
    pub async fn otp_of_account(&self, account: &str) -> Result<SandboxOtp, DeviceError> {
        let account: String = account.chars().filter(|c| c.is_ascii_digit()).collect();
        decode(self.http.get(format!("{}/admin/otp?account={account}", self.base)).send().await).await
    }

    /// Move the clock forward to `now`, running the batches on the way.
    pub async fn set_clock(&self, now: BusinessTime) -> Result<ClockMoved, DeviceError> {
        self.post("/admin/clock", &SetClock { now }).await
    }

    /// Publish 万份收益 values.
    pub async fn publish_per_10k(&self, req: &PublishPer10k) -> Result<serde_json::Value, DeviceError> {
        self.post("/admin/per10k", req).await
    }

    /// The books' consistency facts (`GET /admin/audit`).
    pub async fn audit(&self) -> Result<serde_json::Value, DeviceError> {
        decode(self.http.get(format!("{}/admin/audit", self.base)).send().await).await
    }

    /// Record an investor's identity facts (anti self-referral).
    pub async fn set_identity(&self, req: &SetIdentity) -> Result<SetIdentity, DeviceError> {
        self.post("/admin/identity", req).await
    }

    /// Reverse an earning (fraud, failed order): clawback of what was spent.
    pub async fn reverse_earning(&self, req: &ReverseEarning) -> Result<PointsDelta, DeviceError> {
        self.post("/admin/points/reverse", req).await
    }

    /// Override product settings.
    pub async fn override_settings(&self, req: &OverrideSettings) -> Result<serde_json::Value, DeviceError> {
        self.post("/admin/settings", req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_url_needs_https_and_an_ascii_host() {
        assert!(ApiClient::new("https://127.0.0.1:8443", None, "t").is_ok());
        assert!(ApiClient::new("https://xn--fiq228c.example/", None, "t").is_ok());
        for bad in ["https://基金.example", "127.0.0.1:8443", "ftp://example.com", ""] {
            let err = ApiClient::new(bad, None, "t").err().unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(matches!(err, DeviceError::Config(_)), "{bad:?}: {err:?}");
        }
    }
}
