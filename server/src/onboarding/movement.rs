//! The authorisation of a money movement (`POST /v1/orders`): completed onboarding, a current
//! questionnaire, suitability (deposits), the confirmation level of the layered-authentication
//! policy, and the trading PIN with its lockout.

use axum::http::StatusCode;
use rusqlite::{params, Transaction};
use wealth_core::api::{OrderRecord, PlaceOrder};
use wealth_core::calendar::BusinessTime;
use wealth_core::onboarding::policy::{pin_attempt, presented_level, PinOutcome, PinTries, Presented};
use wealth_core::onboarding::suitability::{SUITABILITY_REFUSED, SUITABILITY_WARNING};
use wealth_core::onboarding::{questionnaire, required_confirmation, suitability, RiskCategory, Suitability};
use wealth_core::order::{OrderKind, OrderStatus};
use wealth_core::settings::ProductSettings;
use wealth_core::Money;

use super::steps::{verify_otp, OTP_MOVEMENT};
use super::{record, OnboardingConfig};
use crate::db;
use crate::error::Failure;
use crate::service::InvestorId;

/// A movement allowed through; what to record with the order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Authorized {
    /// A confirmed suitability mismatch: (investor category, product risk).
    suitability_confirmed: Option<(String, String)>,
}

/// A refusal, and whether the transaction holds a change to keep (a counted PIN or OTP try, a
/// shown warning).
pub(crate) struct Refusal {
    pub failure: Failure,
    pub commit: bool,
}

fn refuse(status: StatusCode, code: &str, message: impl Into<String>) -> Refusal {
    Refusal { failure: Failure::new(status, code, message), commit: false }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Refusal {
        Refusal { failure: Failure::from(e), commit: false }
    }
}

/// Authorise a movement of `amount` (checked by the order rules already). `orders` are the
/// investor's orders, for the day's total.
#[allow(clippy::too_many_arguments)]
pub(crate) fn authorize_movement(
    tx: &Transaction<'_>,
    cfg: &OnboardingConfig,
    product: &ProductSettings,
    who: InvestorId,
    req: &PlaceOrder,
    amount: Money,
    orders: &[OrderRecord],
    now: BusinessTime,
) -> Result<Authorized, Refusal> {
    let s = &cfg.settings();
    let rec = record(tx, who.0)?;
    let Some(rec) = rec.clone().filter(|r| r.progress.complete()) else {
        let step = rec.map(|r| r.progress.current()).unwrap_or(wealth_core::onboarding::Step::Phone);
        let mut r = refuse(
            StatusCode::FORBIDDEN,
            "ONBOARDING_INCOMPLETE",
            format!("finish onboarding first (next step: {step})"),
        );
        r.failure.error.details.step = Some(step.as_str().into());
        return Err(r);
    };
    let today = now.date_naive();
    let category = rec.risk_level.as_deref().and_then(RiskCategory::parse);
    let assessed = rec.assessed_on.as_deref().and_then(|d| d.parse().ok());
    let (Some(category), Some(assessed)) = (category, assessed) else {
        return Err(refuse(StatusCode::FORBIDDEN, "ONBOARDING_INCOMPLETE", "take the risk questionnaire first"));
    };
    if questionnaire::is_expired(assessed, s.questionnaire_valid_days, today) {
        let mut r = refuse(
            StatusCode::FORBIDDEN,
            "QUESTIONNAIRE_EXPIRED",
            "your risk questionnaire result has expired; take it again",
        );
        r.failure.error.details.step = Some("questionnaire".into());
        return Err(r);
    }

    let mut auth = Authorized::default();
    if req.kind == OrderKind::Deposit {
        let risk = format!("R{}", product.risk_level);
        let level = category.to_string();
        let with_levels = |mut r: Refusal| {
            r.failure.error.details.investor_level = Some(level.clone());
            r.failure.error.details.product_risk = Some(risk.clone());
            r
        };
        match suitability(category, product.risk_level) {
            Suitability::Suitable => {}
            Suitability::Refused => {
                return Err(with_levels(refuse(
                    StatusCode::FORBIDDEN,
                    SUITABILITY_REFUSED,
                    format!("a {level} (conservative) investor may not buy a {risk} product"),
                )));
            }
            Suitability::NeedsConfirmation if !req.confirmation.suitability_confirmed => {
                tx.execute(
                    "INSERT INTO suitability_records (investor, investor_level, product_risk, warning, shown_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![who.0, level, risk, SUITABILITY_WARNING, db::time_text(now)],
                )?;
                let mut r = with_levels(refuse(
                    StatusCode::CONFLICT,
                    SUITABILITY_WARNING,
                    format!(
                        "this {risk} product is riskier than your {level} assessment; confirm that you understand the risk to buy it anyway"
                    ),
                ));
                r.commit = true;
                return Err(r);
            }
            Suitability::NeedsConfirmation => auth.suitability_confirmed = Some((level, risk)),
        }
    }

    let moved_today = orders
        .iter()
        .filter(|o| o.status != OrderStatus::Cancelled && o.placed_at.date_naive() == today)
        .try_fold(Money::ZERO, |acc, o| acc.checked_add(o.amount))
        .unwrap_or(Money::ZERO);
    let needed = required_confirmation(s, moved_today, amount);
    let presented = presented_level(Presented {
        biometric: req.confirmation.biometric,
        sms_otp: req.confirmation.sms_otp.as_deref().is_some_and(|c| !c.is_empty()),
    });
    if presented < needed {
        let mut r = refuse(
            StatusCode::FORBIDDEN,
            "CONFIRMATION_REQUIRED",
            format!("this movement needs confirmation by {}", needed.as_str().replace('_', " + ")),
        );
        r.failure.error.details.level = Some(needed.as_str().into());
        return Err(r);
    }

    let Some(pin) = req.pin.as_deref().filter(|p| !p.is_empty()) else {
        return Err(refuse(StatusCode::FORBIDDEN, "PIN_REQUIRED", "enter your trading PIN"));
    };
    let tries =
        PinTries { failures: rec.pin_failures, locked_until: rec.pin_locked_until.as_deref().and_then(db::parse_time) };
    let locked_now = wealth_core::onboarding::policy::pin_locked(tries, now).is_some();
    let right = !locked_now && rec.pin_hash.as_deref().is_some_and(|h| cfg.pin_matches(h, pin));
    let (outcome, next) = pin_attempt(s, tries, right, now);
    if next != tries {
        tx.execute(
            "UPDATE onboarding SET pin_failures = ?1, pin_locked_until = ?2 WHERE investor = ?3",
            params![next.failures, next.locked_until.map(db::time_text), who.0],
        )?;
    }
    match outcome {
        PinOutcome::Right => {}
        PinOutcome::Wrong(left) => {
            let mut r = refuse(StatusCode::FORBIDDEN, "PIN_WRONG", format!("wrong trading PIN; {left} tries left"));
            r.failure.error.details.tries_left = Some(left);
            r.commit = true;
            return Err(r);
        }
        PinOutcome::Locked(until) => {
            let mut r = refuse(
                StatusCode::LOCKED,
                "PIN_LOCKED",
                format!("too many wrong PINs; the trading PIN is locked until {until}"),
            );
            r.failure.error.details.retry_at = Some(until);
            r.failure.error.details.tries_left = Some(0);
            r.commit = next != tries;
            return Err(r);
        }
    }

    if needed == wealth_core::onboarding::ConfirmationLevel::PinBiometricSms {
        let phone = rec.phone.as_deref().unwrap_or_default();
        let code = req.confirmation.sms_otp.as_deref().unwrap_or_default();
        verify_otp(tx, cfg, phone, OTP_MOVEMENT, code.trim(), now)
            .map_err(|(failure, commit)| Refusal { failure, commit: commit || next != tries })?;
    }
    Ok(auth)
}

/// Record with the new order what its authorisation involved (a confirmed suitability warning).
pub(crate) fn record_movement(
    tx: &Transaction<'_>,
    who: InvestorId,
    auth: &Authorized,
    order_id: &str,
    now: BusinessTime,
) -> Result<(), Failure> {
    if let Some((level, risk)) = &auth.suitability_confirmed {
        let updated = tx.execute(
            "UPDATE suitability_records SET confirmed_at = ?1, order_id = ?2
             WHERE id = (SELECT id FROM suitability_records WHERE investor = ?3 AND product_risk = ?4
                         AND confirmed_at IS NULL ORDER BY id DESC LIMIT 1)",
            params![db::time_text(now), order_id, who.0, risk],
        )?;
        if updated == 0 {
            tx.execute(
                "INSERT INTO suitability_records (investor, investor_level, product_risk, warning, shown_at, confirmed_at, order_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                params![who.0, level, risk, SUITABILITY_WARNING, db::time_text(now), order_id],
            )?;
        }
    }
    Ok(())
}
