"""One investor's journey through the Python bindings against the sandbox server.

Mirrors ios/Tests/WealthCoreTests/JourneyTests.swift and
android/src/test/kotlin/com/wealthcore/JourneyTest.kt: same steps, same figures, and the same as
spec/scenarios/thursday-before-cut-off.json. The server's clock starts at
2026-11-16T09:00:00+08:00 (scripts/test-bindings.sh starts a fresh sandbox per language).
"""

import asyncio

import pytest

import wealth_ffi as ffi

PER_10K = "0.6500"
PUBLISH_FROM, PUBLISH_TO = "2026-11-08", "2026-11-30"
THU_1430 = "2026-11-19T14:30:00+08:00"  # before the 15:00 cut-off: T = Thu, confirmed Fri
THU_1800 = "2026-11-19T18:00:00+08:00"
FRI_0900 = "2026-11-20T09:00:00+08:00"
MON_0900 = "2026-11-23T09:00:00+08:00"
BAD_AMOUNTS = ["-5", "0.001", "1e3", ""]


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


def test_deposit_journey(admin, server_url, ca_pem, tmp_path):
    async def journey():
        investor = await admin.create_investor("Python Journey", "0042")
        assert investor.account_id and investor.token
        await admin.publish_per_10k(PUBLISH_FROM, PUBLISH_TO, PER_10K)
        await admin.set_clock(THU_1430)

        wealth = open_wealth(server_url, ca_pem, tmp_path / "store", investor.token)
        await wealth.sync()

        order = await wealth.deposit("10000.00")
        assert (order.kind, order.status, order.amount) == ("deposit", "pending", "10000.00")
        assert order.trading_day == "2026-11-19"
        assert order.confirm_day == "2026-11-20"

        home = await moved_and_synced(admin, wealth, THU_1800)
        assert home.pending_in == "10000.00"
        assert home.units == "0.00"
        assert home.seven_day_yield == "2.401"

        home = await moved_and_synced(admin, wealth, FRI_0900)
        assert home.pending_in == "0.00"
        assert home.units == "10000.00"
        assert home.total_income == "0.00"

        home = await moved_and_synced(admin, wealth, MON_0900)
        assert home.units == "10001.95"
        assert home.yesterday_income == "0.65"
        assert home.total_income == "1.95"
        assert home.pending_in == "0.00"
        # Display strings come from the core (zh-CN by default); shells draw them as they are.
        assert home.display.units == "¥10,001.95"
        assert home.display.as_of == "截至 11月23日 09:00"

        orders = wealth.orders()
        assert [(o.kind, o.status, o.amount) for o in orders] == [("deposit", "confirmed", "10000.00")]

        # Withdraw instantly (T+0, within the 10,000.00 daily quota).
        plan = wealth.withdrawal_plan("1000.00")
        assert (plan.instant, plan.normal) == ("1000.00", "0.00")
        out = await wealth.withdraw("1000.00", ffi.WithdrawalMode.INSTANT)
        assert (out.kind, out.amount) == ("instant_withdrawal", "1000.00")
        home = wealth.home()
        assert (home.units, home.cash_out, home.instant_quota_left) == ("9001.95", "1000.00", "9000.00")
        assert home.display.units == "¥9,001.95"

    run(journey())


def test_bad_amounts_raise_invalid_amount(admin, server_url, ca_pem, tmp_path):
    investor = run(admin.create_investor("Python Bad Amounts", "0042"))
    wealth = open_wealth(server_url, ca_pem, tmp_path / "store", investor.token)
    for bad in BAD_AMOUNTS:
        with pytest.raises(ffi.WealthError.InvalidAmount) as raised:
            run(wealth.deposit(bad))
        assert raised.value.code == "INVALID_AMOUNT", bad
        assert raised.value.detail, bad
    assert wealth.orders() == []
