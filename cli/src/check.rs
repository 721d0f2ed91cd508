//! `wealth check phone|id-number|card|pin VALUE [--json]`: one value through the core's
//! validators, with the stable codes of `golden/onboarding.json`.

use chrono::{NaiveDate, Utc};
use std::process::ExitCode;

use wealth_core::calendar::to_shanghai;
use wealth_core::onboarding::validate;

/// What `check` prints.
#[derive(Debug, serde::Serialize)]
pub struct Checked {
    /// Accepted.
    pub ok: bool,
    /// The refusal code, or "" when accepted.
    pub code: String,
    /// A warning on an accepted value (`LUHN`), or "".
    pub warning: String,
    /// The normalised value when accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalised: Option<String>,
    /// For a person.
    pub message: String,
}

/// Check `value` as `kind` (`phone`, `id-number`, `card`, `pin`); ID numbers at `today`.
pub fn check(kind: &str, value: &str, today: NaiveDate) -> Result<Checked, String> {
    let (field, r): (&str, Result<(String, Option<&str>), validate::FieldCode>) = match kind {
        "phone" => ("phone", validate::phone(value).map(|p| (p, None))),
        "id-number" => ("id_number", validate::id_number(value, today).map(|i| (i.number, None))),
        "card" => ("card", validate::card(value).map(|c| (c.number.clone(), c.warning.map(|w| w.as_str())))),
        "pin" => ("pin", validate::pin(value).map(|()| ("******".to_string(), None))),
        other => return Err(format!("unknown kind {other:?}: use phone, id-number, card or pin")),
    };
    Ok(match r {
        Ok((normalised, warning)) => Checked {
            ok: true,
            code: String::new(),
            warning: warning.unwrap_or_default().to_string(),
            normalised: Some(normalised),
            message: match warning {
                Some(_) => "accepted; the number fails the Luhn check, so the bank's check will decide".into(),
                None => "accepted".into(),
            },
        },
        Err(code) => Checked {
            ok: false,
            code: code.as_str().into(),
            warning: String::new(),
            normalised: None,
            message: code.message(field),
        },
    })
}

/// Run the subcommand: exit 0 when accepted, 1 when refused, 2 on bad usage.
pub fn run(kind: &str, value: &str, json: bool, today: Option<NaiveDate>) -> ExitCode {
    let today = today.unwrap_or_else(|| to_shanghai(Utc::now()).date_naive());
    match check(kind, value, today) {
        Ok(c) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"ok": c.ok, "code": c.code, "warning": c.warning, "message": c.message})
                );
            } else if c.ok {
                let w = if c.warning.is_empty() { String::new() } else { format!(" (warning {})", c.warning) };
                println!("ok: {}{w}", c.normalised.unwrap_or_default());
            } else {
                println!("refused {}: {}", c.code, c.message);
            }
            if c.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(m) => {
            eprintln!("{m}");
            ExitCode::from(2)
        }
    }
}
