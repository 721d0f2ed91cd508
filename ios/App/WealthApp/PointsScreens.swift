// The points & coupons tab: balance, lots with their expiry, the coupons the core offers for
// points, the coupon wallet, and a deposit with a coupon. It draws `PointsModel` (which reloads
// itself when the core reports a change) and passes input to the core; the core prices coupons,
// checks balances and minimums and explains a refusal. No business rule and no formatting here.
#if canImport(SwiftUI)
import SwiftUI
import WealthCore

struct PointsScreen: View {
    let model: PointsModel
    let session: WealthSession
    @State private var message: String?

    var body: some View {
        NavigationStack {
            Group {
                if let value = model.value {
                    content(value)
                } else if let error = model.error {
                    Text(error.detail)
                } else {
                    ProgressView()
                }
            }
            .navigationTitle("Points & coupons")
        }
    }

    private func content(_ value: PointsAndCoupons) -> some View {
        let points = value.points
        return List {
            Section {
                Text(points.display.balance).font(.title2)
                if points.clawbackOwed != 0 {
                    LabeledContent("Owed from reversed rewards", value: points.display.clawbackOwed)
                }
                Text(points.display.asOf).foregroundStyle(.secondary)
            }
            Section("Points left, by expiry") {
                ForEach(points.expiring, id: \.id) { lot in
                    LabeledContent(lot.expiresDisplay, value: lot.leftDisplay)
                }
            }
            Section("Redeem for a cashback coupon") {
                ForEach(points.offers, id: \.value) { offer in
                    Button {
                        redeem(offer.value)
                    } label: {
                        VStack(alignment: .leading) {
                            LabeledContent(offer.valueDisplay, value: offer.pointsDisplay)
                            Text(offer.minDepositDisplay).font(.footnote)
                        }
                    }
                }
                if let message { Text(message).foregroundStyle(.red) }
            }
            Section("My coupons") {
                ForEach(value.coupons, id: \.id) { coupon in
                    CouponRow(coupon: coupon, session: session)
                }
            }
            if let error = model.error {
                Section { Text(error.detail).foregroundStyle(.red) }
            }
        }
        .refreshable { _ = try? await session.sync() }
    }

    /// The model reloads by itself when the core reports the redemption.
    @MainActor
    private func redeem(_ value: String) {
        Task {
            do {
                try await session.redeemPoints(value)
                message = nil
            } catch let e as WealthError {
                message = e.detail
            } catch {
                message = String(describing: error)
            }
        }
    }
}

/// One coupon of the wallet as the core gives it; a deposit with it is offered while the core
/// reports it `issued` (the core checks the minimum deposit and the expiry).
private struct CouponRow: View {
    let coupon: CouponView
    let session: WealthSession

    var body: some View {
        let row = VStack(alignment: .leading) {
            LabeledContent(coupon.valueDisplay, value: coupon.statusDisplay)
            Text(coupon.minDepositDisplay).font(.footnote)
            Text(coupon.expiresDisplay).font(.footnote).foregroundStyle(.secondary)
        }
        if coupon.status == "issued" {
            NavigationLink {
                AmountView(title: "Deposit with this coupon") { amount, pin in
                    try await session.deposit(amount, coupon: coupon.id, pin: pin)
                }
                .navigationTitle("Deposit with a coupon")
            } label: {
                row
            }
        } else {
            row
        }
    }
}
#endif
