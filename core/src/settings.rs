//! Product settings of the money-market fund (rules.md §2), served by the server and cached
//! on the device. Defaults are the domain's.

use serde::{Deserialize, Serialize};

use crate::error::RuleError;
use crate::money::Money;

/// Limits and identifiers of the cash-account product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductSettings {
    /// Fund code shown on statements.
    pub fund_code: String,
    /// Fund name shown to the investor.
    pub fund_name: String,
    /// Risk level R1–R5 (the money-market fund is R1).
    pub risk_level: u8,
    /// Minimum first deposit.
    pub min_first_deposit: Money,
    /// Minimum later deposit.
    pub min_top_up: Money,
    /// Cap on deposits per natural day; `None` for no cap.
    pub daily_deposit_cap: Option<Money>,
    /// Minimum withdrawal.
    pub min_withdrawal: Money,
    /// Instant (T+0) withdrawals per investor per natural day (PBoC/CSRC, June 2018: 10,000.00).
    pub instant_quota: Money,
}

impl Default for ProductSettings {
    fn default() -> Self {
        ProductSettings {
            fund_code: "000000".into(),
            fund_name: "Cash Treasure Money Market Fund".into(),
            risk_level: 1,
            min_first_deposit: Money::from_fen(100),
            min_top_up: Money::from_fen(100),
            daily_deposit_cap: None,
            min_withdrawal: Money::from_fen(1),
            instant_quota: Money::from_fen(1_000_000),
        }
    }
}

impl ProductSettings {
    /// Apply one override by its domain name (`min_first_deposit`, `min_top_up`,
    /// `daily_deposit_cap`, `min_withdrawal`, `instant_quota`, `risk_level` as R1-R5). Unknown names are refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), RuleError> {
        let money = || match value.parse::<Money>() {
            Ok(m) if !m.is_negative() => Ok(m),
            Ok(_) => Err(RuleError::InvalidSetting { name: name.into(), reason: "must not be negative".into() }),
            Err(e) => Err(RuleError::InvalidSetting { name: name.into(), reason: e.to_string() }),
        };
        match name {
            "min_first_deposit" => self.min_first_deposit = money()?,
            "min_top_up" => self.min_top_up = money()?,
            "min_withdrawal" => self.min_withdrawal = money()?,
            "instant_quota" => self.instant_quota = money()?,
            "risk_level" => {
                self.risk_level = match value.trim_start_matches('R').parse::<u8>() {
                    Ok(n @ 1..=5) => n,
                    _ => {
                        return Err(RuleError::InvalidSetting { name: name.into(), reason: "must be R1 to R5".into() })
                    }
                }
            }
            "daily_deposit_cap" => {
                self.daily_deposit_cap = if value.is_empty() || value == "none" { None } else { Some(money()?) }
            }
            _ => return Err(RuleError::InvalidSetting { name: name.into(), reason: "not a product setting".into() }),
        }
        Ok(())
    }

    /// True for names `set` understands.
    pub fn is_setting(name: &str) -> bool {
        matches!(
            name,
            "min_first_deposit"
                | "min_top_up"
                | "min_withdrawal"
                | "instant_quota"
                | "daily_deposit_cap"
                | "risk_level"
        )
    }
}
