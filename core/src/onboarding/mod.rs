//! Onboarding rules (rules.md §5): validators, the risk questionnaire, suitability, the
//! qualified-investor gate, the layered-authentication policy and the step state machine. Pure
//! functions over explicit dates and times; the server and the device call them.

pub mod error;
pub mod flow;
pub mod policy;
pub mod questionnaire;
pub mod suitability;
pub mod validate;

pub use error::OnboardingError;
pub use flow::{newbie_guide, GuideItem, Progress, Step};
pub use policy::{required_confirmation, ConfirmationLevel, OnboardingSettings};
pub use questionnaire::{Assessment, Questionnaire};
pub use suitability::{suitability, RiskCategory, Suitability};
pub use validate::{FieldCode, FieldWarning};
