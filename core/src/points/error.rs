//! Refusals of the points programme, each with a stable code (shared with the server's JSON
//! errors and the bindings). A refused operation changes nothing.

use thiserror::Error;

/// The points ledger or the programme refused a request. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PointsError {
    /// A spend or a redemption above the available balance.
    #[error("only {available} points are available")]
    InsufficientPoints {
        /// Points available now.
        available: i64,
    },
    /// Not a positive whole number of points, or a value the programme does not offer.
    #[error("invalid points: {reason}")]
    InvalidPoints {
        /// What is wrong, for a person.
        reason: String,
    },
    /// The transfer (or idempotency) id was already used with other fields.
    #[error("the id {id:?} was already used for a different transfer; make a new id")]
    IdConflict {
        /// The id.
        id: String,
    },
    /// The coupon is unknown, used, reserved, expired, or the deposit is below its minimum.
    #[error("this coupon cannot be used here: {reason}")]
    CouponNotApplicable {
        /// Why, for a person.
        reason: String,
    },
    /// Referrer and referee are the same person (ID, phone, card or device).
    #[error("you cannot refer yourself")]
    SelfReferral,
    /// The referee already has a referrer.
    #[error("this account already has a referrer")]
    AlreadyReferred,
    /// No such referral code.
    #[error("no referral code {code:?}")]
    UnknownReferralCode {
        /// The code given (cut to 32 characters).
        code: String,
    },
    /// No transfer with that id in this ledger.
    #[error("no transfer {id:?} in this ledger")]
    UnknownTransfer {
        /// The id given.
        id: String,
    },
    /// A transfer that would break the ledger (wrong accounts, a pending transfer already
    /// resolved, ...): a bug or corrupt data, never user input.
    #[error("ledger invariant: {0}")]
    Invariant(String),
}

impl PointsError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PointsError::InsufficientPoints { .. } => "INSUFFICIENT_POINTS",
            PointsError::InvalidPoints { .. } => "INVALID_POINTS",
            PointsError::IdConflict { .. } => "ID_CONFLICT",
            PointsError::CouponNotApplicable { .. } => "COUPON_NOT_APPLICABLE",
            PointsError::SelfReferral => "SELF_REFERRAL",
            PointsError::AlreadyReferred => "ALREADY_REFERRED",
            PointsError::UnknownReferralCode { .. } => "UNKNOWN_REFERRAL_CODE",
            PointsError::UnknownTransfer { .. } => "UNKNOWN_TRANSFER",
            PointsError::Invariant(_) => "LEDGER_INVARIANT",
        }
    }
}
