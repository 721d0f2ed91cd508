//! The programme's rules as data (rules.md §6): earning, coupon catalogue, referral rules and
//! limits. Served by the server, cached on the device; every field is a setting with the
//! domain's default.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::error::RuleError;
use crate::money::Money;

/// Rules of the points, coupon and referral programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeRules {
    /// Points per onboarding task (`risk_questionnaire`, `card_bound`: 50 each).
    pub task_rewards: BTreeMap<String, i64>,
    /// Newbie privilege (新手特权): points for the first confirmed deposit of at least `newbie_min`.
    pub newbie_points: i64,
    /// Smallest first deposit that earns the newbie privilege.
    pub newbie_min: Money,
    /// Whether holding points are earned.
    pub holding_points: bool,
    /// Units per holding point (floor(units / this)).
    pub holding_units_per_point: Money,
    /// Most holding points a day.
    pub holding_daily_cap: i64,
    /// Points per 1.00 yuan of coupon value.
    pub points_per_yuan: i64,
    /// Coupon values offered, in yuan.
    pub coupon_values: Vec<Money>,
    /// Minimum deposit = value × this.
    pub coupon_min_multiple: i64,
    /// Days a coupon stays valid after redemption.
    pub coupon_valid_days: i64,
    /// Referral red packet (yuan).
    pub referral_reward: Money,
    /// The referee's first deposit must be at least this, and still held after the window.
    pub referral_min_deposit: Money,
    /// Natural days the red packet stays pending.
    pub referral_hold_days: i64,
    /// Rewarded referrals per referrer per calendar year.
    pub referral_yearly_cap: i64,
}

impl Default for ProgrammeRules {
    fn default() -> Self {
        ProgrammeRules {
            task_rewards: [("risk_questionnaire".to_string(), 50), ("card_bound".to_string(), 50)].into(),
            newbie_points: 500,
            newbie_min: Money::from_fen(10_000),
            holding_points: true,
            holding_units_per_point: Money::from_fen(1_000_000),
            holding_daily_cap: 10,
            points_per_yuan: 100,
            coupon_values: vec![Money::from_fen(500), Money::from_fen(1_000), Money::from_fen(2_000)],
            coupon_min_multiple: 100,
            coupon_valid_days: 30,
            referral_reward: Money::from_fen(1_000),
            referral_min_deposit: Money::from_fen(100_000),
            referral_hold_days: 7,
            referral_yearly_cap: 50,
        }
    }
}

/// Names `ProgrammeRules::set` understands.
pub const PROGRAMME_SETTINGS: &[&str] = &[
    "newbie_points",
    "newbie_min",
    "holding_points",
    "holding_daily_cap",
    "points_per_yuan",
    "coupon_valid_days",
    "referral_reward",
    "referral_min_deposit",
    "referral_hold_days",
    "referral_yearly_cap",
];

impl ProgrammeRules {
    /// Apply one override by its domain name (see `PROGRAMME_SETTINGS`). Unknown names and
    /// out-of-range values are refused with `INVALID_SETTING`.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), RuleError> {
        let bad = |reason: &str| RuleError::InvalidSetting { name: name.into(), reason: reason.into() };
        let count = |min: i64| match value.trim().parse::<i64>() {
            Ok(n) if n >= min && n <= 1_000_000_000 => Ok(n),
            _ => Err(bad(&format!("must be a whole number from {min}"))),
        };
        let money = || match value.parse::<Money>() {
            Ok(m) if !m.is_negative() => Ok(m),
            _ => Err(bad("must be an amount of 0.00 or more")),
        };
        match name {
            "newbie_points" => self.newbie_points = count(0)?,
            "newbie_min" => self.newbie_min = money()?,
            "holding_points" => {
                self.holding_points = match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(bad("must be true or false")),
                }
            }
            "holding_daily_cap" => self.holding_daily_cap = count(0)?,
            "points_per_yuan" => self.points_per_yuan = count(1)?,
            "coupon_valid_days" => self.coupon_valid_days = count(1)?,
            "referral_reward" => self.referral_reward = money()?,
            "referral_min_deposit" => self.referral_min_deposit = money()?,
            "referral_hold_days" => self.referral_hold_days = count(0)?,
            "referral_yearly_cap" => self.referral_yearly_cap = count(0)?,
            _ => return Err(bad("not a programme setting")),
        }
        Ok(())
    }

    /// True for names `set` understands.
    pub fn is_setting(name: &str) -> bool {
        PROGRAMME_SETTINGS.contains(&name)
    }

    /// Points of an onboarding task (0 for a task the programme does not reward).
    pub fn task_points(&self, task: &str) -> i64 {
        self.task_rewards.get(task).copied().unwrap_or(0)
    }

    /// Holding points for `units` that earned income on a day: floor(units / per point), capped.
    pub fn holding_points_for(&self, units: Money) -> i64 {
        if !self.holding_points || !self.holding_units_per_point.is_positive() || !units.is_positive() {
            return 0;
        }
        let whole = (units.decimal() / self.holding_units_per_point.decimal()).floor();
        let n: i64 = whole.try_into().unwrap_or(i64::MAX);
        n.min(self.holding_daily_cap).max(0)
    }

    /// Whether a confirmed first deposit of `amount` earns the newbie privilege.
    pub fn earns_newbie(&self, amount: Money) -> bool {
        self.newbie_points > 0 && amount >= self.newbie_min
    }
}
