"""Shared setup for the Python binding tests.

The generated `wealth_ffi.py` and `libwealth_ffi.so` live together in a build directory (not
committed); scripts/test-bindings.sh creates it and sets WEALTH_BINDINGS_PY_DIR, PYTHONPATH,
WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE (the sandbox server it started).
"""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINDINGS_DIR = pathlib.Path(
    os.environ.get("WEALTH_BINDINGS_PY_DIR", ROOT / "build" / "bindings" / "python")
)

if not (BINDINGS_DIR / "wealth_ffi.py").exists():
    raise pytest.UsageError(
        f"no generated bindings at {BINDINGS_DIR}/wealth_ffi.py: run scripts/test-bindings.sh --only python"
    )
if str(BINDINGS_DIR) not in sys.path:
    sys.path.insert(0, str(BINDINGS_DIR))


def _require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run through scripts/test-bindings.sh (it starts the sandbox server)")
    return value


@pytest.fixture(scope="session")
def server_url() -> str:
    return _require_env("WEALTH_SERVER_URL")


@pytest.fixture(scope="session")
def ca_pem() -> str:
    return pathlib.Path(_require_env("WEALTH_CA_PEM_FILE")).read_text()
