//! The figures of the points ledger (issue 4), sync (issue 5) and the shells (issue 6), measured
//! by the code those issues added: `wealth_core::points::bench`, `crate::syncbench` and
//! `scripts/bench-ffi.sh`.

use std::sync::OnceLock;
use std::time::Duration;

use super::{Measured, Settings};

/// Points posting on the device store ÷ raw SQLite inserts of the same rows (best of three).
pub fn points_posting(s: &Settings) -> Result<Measured, String> {
    let n = 10_000;
    let ratio = wealth_core::points::bench::posting_ratio(n);
    let read = wealth_core::points::bench::balance_read_time(if s.quick { 10_000 } else { 100_000 });
    Ok(Measured {
        value: ratio,
        note: format!(
            "{n} transfers, best of 3 each side; balance read over {} transfers: {:.1} ms",
            if s.quick { "10,000" } else { "100,000" },
            read.as_secs_f64() * 1000.0
        ),
    })
}

/// Full sync over loopback TLS of 10,000 points-ledger transfers, 5,000 orders and 1,000 days of
/// income, median of runs.
pub fn sync_full(s: &Settings) -> Result<Measured, String> {
    let runs = if s.quick { 1 } else { 5 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let fixture = crate::syncbench::SyncFixture::new(5_000, 1_000, 10_000).await?;
        let mut full: Vec<Duration> = Vec::new();
        let mut empty: Vec<Duration> = Vec::new();
        for i in 0..runs {
            let f = crate::syncbench::measure(&fixture, &format!("bench-{i}")).await?;
            full.push(f.full);
            empty.push(f.empty_delta);
        }
        fixture.stop().await;
        full.sort();
        empty.sort();
        Ok(Measured {
            value: full[full.len() / 2].as_secs_f64(),
            note: format!(
                "median of {runs}: 10,000 ledger transfers + 5,000 orders + 1,000 income lines over loopback TLS; \
                 empty delta sync {:.1} ms, one round trip",
                empty[empty.len() / 2].as_secs_f64() * 1000.0
            ),
        })
    })
}

/// `scripts/bench-ffi.sh --json`, run once for the three language figures.
fn ffi_figures(no_build: bool) -> &'static Result<Vec<serde_json::Value>, String> {
    static FIGURES: OnceLock<Result<Vec<serde_json::Value>, String>> = OnceLock::new();
    FIGURES.get_or_init(|| {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench-ffi.sh");
        if !script.exists() {
            return Err(format!("{} is missing (run from a checkout)", script.display()));
        }
        let mut cmd = std::process::Command::new("bash");
        cmd.arg(&script).arg("--json");
        if no_build {
            cmd.arg("--no-build");
        }
        let out = cmd.output().map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(3).collect();
            return Err(format!("scripts/bench-ffi.sh failed: {}", tail.join(" / ")));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let start = text.find('[').ok_or("scripts/bench-ffi.sh printed no JSON array")?;
        serde_json::from_str(&text[start..]).map_err(|e| format!("scripts/bench-ffi.sh JSON: {e}"))
    })
}

fn ffi(name: &str, s: &Settings) -> Result<Measured, String> {
    let figures = ffi_figures(s.no_build).as_ref().map_err(Clone::clone)?;
    let f = figures.iter().find(|f| f["name"] == name).ok_or_else(|| format!("{name} not printed"))?;
    let rust = figures.iter().find(|f| f["name"] == "ffi_home_call_rust").and_then(|f| f["value"].as_f64());
    Ok(Measured {
        value: f["value"].as_f64().ok_or_else(|| format!("{name}: no value"))?,
        note: format!(
            "scripts/bench-ffi.sh: {} per call, release cdylib, median of 5 rounds; the same call in Rust {}",
            if name.ends_with("kotlin") { "WealthSession.readHome() (home reader, ADR 11)" } else { "Wealth.home()" },
            rust.map(|v| format!("{v:.2} µs")).unwrap_or_else(|| "-".into())
        ),
    })
}

/// `Wealth.home()` from Swift.
pub fn ffi_swift(s: &Settings) -> Result<Measured, String> {
    ffi("ffi_home_call_swift", s)
}

/// The home view model from Kotlin through JNA (`WealthSession.readHome()`).
pub fn ffi_kotlin(s: &Settings) -> Result<Measured, String> {
    ffi("ffi_home_call_kotlin", s)
}

/// `Wealth.home()` from Python.
pub fn ffi_python(s: &Settings) -> Result<Measured, String> {
    ffi("ffi_home_call_python", s)
}
