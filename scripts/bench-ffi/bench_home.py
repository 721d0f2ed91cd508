"""Python side of scripts/bench-ffi.sh: time per call of Wealth.home() through the generated
bindings. Usage: bench_home.py DATA_DIR ITERATIONS; prints the median over 5 rounds in µs."""

import sys
import time

import wealth_ffi as ffi

data_dir = sys.argv[1]
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
wealth = ffi.Wealth.open(
    ffi.WealthConfig(server_url="https://127.0.0.1:9", ca_cert_pem=None, data_dir=data_dir, session_token="bench")
)
units = wealth.home().display.units
for _ in range(iterations // 10):
    wealth.home()
rounds = []
for _ in range(5):
    start = time.perf_counter_ns()
    for _ in range(iterations):
        wealth.home()
    rounds.append((time.perf_counter_ns() - start) / 1000 / iterations)
rounds.sort()
print(f"python: units {units}, rounds {[round(r, 2) for r in rounds]}", file=sys.stderr)
print(f"{rounds[2]:.2f}")
