"""Prepare the store every language's home() benchmark reads: a sandbox investor who deposited
10,000.00 on Thursday, read on Monday after three days of income (the journey's figures).
Usage: prepare.py SERVER_URL CA_PEM_FILE DATA_DIR (wealth_qa and wealth_ffi on PYTHONPATH)."""

import pathlib
import sys

from wealth_qa import Sandbox

url, pem_file, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
sandbox = Sandbox(url, pathlib.Path(pem_file).read_text())
sandbox.publish_per_10k("2026-11-08", "2026-11-30", "0.6500")
sandbox.set_clock("2026-11-19T14:30:00+08:00")
session = sandbox.new_investor("Bench", data_dir)
session.deposit("10000.00", pin="135790")  # every sandbox investor's trading PIN
sandbox.set_clock("2026-11-23T09:00:00+08:00")
session.sync()
home = session.home()
assert home.display.units == "¥10,001.95", home.display.units
print(f"prepared {data_dir}: {home.display.units}, {len(session.orders())} order(s)", file=sys.stderr)
