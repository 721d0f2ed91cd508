//! Onboarding and authentication settings with their defaults (rules.md §5), and the rules that
//! use them: OTP limits, PIN lockout, layered authentication of money movements.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessTime;
use crate::error::RuleError;
use crate::money::Money;

/// Settings of onboarding and authentication (product settings; defaults are the domain's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OnboardingSettings {
    /// An OTP is valid this many seconds (300).
    pub otp_valid_secs: i64,
    /// Wrong tries allowed per OTP (5).
    pub otp_max_tries: u32,
    /// A new OTP may be sent this many seconds after the last (60).
    pub otp_resend_secs: i64,
    /// OTPs sent to one phone per natural day (10).
    pub otp_daily_sends: u32,
    /// Wrong PIN tries before a lock (5).
    pub pin_max_tries: u32,
    /// Lock length in minutes (30).
    pub pin_lock_minutes: i64,
    /// Four-element card checks per investor per natural day (5): stops card-number flooding.
    pub card_checks_per_day: u32,
    /// Questionnaire results expire after this many days (730 = 2 years).
    pub questionnaire_valid_days: i64,
    /// Above this total of money movements in a natural day, biometric confirmation too.
    pub biometric_above: Money,
    /// Above this total in a natural day, an SMS OTP too.
    pub sms_otp_above: Money,
}

impl Default for OnboardingSettings {
    fn default() -> Self {
        OnboardingSettings {
            otp_valid_secs: 300,
            otp_max_tries: 5,
            otp_resend_secs: 60,
            otp_daily_sends: 10,
            pin_max_tries: 5,
            pin_lock_minutes: 30,
            card_checks_per_day: 5,
            questionnaire_valid_days: 730,
            biometric_above: Money::from_fen(500_000),
            sms_otp_above: Money::from_fen(5_000_000),
        }
    }
}

impl OnboardingSettings {
    /// Names `set` understands.
    pub const NAMES: [&'static str; 10] = [
        "otp_valid_secs",
        "otp_max_tries",
        "otp_resend_secs",
        "otp_daily_sends",
        "pin_max_tries",
        "pin_lock_minutes",
        "card_checks_per_day",
        "questionnaire_valid_days",
        "biometric_above",
        "sms_otp_above",
    ];

    /// True for names `set` understands.
    pub fn is_setting(name: &str) -> bool {
        Self::NAMES.contains(&name)
    }

    /// Apply one override by name (whole numbers ≥ 1; amounts for `biometric_above` and
    /// `sms_otp_above`).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), RuleError> {
        let bad = |reason: &str| RuleError::InvalidSetting { name: name.into(), reason: reason.into() };
        let int = || {
            value.trim().parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| bad("must be a whole number, 1 or more"))
        };
        let small = || int().and_then(|n| u32::try_from(n).map_err(|_| bad("too large")));
        let money = || match value.parse::<Money>() {
            Ok(m) if !m.is_negative() => Ok(m),
            _ => Err(bad("must be an amount, 0 or more")),
        };
        match name {
            "otp_valid_secs" => self.otp_valid_secs = int()?,
            "otp_max_tries" => self.otp_max_tries = small()?,
            "otp_resend_secs" => self.otp_resend_secs = int()?,
            "otp_daily_sends" => self.otp_daily_sends = small()?,
            "pin_max_tries" => self.pin_max_tries = small()?,
            "pin_lock_minutes" => self.pin_lock_minutes = int()?,
            "card_checks_per_day" => self.card_checks_per_day = small()?,
            "questionnaire_valid_days" => self.questionnaire_valid_days = int()?,
            "biometric_above" => self.biometric_above = money()?,
            "sms_otp_above" => self.sms_otp_above = money()?,
            _ => return Err(bad("not an onboarding setting")),
        }
        Ok(())
    }
}

/// What a money movement must carry, in increasing strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationLevel {
    /// The trading PIN.
    Pin,
    /// PIN + the platform's biometric confirmation.
    PinBiometric,
    /// PIN + biometric + an SMS OTP.
    PinBiometricSms,
}

impl ConfirmationLevel {
    /// Stable name ("pin", "pin_biometric", "pin_biometric_sms").
    pub fn as_str(self) -> &'static str {
        match self {
            ConfirmationLevel::Pin => "pin",
            ConfirmationLevel::PinBiometric => "pin_biometric",
            ConfirmationLevel::PinBiometricSms => "pin_biometric_sms",
        }
    }
}

/// The confirmation a movement of `amount` needs when `moved_today` was already moved (deposits
/// and withdrawals, not cancelled) in the same natural day: PIN always; biometric when the day's
/// total would exceed `biometric_above`; SMS OTP too when it would exceed `sms_otp_above`.
pub fn required_confirmation(s: &OnboardingSettings, moved_today: Money, amount: Money) -> ConfirmationLevel {
    let total = moved_today.checked_add(amount).unwrap_or(amount);
    if total > s.sms_otp_above {
        ConfirmationLevel::PinBiometricSms
    } else if total > s.biometric_above {
        ConfirmationLevel::PinBiometric
    } else {
        ConfirmationLevel::Pin
    }
}

/// What the confirmation a movement carries says it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Presented {
    /// The platform's biometric prompt succeeded.
    pub biometric: bool,
    /// A valid SMS OTP was given.
    pub sms_otp: bool,
}

/// The level the presented factors reach (the PIN is checked separately, always).
pub fn presented_level(p: Presented) -> ConfirmationLevel {
    match (p.biometric, p.sms_otp) {
        (true, true) => ConfirmationLevel::PinBiometricSms,
        (true, false) => ConfirmationLevel::PinBiometric,
        _ => ConfirmationLevel::Pin,
    }
}

/// Why an OTP may not be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpSendRefusal {
    /// Wait until this time (resend interval).
    TooSoon(BusinessTime),
    /// The day's sends are used up.
    DailyCap,
}

/// May an OTP be sent at `now`, given the last send and the sends this natural day?
pub fn check_otp_send(
    s: &OnboardingSettings,
    last_sent: Option<BusinessTime>,
    sent_today: u32,
    now: BusinessTime,
) -> Result<(), OtpSendRefusal> {
    if sent_today >= s.otp_daily_sends {
        return Err(OtpSendRefusal::DailyCap);
    }
    if let Some(last) = last_sent {
        let next = last + Duration::seconds(s.otp_resend_secs);
        if now < next {
            return Err(OtpSendRefusal::TooSoon(next));
        }
    }
    Ok(())
}

/// Why an OTP was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpRefusal {
    /// Wrong code; tries left for this code.
    Wrong(u32),
    /// Expired, used, or out of tries: ask for a new one.
    Expired,
}

/// Check a typed OTP against the issued one. `tries_used` counts earlier wrong tries.
pub fn check_otp(
    s: &OnboardingSettings,
    issued_at: BusinessTime,
    tries_used: u32,
    matches: bool,
    now: BusinessTime,
) -> Result<(), OtpRefusal> {
    if now > issued_at + Duration::seconds(s.otp_valid_secs) || tries_used >= s.otp_max_tries {
        return Err(OtpRefusal::Expired);
    }
    if !matches {
        let left = s.otp_max_tries - tries_used - 1;
        return Err(if left == 0 { OtpRefusal::Expired } else { OtpRefusal::Wrong(left) });
    }
    Ok(())
}

/// The state of a PIN's wrong-try counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PinTries {
    /// Wrong tries since the last right one or the last lock.
    pub failures: u32,
    /// Locked until this time.
    pub locked_until: Option<BusinessTime>,
}

/// Outcome of a PIN check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    /// Right PIN: counter reset.
    Right,
    /// Wrong PIN: tries left before the lock.
    Wrong(u32),
    /// Locked until this time (the check was not even made, or this try locked it).
    Locked(BusinessTime),
}

/// Apply a PIN check at `now` (`right` is the hash comparison, ignored while locked). Returns the
/// outcome and the counter to store.
pub fn pin_attempt(s: &OnboardingSettings, tries: PinTries, right: bool, now: BusinessTime) -> (PinOutcome, PinTries) {
    if let Some(until) = tries.locked_until.filter(|u| now < *u) {
        return (PinOutcome::Locked(until), tries);
    }
    let failures = if tries.locked_until.is_some() { 0 } else { tries.failures };
    if right {
        return (PinOutcome::Right, PinTries::default());
    }
    let failures = failures + 1;
    if failures >= s.pin_max_tries {
        let until = now + Duration::minutes(s.pin_lock_minutes);
        (PinOutcome::Locked(until), PinTries { failures: 0, locked_until: Some(until) })
    } else {
        (PinOutcome::Wrong(s.pin_max_tries - failures), PinTries { failures, locked_until: None })
    }
}

/// Whether the PIN check step can be reached at all: true while locked.
pub fn pin_locked(tries: PinTries, now: BusinessTime) -> Option<BusinessTime> {
    tries.locked_until.filter(|u| now < *u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::shanghai;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> BusinessTime {
        shanghai().with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    #[test]
    fn five_wrong_pins_lock_for_thirty_minutes() {
        let s = OnboardingSettings::default();
        let mut tries = PinTries::default();
        for left in (1..5).rev() {
            let (o, next) = pin_attempt(&s, tries, false, t(10, 0));
            assert_eq!(o, PinOutcome::Wrong(left));
            tries = next;
        }
        let (o, tries) = pin_attempt(&s, tries, false, t(10, 0));
        assert_eq!(o, PinOutcome::Locked(t(10, 30)));
        // Even the right PIN is refused while locked.
        assert_eq!(pin_attempt(&s, tries, true, t(10, 29)).0, PinOutcome::Locked(t(10, 30)));
        assert_eq!(pin_attempt(&s, tries, true, t(10, 30)).0, PinOutcome::Right);
    }

    #[test]
    fn layered_levels_by_day_total() {
        let s = OnboardingSettings::default();
        let m = |y: i64| Money::from_fen(y * 100);
        assert_eq!(required_confirmation(&s, m(0), m(5000)), ConfirmationLevel::Pin);
        assert_eq!(required_confirmation(&s, m(4000), m(1001)), ConfirmationLevel::PinBiometric);
        assert_eq!(required_confirmation(&s, m(0), m(50_000)), ConfirmationLevel::PinBiometric);
        assert_eq!(required_confirmation(&s, m(50_000), Money::from_fen(1)), ConfirmationLevel::PinBiometricSms);
    }

    #[test]
    fn otp_limits() {
        let s = OnboardingSettings::default();
        assert_eq!(check_otp_send(&s, Some(t(10, 0)), 1, t(10, 0)), Err(OtpSendRefusal::TooSoon(t(10, 1))));
        assert_eq!(check_otp_send(&s, Some(t(10, 0)), 1, t(10, 1)), Ok(()));
        assert_eq!(check_otp_send(&s, None, 10, t(10, 1)), Err(OtpSendRefusal::DailyCap));
        assert_eq!(check_otp(&s, t(10, 0), 0, false, t(10, 1)), Err(OtpRefusal::Wrong(4)));
        assert_eq!(check_otp(&s, t(10, 0), 4, false, t(10, 1)), Err(OtpRefusal::Expired));
        assert_eq!(check_otp(&s, t(10, 0), 4, true, t(10, 1)), Ok(()));
        assert_eq!(check_otp(&s, t(10, 0), 0, true, t(10, 6)), Err(OtpRefusal::Expired));
    }
}
