//! The device side: what an app holds. It reads every figure from its local replica, sends
//! intents through an outbox with idempotency keys, and syncs from the server by cursor.
//! Business time is the server's: the device clock plus the offset measured at each sync.

pub mod client;
pub mod error;
pub mod history;
pub mod onboarding;
pub mod pinning;
mod points;
pub mod secrets;
pub mod store;
pub mod sync;

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::api::{MovementConfirmation, OrderRecord, OtpSent, PlaceOrder};
use crate::calendar::{to_shanghai, BusinessTime};
use crate::home::{account_figures, account_position, AccountFigures};
use crate::money::Money;
use crate::order::{withdrawal_plan, OrderKind, WithdrawalPlan};
use crate::statement::Statement;

pub use client::{ApiClient, SandboxAdminClient};
pub use error::DeviceError;
pub use secrets::{FileSecretStore, MemorySecretStore, SecretStore};
pub use store::{Draft, OutboxIntent, RedeemIntent, ReplicaStore};
pub use sync::{RetryPolicy, SyncCancel, SyncObserver, SyncStep};

/// Figures synced less than this long ago (and a device online) are shown as live.
pub const LIVE_FOR_SECS: i64 = 60;

/// What `Device::open_with` takes besides the config.
#[derive(Clone, Default)]
pub struct DeviceOptions {
    /// Where the replica key and the session token live (Keychain / Keystore through the
    /// bindings). `None`: a private file store in `data_dir/secrets` (desktop, console).
    pub secrets: Option<Arc<dyn SecretStore>>,
    /// Pinned SHA-256 hashes of the server's public key (hex, a primary and a backup) for this
    /// environment; empty: no pinning (sandbox, development).
    pub spki_pins: Vec<String>,
    /// Backoff of outbox resends.
    pub retry: RetryPolicy,
}
pub use points::{PointsHistoryPage, PointsView};

/// How to reach the server and where to keep the replica.
#[derive(Debug, Clone)]
pub struct DeviceConfig {
    /// Base URL of the API, e.g. `https://127.0.0.1:8443`.
    pub server_url: String,
    /// PEM of a CA to trust instead of the public roots (sandbox and tests).
    pub ca_cert_pem: Option<String>,
    /// Folder of the replica database (created if missing).
    pub data_dir: PathBuf,
    /// The session token. When not empty it is put in the secret store (never in SQLite); when
    /// empty, the one kept there is used.
    pub session_token: String,
}

/// The home screen: figures from the replica and how old they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    /// The figures.
    pub figures: AccountFigures,
    /// The server's time at the last successful sync (`None`: never synced).
    pub as_of: Option<BusinessTime>,
    /// Business time the figures were computed for.
    pub now: BusinessTime,
    /// Whether the figures may be shown as live: the device is online and synced less than
    /// `LIVE_FOR_SECS` ago. Otherwise the shell shows them as of `as_of`.
    #[serde(default)]
    pub live: bool,
    /// Points available: the sum of the replica's transfers.
    #[serde(default)]
    pub points: i64,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Orders received.
    pub orders: usize,
    /// Income lines received.
    pub income: usize,
    /// Outbox intents sent.
    pub intents_sent: usize,
    /// Set when the replica's figures disagree with the server's (reported, never fixed silently).
    pub mismatch: Option<String>,
    /// Points transfers received.
    pub points_transfers: usize,
    /// Set when the replica's points balance disagrees with the server's (reported, never fixed).
    pub points_mismatch: Option<String>,
    /// Whether the reference data came back unchanged (HTTP 304 on its ETag).
    pub reference_not_modified: bool,
}

/// What the investor gave to confirm one money movement. Held in memory for that one send and
/// never written anywhere (an intent resent later by `sync` carries no PIN, so the server
/// answers a first-time resend with `PIN_REQUIRED`; a repeat of an applied key returns the order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MovementAuth {
    /// The trading PIN.
    pub pin: Option<String>,
    /// The platform's biometric prompt succeeded.
    pub biometric: bool,
    /// The SMS OTP from `request_movement_otp`.
    pub sms_otp: Option<String>,
    /// The investor confirmed a suitability warning.
    pub suitability_confirmed: bool,
}

impl MovementAuth {
    /// Only the PIN.
    pub fn pin(pin: &str) -> MovementAuth {
        MovementAuth { pin: Some(pin.to_string()), ..Default::default() }
    }
}

/// The device side of one investor.
pub struct Device {
    store: Mutex<ReplicaStore>,
    api: ApiClient,
    offline: AtomicBool,
    retry: RetryPolicy,
}

impl Device {
    /// Open the replica in `config.data_dir` and prepare the client. No network.
    /// The secret store is a private file store in `data_dir/secrets` (desktop, console).
    pub fn open(config: &DeviceConfig) -> Result<Device, DeviceError> {
        Device::open_with(config, DeviceOptions::default())
    }

    /// Open with a platform secret store, pins and a retry policy. No network.
    pub fn open_with(config: &DeviceConfig, options: DeviceOptions) -> Result<Device, DeviceError> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| DeviceError::Config(format!("data folder {}: {e}", config.data_dir.display())))?;
        let secrets: Arc<dyn SecretStore> = match options.secrets {
            Some(s) => s,
            None => Arc::new(FileSecretStore::new(&config.data_dir.join("secrets"))?),
        };
        let token = if config.session_token.is_empty() {
            secrets::session_token(secrets.as_ref())?
                .ok_or_else(|| DeviceError::Config("no session on this device: sign in".into()))?
        } else {
            if secrets::session_token(secrets.as_ref())?.as_deref() != Some(config.session_token.as_str()) {
                secrets
                    .set(secrets::SESSION_TOKEN, config.session_token.as_bytes().to_vec())
                    .map_err(|e| DeviceError::Config(format!("the platform's secret store failed: {e}")))?;
            }
            config.session_token.clone()
        };
        let key = secrets::replica_key(secrets.as_ref())?;
        let store = ReplicaStore::open(&config.data_dir.join("replica.sqlite3"), &key)?;
        let api = ApiClient::new_pinned(&config.server_url, config.ca_cert_pem.as_deref(), &token, &options.spki_pins)?;
        Ok(Device { store: Mutex::new(store), api, offline: AtomicBool::new(false), retry: options.retry })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, ReplicaStore> {
        // A panic while holding the lock cannot leave a half-written row: every write is one
        // SQLite transaction. Recover the guard instead of propagating the poison.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Business time now: the device clock plus the server offset of the last sync.
    pub fn now(&self) -> Result<BusinessTime, DeviceError> {
        let offset = self.store().server_offset_ms()?;
        Ok(to_shanghai(Utc::now() + Duration::milliseconds(offset)))
    }

    /// Pretend the network is gone (or back): money movements then fail with `OFFLINE`.
    pub fn set_offline(&self, offline: bool) {
        self.offline.store(offline, Ordering::SeqCst);
    }

    /// Whether the device is treated as offline.
    pub fn is_offline(&self) -> bool {
        self.offline.load(Ordering::SeqCst)
    }

    /// The home view at `now`, from the replica only.
    pub fn home_at(&self, now: BusinessTime) -> Result<HomeView, DeviceError> {
        let (snap, points) = {
            let store = self.store();
            (store.snapshot()?, store.points_balance()?)
        };
        let figures = account_figures(&snap.orders, &snap.income, &snap.per_10k, &snap.settings, now);
        let live = !self.is_offline() && snap.as_of.is_some_and(|t| (now - t).num_seconds().abs() <= LIVE_FOR_SECS);
        Ok(HomeView { figures, as_of: snap.as_of, now, live, points })
    }

    /// The home view now, from the replica only (works offline).
    pub fn home(&self) -> Result<HomeView, DeviceError> {
        self.home_at(self.now()?)
    }

    /// Every order in the replica, oldest first.
    pub fn orders(&self) -> Result<Vec<OrderRecord>, DeviceError> {
        self.store().orders()
    }

    /// Split a withdrawal into instant (up to today's quota) and normal parts, from the replica.
    pub fn withdrawal_plan(&self, amount: &str) -> Result<WithdrawalPlan, DeviceError> {
        let amount = Money::parse_positive(amount)?;
        let now = self.now()?;
        let snap = self.store().snapshot()?;
        let pos = account_position(&snap.orders, &snap.income, now);
        Ok(withdrawal_plan(&snap.settings, &pos, amount)?)
    }

    /// Fetch reference data and the account delta; resend unanswered intents first.
    pub async fn sync(&self) -> Result<SyncReport, DeviceError> {
        self.sync_with(None, &SyncCancel::new()).await
    }

    /// `sync`, telling `observer` each step, stopping with `CANCELLED` when `cancel` fires.
    /// Intents waiting out their backoff are left for a later sync.
    pub async fn sync_with(
        &self,
        observer: Option<&dyn SyncObserver>,
        cancel: &SyncCancel,
    ) -> Result<SyncReport, DeviceError> {
        let tell = |step: SyncStep, done: u32| {
            if let Some(o) = observer {
                o.progress(step, done, 3);
            }
        };
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        tell(SyncStep::Outbox, 0);
        // Backoff is not a business rule: it runs on the device's own clock.
        let now = Utc::now().fixed_offset();
        let intents = self.store().pending_intents()?;
        let mut intents_sent = self.resend_redeems().await?;
        for intent in intents.iter().filter(|i| i.next_attempt_at.is_none_or(|t| t <= now)) {
            // A rule refusal is final and already recorded; anything else stops the sync.
            match cancellable(cancel, self.send_intent(intent)).await? {
                Ok(_) | Err(DeviceError::Api { .. }) => intents_sent += 1,
                Err(e) => return Err(e),
            }
        }
        // Reference data (by ETag) and the account delta (by cursor) are independent: both are
        // asked at once, so an empty sync costs one round trip of latency.
        tell(SyncStep::Reference, 1);
        let last_day = self.store().last_per_10k_day()?;
        let etag = self.store().reference_etag()?;
        let cursor = self.store().cursor()?;
        let (fetched, delta) = cancellable(cancel, async {
            tokio::join!(
                self.api.reference_if_changed(last_day.map(|d| d - Duration::days(8)), etag.as_deref()),
                self.api.account(cursor)
            )
        })
        .await?;
        let fetched = fetched?;
        let reference_not_modified = fetched.is_none();
        if let Some((reference, tag)) = fetched {
            self.store().apply_reference(&reference, tag.as_deref())?;
        }
        tell(SyncStep::Account, 2);
        let delta = delta?;
        let offset = (delta.server_time.with_timezone(&Utc) - Utc::now()).num_milliseconds();
        self.store().apply_delta(&delta, offset)?;
        tell(SyncStep::Done, 3);
        let home = self.home_at(delta.server_time)?;
        let f = &home.figures;
        let s = &delta.summary;
        let mismatch =
            (f.units != s.units || f.total_income != s.total_income || f.cash_out != s.cash_out).then(|| {
                format!(
                    "replica shows units {} income {} cash out {}; server says {} {} {}",
                    f.units, f.total_income, f.cash_out, s.units, s.total_income, s.cash_out
                )
            });
        let (points_transfers, points_mismatch) = self.sync_points().await?;
        Ok(SyncReport {
            orders: delta.orders.len(),
            income: delta.income.len(),
            intents_sent,
            mismatch,
            reference_not_modified,
            points_transfers,
            points_mismatch,
        })
    }

    /// Intents written but not yet answered by the server, oldest first.
    pub fn pending_intents(&self) -> Result<Vec<OutboxIntent>, DeviceError> {
        self.store().pending_intents()
    }

    /// Codes of refusals the investor can answer by confirming again (PIN, a further prompt, a
    /// suitability warning): the movement is kept as a draft rather than dropped.
    const RECONFIRMABLE: [&'static str; 5] =
        ["PIN_REQUIRED", "PIN_WRONG", "PIN_LOCKED", "CONFIRMATION_REQUIRED", "SUITABILITY_WARNING"];

    /// Resend an unanswered intent (sync). It carries no PIN (the PIN is never stored): if the
    /// first send never reached the server, the server asks for the PIN and the intent becomes
    /// a draft the investor confirms again (rules.md §7); if it did, the key returns the order.
    async fn send_intent(&self, intent: &OutboxIntent) -> Result<OrderRecord, DeviceError> {
        let req = PlaceOrder {
            idempotency_key: intent.idempotency_key.clone(),
            kind: intent.kind,
            amount: intent.amount.clone(),
            pin: None,
            confirmation: MovementConfirmation::default(),
            coupon: intent.coupon.clone(),
        };
        match self.api.place_order(&req).await {
            Err(e) if Self::RECONFIRMABLE.contains(&e.code().as_str()) => {
                self.store().intent_to_draft(&intent.idempotency_key)?;
                Err(e)
            }
            other => self.settle_intent(intent, other),
        }
    }

    async fn send_intent_with(&self, intent: &OutboxIntent, auth: &MovementAuth) -> Result<OrderRecord, DeviceError> {
        let req = PlaceOrder {
            idempotency_key: intent.idempotency_key.clone(),
            kind: intent.kind,
            amount: intent.amount.clone(),
            coupon: intent.coupon.clone(),
            pin: auth.pin.clone(),
            confirmation: MovementConfirmation {
                biometric: auth.biometric,
                sms_otp: auth.sms_otp.clone(),
                suitability_confirmed: auth.suitability_confirmed,
            },
        };
        let result = self.api.place_order(&req).await;
        self.settle_intent(intent, result)
    }

    /// Record the server's answer to an intent.
    fn settle_intent(
        &self,
        intent: &OutboxIntent,
        result: Result<OrderRecord, DeviceError>,
    ) -> Result<OrderRecord, DeviceError> {
        match result {
            Ok(order) => {
                self.store().complete_intent(&intent.idempotency_key, Some(&order))?;
                Ok(order)
            }
            Err(e @ DeviceError::Api { status, .. }) if is_final_refusal(status) => {
                // Refused by a rule: final, nothing to retry.
                self.store().complete_intent(&intent.idempotency_key, None)?;
                Err(e)
            }
            Err(e) => {
                // Unknown outcome: keep the intent; the next send reuses its key, after a backoff.
                let next = Utc::now().fixed_offset() + self.retry.delay(intent.attempts + 1);
                self.store().intent_attempted(&intent.idempotency_key, next)?;
                Err(e)
            }
        }
    }

    async fn place(
        &self,
        kind: OrderKind,
        amount: &str,
        auth: &MovementAuth,
        coupon: Option<&str>,
    ) -> Result<OrderRecord, DeviceError> {
        let amount = Money::parse_positive(amount)?;
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let intent = OutboxIntent {
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            kind,
            amount: amount.to_string(),
            created_at: self.now()?,
            attempts: 0,
            next_attempt_at: None,
            coupon: coupon.map(str::to_string),
        };
        self.store().add_intent(&intent)?;
        self.send_intent_with(&intent, auth).await
    }

    /// Save a money movement as a draft (works offline). Nothing is sent: the investor confirms
    /// it again online with `confirm_draft`.
    pub fn save_draft(&self, kind: OrderKind, amount: &str) -> Result<Draft, DeviceError> {
        let amount = Money::parse_positive(amount)?;
        let draft =
            Draft { id: uuid::Uuid::new_v4().to_string(), kind, amount: amount.to_string(), created_at: self.now()? };
        self.store().add_draft(&draft)?;
        Ok(draft)
    }

    /// Drafts on this device, oldest first.
    pub fn drafts(&self) -> Result<Vec<Draft>, DeviceError> {
        self.store().drafts()
    }

    /// Delete a draft (`UNKNOWN_DRAFT` if there is none with this id).
    pub fn discard_draft(&self, id: &str) -> Result<(), DeviceError> {
        if self.store().discard_draft(id)? {
            Ok(())
        } else {
            Err(DeviceError::UnknownDraft(id.chars().take(64).collect()))
        }
    }

    /// Send a draft now: online only (`OFFLINE` otherwise, and the draft stays). The draft
    /// becomes an outbox intent with a fresh idempotency key in one transaction, then is sent
    /// like any intent.
    ///
    /// The investor confirms it again with `auth` (the trading PIN and what the layered policy
    /// asks for, rules.md §7); the server checks the PIN.
    pub async fn confirm_draft(&self, id: &str, auth: &MovementAuth) -> Result<OrderRecord, DeviceError> {
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let draft = self
            .drafts()?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| DeviceError::UnknownDraft(id.chars().take(64).collect()))?;
        // The draft's id is its idempotency key: a draft made from an unanswered intent keeps
        // that intent's key, so if the first send did reach the server after all, the server
        // answers with that order instead of placing a second one.
        let now = self.now()?;
        let intent = self
            .store()
            .draft_to_intent(id, id, now)?
            .ok_or_else(|| DeviceError::UnknownDraft(id.chars().take(64).collect()))?;
        let result = self.send_intent_with(&intent, auth).await;
        if let Err(e) = &result {
            // A confirmation the investor can redo (wrong or missing PIN, a further prompt, a
            // suitability warning) keeps the draft, so nothing typed is lost.
            if Self::RECONFIRMABLE.contains(&e.code().as_str()) {
                let mut store = self.store();
                if store.intent_to_draft(id)?.is_none() {
                    store.add_draft(&draft)?;
                }
            }
        }
        result
    }

    /// Deposit (转入) `amount` from the bound card, without confirmation: the server asks for
    /// the PIN (`PIN_REQUIRED`); use `deposit_with`.
    pub async fn deposit(&self, amount: &str) -> Result<OrderRecord, DeviceError> {
        self.deposit_with(amount, &MovementAuth::default()).await
    }

    /// Deposit `amount` with a coupon from the wallet, confirmed by `auth`: the coupon is
    /// reserved with the order, paid as cash when it is confirmed, released if it is cancelled.
    pub async fn deposit_with_coupon(
        &self,
        amount: &str,
        coupon_id: &str,
        auth: &MovementAuth,
    ) -> Result<OrderRecord, DeviceError> {
        let id = coupon_id.trim();
        if id.is_empty() || id.chars().count() > 64 {
            return Err(crate::points::PointsError::CouponNotApplicable {
                reason: "no such coupon in this wallet".into(),
            }
            .into());
        }
        self.place(OrderKind::Deposit, amount, auth, Some(id)).await
    }

    /// Deposit `amount` confirmed by `auth` (PIN, and what the layered policy asks for).
    pub async fn deposit_with(&self, amount: &str, auth: &MovementAuth) -> Result<OrderRecord, DeviceError> {
        self.place(OrderKind::Deposit, amount, auth, None).await
    }

    /// Withdraw `amount` without confirmation (the server asks for the PIN; use `withdraw_with`).
    pub async fn withdraw(&self, amount: &str, instant: bool) -> Result<OrderRecord, DeviceError> {
        self.withdraw_with(amount, instant, &MovementAuth::default()).await
    }

    /// Withdraw `amount` instantly (T+0, within today's quota) or normally (T+1), confirmed by `auth`.
    pub async fn withdraw_with(
        &self,
        amount: &str,
        instant: bool,
        auth: &MovementAuth,
    ) -> Result<OrderRecord, DeviceError> {
        let kind = if instant { OrderKind::InstantWithdrawal } else { OrderKind::NormalWithdrawal };
        self.place(kind, amount, auth, None).await
    }

    /// Ask the server to text an OTP confirming a large movement (`CONFIRMATION_REQUIRED` with
    /// level `pin_biometric_sms`).
    pub async fn request_movement_otp(&self) -> Result<OtpSent, DeviceError> {
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        self.api.request_movement_otp().await
    }

    /// Cancel a pending order before its cut-off.
    pub async fn cancel(&self, order_id: &str) -> Result<OrderRecord, DeviceError> {
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let order = self.api.cancel(order_id).await?;
        self.store().put_order(&order)?;
        Ok(order)
    }

    /// The statement of a month ("YYYY-MM"), from the server.
    pub async fn statement(&self, month: &str) -> Result<Statement, DeviceError> {
        crate::statement::month_bounds(month)?;
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        self.api.statement(month).await
    }
}

/// A 4xx that a rule decided (final). 401/403 (session), 408 and 429 leave the outcome open.
fn is_final_refusal(status: u16) -> bool {
    (400..500).contains(&status) && !matches!(status, 401 | 403 | 408 | 429)
}

/// Run `fut` unless `cancel` fires first.
async fn cancellable<T>(cancel: &SyncCancel, fut: impl std::future::Future<Output = T>) -> Result<T, DeviceError> {
    if cancel.is_cancelled() {
        return Err(DeviceError::Cancelled);
    }
    tokio::select! {
        r = fut => Ok(r),
        _ = cancel.cancelled() => Err(DeviceError::Cancelled),
    }
}
