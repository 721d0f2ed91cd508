//! Errors of the device side, each with a stable code.

use thiserror::Error;

use crate::api::ApiError;
use crate::error::RuleError;

/// What went wrong on the device. `code()` is stable and shared with the server's codes.
#[derive(Debug, Clone, Error)]
pub enum DeviceError {
    /// A rule refused the request before anything was sent.
    #[error("{0}")]
    Rule(#[from] RuleError),
    /// The points programme refused the request before anything was sent.
    #[error("{0}")]
    Points(#[from] crate::points::PointsError),
    /// The server refused the request.
    #[error("{}", error.message)]
    Api {
        /// HTTP status.
        status: u16,
        /// The server's error body.
        error: Box<ApiError>,
    },
    /// The server could not be reached or the connection broke.
    #[error("cannot reach the server: {0}. Check the connection and try again")]
    Network(String),
    /// The device is offline; money movements need a connection.
    #[error("you are offline: money movements need a connection")]
    Offline,
    /// The server answered something this version does not understand.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// The local store failed.
    #[error("the local store failed: {0}")]
    Storage(String),
    /// Bad configuration (server address, certificate, data folder).
    #[error("configuration: {0}")]
    Config(String),
    /// An onboarding rule refused a value before anything was sent (field codes of
    /// `golden/onboarding.json`).
    #[error("{0}")]
    Onboarding(#[from] crate::onboarding::OnboardingError),
    /// The caller cancelled (a sync); everything applied so far is whole.
    #[error("cancelled")]
    Cancelled,
    /// No draft with this id on this device.
    #[error("no draft {0:?} on this device")]
    UnknownDraft(String),
}

impl DeviceError {
    /// The stable code.
    pub fn code(&self) -> String {
        match self {
            DeviceError::Rule(e) => e.code().to_string(),
            DeviceError::Points(e) => e.code().to_string(),
            DeviceError::Api { error, .. } => error.code.clone(),
            DeviceError::Network(_) => "NETWORK".into(),
            DeviceError::Offline => "OFFLINE".into(),
            DeviceError::Protocol(_) => "PROTOCOL".into(),
            DeviceError::Storage(_) => "STORAGE".into(),
            DeviceError::Config(_) => "CONFIG".into(),
            DeviceError::Onboarding(e) => e.code().to_string(),
            DeviceError::Cancelled => "CANCELLED".into(),
            DeviceError::UnknownDraft(_) => "UNKNOWN_DRAFT".into(),
        }
    }

    /// The input field an error is about (`phone`, `id_number`, `name`, `card`, `pin`, `code`,
    /// `answers`), from the device's check or the server's answer.
    pub fn field(&self) -> Option<String> {
        match self {
            DeviceError::Onboarding(e) => e.field_name().map(str::to_string),
            DeviceError::Api { error, .. } => error.details.field.clone(),
            _ => None,
        }
    }

    /// The server's error details, if the server refused.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            DeviceError::Api { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for DeviceError {
    fn from(e: rusqlite::Error) -> Self {
        DeviceError::Storage(e.to_string())
    }
}
