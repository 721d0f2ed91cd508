//! A sandbox server over real HTTPS on 127.0.0.1 and a client trusting its generated CA.
#![allow(dead_code)]

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use serde_json::{json, Value};
use wealth_core::calendar::BusinessTime;
use wealth_server::{RunningServer, ServerConfig, TlsMode};

pub struct Sandbox {
    pub server: RunningServer,
    pub client: reqwest::Client,
}

pub fn time(s: &str) -> BusinessTime {
    chrono::DateTime::parse_from_rfc3339(s).expect("RFC 3339 time")
}

/// A reqwest client (rustls, ring) trusting only `ca_pem`.
pub fn client_trusting(ca_pem: &str) -> reqwest::Client {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.expect("CA PEM")).expect("CA certificate");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    reqwest::Client::builder().tls_backend_preconfigured(config).build().expect("client")
}

impl Sandbox {
    /// A fresh in-memory sandbox with the clock at `start`.
    pub async fn start(start: &str) -> Sandbox {
        Sandbox::with(ServerConfig { start_time: Some(time(start)), ..ServerConfig::sandbox_default() }).await
    }

    pub async fn with(config: ServerConfig) -> Sandbox {
        assert_eq!(config.tls, TlsMode::Generated);
        let server = wealth_server::start(config).await.expect("server starts");
        assert!(server.url.starts_with("https://127.0.0.1:"), "{}", server.url);
        let client = client_trusting(server.ca_cert_pem.as_deref().expect("generated CA"));
        Sandbox { server, client }
    }

    /// Any request; the body is sent as raw bytes when given. Returns status and JSON body.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{}", self.server.url, path));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b.to_string());
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status} {path}: body is not JSON: {text:?}"));
        (status, value)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.raw(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
        self.raw(Method::POST, path, token, Some(&body.to_string())).await
    }

    /// Must succeed.
    pub async fn ok(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let (status, value) = self.raw(method, path, token, body.as_deref()).await;
        assert_eq!(status, StatusCode::OK, "{path}: {value}");
        value
    }

    /// Create an investor; returns (account id, token).
    pub async fn investor(&self, card_last4: &str) -> (String, String) {
        let v = self
            .ok(
                Method::POST,
                "/admin/investors",
                None,
                Some(json!({"name": "Test Investor", "card_last4": card_last4})),
            )
            .await;
        (v["account_id"].as_str().unwrap().to_string(), v["token"].as_str().unwrap().to_string())
    }

    /// Publish one value for every day from `from` to `to`.
    pub async fn per10k(&self, from: &str, to: &str, value: &str) {
        let from: chrono::NaiveDate = from.parse().unwrap();
        let to: chrono::NaiveDate = to.parse().unwrap();
        let days: Vec<Value> = wealth_core::calendar::days_between(from, to)
            .map(|d| json!({"day": d.to_string(), "per_10k": value}))
            .collect();
        self.ok(Method::POST, "/admin/per10k", None, Some(json!({ "days": days }))).await;
    }

    /// Move the clock; returns the days whose batch ran.
    pub async fn clock(&self, to: &str) -> Vec<String> {
        let v = self.ok(Method::POST, "/admin/clock", None, Some(json!({ "now": to }))).await;
        v["batches"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_string()).collect()
    }

    /// Place an order; returns (status, body).
    /// Place an order with the default sandbox PIN and biometric confirmation; when the day's
    /// total needs an SMS OTP, ask for one, read it from the sandbox and send it.
    pub async fn order(&self, token: &str, key: &str, kind: &str, amount: &str) -> (StatusCode, Value) {
        let mut body = json!({"idempotency_key": key, "kind": kind, "amount": amount,
            "pin": wealth_core::api::DEFAULT_SANDBOX_PIN, "confirmation": {"biometric": true}});
        let (status, value) = self.post("/v1/orders", Some(token), &body).await;
        if value["code"] != "CONFIRMATION_REQUIRED" || value["details"]["level"] != "pin_biometric_sms" {
            return (status, value);
        }
        let (s, sent) = self.post("/v1/confirmations/otp", Some(token), &json!({})).await;
        assert_eq!(s, StatusCode::OK, "{sent}");
        let me = self.ok(Method::GET, "/v1/onboarding", Some(token), None).await;
        let account = me["account_id"].as_str().unwrap().to_string();
        let otp = self.ok(Method::GET, &format!("/admin/otp?account={account}"), None, None).await;
        body["confirmation"]["sms_otp"] = otp["code"].clone();
        self.post("/v1/orders", Some(token), &body).await
    }

    pub async fn account(&self, token: &str, after: i64) -> Value {
        self.ok(Method::GET, &format!("/v1/account?after={after}"), Some(token), None).await
    }
}
