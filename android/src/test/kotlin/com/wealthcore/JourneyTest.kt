package com.wealthcore

// One investor's journey through the Kotlin bindings against the sandbox server.
//
// Mirrors tests/python/test_journey.py and ios/Tests/WealthCoreTests/JourneyTests.swift: same
// steps, same figures, and the same as spec/scenarios/thursday-before-cut-off.json. The server's
// clock starts at 2026-11-16T09:00:00+08:00 (scripts/test-bindings.sh starts a fresh sandbox per
// language and sets WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE).

import java.io.File
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.SandboxAdmin
import uniffi.wealth_ffi.Wealth
import uniffi.wealth_ffi.WealthConfig
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

class JourneyTest {
    private lateinit var serverUrl: String
    private lateinit var caPem: String

    @TempDir
    lateinit var tmp: Path

    @BeforeEach
    fun sandbox() {
        serverUrl = requireNotNull(System.getenv("WEALTH_SERVER_URL")) {
            "WEALTH_SERVER_URL not set: run scripts/test-bindings.sh --only kotlin"
        }
        caPem = File(requireNotNull(System.getenv("WEALTH_CA_PEM_FILE")) { "WEALTH_CA_PEM_FILE not set" }).readText()
    }

    private fun config(token: String) =
        WealthConfig(serverUrl = serverUrl, caCertPem = caPem, dataDir = tmp.resolve("store").toString(), sessionToken = token)

    private suspend fun moveAndSync(admin: SandboxAdmin, wealth: Wealth, at: String): HomeViewModel {
        val now = admin.setClock(at)
        assertTrue(now.startsWith(at.take(16)), "server clock $now, wanted $at")
        assertNull(wealth.sync().mismatch)
        return wealth.home()
    }

    @Test
    fun depositJourney() = runBlocking {
        SandboxAdmin(serverUrl, caPem).use { admin ->
            val investor = admin.createInvestor("Kotlin Journey", "0042")
            assertTrue(investor.accountId.isNotEmpty() && investor.token.isNotEmpty())
            admin.publishPer10k(PUBLISH_FROM, PUBLISH_TO, PER_10K)
            admin.setClock(THU_1430)

            openAndSync(config(investor.token)).use { wealth ->
                val order = wealth.deposit("10000.00")
                assertEquals(listOf("deposit", "pending", "10000.00"), listOf(order.kind, order.status, order.amount))
                assertEquals("2026-11-19", order.tradingDay)
                assertEquals("2026-11-20", order.confirmDay)

                var home = moveAndSync(admin, wealth, THU_1800)
                assertEquals("10000.00", home.pendingIn)
                assertEquals("0.00", home.units)
                assertEquals("2.401", home.sevenDayYield)

                home = moveAndSync(admin, wealth, FRI_0900)
                assertEquals("0.00", home.pendingIn)
                assertEquals("10000.00", home.units)
                assertEquals("0.00", home.totalIncome)

                home = moveAndSync(admin, wealth, MON_0900)
                assertEquals("10001.95", home.units)
                assertEquals("0.65", home.yesterdayIncome)
                assertEquals("1.95", home.totalIncome)
                assertEquals("0.00", home.pendingIn)

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
                val out = wealth.withdraw("1000.00", WithdrawalMode.INSTANT)
                assertEquals(listOf("instant_withdrawal", "1000.00"), listOf(out.kind, out.amount))
                home = wealth.home()
                assertEquals(listOf("9001.95", "1000.00", "9000.00"), listOf(home.units, home.cashOut, home.instantQuotaLeft))
                assertEquals("¥9,001.95", home.display.units)
            }
        }
    }

    @Test
    fun badAmountsRaiseInvalidAmount() = runBlocking {
        SandboxAdmin(serverUrl, caPem).use { admin ->
            val investor = admin.createInvestor("Kotlin Bad Amounts", "0042")
            File(tmp.resolve("store").toString()).mkdirs()
            Wealth.open(config(investor.token)).use { wealth ->
                for (bad in BAD_AMOUNTS) {
                    val e = assertThrows<WealthException.InvalidAmount>("deposit(\"$bad\")") {
                        runBlocking { wealth.deposit(bad) }
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
}
