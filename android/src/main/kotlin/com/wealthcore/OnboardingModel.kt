package com.wealthcore

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import uniffi.wealth_ffi.DisplayLocale
import uniffi.wealth_ffi.FieldCheck
import uniffi.wealth_ffi.GuideItemView
import uniffi.wealth_ffi.Onboarding
import uniffi.wealth_ffi.OnboardingViewModel
import uniffi.wealth_ffi.OtpSentView
import uniffi.wealth_ffi.PlatformSecretStore
import uniffi.wealth_ffi.QuestionnaireView
import uniffi.wealth_ffi.WealthException
import uniffi.wealth_ffi.displayLocaleForTag

/**
 * The onboarding screens over the core's [Onboarding] flow, as a [StateFlow]. Each step passes
 * its input to the core and publishes the view model the core returns (draw `value.step`,
 * `value.missing`, `value.errors`); a refused step becomes the state's typed `error` and leaves
 * `value` as it was. Steps return whether the core accepted them and run one at a time. Holds no
 * rule: the as-you-type checks are the core's. Resumable: open it on the same data folder after
 * a restart and [load] shows the step to continue with.
 */
class OnboardingModel(private val flow: Onboarding) : AutoCloseable {
    private val _state = MutableStateFlow(UiState<OnboardingViewModel>())
    private val _otpSent = MutableStateFlow<OtpSentView?>(null)
    private val _cardWarning = MutableStateFlow<String?>(null)
    private val _questionnaire = MutableStateFlow<QuestionnaireView?>(null)
    private val _guide = MutableStateFlow<List<GuideItemView>>(emptyList())
    private val serial = Mutex()
    @Volatile private var locale = DisplayLocale.ZH_CN

    /** Collect this in the UI: the core's onboarding view model, the last refusal, a step running. */
    val state: StateFlow<UiState<OnboardingViewModel>> = _state.asStateFlow()

    /** The last OTP sent (valid until, resend from, sends left today), or null. */
    val otpSent: StateFlow<OtpSentView?> = _otpSent.asStateFlow()

    /** The core's text for its warning on the card just bound (`LUHN`: the bank accepted a number that fails the check), or null. */
    val cardWarning: StateFlow<String?> = _cardWarning.asStateFlow()

    /** The risk questionnaire, once [loadQuestionnaire] ran. */
    val questionnaire: StateFlow<QuestionnaireView?> = _questionnaire.asStateFlow()

    /** The newbie guide checklist, once [loadGuide] ran. */
    val guide: StateFlow<List<GuideItemView>> = _guide.asStateFlow()

    /** The language of the core's field messages, from a BCP 47 tag (`Locale.getDefault().toLanguageTag()`). */
    fun setLanguage(tag: String) {
        locale = displayLocaleForTag(tag)
        flow.setLocale(locale)
    }

    /** Where onboarding stands, from the local store (works offline). */
    suspend fun load(): Boolean = step { withContext(Dispatchers.IO) { flow.view() } }

    /** Bring the local progress up to the server's (after a restart). */
    suspend fun refresh(): Boolean = step { flow.refresh() }

    /** Step 1a: send an OTP to [phone]. */
    suspend fun requestOtp(phone: String): Boolean = action { _otpSent.value = flow.requestOtp(phone) }

    /** Step 1b: the [code] received by SMS. */
    suspend fun verifyOtp(code: String): Boolean = step { flow.verifyOtp(code) }

    /** Step 2: real name and ID number. */
    suspend fun submitIdentity(name: String, idNumber: String): Boolean = step { flow.submitIdentity(name, idNumber) }

    /** Step 3: the bank card; the core's Luhn warning lands in [cardWarning]. */
    suspend fun submitCard(cardNumber: String): Boolean = step {
        flow.submitCard(cardNumber).also { r -> _cardWarning.value = r.warning?.let { r.warningMessage } }.view
    }

    /** Step 4: the trading PIN, twice. */
    suspend fun submitPin(pin: String, pinAgain: String): Boolean = step { flow.submitPin(pin, pinAgain) }

    /** Fetch the risk questionnaire (cached by the core for offline) into [questionnaire]. */
    suspend fun loadQuestionnaire(): Boolean = action { _questionnaire.value = flow.questionnaire() }

    /** Step 5: one option index per question, in order. */
    suspend fun submitAnswers(answers: List<UInt>): Boolean = step { flow.submitAnswers(answers) }

    /** The newbie guide checklist into [guide]. */
    suspend fun loadGuide(firstDepositMade: Boolean = false): Boolean =
        action { _guide.value = withContext(Dispatchers.IO) { flow.newbieGuide(firstDepositMade) } }

    /** Mark a guide page read (`what_is_it`, `protection`) and reload the checklist. */
    suspend fun markGuideRead(id: String, firstDepositMade: Boolean = false): Boolean = action {
        _guide.value = withContext(Dispatchers.IO) {
            flow.markGuideRead(id)
            flow.newbieGuide(firstDepositMade)
        }
    }

    /** The session token once phone + OTP are done (the core also keeps it in the secret store). */
    fun sessionToken(): String? = flow.sessionToken()

    /** The core's check of a mobile number as it is typed (draw `message` next to the field). */
    fun checkPhone(value: String): FieldCheck = uniffi.wealth_ffi.checkPhone(value, locale)

    /** The core's check of an ID number as it is typed, at the core's business day. */
    fun checkIdNumber(value: String): FieldCheck = uniffi.wealth_ffi.checkIdNumber(value, null, locale)

    /** The core's check of a card number as it is typed (`warning` = `LUHN` when the check digit fails). */
    fun checkCard(value: String): FieldCheck = uniffi.wealth_ffi.checkCard(value, locale)

    /** The core's check of a trading PIN as it is typed. */
    fun checkPin(value: String): FieldCheck = uniffi.wealth_ffi.checkPin(value, locale)

    /** Close the core's flow. */
    override fun close() = flow.close()

    /** Runs one step: on success its view model becomes the value; a refusal is the error, value kept. */
    private suspend fun step(call: suspend () -> OnboardingViewModel): Boolean = serial.withLock {
        _state.update { it.copy(loading = true) }
        try {
            val v = call()
            _state.update { UiState(value = v, error = null, loading = false, loads = it.loads + 1) }
            true
        } catch (e: WealthException) {
            _state.update { it.copy(error = e, loading = false) }
            false
        }
    }

    /** Runs a call that does not change the view model; a refusal is the state's error. */
    private suspend fun action(call: suspend () -> Unit): Boolean = serial.withLock {
        _state.update { it.copy(loading = true) }
        try {
            call()
            _state.update { it.copy(error = null, loading = false) }
            true
        } catch (e: WealthException) {
            _state.update { it.copy(error = e, loading = false) }
            false
        }
    }

    companion object {
        /**
         * Opens the flow on [dataDir] (the same folder as `WealthConfig.dataDir`) with the
         * platform's [secrets], the SAME store [WealthSession.open] gets afterwards. No network.
         */
        fun open(serverUrl: String, caCertPem: String?, dataDir: String, secrets: PlatformSecretStore): OnboardingModel {
            java.io.File(dataDir).mkdirs()
            return OnboardingModel(Onboarding.open(serverUrl, caCertPem, dataDir, secrets))
        }
    }
}
