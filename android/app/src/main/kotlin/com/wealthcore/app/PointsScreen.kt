package com.wealthcore.app

// Points and coupons: the balance, the lots expiring soonest, a redeem button per coupon the
// core offers, the coupon wallet, and a deposit with a chosen coupon. Draws the core's view
// models as they come; the core decides what a redemption costs and whether a coupon applies.

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.wealthcore.detail
import uniffi.wealth_ffi.CouponView

@Composable
fun PointsScreen(model: AppModel, screens: SignedIn) {
    val points by screens.points.state.collectAsStateWithLifecycle()
    val wallet by screens.coupons.state.collectAsStateWithLifecycle()
    val p = points.value ?: return Text("…")
    Column(Modifier.verticalScroll(rememberScrollState())) {
        Text(p.display.balance, style = MaterialTheme.typography.displaySmall)
        if (p.clawbackOwed != 0L) Text("Owed from reversed rewards: ${p.display.clawbackOwed}")
        Text(p.display.asOf)

        Text("Expiring", style = MaterialTheme.typography.titleMedium)
        p.expiring.forEach { lot -> Text("${lot.leftDisplay} · ${lot.expiresDisplay}") }

        Text("Redeem", style = MaterialTheme.typography.titleMedium)
        p.offers.forEach { offer ->
            OutlinedButton(onClick = { model.redeem(offer.value) }) {
                Text("${offer.valueDisplay} · ${offer.pointsDisplay} · ${offer.minDepositDisplay}")
            }
        }

        Text("My coupons", style = MaterialTheme.typography.titleMedium)
        wallet.error?.let { Text(it.detail, color = MaterialTheme.colorScheme.error) }
        CouponDeposit(model, wallet.value.orEmpty())
    }
}

/** The wallet; choosing a coupon opens a deposit with it (amount, trading PIN). */
@Composable
fun CouponDeposit(model: AppModel, coupons: List<CouponView>) {
    var chosen by remember { mutableStateOf<String?>(null) }
    var amount by remember { mutableStateOf("") }
    var pin by remember { mutableStateOf("") }
    coupons.forEach { c ->
        Row(verticalAlignment = Alignment.CenterVertically) {
            RadioButton(selected = chosen == c.id, onClick = { chosen = c.id; amount = c.minDeposit })
            Text("${c.valueDisplay} · ${c.statusDisplay} · ${c.minDepositDisplay} · ${c.expiresDisplay}")
        }
    }
    val couponId = chosen ?: return
    OutlinedTextField(amount, { amount = it }, label = { Text("Amount") })
    PinField(pin) { pin = it }
    Button(onClick = {
        model.depositWithCoupon(amount, couponId, pin)
        pin = ""
    }) { Text("Deposit with coupon") }
}
