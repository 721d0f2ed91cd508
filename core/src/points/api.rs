//! The HTTP contract of the points programme (`server/API.md`, "Points, coupons, referrals").
//! Both the server and the device use these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessTime;
use crate::money::Money;
use crate::points::coupon::Coupon;
use crate::points::ledger::Transfer;
use crate::points::referral::IdentityFacts;

/// `GET /v1/points?after=CURSOR&limit=N`: the investor's transfers after the cursor, and the
/// server's balances to check the replica against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsDelta {
    /// The server's clock when it answered.
    pub server_time: BusinessTime,
    /// Give this back as `after` next time.
    pub cursor: i64,
    /// Whether more transfers follow the cursor (ask again).
    pub more: bool,
    /// Transfers after the cursor, in order.
    pub transfers: Vec<Transfer>,
    /// Points available now (all transfers, not just this page); on the last page only
    /// (`more == false`), 0 on the others.
    pub balance: i64,
    /// Points owed from reversals not covered by the balance.
    pub clawback_owed: i64,
}

/// `POST /v1/points/redeem`: turn points into a cashback coupon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemPoints {
    /// Made by the device before the first send; a repeat returns the first coupon.
    pub idempotency_key: String,
    /// Coupon value in yuan ("5", "10.00", "20").
    pub coupon_value: String,
}

/// `GET /v1/coupons`: the coupon wallet, with each status at the server's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponWallet {
    /// The server's clock when it answered.
    pub server_time: BusinessTime,
    /// Every coupon, newest first.
    pub coupons: Vec<Coupon>,
}

/// One referral as the referrer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    /// The referee's account id, masked (all but the last two characters).
    pub referee: String,
    /// `bound` (no qualifying deposit yet), `pending` (red packet held), `posted` (paid),
    /// `voided` (the referee no longer held the minimum) or `capped` (over the yearly cap).
    pub status: String,
    /// The red packet.
    pub reward: Money,
    /// The day the pending red packet is decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_day: Option<NaiveDate>,
}

/// `GET /v1/referral`: the investor's code, who referred them, and their referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStatus {
    /// The code to share.
    pub code: String,
    /// The code of the referrer this investor bound to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
    /// Referrals made, oldest first.
    pub referrals: Vec<ReferralView>,
    /// Red packets posted so far (yuan).
    pub paid: Money,
}

/// `POST /v1/referral/bind`: the referee enters a referrer's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindReferral {
    /// The referrer's code.
    pub code: String,
    /// The referee's device id (anti self-referral).
    #[serde(default)]
    pub device_id: Option<String>,
}

/// `POST /admin/identity` (sandbox only): the identity facts onboarding would record (salted
/// hashes of ID number, phone, card; device ids), for the anti self-referral checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetIdentity {
    /// Account id.
    pub account_id: String,
    /// The facts.
    pub identity: IdentityFacts,
}

/// `POST /admin/points/reverse` (sandbox only): reverse a rewarded event (fraud, a failed
/// order): the earning is taken back, what was already spent becomes clawback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReverseEarning {
    /// Account id.
    pub account_id: String,
    /// The earning transfer's id (`newbie`, `task:card_bound`, ...).
    pub transfer_id: String,
}
