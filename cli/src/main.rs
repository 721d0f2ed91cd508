//! `wealth`: the desktop console of wealth-core (QA and newcomers).

mod bench;
mod chaos;
mod check;
mod console;
mod demo;
mod onboard;
mod onboard_cmd;
mod sandbox;
mod scenario;
mod syncbench;

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
    /// Scenario files (see docs/scenarios.md).
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
    /// Kill -9 and network-fault trials with exactly-once and conservation checks.
    Chaos {
        /// Number of trials.
        #[arg(long, default_value_t = 200)]
        trials: u64,
        /// Random seed (same seed, same trials).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Sync benchmark: full sync of a long history over loopback TLS, and an empty delta sync.
    BenchSync {
        /// Orders in the history.
        #[arg(long, default_value_t = 5_000)]
        orders: usize,
        /// Income lines in the history.
        #[arg(long, default_value_t = 1_000)]
        income: usize,
        /// Points-ledger transfers in the history.
        #[arg(long, default_value_t = 10_000)]
        transfers: usize,
        /// Runs (the median is printed).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// (chaos harness) a server process to kill.
    #[command(hide = true)]
    ChaosServer {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        ready_file: PathBuf,
        #[arg(long)]
        start: String,
    },
    /// (chaos harness) a device process to kill.
    #[command(hide = true)]
    ChaosDevice {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        url: String,
        #[arg(long)]
        token: String,
        #[arg(long, value_delimiter = ',')]
        amounts: Vec<String>,
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

/// The console's runtime: two workers and a small blocking pool (the embedded server's SQLite
/// work runs there). A desktop QA tool has no use for tokio's default of 512 blocking threads,
/// and each thread that allocates gets a glibc arena: fewer threads, a smaller footprint.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .expect("a tokio runtime starts")
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

fn run_chaos(trials: u64, seed: u64) -> ExitCode {
    let started = std::time::Instant::now();
    match runtime().block_on(chaos::run(trials, seed)) {
        Ok(t) => {
            for n in &t.notes {
                println!("  {n}");
            }
            println!(
                "seed {seed}: {} device kills, {} server kills, {} faulted requests, {:.1} s",
                t.device_kills,
                t.server_kills,
                t.faulted_requests,
                started.elapsed().as_secs_f64()
            );
            println!("{t}");
            if t.lost == 0 && t.doubled == 0 && t.invariant_failures == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("chaos failed: {e}");
            ExitCode::from(1)
        }
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
        Command::Chaos { trials, seed } => run_chaos(trials, seed),
        Command::BenchSync { orders, income, transfers, runs } => {
            match runtime().block_on(syncbench::run(orders, income, transfers, runs)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("bench-sync failed: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::ChaosServer { db, ready_file, start } => {
            let start = match chrono::DateTime::parse_from_rfc3339(&start) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("--start: {e}");
                    return ExitCode::from(2);
                }
            };
            match runtime().block_on(chaos::procs::server_main(db, ready_file, start)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("chaos server: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::ChaosDevice { dir, url, token, amounts } => {
            match runtime().block_on(chaos::procs::device_main(dir, url, token, amounts)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("chaos device: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
