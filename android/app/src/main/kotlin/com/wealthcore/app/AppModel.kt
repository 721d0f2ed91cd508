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
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.launch
import uniffi.wealth_ffi.WealthConfig
import uniffi.wealth_ffi.WealthException
import uniffi.wealth_ffi.WithdrawalMode
import uniffi.wealth_ffi.WithdrawalPlanView

/** Holds the session and the screens' core models. Passes input to the core, shows its answers. */
class AppModel(app: Application) : AndroidViewModel(app) {
    private val secrets = KeystoreSecretStore(app)
    // The Keystore store the onboarding filled: it holds the session token and the local
    // database's key, so the session opens with the same store (an empty token: the stored one).
    val session: WealthSession? = secrets.get("session-token")?.let {
        WealthLogging.install(LogcatSink())
        WealthSession.open(WealthConfig(BuildConfig.SERVER_URL, null, app.filesDir.resolve("wealth").path, ""), secrets)
            .also { it.setLanguage(Locale.getDefault().toLanguageTag()) }
    }
    val home = session?.let { CoreModel.home(it, viewModelScope) }
    // The sandbox demo's month; a month picker comes with the statement history screen.
    val statement = session?.let { CoreModel.statement(it, viewModelScope, DEMO_MONTH) }

    /** The core's message for the last refused action (shown as it is). */
    val message = MutableStateFlow<String?>(null)
    val plan = MutableStateFlow<WithdrawalPlanView?>(null)

    init {
        viewModelScope.launch {
            home?.reload()
            statement?.reload()
            runCatching { session?.sync() }
        }
    }

    private fun act(block: suspend WealthSession.() -> Unit) {
        val s = session ?: return
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

    override fun onCleared() {
        home?.close()
        statement?.close()
        session?.close()
    }
}

private const val DEMO_MONTH = "2026-11"
