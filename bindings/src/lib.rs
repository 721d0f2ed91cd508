//! wealth-ffi: the uniffi surface of wealth-core for Swift, Kotlin and Python. Thin: every rule
//! and every figure comes from `wealth_core`; this crate only converts types and errors.

mod convert;
mod error;
mod home_cache;
pub mod home_reader;
mod logging;
mod observer;
mod offline;
mod onboarding;
mod points;
#[cfg(any(debug_assertions, feature = "testing"))]
mod testing;

use std::sync::Arc;

use wealth_core::api::{CreateInvestor, OverrideSettings, PublishPer10k};
use wealth_core::device::{Device, DeviceConfig, DeviceOptions, MovementAuth, SandboxAdminClient};
use wealth_core::income::DailyPer10k;
use wealth_core::order::OrderKind;

pub use convert::{
    HomeDisplay, HomeFigures, HomeViewModel, OrderDisplay, OrderView, StatementDisplay, StatementLine, StatementView,
    SyncResult, WithdrawalPlanView,
};
pub use error::WealthError;
pub use logging::{set_log_sink, LogLevel, LogRecord, LogSink};
pub use observer::{display_locale_for_tag, ChangeKind, DisplayLocale, WealthObserver};
pub use offline::{DraftView, PlatformSecretStore, SecretStoreError, SyncCancellation, SyncProgress, SyncStage};
pub use onboarding::{
    check_card, check_id_number, check_phone, check_pin, CardStepResult, FieldCheck, FieldError, GuideItemView,
    Onboarding, OnboardingViewModel, OtpSentView, QuestionView, QuestionnaireView,
};
pub use points::{
    CouponOfferView, CouponView, PointsDisplay, PointsHistoryView, PointsLotView, PointsTransferView, PointsViewModel,
    ReferralEntryView, ReferralStatusView,
};
#[cfg(any(debug_assertions, feature = "testing"))]
pub use testing::{debug_panic, debug_panic_async};

uniffi::setup_scaffolding!();

/// How to reach the server and where to keep the local store.
#[derive(Debug, Clone, uniffi::Record)]
pub struct WealthConfig {
    /// Base URL of the API, e.g. `https://127.0.0.1:8443`.
    pub server_url: String,
    /// PEM of a CA to trust instead of the public roots (sandbox and tests).
    pub ca_cert_pem: Option<String>,
    /// Folder for the local store.
    pub data_dir: String,
    /// Session token, from the platform's secret store.
    pub session_token: String,
}

/// Normal (T+1) or instant (T+0, within the daily quota) withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WithdrawalMode {
    /// Cash on the next confirmation day; no quota.
    Normal,
    /// Cash at once, within today's quota.
    Instant,
}

/// What the investor gave to confirm one money movement (held for that call only).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MovementConfirmation {
    /// The trading PIN.
    pub pin: String,
    /// The platform's biometric prompt succeeded (needed above 5,000.00 in a day).
    pub biometric: bool,
    /// The SMS OTP from `request_movement_otp` (needed above 50,000.00 in a day).
    pub sms_otp: Option<String>,
    /// The investor confirmed a `SUITABILITY_WARNING`.
    pub suitability_confirmed: bool,
}

impl From<MovementConfirmation> for MovementAuth {
    fn from(c: MovementConfirmation) -> Self {
        MovementAuth {
            pin: Some(c.pin),
            biometric: c.biometric,
            sms_otp: c.sms_otp,
            suitability_confirmed: c.suitability_confirmed,
        }
    }
}

/// The object an app holds for one signed-in investor.
#[derive(uniffi::Object)]
pub struct Wealth {
    device: Device,
    shell: observer::ShellState,
}

#[uniffi::export(async_runtime = "tokio")]
impl Wealth {
    /// Open the local store and prepare the client. No network.
    #[uniffi::constructor]
    pub fn open(config: WealthConfig) -> Result<Arc<Wealth>, WealthError> {
        error::guard(|| {
            let device = Device::open(&DeviceConfig {
                server_url: config.server_url,
                ca_cert_pem: config.ca_cert_pem,
                data_dir: config.data_dir.into(),
                session_token: config.session_token,
            })?;
            Ok(Arc::new(Wealth { device, shell: Default::default() }))
        })
    }

    /// Open with the platform's secret store (Keychain / Keystore) for the replica key and the
    /// session token, and this environment's pinned server keys (SHA-256 of the SPKI, hex: a
    /// primary and a backup; empty for the sandbox). An empty `session_token` in `config` uses
    /// the stored one.
    #[uniffi::constructor]
    pub fn open_with_secret_store(
        config: WealthConfig,
        secrets: Arc<dyn PlatformSecretStore>,
        spki_pins: Vec<String>,
    ) -> Result<Arc<Wealth>, WealthError> {
        error::guard(|| {
            let device = Device::open_with(
                &DeviceConfig {
                    server_url: config.server_url,
                    ca_cert_pem: config.ca_cert_pem,
                    data_dir: config.data_dir.into(),
                    session_token: config.session_token,
                },
                DeviceOptions {
                    secrets: Some(Arc::new(offline::ForeignSecrets(secrets))),
                    spki_pins,
                    ..DeviceOptions::default()
                },
            )?;
            Ok(Arc::new(Wealth { device, shell: Default::default() }))
        })
    }

    /// `sync`, telling `progress` each stage; `cancel` stops it with `CANCELLED`.
    pub async fn sync_with_progress(
        &self,
        progress: Arc<dyn SyncProgress>,
        cancel: Arc<SyncCancellation>,
    ) -> Result<SyncResult, WealthError> {
        let r = error::guard_async(async {
            let observer = offline::ForeignProgress(progress);
            Ok(self.device.sync_with(Some(&observer), &cancel.token).await?.into())
        })
        .await;
        self.shell.changed("sync", r)
    }

    /// Save a deposit as a draft (works offline; nothing is sent).
    pub fn draft_deposit(&self, amount: String) -> Result<DraftView, WealthError> {
        self.shell.changed("draft", error::guard(|| Ok(self.device.save_draft(OrderKind::Deposit, &amount)?.into())))
    }

    /// Save a withdrawal as a draft (works offline; nothing is sent).
    pub fn draft_withdrawal(&self, amount: String, mode: WithdrawalMode) -> Result<DraftView, WealthError> {
        let kind = match mode {
            WithdrawalMode::Normal => OrderKind::NormalWithdrawal,
            WithdrawalMode::Instant => OrderKind::InstantWithdrawal,
        };
        self.shell.changed("draft", error::guard(|| Ok(self.device.save_draft(kind, &amount)?.into())))
    }

    /// Drafts on this device, oldest first.
    pub fn drafts(&self) -> Result<Vec<DraftView>, WealthError> {
        error::guard(|| Ok(self.device.drafts()?.into_iter().map(Into::into).collect()))
    }

    /// Send a draft now (online only: `OFFLINE` otherwise, and the draft stays), confirmed again
    /// with the trading PIN and what the layered policy asks for (rules.md §7).
    pub async fn confirm_draft(
        &self,
        id: String,
        confirmation: MovementConfirmation,
    ) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async {
            Ok(convert::order_view(self.device.confirm_draft(&id, &confirmation.into()).await?, loc))
        })
        .await;
        self.shell.changed("confirm_draft", r)
    }

    /// Delete a draft (`UNKNOWN_DRAFT` if none).
    pub fn discard_draft(&self, id: String) -> Result<(), WealthError> {
        self.shell.changed("discard_draft", error::guard(|| Ok(self.device.discard_draft(&id)?)))
    }

    /// The home view model from the local store (works offline; see `as_of`). Repeated calls
    /// return a memo until something changes or the business minute ends (`home_cache`).
    pub fn home(&self) -> Result<HomeViewModel, WealthError> {
        error::guard(|| {
            let loc = self.shell.locale();
            if let Some(view) = self.shell.home.get(loc) {
                return Ok(view);
            }
            let taken = std::time::Instant::now();
            let home = self.device.home()?;
            let now = home.now;
            let view = convert::home_view_model(home, loc);
            self.shell.home.put(loc, now, taken, view.clone());
            Ok(view)
        })
    }

    /// Open a home reader: a number for `wealth_ffi_home_reader_read`, the plain C call that
    /// JNA shells use to read `home()` many times a second without JNA's per-call allocations
    /// (ADR 0011). The reader does not keep this `Wealth` open; close it with
    /// `close_home_reader`.
    pub fn open_home_reader(self: Arc<Self>) -> u64 {
        home_reader::open(&self)
    }

    /// Close a home reader (an unknown or closed id does nothing).
    pub fn close_home_reader(&self, id: u64) {
        home_reader::close(id)
    }

    /// The home screen's figures as decimal text ("10001.95"), from the local store: for QA
    /// scripts and tests; apps draw `home().display`.
    pub fn home_figures(&self) -> Result<HomeFigures, WealthError> {
        error::guard(|| Ok(self.device.home()?.into()))
    }

    /// Fetch what changed from the server. The observer hears `Account` when it succeeds.
    pub async fn sync(&self) -> Result<SyncResult, WealthError> {
        let r = error::guard_async(async { Ok(self.device.sync().await?.into()) }).await;
        self.shell.changed("sync", r)
    }

    /// Deposit (转入) an amount such as "100.00" from the bound card.
    pub async fn deposit(&self, amount: String) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async { Ok(convert::order_view(self.device.deposit(&amount).await?, loc)) }).await;
        self.shell.changed("deposit", r)
    }

    /// Withdraw an amount, normally (T+1) or instantly (T+0).
    pub async fn withdraw(&self, amount: String, mode: WithdrawalMode) -> Result<OrderView, WealthError> {
        let (loc, instant) = (self.shell.locale(), mode == WithdrawalMode::Instant);
        let r =
            error::guard_async(async { Ok(convert::order_view(self.device.withdraw(&amount, instant).await?, loc)) })
                .await;
        self.shell.changed("withdraw", r)
    }

    /// Deposit confirmed by the PIN and what the layered policy asks for (`CONFIRMATION_REQUIRED`
    /// says which level).
    pub async fn deposit_confirmed(
        &self,
        amount: String,
        confirmation: MovementConfirmation,
    ) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async {
            Ok(convert::order_view(self.device.deposit_with(&amount, &confirmation.into()).await?, loc))
        })
        .await;
        self.shell.changed("deposit", r)
    }

    /// Withdraw confirmed by the PIN and what the layered policy asks for.
    pub async fn withdraw_confirmed(
        &self,
        amount: String,
        mode: WithdrawalMode,
        confirmation: MovementConfirmation,
    ) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async {
            let instant = mode == WithdrawalMode::Instant;
            Ok(convert::order_view(self.device.withdraw_with(&amount, instant, &confirmation.into()).await?, loc))
        })
        .await;
        self.shell.changed("withdraw", r)
    }

    /// Text an SMS OTP confirming a large movement (level `pin_biometric_sms`).
    pub async fn request_movement_otp(&self) -> Result<OtpSentView, WealthError> {
        let loc = self.shell.locale();
        error::guard_async(async { Ok(OtpSentView::new(self.device.request_movement_otp().await?, loc)) }).await
    }

    /// How a withdrawal splits into instant (up to today's quota) and normal parts.
    pub fn withdrawal_plan(&self, amount: String) -> Result<WithdrawalPlanView, WealthError> {
        error::guard(|| Ok(self.device.withdrawal_plan(&amount)?.into()))
    }

    /// Cancel a pending order before its cut-off.
    pub async fn cancel(&self, order_id: String) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async { Ok(convert::order_view(self.device.cancel(&order_id).await?, loc)) }).await;
        self.shell.changed("cancel", r)
    }

    /// The monthly statement ("YYYY-MM").
    pub async fn statement(&self, month: String) -> Result<StatementView, WealthError> {
        let loc = self.shell.locale();
        error::guard_async(async { Ok(convert::statement_view(self.device.statement(&month).await?, loc)) }).await
    }

    /// Orders in the local store, oldest first.
    pub fn orders(&self) -> Result<Vec<OrderView>, WealthError> {
        let loc = self.shell.locale();
        error::guard(|| Ok(self.device.orders()?.into_iter().map(|o| convert::order_view(o, loc)).collect()))
    }

    /// Register the observer told after every change (`None` removes it). One per `Wealth`.
    pub fn set_observer(&self, observer: Option<Arc<dyn WealthObserver>>) {
        self.shell.set_observer(observer)
    }

    /// The language of every display string (default zh-CN). Tells the observer `Locale`.
    pub fn set_locale(&self, locale: DisplayLocale) {
        self.shell.set_locale(locale)
    }

    /// Treat the device as offline (true) or online (false).
    pub fn set_offline(&self, offline: bool) {
        self.device.set_offline(offline);
        // `live` depends on it: the next home() recomputes.
        self.shell.home.clear();
    }
}

/// A new sandbox investor's id and session token.
#[derive(Debug, Clone, uniffi::Record)]
pub struct InvestorSession {
    /// Account id.
    pub account_id: String,
    /// Session token for `WealthConfig`.
    pub token: String,
}

/// The sandbox's admin API: QA and tests only (clock, 万份收益, settings, investors).
#[derive(uniffi::Object)]
pub struct SandboxAdmin {
    client: SandboxAdminClient,
}

#[uniffi::export(async_runtime = "tokio")]
impl SandboxAdmin {
    /// A client of the sandbox at `server_url`.
    #[uniffi::constructor]
    pub fn new(server_url: String, ca_cert_pem: Option<String>) -> Result<Arc<SandboxAdmin>, WealthError> {
        error::guard(|| {
            Ok(Arc::new(SandboxAdmin { client: SandboxAdminClient::new(&server_url, ca_cert_pem.as_deref())? }))
        })
    }

    /// Create an already-onboarded investor (QA): trading PIN `135790`, risk level C3.
    pub async fn create_investor(&self, name: String, card_last4: String) -> Result<InvestorSession, WealthError> {
        error::guard_async(async {
            let r = self.client.create_investor(&CreateInvestor { name, card_last4, ..Default::default() }).await?;
            Ok(InvestorSession { account_id: r.account_id, token: r.token })
        })
        .await
    }

    /// The last OTP the sandbox sent to a phone (tests only).
    pub async fn otp(&self, phone: String) -> Result<String, WealthError> {
        error::guard_async(async { Ok(self.client.otp(&phone).await?.code) }).await
    }

    /// The last OTP the sandbox sent to an account's phone (tests only).
    pub async fn otp_of_account(&self, account_id: String) -> Result<String, WealthError> {
        error::guard_async(async { Ok(self.client.otp_of_account(&account_id).await?.code) }).await
    }

    /// Move the sandbox clock forward to an RFC 3339 time, running the 00:00 batches passed.
    /// Returns the new server time.
    pub async fn set_clock(&self, now: String) -> Result<String, WealthError> {
        error::guard_async(async {
            let t = convert::parse_time(&now)?;
            Ok(self.client.set_clock(t).await?.now.to_rfc3339())
        })
        .await
    }

    /// Publish the same 万份收益 for every natural day from `from_day` to `to_day` (YYYY-MM-DD).
    pub async fn publish_per_10k(&self, from_day: String, to_day: String, per_10k: String) -> Result<(), WealthError> {
        error::guard_async(async {
            let from = convert::parse_day(&from_day)?;
            let to = convert::parse_day(&to_day)?;
            let value = per_10k.parse().map_err(wealth_core::device::DeviceError::from)?;
            let days =
                wealth_core::calendar::days_between(from, to).map(|day| DailyPer10k { day, per_10k: value }).collect();
            self.client.publish_per_10k(&PublishPer10k { days }).await?;
            Ok(())
        })
        .await
    }

    /// Override one product setting (`min_first_deposit`, `instant_quota`, ...).
    pub async fn set_setting(&self, name: String, value: String) -> Result<(), WealthError> {
        error::guard_async(async {
            let mut req = OverrideSettings::default();
            req.settings.insert(name, value);
            self.client.override_settings(&req).await?;
            Ok(())
        })
        .await
    }
}
