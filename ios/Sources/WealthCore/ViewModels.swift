// Observable view-model holders for SwiftUI. Each holds one value computed by the core (the
// whole view model in one call) and reloads it when the core reports a change. They hold no
// business rule and format nothing: views draw `value.display.*` as it is.
//
// Pattern for new screens (onboarding, points, when their core view models land): one line,
//     CoreModel(session: s, reloadOn: [.onboarding]) { try await s.core.onboarding() }
#if canImport(Observation)
import Foundation
import Observation

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

@available(iOS 17, macOS 14, *)
public typealias HomeModel = CoreModel<HomeViewModel>
@available(iOS 17, macOS 14, *)
public typealias StatementModel = CoreModel<StatementView>
#endif
