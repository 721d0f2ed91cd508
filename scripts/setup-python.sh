#!/usr/bin/env bash
# Create (or reuse) .venv in the repo root with pytest, for the Python binding tests.
# Idempotent: reuses a working venv, installs pytest only when it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTEST_SPEC="${PYTEST_SPEC:-pytest>=8,<10}"

log() { echo "setup-python: $*"; }

PY="${PYTHON:-$(command -v python3 || true)}"
if [ -z "$PY" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        log "installing python3"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            python3 python3-venv </dev/null >/dev/null
        PY="$(command -v python3)"
    else
        echo "setup-python: python3 not found" >&2
        exit 1
    fi
fi

# A venv whose interpreter no longer runs (python moved/upgraded) is rebuilt.
if [ -d "$VENV" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "rebuilding broken $VENV"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
        # Debian's python3 without ensurepip: add python3-venv and retry.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            rm -rf "$VENV"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                python3-venv </dev/null >/dev/null
            "$PY" -m venv "$VENV"
        else
            echo "setup-python: '$PY -m venv' failed" >&2
            exit 1
        fi
    fi
fi

if ! "$VENV/bin/python" -c 'import pytest' >/dev/null 2>&1; then
    log "installing $PYTEST_SPEC"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$PYTEST_SPEC"
fi

log "ok ($("$VENV/bin/python" --version), pytest $("$VENV/bin/python" -c 'import pytest; print(pytest.__version__)'))"
