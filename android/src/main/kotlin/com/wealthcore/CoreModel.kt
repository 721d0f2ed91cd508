package com.wealthcore

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import uniffi.wealth_ffi.ChangeKind
import uniffi.wealth_ffi.CouponView
import uniffi.wealth_ffi.HomeViewModel
import uniffi.wealth_ffi.PointsViewModel
import uniffi.wealth_ffi.StatementView
import uniffi.wealth_ffi.WealthException

/** What a screen draws: the core's latest view model, the last error, whether a load runs. */
data class UiState<T>(val value: T? = null, val error: WealthException? = null, val loading: Boolean = false, val loads: Int = 0)

/**
 * One view model from the core as a [StateFlow]: loaded by [reload] and again after every core
 * change in [reloadOn]. Holds no rule and formats nothing (draw `value.display.*`). A new screen
 * is one line: `CoreModel(session, scope, setOf(ChangeKind.ACCOUNT)) { session.points() }` (every
 * change through `Wealth` reports `ACCOUNT`, a language change `LOCALE`). On Android pass
 * `viewModelScope`; on the JVM any scope. Onboarding has its own holder, [OnboardingModel].
 */
class CoreModel<T>(
    session: WealthSession,
    private val scope: CoroutineScope,
    private val reloadOn: Set<ChangeKind>,
    private val load: suspend () -> T,
) : AutoCloseable {
    private val _state = MutableStateFlow(UiState<T>())
    private val serial = Mutex()

    /** Collect this in the UI. */
    val state: StateFlow<UiState<T>> = _state.asStateFlow()

    private val unsubscribe = session.changes.subscribe { what -> if (what in reloadOn) refresh() }

    /** Start a reload in [scope] (what the observer does). */
    fun refresh(): Job = scope.launch { reload() }

    /** Ask the core for the whole view model again. Loads run one at a time, in order. */
    suspend fun reload() = serial.withLock {
        _state.update { it.copy(loading = true) }
        try {
            val v = load()
            _state.update { UiState(value = v, error = null, loading = false, loads = it.loads + 1) }
        } catch (e: WealthException) {
            _state.update { it.copy(error = e, loading = false, loads = it.loads + 1) }
        }
    }

    /** Stop listening to the core. */
    override fun close() = unsubscribe()

    companion object {
        /** The home screen: reloads after every sync, deposit, withdrawal, cancel or language change. */
        fun home(session: WealthSession, scope: CoroutineScope): CoreModel<HomeViewModel> =
            CoreModel(session, scope, setOf(ChangeKind.ACCOUNT, ChangeKind.LOCALE)) { session.home() }

        /** The statement of [month] ("YYYY-MM"). */
        fun statement(session: WealthSession, scope: CoroutineScope, month: String): CoreModel<StatementView> =
            CoreModel(session, scope, setOf(ChangeKind.ACCOUNT, ChangeKind.LOCALE)) { session.statement(month) }

        /** The points screen (balance, lots, the coupons on offer): reloads after every change, a redemption included. */
        fun points(session: WealthSession, scope: CoroutineScope): CoreModel<PointsViewModel> =
            CoreModel(session, scope, setOf(ChangeKind.ACCOUNT, ChangeKind.LOCALE)) { session.points() }

        /** The coupon wallet (from the server when online): reloads after a redemption or a deposit with a coupon. */
        fun coupons(session: WealthSession, scope: CoroutineScope): CoreModel<List<CouponView>> =
            CoreModel(session, scope, setOf(ChangeKind.ACCOUNT)) { session.coupons() }
    }
}
