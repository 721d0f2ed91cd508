#!/usr/bin/env bash
# Build the wealth-ffi cdylib and the sandbox server, generate the Swift/Kotlin/Python bindings
# (uniffi library mode), start the sandbox server, and run each language's journey tests:
#   Swift  : `swift test` of ios/ inside the Debian trixie root (scripts/setup-swift.sh)
#   Kotlin : `mvn test` of android/ on the JVM (JNA loads the host .so), then a type-check of the
#            Compose app (android/scripts/check-app.sh)
#   Python : pytest tests/python with .venv (scripts/setup-python.sh)
#
# Usage: scripts/test-bindings.sh [--only swift|kotlin|python[,...]] [--no-build] [--release]
#   --only      run only these languages (repeatable or comma-separated)
#   --no-build  reuse the built artifacts (skip the cargo builds)
#   --release   test the size-tuned release cdylib (default: the debug build, which reuses the
#               artifacts of `cargo test` and keeps CI fast; the FFI benchmark uses release)
# Environment: SWIFT_ROOT (default /opt/swift-trixie), CARGO_TARGET_DIR (default ./target),
#   WEALTH_SANDBOX_START (sandbox clock start, default 2026-11-16T09:00:00+08:00: the journeys need it).
#
# Exit status is non-zero if any selected language fails; every runner's summary is printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SWIFT_ROOT="${SWIFT_ROOT:-/opt/swift-trixie}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE=debug
BUILD="$ROOT/build"
GEN="$BUILD/bindings"
LIB_NAME="libwealth_ffi.so"
# Where the package, the .so and the CA live inside the Swift root (and the path seen there).
# One stage per checkout (keeps its SwiftPM cache; two checkouts do not clash).
SWIFT_STAGE_IN="/src/wealth-core-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
SWIFT_STAGE="$SWIFT_ROOT$SWIFT_STAGE_IN"

langs=()
do_build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --only) shift; [ $# -gt 0 ] || { echo "--only needs a value" >&2; exit 2; }
                IFS=, read -r -a more <<<"$1"; langs+=("${more[@]}") ;;
        --only=*) IFS=, read -r -a more <<<"${1#--only=}"; langs+=("${more[@]}") ;;
        --no-build) do_build=0 ;;
        --release) PROFILE=release ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
[ ${#langs[@]} -gt 0 ] || langs=(swift kotlin python)
REL="$TARGET_DIR/$PROFILE"
CARGO_PROFILE=()
[ "$PROFILE" = release ] && CARGO_PROFILE=(--release)
for l in "${langs[@]}"; do
    case "$l" in swift|kotlin|python) ;; *) echo "unknown language: $l" >&2; exit 2 ;; esac
done

log() { echo "==> $*"; }
now() { date +%s; }
T0=$(now)

# ---------------------------------------------------------------------------------------------
# (a) Build
# uniffi's library mode reads the UNIFFI_META_* symbols from the ELF .symtab: the workspace's
# release profile keeps it for wealth-ffi (`[profile.release.package.wealth-ffi] strip = "none"`);
# shipping builds strip a copy after generating the bindings.
if [ "$do_build" -eq 1 ]; then
    log "cargo build ($PROFILE) -p wealth-ffi -p wealth-server -p wealth-bindgen"
    t=$(now); cargo build "${CARGO_PROFILE[@]}" -q -p wealth-ffi -p wealth-server -p wealth-bindgen; log "  ($(( $(now) - t )) s)"
fi
for f in "$REL/$LIB_NAME" "$REL/wealth-server"; do
    [ -e "$f" ] || { echo "missing $f (build first, or drop --no-build)" >&2; exit 1; }
done

# ---------------------------------------------------------------------------------------------
# (b) Generate bindings (library mode). Each language's dir is regenerated from scratch.
copy_if_changed() {  # src dst : copy unless identical (keeps mtimes stable for incremental builds)
    if ! cmp -s "$1" "$2"; then mkdir -p "$(dirname "$2")"; cp "$1" "$2"; fi
}
BINDGEN="$REL/uniffi-bindgen"
t=$(now)
[ -x "$BINDGEN" ] || cargo build "${CARGO_PROFILE[@]}" -q -p wealth-bindgen
for l in "${langs[@]}"; do
    rm -rf "${GEN:?}/$l"
    mkdir -p "$GEN/$l"
    "$BINDGEN" generate --library "$REL/$LIB_NAME" --language "$l" --out-dir "$GEN/$l" --no-format >/dev/null
done
log "bindings generated for ${langs[*]} ($(( $(now) - t )) s)"

# ---------------------------------------------------------------------------------------------
# (c) Sandbox server: a fresh one per language, its clock at SANDBOX_START, so each language's
#     journey sees the same sandbox and the same figures.
SANDBOX_START="${WEALTH_SANDBOX_START:-2026-11-16T09:00:00+08:00}"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

mkdir -p "$BUILD"
READY="$BUILD/server.json"
CA_PEM="$BUILD/server-ca.pem"
PY_HOST="$(command -v python3)"
read_ready() {  # prints the URL and writes the PEM once the ready file holds complete JSON
    "$PY_HOST" - "$READY" "$CA_PEM" <<'PYEOF'
import json, sys
try:
    with open(sys.argv[1]) as f:
        d = json.load(f)
    url, pem = d["url"], d["ca_cert_pem"] or ""
except Exception:
    sys.exit(1)
with open(sys.argv[2], "w") as f:
    f.write(pem)
print(url)
PYEOF
}
start_server() {  # $1: log name
    local server_log="$BUILD/server-$1.log" url=""
    stop_server
    rm -f "$READY" "$CA_PEM"
    "$REL/wealth-server" --sandbox --listen 127.0.0.1:0 --start "$SANDBOX_START" \
        --ready-file "$READY" >"$server_log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if [ -s "$READY" ] && url="$(read_ready)"; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "wealth-server exited before it was ready:" >&2; tail -30 "$server_log" >&2
            SERVER_PID=""; return 1
        fi
        sleep 0.1
    done
    if [ -z "$url" ]; then
        echo "wealth-server not ready after 30 s:" >&2; tail -30 "$server_log" >&2; return 1
    fi
    export WEALTH_SERVER_URL="$url"
    export WEALTH_CA_PEM_FILE="$CA_PEM"
    log "sandbox server at $WEALTH_SERVER_URL, clock at $SANDBOX_START (pid $SERVER_PID, log $server_log)"
}

# ---------------------------------------------------------------------------------------------
# (d) Runners
run_swift() {
    if [ ! -d "$SWIFT_ROOT/usr/libexec/swift/bin" ] || ! chroot "$SWIFT_ROOT" test -x /usr/bin/swift; then
        echo "no Swift root at $SWIFT_ROOT: run scripts/setup-swift.sh" >&2; return 1
    fi
    mountpoint -q "$SWIFT_ROOT/proc" || mount -t proc proc "$SWIFT_ROOT/proc"
    # Generated files into the package (gitignored), then the package into the root.
    local api_changed=0
    cmp -s "$GEN/swift/wealth_ffi.swift" "$ROOT/ios/Sources/WealthFFI/wealth_ffi.swift" || api_changed=1
    copy_if_changed "$GEN/swift/wealth_ffi.swift" "$ROOT/ios/Sources/WealthFFI/wealth_ffi.swift"
    copy_if_changed "$GEN/swift/wealth_ffiFFI.h" "$ROOT/ios/Sources/wealth_ffiFFI/wealth_ffiFFI.h"
    copy_if_changed "$GEN/swift/wealth_ffiFFI.modulemap" "$ROOT/ios/Sources/wealth_ffiFFI/module.modulemap"
    mkdir -p "$SWIFT_STAGE/ios" "$SWIFT_STAGE/lib"
    # Mirror ios/ (without build output) into the stage, keeping the stage's .build cache.
    find "$SWIFT_STAGE/ios" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
    tar -C "$ROOT/ios" --exclude=./.build --exclude=./.swiftpm -cf - . | tar -C "$SWIFT_STAGE/ios" -xf -
    # SwiftPM's incremental build can keep objects of the modules that use a changed generated
    # API (a record that gained a field then crashes the tests): rebuild those modules.
    if [ "$api_changed" -eq 1 ]; then
        rm -rf "$SWIFT_STAGE/ios/.build"/*/{WealthFFI,WealthCore,WealthCoreTests}.build \
            "$SWIFT_STAGE/ios/.build"/*/WealthCorePackageTests.xctest
    fi
    copy_if_changed "$REL/$LIB_NAME" "$SWIFT_STAGE/lib/$LIB_NAME"
    cp "$CA_PEM" "$SWIFT_STAGE/server-ca.pem"
    # The debug cdylib exports the panic probe (`debug_panic`); the release one does not.
    local swift_flags=""
    [ "$PROFILE" = debug ] && swift_flags="-Xswiftc -DWEALTH_FFI_TESTING"
    chroot "$SWIFT_ROOT" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        WEALTH_LIB_DIR="$SWIFT_STAGE_IN/lib" LD_LIBRARY_PATH="$SWIFT_STAGE_IN/lib" \
        WEALTH_SERVER_URL="$WEALTH_SERVER_URL" WEALTH_CA_PEM_FILE="$SWIFT_STAGE_IN/server-ca.pem" \
        /bin/bash -c "cd '$SWIFT_STAGE_IN/ios' && swift build --build-tests -j 2 $swift_flags 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' ; test \${PIPESTATUS[0]} -eq 0 && swift test --skip-build --disable-swift-testing $swift_flags"
}

run_kotlin() {
    local gen_dir="$ROOT/android/target/generated-sources/uniffi" log_file="$BUILD/kotlin-mvn.log" rc=0
    rm -rf "$gen_dir"; mkdir -p "$gen_dir"
    cp -r "$GEN/kotlin/." "$gen_dir/"
    mvn -B -ntp -Dstyle.color=never -f "$ROOT/android/pom.xml" test -Dwealth.lib.dir="$REL" >"$log_file" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
        # Surefire's results block and Maven's closing lines.
        sed -n '/^\[INFO\] Results:/,$p' "$log_file" | sed 's/\x1b\[[0-9;]*m//g'
        # The Compose app cannot be built without the Android SDK; type-check its sources against
        # desktop Compose and stand-ins for the Android classes (android/app-check).
        "$ROOT/android/scripts/check-app.sh" || rc=$?
    else
        grep -E '^\[(ERROR|WARNING)\]|Tests run:|FAIL' "$log_file" | head -150 || true
        echo "(full Maven log: $log_file)"
    fi
    return "$rc"
}

run_python() {
    local py_dir="$GEN/python"
    [ -x "$ROOT/.venv/bin/pytest" ] || { echo "no .venv/bin/pytest: run scripts/setup-python.sh" >&2; return 1; }
    cp "$REL/$LIB_NAME" "$py_dir/$LIB_NAME"
    WEALTH_BINDINGS_PY_DIR="$py_dir" PYTHONPATH="$py_dir:$ROOT/python${PYTHONPATH:+:$PYTHONPATH}" \
        "$ROOT/.venv/bin/pytest" -p no:cacheprovider "$ROOT/tests/python"
}

declare -A result
declare -A took
failed=0
for l in "${langs[@]}"; do
    log "$l"
    t=$(now)
    if start_server "$l" && "run_$l"; then result[$l]=passed; else result[$l]=FAILED; failed=1; fi
    stop_server
    took[$l]=$(( $(now) - t ))
done

summary=""
for l in "${langs[@]}"; do summary+=" $l ${result[$l]} (${took[$l]} s);"; done
log "test-bindings:${summary%;} — total $(( $(now) - T0 )) s"
exit "$failed"
