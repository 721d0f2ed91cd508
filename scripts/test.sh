#!/usr/bin/env bash
# The one test command (README): formatting, lints, every Rust test (rules and golden cases,
# property tests, server over HTTPS, device <-> server scenarios through the console), then the
# Swift, Kotlin and Python binding tests. Installs the toolchains it needs (idempotent).
#   scripts/test.sh            everything
#   scripts/test.sh --rust     only the Rust part
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

only_rust=0
[ "${1:-}" = "--rust" ] && only_rust=1

step() { echo; echo "=== $* ==="; }

step "system packages for the Rust build (libssl-dev for SQLCipher)"
bash scripts/setup-rust-deps.sh
step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -q -- -D warnings
step "cargo test (rules, server, scenarios, bindings crate)"
mkdir -p build
set -o pipefail
cargo test --workspace -q 2>&1 | tee build/cargo-test.log

if [ "$only_rust" -eq 1 ]; then
    exit 0
fi

step "toolchains for the bindings (Swift root, JVM + Maven, Python venv)"
bash scripts/setup-swift.sh
bash scripts/setup-jvm.sh
bash scripts/setup-python.sh
step "Swift, Kotlin and Python binding tests"
bash scripts/test-bindings.sh

step "benchmarks, quick: every figure with its goal (README, Benchmarks)"
cargo run -q --release -p wealth-cli -- bench --quick
