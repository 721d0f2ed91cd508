//! Golden cases of `spec/golden/onboarding.json` and `questionnaire.json` (rules.md §5),
//! and property tests of the validators.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use wealth_core::onboarding::suitability::{qualified_investor, QualifiedAttestation, QualifiedRefusal};
use wealth_core::onboarding::validate::{self, id_check_char};
use wealth_core::onboarding::{questionnaire, suitability, FieldCode, Questionnaire, RiskCategory, Suitability};
use wealth_core::Money;

/// The questionnaire the server ships.
const BUILTIN_QUESTIONNAIRE: &str = include_str!("../../server/data/questionnaire.json");

fn spec_dir() -> PathBuf {
    std::env::var_os("WEALTH_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec"))
}

fn read(name: &str) -> String {
    let p = spec_dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn golden() -> Value {
    serde_json::from_str(&read("golden/onboarding.json")).unwrap()
}

fn as_of(g: &Value) -> NaiveDate {
    g["as_of"].as_str().unwrap().parse().unwrap()
}

fn code(r: Result<impl Sized, FieldCode>) -> Option<&'static str> {
    r.err().map(FieldCode::as_str)
}

#[test]
fn id_number_cases() {
    let g = golden();
    let today = as_of(&g);
    for case in g["id_numbers"].as_array().unwrap() {
        let r = validate::id_number(case["id"].as_str().unwrap(), today);
        if case["valid"].as_bool().unwrap() {
            let id = r.unwrap_or_else(|e| panic!("{case}: refused {e}"));
            assert_eq!(id.number.len(), 18, "{case}");
            assert!(!id.number.contains('x'), "{case}");
        } else {
            assert_eq!(code(r), case["error"].as_str(), "{case}");
        }
    }
}

#[test]
fn bank_card_cases() {
    for case in golden()["bank_cards"].as_array().unwrap() {
        let r = validate::card(case["card"].as_str().unwrap());
        if case["valid"].as_bool().unwrap() {
            let c = r.unwrap_or_else(|e| panic!("{case}: refused {e}"));
            assert_eq!(c.warning.map(|w| w.as_str()), case["warning"].as_str(), "{case}");
        } else {
            assert_eq!(code(r), case["error"].as_str(), "{case}");
        }
        if let Some(l) = case["luhn"].as_bool() {
            let digits: String = case["card"].as_str().unwrap().chars().filter(|c| *c != ' ').collect();
            assert_eq!(validate::luhn(&digits), l, "{case}");
        }
    }
}

#[test]
fn trading_pin_cases() {
    for case in golden()["trading_pins"].as_array().unwrap() {
        let r = validate::pin(case["pin"].as_str().unwrap());
        if case["ok"].as_bool().unwrap() {
            assert_eq!(r, Ok(()), "{case}");
        } else {
            assert_eq!(code(r), case["error"].as_str(), "{case}");
        }
    }
}

#[test]
fn phone_cases() {
    for case in golden()["phones"].as_array().unwrap() {
        let r = validate::phone(case["phone"].as_str().unwrap());
        if case["ok"].as_bool().unwrap() {
            let p = r.unwrap_or_else(|e| panic!("{case}: refused {e}"));
            assert_eq!(p.len(), 11, "{case}");
        } else {
            assert_eq!(code(r), case["error"].as_str(), "{case}");
        }
    }
}

fn questionnaire() -> Questionnaire {
    Questionnaire::parse(BUILTIN_QUESTIONNAIRE).unwrap()
}

#[test]
fn default_answers_score_the_default_level() {
    let raw: Value = serde_json::from_str(BUILTIN_QUESTIONNAIRE).unwrap();
    let q = questionnaire();
    let a = q.assess(&q.scenario_default_answers).unwrap();
    assert_eq!(a.category.to_string(), raw["scenario_default_level"].as_str().unwrap());
    assert_eq!(a.category.to_string(), "C3");
    assert_eq!(q.valid_for_days, 730);
}

#[test]
fn bands_map_lowest_and_highest_answers() {
    let q = questionnaire();
    let lowest: Vec<usize> =
        q.questions.iter().map(|qq| (0..qq.options.len()).min_by_key(|&i| qq.options[i].score).unwrap()).collect();
    let highest: Vec<usize> =
        q.questions.iter().map(|qq| (0..qq.options.len()).max_by_key(|&i| qq.options[i].score).unwrap()).collect();
    assert_eq!(q.assess(&lowest).unwrap().category.to_string(), "C1");
    assert_eq!(q.assess(&highest).unwrap().category.to_string(), "C5");
    assert_eq!(q.assess(&lowest[..3]).unwrap_err().code(), "ANSWERS_INVALID");
    let mut bad = lowest.clone();
    bad[0] = 9;
    assert_eq!(q.assess(&bad).unwrap_err().code(), "ANSWERS_INVALID");
}

#[test]
fn questionnaire_expires_after_two_years() {
    let taken = NaiveDate::from_ymd_opt(2024, 11, 23).unwrap();
    assert!(!questionnaire::is_expired(taken, 730, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()));
    assert!(questionnaire::is_expired(taken, 730, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()));
}

#[test]
fn suitability_matrix() {
    for c in 1..=5u8 {
        for r in 1..=5u8 {
            let got = suitability(RiskCategory::new(c).unwrap(), r);
            let want = if c >= r {
                Suitability::Suitable
            } else if c == 1 {
                Suitability::Refused
            } else {
                Suitability::NeedsConfirmation
            };
            assert_eq!(got, want, "C{c} R{r}");
        }
    }
}

#[test]
fn qualified_investor_gate() {
    let y = |n: i64| Money::from_fen(n * 100);
    let rich = QualifiedAttestation { financial_assets: y(3_000_000), average_income_3y: y(0) };
    let earner = QualifiedAttestation { financial_assets: y(0), average_income_3y: y(500_000) };
    let neither = QualifiedAttestation { financial_assets: y(2_999_999), average_income_3y: y(499_999) };
    assert_eq!(qualified_investor(&rich, y(1_000_000)), Ok(()));
    assert_eq!(qualified_investor(&earner, y(1_000_000)), Ok(()));
    assert_eq!(qualified_investor(&neither, y(1_000_000)), Err(QualifiedRefusal::NotQualified));
    assert_eq!(qualified_investor(&rich, y(999_999)), Err(QualifiedRefusal::BelowProductMinimum));
}

fn valid_id() -> impl Strategy<Value = String> {
    // Region 110105, birth 1950-01-01..=2000-12-28, sequence 000-999.
    (1950i32..=2000, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(|(y, m, d, seq)| {
        let first17 = format!("110105{y:04}{m:02}{d:02}{seq:03}");
        let check = id_check_char(first17.as_bytes());
        format!("{first17}{check}")
    })
}

proptest! {
    #[test]
    fn generated_ids_are_valid(id in valid_id()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        prop_assert!(validate::id_number(&id, today).is_ok());
    }

    /// Any valid ID number with one of its first 17 digits changed fails CHECKSUM (the weights
    /// are all non-zero mod 11, so a single-digit change always moves S mod 11).
    #[test]
    fn one_digit_changed_fails_checksum(id in valid_id(), pos in 0usize..17, delta in 1u8..10) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut b = id.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(b).unwrap();
        prop_assert_eq!(validate::id_number(&changed, today).unwrap_err(), FieldCode::Checksum);
    }

    /// Luhn: changing one digit of a passing card number always makes it fail.
    #[test]
    fn luhn_catches_one_digit_changes(body in "[0-9]{15}", pos in 0usize..16, delta in 1u8..10) {
        let check = (0..10u8).find(|c| validate::luhn(&format!("{body}{c}"))).unwrap();
        let card = format!("{body}{check}");
        let mut b = card.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        prop_assert!(!validate::luhn(std::str::from_utf8(&b).unwrap()));
    }

    /// No accepted PIN is six identical digits or a straight run.
    #[test]
    fn accepted_pins_are_not_simple(pin in "[0-9]{6}") {
        let b = pin.as_bytes();
        let simple = b.windows(2).all(|w| w[0] == w[1])
            || b.windows(2).all(|w| w[1] == w[0] + 1)
            || b.windows(2).all(|w| w[0] == w[1] + 1);
        prop_assert_eq!(validate::pin(&pin).is_ok(), !simple);
    }
}
