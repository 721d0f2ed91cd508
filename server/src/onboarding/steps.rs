//! The onboarding steps as service operations: each one transaction, each idempotent.

use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use wealth_core::api::{
    CreateInvestor, OnboardingSession, OnboardingStatus, OtpSent, SandboxOtp, SubmitAnswers, SubmitCard,
    SubmitIdentity, SubmitPin, DEFAULT_SANDBOX_PIN,
};
use wealth_core::calendar::{start_of_day, BusinessTime};
use wealth_core::onboarding::policy::{check_otp, check_otp_send, OtpRefusal, OtpSendRefusal};
use wealth_core::onboarding::{validate, FieldCode, OnboardingError, Progress, RiskCategory, Step};
use wealth_core::Money;

use super::{record, status_of, OnboardingConfig, Record};
use crate::db;
use crate::error::Failure;
use crate::rewards;
use crate::service::{token_hash, InvestorId, Service};

/// What an OTP is for.
pub(crate) const OTP_LOGIN: &str = "login";
/// An SMS OTP confirming a large money movement.
pub(crate) const OTP_MOVEMENT: &str = "movement";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn otp_hash(phone: &str, purpose: &str, code: &str) -> String {
    hex(&Sha256::digest(format!("{phone}|{purpose}|{code}").as_bytes()))
}

fn masked_phone(phone: &str) -> String {
    format!("***{}", &phone[phone.len().saturating_sub(4)..])
}

fn next_midnight(now: BusinessTime) -> BusinessTime {
    start_of_day(now.date_naive().checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX))
}

fn field(name: &str, code: FieldCode) -> Failure {
    super::onboarding_failure(&OnboardingError::field(name, code))
}

/// Issue an OTP to `phone` within the limits (resend interval, daily cap, counted over every
/// purpose). The sandbox logs the code (phone masked) and keeps it for `GET /admin/otp`.
pub(crate) fn issue_otp(
    tx: &Transaction<'_>,
    cfg: &OnboardingConfig,
    sandbox: bool,
    phone: &str,
    purpose: &str,
    now: BusinessTime,
) -> Result<OtpSent, Failure> {
    let s = &cfg.settings();
    let day = db::day_text(now.date_naive());
    let sent_today: u32 =
        tx.query_row("SELECT COUNT(*) FROM otp WHERE phone = ?1 AND day = ?2", params![phone, day], |r| r.get(0))?;
    let last: Option<String> = tx
        .query_row("SELECT issued_at FROM otp WHERE phone = ?1 ORDER BY id DESC LIMIT 1", [phone], |r| r.get(0))
        .optional()?;
    let last = last.as_deref().and_then(db::parse_time);
    match check_otp_send(s, last, sent_today, now) {
        Ok(()) => {}
        Err(OtpSendRefusal::TooSoon(at)) => {
            let mut f = Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "OTP_TOO_SOON",
                format!("a code was just sent; ask again from {at}"),
            );
            f.error.details.retry_at = Some(at);
            return Err(f);
        }
        Err(OtpSendRefusal::DailyCap) => {
            let mut f = Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "OTP_DAILY_LIMIT",
                format!("at most {} codes a day are sent to one phone; try again tomorrow", s.otp_daily_sends),
            );
            f.error.details.retry_at = Some(next_midnight(now));
            return Err(f);
        }
    }
    let n = u32::from_le_bytes(Uuid::new_v4().as_bytes()[..4].try_into().unwrap_or_default());
    let code = format!("{:06}", n % 1_000_000);
    // Older codes of this purpose stop working when a new one is sent.
    tx.execute("UPDATE otp SET used = 1 WHERE phone = ?1 AND purpose = ?2", params![phone, purpose])?;
    tx.execute(
        "INSERT INTO otp (phone, purpose, code_hash, sandbox_code, issued_at, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![phone, purpose, otp_hash(phone, purpose, &code), sandbox.then_some(&code), db::time_text(now), day],
    )?;
    if sandbox {
        tracing::info!(phone = %masked_phone(phone), purpose, code = %code, "sandbox OTP sent");
    }
    Ok(OtpSent {
        expires_at: now + chrono::Duration::seconds(s.otp_valid_secs),
        resend_at: now + chrono::Duration::seconds(s.otp_resend_secs),
        sends_left_today: s.otp_daily_sends - sent_today - 1,
    })
}

/// Check a typed code against the newest unused one of `purpose`. Wrong tries are counted in
/// `tx`; the caller commits even on failure (`Err((failure, true))`).
pub(crate) fn verify_otp(
    tx: &Transaction<'_>,
    cfg: &OnboardingConfig,
    phone: &str,
    purpose: &str,
    code: &str,
    now: BusinessTime,
) -> Result<(), (Failure, bool)> {
    let expired = || {
        Failure::new(StatusCode::FORBIDDEN, "OTP_EXPIRED", "this code has expired or was used up; ask for a new one")
    };
    let row: Option<(i64, String, String, u32)> = tx
        .query_row(
            "SELECT id, code_hash, issued_at, tries FROM otp WHERE phone = ?1 AND purpose = ?2 AND used = 0
             ORDER BY id DESC LIMIT 1",
            params![phone, purpose],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .map_err(|e| (Failure::from(e), false))?;
    let Some((id, hash, issued, tries)) = row else {
        return Err((expired(), false));
    };
    let issued = db::parse_time(&issued).ok_or((Failure::internal(), false))?;
    let matches = code.len() == 6 && otp_hash(phone, purpose, code) == hash;
    let db_err = |e: rusqlite::Error| (Failure::from(e), false);
    match check_otp(&cfg.settings(), issued, tries, matches, now) {
        Ok(()) => {
            tx.execute("UPDATE otp SET used = 1 WHERE id = ?1", [id]).map_err(db_err)?;
            Ok(())
        }
        Err(OtpRefusal::Wrong(left)) => {
            tx.execute("UPDATE otp SET tries = tries + 1 WHERE id = ?1", [id]).map_err(db_err)?;
            let mut f = Failure::new(
                StatusCode::FORBIDDEN,
                "OTP_WRONG",
                format!("wrong code; {left} tries left for this code"),
            );
            f.error.details.tries_left = Some(left);
            f.error.details.field = Some("code".into());
            Err((f, true))
        }
        Err(OtpRefusal::Expired) => {
            tx.execute("UPDATE otp SET used = 1, tries = tries + 1 WHERE id = ?1", [id]).map_err(db_err)?;
            Err((expired(), true))
        }
    }
}

fn store_progress(tx: &Transaction<'_>, investor: i64, p: Progress, now: BusinessTime) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE onboarding SET progress = ?1,
            completed_at = CASE WHEN ?2 AND completed_at IS NULL THEN ?3 ELSE completed_at END
         WHERE investor = ?4",
        params![serde_json::to_string(&p).unwrap_or_default(), p.complete(), db::time_text(now), investor],
    )?;
    Ok(())
}

fn need_record(tx: &Transaction<'_>, who: InvestorId) -> Result<Record, Failure> {
    record(tx, who.0)?
        .ok_or_else(|| Failure::new(StatusCode::CONFLICT, "STEP_OUT_OF_ORDER", "this account has no onboarding record"))
}

impl Service {
    /// Send a login OTP to a phone (`POST /v1/onboarding/otp`).
    pub fn request_otp(&self, phone: &str) -> Result<OtpSent, Failure> {
        let phone = validate::phone(phone).map_err(|c| field("phone", c))?;
        let mut g = self.lock();
        let now = g.clock.now();
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sent = issue_otp(&tx, &self.onboarding, self.is_sandbox(), &phone, OTP_LOGIN, now)?;
        tx.commit()?;
        Ok(sent)
    }

    /// Verify the OTP and open a session: a new investor for a new phone, else the phone's own
    /// (resume), with a fresh token (`POST /v1/onboarding/session`).
    pub fn verify_otp(&self, phone: &str, code: &str) -> Result<OnboardingSession, Failure> {
        let phone = validate::phone(phone).map_err(|c| field("phone", c))?;
        let mut g = self.lock();
        let now = g.clock.now();
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err((f, commit)) = verify_otp(&tx, &self.onboarding, &phone, OTP_LOGIN, code.trim(), now) {
            if commit {
                tx.commit()?;
            }
            return Err(f);
        }
        let token = Uuid::new_v4().simple().to_string();
        let existing: Option<i64> =
            tx.query_row("SELECT investor FROM onboarding WHERE phone = ?1", [&phone], |r| r.get(0)).optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute("UPDATE investors SET token_hash = ?1 WHERE id = ?2", params![token_hash(&token), id])?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO investors (token_hash, name, card_last4, created_at) VALUES (?1, '', '', ?2)",
                    params![token_hash(&token), db::time_text(now)],
                )?;
                let id = tx.last_insert_rowid();
                db::set_holding(&tx, id, Money::ZERO)?;
                let p = Progress::default().after(Step::Phone);
                tx.execute(
                    "INSERT INTO onboarding (investor, phone, progress) VALUES (?1, ?2, ?3)",
                    params![id, phone, serde_json::to_string(&p).unwrap_or_default()],
                )?;
                id
            }
        };
        let rec = need_record(&tx, InvestorId(id))?;
        tx.commit()?;
        tracing::info!(account = id, "onboarding session opened");
        Ok(OnboardingSession {
            account_id: id.to_string(),
            token,
            status: status_of(id, &rec, &self.onboarding.settings()),
        })
    }

    /// Where onboarding stands (`GET /v1/onboarding`).
    pub fn onboarding_status(&self, who: InvestorId) -> Result<OnboardingStatus, Failure> {
        let mut g = self.lock();
        let tx = g.conn.transaction()?;
        let rec = need_record(&tx, who)?;
        Ok(status_of(who.0, &rec, &self.onboarding.settings()))
    }

    /// Real name and ID number (`POST /v1/onboarding/identity`). A new identity unbinds the card.
    pub fn submit_identity(&self, who: InvestorId, req: &SubmitIdentity) -> Result<OnboardingStatus, Failure> {
        let name = req.name.trim();
        if name.is_empty() || name.chars().count() > 50 || name.chars().any(|c| c.is_ascii_digit() || c.is_control()) {
            return Err(field("name", FieldCode::Format));
        }
        let mut g = self.lock();
        let now = g.clock.now();
        let id = validate::id_number(&req.id_number, now.date_naive()).map_err(|c| field("id_number", c))?;
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = need_record(&tx, who)?;
        rec.progress.check_submit(Step::Identity)?;
        if rec.progress.identity && rec.name.as_deref() == Some(name) && rec.id_number.as_deref() == Some(&id.number) {
            return Ok(status_of(who.0, &rec, &self.onboarding.settings()));
        }
        let p = rec.progress.after(Step::Identity);
        tx.execute(
            "UPDATE onboarding SET name = ?1, id_number = ?2, card_hash = NULL, card_last4 = NULL WHERE investor = ?3",
            params![name, id.number, who.0],
        )?;
        tx.execute("UPDATE investors SET name = ?1, card_last4 = '' WHERE id = ?2", params![name, who.0])?;
        store_progress(&tx, who.0, p, now)?;
        let rec = need_record(&tx, who)?;
        tx.commit()?;
        Ok(status_of(who.0, &rec, &self.onboarding.settings()))
    }

    /// Bind a card after the four-element check (`POST /v1/onboarding/card`). Checks are limited
    /// per investor per day (`CARD_CHECK_LIMIT`). Sandbox rule: a card ending in 0 fails.
    pub fn submit_card(&self, who: InvestorId, req: &SubmitCard) -> Result<OnboardingStatus, Failure> {
        let card = validate::card(&req.card_number).map_err(|c| field("card", c))?;
        let mut g = self.lock();
        let now = g.clock.now();
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = need_record(&tx, who)?;
        rec.progress.check_submit(Step::Card)?;
        let hash = hex(&Sha256::digest(format!("{}|{}", who.0, card.number).as_bytes()));
        if rec.progress.card && rec.card_hash.as_deref() == Some(&hash) {
            return Ok(status_of(who.0, &rec, &self.onboarding.settings()));
        }
        let day = db::day_text(now.date_naive());
        let checks: u32 = tx.query_row(
            "SELECT COUNT(*) FROM card_checks WHERE investor = ?1 AND day = ?2",
            params![who.0, day],
            |r| r.get(0),
        )?;
        if checks >= self.onboarding.settings().card_checks_per_day {
            let mut f = Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "CARD_CHECK_LIMIT",
                format!(
                    "at most {} card checks a day; try again tomorrow",
                    self.onboarding.settings().card_checks_per_day
                ),
            );
            f.error.details.retry_at = Some(next_midnight(now));
            return Err(f);
        }
        let passed_before: u32 =
            tx.query_row("SELECT COUNT(*) FROM card_checks WHERE investor = ?1 AND passed = 1", [who.0], |r| r.get(0))?;
        // Four-element check (name, ID, card, phone). The reference server has no bank behind it:
        // its deterministic rule is that a card number ending in 0 fails.
        let passed = !card.number.ends_with('0');
        tx.execute(
            "INSERT INTO card_checks (investor, day, at, card_last4, passed) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![who.0, day, db::time_text(now), card.last4(), passed],
        )?;
        if !passed {
            tx.commit()?;
            let mut f = Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "CARD_CHECK_FAILED",
                "the bank could not match this card to your name, ID number and phone; check the card number",
            );
            f.error.details.field = Some("card".into());
            return Err(f);
        }
        tx.execute(
            "UPDATE onboarding SET card_hash = ?1, card_last4 = ?2 WHERE investor = ?3",
            params![hash, card.last4(), who.0],
        )?;
        tx.execute("UPDATE investors SET card_last4 = ?1 WHERE id = ?2", params![card.last4(), who.0])?;
        store_progress(&tx, who.0, rec.progress.after(Step::Card), now)?;
        if passed_before == 0 {
            rewards::on_onboarding_task(&tx, who.0, "card_bound", now)?;
        }
        let rec = need_record(&tx, who)?;
        tx.commit()?;
        Ok(status_of(who.0, &rec, &self.onboarding.settings()))
    }

    /// Set the trading PIN (`POST /v1/onboarding/pin`); stored only as an argon2id hash.
    pub fn submit_pin(&self, who: InvestorId, req: &SubmitPin) -> Result<OnboardingStatus, Failure> {
        validate::new_pin(&req.pin, &req.pin_again).map_err(|c| field("pin", c))?;
        let mut g = self.lock();
        let now = g.clock.now();
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = need_record(&tx, who)?;
        rec.progress.check_submit(Step::Pin)?;
        if rec.progress.pin && rec.pin_hash.as_deref().is_some_and(|h| self.onboarding.pin_matches(h, &req.pin)) {
            return Ok(status_of(who.0, &rec, &self.onboarding.settings()));
        }
        let hash = self.onboarding.hash_pin(&req.pin)?;
        tx.execute(
            "UPDATE onboarding SET pin_hash = ?1, pin_failures = 0, pin_locked_until = NULL WHERE investor = ?2",
            params![hash, who.0],
        )?;
        store_progress(&tx, who.0, rec.progress.after(Step::Pin), now)?;
        let rec = need_record(&tx, who)?;
        tx.commit()?;
        Ok(status_of(who.0, &rec, &self.onboarding.settings()))
    }

    /// The questionnaire served (`GET /v1/onboarding/questionnaire`).
    pub fn questionnaire(&self) -> Result<serde_json::Value, Failure> {
        self.onboarding.questionnaire_json()
    }

    /// Score answers and record the risk category (`POST /v1/onboarding/questionnaire`); also a
    /// retake after completion (expired results).
    pub fn submit_answers(&self, who: InvestorId, req: &SubmitAnswers) -> Result<OnboardingStatus, Failure> {
        let q = self.onboarding.questionnaire()?;
        if req.questionnaire_id != q.id {
            return Err(Failure::new(
                StatusCode::CONFLICT,
                "QUESTIONNAIRE_OUTDATED",
                format!("the questionnaire is now {}; fetch it again and answer that one", q.id),
            ));
        }
        let a = q.assess(&req.answers)?;
        let mut g = self.lock();
        let now = g.clock.now();
        let today = db::day_text(now.date_naive());
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = need_record(&tx, who)?;
        rec.progress.check_submit(Step::Questionnaire)?;
        let answers = serde_json::to_string(&req.answers).unwrap_or_default();
        let same: bool = tx.query_row(
            "SELECT COUNT(*) FROM onboarding WHERE investor = ?1 AND answers = ?2 AND questionnaire_id = ?3 AND assessed_on = ?4",
            params![who.0, answers, q.id, today],
            |r| r.get::<_, i64>(0),
        )? > 0;
        if rec.progress.questionnaire && same {
            return Ok(status_of(who.0, &rec, &self.onboarding.settings()));
        }
        let first = rec.risk_level.is_none();
        tx.execute(
            "UPDATE onboarding SET risk_level = ?1, risk_score = ?2, questionnaire_id = ?3, answers = ?4, assessed_on = ?5
             WHERE investor = ?6",
            params![a.category.to_string(), a.score, q.id, answers, today, who.0],
        )?;
        store_progress(&tx, who.0, rec.progress.after(Step::Questionnaire), now)?;
        if first {
            rewards::on_onboarding_task(&tx, who.0, "risk_questionnaire", now)?;
        }
        let rec = need_record(&tx, who)?;
        tx.commit()?;
        tracing::info!(account = who.0, level = %a.category, "questionnaire recorded");
        Ok(status_of(who.0, &rec, &self.onboarding.settings()))
    }

    /// Send an SMS OTP to the investor's phone to confirm a large money movement
    /// (`POST /v1/confirmations/otp`).
    pub fn request_movement_otp(&self, who: InvestorId) -> Result<OtpSent, Failure> {
        let mut g = self.lock();
        let now = g.clock.now();
        let tx = g.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = need_record(&tx, who)?;
        let phone = rec.phone.ok_or_else(|| Failure::conflict("NO_PHONE", "this account has no phone number"))?;
        let sent = issue_otp(&tx, &self.onboarding, self.is_sandbox(), &phone, OTP_MOVEMENT, now)?;
        tx.commit()?;
        Ok(sent)
    }

    /// An investor's suitability records: (warning, investor level, product risk, shown at,
    /// confirmed at, order id), oldest first.
    #[allow(clippy::type_complexity)]
    pub fn suitability_records(
        &self,
        who: InvestorId,
    ) -> Result<Vec<(String, String, String, String, Option<String>, Option<String>)>, Failure> {
        let g = self.lock();
        let mut st = g.conn.prepare(
            "SELECT warning, investor_level, product_risk, shown_at, confirmed_at, order_id
             FROM suitability_records WHERE investor = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([who.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last code sent to a phone, or to an account's phone (sandbox only, `GET /admin/otp`).
    pub fn sandbox_otp(&self, phone: Option<&str>, account: Option<i64>) -> Result<SandboxOtp, Failure> {
        if !self.is_sandbox() {
            return Err(Failure::not_found());
        }
        let g = self.lock();
        let phone = match (phone, account) {
            (Some(p), _) => validate::phone(p).map_err(|c| field("phone", c))?,
            (None, Some(a)) => record(&g.conn, a)?.and_then(|r| r.phone).ok_or_else(Failure::not_found)?,
            (None, None) => return Err(Failure::bad_request("give phone or account")),
        };
        let code: Option<String> = g
            .conn
            .query_row(
                "SELECT sandbox_code FROM otp WHERE phone = ?1 AND sandbox_code IS NOT NULL ORDER BY id DESC LIMIT 1",
                [phone],
                |r| r.get(0),
            )
            .optional()?;
        code.map(|code| SandboxOtp { code })
            .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "NO_OTP", "no code was sent to this phone"))
    }
}

/// Give an investor made by `POST /admin/investors` a completed onboarding (QA): phone, the
/// given or default PIN (argon2id), the given or default category (C3) assessed now.
pub(crate) fn seed_onboarded(
    tx: &Transaction<'_>,
    cfg: &OnboardingConfig,
    investor: i64,
    req: &CreateInvestor,
    now: BusinessTime,
) -> Result<(), Failure> {
    let phone = match &req.phone {
        Some(p) => validate::phone(p).map_err(|c| field("phone", c))?,
        None => format!("199{investor:08}"),
    };
    let pin = req.pin.as_deref().unwrap_or(DEFAULT_SANDBOX_PIN);
    validate::pin(pin).map_err(|c| field("pin", c))?;
    let level = match &req.risk_level {
        Some(l) => {
            RiskCategory::parse(l).ok_or_else(|| Failure::bad_request("risk_level must be C1 to C5"))?.to_string()
        }
        None => "C3".into(),
    };
    let p = Progress { phone: true, identity: true, card: true, pin: true, questionnaire: true };
    tx.execute(
        "INSERT INTO onboarding (investor, phone, progress, name, card_last4, pin_hash, risk_level, assessed_on, completed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            investor,
            phone,
            serde_json::to_string(&p).unwrap_or_default(),
            req.name,
            req.card_last4,
            cfg.hash_pin(pin)?,
            level,
            db::day_text(now.date_naive()),
            db::time_text(now)
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            Failure::conflict("PHONE_TAKEN", "another investor has this phone number")
        }
        e => Failure::from(e),
    })?;
    Ok(())
}
