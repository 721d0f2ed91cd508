//! Peak memory and wall time of `wealth demo`: this binary runs itself as a child with `demo`
//! and reads the child's own resource usage with `wait4` (so earlier children such as cargo
//! builds do not count). Peak memory is the child's maximum resident set size.

use std::process::{Command, Stdio};
use std::time::Instant;

use super::{Measured, Settings};

#[derive(Clone)]
struct Run {
    max_rss_bytes: u64,
    seconds: f64,
}

#[cfg(unix)]
fn run_demo() -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let start = Instant::now();
    let child = Command::new(&exe)
        .arg("demo")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {} demo: {e}", exe.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills; zeroed is a valid initial value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to live locals.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    if rc != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!("`wealth demo` failed (status {status}): {}", err.trim()));
    }
    // Linux reports kilobytes, macOS bytes.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    Ok(Run { max_rss_bytes: usage.ru_maxrss as u64 * unit, seconds })
}

#[cfg(not(unix))]
fn run_demo() -> Result<Run, String> {
    Err("measured on Unix only (wait4)".into())
}

/// One run of the demo, shared by both figures.
fn demo_once() -> Result<Run, String> {
    static RUN: std::sync::OnceLock<Result<Run, String>> = std::sync::OnceLock::new();
    RUN.get_or_init(run_demo).clone()
}

/// Peak RSS of `wealth demo`, in MB (10^6 bytes).
pub fn measure_rss(_: &Settings) -> Result<Measured, String> {
    let r = demo_once()?;
    Ok(Measured {
        value: r.max_rss_bytes as f64 / 1e6,
        note: format!("max RSS of the `wealth demo` child ({} bytes, via wait4)", r.max_rss_bytes),
    })
}

/// Wall time of `wealth demo`, in seconds.
pub fn measure_time(s: &Settings) -> Result<Measured, String> {
    let runs = if s.quick { 1 } else { 3 };
    let mut best = demo_once()?.seconds;
    for _ in 1..runs {
        best = best.min(run_demo()?.seconds);
    }
    Ok(Measured { value: best, note: format!("best of {runs} run(s) of this binary's `demo`") })
}
