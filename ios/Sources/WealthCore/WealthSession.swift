// One signed-in investor for an app: the core's `Wealth`, async/await methods and a fan-out of
// the core's change notifications. No business rule here: every figure and every display string
// comes from the core; this file only binds.
import Foundation

/// Fans the core's single observer out to any number of listeners (view models).
/// Called by the core on one of its threads; listeners hop to their own actor.
public final class ChangeRelay: WealthObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var listeners: [UUID: @Sendable (ChangeKind) -> Void] = [:]

    /// A relay with no listeners.
    public init() {}

    /// Adds a listener; keep the token and pass it to `unsubscribe` when done.
    @discardableResult
    public func subscribe(_ listener: @escaping @Sendable (ChangeKind) -> Void) -> UUID {
        let token = UUID()
        lock.lock(); listeners[token] = listener; lock.unlock()
        return token
    }

    /// Removes the listener `subscribe` returned `token` for.
    public func unsubscribe(_ token: UUID) {
        lock.lock(); listeners[token] = nil; lock.unlock()
    }

    /// Called by the core: passes the change to every listener.
    public func onChange(what: ChangeKind) {
        lock.lock(); let current = Array(listeners.values); lock.unlock()
        for listener in current { listener(what) }
    }
}

/// The object an app keeps for the signed-in investor.
public final class WealthSession: @unchecked Sendable {
    /// The generated core object, for anything this layer does not wrap.
    public let core: Wealth
    /// Where view models subscribe to changes.
    public let changes = ChangeRelay()

    /// Wraps an opened `Wealth` and registers the relay as its observer.
    public init(core: Wealth) {
        self.core = core
        core.setObserver(observer: changes)
    }

    deinit { core.setObserver(observer: nil) }

    /// Opens the local store with the platform's secret store (no network): the SAME store the
    /// onboarding used, which holds the session token and the local database's key.
    /// `spkiPins`: this environment's pinned server keys (empty for the sandbox).
    public static func open(
        serverURL: String,
        caCertPEM: String? = nil,
        dataDirectory: URL,
        secrets: PlatformSecretStore,
        spkiPins: [String] = []
    ) throws -> WealthSession {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        return WealthSession(core: try Wealth.openWithSecretStore(
            config: WealthConfig(serverUrl: serverURL, caCertPem: caCertPEM, dataDir: dataDirectory.path, sessionToken: ""),
            secrets: secrets, spkiPins: spkiPins))
    }

    /// Opens the local store with a session token (no network; no secret store: tests and tools).
    public static func open(
        serverURL: String,
        caCertPEM: String? = nil,
        dataDirectory: URL,
        sessionToken: String
    ) throws -> WealthSession {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        return WealthSession(core: try Wealth.open(config: WealthConfig(
            serverUrl: serverURL, caCertPem: caCertPEM, dataDir: dataDirectory.path, sessionToken: sessionToken)))
    }

    /// The language of the core's display strings, from a BCP 47 tag (e.g. `Locale.preferredLanguages[0]`).
    public func setLanguage(_ tag: String) {
        core.setLocale(locale: displayLocaleForTag(tag: tag))
    }

    /// The whole home view model, from the local store.
    public func home() async throws -> HomeViewModel { try core.home() }
    /// Fetches what changed from the server (the core then reports `.account`).
    @discardableResult public func sync() async throws -> SyncResult { try await core.sync() }
    /// Deposit, confirmed by the trading PIN. `biometric`: the platform's biometric prompt
    /// succeeded (needed above 5,000.00 a day; the demo and the sandbox pass true).
    @discardableResult public func deposit(
        _ amount: String, pin: String, biometric: Bool = true, smsOTP: String? = nil
    ) async throws -> OrderView {
        try await core.depositConfirmed(amount: amount, confirmation: .confirming(pin: pin, biometric: biometric, smsOTP: smsOTP))
    }
    /// Withdraw (normal T+1 or instant within the quota), confirmed by the trading PIN.
    @discardableResult public func withdraw(
        _ amount: String, mode: WithdrawalMode, pin: String, biometric: Bool = true, smsOTP: String? = nil
    ) async throws -> OrderView {
        try await core.withdrawConfirmed(
            amount: amount, mode: mode, confirmation: .confirming(pin: pin, biometric: biometric, smsOTP: smsOTP))
    }
    /// Deposit with a coupon from the wallet, confirmed by the trading PIN.
    @discardableResult public func deposit(
        _ amount: String, coupon couponID: String, pin: String, biometric: Bool = true
    ) async throws -> OrderView {
        try await core.depositWithCoupon(
            amount: amount, couponId: couponID, confirmation: .confirming(pin: pin, biometric: biometric))
    }
    /// Send a draft made offline, confirmed by the trading PIN.
    @discardableResult public func confirmDraft(_ id: String, pin: String, biometric: Bool = true) async throws -> OrderView {
        try await core.confirmDraft(id: id, confirmation: .confirming(pin: pin, biometric: biometric))
    }
    /// Points balance, lots and the coupons offered, from the local store.
    public func points() async throws -> PointsViewModel { try core.points() }
    /// Points for a coupon of `value` yuan ("5", "10", "20").
    @discardableResult public func redeemPoints(_ value: String) async throws -> CouponView {
        try await core.redeemPoints(couponValue: value)
    }
    /// The coupon wallet (from the server when online, else the cached one).
    public func coupons() async throws -> [CouponView] { try await core.coupons() }
    /// How much of `amount` can go out instantly and how much the next trading day.
    public func withdrawalPlan(_ amount: String) async throws -> WithdrawalPlanView {
        try core.withdrawalPlan(amount: amount)
    }
    /// Cancels an order before its cut-off.
    @discardableResult public func cancel(_ orderID: String) async throws -> OrderView {
        try await core.cancel(orderId: orderID)
    }
    /// The statement of `month` ("YYYY-MM").
    public func statement(month: String) async throws -> StatementView { try await core.statement(month: month) }
    /// The investor's orders, from the local store.
    public func orders() async throws -> [OrderView] { try core.orders() }
}

extension MovementConfirmation {
    /// The PIN, the biometric prompt's outcome and the SMS OTP (above 50,000.00 a day).
    public static func confirming(
        pin: String, biometric: Bool = true, smsOTP: String? = nil, suitabilityConfirmed: Bool = false
    ) -> MovementConfirmation {
        MovementConfirmation(pin: pin, biometric: biometric, smsOtp: smsOTP, suitabilityConfirmed: suitabilityConfirmed)
    }
}
