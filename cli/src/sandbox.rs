//! An embedded sandbox: the reference server on 127.0.0.1 over TLS with a generated CA, its
//! admin client, and devices that talk to it over real HTTPS exactly as an app would.

use chrono::NaiveDate;
use std::net::SocketAddr;
use tempfile::TempDir;

use wealth_core::api::{CreateInvestor, OverrideSettings, PublishPer10k};
use wealth_core::calendar::{days_between, BusinessTime};
use wealth_core::device::{Device, DeviceConfig, DeviceError, SandboxAdminClient};
use wealth_core::income::DailyPer10k;
use wealth_core::points::api::SetIdentity;
use wealth_core::points::IdentityFacts;
use wealth_core::Per10k;
use wealth_server::{RunningServer, ServerConfig, TlsMode};

/// A running sandbox and the folder its devices keep their stores in.
pub struct Sandbox {
    server: RunningServer,
    /// The admin API client.
    pub admin: SandboxAdminClient,
    dir: TempDir,
}

impl Sandbox {
    /// Start a fresh sandbox whose clock starts at `start`.
    pub async fn start(start: BusinessTime) -> Result<Sandbox, String> {
        let listen: SocketAddr = "127.0.0.1:0".parse().expect("literal address");
        let server = wealth_server::start(ServerConfig {
            sandbox: true,
            db_path: None,
            listen,
            tls: TlsMode::Generated,
            start_time: Some(start),
        })
        .await
        .map_err(|e| format!("cannot start the embedded server: {e}"))?;
        let admin = SandboxAdminClient::new(&server.url, server.ca_cert_pem.as_deref()).map_err(|e| e.to_string())?;
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        Ok(Sandbox { server, admin, dir })
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.server.url
    }

    /// Publish `value_for(day)` for every natural day from `from` to `to`.
    pub async fn publish(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        value_for: impl Fn(NaiveDate) -> Per10k,
    ) -> Result<(), DeviceError> {
        let days: Vec<DailyPer10k> =
            days_between(from, to).map(|day| DailyPer10k { day, per_10k: value_for(day) }).collect();
        self.admin.publish_per_10k(&PublishPer10k { days }).await.map(|_| ())
    }

    /// Override product settings by domain name.
    pub async fn settings(&self, settings: &std::collections::BTreeMap<String, String>) -> Result<(), DeviceError> {
        if settings.is_empty() {
            return Ok(());
        }
        self.admin.override_settings(&OverrideSettings { settings: settings.clone() }).await.map(|_| ())
    }

    /// Create an investor (through the admin API until onboarding lands) and open its device.
    pub async fn investor(&self, name: &str) -> Result<Device, DeviceError> {
        let created =
            self.admin.create_investor(&CreateInvestor { name: name.into(), card_last4: "0042".into() }).await?;
        Device::open(&DeviceConfig {
            server_url: self.server.url.clone(),
            ca_cert_pem: self.server.ca_cert_pem.clone(),
            data_dir: self.dir.path().join(&created.account_id),
            session_token: created.token,
        })
    }

    /// Create an investor whose identity facts (salted hashes of ID, phone, card) are those of
    /// `person`: two investors of the same person are caught as self-referral.
    pub async fn investor_as(&self, name: &str, person: &str) -> Result<Device, DeviceError> {
        let created =
            self.admin.create_investor(&CreateInvestor { name: name.into(), card_last4: "0042".into() }).await?;
        let identity = IdentityFacts {
            id_number: Some(format!("id:{person}")),
            phone: Some(format!("phone:{person}")),
            card: Some(format!("card:{person}")),
            devices: Vec::new(),
        };
        self.admin.set_identity(&SetIdentity { account_id: created.account_id.clone(), identity }).await?;
        Device::open(&DeviceConfig {
            server_url: self.server.url.clone(),
            ca_cert_pem: self.server.ca_cert_pem.clone(),
            data_dir: self.dir.path().join(&created.account_id),
            session_token: created.token,
        })
    }

    /// Stop the server.
    pub async fn stop(self) {
        self.server.shutdown().await;
    }
}
