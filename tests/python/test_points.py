"""The points programme through the Python bindings: the points view from the replica, history
page by page, the coupon wallet, a refused redemption, and the referral code."""

import asyncio

import pytest

import wealth_ffi as w


def test_points_view_history_wallet_and_referral(server_url, ca_pem, tmp_path):
    async def run():
        admin = w.SandboxAdmin(server_url, ca_pem)
        inv = await admin.create_investor("Points Investor", "0042")
        app = w.Wealth.open(
            w.WealthConfig(server_url=server_url, ca_cert_pem=ca_pem, data_dir=str(tmp_path), session_token=inv.token)
        )
        synced = await app.sync()
        assert synced.points_mismatch is None
        assert synced.points_transfers == 2
        assert app.home().points == 100

        view = app.points()
        assert view.balance == 100
        assert view.clawback_owed == 0
        assert [lot.left for lot in view.expiring] == [50, 50]

        first = app.points_history(None, 1)
        assert len(first.transfers) == 1 and first.next_before is not None
        second = app.points_history(first.next_before, 1)
        assert len(second.transfers) == 1
        assert {t.kind for t in first.transfers + second.transfers} == {"earn"}

        with pytest.raises(w.WealthError.Refused) as refused:
            await app.redeem_points("5")
        assert refused.value.code == "INSUFFICIENT_POINTS"
        assert app.points().balance == 100
        assert await app.coupons() == []

        with pytest.raises(w.WealthError.Refused) as refused:
            pin = w.MovementConfirmation(pin="135790", biometric=True, sms_otp=None, suitability_confirmed=False)
            await app.deposit_with_coupon("500.00", "no-such-coupon", pin)
        assert refused.value.code == "COUPON_NOT_APPLICABLE"

        status = await app.referral()
        assert status.code.startswith("R")
        assert status.referrals == [] and status.paid == "0.00"
        with pytest.raises(w.WealthError.Refused) as refused:
            await app.bind_referral(status.code)
        assert refused.value.code == "SELF_REFERRAL"

    asyncio.run(run())
