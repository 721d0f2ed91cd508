//! Errors: `Failure` is every refused or failed request (an HTTP status and the contract's
//! `ApiError` body); `ServerError` is a failure to start.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wealth_core::api::ApiError;
use wealth_core::RuleError;

/// A request the server refused or could not serve: status + `ApiError` body with a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status.
    pub status: StatusCode,
    /// The JSON body (boxed: keeps `Result<_, Failure>` small).
    pub error: Box<ApiError>,
}

impl Failure {
    /// A failure with a code and a message and no details.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            error: Box::new(ApiError { code: code.into(), message: message.into(), details: Default::default() }),
        }
    }

    /// A rule's refusal (`ApiError::from_rule`), with the status documented in `API.md`.
    pub fn rule(e: &RuleError) -> Failure {
        let status = match e {
            RuleError::InvalidAmount { .. }
            | RuleError::BelowMinimum { .. }
            | RuleError::AboveDailyLimit { .. }
            | RuleError::InsufficientUnits { .. }
            | RuleError::InstantQuotaExceeded { .. }
            | RuleError::CalendarUnavailable { .. }
            | RuleError::Overflow => StatusCode::UNPROCESSABLE_ENTITY,
            RuleError::CutOffPassed { .. } | RuleError::NotCancellable { .. } => StatusCode::CONFLICT,
            RuleError::UnknownOrder { .. } => StatusCode::NOT_FOUND,
            RuleError::InvalidPer10k { .. } | RuleError::InvalidSetting { .. } => StatusCode::BAD_REQUEST,
        };
        Failure { status, error: Box::new(ApiError::from_rule(e)) }
    }

    /// 400 `BAD_REQUEST`: malformed JSON, wrong types, missing fields, bad parameters.
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }

    /// 401 `UNAUTHENTICATED`.
    pub fn unauthenticated() -> Failure {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "send a valid session token as `Authorization: Bearer <token>`",
        )
    }

    /// 404 `NOT_FOUND`: no such route.
    pub fn not_found() -> Failure {
        Failure::new(StatusCode::NOT_FOUND, "NOT_FOUND", "no such route")
    }

    /// 409 with a code.
    pub fn conflict(code: &str, message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::CONFLICT, code, message)
    }

    /// 500 `INTERNAL`: a bug or a storage failure. The cause is logged, not sent.
    pub fn internal() -> Failure {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "internal error; nothing was changed, try again later",
        )
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        &self.error.code
    }
}

impl From<RuleError> for Failure {
    fn from(e: RuleError) -> Failure {
        Failure::rule(&e)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        tracing::error!(error = %e, "storage error");
        Failure::internal()
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.error.code, self.error.message)
    }
}

impl std::error::Error for Failure {}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(*self.error)).into_response()
    }
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The configuration is not allowed (e.g. plain HTTP on a non-loopback address).
    #[error("configuration: {0}")]
    Config(String),
    /// Certificates or keys could not be made or read.
    #[error("tls: {0}")]
    Tls(String),
    /// The database could not be opened or migrated.
    #[error("storage: {0}")]
    Storage(#[from] rusqlite::Error),
    /// Socket or file error.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The stored data is not what this server wrote.
    #[error("stored data: {0}")]
    Data(String),
}

impl From<wealth_core::points::PointsError> for Failure {
    fn from(e: wealth_core::points::PointsError) -> Failure {
        use wealth_core::points::PointsError as P;
        let status = match &e {
            P::InsufficientPoints { .. }
            | P::InvalidPoints { .. }
            | P::CouponNotApplicable { .. }
            | P::SelfReferral => StatusCode::UNPROCESSABLE_ENTITY,
            P::IdConflict { .. } | P::AlreadyReferred => StatusCode::CONFLICT,
            P::UnknownReferralCode { .. } | P::UnknownTransfer { .. } => StatusCode::NOT_FOUND,
            P::Invariant(m) => {
                tracing::error!(reason = %m, "points ledger invariant");
                return Failure::internal();
            }
        };
        Failure::new(status, e.code(), e.to_string())
    }
}
