"""One investor's journey through the Python bindings against the sandbox server.

Mirrors ios/Tests/WealthCoreTests/JourneyTests.swift and
android/src/test/kotlin/com/wealthcore/JourneyTest.kt: same steps, same figures, and the same as
spec/scenarios/thursday-before-cut-off.json. The investor is onboarded through the `Onboarding`
object (OTP read from the sandbox), then `Wealth.open_with_secret_store` opens the account with
the same secret store; every money movement is confirmed with the trading PIN. The server's clock
starts at 2026-11-16T09:00:00+08:00 (scripts/test-bindings.sh starts a fresh sandbox per language).
"""

import asyncio
import threading

import pytest

import wealth_ffi as ffi

PER_10K = "0.6500"
PUBLISH_FROM, PUBLISH_TO = "2026-11-08", "2026-11-30"
THU_1430 = "2026-11-19T14:30:00+08:00"  # before the 15:00 cut-off: T = Thu, confirmed Fri
THU_1800 = "2026-11-19T18:00:00+08:00"
FRI_0900 = "2026-11-20T09:00:00+08:00"
MON_0900 = "2026-11-23T09:00:00+08:00"
BAD_AMOUNTS = ["-5", "0.001", "1e3", ""]

PHONE = "13800138000"
NAME = "张三"
ID_NUMBER = "11010519491231002X"
CARD = "6240008631401148"
PIN = "135790"
# Onboarding tasks: card bound +50, questionnaire +50.
ONBOARDING_POINTS = 100
# Newbie privilege: the first confirmed deposit of at least 100.00.
NEWBIE_POINTS = 500
# Holding points: floor(units that earned income on D / 10,000) for Fri, Sat, Sun = 1 + 1 + 1.
HOLDING_POINTS = 3
COUPON_POINTS = 500  # a 5-yuan coupon at 100 points a yuan


class InMemorySecretStore(ffi.PlatformSecretStore):
    """The platform secret store of a test: one for onboarding and the account."""

    def __init__(self):
        self._lock = threading.Lock()
        self.items = {}

    def get(self, name):
        with self._lock:
            return self.items.get(name)

    def set(self, name, value):
        with self._lock:
            self.items[name] = bytes(value)

    def delete(self, name):
        with self._lock:
            self.items.pop(name, None)


def with_pin(pin=PIN):
    # The biometric prompt stands in as passed (needed above 5,000.00 a day).
    return ffi.MovementConfirmation(pin=pin, biometric=True, sms_otp=None, suitability_confirmed=False)


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def admin(server_url, ca_pem):
    return ffi.SandboxAdmin(server_url, ca_pem)


def open_wealth(server_url, ca_pem, data_dir, token):
    return ffi.Wealth.open(
        ffi.WealthConfig(
            server_url=server_url,
            ca_cert_pem=ca_pem,
            data_dir=str(data_dir),
            session_token=token,
        )
    )


async def moved_and_synced(admin, wealth, at):
    assert (await admin.set_clock(at)).startswith(at[:16])
    result = await wealth.sync()
    assert result.mismatch is None, result.mismatch
    return wealth.home()


async def onboard(admin, server_url, ca_pem, data_dir, secrets):
    flow = ffi.Onboarding.open(server_url, ca_pem, str(data_dir), secrets)
    assert flow.view().step == "phone"
    await flow.request_otp(PHONE)
    view = await flow.verify_otp(await admin.otp(PHONE))
    assert view.step == "identity" and view.account_id
    view = await flow.submit_identity(NAME, ID_NUMBER)
    assert view.step == "card"
    card = await flow.submit_card(CARD)
    assert (card.view.step, card.view.card_last4, card.warning) == ("pin", "1148", None)
    view = await flow.submit_pin(PIN, PIN)
    assert view.step == "questionnaire"
    questionnaire = await flow.questionnaire()
    view = await flow.submit_answers(questionnaire.default_answers)
    assert (view.step, view.risk_level, view.has_session) == ("done", "C3", True)
    assert flow.session_token()
    return view


def test_deposit_journey(admin, server_url, ca_pem, tmp_path):
    async def journey():
        data_dir = tmp_path / "store"
        data_dir.mkdir()
        secrets = InMemorySecretStore()
        await onboard(admin, server_url, ca_pem, data_dir, secrets)

        wealth = ffi.Wealth.open_with_secret_store(
            ffi.WealthConfig(server_url=server_url, ca_cert_pem=ca_pem, data_dir=str(data_dir), session_token=""),
            secrets,
            [],
        )
        await wealth.sync()
        assert wealth.points().balance == ONBOARDING_POINTS

        await admin.publish_per_10k(PUBLISH_FROM, PUBLISH_TO, PER_10K)
        await admin.set_clock(THU_1430)
        await wealth.sync()

        # Without the PIN (and, above 5,000.00 a day, the biometric prompt) nothing moves.
        with pytest.raises(ffi.WealthError.ConfirmationRequired) as refused:
            await wealth.deposit("10000.00")
        assert (refused.value.code, refused.value.level) == ("CONFIRMATION_REQUIRED", "pin_biometric")
        assert wealth.orders() == []

        order = await wealth.deposit_confirmed("10000.00", with_pin())
        assert (order.kind, order.status, order.amount) == ("deposit", "pending", "10000.00")
        assert order.trading_day == "2026-11-19"
        assert order.confirm_day == "2026-11-20"

        home = await moved_and_synced(admin, wealth, THU_1800)
        figures = wealth.home_figures()
        assert figures.pending_in == "10000.00"
        assert figures.units == "0.00"
        assert figures.seven_day_yield == "2.401"

        home = await moved_and_synced(admin, wealth, FRI_0900)
        figures = wealth.home_figures()
        assert figures.pending_in == "0.00"
        assert figures.units == "10000.00"
        assert figures.total_income == "0.00"

        home = await moved_and_synced(admin, wealth, MON_0900)
        figures = wealth.home_figures()
        assert figures.units == "10001.95"
        assert figures.yesterday_income == "0.65"
        assert figures.total_income == "1.95"
        assert figures.pending_in == "0.00"
        # Display strings come from the core (zh-CN by default); shells draw them as they are.
        assert home.display.units == "¥10,001.95"
        assert home.display.as_of == "截至 11月23日 09:00"

        orders = wealth.orders()
        assert [(o.kind, o.status, o.amount) for o in orders] == [("deposit", "confirmed", "10000.00")]

        # Withdraw instantly (T+0, within the 10,000.00 daily quota).
        plan = wealth.withdrawal_plan("1000.00")
        assert (plan.instant, plan.normal) == ("1000.00", "0.00")
        out = await wealth.withdraw_confirmed("1000.00", ffi.WithdrawalMode.INSTANT, with_pin())
        assert (out.kind, out.amount) == ("instant_withdrawal", "1000.00")
        home = wealth.home()
        figures = wealth.home_figures()
        assert (figures.units, figures.cash_out, figures.instant_quota_left) == ("9001.95", "1000.00", "9000.00")
        assert home.display.units == "¥9,001.95"

        # Points: onboarding tasks, the newbie privilege and three days of holding points.
        points = wealth.points().balance
        assert points == ONBOARDING_POINTS + NEWBIE_POINTS + HOLDING_POINTS
        assert await wealth.coupons() == []
        coupon = await wealth.redeem_points("5")
        assert coupon.value == "5.00"
        assert wealth.points().balance == points - COUPON_POINTS
        coupons = await wealth.coupons()
        assert [c.id for c in coupons] == [coupon.id]

    run(journey())


def test_bad_amounts_raise_invalid_amount(admin, server_url, ca_pem, tmp_path):
    investor = run(admin.create_investor("Python Bad Amounts", "0042"))
    wealth = open_wealth(server_url, ca_pem, tmp_path / "store", investor.token)
    for bad in BAD_AMOUNTS:
        with pytest.raises(ffi.WealthError.InvalidAmount) as raised:
            run(wealth.deposit_confirmed(bad, with_pin()))
        assert raised.value.code == "INVALID_AMOUNT", bad
        assert raised.value.detail, bad
    assert wealth.orders() == []
