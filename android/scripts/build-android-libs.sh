#!/usr/bin/env bash
# Build libwealth_ffi.so for the Android ABIs with cargo-ndk and generate the Kotlin bindings
# (library mode) into lib/build/generated/. Needs: rustup targets aarch64-linux-android,
# armv7-linux-androideabi, x86_64-linux-android; `cargo install cargo-ndk`; ANDROID_NDK_HOME.
set -euo pipefail
ANDROID_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$ANDROID_DIR/.." && pwd)"
OUT="$ANDROID_DIR/lib/build/generated"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
cd "$REPO"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 --platform 24 -o "$OUT/jniLibs" build --release -p wealth-ffi --lib
# Library mode reads uniffi's metadata from the unstripped library (the release profile keeps the
# symbol table of wealth-ffi); any ABI's library gives the same Kotlin.
cargo build -q -p wealth-bindgen
rm -rf "$OUT/uniffi"
"$TARGET_DIR/debug/uniffi-bindgen" generate --library "$TARGET_DIR/aarch64-linux-android/release/libwealth_ffi.so" \
    --language kotlin --out-dir "$OUT/uniffi" --no-format
# Ship stripped libraries (symbols were only needed for generation).
find "$OUT/jniLibs" -name 'libwealth_ffi.so' -exec "${ANDROID_NDK_HOME:?}/toolchains/llvm/prebuilt/$(uname -s | tr A-Z a-z)-x86_64/bin/llvm-strip" --strip-all {} \;
