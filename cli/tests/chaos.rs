//! `wealth chaos` with a small trial count (CI); `wealth chaos --trials 1000` by hand.

use std::process::Command;

#[test]
fn fifty_chaos_trials_lose_and_double_nothing() {
    let out = Command::new(env!("CARGO_BIN_EXE_wealth"))
        .args(["chaos", "--trials", "50", "--seed", "7"])
        .output()
        .expect("wealth runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(last, "trials: 50, lost: 0, doubled: 0, invariant failures: 0", "{stdout}");
    assert!(out.status.success());
    assert!(stdout.contains("device kills"), "{stdout}");
}
