#!/usr/bin/env bash
# Make sure a JDK 17+ (javac) and Maven are on the machine, for the Kotlin/JVM binding tests.
# Idempotent: installs from Debian's packages only what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { echo "setup-jvm: $*"; }

java_major() {
    # "17.0.15" -> 17 ; "1.8.0_x" -> 8
    local v
    v="$(javac -version 2>&1 | awk '{print $2}')" || return 1
    case "$v" in 1.*) v="${v#1.}";; esac
    echo "${v%%.*}"
}

need=()
if ! command -v javac >/dev/null 2>&1 || [ "$(java_major || echo 0)" -lt 17 ]; then
    need+=(openjdk-17-jdk-headless)
fi
if ! command -v mvn >/dev/null 2>&1; then
    need+=(maven)
fi

if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup-jvm: missing ${need[*]}; run as root or install them" >&2
        exit 1
    fi
    log "installing ${need[*]}"
    apt-get update -qq
    # Debian trixie and later ship openjdk-21 only; fall back to it when 17 is not offered.
    if [[ " ${need[*]} " == *" openjdk-17-jdk-headless "* ]] \
            && ! apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
        need=("${need[@]/openjdk-17-jdk-headless/openjdk-21-jdk-headless}")
    fi
    apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null >/tmp/setup-jvm-apt.log 2>&1 || {
        tail -30 /tmp/setup-jvm-apt.log >&2
        exit 1
    }
fi

log "ok (java $(java_major), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'))"
