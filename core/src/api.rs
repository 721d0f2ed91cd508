//! The HTTP JSON contract between the device and the reference server (`server/API.md`).
//! Both sides use these types, so the shapes cannot drift.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::calendar::{BusinessTime, CalendarData};
use crate::error::RuleError;
use crate::income::DailyPer10k;
use crate::money::Money;
use crate::order::{OrderKind, OrderStatus, WithdrawalPlan};
use crate::settings::ProductSettings;

/// `POST /v1/orders`: place a deposit or a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceOrder {
    /// Made by the device before the first send; a repeat returns the first result.
    pub idempotency_key: String,
    /// What to do.
    pub kind: OrderKind,
    /// Amount as typed ("100.00").
    pub amount: String,
    /// A coupon from the wallet to apply to a deposit (reserved with the order, paid on
    /// confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// The trading PIN (required for every money movement; never stored by the device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// Further confirmation the layered-authentication policy may ask for, and the suitability
    /// confirmation.
    #[serde(default)]
    pub confirmation: MovementConfirmation,
}

/// What the investor confirmed beyond the PIN for one money movement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MovementConfirmation {
    /// The platform's biometric prompt succeeded (asked above 5,000.00 in a day).
    pub biometric: bool,
    /// The SMS OTP sent by `POST /v1/confirmations/otp` (asked above 50,000.00 in a day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_otp: Option<String>,
    /// The investor read the suitability warning and confirms the purchase anyway.
    pub suitability_confirmed: bool,
}

/// An order as the server records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// Server id.
    pub id: String,
    /// What it does.
    pub kind: OrderKind,
    /// Where it is.
    pub status: OrderStatus,
    /// Amount in yuan (= units).
    pub amount: Money,
    /// When the server accepted it.
    pub placed_at: BusinessTime,
    /// Trading day T (none for instant withdrawals).
    pub trading_day: Option<NaiveDate>,
    /// Day units move (T+1; the natural day for instant withdrawals).
    pub confirm_day: NaiveDate,
    /// Change sequence (cursor) of the last change.
    pub seq: i64,
}

/// Income posted for one natural day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRecord {
    /// Income day D (shown as "yesterday's income" on D+1).
    pub day: NaiveDate,
    /// Units it was computed on.
    pub units: Money,
    /// Income paid as units.
    pub income: Money,
    /// Change sequence (cursor).
    pub seq: i64,
}

/// The server's own figures, for the device to check its replica against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// Confirmed units.
    pub units: Money,
    /// Income since opening.
    pub total_income: Money,
    /// Cash paid to the card so far.
    pub cash_out: Money,
}

/// `GET /v1/account?after=CURSOR`: what changed since the cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDelta {
    /// The server's clock when it answered (the device keeps its offset).
    pub server_time: BusinessTime,
    /// Give this back as `after` next time.
    pub cursor: i64,
    /// Orders created or changed since the cursor.
    pub orders: Vec<OrderRecord>,
    /// Income lines posted since the cursor.
    pub income: Vec<IncomeRecord>,
    /// The server's figures now.
    pub summary: AccountSummary,
}

/// `GET /v1/reference`: product settings, calendar and recent 万份收益.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceData {
    /// Product settings.
    pub product: ProductSettings,
    /// The trading calendar.
    pub calendar: CalendarData,
    /// Published 万份收益, oldest first (`?per10k_from=` limits it).
    pub per_10k: Vec<DailyPer10k>,
    /// The server's clock when it answered.
    pub server_time: BusinessTime,
    /// Rules of the points, coupon and referral programme.
    #[serde(default)]
    pub programme: crate::points::ProgrammeRules,
}

/// Extra facts on an error a caller may act on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetails {
    /// Instant quota left today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Money>,
    /// The daily quota or cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<Money>,
    /// Units that may be withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<Money>,
    /// The minimum that applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Money>,
    /// A split offered instead (instant up to the quota + normal rest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<WithdrawalPlan>,
    /// The order's trading day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trading_day: Option<NaiveDate>,
    /// The input field refused (`phone`, `id_number`, `name`, `card`, `pin`, `answers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The onboarding step to do (`ONBOARDING_INCOMPLETE`, `STEP_OUT_OF_ORDER`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Tries left (`PIN_WRONG`, `OTP_WRONG`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
    /// When a lock ends or a retry is allowed (`PIN_LOCKED`, `OTP_TOO_SOON`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<BusinessTime>,
    /// The confirmation level needed (`CONFIRMATION_REQUIRED`: `pin_biometric`, `pin_biometric_sms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The investor's risk category and the product's risk level (`SUITABILITY_*`), e.g. "C2", "R3".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investor_level: Option<String>,
    /// The product's risk level ("R1".."R5").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_risk: Option<String>,
}

/// Every error response's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable code (`INVALID_AMOUNT`, `UNKNOWN_ORDER`, `BAD_REQUEST`, ...).
    pub code: String,
    /// A message a person can act on.
    pub message: String,
    /// Facts to act on.
    #[serde(default)]
    pub details: ErrorDetails,
}

impl ApiError {
    /// The API form of a rule's refusal.
    pub fn from_rule(e: &RuleError) -> ApiError {
        let mut d = ErrorDetails::default();
        match e {
            RuleError::BelowMinimum { minimum } => d.minimum = Some(*minimum),
            RuleError::AboveDailyLimit { cap, remaining } => {
                d.quota = Some(*cap);
                d.remaining = Some(*remaining);
            }
            RuleError::InsufficientUnits { available } => d.available = Some(*available),
            RuleError::InstantQuotaExceeded { quota, remaining } => {
                d.quota = Some(*quota);
                d.remaining = Some(*remaining);
            }
            RuleError::CutOffPassed { trading_day } => d.trading_day = Some(*trading_day),
            _ => {}
        }
        ApiError { code: e.code().into(), message: e.to_string(), details: d }
    }
}

/// `POST /admin/investors` (sandbox only): create an onboarded investor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateInvestor {
    /// Display name (never logged).
    pub name: String,
    /// Last four digits of the bound card.
    pub card_last4: String,
    /// Phone number (default: a unique sandbox number `199` + 8 digits of the id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Trading PIN (default `DEFAULT_SANDBOX_PIN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// Risk category C1–C5 (default C3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_level: Option<String>,
}

/// The trading PIN of investors made by `POST /admin/investors` without one (QA only).
pub const DEFAULT_SANDBOX_PIN: &str = "135790";

/// The new investor's id and session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorCreated {
    /// Account id.
    pub account_id: String,
    /// Bearer token for `/v1`.
    pub token: String,
}

/// `POST /admin/clock` (sandbox only): move the server's clock forward (batches run on the way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetClock {
    /// The new time; earlier than the current one is refused.
    pub now: BusinessTime,
}

/// The clock after a move and the batches it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockMoved {
    /// Server time now.
    pub now: BusinessTime,
    /// Natural days whose 00:00 batch ran.
    pub batches: Vec<NaiveDate>,
}

/// `POST /admin/per10k` (sandbox only): publish 万份收益 values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishPer10k {
    /// Values by natural day.
    pub days: Vec<DailyPer10k>,
}

/// `POST /admin/settings` (sandbox only): override product settings by domain name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideSettings {
    /// e.g. {"min_first_deposit": "100.00"}.
    pub settings: BTreeMap<String, String>,
}

/// `POST /v1/onboarding/otp`: send a one-time code to a phone (no session needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestOtp {
    /// Mainland mobile number.
    pub phone: String,
}

/// An OTP was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpSent {
    /// It is valid until then.
    pub expires_at: BusinessTime,
    /// A new one may be asked for from then.
    pub resend_at: BusinessTime,
    /// Sends left today.
    pub sends_left_today: u32,
}

/// `POST /v1/onboarding/session`: verify the OTP; returns a session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyOtp {
    /// The phone the code was sent to.
    pub phone: String,
    /// The 6-digit code.
    pub code: String,
}

/// A session after phone + OTP (a new investor, or the one of this phone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingSession {
    /// Account id.
    pub account_id: String,
    /// Bearer token for `/v1`.
    pub token: String,
    /// Where onboarding stands.
    pub status: OnboardingStatus,
}

/// `GET /v1/onboarding`: where onboarding stands (what the server holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingStatus {
    /// Account id.
    #[serde(default)]
    pub account_id: String,
    /// The step to do now (`phone`, `identity`, `card`, `pin`, `questionnaire`, `done`).
    pub step: String,
    /// Which steps are done.
    pub progress: crate::onboarding::Progress,
    /// Real name, when given.
    #[serde(default)]
    pub name: Option<String>,
    /// ID number masked (first 3 and last 4 shown), when given.
    #[serde(default)]
    pub id_number_masked: Option<String>,
    /// Last 4 digits of the bound card.
    #[serde(default)]
    pub card_last4: Option<String>,
    /// Risk category ("C1".."C5") and score of the last questionnaire.
    #[serde(default)]
    pub risk_level: Option<String>,
    /// Questionnaire score.
    #[serde(default)]
    pub risk_score: Option<u32>,
    /// The last day the questionnaire result is valid.
    #[serde(default)]
    pub risk_valid_until: Option<NaiveDate>,
}

/// `POST /v1/onboarding/identity`: real name and ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitIdentity {
    /// Real name as on the ID card.
    pub name: String,
    /// GB 11643 ID number.
    pub id_number: String,
}

/// `POST /v1/onboarding/card`: bind a bank card (four-element check: name, ID, card, phone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitCard {
    /// Card number (16-19 digits).
    pub card_number: String,
}

/// `POST /v1/onboarding/pin`: set the trading PIN (entered twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitPin {
    /// 6 digits.
    pub pin: String,
    /// The same again.
    pub pin_again: String,
}

/// `POST /v1/onboarding/questionnaire`: answers to the served questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitAnswers {
    /// The questionnaire's id (a stale version is refused).
    pub questionnaire_id: String,
    /// Option index per question.
    pub answers: Vec<usize>,
}

/// `GET /admin/otp?phone=P` (sandbox only): the last code sent to a phone, for tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxOtp {
    /// The code.
    pub code: String,
}
