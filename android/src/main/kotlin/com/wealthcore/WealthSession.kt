package com.wealthcore

import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import uniffi.wealth_ffi.ChangeKind
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.OrderView
import uniffi.wealth_ffi.StatementView
import uniffi.wealth_ffi.SyncResult
import uniffi.wealth_ffi.Wealth
import uniffi.wealth_ffi.WealthConfig
import uniffi.wealth_ffi.WealthObserver
import uniffi.wealth_ffi.WithdrawalMode
import uniffi.wealth_ffi.WithdrawalPlanView
import uniffi.wealth_ffi.displayLocaleForTag

/**
 * Fans the core's single observer out to any number of listeners (view models). The core calls
 * it on one of its threads; listeners must be thread-safe (a `StateFlow` update is).
 */
class ChangeRelay : WealthObserver {
    private val listeners = CopyOnWriteArrayList<(ChangeKind) -> Unit>()

    /** Adds [listener]; the returned function removes it. */
    fun subscribe(listener: (ChangeKind) -> Unit): () -> Unit {
        listeners.add(listener)
        return { listeners.remove(listener) }
    }

    override fun onChange(what: ChangeKind) {
        listeners.forEach { it(what) }
    }
}

/**
 * The object an app keeps for the signed-in investor: the core's [Wealth] with suspend
 * functions (blocking core calls run on [Dispatchers.IO]) and the change relay. Binding only:
 * every figure and display string comes from the core.
 */
class WealthSession(val core: Wealth) : AutoCloseable {
    /** Where view models subscribe to the core's changes. */
    val changes = ChangeRelay()

    init {
        core.setObserver(changes)
    }

    /** The language of the core's display strings, from a BCP 47 tag (`Locale.getDefault().toLanguageTag()`). */
    fun setLanguage(tag: String) = core.setLocale(displayLocaleForTag(tag))

    suspend fun home(): HomeViewModel = withContext(Dispatchers.IO) { core.home() }
    suspend fun sync(): SyncResult = core.sync()
    suspend fun deposit(amount: String): OrderView = core.deposit(amount)
    suspend fun withdraw(amount: String, mode: WithdrawalMode): OrderView = core.withdraw(amount, mode)
    suspend fun withdrawalPlan(amount: String): WithdrawalPlanView = withContext(Dispatchers.IO) { core.withdrawalPlan(amount) }
    suspend fun cancel(orderId: String): OrderView = core.cancel(orderId)
    suspend fun statement(month: String): StatementView = core.statement(month)
    suspend fun orders(): List<OrderView> = withContext(Dispatchers.IO) { core.orders() }

    override fun close() {
        core.setObserver(null)
        core.close()
    }

    companion object {
        /** Opens the local store for a signed-in investor (no network). */
        fun open(config: WealthConfig): WealthSession {
            java.io.File(config.dataDir).mkdirs()
            return WealthSession(Wealth.open(config))
        }
    }
}
