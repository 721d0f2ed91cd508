package com.wealthcore.app

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import com.wealthcore.CoreModel
import com.wealthcore.KeystoreSecretStore
import com.wealthcore.LogcatSink
import com.wealthcore.WealthLogging
import com.wealthcore.WealthSession
import com.wealthcore.detail
import java.util.Locale
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import uniffi.wealth_ffi.WealthConfig
import uniffi.wealth_ffi.WealthException
import uniffi.wealth_ffi.WithdrawalMode
import uniffi.wealth_ffi.WithdrawalPlanView

/** What the onboarding and the session share: the one Keystore secret store and the core's data folder. */
internal object Platform {
    private var secrets: KeystoreSecretStore? = null

    /** The Keystore store: the onboarding fills it (session token, local database key), the session reads it. */
    @Synchronized
    fun secrets(app: Application): KeystoreSecretStore =
        secrets ?: KeystoreSecretStore(app.applicationContext).also {
            secrets = it
            WealthLogging.install(LogcatSink())
        }

    /** The folder of the core's local store. */
    fun dataDir(app: Application): String = app.filesDir.resolve("wealth").path
}

/** The signed-in investor's session and the core models its screens draw. */
class SignedIn(val session: WealthSession, scope: CoroutineScope) : AutoCloseable {
    /** Home tab. */
    val home = CoreModel.home(session, scope)

    /** Statement tab: the sandbox demo's month (a month picker comes with the statement history screen). */
    val statement = CoreModel.statement(session, scope, DEMO_MONTH)

    /** Points tab: balance, lots, the coupons on offer. */
    val points = CoreModel.points(session, scope)

    /** Points tab: the coupon wallet. */
    val coupons = CoreModel.coupons(session, scope)
    private val models = listOf(home, statement, points, coupons)

    /** First load of every screen (later ones follow the core's changes). */
    suspend fun load() = models.forEach { it.reload() }

    override fun close() {
        models.forEach { it.close() }
        session.close()
    }
}

/** Holds the session once onboarding is done. Passes input to the core, shows its answers. */
class AppModel(private val app: Application) : AndroidViewModel(app) {
    private val _signedIn = MutableStateFlow<SignedIn?>(null)

    /** Null while onboarding runs (see [OnboardingAppModel]). */
    val signedIn: StateFlow<SignedIn?> = _signedIn.asStateFlow()

    /** The core's message for the last refused action (shown as it is). */
    val message = MutableStateFlow<String?>(null)

    /** The core's instant/normal plan for the amount being typed on the withdraw tab. */
    val plan = MutableStateFlow<WithdrawalPlanView?>(null)

    private var opening = false

    /** Opens the session with the store the onboarding filled (an empty token: the stored one). */
    fun signIn() {
        if (opening) return
        opening = true
        viewModelScope.launch {
            val config = WealthConfig(BuildConfig.SERVER_URL, null, Platform.dataDir(app), "")
            val session = try {
                withContext(Dispatchers.IO) { WealthSession.open(config, Platform.secrets(app)) }
            } catch (e: WealthException) {
                opening = false
                message.value = e.detail
                return@launch
            }
            session.setLanguage(Locale.getDefault().toLanguageTag())
            val screens = SignedIn(session, viewModelScope)
            _signedIn.value = screens
            screens.load()
            try {
                session.sync()
            } catch (e: WealthException) {
                message.value = e.detail
            }
        }
    }

    private fun act(block: suspend WealthSession.() -> Unit) {
        val s = _signedIn.value?.session ?: return
        viewModelScope.launch {
            message.value = try {
                s.block(); null
            } catch (e: WealthException) {
                e.detail
            }
        }
    }

    fun sync() = act { sync() }

    // The demo passes the biometric prompt as succeeded (needed above 5,000.00 a day).
    fun deposit(amount: String, pin: String) = act { deposit(amount, pin) }
    fun planWithdrawal(amount: String) = act { plan.value = withdrawalPlan(amount) }
    fun withdraw(amount: String, pin: String, instant: Boolean) =
        act { withdraw(amount, if (instant) WithdrawalMode.INSTANT else WithdrawalMode.NORMAL, pin) }

    /** Points for a coupon of one of the values the points view model offers. */
    fun redeem(value: String) = act { redeemPoints(value) }

    /** Deposit with a coupon of the wallet, confirmed by the trading [pin]. */
    fun depositWithCoupon(amount: String, couponId: String, pin: String) = act { depositWithCoupon(amount, couponId, pin) }

    override fun onCleared() {
        _signedIn.value?.close()
    }
}

private const val DEMO_MONTH = "2026-11"
