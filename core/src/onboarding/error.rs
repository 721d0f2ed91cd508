//! Refusals of the onboarding rules, with stable codes (the field codes are those of
//! `golden/onboarding.json`).

use thiserror::Error;

use super::flow::Step;
use super::validate::FieldCode;

/// An onboarding rule refused a request; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OnboardingError {
    /// A typed value is refused (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE`,
    /// `PIN_TOO_SIMPLE`, `PIN_MISMATCH`).
    #[error("{field}: {}", code.message(field))]
    Field {
        /// `phone`, `id_number`, `name`, `card`, `pin`.
        field: String,
        /// Why.
        code: FieldCode,
    },
    /// A step was submitted before the steps it needs (`STEP_OUT_OF_ORDER`).
    #[error("finish the {current} step first (asked for {step})")]
    StepOutOfOrder {
        /// The step asked for.
        step: Step,
        /// The step to do now.
        current: Step,
    },
    /// Answers do not fit the questionnaire (`ANSWERS_INVALID`).
    #[error("answers do not fit the questionnaire: {0}")]
    AnswersInvalid(String),
    /// The questionnaire data cannot be used (`QUESTIONNAIRE_UNAVAILABLE`).
    #[error("{0}")]
    Questionnaire(String),
}

impl OnboardingError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            OnboardingError::Field { code, .. } => code.as_str(),
            OnboardingError::StepOutOfOrder { .. } => "STEP_OUT_OF_ORDER",
            OnboardingError::AnswersInvalid(_) => "ANSWERS_INVALID",
            OnboardingError::Questionnaire(_) => "QUESTIONNAIRE_UNAVAILABLE",
        }
    }

    /// A field refusal.
    pub fn field(field: &str, code: FieldCode) -> OnboardingError {
        OnboardingError::Field { field: field.into(), code }
    }

    /// The field concerned, if any.
    pub fn field_name(&self) -> Option<&str> {
        match self {
            OnboardingError::Field { field, .. } => Some(field),
            _ => None,
        }
    }
}
