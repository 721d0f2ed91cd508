//! Cashback coupons (返现券): points → a coupon; applied to a deposit it is reserved with the
//! order, paid as cash when the order is confirmed, released if it is cancelled or fails, and
//! expires if unused (rules.md §6).

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessTime;
use crate::money::Money;
use crate::points::error::PointsError;
use crate::points::programme::ProgrammeRules;

/// Where a coupon is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponStatus {
    /// In the wallet, usable until it expires.
    Issued,
    /// Applied to a pending deposit.
    Reserved,
    /// Paid into the account when the deposit was confirmed.
    Used,
    /// Not used in time (the points are not returned).
    Expired,
}

impl CouponStatus {
    /// The status's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CouponStatus::Issued => "issued",
            CouponStatus::Reserved => "reserved",
            CouponStatus::Used => "used",
            CouponStatus::Expired => "expired",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<CouponStatus> {
        [CouponStatus::Issued, CouponStatus::Reserved, CouponStatus::Used, CouponStatus::Expired]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// A coupon in an investor's wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    /// Server id.
    pub id: String,
    /// Cash it pays (yuan).
    pub value: Money,
    /// Smallest deposit it applies to.
    pub min_deposit: Money,
    /// Points it cost.
    pub points: i64,
    /// When it was redeemed.
    pub issued_at: BusinessTime,
    /// Usable before this instant.
    pub expires_at: BusinessTime,
    /// Status as stored (see `status_at` for the status at a time).
    pub status: CouponStatus,
    /// The deposit it is reserved with or was used by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

impl Coupon {
    /// The status at `now`: an issued coupon past its expiry is expired.
    pub fn status_at(&self, now: BusinessTime) -> CouponStatus {
        if self.status == CouponStatus::Issued && now >= self.expires_at {
            CouponStatus::Expired
        } else {
            self.status
        }
    }

    /// Check that the coupon may be applied to a deposit of `amount` at `now`.
    pub fn check_apply(&self, amount: Money, now: BusinessTime) -> Result<(), PointsError> {
        match self.status_at(now) {
            CouponStatus::Issued => {}
            CouponStatus::Expired => {
                return Err(PointsError::CouponNotApplicable { reason: format!("it expired at {}", self.expires_at) })
            }
            CouponStatus::Reserved => {
                return Err(PointsError::CouponNotApplicable {
                    reason: "it is already applied to a pending deposit".into(),
                })
            }
            CouponStatus::Used => {
                return Err(PointsError::CouponNotApplicable { reason: "it was already used".into() })
            }
        }
        if amount < self.min_deposit {
            return Err(PointsError::CouponNotApplicable {
                reason: format!("a {} yuan coupon needs a deposit of at least {} yuan", self.value, self.min_deposit),
            });
        }
        Ok(())
    }
}

/// What redeeming points for a coupon of a value gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponOffer {
    /// Coupon value (yuan).
    pub value: Money,
    /// Points it costs.
    pub points: i64,
    /// Smallest deposit it applies to.
    pub min_deposit: Money,
    /// Expiry when redeemed at the offer's time.
    pub expires_at: BusinessTime,
}

/// The offer for a coupon of `value` ("5", "5.00", ...) redeemed at `now`. A value the
/// catalogue does not list is `INVALID_POINTS`.
pub fn offer(rules: &ProgrammeRules, value: &str, now: BusinessTime) -> Result<CouponOffer, PointsError> {
    let listed = || rules.coupon_values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
    let v: Money = value.trim().parse().map_err(|_| PointsError::InvalidPoints {
        reason: format!(
            "{:?} is not a coupon value; the programme offers {}",
            value.chars().take(20).collect::<String>(),
            listed()
        ),
    })?;
    if !rules.coupon_values.contains(&v) {
        return Err(PointsError::InvalidPoints {
            reason: format!("no {v} yuan coupon; the programme offers {}", listed()),
        });
    }
    let yuan_x100 = v.decimal() * rust_decimal::Decimal::from(rules.points_per_yuan);
    let points: i64 =
        yuan_x100.trunc().try_into().map_err(|_| PointsError::InvalidPoints { reason: "too large".into() })?;
    let min = v.decimal() * rust_decimal::Decimal::from(rules.coupon_min_multiple);
    let min_deposit =
        Money::from_decimal(min).ok_or_else(|| PointsError::InvalidPoints { reason: "too large".into() })?;
    Ok(CouponOffer { value: v, points, min_deposit, expires_at: now + Duration::days(rules.coupon_valid_days) })
}
