//! Points (积分), cashback coupons (返现券) and referral red packets (推荐奖励红包) on a
//! double-entry ledger (rules.md §6, ADR 6). Pure rules: the server stores the transfers and
//! calls these; the device replays its replica through the same ledger.

pub mod api;
pub mod coupon;
pub mod error;
pub mod ledger;
pub mod lots;
pub mod programme;
pub mod referral;

#[cfg(feature = "device")]
pub mod bench;

pub use coupon::{Coupon, CouponOffer, CouponStatus};
pub use error::PointsError;
pub use ledger::{Account, AccountBalance, Ledger, PendingState, Transfer, TransferKind};
pub use lots::{default_expiry, PointsLot};
pub use programme::ProgrammeRules;
pub use referral::IdentityFacts;
