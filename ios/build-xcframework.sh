#!/usr/bin/env bash
# Build wealth_ffiFFI.xcframework (the Rust core as a static library for iOS devices and the iOS
# simulator, with uniffi's C header and module map) and the generated Swift, for the WealthCore
# package. Runs on a Mac with Xcode; it cannot run on the project's Linux CI.
#
#   ios/build-xcframework.sh                    # release build, output in ios/build/
#   cd ios && WEALTH_XCFRAMEWORK=build/wealth_ffiFFI.xcframework swift build   # (path relative to ios/)
#
# Steps (the same shape as bdk-swift's and Mozilla application-services' scripts):
#  1. rustup targets: aarch64-apple-ios (devices), aarch64-apple-ios-sim + x86_64-apple-ios
#     (simulators on Apple silicon and Intel).
#  2. cargo rustc --crate-type staticlib per target (the crate's own types stay cdylib + lib, so
#     Linux builds do not pay for an archive they never use).
#  3. lipo the two simulator archives into one fat archive (one slice per platform variant is
#     what an xcframework allows).
#  4. uniffi-bindgen in library mode on a host build: wealth_ffi.swift, wealth_ffiFFI.h, the
#     module map (renamed module.modulemap, as Xcode expects inside Headers/).
#  5. xcodebuild -create-xcframework with both libraries and the headers; zip + SwiftPM checksum
#     for a remote binaryTarget.
set -euo pipefail

IOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$IOS_DIR/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
OUT="$IOS_DIR/build"
PROFILE="${PROFILE:-release}"
DEVICE=aarch64-apple-ios
SIMS=(aarch64-apple-ios-sim x86_64-apple-ios)
LIB=libwealth_ffi.a
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-15.0}"

[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }
cd "$REPO"

rustup target add "$DEVICE" "${SIMS[@]}"
for t in "$DEVICE" "${SIMS[@]}"; do
    cargo rustc --profile "$PROFILE" -p wealth-ffi --lib --target "$t" --crate-type staticlib
done

rm -rf "$OUT"; mkdir -p "$OUT/headers" "$OUT/ios-simulator" "$OUT/swift"
sim_libs=()
for t in "${SIMS[@]}"; do sim_libs+=("$TARGET_DIR/$t/$PROFILE/$LIB"); done
lipo -create "${sim_libs[@]}" -output "$OUT/ios-simulator/$LIB"

# Bindings from a host build (library mode reads uniffi's metadata from the library).
cargo build --profile "$PROFILE" -p wealth-ffi --lib
cargo build -p wealth-bindgen
"$TARGET_DIR/debug/uniffi-bindgen" generate --library "$TARGET_DIR/$PROFILE/libwealth_ffi.dylib" \
    --language swift --out-dir "$OUT/swift"
cp "$OUT/swift/wealth_ffiFFI.h" "$OUT/headers/"
cp "$OUT/swift/wealth_ffiFFI.modulemap" "$OUT/headers/module.modulemap"

xcodebuild -create-xcframework \
    -library "$TARGET_DIR/$DEVICE/$PROFILE/$LIB" -headers "$OUT/headers" \
    -library "$OUT/ios-simulator/$LIB" -headers "$OUT/headers" \
    -output "$OUT/wealth_ffiFFI.xcframework"

# The generated Swift goes into the package's WealthFFI target.
mkdir -p "$IOS_DIR/Sources/WealthFFI"
cp "$OUT/swift/wealth_ffi.swift" "$IOS_DIR/Sources/WealthFFI/wealth_ffi.swift"

(cd "$OUT" && rm -f wealth_ffiFFI.xcframework.zip && zip -qry wealth_ffiFFI.xcframework.zip wealth_ffiFFI.xcframework)
echo "xcframework: $OUT/wealth_ffiFFI.xcframework"
echo "checksum for a remote .binaryTarget: $(swift package compute-checksum "$OUT/wealth_ffiFFI.xcframework.zip")"
echo "use it: cd ios && WEALTH_XCFRAMEWORK=build/wealth_ffiFFI.xcframework swift build (Package.swift switches to the binary target)"
