package com.wealthcore.app

// The onboarding screens: phone + OTP, identity, bank card, trading PIN twice, questionnaire,
// newbie guide. They draw the core's onboarding view model (the step, what is done, the errors
// per field) and the core's as-you-type checks, and pass input to the flow. No rule here.

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateMapOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import com.wealthcore.detail
import uniffi.wealth_ffi.FieldCheck
import uniffi.wealth_ffi.OnboardingViewModel

/** The onboarding, at the step the core says; [onDone] once it is done and the guide left. */
@Composable
fun OnboardingScreen(onDone: () -> Unit, vm: OnboardingAppModel = viewModel()) {
    val finished by vm.finished.collectAsStateWithLifecycle()
    if (finished) {
        LaunchedEffect(Unit) { onDone() }
        return Text("…")
    }
    val state by vm.flow.state.collectAsStateWithLifecycle()
    val cardWarning by vm.flow.cardWarning.collectAsStateWithLifecycle()
    val view = state.value ?: return Text("…")
    Column(Modifier.verticalScroll(rememberScrollState())) {
        Text("Open an account", style = MaterialTheme.typography.titleLarge)
        if (view.doneSteps.isNotEmpty()) Text("Done: ${view.doneSteps.joinToString(" · ")}")
        when (view.step) {
            "phone" -> PhoneStep(vm)
            "identity" -> IdentityStep(vm)
            "card" -> CardStep(vm)
            "pin" -> PinStep(vm)
            "questionnaire" -> QuestionnaireStep(vm)
            else -> GuideStep(vm, view)
        }
        // The core's warning on the card it bound (the bank accepted a number failing the check).
        cardWarning?.let { Text("Card …${view.cardLast4}: $it", color = MaterialTheme.colorScheme.tertiary) }
        view.errors.forEach { Text(it.message, color = MaterialTheme.colorScheme.error) }
        state.error?.let { Text(it.detail, color = MaterialTheme.colorScheme.error) }
    }
}

/** The core's check of a field as it is typed: its text for the refusal or the warning. */
@Composable
fun CheckHint(value: String, check: (String) -> FieldCheck) {
    if (value.isEmpty()) return
    val c = remember(value) { check(value) }
    when {
        !c.ok -> Text(c.message, color = MaterialTheme.colorScheme.error)
        c.warning.isNotEmpty() -> Text(c.message, color = MaterialTheme.colorScheme.tertiary)
    }
}

@Composable
fun PhoneStep(vm: OnboardingAppModel) {
    var phone by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    val sent by vm.flow.otpSent.collectAsStateWithLifecycle()
    OutlinedTextField(phone, { phone = it }, label = { Text("Mobile number") })
    CheckHint(phone) { vm.flow.checkPhone(it) }
    Button(onClick = { vm.step { requestOtp(phone) } }) { Text("Send code") }
    sent?.let { otp ->
        Text("Code sent, valid until ${otp.expiresAt}; ${otp.sendsLeftToday} sends left today")
        OutlinedTextField(code, { code = it }, label = { Text("SMS code") })
        Button(onClick = { vm.step { verifyOtp(code) } }) { Text("Verify") }
    }
}

@Composable
fun IdentityStep(vm: OnboardingAppModel) {
    var name by remember { mutableStateOf("") }
    var idNumber by remember { mutableStateOf("") }
    OutlinedTextField(name, { name = it }, label = { Text("Real name") })
    OutlinedTextField(idNumber, { idNumber = it }, label = { Text("ID number") })
    CheckHint(idNumber) { vm.flow.checkIdNumber(it) }
    Button(onClick = { vm.step { submitIdentity(name, idNumber) } }) { Text("Continue") }
}

@Composable
fun CardStep(vm: OnboardingAppModel) {
    var card by remember { mutableStateOf("") }
    OutlinedTextField(card, { card = it }, label = { Text("Bank card number") })
    // `LUHN` here: the number fails the check digit; the bank decides.
    CheckHint(card) { vm.flow.checkCard(it) }
    Button(onClick = { vm.step { submitCard(card) } }) { Text("Bind card") }
}

@Composable
fun PinStep(vm: OnboardingAppModel) {
    var pin by remember { mutableStateOf("") }
    var again by remember { mutableStateOf("") }
    PinField(pin) { pin = it }
    CheckHint(pin) { vm.flow.checkPin(it) }
    OutlinedTextField(again, { again = it }, label = { Text("Trading PIN again") }, visualTransformation = PasswordVisualTransformation())
    Button(onClick = {
        vm.step { submitPin(pin, again) }
        pin = ""
        again = ""
    }) { Text("Set PIN") }
}

@Composable
fun QuestionnaireStep(vm: OnboardingAppModel) {
    val loaded by vm.flow.questionnaire.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { if (vm.flow.questionnaire.value == null) vm.step { loadQuestionnaire() } }
    val questionnaire = loaded ?: return Text("…")
    val chosen = remember(questionnaire.id) { mutableStateMapOf<Int, Int>() }
    questionnaire.questions.forEachIndexed { i, question ->
        Text(question.text, style = MaterialTheme.typography.titleMedium)
        question.options.forEachIndexed { j, option ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                RadioButton(selected = chosen[i] == j, onClick = { chosen[i] = j })
                Text(option)
            }
        }
    }
    Button(
        enabled = chosen.size == questionnaire.questions.size,
        onClick = {
            val answers = questionnaire.questions.indices.map { chosen.getValue(it).toUInt() }
            vm.step { submitAnswers(answers) }
        },
    ) { Text("Submit") }
}

/** Done: the risk level the core gave and the newbie guide. */
@Composable
fun GuideStep(vm: OnboardingAppModel, view: OnboardingViewModel) {
    val guide by vm.flow.guide.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { vm.step { loadGuide() } }
    view.riskLevel?.let { Text("Risk level $it", style = MaterialTheme.typography.titleMedium) }
    guide.forEach { item ->
        Row(verticalAlignment = Alignment.CenterVertically) {
            Checkbox(checked = item.done, onCheckedChange = { vm.step { markGuideRead(item.id) } }, enabled = !item.done)
            Text(item.title)
        }
    }
    Button(onClick = vm::finish) { Text("Start") }
}
