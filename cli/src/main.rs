//! `wealth`: the desktop console of wealth-core (QA and newcomers).

mod bench;
mod check;
mod console;
mod demo;
mod onboard;
mod onboard_cmd;
mod sandbox;
mod scenario;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wealth",
    version,
    about = "The wealth-core console: run the app's journeys on an embedded sandbox server"
)]
struct Cli {
    #[command(flatten)]
    global: console::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// A guided first week on an embedded sandbox server, computed by the core over HTTPS.
    Demo,
    /// Every benchmark figure with its goal (README, Benchmarks).
    Bench(bench::BenchArgs),
    #[command(flatten)]
    Console(console::Command),
    /// Scenario files (see shared/spec/scenarios.md).
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Onboard a new investor (phone + OTP, name + ID, card, PIN, questionnaire), interactively
    /// or from flags; resumable with the same --data-dir.
    Onboard(onboard_cmd::OnboardArgs),
    /// Validate one value: `wealth check phone|id-number|card|pin VALUE [--json]` (exit 0 ok, 1 refused).
    Check {
        /// phone, id-number, card or pin.
        kind: String,
        /// The value.
        value: String,
        /// Print `{"ok", "code", "warning"}`.
        #[arg(long)]
        json: bool,
        /// Date for the age check of an ID number (default: today in Shanghai).
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Run scenario files, each on a fresh sandbox; exit 0 when all pass, 1 when one fails, 2
    /// when a file is malformed.
    Run {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime starts")
}

fn run_scenarios(files: &[PathBuf], json: bool) -> ExitCode {
    let mut parsed = Vec::new();
    for f in files {
        match scenario::load(f) {
            Ok(s) => parsed.push((f.display().to_string(), s)),
            Err(m) => {
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"error": "MALFORMED_SCENARIO", "file": m.file, "path": m.path, "message": m.message})
                    );
                } else {
                    eprintln!("{m}");
                }
                return ExitCode::from(2);
            }
        }
    }
    let rt = runtime();
    let mut results = Vec::new();
    for (file, s) in &parsed {
        let r = rt.block_on(scenario::run(file, s)).unwrap_or_else(|e| scenario::FileResult {
            file: file.clone(),
            name: s.name.clone(),
            passed: false,
            failures: vec![scenario::Failure {
                step: 0,
                at: s.start.to_rfc3339(),
                field: "run".into(),
                shown: e,
                expected: "the scenario runs".into(),
            }],
        });
        if !json {
            println!("{}  {} — {}", if r.passed { "PASS" } else { "FAIL" }, r.file, r.name);
            for f in &r.failures {
                println!("      step {} ({}): {}: shown {}, expected {}", f.step, f.at, f.field, f.shown, f.expected);
            }
        }
        results.push(r);
    }
    let passed = results.iter().filter(|r| r.passed).count();
    let failed = results.len() - passed;
    if json {
        println!("{}", serde_json::json!({"files": results, "passed": passed, "failed": failed}));
    } else {
        println!("{passed} passed, {failed} failed");
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo => match runtime().block_on(demo::run()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("demo failed: {e}");
                ExitCode::from(1)
            }
        },
        Command::Scenario { command: ScenarioCommand::Run { files, json } } => run_scenarios(&files, json),
        Command::Onboard(args) => runtime().block_on(onboard_cmd::run(args)),
        Command::Check { kind, value, json, today } => check::run(&kind, &value, json, today),
        Command::Bench(args) => bench::run(&args),
        Command::Console(command) => console::run(&cli.global, command),
    }
}
