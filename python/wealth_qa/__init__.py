"""wealth_qa: the wealth-core surface for QA scripts, in plain (blocking) Python.

A thin wrapper over the uniffi-generated ``wealth_ffi`` module (generated from the cdylib, see
``scripts/test-bindings.sh``): every figure and every display string comes from the core. This
package only turns async calls into blocking ones, records what the change observer and the log
sink hear, and names things the Python way. It holds no business rule.

    from wealth_qa import Sandbox
    sandbox = Sandbox(url, ca_pem)
    session = sandbox.new_investor("QA", data_dir="/tmp/qa")   # sandbox investors' PIN: 135790
    session.deposit("10000.00", pin="135790")
    sandbox.set_clock("2026-11-23T09:00:00+08:00")
    session.sync()
    print(session.home().display.units)       # ¥10,001.95

Every money movement needs the trading PIN (the core refuses with ``PIN_REQUIRED`` otherwise);
the wrapper passes it as a ``MovementConfirmation`` with the biometric flag set, as a QA
script stands in for the platform's biometric prompt (needed above 5,000.00 a day).
"""

from __future__ import annotations

import asyncio
import pathlib
import threading
from typing import Any, Coroutine, List, Optional, TypeVar

import wealth_ffi as ffi

T = TypeVar("T")

__all__ = ["Sandbox", "Session", "CollectingLogSink", "InMemorySecretStore", "confirmation", "ffi", "run"]


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one core coroutine to completion (QA scripts are sequential)."""
    return asyncio.run(coro)


def confirmation(pin: str, biometric: bool = True, sms_otp: Optional[str] = None,
                 suitability_confirmed: bool = False) -> ffi.MovementConfirmation:
    """What the investor gave to confirm one money movement (the PIN; the biometric prompt
    stands in as passed for QA; the SMS OTP above 50,000.00 a day)."""
    return ffi.MovementConfirmation(
        pin=pin, biometric=biometric, sms_otp=sms_otp, suitability_confirmed=suitability_confirmed
    )


class InMemorySecretStore(ffi.PlatformSecretStore):
    """The platform secret store for QA and tests: secrets in memory, lost with the process.
    Give the SAME store to ``Onboarding.open`` and ``Session.open_with_secret_store``: it holds
    the local database's key and the session token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, bytes] = {}

    def get(self, name: str) -> Optional[bytes]:
        with self._lock:
            return self._items.get(name)

    def set(self, name: str, value: bytes) -> None:
        with self._lock:
            self._items[name] = bytes(value)

    def delete(self, name: str) -> None:
        with self._lock:
            self._items.pop(name, None)

    def names(self) -> List[str]:
        with self._lock:
            return sorted(self._items)


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

    @classmethod
    def open_with_secret_store(
        cls, server_url: str, ca_pem: Optional[str], data_dir: str | pathlib.Path, secrets: ffi.PlatformSecretStore
    ) -> "Session":
        """Open with the secret store used for onboarding (its session token and database key)."""
        pathlib.Path(data_dir).mkdir(parents=True, exist_ok=True)
        config = ffi.WealthConfig(server_url=server_url, ca_cert_pem=ca_pem, data_dir=str(data_dir), session_token="")
        return cls(ffi.Wealth.open_with_secret_store(config, secrets, []))

    @property
    def changes(self) -> List[ffi.ChangeKind]:
        """Every change the core reported so far, oldest first."""
        with self._recorder._lock:
            return list(self._recorder.heard)

    def set_locale(self, tag: str) -> None:
        """``zh-CN`` (default) or ``en``: the language of every display string."""
        self.wealth.set_locale(ffi.display_locale_for_tag(tag))

    def home(self) -> ffi.HomeViewModel:
        """The home view model: display strings (``home().display.units == "¥10,001.95"``)."""
        return self.wealth.home()

    def figures(self) -> ffi.HomeFigures:
        """The home figures as decimal text (``figures().units == "10001.95"``), for assertions."""
        return self.wealth.home_figures()

    def sync(self) -> ffi.SyncResult:
        return run(self.wealth.sync())

    def deposit(self, amount: str, pin: str, biometric: bool = True, sms_otp: Optional[str] = None) -> ffi.OrderView:
        """Deposit, confirmed by the trading PIN."""
        return run(self.wealth.deposit_confirmed(amount, confirmation(pin, biometric, sms_otp)))

    def withdraw(
        self, amount: str, pin: str, instant: bool = False, biometric: bool = True, sms_otp: Optional[str] = None
    ) -> ffi.OrderView:
        """Withdraw (normal T+1, or instant within the quota), confirmed by the trading PIN."""
        mode = ffi.WithdrawalMode.INSTANT if instant else ffi.WithdrawalMode.NORMAL
        return run(self.wealth.withdraw_confirmed(amount, mode, confirmation(pin, biometric, sms_otp)))

    def deposit_with_coupon(self, amount: str, coupon_id: str, pin: str, biometric: bool = True) -> ffi.OrderView:
        """Deposit with a coupon from the wallet, confirmed by the trading PIN."""
        return run(self.wealth.deposit_with_coupon(amount, coupon_id, confirmation(pin, biometric)))

    def confirm_draft(self, draft_id: str, pin: str, biometric: bool = True) -> ffi.OrderView:
        """Send a draft made offline, confirmed by the trading PIN."""
        return run(self.wealth.confirm_draft(draft_id, confirmation(pin, biometric)))

    def points(self) -> ffi.PointsViewModel:
        return self.wealth.points()

    def redeem_points(self, coupon_value: str) -> ffi.CouponView:
        """Points for a coupon of ``coupon_value`` yuan ("5", "10", "20")."""
        return run(self.wealth.redeem_points(coupon_value))

    def coupons(self) -> List[ffi.CouponView]:
        return run(self.wealth.coupons())

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

    def otp(self, phone: str) -> str:
        """The OTP last sent to ``phone`` (the sandbox's SMS inbox)."""
        return run(self.admin.otp(phone))

    def onboard(
        self,
        phone: str,
        name: str,
        id_number: str,
        card: str,
        pin: str,
        data_dir: str | pathlib.Path,
        secrets: ffi.PlatformSecretStore,
        answers: Optional[List[int]] = None,
    ) -> ffi.OnboardingViewModel:
        """A new investor through every onboarding step (the OTP read from the sandbox; the
        questionnaire's ``default_answers`` unless given). Returns the final view."""
        pathlib.Path(data_dir).mkdir(parents=True, exist_ok=True)
        flow = ffi.Onboarding.open(self.server_url, self.ca_pem, str(data_dir), secrets)

        async def steps() -> ffi.OnboardingViewModel:
            await flow.request_otp(phone)
            await flow.verify_otp(await self.admin.otp(phone))
            await flow.submit_identity(name, id_number)
            await flow.submit_card(card)
            await flow.submit_pin(pin, pin)
            questionnaire = await flow.questionnaire()
            return await flow.submit_answers(answers if answers is not None else questionnaire.default_answers)

        return run(steps())

    def set_clock(self, now: str) -> str:
        return run(self.admin.set_clock(now))

    def publish_per_10k(self, from_day: str, to_day: str, per_10k: str) -> None:
        run(self.admin.publish_per_10k(from_day, to_day, per_10k))

    def set_setting(self, name: str, value: str) -> None:
        run(self.admin.set_setting(name, value))
