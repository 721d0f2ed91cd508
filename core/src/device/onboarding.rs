//! Onboarding on the device: the flow a new investor walks (phone + OTP → real name + ID → card
//! → PIN → questionnaire → done), validated locally first (field codes), then sent to the server
//! (each step idempotent there), and persisted in the replica after every step so a killed app
//! resumes at the right step with nothing lost and nothing done twice. The PIN is never stored;
//! the card only as its last 4 digits and a salted hash; the session token goes to the platform's
//! secret store.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::api::{OnboardingStatus, OtpSent, SubmitAnswers, SubmitCard, SubmitIdentity, SubmitPin};
use crate::calendar::{to_shanghai, BusinessTime};
use crate::device::client::ApiClient;
use crate::device::error::DeviceError;
use crate::device::store::ReplicaStore;
use crate::onboarding::{newbie_guide, validate, GuideItem, OnboardingError, Progress, Questionnaire, Step};

pub use crate::device::secrets::SecretStore;

/// The name of the session token in the secret store (shared with `Device`).
pub const SESSION_TOKEN_KEY: &str = crate::device::secrets::SESSION_TOKEN;

/// The stored session token, if any (a failing store reads as none: onboarding starts over at
/// the phone step rather than guessing).
fn stored_token(secrets: &dyn SecretStore) -> Option<String> {
    crate::device::secrets::session_token(secrets).ok().flatten().filter(|t| !t.is_empty())
}

/// What the onboarding screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingView {
    /// The step to do now.
    pub step: Step,
    /// Which steps are done.
    pub progress: Progress,
    /// The phone number given (normalised).
    pub phone: Option<String>,
    /// When the last login OTP was sent (the verify screen is shown while it is valid).
    pub otp_sent_at: Option<BusinessTime>,
    /// Account id, after phone + OTP.
    pub account_id: Option<String>,
    /// Real name.
    pub name: Option<String>,
    /// ID number, masked.
    pub id_number_masked: Option<String>,
    /// Last 4 digits of the bound card.
    pub card_last4: Option<String>,
    /// Risk category ("C1".."C5") and score.
    pub risk_level: Option<String>,
    /// Questionnaire score.
    pub risk_score: Option<u32>,
    /// Fields filled so far (`phone`, `name`, `id_number`, `card`, `pin`, `answers`).
    pub filled: Vec<String>,
    /// Fields still missing, in order.
    pub missing: Vec<String>,
    /// The last refusal per field (field → stable code), cleared when the field is accepted.
    pub errors: BTreeMap<String, String>,
    /// Whether a session token is in the secret store.
    pub has_session: bool,
}

#[derive(Debug, Clone, Default)]
struct Row {
    phone: Option<String>,
    otp_sent_at: Option<String>,
    account_id: Option<String>,
    progress: Progress,
    name: Option<String>,
    id_number_masked: Option<String>,
    card_last4: Option<String>,
    risk_level: Option<String>,
    risk_score: Option<u32>,
    guide_read: Vec<String>,
}

impl ReplicaStore {
    fn onboarding_row(&self) -> Result<Row, DeviceError> {
        let row = self
            .conn
            .query_row(
                "SELECT phone, otp_sent_at, account_id, progress, name, id_number_masked, card_last4, risk_level,
                        risk_score, guide_read FROM onboarding WHERE id = 1",
                [],
                |r| {
                    let progress: String = r.get(3)?;
                    let read: String = r.get(9)?;
                    Ok(Row {
                        phone: r.get(0)?,
                        otp_sent_at: r.get(1)?,
                        account_id: r.get(2)?,
                        progress: serde_json::from_str(&progress).unwrap_or_default(),
                        name: r.get(4)?,
                        id_number_masked: r.get(5)?,
                        card_last4: r.get(6)?,
                        risk_level: r.get(7)?,
                        risk_score: r.get(8)?,
                        guide_read: serde_json::from_str(&read).unwrap_or_default(),
                    })
                },
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    /// Write the server's status of onboarding (one transaction).
    fn save_status(&mut self, s: &OnboardingStatus) -> Result<(), DeviceError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE onboarding SET account_id = ?1, progress = ?2, name = ?3, id_number_masked = ?4,
                card_last4 = COALESCE(?5, card_last4), risk_level = ?6, risk_score = ?7, risk_valid_until = ?8,
                card_hash = CASE WHEN ?5 IS NULL THEN NULL ELSE card_hash END,
                card_salt = CASE WHEN ?5 IS NULL THEN NULL ELSE card_salt END,
                updated_at = ?9
             WHERE id = 1",
            params![
                s.account_id,
                serde_json::to_string(&s.progress).unwrap_or_default(),
                s.name,
                s.id_number_masked,
                s.card_last4,
                s.risk_level,
                s.risk_score,
                s.risk_valid_until.map(|d| d.to_string()),
                Utc::now().to_rfc3339()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The device side of onboarding.
pub struct OnboardingFlow {
    store: Mutex<ReplicaStore>,
    api: ApiClient,
    secrets: Arc<dyn SecretStore>,
    errors: Mutex<BTreeMap<String, String>>,
}

fn masked(id: &str) -> String {
    let n = id.chars().count();
    id.chars().enumerate().map(|(i, c)| if i < 3 || i + 4 >= n { c } else { '*' }).collect()
}

impl OnboardingFlow {
    /// Open the replica in `data_dir` (same file as `Device`) and prepare the client. No network.
    pub fn open(
        server_url: &str,
        ca_cert_pem: Option<&str>,
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<OnboardingFlow, DeviceError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| DeviceError::Config(format!("data folder {}: {e}", data_dir.display())))?;
        let key = crate::device::secrets::replica_key(secrets.as_ref())?;
        let store = ReplicaStore::open(&data_dir.join("replica.sqlite3"), &key)?;
        let token = stored_token(secrets.as_ref()).unwrap_or_default();
        let api = ApiClient::new(server_url, ca_cert_pem, &token)?;
        Ok(OnboardingFlow { store: Mutex::new(store), api, secrets, errors: Mutex::new(BTreeMap::new()) })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, ReplicaStore> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn authed(&self) -> Result<ApiClient, DeviceError> {
        let token =
            stored_token(self.secrets.as_ref()).ok_or(DeviceError::Onboarding(OnboardingError::StepOutOfOrder {
                step: Step::Identity,
                current: Step::Phone,
            }))?;
        Ok(self.api.with_token(&token))
    }

    /// The session token, once phone + OTP are done (for `DeviceConfig`).
    pub fn session_token(&self) -> Option<String> {
        stored_token(self.secrets.as_ref())
    }

    fn note<T>(&self, field: &str, r: Result<T, DeviceError>) -> Result<T, DeviceError> {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        match &r {
            Ok(_) => {
                errors.remove(field);
            }
            Err(e) => {
                errors.insert(e.field().unwrap_or_else(|| field.to_string()), e.code());
            }
        }
        r
    }

    /// What the screens show, from the replica only (works offline, right after a restart).
    pub fn view(&self) -> Result<OnboardingView, DeviceError> {
        let row = self.store().onboarding_row()?;
        let p = row.progress;
        let mut filled = Vec::new();
        let mut missing = Vec::new();
        for (field, done) in [
            ("phone", p.phone),
            ("name", p.identity),
            ("id_number", p.identity),
            ("card", p.card),
            ("pin", p.pin),
            ("answers", p.questionnaire),
        ] {
            if done {
                filled.push(field.to_string());
            } else {
                missing.push(field.to_string());
            }
        }
        Ok(OnboardingView {
            step: p.current(),
            progress: p,
            phone: row.phone,
            otp_sent_at: row
                .otp_sent_at
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| to_shanghai(t.with_timezone(&Utc))),
            account_id: row.account_id,
            name: row.name,
            id_number_masked: row.id_number_masked,
            card_last4: row.card_last4,
            risk_level: row.risk_level,
            risk_score: row.risk_score,
            filled,
            missing,
            errors: self.errors.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            has_session: self.session_token().is_some(),
        })
    }

    /// Whether a login OTP was sent less than `valid_secs` ago (then the app shows the code
    /// screen instead of sending another).
    pub fn otp_pending(&self, valid_secs: i64) -> Result<bool, DeviceError> {
        let v = self.view()?;
        Ok(!v.progress.phone
            && v.otp_sent_at.is_some_and(|t| to_shanghai(Utc::now()) < t + Duration::seconds(valid_secs)))
    }

    /// Step 1a: send an OTP to `phone` (validated first: `FORMAT`).
    pub async fn request_otp(&self, phone: &str) -> Result<OtpSent, DeviceError> {
        let r = async {
            let phone = validate::phone(phone).map_err(|c| OnboardingError::field("phone", c))?;
            let sent = self.api.request_otp(&phone).await?;
            let store = self.store();
            store.conn.execute(
                "UPDATE onboarding SET phone = ?1, otp_sent_at = ?2 WHERE id = 1",
                params![phone, Utc::now().to_rfc3339()],
            )?;
            Ok(sent)
        }
        .await;
        self.note("phone", r)
    }

    /// Step 1b: verify the OTP sent to the stored phone; keeps the session token in the secret store.
    pub async fn verify_otp(&self, code: &str) -> Result<OnboardingView, DeviceError> {
        let r = async {
            let phone =
                self.view()?.phone.ok_or_else(|| OnboardingError::field("phone", validate::FieldCode::Format))?;
            let session = self.api.verify_otp(&phone, code.trim()).await?;
            self.secrets
                .set(SESSION_TOKEN_KEY, session.token.as_bytes().to_vec())
                .map_err(|e| DeviceError::Config(format!("the platform's secret store failed: {e}")))?;
            self.store().save_status(&session.status)?;
            Ok(())
        }
        .await;
        self.note("code", r)?;
        self.view()
    }

    /// Bring the local progress up to the server's (after a restart, or another device).
    pub async fn refresh(&self) -> Result<OnboardingView, DeviceError> {
        if self.session_token().is_some() {
            let status = self.authed()?.onboarding_status().await?;
            self.store().save_status(&status)?;
        }
        self.view()
    }

    /// Step 2: real name and ID number (`FORMAT`, `CHECKSUM`, `BIRTH_DATE`, `UNDER_AGE` first, on
    /// the device, at `today`).
    pub async fn submit_identity(
        &self,
        name: &str,
        id_number: &str,
        today: chrono::NaiveDate,
    ) -> Result<OnboardingView, DeviceError> {
        let r = async {
            let id = validate::id_number(id_number, today).map_err(|c| OnboardingError::field("id_number", c))?;
            let status = self
                .authed()?
                .submit_identity(&SubmitIdentity { name: name.trim().into(), id_number: id.number.clone() })
                .await?;
            let mut store = self.store();
            store.save_status(&status)?;
            store.conn.execute("UPDATE onboarding SET id_number_masked = ?1 WHERE id = 1", [masked(&id.number)])?;
            Ok(())
        }
        .await;
        self.note("id_number", r)?;
        self.view()
    }

    /// Step 3: bind a card (`FORMAT` on the device; a Luhn failure is only a warning, returned).
    /// Kept on the device as last 4 + salted hash.
    pub async fn submit_card(&self, card: &str) -> Result<(OnboardingView, Option<String>), DeviceError> {
        let r = async {
            let c = validate::card(card).map_err(|code| OnboardingError::field("card", code))?;
            let status = self.authed()?.submit_card(&SubmitCard { card_number: c.number.clone() }).await?;
            let salt = uuid::Uuid::new_v4().simple().to_string();
            let hash: String =
                Sha256::digest(format!("{salt}|{}", c.number).as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            let mut store = self.store();
            store.save_status(&status)?;
            store.conn.execute(
                "UPDATE onboarding SET card_last4 = ?1, card_salt = ?2, card_hash = ?3 WHERE id = 1",
                params![c.last4(), salt, hash],
            )?;
            Ok(c.warning.map(|w| w.as_str().to_string()))
        }
        .await;
        let warning = self.note("card", r)?;
        Ok((self.view()?, warning))
    }

    /// Step 4: set the trading PIN, entered twice (`FORMAT`, `PIN_TOO_SIMPLE`, `PIN_MISMATCH`).
    /// Sent to the server only.
    pub async fn submit_pin(&self, pin: &str, pin_again: &str) -> Result<OnboardingView, DeviceError> {
        let r = async {
            validate::new_pin(pin, pin_again).map_err(|c| OnboardingError::field("pin", c))?;
            let status = self.authed()?.submit_pin(&SubmitPin { pin: pin.into(), pin_again: pin_again.into() }).await?;
            self.store().save_status(&status)?;
            Ok(())
        }
        .await;
        self.note("pin", r)?;
        self.view()
    }

    /// The questionnaire: from the server, cached by id in the replica (offline: the cache).
    pub async fn questionnaire(&self) -> Result<Questionnaire, DeviceError> {
        match self.api.questionnaire().await {
            Ok(raw) => {
                let text = raw.to_string();
                let q = Questionnaire::parse(&text)?;
                self.store().conn.execute(
                    "INSERT INTO questionnaire_cache (id, json) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                    params![q.id, text],
                )?;
                Ok(q)
            }
            Err(e @ (DeviceError::Network(_) | DeviceError::Offline)) => {
                let cached: Option<String> = self
                    .store()
                    .conn
                    .query_row("SELECT json FROM questionnaire_cache ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0))
                    .optional()?;
                match cached {
                    Some(text) => Ok(Questionnaire::parse(&text)?),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Step 5: answer the questionnaire (one option index per question); scored on the device
    /// for the preview and by the server for the record.
    pub async fn submit_answers(&self, answers: &[usize]) -> Result<OnboardingView, DeviceError> {
        let r = async {
            let q = self.questionnaire().await?;
            q.assess(answers)?;
            let status = self
                .authed()?
                .submit_answers(&SubmitAnswers { questionnaire_id: q.id.clone(), answers: answers.to_vec() })
                .await?;
            self.store().save_status(&status)?;
            Ok(())
        }
        .await;
        self.note("answers", r)?;
        self.view()
    }

    /// Mark a newbie-guide page as read (`what_is_it`, `protection`).
    pub fn mark_guide_read(&self, id: &str) -> Result<(), DeviceError> {
        let store = self.store();
        let mut read = store.onboarding_row()?.guide_read;
        if !read.iter().any(|r| r == id) {
            read.push(id.to_string());
        }
        store.conn.execute(
            "UPDATE onboarding SET guide_read = ?1 WHERE id = 1",
            [serde_json::to_string(&read).unwrap_or_default()],
        )?;
        Ok(())
    }

    /// The newbie guide checklist (`first_deposit_made` from the account replica).
    pub fn newbie_guide(&self, first_deposit_made: bool) -> Result<Vec<GuideItem>, DeviceError> {
        let row = self.store().onboarding_row()?;
        Ok(newbie_guide(&row.progress, &row.guide_read, first_deposit_made))
    }
}
