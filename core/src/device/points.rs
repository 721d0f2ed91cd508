//! The device side of the points programme: the replica of the investor's transfers (fetched by
//! cursor, checked against the server's balance on every sync), the points view, the coupon
//! wallet, redemption through an outbox, and referrals.

use serde::{Deserialize, Serialize};

use super::{Device, DeviceError};
use crate::calendar::BusinessTime;
use crate::points::api::{BindReferral, CouponWallet, RedeemPoints, ReferralStatus};
use crate::points::{Coupon, CouponOffer, Ledger, PointsLot, Transfer};

/// Transfers asked for per page while syncing.
const SYNC_PAGE: usize = 1000;

/// The points screen, from the replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsView {
    /// Points available (sum of the replica's transfers).
    pub balance: i64,
    /// Points owed from reversed rewards, taken from the next earnings.
    pub clawback_owed: i64,
    /// Live lots, soonest-expiring first.
    pub lots: Vec<PointsLot>,
    /// The server's time at the last successful sync.
    pub as_of: Option<BusinessTime>,
    /// The coupons the programme offers (cached catalogue), smallest first: what to redeem.
    pub offers: Vec<CouponOffer>,
}

/// A page of points history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsHistoryPage {
    /// Transfers, newest first.
    pub transfers: Vec<Transfer>,
    /// Pass as `before` for the next (older) page; `None` at the end.
    pub next_before: Option<i64>,
}

impl Device {
    /// Fetch points transfers after the replica's cursor, page by page, then check the replica's
    /// balance against the server's. Returns the transfers received and a mismatch, if any.
    pub(super) async fn sync_points(&self) -> Result<(usize, Option<String>), DeviceError> {
        let mut received = 0;
        loop {
            let cursor = self.store().points_cursor()?;
            let page = self.api.points(cursor, SYNC_PAGE).await?;
            received += page.transfers.len();
            self.store().apply_points(&page)?;
            if !page.more || page.transfers.is_empty() {
                let mine = self.store().points_balance()?;
                let mismatch = (mine != page.balance)
                    .then(|| format!("replica shows {mine} points; server says {}", page.balance));
                return Ok((received, mismatch));
            }
        }
    }

    /// Resend redemptions that have no answer yet (same keys). Returns how many were answered.
    pub(super) async fn resend_redeems(&self) -> Result<usize, DeviceError> {
        let intents = self.store().pending_redeems()?;
        let mut sent = 0;
        for i in intents {
            match self.send_redeem(&i.idempotency_key, &i.coupon_value).await {
                Ok(_) | Err(DeviceError::Api { .. }) => sent += 1,
                Err(e) => return Err(e),
            }
        }
        Ok(sent)
    }

    async fn send_redeem(&self, key: &str, value: &str) -> Result<Coupon, DeviceError> {
        let req = RedeemPoints { idempotency_key: key.into(), coupon_value: value.into() };
        match self.api.redeem_points(&req).await {
            Ok(c) => {
                self.store().complete_redeem(key, Some(&c))?;
                Ok(c)
            }
            Err(e @ DeviceError::Api { status, .. }) if status < 500 => {
                self.store().complete_redeem(key, None)?;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// Points balance, clawback owed and the lots expiring soonest, from the replica.
    pub fn points_view(&self) -> Result<PointsView, DeviceError> {
        let store = self.store();
        let transfers = store.points_transfers()?;
        let as_of = store.snapshot()?.as_of;
        let rules = store.snapshot_programme()?;
        drop(store);
        let ledger = Ledger::replay(&transfers)?;
        let now = self.now()?;
        let offers = rules
            .coupon_values
            .iter()
            .map(|v| crate::points::coupon::offer(&rules, &v.to_string(), now))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PointsView {
            balance: ledger.balance(),
            clawback_owed: ledger.clawback_owed(),
            lots: ledger.lots(),
            as_of,
            offers,
        })
    }

    /// A page of points history from the replica, newest first, before `before` (a `seq`).
    pub fn points_history(&self, before: Option<i64>, limit: u32) -> Result<PointsHistoryPage, DeviceError> {
        let limit = limit.clamp(1, 500) as usize;
        let transfers = self.store().points_page(before, limit)?;
        let next_before = if transfers.len() == limit { transfers.last().map(|t| t.seq) } else { None };
        Ok(PointsHistoryPage { transfers, next_before })
    }

    /// Redeem points for a coupon of `value` yuan ("5", "10", "20"). Online only; the intent is
    /// written first, so a lost answer is resent with the same key by the next sync.
    pub async fn redeem_points(&self, value: &str) -> Result<Coupon, DeviceError> {
        let now = self.now()?;
        let rules = self.store().snapshot_programme()?;
        crate::points::coupon::offer(&rules, value, now)?;
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let key = uuid::Uuid::new_v4().to_string();
        let intent = crate::device::RedeemIntent {
            idempotency_key: key.clone(),
            coupon_value: value.trim().to_string(),
            created_at: now,
        };
        self.store().add_redeem_intent(&intent)?;
        let c = self.send_redeem(&key, value.trim()).await?;
        let _ = self.sync_points().await;
        Ok(c)
    }

    /// The coupon wallet: fetched from the server when online (and cached), else the cache.
    pub async fn coupons(&self) -> Result<CouponWallet, DeviceError> {
        if !self.is_offline() {
            let w = self.api.coupons().await?;
            self.store().put_coupons(&w)?;
            return Ok(w);
        }
        let (coupons, as_of) = self.store().coupons()?;
        let server_time = as_of.unwrap_or(self.now()?);
        Ok(CouponWallet { server_time, coupons })
    }

    /// The referral code to share, who referred this investor, and their referrals. Online.
    pub async fn referral(&self) -> Result<ReferralStatus, DeviceError> {
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        self.api.referral().await
    }

    /// Enter a referrer's code (with this install's device id, for the self-referral check).
    pub async fn bind_referral(&self, code: &str) -> Result<ReferralStatus, DeviceError> {
        if self.is_offline() {
            return Err(DeviceError::Offline);
        }
        let device_id = self.store().device_id()?;
        self.api.bind_referral(&BindReferral { code: code.trim().into(), device_id: Some(device_id) }).await
    }
}
