package com.wealthcore

// The Kotlin layer over the core: StateFlow view models that reload when the core reports a
// change, log forwarding, the secret store interface and the panic guard. Does not move the
// sandbox clock (JourneyTest does), so it runs in any order.

import java.nio.file.Path
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import uniffi.wealth_ffi.ChangeKind
import uniffi.wealth_ffi.LogLevel
import uniffi.wealth_ffi.LogRecord
import uniffi.wealth_ffi.LogSink
import uniffi.wealth_ffi.WealthException

class ShellTest {
    @TempDir
    lateinit var tmp: Path

    private suspend fun newSession(name: String): WealthSession = TestSandbox.newSession(tmp.resolve("store"), name)

    @Test
    fun homeModelReloadsWhenTheCoreReportsAChange(): Unit = runBlocking {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        newSession("Kotlin Home Model").use { session ->
            CoreModel.home(session, scope).use { home ->
                home.reload()
                assertEquals("¥0.00", home.state.value.value?.display?.pendingIn)

                // No reload() call: the core's observer brings the new view model.
                session.deposit("10000.00", pin = TestSandbox.PIN)
                val after = withTimeout(5_000) { home.state.first { it.value?.display?.pendingIn == "¥10,000.00" } }
                assertEquals("¥10,000.00", after.value?.display?.pendingIn)

                session.setLanguage("en-GB")
                val english = withTimeout(5_000) { home.state.first { it.value?.display?.asOf?.startsWith("as of ") == true } }
                assertNull(english.error)
            }
        }
        scope.cancel()
    }

    @Test
    fun homeReaderReturnsWhatHomeReturnsUntilClosed(): Unit = runBlocking {
        newSession("Kotlin Home Reader").use { session ->
            assertEquals(session.core.home(), session.readHome())
            session.deposit("250.00", pin = TestSandbox.PIN)
            session.setLanguage("en")
            val home = session.readHome()
            assertEquals("250.00", session.core.homeFigures().pendingIn)
            assertEquals(session.core.home(), home)

            // A reader of a closed Wealth makes the ordinary call, which refuses.
            val reader = HomeReader(session.core)
            reader.close()
            reader.close()
            assertThrows<IllegalStateException> { reader.read() }
        }
    }

    @Test
    fun relayFansOutAndUnsubscribes() {
        val relay = ChangeRelay()
        val a = mutableListOf<ChangeKind>()
        val b = mutableListOf<ChangeKind>()
        val stopA = relay.subscribe { a += it }
        relay.subscribe { b += it }
        relay.onChange(ChangeKind.ACCOUNT)
        stopA()
        relay.onChange(ChangeKind.LOCALE)
        assertEquals(listOf(ChangeKind.ACCOUNT), a)
        assertEquals(listOf(ChangeKind.ACCOUNT, ChangeKind.LOCALE), b)
    }

    @Test
    fun coreLogsArriveRedacted(): Unit = runBlocking {
        val lines = java.util.concurrent.CopyOnWriteArrayList<String>()
        WealthLogging.install(StdoutLogSink { lines += it }, LogLevel.INFO)
        try {
            newSession("Kotlin Logs").use { session ->
                val e = assertThrows<WealthException.InvalidAmount> { runBlocking { session.deposit("1e3", pin = TestSandbox.PIN) } }
                assertEquals("INVALID_AMOUNT", e.code)
            }
        } finally {
            WealthLogging.uninstall()
        }
        assertTrue(lines.any { it.endsWith("sync: done") }, lines.toString())
        assertTrue(lines.any { it.contains("deposit: INVALID_AMOUNT") }, lines.toString())
    }

    @Test
    fun secretStoreInterface() {
        val store: uniffi.wealth_ffi.PlatformSecretStore = InMemorySecretStore()
        assertNull(store.get("session"))
        store.set("session", "tok".toByteArray())
        assertArrayEquals("tok".toByteArray(), store.get("session"))
        store.delete("session")
        assertNull(store.get("session"))
    }

    @Test
    fun aPanicInTheCoreArrivesAsAnInternalError() {
        // The probe exists only in debug builds of the core (and the `testing` feature).
        val probe = runCatching { Class.forName("uniffi.wealth_ffi.Wealth_ffiKt").getMethod("debugPanic", String::class.java) }
            .getOrNull()
        assumeTrue(probe != null, "release cdylib: no panic probe")
        val thrown = assertThrows<java.lang.reflect.InvocationTargetException> { probe!!.invoke(null, "from kotlin") }
        val e = thrown.targetException as WealthException.Internal
        assertEquals("INTERNAL", e.code)
        assertTrue(e.detail.contains("from kotlin"))
    }
}
