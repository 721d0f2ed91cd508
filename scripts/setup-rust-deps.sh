#!/usr/bin/env bash
# System packages the Rust build needs: OpenSSL's libcrypto headers for SQLCipher (the device
# store's encryption, ADR 8) and a C compiler for the bundled SQLCipher. Idempotent; CI machines
# start bare (apt-get as root).
set -euo pipefail
if [ -f /usr/include/openssl/crypto.h ] && command -v cc >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-rust-deps: install OpenSSL's development files (Debian: libssl-dev) and a C compiler" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libssl-dev pkg-config gcc libc6-dev \
    </dev/null >/tmp/setup-rust-deps-apt.log 2>&1 || {
    tail -30 /tmp/setup-rust-deps-apt.log >&2
    exit 1
}
