//! Onboarding on the server: the steps, their limits (OTP, PIN and card-check brute force),
//! suitability (warned-and-confirmed, C1 refusal) and the layered authentication of movements.

use chrono::Duration;
use wealth_core::api::{
    CreateInvestor, MovementConfirmation, OverrideSettings, PlaceOrder, PublishPer10k, SubmitAnswers, SubmitCard,
    SubmitIdentity, SubmitPin, DEFAULT_SANDBOX_PIN,
};
use wealth_core::calendar::BusinessTime;
use wealth_core::income::DailyPer10k;
use wealth_core::order::OrderKind;
use wealth_server::service::{InvestorId, Service};

fn start() -> BusinessTime {
    chrono::DateTime::parse_from_rfc3339("2026-11-16T09:00:00+08:00").unwrap()
}

fn sandbox() -> Service {
    let svc = Service::open(None, true, Some(start())).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let days = (0..60).map(|i| DailyPer10k { day: first + Duration::days(i), per_10k: "0.6500".parse().unwrap() });
    svc.publish_per10k(&PublishPer10k { days: days.collect() }).unwrap();
    svc
}

fn later(svc: &Service, secs: i64) {
    svc.set_clock(svc.now() + Duration::seconds(secs)).unwrap();
}

fn order(key: &str, amount: &str, pin: Option<&str>) -> PlaceOrder {
    PlaceOrder {
        coupon: None,
        idempotency_key: key.into(),
        kind: OrderKind::Deposit,
        amount: amount.into(),
        pin: pin.map(str::to_string),
        confirmation: MovementConfirmation { biometric: true, ..Default::default() },
    }
}

fn admin_investor(svc: &Service, level: &str) -> InvestorId {
    let c = svc.create_investor(&CreateInvestor { risk_level: Some(level.into()), ..Default::default() }).unwrap();
    svc.authenticate(&c.token).unwrap()
}

const PHONE: &str = "13800138000";

fn session(svc: &Service) -> InvestorId {
    svc.request_otp(PHONE).unwrap();
    let code = svc.sandbox_otp(Some(PHONE), None).unwrap().code;
    let s = svc.verify_otp(PHONE, &code).unwrap();
    assert_eq!(s.status.step, "identity");
    svc.authenticate(&s.token).unwrap()
}

fn answers(svc: &Service, a: &[usize]) -> SubmitAnswers {
    let q = svc.questionnaire().unwrap();
    SubmitAnswers { questionnaire_id: q["id"].as_str().unwrap().into(), answers: a.to_vec() }
}

#[test]
fn the_whole_flow_then_money_needs_the_pin() {
    let svc = sandbox();
    let me = session(&svc);
    // Nothing moves before onboarding completes.
    let e = svc.place_order(me, &order("k0", "100.00", Some("135790"))).unwrap_err();
    assert_eq!(e.code(), "ONBOARDING_INCOMPLETE");
    assert_eq!(e.error.details.step.as_deref(), Some("identity"));
    // Steps out of order are refused.
    let e = svc.submit_pin(me, &SubmitPin { pin: "135790".into(), pin_again: "135790".into() }).unwrap_err();
    assert_eq!(e.code(), "STEP_OUT_OF_ORDER");
    // Golden refusals come back with their codes and the field.
    let bad = SubmitIdentity { name: "王小明".into(), id_number: "130402198207290622".into() };
    let e = svc.submit_identity(me, &bad).unwrap_err();
    assert_eq!((e.code(), e.error.details.field.as_deref()), ("CHECKSUM", Some("id_number")));
    let id = SubmitIdentity { name: "王小明".into(), id_number: "11010519491231002x".into() };
    let s = svc.submit_identity(me, &id).unwrap();
    assert_eq!(s.step, "card");
    assert_eq!(s.id_number_masked.as_deref(), Some("110***********002X"));
    assert_eq!(svc.submit_identity(me, &id).unwrap(), s, "idempotent");
    let s = svc.submit_card(me, &SubmitCard { card_number: "6240 0086 3140 1148".into() }).unwrap();
    assert_eq!((s.step.as_str(), s.card_last4.as_deref()), ("pin", Some("1148")));
    let e = svc.submit_pin(me, &SubmitPin { pin: "123456".into(), pin_again: "123456".into() }).unwrap_err();
    assert_eq!(e.code(), "PIN_TOO_SIMPLE");
    let e = svc.submit_pin(me, &SubmitPin { pin: "135790".into(), pin_again: "135791".into() }).unwrap_err();
    assert_eq!(e.code(), "PIN_MISMATCH");
    let s = svc.submit_pin(me, &SubmitPin { pin: "135790".into(), pin_again: "135790".into() }).unwrap();
    assert_eq!(s.step, "questionnaire");
    let e = svc.submit_answers(me, &answers(&svc, &[1, 1])).unwrap_err();
    assert_eq!(e.code(), "ANSWERS_INVALID");
    let s = svc.submit_answers(me, &answers(&svc, &[1, 1, 2, 1, 2, 1, 1, 1, 2, 1])).unwrap();
    assert_eq!((s.step.as_str(), s.risk_level.as_deref(), s.risk_score), ("done", Some("C3"), Some(60)));
    // The same phone later resumes the same account.
    later(&svc, 61);
    svc.request_otp(PHONE).unwrap();
    let code = svc.sandbox_otp(Some(PHONE), None).unwrap().code;
    let again = svc.verify_otp(PHONE, &code).unwrap();
    assert_eq!(again.account_id, me.0.to_string());
    assert_eq!(again.status.step, "done");
    // Money: the PIN is required, and right it goes through.
    let e = svc.place_order(me, &order("k1", "100.00", None)).unwrap_err();
    assert_eq!(e.code(), "PIN_REQUIRED");
    svc.place_order(me, &order("k1", "100.00", Some("135790"))).unwrap();
}

#[test]
fn otp_brute_force_is_refused_by_the_limits() {
    let svc = sandbox();
    svc.request_otp(PHONE).unwrap();
    let code = svc.sandbox_otp(Some(PHONE), None).unwrap().code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..5).rev() {
        let e = svc.verify_otp(PHONE, wrong).unwrap_err();
        assert_eq!((e.code(), e.error.details.tries_left), ("OTP_WRONG", Some(left)));
    }
    // The fifth wrong try burns the code: even the right one is refused now.
    assert_eq!(svc.verify_otp(PHONE, wrong).unwrap_err().code(), "OTP_EXPIRED");
    assert_eq!(svc.verify_otp(PHONE, &code).unwrap_err().code(), "OTP_EXPIRED");
    // Resend only after 60 s; at most 10 sends a day.
    let e = svc.request_otp(PHONE).unwrap_err();
    assert_eq!(e.code(), "OTP_TOO_SOON");
    assert!(e.error.details.retry_at.is_some());
    for _ in 1..10 {
        later(&svc, 60);
        svc.request_otp(PHONE).unwrap();
    }
    later(&svc, 60);
    assert_eq!(svc.request_otp(PHONE).unwrap_err().code(), "OTP_DAILY_LIMIT");
    // A code expires after 5 minutes.
    svc.set_clock(chrono::DateTime::parse_from_rfc3339("2026-11-17T09:00:00+08:00").unwrap()).unwrap();
    svc.request_otp(PHONE).unwrap();
    let code = svc.sandbox_otp(Some(PHONE), None).unwrap().code;
    later(&svc, 301);
    assert_eq!(svc.verify_otp(PHONE, &code).unwrap_err().code(), "OTP_EXPIRED");
}

#[test]
fn pin_brute_force_locks_for_thirty_minutes() {
    let svc = sandbox();
    let me = admin_investor(&svc, "C3");
    for left in (1..5).rev() {
        let e = svc.place_order(me, &order("k", "100.00", Some("999990"))).unwrap_err();
        assert_eq!((e.code(), e.error.details.tries_left), ("PIN_WRONG", Some(left)), "{e}");
    }
    let e = svc.place_order(me, &order("k", "100.00", Some("999990"))).unwrap_err();
    assert_eq!(e.code(), "PIN_LOCKED");
    let unlock = e.error.details.retry_at.unwrap();
    assert_eq!(unlock, svc.now() + Duration::minutes(30));
    // Locked: even the right PIN is refused, and nothing was placed.
    let e = svc.place_order(me, &order("k", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap_err();
    assert_eq!(e.code(), "PIN_LOCKED");
    assert!(svc.account(me, 0).unwrap().orders.is_empty());
    svc.set_clock(unlock).unwrap();
    svc.place_order(me, &order("k", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap();
}

#[test]
fn card_check_flooding_is_refused() {
    let svc = sandbox();
    let me = session(&svc);
    svc.submit_identity(me, &SubmitIdentity { name: "王小明".into(), id_number: "11010519491231002X".into() }).unwrap();
    // Sandbox rule: a card ending in 0 fails the four-element check.
    for i in 0..5 {
        let e = svc.submit_card(me, &SubmitCard { card_number: format!("624000863140{i:03}0") }).unwrap_err();
        assert_eq!(e.code(), "CARD_CHECK_FAILED");
    }
    let e = svc.submit_card(me, &SubmitCard { card_number: "6240008631401148".into() }).unwrap_err();
    assert_eq!(e.code(), "CARD_CHECK_LIMIT");
    svc.set_clock(chrono::DateTime::parse_from_rfc3339("2026-11-17T09:00:00+08:00").unwrap()).unwrap();
    svc.submit_card(me, &SubmitCard { card_number: "6240008631401148".into() }).unwrap();
    // Re-sending the bound card is not a new check (idempotent): never hits the limit.
    for _ in 0..10 {
        svc.submit_card(me, &SubmitCard { card_number: "6240008631401148".into() }).unwrap();
    }
}

fn product_risk(svc: &Service, r: &str) {
    let settings = [("risk_level".to_string(), r.to_string())].into_iter().collect();
    svc.override_settings(&OverrideSettings { settings }).unwrap();
}

#[test]
fn c2_buying_r3_is_warned_and_only_a_confirmation_records_the_purchase() {
    let svc = sandbox();
    product_risk(&svc, "R3");
    let me = admin_investor(&svc, "C2");
    let e = svc.place_order(me, &order("k", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap_err();
    assert_eq!(e.code(), "SUITABILITY_WARNING");
    assert_eq!(e.error.details.investor_level.as_deref(), Some("C2"));
    assert_eq!(e.error.details.product_risk.as_deref(), Some("R3"));
    assert!(svc.account(me, 0).unwrap().orders.is_empty(), "a warning places nothing");
    let shown = svc.suitability_records(me).unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].0, "SUITABILITY_WARNING");
    assert_eq!(shown[0].4, None, "not confirmed yet");
    later(&svc, 30);
    let mut confirmed = order("k", "100.00", Some(DEFAULT_SANDBOX_PIN));
    confirmed.confirmation.suitability_confirmed = true;
    let o = svc.place_order(me, &confirmed).unwrap();
    let records = svc.suitability_records(me).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].5.as_deref(), Some(o.id.as_str()));
    assert!(records[0].4.as_deref().unwrap() > records[0].3.as_str(), "confirmed after it was shown");
    // A withdrawal needs no suitability.
}

#[test]
fn c1_never_buys_above_r1() {
    let svc = sandbox();
    let me = admin_investor(&svc, "C1");
    svc.place_order(me, &order("r1", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap();
    for r in ["R2", "R3", "R5"] {
        product_risk(&svc, r);
        let mut o = order(&format!("k{r}"), "100.00", Some(DEFAULT_SANDBOX_PIN));
        o.confirmation.suitability_confirmed = true;
        assert_eq!(svc.place_order(me, &o).unwrap_err().code(), "SUITABILITY_REFUSED");
    }
    assert_eq!(svc.account(me, 0).unwrap().orders.len(), 1);
}

#[test]
fn layered_authentication_by_the_day_total() {
    let svc = sandbox();
    let me = admin_investor(&svc, "C3");
    let mut o = order("a", "6000.00", Some(DEFAULT_SANDBOX_PIN));
    o.confirmation.biometric = false;
    let e = svc.place_order(me, &o).unwrap_err();
    assert_eq!((e.code(), e.error.details.level.as_deref()), ("CONFIRMATION_REQUIRED", Some("pin_biometric")));
    o.confirmation.biometric = true;
    svc.place_order(me, &o).unwrap();
    // 6,000 + 45,000 > 50,000 in the day: an SMS OTP too.
    let mut big = order("b", "45000.00", Some(DEFAULT_SANDBOX_PIN));
    let e = svc.place_order(me, &big).unwrap_err();
    assert_eq!(e.error.details.level.as_deref(), Some("pin_biometric_sms"));
    big.confirmation.sms_otp = Some("000000".into());
    svc.request_movement_otp(me).unwrap();
    let code = svc.sandbox_otp(None, Some(me.0)).unwrap().code;
    if code != "000000" {
        assert_eq!(svc.place_order(me, &big).unwrap_err().code(), "OTP_WRONG");
    }
    big.confirmation.sms_otp = Some(code);
    svc.place_order(me, &big).unwrap();
}

#[test]
fn an_expired_questionnaire_must_be_retaken_before_money_moves() {
    let svc = sandbox();
    let settings = [("questionnaire_valid_days".to_string(), "1".to_string())].into_iter().collect();
    svc.override_settings(&OverrideSettings { settings }).unwrap();
    let me = admin_investor(&svc, "C3");
    svc.place_order(me, &order("a", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap();
    svc.set_clock(chrono::DateTime::parse_from_rfc3339("2026-11-18T09:00:00+08:00").unwrap()).unwrap();
    let e = svc.place_order(me, &order("b", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap_err();
    assert_eq!((e.code(), e.error.details.step.as_deref()), ("QUESTIONNAIRE_EXPIRED", Some("questionnaire")));
    let s = svc.submit_answers(me, &answers(&svc, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).unwrap();
    assert_eq!(s.risk_level.as_deref(), Some("C1"));
    svc.place_order(me, &order("b", "100.00", Some(DEFAULT_SANDBOX_PIN))).unwrap();
    // Onboarding settings are product settings: a bad value is refused, nothing changes.
    let bad = [("otp_daily_sends".to_string(), "0".to_string())].into_iter().collect();
    assert_eq!(svc.override_settings(&OverrideSettings { settings: bad }).unwrap_err().code(), "INVALID_SETTING");
}
