//! Referral red packets (推荐奖励红包): anti-abuse checks when a referee binds a code, and the
//! decisions of the 7-day holding window (rules.md §6).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::points::error::PointsError;
use crate::points::programme::ProgrammeRules;

/// What identifies a person, as salted hashes (never the raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityFacts {
    /// Hash of the ID number.
    pub id_number: Option<String>,
    /// Hash of the phone number.
    pub phone: Option<String>,
    /// Hash of the bank card.
    pub card: Option<String>,
    /// Device ids the person has used.
    pub devices: Vec<String>,
}

impl IdentityFacts {
    /// Whether two sets of facts share an ID, phone, card or device.
    pub fn same_person(&self, other: &IdentityFacts) -> bool {
        let eq =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(x), Some(y)) if !x.is_empty() && x == y);
        eq(&self.id_number, &other.id_number)
            || eq(&self.phone, &other.phone)
            || eq(&self.card, &other.card)
            || self.devices.iter().any(|d| !d.is_empty() && other.devices.contains(d))
    }
}

/// Check a referee binding to a referrer: not the same account or person (`SELF_REFERRAL`),
/// and no referrer yet (`ALREADY_REFERRED`; the same referrer again is fine, a repeat).
pub fn check_bind(
    referrer_account: i64,
    referrer: &IdentityFacts,
    referee_account: i64,
    referee: &IdentityFacts,
    existing_referrer: Option<i64>,
) -> Result<(), PointsError> {
    if referrer_account == referee_account || referrer.same_person(referee) {
        return Err(PointsError::SelfReferral);
    }
    match existing_referrer {
        Some(r) if r != referrer_account => Err(PointsError::AlreadyReferred),
        _ => Ok(()),
    }
}

/// Whether a confirmed first deposit of `amount` starts a red packet, given the referrer's
/// rewarded (posted or pending) referrals in that calendar year.
pub fn starts_red_packet(rules: &ProgrammeRules, amount: Money, rewarded_this_year: i64) -> bool {
    rules.referral_reward.is_positive()
        && amount >= rules.referral_min_deposit
        && rewarded_this_year < rules.referral_yearly_cap
}

/// The natural day whose 00:00 batch decides a red packet started by a deposit confirmed on
/// `confirmed`: `referral_hold_days` natural days later.
pub fn decision_day(rules: &ProgrammeRules, confirmed: NaiveDate) -> NaiveDate {
    confirmed + Duration::days(rules.referral_hold_days)
}

/// Post (true) or void: the referee still holds at least the minimum.
pub fn red_packet_holds(rules: &ProgrammeRules, referee_units: Money) -> bool {
    referee_units >= rules.referral_min_deposit
}

/// The calendar year a referral counts in.
pub fn cap_year(confirmed: NaiveDate) -> i32 {
    confirmed.year()
}
