//! Money and fund units: exact decimals with two places, never floats.
//!
//! `Money` is an amount of yuan (CNY, scale 2). `Units` are money-market fund units (scale 2);
//! the fund's NAV is fixed at 1.00 (rules.md §1), so one unit is one yuan and the conversion
//! between the two is explicit (`Units::from_money`, `Units::as_money`).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::RuleError;

/// The only currency the cash account holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// Renminbi yuan; minor unit the fen (0.01).
    Cny,
}

impl Currency {
    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        "CNY"
    }
}

/// Places of every amount and every unit count (fen).
pub const SCALE: u32 = 2;

/// Largest number of integer digits accepted in user input (one trillion yuan minus a fen).
const MAX_INTEGER_DIGITS: usize = 12;

/// Named rounding rules. Each names where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingRule {
    /// 去尾 (truncation toward zero) to the fen: daily income of a money-market fund is
    /// computed per holder and truncated; the cut-off goes to the fund-level pool
    /// (rules.md §3; CSRC money-market fund rules, 按日结转 with 去尾).
    TruncateToFen,
    /// Half-up to 3 places: the published 7-day annualised yield (rules.md §1).
    YieldHalfUp3,
}

impl RoundingRule {
    /// Apply the rule to a decimal.
    pub fn apply(self, value: Decimal) -> Decimal {
        match self {
            RoundingRule::TruncateToFen => value.round_dp_with_strategy(SCALE, RoundingStrategy::ToZero),
            RoundingRule::YieldHalfUp3 => value.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero),
        }
    }
}

/// Parse a user-typed amount: digits, optional point and at most two decimals.
/// Refuses signs, exponents, blanks, more than two places and absurd lengths.
fn parse_decimal_2dp(text: &str, allow_negative: bool) -> Result<Decimal, RuleError> {
    let invalid =
        |why: &str| RuleError::InvalidAmount { input: text.chars().take(40).collect(), reason: why.to_string() };
    let t = text.trim();
    if t.is_empty() {
        return Err(invalid("enter an amount, e.g. 100.00"));
    }
    let negative = t.starts_with('-');
    if negative && !allow_negative {
        return Err(invalid("the amount must be positive"));
    }
    let body = if negative { &t[1..] } else { t };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("use digits and at most one decimal point, e.g. 100.00"));
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("use digits and at most one decimal point, e.g. 100.00"));
        }
        if f.len() > SCALE as usize {
            return Err(invalid("at most two decimal places (fen)"));
        }
    }
    let significant = int_part.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(invalid("the amount is too large"));
    }
    let d = Decimal::from_str_exact(t).map_err(|_| invalid("not a number"))?;
    Ok(with_scale(d))
}

fn with_scale(mut d: Decimal) -> Decimal {
    d.rescale(SCALE);
    d
}

macro_rules! fen_type {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            /// Zero, at scale 2.
            pub const ZERO: $name = $name(Decimal::from_parts(0, 0, 0, false, SCALE));

            /// From a decimal that already has at most two places; `None` otherwise.
            pub fn from_decimal(d: Decimal) -> Option<Self> {
                (d.normalize().scale() <= SCALE).then(|| $name(with_scale(d)))
            }

            /// From a whole number of fen.
            pub fn from_fen(fen: i64) -> Self {
                $name(Decimal::new(fen, SCALE))
            }

            /// The exact decimal value (scale 2).
            pub fn decimal(self) -> Decimal {
                self.0
            }

            /// Checked addition.
            pub fn checked_add(self, o: Self) -> Option<Self> {
                self.0.checked_add(o.0).map(|d| $name(with_scale(d)))
            }

            /// Checked subtraction (may go negative; callers check).
            pub fn checked_sub(self, o: Self) -> Option<Self> {
                self.0.checked_sub(o.0).map(|d| $name(with_scale(d)))
            }

            /// True when strictly above zero.
            pub fn is_positive(self) -> bool {
                self.0 > Decimal::ZERO
            }

            /// True when below zero.
            pub fn is_negative(self) -> bool {
                self.0 < Decimal::ZERO
            }

            /// Smaller of two.
            pub fn min(self, o: Self) -> Self {
                if self <= o {
                    self
                } else {
                    o
                }
            }

            /// Sum of many; `None` on overflow.
            pub fn sum<I: IntoIterator<Item = Self>>(items: I) -> Option<Self> {
                items.into_iter().try_fold(Self::ZERO, |acc, x| acc.checked_add(x))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", with_scale(self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                let dec = Decimal::from_str_exact(&s).map_err(serde::de::Error::custom)?;
                $name::from_decimal(dec).ok_or_else(|| serde::de::Error::custom("more than two decimal places"))
            }
        }
    };
}

fen_type!(Money, "An amount of CNY with exactly two places (fen). May be negative only as a result of arithmetic (e.g. negative income); user input is always positive.");
fen_type!(Units, "Money-market fund units with two places. NAV is fixed at 1.00 (rules.md §1).");

impl Money {
    /// Currency of every `Money` (the cash account is CNY only).
    pub fn currency(self) -> Currency {
        Currency::Cny
    }

    /// Parse an amount typed by a person: positive, at most two places, no exponent.
    pub fn parse_positive(text: &str) -> Result<Money, RuleError> {
        let d = parse_decimal_2dp(text, false)?;
        if d <= Decimal::ZERO {
            return Err(RuleError::InvalidAmount {
                input: text.chars().take(40).collect(),
                reason: "the amount must be more than 0.00".into(),
            });
        }
        Ok(Money(d))
    }
}

impl FromStr for Money {
    type Err = RuleError;
    /// Strict parse of a stored amount: optional minus, digits, at most two places.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_decimal_2dp(s, true).map(Money)
    }
}

impl FromStr for Units {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_decimal_2dp(s, true).map(Units)
    }
}

impl Units {
    /// Units bought by a deposit at NAV 1.00 (no fee: money-market funds charge none).
    pub fn from_money(m: Money) -> Units {
        Units(m.0)
    }

    /// Value of the units at NAV 1.00.
    pub fn as_money(self) -> Money {
        Money(self.0)
    }
}

/// 万份收益: income per 10,000 units for one natural day, four places (may be negative).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Per10k(Decimal);

impl Per10k {
    /// From a decimal with at most four places.
    pub fn from_decimal(d: Decimal) -> Option<Self> {
        (d.normalize().scale() <= 4).then(|| {
            let mut d = d;
            d.rescale(4);
            Per10k(d)
        })
    }

    /// The exact value.
    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl FromStr for Per10k {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || RuleError::InvalidPer10k { input: s.chars().take(40).collect() };
        let t = s.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') || body.len() > 12 {
            return Err(bad());
        }
        Decimal::from_str_exact(t).ok().and_then(Per10k::from_decimal).ok_or_else(bad)
    }
}

impl fmt::Display for Per10k {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for Per10k {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Per10k({})", self.0)
    }
}

impl Serialize for Per10k {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Per10k {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_amounts() {
        assert_eq!(Money::parse_positive("100").unwrap().to_string(), "100.00");
        assert_eq!(Money::parse_positive("0.01").unwrap().to_string(), "0.01");
        assert_eq!(Money::parse_positive(" 12345.6 ").unwrap().to_string(), "12345.60");
    }

    #[test]
    fn refuses_bad_amounts() {
        let long = "1".repeat(30);
        for bad in ["-5", "0.001", "1e3", "", "0", "0.00", "abc", "1.2.3", ".5", "5.", "+5", long.as_str(), "１００"]
        {
            let e = Money::parse_positive(bad).unwrap_err();
            assert_eq!(e.code(), "INVALID_AMOUNT", "{bad:?}");
        }
    }

    #[test]
    fn truncation_is_toward_zero() {
        let r = RoundingRule::TruncateToFen;
        assert_eq!(r.apply("0.5602465046".parse().unwrap()).to_string(), "0.56");
        assert_eq!(r.apply("-0.617".parse().unwrap()).to_string(), "-0.61");
    }
}
