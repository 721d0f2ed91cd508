package com.wealthcore

import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import uniffi.wealth_ffi.ChangeKind
import uniffi.wealth_ffi.CouponView
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.MovementConfirmation
import uniffi.wealth_ffi.OrderView
import uniffi.wealth_ffi.PlatformSecretStore
import uniffi.wealth_ffi.PointsViewModel
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

    /** Reads the home view model without JNA's per-call allocations (ADR 0011). */
    private val homeReader = HomeReader(core)

    init {
        core.setObserver(changes)
    }

    /** The language of the core's display strings, from a BCP 47 tag (`Locale.getDefault().toLanguageTag()`). */
    fun setLanguage(tag: String) = core.setLocale(displayLocaleForTag(tag))

    /** The home view model now, on this thread: a memo read, cheap enough for every redraw. */
    fun readHome(): HomeViewModel = homeReader.read()

    suspend fun home(): HomeViewModel = withContext(Dispatchers.IO) { readHome() }
    suspend fun sync(): SyncResult = core.sync()

    /**
     * Deposit, confirmed by the trading [pin]. [biometric]: the platform's biometric prompt
     * succeeded (needed above 5,000.00 a day; the demo and the sandbox pass true).
     */
    suspend fun deposit(amount: String, pin: String, biometric: Boolean = true, smsOtp: String? = null): OrderView =
        core.depositConfirmed(amount, confirmation(pin, biometric, smsOtp))

    /** Withdraw (normal T+1 or instant within the quota), confirmed by the trading [pin]. */
    suspend fun withdraw(
        amount: String,
        mode: WithdrawalMode,
        pin: String,
        biometric: Boolean = true,
        smsOtp: String? = null,
    ): OrderView = core.withdrawConfirmed(amount, mode, confirmation(pin, biometric, smsOtp))

    /** Deposit with a coupon from the wallet, confirmed by the trading [pin]. */
    suspend fun depositWithCoupon(amount: String, couponId: String, pin: String, biometric: Boolean = true): OrderView =
        core.depositWithCoupon(amount, couponId, confirmation(pin, biometric))

    /** Send a draft made offline, confirmed by the trading [pin]. */
    suspend fun confirmDraft(id: String, pin: String, biometric: Boolean = true): OrderView =
        core.confirmDraft(id, confirmation(pin, biometric))

    suspend fun points(): PointsViewModel = withContext(Dispatchers.IO) { core.points() }

    /** Points for a coupon of [value] yuan ("5", "10", "20"). */
    suspend fun redeemPoints(value: String): CouponView = core.redeemPoints(value)
    suspend fun coupons(): List<CouponView> = core.coupons()
    suspend fun withdrawalPlan(amount: String): WithdrawalPlanView = withContext(Dispatchers.IO) { core.withdrawalPlan(amount) }
    suspend fun cancel(orderId: String): OrderView = core.cancel(orderId)
    suspend fun statement(month: String): StatementView = core.statement(month)
    suspend fun orders(): List<OrderView> = withContext(Dispatchers.IO) { core.orders() }

    override fun close() {
        homeReader.close()
        core.setObserver(null)
        core.close()
    }

    companion object {
        /** Opens the local store with a session token (no network; no secret store: tests and tools). */
        fun open(config: WealthConfig): WealthSession {
            java.io.File(config.dataDir).mkdirs()
            return WealthSession(Wealth.open(config))
        }

        /**
         * Opens the local store with the platform's secret store (no network): the SAME store
         * the onboarding used, which holds the session token and the local database's key. An
         * empty `sessionToken` in [config] uses the stored one; [spkiPins]: this environment's
         * pinned server keys (empty for the sandbox).
         */
        fun open(config: WealthConfig, secrets: PlatformSecretStore, spkiPins: List<String> = emptyList()): WealthSession {
            java.io.File(config.dataDir).mkdirs()
            return WealthSession(Wealth.openWithSecretStore(config, secrets, spkiPins))
        }
    }
}

/** The [pin] and what else confirms one money movement (the SMS OTP above 50,000.00 a day). */
fun confirmation(
    pin: String,
    biometric: Boolean = true,
    smsOtp: String? = null,
    suitabilityConfirmed: Boolean = false,
) = MovementConfirmation(pin = pin, biometric = biometric, smsOtp = smsOtp, suitabilityConfirmed = suitabilityConfirmed)
