//! `wealth bench [--quick] [--json] [--no-build] [--check]`: every benchmark figure of the
//! project with its goal. Each figure is one entry of [`registry`]; a figure whose feature has
//! not landed yet is a slot that prints "not measured yet (issue N)", never a number.
//!
//! To add a figure: write `fn measure(&Settings) -> Result<Measured, String>` in a module of
//! this folder and set `measure: Some(module::measure)` in its registry entry.

mod demo_memory;
mod home;
mod landed;
mod size;

use clap::Args;
use comfy_table::Cell;
use serde::Serialize;
use std::process::ExitCode;

/// Options of `wealth bench`.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Fewer iterations (CI): the whole run stays under a minute, builds excluded.
    #[arg(long)]
    pub quick: bool,
    /// Print the figures as a JSON array of {"name","value","unit","goal","better",...}.
    #[arg(long)]
    pub json: bool,
    /// Never run cargo: a figure that needs a build artifact that is missing says so.
    #[arg(long)]
    pub no_build: bool,
    /// Exit 1 when a measured figure misses its goal (slots not yet measured do not count).
    #[arg(long)]
    pub check: bool,
    /// Only the figures whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub only: Option<String>,
}

/// How a benchmark runs.
pub struct Settings {
    /// `--quick`.
    pub quick: bool,
    /// `--no-build`.
    pub no_build: bool,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Smaller is better; the goal is a ceiling.
    Lower,
    /// Larger is better; the goal is a floor.
    Higher,
}

/// A measured value and how it was obtained.
pub struct Measured {
    /// The figure, in the benchmark's unit.
    pub value: f64,
    /// How it was measured (iterations, file, percentiles).
    pub note: String,
}

/// A measurement: the value, or why there is none.
pub type Measure = fn(&Settings) -> Result<Measured, String>;

/// One figure of the registry.
pub struct Benchmark {
    /// Stable name (the JSON `name`).
    pub name: &'static str,
    /// What it measures, for people.
    pub what: &'static str,
    /// Unit of `value` and `goal`.
    pub unit: &'static str,
    /// The goal from the issue.
    pub goal: f64,
    /// Which way is better.
    pub better: Better,
    /// The issue whose work provides this figure.
    pub issue: u32,
    /// The measurement; `None` for a slot whose feature has not landed.
    pub measure: Option<Measure>,
}

/// Every figure the project promises, in the README's order.
pub fn registry() -> Vec<Benchmark> {
    vec![
        Benchmark {
            name: "home_cold_start_5y",
            what: "open the replica from disk and compute the home view, five years of history",
            unit: "ms",
            goal: 15.0,
            better: Better::Lower,
            issue: 7,
            measure: Some(home::measure),
        },
        Benchmark {
            name: "bindings_cdylib_stripped_size",
            what: "stripped release size of libwealth_ffi (the bindings cdylib)",
            unit: "MB",
            goal: 5.0,
            better: Better::Lower,
            issue: 7,
            measure: Some(size::measure),
        },
        Benchmark {
            name: "demo_peak_rss",
            what: "peak resident memory of `wealth demo` (server + device in one process)",
            unit: "MB",
            goal: 30.0,
            better: Better::Lower,
            issue: 7,
            measure: Some(demo_memory::measure_rss),
        },
        Benchmark {
            name: "demo_wall_time",
            what: "wall time of `wealth demo` (the README's first command, once built)",
            unit: "s",
            goal: 60.0,
            better: Better::Lower,
            issue: 7,
            measure: Some(demo_memory::measure_time),
        },
        Benchmark {
            name: "points_posting_vs_raw_sqlite",
            what: "points posting throughput on the device store / raw SQLite inserts of the same rows",
            unit: "ratio",
            goal: 0.5,
            better: Better::Higher,
            issue: 4,
            measure: Some(landed::points_posting),
        },
        Benchmark {
            name: "sync_10k_transfers",
            what: "full sync of 10,000 ledger transfers and 5,000 orders over loopback TLS",
            unit: "s",
            goal: 1.0,
            better: Better::Lower,
            issue: 5,
            measure: Some(landed::sync_full),
        },
        Benchmark {
            name: "ffi_home_call_swift",
            what: "home view-model call from Swift",
            unit: "µs",
            goal: 10.0,
            better: Better::Lower,
            issue: 6,
            measure: Some(landed::ffi_swift),
        },
        Benchmark {
            name: "ffi_home_call_kotlin",
            what: "home view-model call from Kotlin (JNA)",
            unit: "µs",
            goal: 25.0,
            better: Better::Lower,
            issue: 6,
            measure: Some(landed::ffi_kotlin),
        },
        Benchmark {
            name: "ffi_home_call_python",
            what: "home view-model call from Python",
            unit: "µs",
            goal: 30.0,
            better: Better::Lower,
            issue: 6,
            measure: Some(landed::ffi_python),
        },
    ]
}

/// One printed figure (an element of the `--json` array).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Stable name.
    pub name: &'static str,
    /// The measured value; `null` when not measured.
    pub value: Option<f64>,
    /// Unit of `value` and `goal`.
    pub unit: &'static str,
    /// The goal.
    pub goal: f64,
    /// "lower" or "higher".
    pub better: Better,
    /// "met", "missed", "not_measured" (a slot), "not_built" (`--no-build` and no artifact) or
    /// "error".
    pub status: &'static str,
    /// How it was measured, or why it was not.
    pub note: String,
    /// The issue that provides it.
    pub issue: u32,
}

fn evaluate(b: &Benchmark, s: &Settings) -> Figure {
    let (value, status, note) = match b.measure {
        None => (None, "not_measured", format!("not measured yet (issue {})", b.issue)),
        Some(f) => match f(s) {
            Ok(m) => {
                let met = match b.better {
                    Better::Lower => m.value <= b.goal,
                    Better::Higher => m.value >= b.goal,
                };
                (Some(round3(m.value)), if met { "met" } else { "missed" }, m.note)
            }
            Err(e) if e.starts_with("not built") => (None, "not_built", e),
            Err(e) => (None, "error", e),
        },
    };
    Figure { name: b.name, value, unit: b.unit, goal: b.goal, better: b.better, status, note, issue: b.issue }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Run the benchmarks and print them.
pub fn run(args: &BenchArgs) -> ExitCode {
    let settings = Settings { quick: args.quick, no_build: args.no_build };
    let benches: Vec<Benchmark> =
        registry().into_iter().filter(|b| args.only.as_deref().is_none_or(|o| b.name.contains(o))).collect();
    let bar = indicatif::ProgressBar::new(benches.len() as u64)
        .with_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("a valid template"));
    let mut figures = Vec::new();
    for b in &benches {
        bar.set_message(b.name);
        figures.push(evaluate(b, &settings));
        bar.inc(1);
    }
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures).expect("figures serialise"));
    } else {
        print!("{}", table(&figures, &benches));
        if cfg!(debug_assertions) {
            println!("note: a debug build; for real figures run `cargo run -q --release -p wealth-cli -- bench`");
        }
    }
    let bad = figures.iter().any(|f| f.status == "error" || (args.check && f.status == "missed"));
    if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn goal_text(f: &Figure) -> String {
    let op = match f.better {
        Better::Lower => "≤",
        Better::Higher => "≥",
    };
    format!("{op} {} {}", f.goal, f.unit)
}

fn table(figures: &[Figure], benches: &[Benchmark]) -> String {
    let mut t = crate::console::table(&["figure", "value", "goal", "", "how"], &[1, 2]);
    let mut whats = String::new();
    for (f, b) in figures.iter().zip(benches) {
        whats.push_str(&format!("  {}: {}\n", f.name, b.what));
        let value = f.value.map(|v| format!("{v} {}", f.unit)).unwrap_or_else(|| "-".into());
        let status = match f.status {
            "met" => "✓ met",
            "missed" => "✗ missed",
            "error" => "! error",
            "not_built" => "not built",
            _ => "not measured yet",
        };
        t.add_row(vec![
            Cell::new(f.name),
            Cell::new(value),
            Cell::new(goal_text(f)),
            Cell::new(status),
            Cell::new(&f.note),
        ]);
    }
    format!("{t}\n{whats}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_print_no_number() {
        let s = Settings { quick: true, no_build: true };
        for b in registry().iter().filter(|b| b.measure.is_none()) {
            let f = evaluate(b, &s);
            assert_eq!(f.value, None);
            assert_eq!(f.note, format!("not measured yet (issue {})", b.issue));
        }
    }

    #[test]
    fn every_promised_figure_is_measured() {
        let r = registry();
        for name in [
            "home_cold_start_5y",
            "bindings_cdylib_stripped_size",
            "demo_peak_rss",
            "points_posting_vs_raw_sqlite",
            "sync_10k_transfers",
            "ffi_home_call_swift",
            "ffi_home_call_kotlin",
            "ffi_home_call_python",
        ] {
            let b = r.iter().find(|b| b.name == name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(b.measure.is_some(), "{name} has no measurement");
        }
    }

    #[test]
    fn names_are_unique() {
        let r = registry();
        let mut names: Vec<_> = r.iter().map(|b| b.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), r.len());
    }
}
