#if canImport(SwiftUI)
import SwiftUI
import WealthCore

struct HomeView: View {
    let model: HomeModel
    let session: WealthSession

    var body: some View {
        if let d = model.value?.display {
            List {
                Section {
                    Text(d.units).font(.largeTitle)
                    Text(d.asOf).foregroundStyle(.secondary)
                }
                LabeledContent("Yesterday", value: d.yesterdayIncome)
                LabeledContent("7-day yield", value: d.sevenDayYield)
                LabeledContent("Pending in", value: d.pendingIn)
                LabeledContent("Pending out", value: d.pendingOut)
                LabeledContent("Instant quota left", value: d.instantQuotaLeft)
            }
            .refreshable { _ = try? await session.sync() }
        } else if let error = model.error {
            Text(error.detail)
        } else {
            ProgressView()
        }
    }
}

/// An amount field, the trading PIN and a button; the core parses and checks the amount and the
/// PIN and explains a refusal. (The demo passes the biometric prompt as succeeded.)
struct AmountView: View {
    let title: String
    let submit: (_ amount: String, _ pin: String) async throws -> Void
    @State private var amount = ""
    @State private var pin = ""
    @State private var message: String?

    var body: some View {
        Form {
            TextField("Amount", text: $amount).keyboardType(.decimalPad)
            SecureField("Trading PIN", text: $pin).keyboardType(.numberPad)
            Button(title) {
                Task {
                    do { try await submit(amount, pin); message = nil } catch let e as WealthError { message = e.detail }
                    pin = ""
                }
            }
            if let message { Text(message).foregroundStyle(.red) }
        }
    }
}

/// Shows the core's instant/normal split for the typed amount, then withdraws either way.
struct WithdrawView: View {
    let session: WealthSession
    @State private var amount = ""
    @State private var pin = ""
    @State private var plan: WithdrawalPlanView?
    @State private var message: String?

    var body: some View {
        Form {
            TextField("Amount", text: $amount).keyboardType(.decimalPad)
                .onChange(of: amount) { _, new in Task { plan = try? await session.withdrawalPlan(new) } }
            if let plan {
                LabeledContent("Instant", value: plan.instantDisplay)
                LabeledContent("Next trading day", value: plan.normalDisplay)
            }
            SecureField("Trading PIN", text: $pin).keyboardType(.numberPad)
            Button("Withdraw instantly") { run(.instant) }
            Button("Withdraw (next trading day)") { run(.normal) }
            if let message { Text(message).foregroundStyle(.red) }
        }
    }

    private func run(_ mode: WithdrawalMode) {
        Task {
            do { try await session.withdraw(amount, mode: mode, pin: pin); message = nil } catch let e as WealthError {
                message = e.detail
            }
            pin = ""
        }
    }
}

struct StatementScreen: View {
    let model: StatementModel

    var body: some View {
        if let s = model.value {
            List {
                Section(s.display.month) {
                    LabeledContent("Opening", value: s.display.openingUnits)
                    LabeledContent("Deposits", value: s.display.deposits)
                    LabeledContent("Income", value: s.display.income)
                    LabeledContent("Withdrawals", value: s.display.withdrawals)
                    LabeledContent("Closing", value: s.display.closingUnits)
                }
                Section {
                    ForEach(Array(s.lines.enumerated()), id: \.offset) { _, line in
                        LabeledContent("\(line.dayDisplay) \(line.kindLabel)", value: line.amountDisplay)
                    }
                }
            }
        } else if let error = model.error {
            Text(error.detail)
        } else {
            ProgressView()
        }
    }
}
#endif
