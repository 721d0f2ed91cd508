//! The HTTP client of the fund company's API (reqwest over rustls), and the sandbox admin client.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

use crate::api::{
    AccountDelta, ApiError, ClockMoved, CreateInvestor, InvestorCreated, OrderRecord, OverrideSettings, PlaceOrder,
    PublishPer10k, ReferenceData, SetClock,
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
    let cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DeviceError::Config(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(cfg)
}

fn http_client(ca_pem: Option<&str>) -> Result<reqwest::Client, DeviceError> {
    reqwest::Client::builder()
        .use_preconfigured_tls(tls_config(ca_pem)?)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| DeviceError::Config(format!("HTTP client: {e}")))
}

async fn decode<T: DeserializeOwned>(resp: Result<reqwest::Response, reqwest::Error>) -> Result<T, DeviceError> {
    let resp = resp.map_err(|e| DeviceError::Network(e.without_url().to_string()))?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| DeviceError::Network(e.without_url().to_string()))?;
    if status.is_success() {
        serde_json::from_slice(&body).map_err(|e| DeviceError::Protocol(format!("unexpected response: {e}")))
    } else {
        match serde_json::from_slice::<ApiError>(&body) {
            Ok(error) => Err(DeviceError::Api { status: status.as_u16(), error: Box::new(error) }),
            Err(_) => Err(DeviceError::Protocol(format!("HTTP {status} without an error body"))),
        }
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
        Ok(ApiClient {
            base: base_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http: http_client(ca_pem)?,
        })
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
        Ok(SandboxAdminClient { base: base_url.trim_end_matches('/').to_string(), http: http_client(ca_pem)? })
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, DeviceError> {
        decode(self.http.post(format!("{}{}", self.base, path)).json(body).send().await).await
    }

    /// Create an onboarded investor; returns its id and session token.
    pub async fn create_investor(&self, req: &CreateInvestor) -> Result<InvestorCreated, DeviceError> {
        self.post("/admin/investors", req).await
    }

    /// Move the clock forward to `now`, running the batches on the way.
    pub async fn set_clock(&self, now: BusinessTime) -> Result<ClockMoved, DeviceError> {
        self.post("/admin/clock", &SetClock { now }).await
    }

    /// Publish 万份收益 values.
    pub async fn publish_per_10k(&self, req: &PublishPer10k) -> Result<serde_json::Value, DeviceError> {
        self.post("/admin/per10k", req).await
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
