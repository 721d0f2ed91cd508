#!/usr/bin/env bash
# The README's first command: install what the build needs (OpenSSL's headers for SQLCipher, a C
# compiler; idempotent), build the console, and run its guided demo on an embedded sandbox server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-rust-deps.sh
exec cargo run -q -p wealth-cli -- demo "$@"
