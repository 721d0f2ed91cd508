#!/usr/bin/env bash
# Time per call of the home view-model call (one call returns the whole view model, display
# strings included) on the release cdylib and the same prepared local store: `Wealth.home()` from
# Rust, Swift and Python; from Kotlin (JNA) the call the Kotlin layer makes,
# `WealthSession.readHome()` (a home reader, ADR 11; the generated `Wealth.home()` is timed too
# and printed on stderr). Prints `name value unit goal` lines; --json prints
# the `wealth bench --json` shape: [{"name","value","unit","goal","better"}, ...].
#
# Usage: scripts/bench-ffi.sh [--json] [--no-build] [--only rust,swift,kotlin,python] [--iterations N]
# Needs what scripts/test-bindings.sh needs (Swift root, JDK + Maven, .venv); CARGO_TARGET_DIR honoured.
# Each figure is the median of 5 rounds of N calls (default 20000) after a warm-up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
REL="$TARGET_DIR/release"
SWIFT_ROOT="${SWIFT_ROOT:-/opt/swift-trixie}"
OUT="$ROOT/build/bench-ffi"
json=0; build=1; iterations=20000; langs=(rust swift kotlin python)
while [ $# -gt 0 ]; do
    case "$1" in
        --json) json=1 ;;
        --no-build) build=0 ;;
        --only) shift; IFS=, read -r -a langs <<<"$1" ;;
        --iterations) shift; iterations="$1" ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
log() { echo "bench-ffi: $*" >&2; }

rm -rf "$OUT"; mkdir -p "$OUT/store" "$OUT/gen" "$OUT/lib"
# A private copy of the library, taken right after it is built: the target dir may be shared with
# other checkouts whose builds write the same file name.
LIBDIR="$OUT/lib"
# (grep reads all of nm's output: `grep -q` would stop early and, under pipefail, fail the check.)
ours() { nm -D "$LIBDIR/libwealth_ffi.so" 2>/dev/null | grep -c uniffi_wealth_ffi_fn_method_wealth_set_observer >/dev/null; }
if [ "$build" -eq 1 ]; then
    log "cargo build --release -p wealth-ffi (lib + example bench_home)"
    cargo build --release -q -p wealth-ffi --lib --example bench_home >&2
    cp "$REL/libwealth_ffi.so" "$LIBDIR/"
    if ! ours; then  # another checkout's library under the same name: relink ours
        touch bindings/src/lib.rs
        cargo build --release -q -p wealth-ffi --lib --example bench_home >&2
        cp "$REL/libwealth_ffi.so" "$LIBDIR/"
    fi
    log "cargo build (debug) uniffi-bindgen and wealth-server"
    cargo build -q -p wealth-bindgen -p wealth-server >&2
else
    cp "$REL/libwealth_ffi.so" "$LIBDIR/"
fi
ours || { echo "bench-ffi: $REL/libwealth_ffi.so is not this checkout's library" >&2; exit 1; }
for l in swift kotlin python; do
    "$TARGET_DIR/debug/uniffi-bindgen" generate --library "$LIBDIR/libwealth_ffi.so" --language "$l" --out-dir "$OUT/gen/$l" --no-format >/dev/null
done
cp "$LIBDIR/libwealth_ffi.so" "$OUT/gen/python/"

# The store: prepared once through a sandbox server, then read offline by every language.
[ -x "$ROOT/.venv/bin/python" ] || scripts/setup-python.sh >&2
"$TARGET_DIR/debug/wealth-server" --sandbox --listen 127.0.0.1:0 --start 2026-11-16T09:00:00+08:00 \
    --ready-file "$OUT/server.json" >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$OUT/server.json" ] && break; sleep 0.1; done
url=$("$ROOT/.venv/bin/python" -c 'import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[2],"w").write(d["ca_cert_pem"]); print(d["url"])' "$OUT/server.json" "$OUT/ca.pem")
PYTHONPATH="$OUT/gen/python:$ROOT/python" "$ROOT/.venv/bin/python" scripts/bench-ffi/prepare.py "$url" "$OUT/ca.pem" "$OUT/store"
kill $server; wait $server 2>/dev/null || true
fresh_store() { rm -rf "$OUT/store-$1"; cp -r "$OUT/store" "$OUT/store-$1"; echo "$OUT/store-$1"; }

declare -A value
run_rust() { "$REL/examples/bench_home" "$(fresh_store rust)" "$iterations"; }
run_python() { PYTHONPATH="$OUT/gen/python" "$ROOT/.venv/bin/python" scripts/bench-ffi/bench_home.py "$(fresh_store python)" "$iterations"; }
run_swift() {
    local stage_in="/src/wealth-bench-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)" store
    local stage="$SWIFT_ROOT$stage_in"
    mountpoint -q "$SWIFT_ROOT/proc" || mount -t proc proc "$SWIFT_ROOT/proc"
    rm -rf "$stage"; mkdir -p "$stage"
    cp "$OUT/gen/swift/wealth_ffi.swift" "$OUT/gen/swift/wealth_ffiFFI.h" "$LIBDIR/libwealth_ffi.so" scripts/bench-ffi/main.swift "$stage/"
    cp "$OUT/gen/swift/wealth_ffiFFI.modulemap" "$stage/module.modulemap"
    store="$(fresh_store swift)"; cp -r "$store" "$stage/store"
    chroot "$SWIFT_ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 /bin/bash -c \
        "cd $stage_in && swiftc -O -wmo -I . -L . -lwealth_ffi -Xcc -fmodule-map-file=$stage_in/module.modulemap \
         wealth_ffi.swift main.swift -o bench 2>&1 >/dev/null | grep -v warning: >&2; LD_LIBRARY_PATH=. ./bench $stage_in/store $iterations"
}
run_kotlin() {
    local gen_dir="$ROOT/android/target/generated-sources/uniffi"
    rm -rf "$gen_dir"; mkdir -p "$gen_dir"; cp -r "$OUT/gen/kotlin/." "$gen_dir/"
    mvn -B -q -ntp -f "$ROOT/android/pom.xml" test -Dtest=HomeBench -Dsurefire.failIfNoSpecifiedTests=false \
        -Dwealth.lib.dir="$LIBDIR" -Dwealth.bench.dataDir="$(fresh_store kotlin)" -Dwealth.bench.iterations="$iterations" \
        -Dwealth.bench.out="$OUT/kotlin.txt" >"$OUT/kotlin-mvn.log" 2>&1 || { tail -40 "$OUT/kotlin-mvn.log" >&2; return 1; }
    grep -h "kotlin:" "$OUT/kotlin-mvn.log" "$ROOT"/android/target/surefire-reports/*HomeBench*-output.txt 2>/dev/null | sed "s/^.*kotlin:/kotlin:/" | head -1 >&2 || true
    cat "$OUT/kotlin.txt"
}
for l in "${langs[@]}"; do
    log "$l"
    value[$l]=$("run_$l" | tail -1) || value[$l]=""
done

goal() { case "$1" in swift) echo 10 ;; kotlin) echo 25 ;; python) echo 30 ;; *) echo null ;; esac; }
if [ "$json" -eq 1 ]; then
    sep="["
    for l in "${langs[@]}"; do
        printf '%s{"name":"ffi_home_call_%s","value":%s,"unit":"µs","goal":%s,"better":"lower"}' \
            "$sep" "$l" "${value[$l]:-null}" "$(goal "$l")"
        sep=","
    done
    echo "]"
else
    for l in "${langs[@]}"; do
        g=$(goal "$l"); [ "$g" = null ] && g="-"
        echo "ffi_home_call_$l ${value[$l]:-n/a} µs $g"
    done
fi
