//! `wealth onboard`: the onboarding flow through the device side (`OnboardingFlow`), over real
//! HTTPS, interactive or from flags; resumable (run it again with the same `--data-dir`). On a
//! sandbox the OTP is read from the sandbox's admin route.

use chrono::Utc;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;

use wealth_core::calendar::to_shanghai;
use wealth_core::device::onboarding::{OnboardingFlow, OnboardingView};
use wealth_core::device::secrets::FileSecretStore;
use wealth_core::device::{DeviceError, SandboxAdminClient};
use wealth_core::onboarding::Step;

/// What the flow needs; a missing value is asked for on the terminal (interactive) or refused.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Mobile number.
    pub phone: Option<String>,
    /// Real name.
    pub name: Option<String>,
    /// ID number.
    pub id_number: Option<String>,
    /// Card number.
    pub card: Option<String>,
    /// Trading PIN.
    pub pin: Option<String>,
    /// Option index per question.
    pub answers: Option<Vec<usize>>,
}

/// Parse "1,1,2,..." into option indexes.
pub fn parse_answers(s: &str) -> Result<Vec<usize>, String> {
    s.split(',').map(|a| a.trim().parse::<usize>().map_err(|_| format!("{a:?} is not an option index"))).collect()
}

fn ask(prompt: &str) -> Result<String, DeviceError> {
    eprint!("{prompt}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| DeviceError::Config(format!("stdin: {e}")))?;
    if line.is_empty() {
        return Err(DeviceError::Config(format!("no input for {prompt}")));
    }
    Ok(line.trim().to_string())
}

fn need(value: &Option<String>, prompt: &str, interactive: bool) -> Result<String, DeviceError> {
    match value {
        Some(v) => Ok(v.clone()),
        None if interactive => ask(prompt),
        None => Err(DeviceError::Config(format!("--{} is needed", prompt.to_lowercase().replace(' ', "-")))),
    }
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Where onboarding stands.
    pub view: OnboardingView,
    /// Steps this run completed, in order.
    pub steps_run: Vec<Step>,
    /// A warning on the card (`LUHN`).
    pub card_warning: Option<String>,
}

/// Walk the flow from wherever it stands. `after_step` runs after every completed step, and
/// after the login OTP was sent (event `"otp_sent"`, between sending and verifying); the console
/// prints it, and `--pause-after-step` waits there so a test can kill the process.
pub async fn walk(
    flow: &OnboardingFlow,
    admin: &SandboxAdminClient,
    inputs: &mut Inputs,
    interactive: bool,
    mut after_step: impl FnMut(&str, &OnboardingView),
) -> Result<Outcome, DeviceError> {
    let mut view = flow.refresh().await?;
    let mut steps_run = Vec::new();
    let mut card_warning = None;
    loop {
        let step = view.step;
        let result = match step {
            Step::Done => break,
            Step::Phone => {
                let phone = need(&inputs.phone, "Phone", interactive)?;
                // A code still valid from before a restart is used, not sent again.
                let same_phone =
                    view.phone.as_deref() == wealth_core::onboarding::validate::phone(&phone).ok().as_deref();
                if !(same_phone && flow.otp_pending(300)?) {
                    flow.request_otp(&phone).await.map(|_| ())?;
                    after_step("otp_sent", &flow.view()?);
                }
                let code = if interactive && inputs.phone.is_none() {
                    ask("Code sent by SMS")?
                } else {
                    admin.otp(&phone).await?.code
                };
                flow.verify_otp(&code).await
            }
            Step::Identity => {
                let name = need(&inputs.name, "Name", interactive)?;
                let id = need(&inputs.id_number, "ID number", interactive)?;
                flow.submit_identity(&name, &id, to_shanghai(Utc::now()).date_naive()).await
            }
            Step::Card => {
                let card = need(&inputs.card, "Card", interactive)?;
                flow.submit_card(&card).await.map(|(v, w)| {
                    card_warning = w;
                    v
                })
            }
            Step::Pin => {
                let pin = need(&inputs.pin, "PIN", interactive)?;
                let again = if interactive && inputs.pin.is_none() { ask("PIN again")? } else { pin.clone() };
                flow.submit_pin(&pin, &again).await
            }
            Step::Questionnaire => {
                let answers = match &inputs.answers {
                    Some(a) => a.clone(),
                    None if interactive => {
                        let q = flow.questionnaire().await?;
                        let mut answers = Vec::new();
                        for question in &q.questions {
                            eprintln!("{}", question.text);
                            for (i, o) in question.options.iter().enumerate() {
                                eprintln!("  {i}. {}", o.text);
                            }
                            let a = ask("Option")?;
                            answers
                                .push(a.parse().map_err(|_| DeviceError::Config(format!("{a:?} is not an option")))?);
                        }
                        answers
                    }
                    None => return Err(DeviceError::Config("--answers is needed".into())),
                };
                flow.submit_answers(&answers).await
            }
        };
        match result {
            Ok(v) => {
                view = v;
                steps_run.push(step);
                after_step(step.as_str(), &view);
            }
            Err(e) if interactive && e.field().is_some() => {
                eprintln!("refused {}: {e}", e.code());
                // Ask again for what was refused.
                match e.field().as_deref() {
                    Some("phone") | Some("code") => inputs.phone = None,
                    Some("name") => inputs.name = None,
                    Some("id_number") => inputs.id_number = None,
                    Some("card") => inputs.card = None,
                    Some("pin") => inputs.pin = None,
                    _ => inputs.answers = None,
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Outcome { view, steps_run, card_warning })
}

/// The JSON the console prints for an outcome.
pub fn outcome_json(o: &Outcome) -> serde_json::Value {
    serde_json::json!({
        "ok": o.view.step == Step::Done,
        "step": o.view.step,
        "account_id": o.view.account_id,
        "risk_level": o.view.risk_level,
        "risk_score": o.view.risk_score,
        "card_last4": o.view.card_last4,
        "card_warning": o.card_warning,
        "steps_run": o.steps_run,
    })
}

/// The JSON of a refusal.
pub fn error_json(e: &DeviceError, step: Option<Step>) -> serde_json::Value {
    serde_json::json!({"ok": false, "code": e.code(), "field": e.field(), "step": step, "message": e.to_string()})
}

/// Open the flow for a server and data folder, with the file secret store.
pub fn open_flow(url: &str, ca_pem: Option<&str>, data_dir: &Path) -> Result<OnboardingFlow, DeviceError> {
    OnboardingFlow::open(url, ca_pem, data_dir, Arc::new(FileSecretStore::new(&data_dir.join("secrets"))?))
}
