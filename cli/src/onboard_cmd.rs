//! The `wealth onboard` subcommand: flags, the embedded sandbox or a given one, output.

use clap::Args;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use wealth_core::device::SandboxAdminClient;

use crate::onboard::{error_json, open_flow, outcome_json, parse_answers, walk, Inputs};
use crate::sandbox::Sandbox;

/// Flags of `wealth onboard`.
#[derive(Args, Debug)]
pub struct OnboardArgs {
    /// Print one JSON document (non-interactive: every value must be given).
    #[arg(long)]
    json: bool,
    /// Mobile number.
    #[arg(long)]
    phone: Option<String>,
    /// Real name.
    #[arg(long)]
    name: Option<String>,
    /// ID number (GB 11643).
    #[arg(long)]
    id_number: Option<String>,
    /// Bank card number.
    #[arg(long)]
    card: Option<String>,
    /// Trading PIN (6 digits).
    #[arg(long)]
    pin: Option<String>,
    /// Option index per question, e.g. 1,1,2,1,2,1,1,1,2,1.
    #[arg(long)]
    answers: Option<String>,
    /// A running sandbox server (default: a fresh embedded one).
    #[arg(long, requires = "data_dir")]
    server: Option<String>,
    /// Its CA certificate (PEM file).
    #[arg(long)]
    ca_file: Option<PathBuf>,
    /// Where the device keeps its store (resume by running again with the same folder).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// After each step (and after the OTP is sent) print `{"event":"step_done",...}` and wait
    /// for a line on stdin (tests kill the process there).
    #[arg(long)]
    pause_after_step: bool,
}

async fn run_on(
    url: &str,
    ca: Option<&str>,
    data_dir: &std::path::Path,
    args: &OnboardArgs,
    inputs: &mut Inputs,
) -> Result<crate::onboard::Outcome, (wealth_core::device::DeviceError, Option<wealth_core::onboarding::Step>)> {
    let flow = open_flow(url, ca, data_dir).map_err(|e| (e, None))?;
    let admin = SandboxAdminClient::new(url, ca).map_err(|e| (e, None))?;
    let interactive = !args.json && std::io::stdin().is_terminal();
    let pause = args.pause_after_step;
    walk(&flow, &admin, inputs, interactive, |step, view| {
        if pause {
            println!("{}", serde_json::json!({"event": "step_done", "step": step, "next": view.step}));
        } else if !args.json {
            eprintln!("done: {step} (next: {})", view.step);
        }
        if pause {
            let mut line = String::new();
            let _ = std::io::stdin().lock().read_line(&mut line);
        }
    })
    .await
    .map_err(|e| {
        let step = flow.view().ok().map(|v| v.step);
        (e, step)
    })
}

/// Run `wealth onboard`.
pub async fn run(args: OnboardArgs) -> ExitCode {
    let answers = match args.answers.as_deref().map(parse_answers).transpose() {
        Ok(a) => a,
        Err(m) => {
            eprintln!("--answers: {m}");
            return ExitCode::from(2);
        }
    };
    let mut inputs = Inputs {
        phone: args.phone.clone(),
        name: args.name.clone(),
        id_number: args.id_number.clone(),
        card: args.card.clone(),
        pin: args.pin.clone(),
        answers,
    };
    let result = match (&args.server, &args.data_dir) {
        (Some(url), Some(dir)) => {
            let ca = match args.ca_file.as_ref().map(std::fs::read_to_string).transpose() {
                Ok(ca) => ca,
                Err(e) => {
                    eprintln!("--ca-file: {e}");
                    return ExitCode::from(2);
                }
            };
            run_on(url, ca.as_deref(), dir, &args, &mut inputs).await
        }
        _ => {
            let now = wealth_core::calendar::to_shanghai(chrono::Utc::now());
            let sandbox = match Sandbox::start(now).await {
                Ok(s) => s,
                Err(m) => {
                    eprintln!("{m}");
                    return ExitCode::from(1);
                }
            };
            let tmp = tempfile::tempdir().ok();
            let dir = args
                .data_dir
                .clone()
                .or_else(|| tmp.as_ref().map(|t| t.path().to_path_buf()))
                .unwrap_or_else(|| PathBuf::from("wealth-onboard-data"));
            let url = sandbox.url().to_string();
            let ca = sandbox.ca_pem().map(str::to_string);
            let r = run_on(&url, ca.as_deref(), &dir, &args, &mut inputs).await;
            sandbox.stop().await;
            r
        }
    };
    match result {
        Ok(o) => {
            if args.json {
                println!("{}", outcome_json(&o));
            } else {
                println!(
                    "onboarded: account {}, risk level {} (score {}), card ****{}",
                    o.view.account_id.as_deref().unwrap_or("-"),
                    o.view.risk_level.as_deref().unwrap_or("-"),
                    o.view.risk_score.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                    o.view.card_last4.as_deref().unwrap_or("----"),
                );
                if let Some(w) = &o.card_warning {
                    println!("warning {w}: the card number fails the Luhn check; the bank accepted it");
                }
            }
            ExitCode::SUCCESS
        }
        Err((e, step)) => {
            if args.json {
                println!("{}", error_json(&e, step));
            } else {
                eprintln!("refused {}: {e}", e.code());
            }
            ExitCode::from(1)
        }
    }
}
