//! The points programme on the uniffi surface: points view (balance, lots expiring soonest,
//! history page by page), coupon wallet, redemption, deposit with a coupon, referral code and
//! status. Amounts of money are strings with two decimals; points are whole numbers.

use wealth_core::points::api::{ReferralStatus, ReferralView};
use wealth_core::points::{Coupon, CouponOffer, PointsLot, Transfer};

use crate::convert::OrderView;
use crate::error;
use crate::{Wealth, WealthError};

/// What is left of one earning, and when it expires.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsLotView {
    /// The earning's transfer id.
    pub id: String,
    /// When it was earned (RFC 3339).
    pub earned_at: String,
    /// When what is left expires (RFC 3339).
    pub expires_at: String,
    /// Points earned.
    pub points: i64,
    /// Points left.
    pub left: i64,
}

impl From<PointsLot> for PointsLotView {
    fn from(l: PointsLot) -> Self {
        PointsLotView {
            id: l.id,
            earned_at: l.earned_at.to_rfc3339(),
            expires_at: l.expires_at.to_rfc3339(),
            points: l.points,
            left: l.left,
        }
    }
}

/// The points screen, from the local replica.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsViewModel {
    /// Points available.
    pub balance: i64,
    /// Points owed from reversed rewards (taken from the next earnings).
    pub clawback_owed: i64,
    /// Live lots, soonest-expiring first.
    pub expiring: Vec<PointsLotView>,
    /// Server time of the last sync.
    pub as_of: Option<String>,
    /// Coupons the programme offers, smallest first (redeem with `redeem_points(value)`).
    pub offers: Vec<CouponOfferView>,
}

/// A coupon the programme offers for points.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CouponOfferView {
    /// Coupon value ("5.00"; pass it to `redeem_points`).
    pub value: String,
    /// Points it costs.
    pub points: i64,
    /// Smallest deposit it applies to.
    pub min_deposit: String,
    /// Expiry if redeemed now (RFC 3339).
    pub expires_at: String,
}

impl From<CouponOffer> for CouponOfferView {
    fn from(o: CouponOffer) -> Self {
        CouponOfferView {
            value: o.value.to_string(),
            points: o.points,
            min_deposit: o.min_deposit.to_string(),
            expires_at: o.expires_at.to_rfc3339(),
        }
    }
}

/// One transfer of the points ledger.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsTransferView {
    /// Transfer id.
    pub id: String,
    /// `earn`, `spend`, `expire`, `reverse`, `clawback_owed`, `clawback_repaid`, `reward_cash`,
    /// `post_pending`, `void_pending`.
    pub kind: String,
    /// Account debited (`points:issued`, ...).
    pub debit: String,
    /// Account credited.
    pub credit: String,
    /// Points (fen on the `cash:` accounts).
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
    /// A reservation not yet posted or voided.
    pub pending: bool,
    /// Server sequence (pass as `before` for older pages).
    pub seq: i64,
}

impl From<Transfer> for PointsTransferView {
    fn from(t: Transfer) -> Self {
        PointsTransferView {
            id: t.id,
            kind: t.kind.as_str().into(),
            debit: t.debit.as_str().into(),
            credit: t.credit.as_str().into(),
            amount: t.amount,
            reason: t.reason,
            at: t.at.to_rfc3339(),
            pending: t.pending,
            seq: t.seq,
        }
    }
}

/// A page of points history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsHistoryView {
    /// Transfers, newest first.
    pub transfers: Vec<PointsTransferView>,
    /// Pass as `before` for the next page; None at the end.
    pub next_before: Option<i64>,
}

/// A cashback coupon (返现券).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CouponView {
    /// Coupon id (for `deposit_with_coupon`).
    pub id: String,
    /// Cash it pays ("5.00").
    pub value: String,
    /// Smallest deposit it applies to.
    pub min_deposit: String,
    /// Points it cost.
    pub points: i64,
    /// When it was redeemed.
    pub issued_at: String,
    /// Usable before this time.
    pub expires_at: String,
    /// `issued`, `reserved`, `used` or `expired`.
    pub status: String,
    /// The deposit it is reserved with or was used by.
    pub order_id: Option<String>,
}

impl From<Coupon> for CouponView {
    fn from(c: Coupon) -> Self {
        CouponView {
            id: c.id,
            value: c.value.to_string(),
            min_deposit: c.min_deposit.to_string(),
            points: c.points,
            issued_at: c.issued_at.to_rfc3339(),
            expires_at: c.expires_at.to_rfc3339(),
            status: c.status.as_str().into(),
            order_id: c.order_id,
        }
    }
}

/// One referral.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReferralEntryView {
    /// The friend's account, masked.
    pub referee: String,
    /// `bound`, `pending`, `posted`, `voided` or `capped`.
    pub status: String,
    /// The red packet ("10.00").
    pub reward: String,
    /// The day a pending red packet is decided.
    pub decision_day: Option<String>,
}

impl From<ReferralView> for ReferralEntryView {
    fn from(r: ReferralView) -> Self {
        ReferralEntryView {
            referee: r.referee,
            status: r.status,
            reward: r.reward.to_string(),
            decision_day: r.decision_day.map(|d| d.to_string()),
        }
    }
}

/// The investor's referral code and referrals.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReferralStatusView {
    /// The code to share.
    pub code: String,
    /// The referrer's code, if this investor was referred.
    pub referred_by: Option<String>,
    /// Referrals made.
    pub referrals: Vec<ReferralEntryView>,
    /// Red packets paid so far.
    pub paid: String,
}

impl From<ReferralStatus> for ReferralStatusView {
    fn from(r: ReferralStatus) -> Self {
        ReferralStatusView {
            code: r.code,
            referred_by: r.referred_by,
            referrals: r.referrals.into_iter().map(Into::into).collect(),
            paid: r.paid.to_string(),
        }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Wealth {
    /// Points balance, clawback owed and lots expiring soonest, from the local store.
    pub fn points(&self) -> Result<PointsViewModel, WealthError> {
        error::guard(|| {
            let v = self.device.points_view()?;
            Ok(PointsViewModel {
                balance: v.balance,
                clawback_owed: v.clawback_owed,
                expiring: v.lots.into_iter().map(Into::into).collect(),
                as_of: v.as_of.map(|t| t.to_rfc3339()),
                offers: v.offers.into_iter().map(Into::into).collect(),
            })
        })
    }

    /// A page of points history (newest first) before `before` (a `seq`; None for the newest).
    pub fn points_history(&self, before: Option<i64>, limit: u32) -> Result<PointsHistoryView, WealthError> {
        error::guard(|| {
            let p = self.device.points_history(before, limit)?;
            Ok(PointsHistoryView {
                transfers: p.transfers.into_iter().map(Into::into).collect(),
                next_before: p.next_before,
            })
        })
    }

    /// Redeem points for a coupon of a value ("5", "10", "20" yuan).
    pub async fn redeem_points(&self, coupon_value: String) -> Result<CouponView, WealthError> {
        let r = error::guard_async(async { Ok(self.device.redeem_points(&coupon_value).await?.into()) }).await;
        self.shell.changed("redeem_points", r)
    }

    /// The coupon wallet (from the server when online, else the cached one).
    pub async fn coupons(&self) -> Result<Vec<CouponView>, WealthError> {
        error::guard_async(async { Ok(self.device.coupons().await?.coupons.into_iter().map(Into::into).collect()) })
            .await
    }

    /// Deposit with a coupon from the wallet (paid as cash when the deposit is confirmed),
    /// confirmed by the PIN and what the layered policy asks for.
    pub async fn deposit_with_coupon(
        &self,
        amount: String,
        coupon_id: String,
        confirmation: crate::MovementConfirmation,
    ) -> Result<OrderView, WealthError> {
        let loc = self.shell.locale();
        let r = error::guard_async(async {
            let order = self.device.deposit_with_coupon(&amount, &coupon_id, &confirmation.into()).await?;
            Ok(crate::convert::order_view(order, loc))
        })
        .await;
        self.shell.changed("deposit", r)
    }

    /// The referral code to share and the referrals made.
    pub async fn referral(&self) -> Result<ReferralStatusView, WealthError> {
        error::guard_async(async { Ok(self.device.referral().await?.into()) }).await
    }

    /// Enter a referrer's code.
    pub async fn bind_referral(&self, code: String) -> Result<ReferralStatusView, WealthError> {
        let r = error::guard_async(async { Ok(self.device.bind_referral(&code).await?.into()) }).await;
        self.shell.changed("bind_referral", r)
    }
}
