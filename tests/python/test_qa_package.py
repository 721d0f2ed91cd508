"""The QA package (python/wealth_qa) over the bindings: the shared journey with display strings,
the change observer, redacted log forwarding and the panic guard.

The cross-language journey (same steps and figures in Swift, Kotlin and Python) is
test_journey.py; this file checks the pythonic wrapper QA scripts use.
"""

import pytest

from wealth_qa import CollectingLogSink, Sandbox, Session, ffi

# The week after test_journey.py's (pytest runs files in name order and the sandbox clock only
# moves forward): deposit on Thursday 26th before the cut-off, confirmed Friday, read on Monday.
THU_1430 = "2026-11-26T14:30:00+08:00"
PIN = "135790"  # every sandbox investor's trading PIN
THU_1800 = "2026-11-26T18:00:00+08:00"
MON_0900 = "2026-11-30T09:00:00+08:00"


def test_shared_journey_with_display_strings(server_url, ca_pem, tmp_path):
    sandbox = Sandbox(server_url, ca_pem)
    sandbox.publish_per_10k("2026-11-08", "2026-11-30", "0.6500")
    sandbox.set_clock(THU_1430)
    logs = CollectingLogSink().install(ffi.LogLevel.INFO)
    try:
        session = sandbox.new_investor("QA Journey", tmp_path / "store")
        assert session.changes == [ffi.ChangeKind.ACCOUNT]  # the first sync

        order = session.deposit("10000.00", pin=PIN)
        assert (order.kind, order.status, order.amount) == ("deposit", "pending", "10000.00")
        assert (order.display.kind, order.display.amount) == ("转入", "¥10,000.00")
        assert session.changes == [ffi.ChangeKind.ACCOUNT] * 2

        sandbox.set_clock(THU_1800)
        session.sync()
        home = session.home()
        assert home.display.as_of == "截至 11月26日 18:00"
        assert home.display.pending_in == "¥10,000.00"

        sandbox.set_clock(MON_0900)
        session.sync()
        home = session.home()
        figures = session.figures()
        assert (figures.units, figures.yesterday_income, figures.total_income) == ("10001.95", "0.65", "1.95")
        assert home.display.units == "¥10,001.95"
        assert home.display.yesterday_income == "+¥0.65"
        assert home.display.seven_day_yield == "2.401%"

        plan = session.withdrawal_plan("1000.00")
        assert (plan.instant, plan.normal, plan.instant_display) == ("1000.00", "0.00", "¥1,000.00")
        out = session.withdraw("1000.00", pin=PIN, instant=True)
        assert (out.kind, out.amount) == ("instant_withdrawal", "1000.00")
        home = session.home()
        figures = session.figures()
        assert (figures.units, figures.cash_out, figures.instant_quota_left) == ("9001.95", "1000.00", "9000.00")
        assert home.display.units == "¥9,001.95"

        session.set_locale("en")
        assert session.changes[-1] == ffi.ChangeKind.LOCALE
        home = session.home()
        assert home.display.as_of == "as of 30 Nov 09:00"
        assert home.display.today == "30 Nov 2026"
        assert home.display.units == "¥9,001.95"
        assert len(session.changes) == 6  # sync, deposit, sync, sync, withdraw, locale

        statement = session.statement("2026-11")
        assert statement.identity_holds
        assert statement.display.month == "Nov 2026"
        assert statement.display.closing_units == "¥9,001.95"
        assert [l.kind_label for l in statement.lines if l.kind != "income"] == ["Deposit", "Instant withdrawal"]
    finally:
        CollectingLogSink.uninstall()
    assert "deposit: done" in logs.messages
    assert "withdraw: done" in logs.messages
    assert all(session_token_free(m) for m in logs.messages)


def session_token_free(message: str) -> bool:
    return "Bearer " not in message or "***" in message


def test_refusals_are_logged_with_their_code(server_url, ca_pem, tmp_path):
    sandbox = Sandbox(server_url, ca_pem)
    logs = CollectingLogSink().install(ffi.LogLevel.WARN)
    try:
        session = sandbox.new_investor("QA Refusal", tmp_path / "store")
        with pytest.raises(ffi.WealthError.InvalidAmount):
            session.deposit("1e3", pin=PIN)
    finally:
        CollectingLogSink.uninstall()
    assert any(m.startswith("deposit: INVALID_AMOUNT") for m in logs.messages), logs.messages
    assert session.changes == [ffi.ChangeKind.ACCOUNT]  # the refusal changed nothing


def test_a_panic_in_the_core_arrives_as_an_internal_error():
    if not hasattr(ffi, "debug_panic"):
        pytest.skip("release cdylib: the panic probe exists only in debug builds and the `testing` feature")
    with pytest.raises(ffi.WealthError.Internal) as raised:
        ffi.debug_panic("from python")
    assert raised.value.code == "INTERNAL"
    assert "from python" in raised.value.detail
    with pytest.raises(ffi.WealthError.Internal):
        import asyncio

        asyncio.run(ffi.debug_panic_async("async from python"))


def test_onboarding_then_the_same_secret_store_opens_the_account(server_url, ca_pem, tmp_path):
    """Sandbox.onboard + Session.open_with_secret_store: the store the onboarding filled holds
    the session token and the local database's key; the account opens with it and a movement
    without the right PIN is refused and changes nothing."""
    from wealth_qa import InMemorySecretStore

    sandbox = Sandbox(server_url, ca_pem)
    secrets = InMemorySecretStore()
    store = tmp_path / "store"
    view = sandbox.onboard(
        phone="13900139000",
        name="李四",
        id_number="110105198001010016",
        card="6240008631401155",
        pin="246801",
        data_dir=store,
        secrets=secrets,
    )
    assert (view.step, view.risk_level, view.has_session) == ("done", "C3", True)
    assert secrets.names(), "the core keeps its secrets in the platform store"

    session = Session.open_with_secret_store(server_url, ca_pem, store, secrets)
    session.sync()
    assert session.points().balance == 100
    with pytest.raises(ffi.WealthError) as refused:
        session.deposit("100.00", pin="135790")  # not this investor's PIN
    assert refused.value.code == "PIN_WRONG", refused.value
    assert session.orders() == []
