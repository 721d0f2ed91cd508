"""wealth_qa: the wealth-core surface for QA scripts, in plain (blocking) Python.

A thin wrapper over the uniffi-generated ``wealth_ffi`` module (generated from the cdylib, see
``scripts/test-bindings.sh``): every figure and every display string comes from the core. This
package only turns async calls into blocking ones, records what the change observer and the log
sink hear, and names things the Python way. It holds no business rule.

    from wealth_qa import Sandbox
    sandbox = Sandbox(url, ca_pem)
    session = sandbox.new_investor("QA", data_dir="/tmp/qa")
    session.deposit("10000.00")
    sandbox.set_clock("2026-11-23T09:00:00+08:00")
    session.sync()
    print(session.home().display.units)       # ¥10,001.95
"""

from __future__ import annotations

import asyncio
import pathlib
import threading
from typing import Any, Coroutine, List, Optional, TypeVar

import wealth_ffi as ffi

T = TypeVar("T")

__all__ = ["Sandbox", "Session", "CollectingLogSink", "ffi", "run"]


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one core coroutine to completion (QA scripts are sequential)."""
    return asyncio.run(coro)


class _Recorder(ffi.WealthObserver):
    """Records every change the core reports (called on a core thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.heard: List[ffi.ChangeKind] = []

    def on_change(self, what: ffi.ChangeKind) -> None:
        with self._lock:
            self.heard.append(what)


class CollectingLogSink(ffi.LogSink):
    """Keeps the core's log lines (already redacted by the core)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.records: List[ffi.LogRecord] = []

    def log(self, record: ffi.LogRecord) -> None:
        with self._lock:
            self.records.append(record)

    def install(self, max_level: ffi.LogLevel = ffi.LogLevel.DEBUG) -> "CollectingLogSink":
        ffi.set_log_sink(self, max_level)
        return self

    @staticmethod
    def uninstall() -> None:
        ffi.set_log_sink(None, ffi.LogLevel.ERROR)

    @property
    def messages(self) -> List[str]:
        with self._lock:
            return [r.message for r in self.records]


class Session:
    """One signed-in investor: the core's ``Wealth`` with blocking methods."""

    def __init__(self, wealth: ffi.Wealth) -> None:
        self.wealth = wealth
        self._recorder = _Recorder()
        wealth.set_observer(self._recorder)

    @classmethod
    def open(cls, server_url: str, ca_pem: Optional[str], data_dir: str | pathlib.Path, token: str) -> "Session":
        pathlib.Path(data_dir).mkdir(parents=True, exist_ok=True)
        config = ffi.WealthConfig(server_url=server_url, ca_cert_pem=ca_pem, data_dir=str(data_dir), session_token=token)
        return cls(ffi.Wealth.open(config))

    @property
    def changes(self) -> List[ffi.ChangeKind]:
        """Every change the core reported so far, oldest first."""
        with self._recorder._lock:
            return list(self._recorder.heard)

    def set_locale(self, tag: str) -> None:
        """``zh-CN`` (default) or ``en``: the language of every display string."""
        self.wealth.set_locale(ffi.display_locale_for_tag(tag))

    def home(self) -> ffi.HomeViewModel:
        return self.wealth.home()

    def sync(self) -> ffi.SyncResult:
        return run(self.wealth.sync())

    def deposit(self, amount: str) -> ffi.OrderView:
        return run(self.wealth.deposit(amount))

    def withdraw(self, amount: str, instant: bool = False) -> ffi.OrderView:
        mode = ffi.WithdrawalMode.INSTANT if instant else ffi.WithdrawalMode.NORMAL
        return run(self.wealth.withdraw(amount, mode))

    def withdrawal_plan(self, amount: str) -> ffi.WithdrawalPlanView:
        return self.wealth.withdrawal_plan(amount)

    def cancel(self, order_id: str) -> ffi.OrderView:
        return run(self.wealth.cancel(order_id))

    def statement(self, month: str) -> ffi.StatementView:
        return run(self.wealth.statement(month))

    def orders(self) -> List[ffi.OrderView]:
        return self.wealth.orders()

    def set_offline(self, offline: bool) -> None:
        self.wealth.set_offline(offline)


class Sandbox:
    """The sandbox server's admin API (clock, 万份收益, settings, investors), blocking."""

    def __init__(self, server_url: str, ca_pem: Optional[str]) -> None:
        self.server_url = server_url
        self.ca_pem = ca_pem
        self.admin = ffi.SandboxAdmin(server_url, ca_pem)

    def create_investor(self, name: str, card_last4: str = "0042") -> ffi.InvestorSession:
        return run(self.admin.create_investor(name, card_last4))

    def new_investor(self, name: str, data_dir: str | pathlib.Path, card_last4: str = "0042") -> Session:
        """Create an investor and open (and sync) a session for them."""
        investor = self.create_investor(name, card_last4)
        session = Session.open(self.server_url, self.ca_pem, data_dir, investor.token)
        session.sync()
        return session

    def set_clock(self, now: str) -> str:
        return run(self.admin.set_clock(now))

    def publish_per_10k(self, from_day: str, to_day: str, per_10k: str) -> None:
        run(self.admin.publish_per_10k(from_day, to_day, per_10k))

    def set_setting(self, name: str, value: str) -> None:
        run(self.admin.set_setting(name, value))
