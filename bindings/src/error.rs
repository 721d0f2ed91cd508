//! The one error enum of the bindings, with the core's stable codes, and the guards that keep
//! panics from crossing the boundary.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use wealth_core::device::DeviceError;

/// Every error the bindings return. `code` is the stable code (see `scenarios.md`); `detail` is
/// a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum WealthError {
    /// Not a positive amount with at most two decimal places.
    #[error("{code}: {detail}")]
    InvalidAmount { code: String, detail: String },
    /// Below the product's minimum.
    #[error("{code}: {detail}")]
    BelowMinimum { code: String, detail: String, minimum: String },
    /// More than the units that may be withdrawn.
    #[error("{code}: {detail}")]
    InsufficientUnits { code: String, detail: String, available: String },
    /// Above what is left of today's instant quota; offer `withdrawal_plan`.
    #[error("{code}: {detail}")]
    InstantQuotaExceeded { code: String, detail: String, remaining: String },
    /// Cancel after the order's 15:00 cut-off.
    #[error("{code}: {detail}")]
    CutOffPassed { code: String, detail: String },
    /// No such order.
    #[error("{code}: {detail}")]
    UnknownOrder { code: String, detail: String },
    /// A money movement while offline: keep it as a draft.
    #[error("{code}: {detail}")]
    Offline { code: String, detail: String },
    /// The server could not be reached; try again.
    #[error("{code}: {detail}")]
    Network { code: String, detail: String },
    /// An input field refused (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE`, `PIN_TOO_SIMPLE`,
    /// `PIN_MISMATCH`, `CARD_CHECK_FAILED`, `ANSWERS_INVALID`): show it next to `field`.
    #[error("{code}: {detail}")]
    InvalidField { code: String, detail: String, field: String },
    /// A wrong trading PIN (`PIN_WRONG`) or OTP (`OTP_WRONG`); `tries_left` before the lock.
    #[error("{code}: {detail}")]
    WrongCode { code: String, detail: String, tries_left: u32 },
    /// The trading PIN is locked (`PIN_LOCKED`) until `unlock_at` (RFC 3339).
    #[error("{code}: {detail}")]
    PinLocked { code: String, detail: String, unlock_at: String },
    /// The movement needs more confirmation (`CONFIRMATION_REQUIRED`): `level` is
    /// `pin_biometric` or `pin_biometric_sms`.
    #[error("{code}: {detail}")]
    ConfirmationRequired { code: String, detail: String, level: String },
    /// The product is riskier than the investor's category: show the warning and ask for an
    /// explicit confirmation (`SUITABILITY_WARNING`).
    #[error("{code}: {detail}")]
    SuitabilityWarning { code: String, detail: String, investor_level: String, product_risk: String },
    /// Onboarding is not finished (`ONBOARDING_INCOMPLETE`, `QUESTIONNAIRE_EXPIRED`,
    /// `STEP_OUT_OF_ORDER`): go to `step`.
    #[error("{code}: {detail}")]
    OnboardingIncomplete { code: String, detail: String, step: String },
    /// A limit against flooding (`OTP_TOO_SOON`, `OTP_DAILY_LIMIT`, `CARD_CHECK_LIMIT`): try
    /// again at `retry_at` (RFC 3339, or "").
    #[error("{code}: {detail}")]
    LimitReached { code: String, detail: String, retry_at: String },
    /// Another refusal with a stable code (e.g. `NOT_CANCELLABLE`, `ID_CONFLICT`, `PIN_REQUIRED`,
    /// `SUITABILITY_REFUSED`, `OTP_EXPIRED`).
    #[error("{code}: {detail}")]
    Refused { code: String, detail: String },
    /// Storage, protocol, configuration or an internal fault.
    #[error("{code}: {detail}")]
    Internal { code: String, detail: String },
}

impl WealthError {
    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            WealthError::InvalidAmount { code, .. }
            | WealthError::BelowMinimum { code, .. }
            | WealthError::InsufficientUnits { code, .. }
            | WealthError::InstantQuotaExceeded { code, .. }
            | WealthError::CutOffPassed { code, .. }
            | WealthError::UnknownOrder { code, .. }
            | WealthError::Offline { code, .. }
            | WealthError::Network { code, .. }
            | WealthError::Refused { code, .. }
            | WealthError::InvalidField { code, .. }
            | WealthError::WrongCode { code, .. }
            | WealthError::PinLocked { code, .. }
            | WealthError::ConfirmationRequired { code, .. }
            | WealthError::SuitabilityWarning { code, .. }
            | WealthError::OnboardingIncomplete { code, .. }
            | WealthError::LimitReached { code, .. }
            | WealthError::Internal { code, .. } => code,
        }
    }
}

impl From<DeviceError> for WealthError {
    fn from(e: DeviceError) -> Self {
        let code = e.code();
        let detail = e.to_string();
        let details = e.api_error().map(|a| a.details.clone()).unwrap_or_default();
        let rule = match &e {
            DeviceError::Rule(r) => Some(wealth_core::api::ApiError::from_rule(r).details),
            _ => None,
        };
        let d = rule.unwrap_or(details);
        let s = |m: Option<wealth_core::Money>| m.map(|m| m.to_string()).unwrap_or_default();
        match code.as_str() {
            "INVALID_AMOUNT" => WealthError::InvalidAmount { code, detail },
            "BELOW_MINIMUM" => WealthError::BelowMinimum { code, detail, minimum: s(d.minimum) },
            "INSUFFICIENT_UNITS" => WealthError::InsufficientUnits { code, detail, available: s(d.available) },
            "INSTANT_QUOTA_EXCEEDED" => WealthError::InstantQuotaExceeded { code, detail, remaining: s(d.remaining) },
            "CUT_OFF_PASSED" => WealthError::CutOffPassed { code, detail },
            "UNKNOWN_ORDER" => WealthError::UnknownOrder { code, detail },
            "OFFLINE" => WealthError::Offline { code, detail },
            "NETWORK" => WealthError::Network { code, detail },
            "STORAGE" | "PROTOCOL" | "CONFIG" | "INTERNAL" => WealthError::Internal { code, detail },
            "FORMAT" | "CHECKSUM" | "BIRTH_DATE" | "UNDER_AGE" | "PIN_TOO_SIMPLE" | "PIN_MISMATCH"
            | "CARD_CHECK_FAILED" | "ANSWERS_INVALID" => {
                WealthError::InvalidField { field: e.field().unwrap_or_default(), code, detail }
            }
            "PIN_WRONG" | "OTP_WRONG" => WealthError::WrongCode { tries_left: d.tries_left.unwrap_or(0), code, detail },
            "PIN_LOCKED" => WealthError::PinLocked {
                unlock_at: d.retry_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                code,
                detail,
            },
            "CONFIRMATION_REQUIRED" => {
                WealthError::ConfirmationRequired { level: d.level.clone().unwrap_or_default(), code, detail }
            }
            "SUITABILITY_WARNING" => WealthError::SuitabilityWarning {
                investor_level: d.investor_level.clone().unwrap_or_default(),
                product_risk: d.product_risk.clone().unwrap_or_default(),
                code,
                detail,
            },
            "ONBOARDING_INCOMPLETE" | "QUESTIONNAIRE_EXPIRED" | "STEP_OUT_OF_ORDER" => {
                WealthError::OnboardingIncomplete { step: d.step.clone().unwrap_or_default(), code, detail }
            }
            "OTP_TOO_SOON" | "OTP_DAILY_LIMIT" | "CARD_CHECK_LIMIT" => WealthError::LimitReached {
                retry_at: d.retry_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                code,
                detail,
            },
            // Points programme refusals (INSUFFICIENT_POINTS, INVALID_POINTS,
            // COUPON_NOT_APPLICABLE, SELF_REFERRAL, ALREADY_REFERRED, UNKNOWN_REFERRAL_CODE,
            // ID_CONFLICT) are `Refused` with their stable code: the caller shows the message.
            _ => WealthError::Refused { code, detail },
        }
    }
}

impl From<wealth_core::RuleError> for WealthError {
    fn from(e: wealth_core::RuleError) -> Self {
        DeviceError::from(e).into()
    }
}

fn panic_error(p: Box<dyn std::any::Any + Send>) -> WealthError {
    let what = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    WealthError::Internal { code: "INTERNAL".into(), detail: format!("internal error ({what}); please report it") }
}

/// Run `f`, turning a panic into `WealthError::Internal`.
pub fn guard<T>(f: impl FnOnce() -> Result<T, WealthError>) -> Result<T, WealthError> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(panic_error(p)))
}

/// Await `fut`, turning a panic into `WealthError::Internal`.
pub async fn guard_async<T>(fut: impl Future<Output = Result<T, WealthError>>) -> Result<T, WealthError> {
    use std::pin::pin;
    use std::task::Poll;
    let mut fut = pin!(fut);
    std::future::poll_fn(move |cx| match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
        Ok(Poll::Ready(r)) => Poll::Ready(r),
        Ok(Poll::Pending) => Poll::Pending,
        Err(p) => Poll::Ready(Err(panic_error(p))),
    })
    .await
}
