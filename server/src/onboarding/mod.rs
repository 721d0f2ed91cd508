//! Onboarding on the server (rules.md §5): OTP issue/verify with its limits, the session token,
//! real name + ID, the four-element card check, the trading PIN (argon2id hash, lockout), the risk
//! questionnaire, suitability records, and the authorisation every money movement needs. Rules
//! come from `wealth_core::onboarding`; each step is one transaction and idempotent.

mod movement;
mod steps;

pub(crate) use movement::{authorize_movement, record_movement};
pub(crate) use steps::seed_onboarded;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The risk questionnaire the server ships (`server/data/questionnaire.json`, checked against the shared spec by `core/tests/spec_drift.rs`).
const BUILTIN_QUESTIONNAIRE: &str = include_str!("../../data/questionnaire.json");
use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension};
use wealth_core::api::OnboardingStatus;
use wealth_core::onboarding::{OnboardingError, OnboardingSettings, Progress, Questionnaire};

use crate::error::{Failure, ServerError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS onboarding (
    investor INTEGER PRIMARY KEY REFERENCES investors(id),
    phone TEXT UNIQUE,
    progress TEXT NOT NULL,
    name TEXT,
    id_number TEXT,
    card_hash TEXT,
    card_last4 TEXT,
    pin_hash TEXT,
    pin_failures INTEGER NOT NULL DEFAULT 0,
    pin_locked_until TEXT,
    risk_level TEXT,
    risk_score INTEGER,
    questionnaire_id TEXT,
    answers TEXT,
    assessed_on TEXT,
    completed_at TEXT);
CREATE TABLE IF NOT EXISTS otp (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phone TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    sandbox_code TEXT,
    issued_at TEXT NOT NULL,
    day TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS otp_by_phone ON otp (phone, purpose, id);
CREATE TABLE IF NOT EXISTS card_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    investor INTEGER NOT NULL REFERENCES investors(id),
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    passed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS suitability_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    investor INTEGER NOT NULL REFERENCES investors(id),
    investor_level TEXT NOT NULL,
    product_risk TEXT NOT NULL,
    warning TEXT NOT NULL,
    shown_at TEXT NOT NULL,
    confirmed_at TEXT,
    order_id TEXT);
";

/// Create the onboarding tables (idempotent).
pub(crate) fn init_schema(conn: &Connection) -> Result<(), ServerError> {
    conn.execute_batch(SCHEMA)?;
    Ok(())
}

/// Settings, the served questionnaire and the PIN hash parameters.
pub struct OnboardingConfig {
    /// Limits and thresholds (the domain's defaults, overridable in the sandbox).
    settings: std::sync::Mutex<OnboardingSettings>,
    questionnaire: Option<(Questionnaire, serde_json::Value)>,
    argon2: Params,
}

impl OnboardingConfig {
    /// Load the questionnaire from `$WEALTH_QUESTIONNAIRE`, else the built-in one (the spec's
    /// `questionnaire.json`, shipped as `server/data/questionnaire.json`). The sandbox hashes PINs with
    /// modest argon2id parameters (tests); otherwise the crate's defaults (19 MiB, 2 passes).
    pub(crate) fn load(sandbox: bool, conn: &Connection) -> Result<OnboardingConfig, ServerError> {
        let mut settings = OnboardingSettings::default();
        let mut st = conn.prepare("SELECT name, value FROM settings ORDER BY name")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (name, value) = row?;
            if OnboardingSettings::is_setting(&name) {
                settings.set(&name, &value).map_err(|e| ServerError::Data(e.to_string()))?;
            }
        }
        // `$WEALTH_QUESTIONNAIRE` replaces the questionnaire the server ships
        // (`server/data/questionnaire.json`, the spec's `questionnaire.json`).
        let (origin, text) = match std::env::var_os("WEALTH_QUESTIONNAIRE") {
            Some(p) => {
                let path = std::path::PathBuf::from(p);
                match std::fs::read_to_string(&path) {
                    Ok(text) => (path.display().to_string(), text),
                    Err(e) => {
                        return Err(ServerError::Config(format!("questionnaire {}: {e}", path.display())));
                    }
                }
            }
            None => ("built-in".to_string(), BUILTIN_QUESTIONNAIRE.to_string()),
        };
        let questionnaire = match (Questionnaire::parse(&text), serde_json::from_str(&text)) {
            (Ok(q), Ok(raw)) => Some((q, raw)),
            _ => return Err(ServerError::Config(format!("the questionnaire ({origin}) cannot be read"))),
        };
        let argon2 = if sandbox { Params::new(1024, 1, 1, None).unwrap_or_default() } else { Params::default() };
        Ok(OnboardingConfig { settings: std::sync::Mutex::new(settings), questionnaire, argon2 })
    }

    /// The settings in force.
    pub(crate) fn settings(&self) -> OnboardingSettings {
        self.settings.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Replace the settings (after `POST /admin/settings` stored them).
    pub(crate) fn set_settings(&self, s: OnboardingSettings) {
        *self.settings.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = s;
    }

    pub(crate) fn questionnaire(&self) -> Result<&Questionnaire, Failure> {
        self.questionnaire.as_ref().map(|(q, _)| q).ok_or_else(|| {
            onboarding_failure(&OnboardingError::Questionnaire("the questionnaire is not available; try later".into()))
        })
    }

    pub(crate) fn questionnaire_json(&self) -> Result<serde_json::Value, Failure> {
        self.questionnaire()?;
        Ok(self.questionnaire.as_ref().map(|(_, raw)| raw.clone()).unwrap_or_default())
    }

    fn hasher(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.argon2.clone())
    }

    /// An argon2id PHC string of `pin` with a fresh random salt.
    pub(crate) fn hash_pin(&self, pin: &str) -> Result<String, Failure> {
        let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).map_err(|_| Failure::internal())?;
        self.hasher().hash_password(pin.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
            tracing::error!(error = %e, "PIN hash failed");
            Failure::internal()
        })
    }

    /// Whether `pin` matches the stored PHC string (parameters read from it).
    pub(crate) fn pin_matches(&self, stored: &str, pin: &str) -> bool {
        PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
    }
}

/// The HTTP form of an onboarding rule's refusal.
pub(crate) fn onboarding_failure(e: &OnboardingError) -> Failure {
    let status = match e {
        OnboardingError::Field { .. } | OnboardingError::AnswersInvalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        OnboardingError::StepOutOfOrder { .. } => StatusCode::CONFLICT,
        OnboardingError::Questionnaire(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    let mut f = Failure::new(status, e.code(), e.to_string());
    f.error.details.field = e.field_name().map(str::to_string);
    if let OnboardingError::StepOutOfOrder { current, .. } = e {
        f.error.details.step = Some(current.as_str().into());
    }
    if matches!(e, OnboardingError::AnswersInvalid(_)) {
        f.error.details.field = Some("answers".into());
    }
    f
}

impl From<OnboardingError> for Failure {
    fn from(e: OnboardingError) -> Failure {
        onboarding_failure(&e)
    }
}

/// One investor's onboarding row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub phone: Option<String>,
    pub progress: Progress,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub card_hash: Option<String>,
    pub card_last4: Option<String>,
    pub pin_hash: Option<String>,
    pub pin_failures: u32,
    pub pin_locked_until: Option<String>,
    pub risk_level: Option<String>,
    pub risk_score: Option<u32>,
    pub assessed_on: Option<String>,
}

pub(crate) fn record(conn: &Connection, investor: i64) -> rusqlite::Result<Option<Record>> {
    conn.query_row(
        "SELECT phone, progress, name, id_number, card_hash, card_last4, pin_hash, pin_failures, pin_locked_until,
                risk_level, risk_score, assessed_on
         FROM onboarding WHERE investor = ?1",
        [investor],
        |r| {
            let progress: String = r.get(1)?;
            Ok(Record {
                phone: r.get(0)?,
                progress: serde_json::from_str(&progress).unwrap_or_default(),
                name: r.get(2)?,
                id_number: r.get(3)?,
                card_hash: r.get(4)?,
                card_last4: r.get(5)?,
                pin_hash: r.get(6)?,
                pin_failures: r.get(7)?,
                pin_locked_until: r.get(8)?,
                risk_level: r.get(9)?,
                risk_score: r.get(10)?,
                assessed_on: r.get(11)?,
            })
        },
    )
    .optional()
}

fn mask_id(id: &str) -> String {
    let n = id.chars().count();
    id.chars().enumerate().map(|(i, c)| if i < 3 || i + 4 >= n { c } else { '*' }).collect()
}

/// The status the API shows for a record.
pub(crate) fn status_of(investor: i64, r: &Record, s: &OnboardingSettings) -> OnboardingStatus {
    let valid_until = r
        .assessed_on
        .as_deref()
        .and_then(|d| d.parse().ok())
        .map(|d| wealth_core::onboarding::questionnaire::valid_until(d, s.questionnaire_valid_days));
    OnboardingStatus {
        account_id: investor.to_string(),
        step: r.progress.current().as_str().into(),
        progress: r.progress,
        name: r.name.clone(),
        id_number_masked: r.id_number.as_deref().map(mask_id),
        card_last4: r.card_last4.clone(),
        risk_level: r.risk_level.clone(),
        risk_score: r.risk_score,
        risk_valid_until: valid_until,
    }
}
