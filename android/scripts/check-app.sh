#!/usr/bin/env bash
# Type-check the Compose app (android/app) here, without the Android SDK: see android/app-check/pom.xml.
# Needs the generated Kotlin bindings: run `scripts/test-bindings.sh --only kotlin` first.
set -euo pipefail
ANDROID="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d "$ANDROID/target/generated-sources/uniffi" ] || {
    echo "no generated bindings: run scripts/test-bindings.sh --only kotlin first" >&2; exit 1; }
mvn -B -ntp -q -Dstyle.color=never -f "$ANDROID/app-check/pom.xml" compile
echo "android/app type-checks (Compose compiler plugin, desktop Compose, Android stubs)"
