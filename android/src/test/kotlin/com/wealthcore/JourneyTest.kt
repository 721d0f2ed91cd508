package com.wealthcore

// One investor's journey through the Kotlin bindings against the sandbox server.
//
// Mirrors tests/python/test_journey.py and ios/Tests/WealthCoreTests/JourneyTests.swift: same
// steps, same figures, and the same as spec/scenarios/thursday-before-cut-off.json. The investor
// is onboarded through `Onboarding` (OTP read from the sandbox), then `Wealth.openWithSecretStore`
// opens the account with the same secret store; every money movement is confirmed with the
// trading PIN. The server's clock starts at 2026-11-16T09:00:00+08:00 (scripts/test-bindings.sh starts a fresh sandbox per
// language and sets WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE).

import java.io.File
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.MovementConfirmation
import uniffi.wealth_ffi.Onboarding
import uniffi.wealth_ffi.PlatformSecretStore
import uniffi.wealth_ffi.SandboxAdmin
import uniffi.wealth_ffi.Wealth
import uniffi.wealth_ffi.WealthException
import uniffi.wealth_ffi.WithdrawalMode

private const val PER_10K = "0.6500"
private const val PUBLISH_FROM = "2026-11-08"
private const val PUBLISH_TO = "2026-11-30"
private const val THU_1430 = "2026-11-19T14:30:00+08:00" // before the 15:00 cut-off: T = Thu, confirmed Fri
private const val THU_1800 = "2026-11-19T18:00:00+08:00"
private const val FRI_0900 = "2026-11-20T09:00:00+08:00"
private const val MON_0900 = "2026-11-23T09:00:00+08:00"
private val BAD_AMOUNTS = listOf("-5", "0.001", "1e3", "")

private const val PHONE = "13800138000"
private const val NAME = "张三"
private const val ID_NUMBER = "11010519491231002X"
private const val CARD = "6240008631401148"
private const val PIN = "135790"
/** Onboarding tasks: card bound +50, questionnaire +50. */
private const val ONBOARDING_POINTS = 100L
/** Newbie privilege: the first confirmed deposit of at least 100.00. */
private const val NEWBIE_POINTS = 500L
/** Holding points: floor(units that earned income on D / 10,000) for Fri, Sat, Sun = 1 + 1 + 1. */
private const val HOLDING_POINTS = 3L
/** A 5-yuan coupon at 100 points a yuan. */
private const val COUPON_POINTS = 500L
/** The PIN; the biometric prompt stands in as passed (needed above 5,000.00 a day). */
private val WITH_PIN = MovementConfirmation(pin = PIN, biometric = true, smsOtp = null, suitabilityConfirmed = false)

class JourneyTest {
    @TempDir
    lateinit var tmp: Path

    private fun config(token: String) = TestSandbox.config(tmp.resolve("store"), token)

    private suspend fun moveAndSync(admin: SandboxAdmin, wealth: Wealth, at: String): HomeViewModel {
        val now = admin.setClock(at)
        assertTrue(now.startsWith(at.take(16)), "server clock $now, wanted $at")
        assertNull(wealth.sync().mismatch)
        return wealth.home()
    }

    private suspend fun onboard(admin: SandboxAdmin, secrets: PlatformSecretStore) {
        val dataDir = tmp.resolve("store").toString()
        File(dataDir).mkdirs()
        Onboarding.open(TestSandbox.serverUrl, TestSandbox.caPem, dataDir, secrets).use { flow ->
            assertEquals("phone", flow.view().step)
            flow.requestOtp(PHONE)
            var view = flow.verifyOtp(admin.otp(PHONE))
            assertEquals("identity", view.step)
            assertNotNull(view.accountId)
            view = flow.submitIdentity(NAME, ID_NUMBER)
            assertEquals("card", view.step)
            val card = flow.submitCard(CARD)
            assertEquals(listOf("pin", "1148", null), listOf(card.view.step, card.view.cardLast4, card.warning))
            view = flow.submitPin(PIN, PIN)
            assertEquals("questionnaire", view.step)
            val questionnaire = flow.questionnaire()
            view = flow.submitAnswers(questionnaire.defaultAnswers)
            assertEquals(listOf("done", "C3"), listOf(view.step, view.riskLevel))
            assertTrue(view.hasSession)
            assertNotNull(flow.sessionToken())
        }
    }

    @Test
    fun depositJourney(): Unit = runBlocking {
        TestSandbox.admin().use { admin ->
            val secrets = InMemorySecretStore()
            onboard(admin, secrets)

            Wealth.openWithSecretStore(config(""), secrets, emptyList()).use { wealth ->
                wealth.sync()
                assertEquals(ONBOARDING_POINTS, wealth.points().balance)

                admin.publishPer10k(PUBLISH_FROM, PUBLISH_TO, PER_10K)
                admin.setClock(THU_1430)
                wealth.sync()

                // Without the PIN (and, above 5,000.00 a day, the biometric prompt) nothing moves.
                val refused = assertThrows<WealthException.ConfirmationRequired> { runBlocking { wealth.deposit("10000.00") } }
                assertEquals(listOf("CONFIRMATION_REQUIRED", "pin_biometric"), listOf(refused.code, refused.level))
                assertEquals(0, wealth.orders().size)

                val order = wealth.depositConfirmed("10000.00", WITH_PIN)
                assertEquals(listOf("deposit", "pending", "10000.00"), listOf(order.kind, order.status, order.amount))
                assertEquals("2026-11-19", order.tradingDay)
                assertEquals("2026-11-20", order.confirmDay)

                var home = moveAndSync(admin, wealth, THU_1800)
                var figures = wealth.homeFigures()
                assertEquals("10000.00", figures.pendingIn)
                assertEquals("0.00", figures.units)
                assertEquals("2.401", figures.sevenDayYield)

                home = moveAndSync(admin, wealth, FRI_0900)
                figures = wealth.homeFigures()
                assertEquals("0.00", figures.pendingIn)
                assertEquals("10000.00", figures.units)
                assertEquals("0.00", figures.totalIncome)

                home = moveAndSync(admin, wealth, MON_0900)
                figures = wealth.homeFigures()
                assertEquals("10001.95", figures.units)
                assertEquals("0.65", figures.yesterdayIncome)
                assertEquals("1.95", figures.totalIncome)
                assertEquals("0.00", figures.pendingIn)

                // Display strings come from the core (zh-CN by default); the app draws them as they are.
                assertEquals("¥10,001.95", home.display.units)
                assertEquals("截至 11月23日 09:00", home.display.asOf)

                assertEquals(
                    listOf(listOf("deposit", "confirmed", "10000.00")),
                    wealth.orders().map { listOf(it.kind, it.status, it.amount) },
                )

                // Withdraw instantly (T+0, within the 10,000.00 daily quota).
                val plan = wealth.withdrawalPlan("1000.00")
                assertEquals(listOf("1000.00", "0.00"), listOf(plan.instant, plan.normal))
                val out = wealth.withdrawConfirmed("1000.00", WithdrawalMode.INSTANT, WITH_PIN)
                assertEquals(listOf("instant_withdrawal", "1000.00"), listOf(out.kind, out.amount))
                home = wealth.home()
                figures = wealth.homeFigures()
                assertEquals(listOf("9001.95", "1000.00", "9000.00"), listOf(figures.units, figures.cashOut, figures.instantQuotaLeft))
                assertEquals("¥9,001.95", home.display.units)

                // Points: onboarding tasks, the newbie privilege and three days of holding points.
                val points = wealth.points().balance
                assertEquals(ONBOARDING_POINTS + NEWBIE_POINTS + HOLDING_POINTS, points)
                assertEquals(emptyList<Any>(), wealth.coupons())
                val coupon = wealth.redeemPoints("5")
                assertEquals("5.00", coupon.value)
                assertEquals(points - COUPON_POINTS, wealth.points().balance)
                assertEquals(listOf(coupon.id), wealth.coupons().map { it.id })
            }
        }
    }

    @Test
    fun badAmountsRaiseInvalidAmount(): Unit = runBlocking {
        val token = TestSandbox.createInvestor("Kotlin Bad Amounts")
        File(tmp.resolve("store").toString()).mkdirs()
        Wealth.open(config(token)).use { wealth ->
            for (bad in BAD_AMOUNTS) {
                val e = assertThrows<WealthException.InvalidAmount>("deposit(\"$bad\")") {
                    runBlocking { wealth.depositConfirmed(bad, WITH_PIN) }
                }
                assertEquals("INVALID_AMOUNT", e.code, bad)
                assertTrue(e.detail.isNotEmpty(), bad)
                // The extension properties read the same fields for any variant.
                assertEquals("INVALID_AMOUNT", (e as WealthException).code, bad)
            }
            assertEquals(0, wealth.orders().size)
        }
    }
}
