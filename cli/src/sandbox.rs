//! An embedded sandbox: the reference server on 127.0.0.1 over TLS with a generated CA, its
//! admin client, and devices that talk to it over real HTTPS exactly as an app would.

use chrono::NaiveDate;
use std::net::SocketAddr;
use tempfile::TempDir;

use wealth_core::api::{CreateInvestor, OrderRecord, OverrideSettings, PublishPer10k};
use wealth_core::calendar::{days_between, BusinessTime};
use wealth_core::device::{Device, DeviceConfig, DeviceError, MovementAuth, SandboxAdminClient};
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

    /// Onboard a new investor through the normal flow (phone, OTP read from the sandbox, ID,
    /// card, PIN, questionnaire with the default answers: C3) and open its device.
    pub async fn investor(&self, name: &str) -> Result<Investor, DeviceError> {
        self.onboard(&mut crate::onboard::Inputs {
            phone: Some("13800138000".into()),
            name: Some(name.into()),
            id_number: Some("11010519491231002X".into()),
            card: Some("6240008631401148".into()),
            pin: Some(SCENARIO_PIN.into()),
            answers: Some(DEFAULT_ANSWERS.to_vec()),
        })
        .await
    }

    /// Onboard with these inputs through `OnboardingFlow` and open the investor's device.
    pub async fn onboard(&self, inputs: &mut crate::onboard::Inputs) -> Result<Investor, DeviceError> {
        let phone = inputs.phone.clone().unwrap_or_default();
        let data_dir = self.dir.path().join(phone.chars().filter(char::is_ascii_digit).collect::<String>());
        let flow = crate::onboard::open_flow(&self.server.url, self.server.ca_cert_pem.as_deref(), &data_dir)?;
        let outcome = crate::onboard::walk(&flow, &self.admin, inputs, false, |_, _| {}).await?;
        let token = flow.session_token().ok_or_else(|| DeviceError::Config("no session after onboarding".into()))?;
        let device = Device::open(&DeviceConfig {
            server_url: self.server.url.clone(),
            ca_cert_pem: self.server.ca_cert_pem.clone(),
            data_dir,
            session_token: token,
        })?;
        Ok(Investor {
            device,
            admin: self.admin.clone(),
            account_id: outcome.view.account_id.unwrap_or_default(),
            pin: inputs.pin.clone().unwrap_or_default(),
        })
    }

    /// The server's CA certificate (PEM).
    pub fn ca_pem(&self) -> Option<&str> {
        self.server.ca_cert_pem.as_deref()
    }

    /// Give an account the identity facts of `person` (salted hashes of ID, phone, card): two
    /// accounts of the same person are caught as self-referral.
    pub async fn set_person(&self, account_id: &str, person: &str) -> Result<(), DeviceError> {
        let identity = IdentityFacts {
            id_number: Some(format!("id:{person}")),
            phone: Some(format!("phone:{person}")),
            card: Some(format!("card:{person}")),
            devices: Vec::new(),
        };
        self.admin.set_identity(&SetIdentity { account_id: account_id.to_string(), identity }).await.map(|_| ())
    }

    /// Create an investor (onboarded by the admin API, with the scenario PIN) whose identity
    /// facts (salted hashes of ID, phone, card) are those of `person`: two investors of the same
    /// person are caught as self-referral.
    pub async fn investor_as(&self, name: &str, person: &str) -> Result<Investor, DeviceError> {
        let created = self
            .admin
            .create_investor(&CreateInvestor {
                name: name.into(),
                card_last4: "0042".into(),
                pin: Some(SCENARIO_PIN.into()),
                ..Default::default()
            })
            .await?;
        self.set_person(&created.account_id, person).await?;
        let device = Device::open(&DeviceConfig {
            server_url: self.server.url.clone(),
            ca_cert_pem: self.server.ca_cert_pem.clone(),
            data_dir: self.dir.path().join(&created.account_id),
            session_token: created.token,
        })?;
        Ok(Investor { device, admin: self.admin.clone(), account_id: created.account_id, pin: SCENARIO_PIN.into() })
    }

    /// Stop the server.
    pub async fn stop(self) {
        self.server.shutdown().await;
    }
}

/// The PIN scenario investors set.
pub const SCENARIO_PIN: &str = "135790";
/// The questionnaire answers scenario investors give (`questionnaire.json`
/// `scenario_default_answers`: C3).
pub const DEFAULT_ANSWERS: [usize; 10] = [1, 1, 2, 1, 2, 1, 1, 1, 2, 1];

/// An onboarded investor's device, confirming money movements as the app would: the PIN, the
/// platform's biometric prompt (accepted, as a person would), and above 50,000.00 in a day the
/// SMS OTP, read from the sandbox.
pub struct Investor {
    /// The device.
    pub device: Device,
    admin: SandboxAdminClient,
    /// Account id.
    pub account_id: String,
    /// The trading PIN (kept by the console only for the run).
    pub pin: String,
}

impl std::ops::Deref for Investor {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

impl Investor {
    async fn confirmed<'a, F, Fut>(&'a self, send: F) -> Result<OrderRecord, DeviceError>
    where
        F: Fn(MovementAuth) -> Fut,
        Fut: std::future::Future<Output = Result<OrderRecord, DeviceError>> + 'a,
    {
        let mut auth = MovementAuth { pin: Some(self.pin.clone()), biometric: true, ..Default::default() };
        match send(auth.clone()).await {
            Err(e)
                if e.code() == "CONFIRMATION_REQUIRED"
                    && e.api_error().and_then(|a| a.details.level.as_deref()) == Some("pin_biometric_sms") =>
            {
                self.device.request_movement_otp().await?;
                auth.sms_otp = Some(self.admin.otp_of_account(&self.account_id).await?.code);
                send(auth).await
            }
            other => other,
        }
    }

    /// Deposit with the PIN and what the policy asks for.
    pub async fn deposit(&self, amount: &str) -> Result<OrderRecord, DeviceError> {
        self.confirmed(|auth| async move { self.device.deposit_with(amount, &auth).await }).await
    }

    /// Deposit with a coupon from the wallet, with the PIN and what the policy asks for.
    pub async fn deposit_with_coupon(&self, amount: &str, coupon: &str) -> Result<OrderRecord, DeviceError> {
        self.confirmed(|auth| async move { self.device.deposit_with_coupon(amount, coupon, &auth).await }).await
    }

    /// Withdraw with the PIN and what the policy asks for.
    pub async fn withdraw(&self, amount: &str, instant: bool) -> Result<OrderRecord, DeviceError> {
        self.confirmed(|auth| async move { self.device.withdraw_with(amount, instant, &auth).await }).await
    }
}
