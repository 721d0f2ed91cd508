// Observable view-model holders for SwiftUI. Each holds one value computed by the core (the
// whole view model in one call) and reloads it when the core reports a change. They hold no
// business rule and format nothing: views draw the core's values (`value.display.*`) as they are.
//
// Screens of a signed-in investor: `CoreModel.home`, `.statement`, `.points` (points view model
// and coupon wallet). A new one is one line over a `WealthSession` method, e.g.
//     CoreModel(session: s, reloadOn: [.account, .locale]) { try await s.orders() }
// Onboarding has no session yet: `OnboardingModel` (OnboardingModel.swift) publishes what each
// step returns instead.
// Compiled wherever Observation exists: Apple platforms (iOS 17 / macOS 14) and Linux (Swift 5.9+;
// Debian's toolchain needs the ObservationLinuxShim target), where the XCTests exercise it.
#if canImport(Observation)
import Foundation
import Observation

/// One core view model for SwiftUI: loaded with one call, reloaded when the core reports a change.
@available(iOS 17, macOS 14, *)
@MainActor
@Observable
public final class CoreModel<Value> {
    /// The latest value from the core (nil until the first load).
    public private(set) var value: Value?
    /// The last error (cleared by a successful load).
    public private(set) var error: WealthError?
    /// True while a load runs.
    public private(set) var isLoading = false
    /// Completed loads (for tests and debugging).
    public private(set) var loads = 0

    @ObservationIgnored private let load: () async throws -> Value
    @ObservationIgnored private let relay: ChangeRelay
    @ObservationIgnored private var token: UUID?

    /// Call `reload()` once to fill `value`; after that it reloads on every change in `reloadOn`.
    public init(session: WealthSession, reloadOn: Set<ChangeKind>, load: @escaping () async throws -> Value) {
        self.load = load
        self.relay = session.changes
        self.token = session.changes.subscribe { [weak self] what in
            guard reloadOn.contains(what) else { return }
            Task { @MainActor [weak self] in await self?.reload() }
        }
    }

    /// Stop listening (also done when the model goes away).
    public func stop() {
        if let token { relay.unsubscribe(token) }
        token = nil
    }

    /// Ask the core for the whole view model again.
    public func reload() async {
        isLoading = true
        defer { isLoading = false }
        do {
            value = try await load()
            error = nil
        } catch let e as WealthError {
            error = e
        } catch {
            self.error = .Internal(code: "INTERNAL", detail: String(describing: error))
        }
        loads += 1
    }
}

@available(iOS 17, macOS 14, *)
extension CoreModel where Value == HomeViewModel {
    /// The home screen: reloads after every sync, deposit, withdrawal, cancel or language change.
    public static func home(_ session: WealthSession) -> CoreModel<HomeViewModel> {
        CoreModel(session: session, reloadOn: [.account, .locale]) { try await session.home() }
    }
}

@available(iOS 17, macOS 14, *)
extension CoreModel where Value == StatementView {
    /// The statement of `month` ("YYYY-MM"): reloads when the account or the language changes.
    public static func statement(_ session: WealthSession, month: String) -> CoreModel<StatementView> {
        CoreModel(session: session, reloadOn: [.account, .locale]) { try await session.statement(month: month) }
    }
}

/// What the points tab draws: the points view model and the coupon wallet, read together.
public struct PointsAndCoupons: Equatable {
    /// Balance, clawback owed and live lots (soonest-expiring first), from the local store.
    public let points: PointsViewModel
    /// The coupon wallet (from the server when online, else the cached one).
    public let coupons: [CouponView]

    /// Both parts as the core returned them.
    public init(points: PointsViewModel, coupons: [CouponView]) {
        self.points = points
        self.coupons = coupons
    }
}

@available(iOS 17, macOS 14, *)
extension CoreModel where Value == PointsAndCoupons {
    /// The points tab: reloads after every change the core reports (a redemption, a deposit with a
    /// coupon and a sync all report `.account`) and on a language change.
    public static func points(_ session: WealthSession) -> CoreModel<PointsAndCoupons> {
        CoreModel(session: session, reloadOn: [.account, .locale]) {
            PointsAndCoupons(points: try await session.points(), coupons: try await session.coupons())
        }
    }
}

/// The home screen's model (`CoreModel.home`).
@available(iOS 17, macOS 14, *)
public typealias HomeModel = CoreModel<HomeViewModel>
/// The statement screen's model (`CoreModel.statement`).
@available(iOS 17, macOS 14, *)
public typealias StatementModel = CoreModel<StatementView>
/// The points tab's model (`CoreModel.points`).
@available(iOS 17, macOS 14, *)
public typealias PointsModel = CoreModel<PointsAndCoupons>
#endif
