//! Errors of the rules, each with a stable code (shared with the server's JSON errors and the
//! bindings' error enum; the list starts from `spec/scenarios.md`).

use chrono::NaiveDate;
use thiserror::Error;

use crate::money::Money;

/// A rule refused a request. Nothing was changed. `code()` is stable; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuleError {
    /// Not a positive amount with at most two decimal places.
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount {
        /// What was typed (cut to 40 characters).
        input: String,
        /// What is wrong with it, for a person.
        reason: String,
    },
    /// Below the product's minimum for this kind of order.
    #[error("the minimum is {minimum} yuan for this order")]
    BelowMinimum {
        /// The minimum that applies.
        minimum: Money,
    },
    /// Above the product's daily deposit cap.
    #[error("deposits are limited to {cap} yuan a day; {remaining} yuan left today")]
    AboveDailyLimit {
        /// The cap.
        cap: Money,
        /// What is left of it today.
        remaining: Money,
    },
    /// More units than are held and not already being withdrawn.
    #[error("only {available} yuan can be withdrawn now")]
    InsufficientUnits {
        /// Units that may still be withdrawn.
        available: Money,
    },
    /// Above what is left of today's instant-withdrawal quota.
    #[error("instant withdrawals are limited to {quota} yuan a day; {remaining} yuan left today. Withdraw {remaining} instantly and the rest normally (T+1)")]
    InstantQuotaExceeded {
        /// Today's quota.
        quota: Money,
        /// What is left of it today.
        remaining: Money,
    },
    /// The order's trading-day cut-off (15:00) has passed: it can no longer be cancelled.
    #[error("the order was sent to the fund at 15:00 on {trading_day} and can no longer be cancelled")]
    CutOffPassed {
        /// The order's trading day.
        trading_day: NaiveDate,
    },
    /// The order is not pending (confirmed, cancelled, or an instant withdrawal).
    #[error("this order is {status} and cannot be cancelled")]
    NotCancellable {
        /// The order's status.
        status: String,
    },
    /// No such order for this investor.
    #[error("no order {order_id} in this account")]
    UnknownOrder {
        /// The id asked for.
        order_id: String,
    },
    /// The date is outside the published trading calendar.
    #[error("the trading calendar does not cover {date} yet; try again when it is published")]
    CalendarUnavailable {
        /// The date asked about.
        date: NaiveDate,
    },
    /// A 万份收益 value that is not a decimal with at most four places.
    #[error("invalid per-10k value {input:?}: use a decimal with at most four places")]
    InvalidPer10k {
        /// What was given.
        input: String,
    },
    /// A setting out of its range.
    #[error("invalid setting {name}: {reason}")]
    InvalidSetting {
        /// The setting's name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Arithmetic would overflow (an amount far beyond anything real).
    #[error("the amount is too large")]
    Overflow,
}

impl RuleError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::InvalidAmount { .. } => "INVALID_AMOUNT",
            RuleError::BelowMinimum { .. } => "BELOW_MINIMUM",
            RuleError::AboveDailyLimit { .. } => "ABOVE_DAILY_LIMIT",
            RuleError::InsufficientUnits { .. } => "INSUFFICIENT_UNITS",
            RuleError::InstantQuotaExceeded { .. } => "INSTANT_QUOTA_EXCEEDED",
            RuleError::CutOffPassed { .. } => "CUT_OFF_PASSED",
            RuleError::NotCancellable { .. } => "NOT_CANCELLABLE",
            RuleError::UnknownOrder { .. } => "UNKNOWN_ORDER",
            RuleError::CalendarUnavailable { .. } => "CALENDAR_UNAVAILABLE",
            RuleError::InvalidPer10k { .. } => "INVALID_PER_10K",
            RuleError::InvalidSetting { .. } => "INVALID_SETTING",
            RuleError::Overflow => "INVALID_AMOUNT",
        }
    }
}
