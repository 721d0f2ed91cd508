//! Suitability (适当性): an investor's risk category C1–C5 against a product's risk level R1–R5,
//! and the qualified-investor (合格投资者) gate for high-end products (rules.md §5).

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// An investor's risk category, C1 (conservative) to C5 (aggressive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct RiskCategory(u8);

impl RiskCategory {
    /// C`n` for n in 1..=5.
    pub fn new(n: u8) -> Option<RiskCategory> {
        (1..=5).contains(&n).then_some(RiskCategory(n))
    }
    /// "C3" → C3.
    pub fn parse(s: &str) -> Option<RiskCategory> {
        s.strip_prefix('C').and_then(|n| n.parse().ok()).and_then(RiskCategory::new)
    }
    /// 1..=5.
    pub fn level(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for RiskCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "C{}", self.0)
    }
}

impl From<RiskCategory> for String {
    fn from(c: RiskCategory) -> String {
        c.to_string()
    }
}

impl TryFrom<String> for RiskCategory {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        RiskCategory::parse(&s).ok_or_else(|| format!("{s:?} is not C1-C5"))
    }
}

/// What suitability says about a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suitability {
    /// Cn with n ≥ R-level: go ahead.
    Suitable,
    /// Above the investor's category: show the warning (`SUITABILITY_WARNING`); only an explicit,
    /// recorded confirmation lets it through.
    NeedsConfirmation,
    /// The lowest category (C1) buying above R1: never (`SUITABILITY_REFUSED`).
    Refused,
}

/// The stable code of the warning shown before a mismatched purchase.
pub const SUITABILITY_WARNING: &str = "SUITABILITY_WARNING";
/// The stable code of a purchase the investor's category can never make.
pub const SUITABILITY_REFUSED: &str = "SUITABILITY_REFUSED";

/// Suitability of category `investor` for a product of risk level `product_risk` (1..=5).
pub fn suitability(investor: RiskCategory, product_risk: u8) -> Suitability {
    if investor.level() >= product_risk {
        Suitability::Suitable
    } else if investor.level() == 1 {
        Suitability::Refused
    } else {
        Suitability::NeedsConfirmation
    }
}

/// What an investor attests for the qualified-investor gate (verified by the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualifiedAttestation {
    /// Financial assets.
    pub financial_assets: Money,
    /// Average yearly income over the last 3 years.
    pub average_income_3y: Money,
}

/// Why the qualified-investor gate refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QualifiedRefusal {
    /// Neither financial assets ≥ 3,000,000 nor average income ≥ 500,000 over 3 years.
    NotQualified,
    /// Below 1,000,000 in this product.
    BelowProductMinimum,
}

/// The qualified-investor gate for a high-end product: financial assets ≥ 3,000,000.00 or
/// average income ≥ 500,000.00 over 3 years, and ≥ 1,000,000.00 in the product (rules.md §5,
/// after the CSRC 2018 asset-management rules).
pub fn qualified_investor(a: &QualifiedAttestation, amount_in_product: Money) -> Result<(), QualifiedRefusal> {
    let yuan = |n: i64| Money::from_fen(n * 100);
    if a.financial_assets < yuan(3_000_000) && a.average_income_3y < yuan(500_000) {
        return Err(QualifiedRefusal::NotQualified);
    }
    if amount_in_product < yuan(1_000_000) {
        return Err(QualifiedRefusal::BelowProductMinimum);
    }
    Ok(())
}
