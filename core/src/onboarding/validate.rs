//! Validators of what a new investor types (rules.md §5): mainland mobile number, GB 11643-1999
//! ID number, bank card number, trading PIN. Each returns the normalised value or the stable code
//! of `golden/onboarding.json` (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE`, `PIN_TOO_SIMPLE`).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why a value was refused (stable codes, shared with the console and the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldCode {
    /// Wrong length or characters.
    Format,
    /// The ID number's check character does not match.
    Checksum,
    /// The ID number's birth date does not exist or is in the future.
    BirthDate,
    /// Younger than 18.
    UnderAge,
    /// Six identical digits or a straight run.
    PinTooSimple,
    /// The two PIN entries differ.
    PinMismatch,
}

impl FieldCode {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Format => "FORMAT",
            FieldCode::Checksum => "CHECKSUM",
            FieldCode::BirthDate => "BIRTH_DATE",
            FieldCode::UnderAge => "UNDER_AGE",
            FieldCode::PinTooSimple => "PIN_TOO_SIMPLE",
            FieldCode::PinMismatch => "PIN_MISMATCH",
        }
    }

    /// A message a person can act on, for `field`.
    pub fn message(self, field: &str) -> String {
        match (self, field) {
            (FieldCode::Format, "phone") => "enter an 11-digit mainland mobile number starting 13-19".into(),
            (FieldCode::Format, "id_number") => "an ID number is 17 digits followed by a digit or X".into(),
            (FieldCode::Format, "card") => "a bank card number is 16 to 19 digits".into(),
            (FieldCode::Format, "pin") => "the trading PIN is exactly 6 digits".into(),
            (FieldCode::Format, f) => format!("{f} is not in the expected format"),
            (FieldCode::Checksum, _) => "the ID number's last character does not match; check the number".into(),
            (FieldCode::BirthDate, _) => "the birth date in the ID number does not exist or is in the future".into(),
            (FieldCode::UnderAge, _) => "investors must be at least 18 years old".into(),
            (FieldCode::PinTooSimple, _) => {
                "choose a PIN that is not six identical digits or a straight run like 123456".into()
            }
            (FieldCode::PinMismatch, _) => "the two PIN entries differ; enter the same PIN twice".into(),
        }
    }
}

impl std::fmt::Display for FieldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning about a value that is still accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldWarning {
    /// The card number fails the Luhn check (some real UnionPay cards do); the bank decides.
    Luhn,
}

impl FieldWarning {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldWarning::Luhn => "LUHN",
        }
    }
}

fn strip_spaces(s: &str) -> String {
    s.chars().filter(|c| *c != ' ' && *c != '-').collect()
}

/// A mainland mobile number: 11 ASCII digits starting 1[3-9]; spaces, dashes and a leading
/// `+86` are accepted and removed. Returns the 11 digits.
pub fn phone(input: &str) -> Result<String, FieldCode> {
    let s = strip_spaces(input.trim());
    let s = s.strip_prefix("+86").unwrap_or(&s);
    let b = s.as_bytes();
    let ok = b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if ok {
        Ok(s.to_string())
    } else {
        Err(FieldCode::Format)
    }
}

/// GB 11643-1999 weights of the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character indexed by S mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The check character of 17 ASCII digits (GB 11643-1999).
pub fn id_check_char(first17: &[u8]) -> char {
    let s: u32 = first17.iter().zip(ID_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    ID_CHECK[(s % 11) as usize] as char
}

/// A valid ID number, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// 18 characters, upper-case X.
    pub number: String,
    /// Birth date read from it.
    pub birth_date: NaiveDate,
}

/// Age in whole years on `today` (a 29 February birthday falls on 28 February in other years:
/// chrono's month arithmetic clamps to the month's last day).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if years <= 0 {
        return 0;
    }
    let anniversary = birth.checked_add_months(Months::new(years as u32 * 12));
    if anniversary.is_none_or(|a| a > today) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Check an ID number at `today`: spaces stripped, lower-case x read as X; `FORMAT`, `CHECKSUM`,
/// `BIRTH_DATE` (impossible or future), `UNDER_AGE` (< 18), the first failure deciding. The
/// region code is not checked here (the server's real-name check decides).
pub fn id_number(input: &str, today: NaiveDate) -> Result<IdNumber, FieldCode> {
    let s: String = input.chars().filter(|c| *c != ' ').map(|c| if c == 'x' { 'X' } else { c }).collect();
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        return Err(FieldCode::Format);
    }
    if id_check_char(&b[..17]) != b[17] as char {
        return Err(FieldCode::Checksum);
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let birth = NaiveDate::from_ymd_opt(num(6..10) as i32, num(10..12), num(12..14)).ok_or(FieldCode::BirthDate)?;
    if birth > today {
        return Err(FieldCode::BirthDate);
    }
    if age_on(birth, today) < 18 {
        return Err(FieldCode::UnderAge);
    }
    Ok(IdNumber { number: s, birth_date: birth })
}

/// A bank card number that passed the format check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNumber {
    /// The digits.
    pub number: String,
    /// `Luhn` when the Luhn check fails (accepted; the server's four-element check decides).
    pub warning: Option<FieldWarning>,
}

impl CardNumber {
    /// The last four digits (what is shown and kept).
    pub fn last4(&self) -> &str {
        &self.number[self.number.len() - 4..]
    }
}

/// Whether a digit string passes the Luhn (mod 10) check.
pub fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A bank card number: 16–19 ASCII digits after removing spaces (`FORMAT`); a Luhn failure is
/// the warning `LUHN`, not a refusal.
pub fn card(input: &str) -> Result<CardNumber, FieldCode> {
    let s = strip_spaces(input.trim());
    if !(16..=19).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldCode::Format);
    }
    let warning = (!luhn(&s)).then_some(FieldWarning::Luhn);
    Ok(CardNumber { number: s, warning })
}

/// A trading PIN: exactly 6 ASCII digits (`FORMAT`), not six identical digits nor a straight
/// ascending or descending run without wrap-around (`PIN_TOO_SIMPLE`; 890123 is allowed).
pub fn pin(input: &str) -> Result<(), FieldCode> {
    let b = input.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return Err(FieldCode::Format);
    }
    let steps: Vec<i16> = b.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    if steps.iter().all(|&d| d == 0) || steps.iter().all(|&d| d == 1) || steps.iter().all(|&d| d == -1) {
        return Err(FieldCode::PinTooSimple);
    }
    Ok(())
}

/// A new trading PIN entered twice: `pin` rules, then `PIN_MISMATCH`.
pub fn new_pin(first: &str, again: &str) -> Result<(), FieldCode> {
    pin(first)?;
    if first != again {
        return Err(FieldCode::PinMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(age_on(d(2008, 1, 1), d(2026, 1, 1)), 18);
        assert_eq!(age_on(d(2008, 1, 2), d(2026, 1, 1)), 17);
        assert_eq!(age_on(d(2000, 2, 29), d(2018, 2, 28)), 18);
    }

    #[test]
    fn pin_mismatch_after_strength() {
        assert_eq!(new_pin("135790", "135791"), Err(FieldCode::PinMismatch));
        assert_eq!(new_pin("111111", "111111"), Err(FieldCode::PinTooSimple));
        assert_eq!(new_pin("135790", "135790"), Ok(()));
    }
}
