//! Onboarding in the bindings: the `Onboarding` object (one method per step, a view model with
//! what is filled, what is missing and the errors per field), the newbie guide, the validators
//! for live field checks. The platform secret store is `PlatformSecretStore` (offline.rs).

use std::sync::{Arc, Mutex};

use wealth_core::device::onboarding::{OnboardingFlow, OnboardingView};
use wealth_core::onboarding::{validate, GuideItem, Questionnaire};

use wealth_core::display::{self, DisplayLocale as CoreLocale};

use crate::error::{self, WealthError};
use crate::observer::DisplayLocale;
use crate::offline::{ForeignSecrets, PlatformSecretStore};

/// A refusal of one input field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldError {
    /// `phone`, `code`, `name`, `id_number`, `card`, `pin`, `answers`.
    pub field: String,
    /// Stable code (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE`, `PIN_TOO_SIMPLE`, ...).
    pub code: String,
    /// What to show next to the field, in the onboarding's locale.
    pub message: String,
}

/// What the onboarding screens show.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OnboardingViewModel {
    /// The step to show: `phone`, `identity`, `card`, `pin`, `questionnaire`, `done`.
    pub step: String,
    /// Steps done, in order.
    pub done_steps: Vec<String>,
    /// Phone number given (normalised).
    pub phone: Option<String>,
    /// Account id after phone + OTP.
    pub account_id: Option<String>,
    /// Real name.
    pub name: Option<String>,
    /// ID number, masked.
    pub id_number_masked: Option<String>,
    /// Last 4 digits of the bound card.
    pub card_last4: Option<String>,
    /// Risk category "C1".."C5".
    pub risk_level: Option<String>,
    /// Questionnaire score.
    pub risk_score: Option<u32>,
    /// Fields filled.
    pub filled: Vec<String>,
    /// Fields missing, in order.
    pub missing: Vec<String>,
    /// The last refusal per field.
    pub errors: Vec<FieldError>,
    /// A session token is in the secret store (use it for `WealthConfig`).
    pub has_session: bool,
}

impl OnboardingViewModel {
    fn new(v: OnboardingView, loc: CoreLocale) -> Self {
        let done_steps = wealth_core::onboarding::Step::INPUT_STEPS
            .into_iter()
            .filter(|s| v.progress.is_done(*s))
            .map(|s| s.as_str().to_string())
            .collect();
        OnboardingViewModel {
            step: v.step.as_str().into(),
            done_steps,
            phone: v.phone,
            account_id: v.account_id,
            name: v.name,
            id_number_masked: v.id_number_masked,
            card_last4: v.card_last4,
            risk_level: v.risk_level,
            risk_score: v.risk_score,
            filled: v.filled,
            missing: v.missing,
            errors: v
                .errors
                .into_iter()
                .map(|(field, code)| FieldError { message: display::field_message(&code, &field, loc), field, code })
                .collect(),
            has_session: v.has_session,
        }
    }
}

/// An OTP was sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OtpSentView {
    /// Valid until (RFC 3339).
    pub expires_at: String,
    /// A new one may be asked for from (RFC 3339).
    pub resend_at: String,
    /// Sends left today.
    pub sends_left_today: u32,
    /// Valid until, for display (`11月19日 18:05` / `19 Nov 18:05`).
    pub expires_display: String,
    /// A new one from, for display (same form).
    pub resend_display: String,
}

impl OtpSentView {
    pub(crate) fn new(o: wealth_core::api::OtpSent, loc: CoreLocale) -> Self {
        let (expires, resend) = (o.expires_at, o.resend_at);
        OtpSentView {
            expires_at: o.expires_at.to_rfc3339(),
            resend_at: o.resend_at.to_rfc3339(),
            sends_left_today: o.sends_left_today,
            expires_display: display::short_time(expires, loc),
            resend_display: display::short_time(resend, loc),
        }
    }
}

/// The card step's result.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardStepResult {
    /// The view after the step.
    pub view: OnboardingViewModel,
    /// `LUHN` when the number fails the Luhn check (accepted by the bank anyway).
    pub warning: Option<String>,
    /// The warning's text in the onboarding's locale, or "".
    pub warning_message: String,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuestionView {
    /// Stable id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Option texts; answer with the index.
    pub options: Vec<String>,
}

/// The risk questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuestionnaireView {
    /// Version id.
    pub id: String,
    /// Questions in order.
    pub questions: Vec<QuestionView>,
    /// Answers that score C3 (for demos and tests).
    pub default_answers: Vec<u32>,
}

impl From<Questionnaire> for QuestionnaireView {
    fn from(q: Questionnaire) -> Self {
        QuestionnaireView {
            id: q.id,
            questions: q
                .questions
                .into_iter()
                .map(|x| QuestionView {
                    id: x.id,
                    text: x.text,
                    options: x.options.into_iter().map(|o| o.text).collect(),
                })
                .collect(),
            default_answers: q.scenario_default_answers.into_iter().map(|a| a as u32).collect(),
        }
    }
}

/// One item of the newbie guide.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GuideItemView {
    /// Stable id (`phone`, ..., `what_is_it`, `protection`, `first_deposit`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Done.
    pub done: bool,
}

impl From<GuideItem> for GuideItemView {
    fn from(g: GuideItem) -> Self {
        GuideItemView { id: g.id, title: g.title, done: g.done }
    }
}

/// The onboarding flow of a new investor; resumable: open it again on the same `data_dir` after
/// a restart and `view()` shows the step to continue with.
#[derive(uniffi::Object)]
pub struct Onboarding {
    flow: OnboardingFlow,
    locale: Mutex<CoreLocale>,
}

impl Onboarding {
    fn locale(&self) -> CoreLocale {
        *self.locale.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn view_model(&self, v: OnboardingView) -> OnboardingViewModel {
        OnboardingViewModel::new(v, self.locale())
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Onboarding {
    /// Open the local store in `data_dir` (the same folder as `WealthConfig.data_dir`). No network.
    #[uniffi::constructor]
    pub fn open(
        server_url: String,
        ca_cert_pem: Option<String>,
        data_dir: String,
        secrets: Arc<dyn PlatformSecretStore>,
    ) -> Result<Arc<Onboarding>, WealthError> {
        error::guard(|| {
            let flow = OnboardingFlow::open(
                &server_url,
                ca_cert_pem.as_deref(),
                std::path::Path::new(&data_dir),
                Arc::new(ForeignSecrets(secrets)),
            )?;
            Ok(Arc::new(Onboarding { flow, locale: Mutex::default() }))
        })
    }

    /// The language of the field messages (default zh-CN).
    pub fn set_locale(&self, locale: DisplayLocale) {
        *self.locale.lock().unwrap_or_else(|p| p.into_inner()) = locale.into();
    }

    /// Where onboarding stands, from the local store (works offline).
    pub fn view(&self) -> Result<OnboardingViewModel, WealthError> {
        error::guard(|| Ok(self.view_model(self.flow.view()?)))
    }

    /// Bring the local progress up to the server's (call after a restart).
    pub async fn refresh(&self) -> Result<OnboardingViewModel, WealthError> {
        error::guard_async(async { Ok(self.view_model(self.flow.refresh().await?)) }).await
    }

    /// Step 1a: send an OTP to a phone.
    pub async fn request_otp(&self, phone: String) -> Result<OtpSentView, WealthError> {
        error::guard_async(async { Ok(OtpSentView::new(self.flow.request_otp(&phone).await?, self.locale())) }).await
    }

    /// Step 1b: the code received by SMS.
    pub async fn verify_otp(&self, code: String) -> Result<OnboardingViewModel, WealthError> {
        error::guard_async(async { Ok(self.view_model(self.flow.verify_otp(&code).await?)) }).await
    }

    /// Step 2: real name and ID number (checked on the device at today's date, then by the server).
    pub async fn submit_identity(&self, name: String, id_number: String) -> Result<OnboardingViewModel, WealthError> {
        error::guard_async(async {
            let today = wealth_core::calendar::to_shanghai(chrono::Utc::now()).date_naive();
            Ok(self.view_model(self.flow.submit_identity(&name, &id_number, today).await?))
        })
        .await
    }

    /// Step 3: the bank card.
    pub async fn submit_card(&self, card_number: String) -> Result<CardStepResult, WealthError> {
        error::guard_async(async {
            let (view, warning) = self.flow.submit_card(&card_number).await?;
            let warning_message = display::field_message(warning.as_deref().unwrap_or(""), "card", self.locale());
            Ok(CardStepResult { view: self.view_model(view), warning, warning_message })
        })
        .await
    }

    /// Step 4: the trading PIN, twice.
    pub async fn submit_pin(&self, pin: String, pin_again: String) -> Result<OnboardingViewModel, WealthError> {
        error::guard_async(async { Ok(self.view_model(self.flow.submit_pin(&pin, &pin_again).await?)) }).await
    }

    /// The risk questionnaire (cached for offline).
    pub async fn questionnaire(&self) -> Result<QuestionnaireView, WealthError> {
        error::guard_async(async { Ok(self.flow.questionnaire().await?.into()) }).await
    }

    /// Step 5: one option index per question.
    pub async fn submit_answers(&self, answers: Vec<u32>) -> Result<OnboardingViewModel, WealthError> {
        error::guard_async(async {
            let a: Vec<usize> = answers.into_iter().map(|x| x as usize).collect();
            Ok(self.view_model(self.flow.submit_answers(&a).await?))
        })
        .await
    }

    /// The session token once phone + OTP are done (for `WealthConfig.session_token`).
    pub fn session_token(&self) -> Option<String> {
        self.flow.session_token()
    }

    /// The newbie guide checklist.
    pub fn newbie_guide(&self, first_deposit_made: bool) -> Result<Vec<GuideItemView>, WealthError> {
        error::guard(|| Ok(self.flow.newbie_guide(first_deposit_made)?.into_iter().map(Into::into).collect()))
    }

    /// Mark a guide page read (`what_is_it`, `protection`).
    pub fn mark_guide_read(&self, id: String) -> Result<(), WealthError> {
        error::guard(|| Ok(self.flow.mark_guide_read(&id)?))
    }
}

/// The result of checking one value as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldCheck {
    /// Accepted.
    pub ok: bool,
    /// Refusal code, or "".
    pub code: String,
    /// Warning (`LUHN`), or "".
    pub warning: String,
    /// What to show next to the field (the refusal's or the warning's text), or "".
    pub message: String,
}

fn field_check<T>(
    r: Result<T, validate::FieldCode>,
    field: &str,
    locale: Option<DisplayLocale>,
    warning: impl FnOnce(&T) -> Option<&'static str>,
) -> FieldCheck {
    let loc: CoreLocale = locale.map(Into::into).unwrap_or_default();
    match r {
        Ok(v) => {
            let warning = warning(&v).unwrap_or_default();
            FieldCheck {
                ok: true,
                code: String::new(),
                warning: warning.into(),
                message: display::field_message(warning, field, loc),
            }
        }
        Err(c) => FieldCheck {
            ok: false,
            code: c.as_str().into(),
            warning: String::new(),
            message: display::field_message(c.as_str(), field, loc),
        },
    }
}

/// Check a mobile number (`FORMAT`); the message in `locale` (default zh-CN).
#[uniffi::export(default(locale))]
pub fn check_phone(value: String, locale: Option<DisplayLocale>) -> FieldCheck {
    field_check(validate::phone(&value), "phone", locale, |_| None)
}

/// Check an ID number (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE`) at `today` (YYYY-MM-DD;
/// default: today in Beijing time, the business calendar's day).
#[uniffi::export(default(today = None, locale = None))]
pub fn check_id_number(
    value: String,
    today: Option<String>,
    locale: Option<DisplayLocale>,
) -> Result<FieldCheck, WealthError> {
    let today = match today {
        Some(d) => crate::convert::parse_day(&d)?,
        None => wealth_core::calendar::to_shanghai(chrono::Utc::now()).date_naive(),
    };
    Ok(field_check(validate::id_number(&value, today), "id_number", locale, |_| None))
}

/// Check a card number (`FORMAT`; warning `LUHN`).
#[uniffi::export(default(locale))]
pub fn check_card(value: String, locale: Option<DisplayLocale>) -> FieldCheck {
    field_check(validate::card(&value), "card", locale, |c| c.warning.map(|w| w.as_str()))
}

/// Check a trading PIN (`FORMAT`, `PIN_TOO_SIMPLE`).
#[uniffi::export(default(locale))]
pub fn check_pin(value: String, locale: Option<DisplayLocale>) -> FieldCheck {
    field_check(validate::pin(&value), "pin", locale, |_| None)
}
