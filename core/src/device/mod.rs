//! The device side: what an app holds. It reads every figure from its local replica, sends
//! intents through an outbox with idempotency keys, and syncs from the server by cursor.
//! Business time is the server's: the device clock plus the offset measured at each sync.

pub mod client;
pub mod error;
mod points;
pub mod store;

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::api::{OrderRecord, PlaceOrder};
use crate::calendar::{to_shanghai, BusinessTime};
use crate::home::{account_figures, account_position, AccountFigures};
use crate::money::Money;
use crate::order::{withdrawal_plan, OrderKind, WithdrawalPlan};
use crate::statement::Statement;

pub use client::{ApiClient, SandboxAdminClient};
pub use error::DeviceError;
pub use points::{PointsHistoryPage, PointsView};
pub use store::{OutboxIntent, RedeemIntent, ReplicaStore};

/// How to reach the server and where to keep the replica.
#[derive(Debug, Clone)]
pub struct DeviceConfig {
    /// Base URL of the API, e.g. `https://127.0.0.1:8443`.
    pub server_url: String,
    /// PEM of a CA to trust instead of the public roots (sandbox and tests).
    pub ca_cert_pem: Option<String>,
    /// Folder of the replica database (created if missing).
    pub data_dir: PathBuf,
    /// The session token (from the platform's secret store; never written to SQLite).
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
}

/// The device side of one investor.
pub struct Device {
    store: Mutex<ReplicaStore>,
    api: ApiClient,
    offline: AtomicBool,
}

impl Device {
    /// Open the replica in `config.data_dir` and prepare the client. No network.
    pub fn open(config: &DeviceConfig) -> Result<Device, DeviceError> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| DeviceError::Config(format!("data folder {}: {e}", config.data_dir.display())))?;
        let store = ReplicaStore::open(&config.data_dir.join("replica.sqlite3"))?;
        let api = ApiClient::new(&config.server_url, config.ca_cert_pem.as_deref(), &config.session_token)?;
        Ok(Device { store: Mutex::new(store), api, offline: AtomicBool::new(false) })
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
        Ok(HomeView { figures, as_of: snap.as_of, now, points })
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
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let intents = self.store().pending_intents()?;
        let mut intents_sent = self.resend_redeems().await?;
        for intent in &intents {
            // A rule refusal is final and already recorded; anything else stops the sync.
            match self.send_intent(intent).await {
                Ok(_) | Err(DeviceError::Api { .. }) => intents_sent += 1,
                Err(e) => return Err(e),
            }
        }
        let last_day = self.store().last_per_10k_day()?;
        let reference = self.api.reference(last_day.map(|d| d - Duration::days(8))).await?;
        self.store().apply_reference(&reference)?;
        let cursor = self.store().cursor()?;
        let delta = self.api.account(cursor).await?;
        let offset = (delta.server_time.with_timezone(&Utc) - Utc::now()).num_milliseconds();
        self.store().apply_delta(&delta, offset)?;
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
            points_transfers,
            points_mismatch,
        })
    }

    async fn send_intent(&self, intent: &OutboxIntent) -> Result<OrderRecord, DeviceError> {
        let req = PlaceOrder {
            idempotency_key: intent.idempotency_key.clone(),
            kind: intent.kind,
            amount: intent.amount.clone(),
            coupon: intent.coupon.clone(),
        };
        match self.api.place_order(&req).await {
            Ok(order) => {
                self.store().complete_intent(&intent.idempotency_key, Some(&order))?;
                Ok(order)
            }
            Err(e @ DeviceError::Api { status, .. }) if status < 500 => {
                // Refused by a rule: final, nothing to retry.
                self.store().complete_intent(&intent.idempotency_key, None)?;
                Err(e)
            }
            Err(e) => {
                // Unknown outcome: keep the intent; the next send reuses its key.
                self.store().intent_attempted(&intent.idempotency_key)?;
                Err(e)
            }
        }
    }

    async fn place(&self, kind: OrderKind, amount: &str, coupon: Option<&str>) -> Result<OrderRecord, DeviceError> {
        let amount = Money::parse_positive(amount)?;
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let intent = OutboxIntent {
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            kind,
            amount: amount.to_string(),
            created_at: self.now()?,
            coupon: coupon.map(str::to_string),
        };
        self.store().add_intent(&intent)?;
        self.send_intent(&intent).await
    }

    /// Deposit (转入) `amount` from the bound card.
    pub async fn deposit(&self, amount: &str) -> Result<OrderRecord, DeviceError> {
        self.place(OrderKind::Deposit, amount, None).await
    }

    /// Deposit `amount` with a coupon from the wallet: reserved with the order, paid as cash
    /// when it is confirmed, released if it is cancelled.
    pub async fn deposit_with_coupon(&self, amount: &str, coupon_id: &str) -> Result<OrderRecord, DeviceError> {
        let id = coupon_id.trim();
        if id.is_empty() || id.chars().count() > 64 {
            return Err(crate::points::PointsError::CouponNotApplicable {
                reason: "no such coupon in this wallet".into(),
            }
            .into());
        }
        self.place(OrderKind::Deposit, amount, Some(id)).await
    }

    /// Withdraw `amount`: instantly (T+0, within today's quota) or normally (T+1).
    pub async fn withdraw(&self, amount: &str, instant: bool) -> Result<OrderRecord, DeviceError> {
        let kind = if instant { OrderKind::InstantWithdrawal } else { OrderKind::NormalWithdrawal };
        self.place(kind, amount, None).await
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
