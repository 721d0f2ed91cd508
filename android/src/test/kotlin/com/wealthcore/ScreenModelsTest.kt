package com.wealthcore

// The screen models the apps draw beyond home: points and coupons (CoreModel, reloaded by the
// core's observer) and onboarding (OnboardingModel, step by step against the sandbox). Does not
// move the sandbox clock, so it runs in any order.

import java.nio.file.Path
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import uniffi.wealth_ffi.FieldCheck
import uniffi.wealth_ffi.WealthException

/** At 10 points a yuan (sandbox setting), a 5-yuan coupon costs 50 of the 100 onboarding points. */
private const val POINTS_PER_YUAN = "10"
/** The programme's default, put back after the points test (JourneyTest counts on it). */
private const val DEFAULT_POINTS_PER_YUAN = "100"

private const val PHONE = "13900139000"
private const val NAME = "李四"
private const val ID_NUMBER = "11010519491231002X"
private const val BAD_CHECKSUM_ID = "110105194912310021"
private const val CARD = "6240008631401148"
private const val CARD_FAILING_LUHN = "6240008631401149"
private const val PIN = "135790"

class ScreenModelsTest {
    @TempDir
    lateinit var tmp: Path

    @Test
    fun pointsAndCouponModelsReloadAfterARedemptionAndADepositWithTheCoupon(): Unit = runBlocking {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        TestSandbox.admin().use { it.setSetting("points_per_yuan", POINTS_PER_YUAN) }
        try {
            TestSandbox.newSession(tmp.resolve("store"), "Kotlin Points Model").use { session ->
                CoreModel.points(session, scope).use { points ->
                    CoreModel.coupons(session, scope).use { coupons ->
                        points.reload()
                        coupons.reload()
                        val before = points.state.value.value!!
                        assertEquals(100L, before.balance)
                        assertEquals(listOf("5.00", "10.00", "20.00"), before.offers.map { it.value })
                        val offer = before.offers.first()
                        assertEquals(listOf(50L, "500.00"), listOf(offer.points, offer.minDeposit))
                        // Display strings come from the core (zh-CN by default).
                        assertEquals("100 积分", before.display.balance)
                        assertEquals(listOf("¥5.00", "50 积分", "满¥500.00可用"), listOf(offer.valueDisplay, offer.pointsDisplay, offer.minDepositDisplay))
                        assertEquals(emptyList<Any>(), coupons.state.value.value)

                        // No reload() call: the core's observer brings both view models.
                        val coupon = session.redeemPoints(offer.value)
                        val after = withTimeout(5_000) { points.state.first { it.value?.balance == 50L } }
                        assertNull(after.error)
                        val wallet = withTimeout(5_000) { coupons.state.first { s -> s.value?.any { it.id == coupon.id } == true } }
                        assertEquals(listOf(listOf("5.00", "issued", "¥5.00", "可使用")), wallet.value!!.map { listOf(it.value, it.status, it.valueDisplay, it.statusDisplay) })

                        // A deposit with the coupon reserves it; the wallet shows that by itself too.
                        val order = session.depositWithCoupon(offer.minDeposit, coupon.id, TestSandbox.PIN)
                        val reserved = withTimeout(5_000) { coupons.state.first { s -> s.value?.any { it.status == "reserved" } == true } }
                        assertEquals(listOf(order.id), reserved.value!!.map { it.orderId })
                    }
                }
            }
        } finally {
            TestSandbox.admin().use { it.setSetting("points_per_yuan", DEFAULT_POINTS_PER_YUAN) }
            scope.cancel()
        }
    }

    @Test
    fun onboardingModelDrivesAFreshOnboardingAndKeepsTheValueOnARefusal(): Unit = runBlocking {
        val secrets = InMemorySecretStore()
        TestSandbox.admin().use { admin ->
            OnboardingModel.open(TestSandbox.serverUrl, TestSandbox.caPem, tmp.resolve("store").toString(), secrets).use { model ->
                assertTrue(model.load())
                assertEquals("phone", model.state.value.value?.step)

                // As-you-type checks are the core's, with its message in the chosen language.
                assertEquals(
                    FieldCheck(ok = false, code = "FORMAT", warning = "", message = "请输入以13-19开头的11位手机号"),
                    model.checkPhone("1390013"),
                )
                assertTrue(model.checkPhone(PHONE).ok)
                assertEquals("CHECKSUM", model.checkIdNumber(BAD_CHECKSUM_ID).code)
                assertTrue(model.checkIdNumber(ID_NUMBER).ok)
                model.setLanguage("en-GB")
                val luhn = model.checkCard(CARD_FAILING_LUHN)
                assertEquals(Triple(true, "", "LUHN"), Triple(luhn.ok, luhn.code, luhn.warning))
                assertTrue(luhn.message.contains("card check"), luhn.message)
                assertEquals("PIN_TOO_SIMPLE", model.checkPin("123456").code)

                assertTrue(model.requestOtp(PHONE))
                assertNotNull(model.otpSent.value)
                val code = admin.otp(PHONE)

                // A refused step: the typed error, the value as it was.
                val atPhone = model.state.value.value
                assertFalse(model.verifyOtp(wrongCode(code)))
                assertInstanceOf(WealthException.WrongCode::class.java, model.state.value.error)
                assertEquals(atPhone, model.state.value.value)

                assertTrue(model.verifyOtp(code))
                assertNull(model.state.value.error)
                assertEquals("identity", model.state.value.value?.step)
                assertNotNull(model.state.value.value?.accountId)
                assertNotNull(model.sessionToken())

                val atIdentity = model.state.value.value
                assertFalse(model.submitIdentity(NAME, BAD_CHECKSUM_ID))
                val refused = assertInstanceOf(WealthException.InvalidField::class.java, model.state.value.error)
                assertEquals(listOf("id_number", "CHECKSUM"), listOf(refused.field, refused.code))
                assertEquals(atIdentity, model.state.value.value)

                assertTrue(model.submitIdentity(NAME, ID_NUMBER))
                assertEquals("card", model.state.value.value?.step)

                assertTrue(model.submitCard(CARD))
                assertEquals(listOf("pin", "1148"), listOf(model.state.value.value?.step, model.state.value.value?.cardLast4))
                assertNull(model.cardWarning.value)

                assertTrue(model.submitPin(PIN, PIN))
                assertEquals("questionnaire", model.state.value.value?.step)

                assertTrue(model.loadQuestionnaire())
                val questionnaire = model.questionnaire.value!!
                assertEquals(questionnaire.questions.size, questionnaire.defaultAnswers.size)
                assertTrue(model.submitAnswers(questionnaire.defaultAnswers))
                val done = model.state.value.value!!
                assertEquals(listOf("done", "C3"), listOf(done.step, done.riskLevel))
                assertTrue(done.hasSession)
                assertEquals(emptyList<String>(), done.missing)

                assertTrue(model.loadGuide())
                assertTrue(model.guide.value.isNotEmpty())
                assertTrue(model.guide.value.all { it.title.isNotEmpty() })
            }
        }
        // The session opens with the store the onboarding filled (an empty token: the stored one).
        WealthSession.open(TestSandbox.config(tmp.resolve("store"), ""), secrets).use { session ->
            session.sync()
            assertEquals(100L, session.points().balance)
        }
    }

    /** A six-digit code that is not [code]. */
    private fun wrongCode(code: String): String = code.dropLast(1) + ((code.last() - '0' + 1) % 10)
}
