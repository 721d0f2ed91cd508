package com.wealthcore.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent { MaterialTheme { App() } }
    }
}

@Composable
fun App(model: AppModel = viewModel()) {
    val signedIn by model.signedIn.collectAsStateWithLifecycle()
    val message by model.message.collectAsStateWithLifecycle()
    val screens = signedIn
    if (screens == null) {
        // No session yet: the onboarding (resumed where it stopped) opens it when done.
        Column(Modifier.padding(24.dp)) {
            OnboardingScreen(onDone = model::signIn)
            message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        }
        return
    }
    var tab by remember { mutableIntStateOf(0) }
    val tabs = listOf("Home", "Deposit", "Withdraw", "Points", "Statement")
    Scaffold(bottomBar = {
        NavigationBar { tabs.forEachIndexed { i, t -> NavigationBarItem(tab == i, { tab = i }, icon = {}, label = { Text(t) }) } }
    }) { padding ->
        Column(Modifier.padding(padding).padding(16.dp)) {
            when (tab) {
                0 -> HomeScreen(model, screens)
                1 -> AmountScreen(model, "Deposit") { amount, pin -> model.deposit(amount, pin) }
                2 -> WithdrawScreen(model)
                3 -> PointsScreen(model, screens)
                else -> StatementScreen(screens)
            }
            message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        }
    }
}

@Composable
fun HomeScreen(model: AppModel, screens: SignedIn) {
    val state by screens.home.state.collectAsStateWithLifecycle()
    val d = state.value?.display ?: return Text("…")
    Text(d.units, style = MaterialTheme.typography.displaySmall)
    Text(d.asOf)
    Row { Text("Yesterday ${d.yesterdayIncome}   "); Text("7-day ${d.sevenDayYield}") }
    Text("Pending in ${d.pendingIn} · out ${d.pendingOut}")
    Text("Instant quota left ${d.instantQuotaLeft}")
    Button(onClick = model::sync) { Text("Refresh") }
}

@Composable
fun AmountScreen(model: AppModel, action: String, onSubmit: (amount: String, pin: String) -> Unit) {
    var amount by remember { mutableStateOf("") }
    var pin by remember { mutableStateOf("") }
    OutlinedTextField(amount, { amount = it }, label = { Text("Amount") })
    PinField(pin) { pin = it }
    Button(onClick = { onSubmit(amount, pin); pin = "" }) { Text(action) }
}

/** The trading PIN (checked by the core; never kept after the call). */
@Composable
fun PinField(pin: String, onChange: (String) -> Unit) {
    OutlinedTextField(pin, onChange, label = { Text("Trading PIN") }, visualTransformation = PasswordVisualTransformation())
}

@Composable
fun WithdrawScreen(model: AppModel) {
    var amount by remember { mutableStateOf("") }
    var pin by remember { mutableStateOf("") }
    val plan by model.plan.collectAsStateWithLifecycle()
    OutlinedTextField(amount, { amount = it; model.planWithdrawal(it) }, label = { Text("Amount") })
    plan?.let { Text("Instant ${it.instantDisplay} · next trading day ${it.normalDisplay}") }
    PinField(pin) { pin = it }
    Row {
        Button(onClick = { model.withdraw(amount, pin, instant = true); pin = "" }) { Text("Instant") }
        Button(onClick = { model.withdraw(amount, pin, instant = false); pin = "" }) { Text("Normal") }
    }
}

@Composable
fun StatementScreen(screens: SignedIn) {
    val state by screens.statement.state.collectAsStateWithLifecycle()
    val s = state.value ?: return Text("…")
    Text(s.display.month, style = MaterialTheme.typography.titleLarge)
    Text("${s.display.openingUnits} → ${s.display.closingUnits}")
    LazyColumn { items(s.lines) { l -> Text("${l.dayDisplay}  ${l.kindLabel}  ${l.amountDisplay}") } }
}
