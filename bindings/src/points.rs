//! The points programme on the uniffi surface: points view (balance, lots expiring soonest,
//! history page by page), coupon wallet, redemption, deposit with a coupon, referral code and
//! status. Amounts of money are strings with two decimals; points are whole numbers.

use wealth_core::points::api::{ReferralStatus, ReferralView};
use wealth_core::points::{Coupon, CouponOffer, PointsLot, Transfer};

use wealth_core::display::{self, DisplayLocale};

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
    /// Points left, for display (`300 积分` / `300 points`).
    pub left_display: String,
    /// The expiry, for display (`有效期至 2027年11月19日` / `valid until 19 Nov 2027`).
    pub expires_display: String,
}

fn lot_view(l: PointsLot, loc: DisplayLocale) -> PointsLotView {
    PointsLotView {
        id: l.id,
        earned_at: l.earned_at.to_rfc3339(),
        expires_at: l.expires_at.to_rfc3339(),
        points: l.points,
        left: l.left,
        left_display: display::points(l.left, loc),
        expires_display: display::valid_until(l.expires_at, loc),
    }
}

/// A coupon the programme offers for points (pass `value` to `redeem_points`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CouponOfferView {
    /// Coupon value in yuan ("5.00").
    pub value: String,
    /// Points it costs.
    pub points: i64,
    /// Smallest deposit it applies to ("500.00").
    pub min_deposit: String,
    /// The value, for display (`¥5.00`).
    pub value_display: String,
    /// The price, for display (`500 积分` / `500 points`).
    pub points_display: String,
    /// The condition, for display (`满¥500.00可用` / `on a deposit of ¥500.00 or more`).
    pub min_deposit_display: String,
}

fn offer_view(o: CouponOffer, loc: DisplayLocale) -> CouponOfferView {
    CouponOfferView {
        value: o.value.to_string(),
        points: o.points,
        min_deposit: o.min_deposit.to_string(),
        value_display: display::amount(o.value),
        points_display: display::points(o.points, loc),
        min_deposit_display: display::min_deposit(o.min_deposit, loc),
    }
}

/// The points screen's text, formatted by the core.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PointsDisplay {
    /// Points available (`1,200 积分` / `1,200 points`).
    pub balance: String,
    /// Points owed from reversed rewards (same form).
    pub clawback_owed: String,
    /// How old the figures are (`截至 11月19日 18:00` / `as of 19 Nov 18:00` / never synced).
    pub as_of: String,
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
    /// Coupons offered for points now, in the catalogue's order.
    pub offers: Vec<CouponOfferView>,
    /// The same figures as display strings in the chosen locale.
    pub display: PointsDisplay,
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
    /// The value, for display (`¥5.00`).
    pub value_display: String,
    /// The condition, for display (`满¥500.00可用` / `on a deposit of ¥500.00 or more`).
    pub min_deposit_display: String,
    /// The expiry, for display (`有效期至 2026年12月19日` / `valid until 19 Dec 2026`).
    pub expires_display: String,
    /// The status, for display (`可使用` / `Ready to use`, ...).
    pub status_display: String,
}

pub(crate) fn coupon_view(c: Coupon, loc: DisplayLocale) -> CouponView {
    CouponView {
        id: c.id,
        value: c.value.to_string(),
        min_deposit: c.min_deposit.to_string(),
        points: c.points,
        issued_at: c.issued_at.to_rfc3339(),
        expires_at: c.expires_at.to_rfc3339(),
        status: c.status.as_str().into(),
        order_id: c.order_id,
        value_display: display::amount(c.value),
        min_deposit_display: display::min_deposit(c.min_deposit, loc),
        expires_display: display::valid_until(c.expires_at, loc),
        status_display: display::coupon_status(c.status, loc).into(),
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
            let loc = self.shell.locale();
            let v = self.device.points_view()?;
            let display = PointsDisplay {
                balance: display::points(v.balance, loc),
                clawback_owed: display::points(v.clawback_owed, loc),
                as_of: display::as_of(v.as_of, loc),
            };
            Ok(PointsViewModel {
                balance: v.balance,
                clawback_owed: v.clawback_owed,
                expiring: v.lots.into_iter().map(|l| lot_view(l, loc)).collect(),
                as_of: v.as_of.map(|t| t.to_rfc3339()),
                offers: v.offers.into_iter().map(|o| offer_view(o, loc)).collect(),
                display,
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
        let loc = self.shell.locale();
        let r =
            error::guard_async(async { Ok(coupon_view(self.device.redeem_points(&coupon_value).await?, loc)) }).await;
        self.shell.changed("redeem_points", r)
    }

    /// The coupon wallet (from the server when online, else the cached one).
    pub async fn coupons(&self) -> Result<Vec<CouponView>, WealthError> {
        let loc = self.shell.locale();
        error::guard_async(async {
            Ok(self.device.coupons().await?.coupons.into_iter().map(|c| coupon_view(c, loc)).collect())
        })
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
