package com.wealthcore.app

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import com.wealthcore.OnboardingModel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * The onboarding screens' model: the core's flow on the app's store (resumed where it stopped),
 * until it is done and the newbie guide is left. Passes input to the flow; the flow's state
 * holds the core's answers.
 */
class OnboardingAppModel(app: Application) : AndroidViewModel(app) {
    /** The core's onboarding flow; draw its state, otp, card warning, questionnaire and guide. */
    val flow = OnboardingModel.open(BuildConfig.SERVER_URL, null, Platform.dataDir(app), Platform.secrets(app))
        .also { it.setLanguage(java.util.Locale.getDefault().toLanguageTag()) }
    private val _finished = MutableStateFlow(false)

    /** True once onboarding is done and the guide left (or done before this start): open the session. */
    val finished: StateFlow<Boolean> = _finished.asStateFlow()

    init {
        viewModelScope.launch {
            flow.load()
            val view = flow.state.value.value
            when {
                view?.step == DONE -> finish()
                // Started before (an account exists): catch up with the server's progress.
                view?.accountId != null -> flow.refresh()
            }
        }
    }

    /** Runs one call of the flow in this model's scope (a screen change does not cancel it). */
    fun step(call: suspend OnboardingModel.() -> Unit) {
        if (!_finished.value) viewModelScope.launch { flow.call() }
    }

    /** Leave the onboarding: close the flow, so that the session opens the same store. */
    fun finish() {
        flow.close()
        _finished.value = true
    }

    override fun onCleared() = flow.close()
}

/** The core's name of the last step. */
internal const val DONE = "done"
