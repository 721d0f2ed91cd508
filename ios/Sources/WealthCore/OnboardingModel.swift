// The onboarding screens' model: binds the core's `Onboarding` flow to SwiftUI. Each step passes
// the input to the core and publishes the view model the core returns; a refused step sets
// `error` (typed `WealthError`) and leaves `value` as it was. The as-you-type field checks call
// the core's validators. No business rule and no formatting here.
#if canImport(Observation)
import Foundation
import Observation

/// The onboarding flow of a new investor for SwiftUI (phone + OTP, identity, card, PIN,
/// questionnaire, newbie guide). Resumable: open it again on the same data directory and
/// `load()` shows the step to continue with.
@available(iOS 17, macOS 14, *)
@MainActor
@Observable
public final class OnboardingModel {
    /// Where onboarding stands, as the core last returned it (nil until `load()` or a step).
    public private(set) var value: OnboardingViewModel?
    /// The last refusal (cleared by the next step the core accepts).
    public private(set) var error: WealthError?
    /// True while a step runs.
    public private(set) var isWorking = false
    /// The last OTP sent (expiry, resend time, sends left), as the core returned it.
    public private(set) var otpSent: OtpSentView?
    /// The core's text for the card step's warning (`LUHN`: the number fails the Luhn check; the
    /// bank took it), or nil.
    public private(set) var cardWarning: String?
    /// The language of the core's field messages (`setLanguage(_:)`; default zh-CN).
    public private(set) var locale: DisplayLocale = .zhCn
    /// The risk questionnaire, once `loadQuestionnaire()` ran.
    public private(set) var questionnaire: QuestionnaireView?
    /// The newbie guide checklist, once `loadGuide(firstDepositMade:)` ran.
    public private(set) var guide: [GuideItemView] = []

    /// The generated core object, for anything this model does not wrap.
    @ObservationIgnored public let flow: Onboarding

    /// A model over an opened flow; call `load()` to read where it stands.
    public init(flow: Onboarding) {
        self.flow = flow
    }

    /// Opens the flow's local store in `dataDirectory` (the folder `WealthSession.open` uses later)
    /// with the platform's secret store, which receives the session token and the database key.
    public static func open(
        serverURL: String,
        caCertPEM: String? = nil,
        dataDirectory: URL,
        secrets: PlatformSecretStore
    ) throws -> OnboardingModel {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        return OnboardingModel(flow: try Onboarding.open(
            serverUrl: serverURL, caCertPem: caCertPEM, dataDir: dataDirectory.path, secrets: secrets))
    }

    /// The onboarding is complete and a session token is in the secret store: open a `WealthSession`.
    public var isDone: Bool { value?.step == "done" && value?.hasSession == true }

    /// The session token once phone + OTP are done (tools and tests; apps open the session with
    /// the secret store instead).
    public var sessionToken: String? { flow.sessionToken() }

    /// The language of the core's field messages, from a BCP 47 tag (`Locale.preferredLanguages.first`).
    public func setLanguage(_ tag: String) {
        locale = displayLocaleForTag(tag: tag)
        flow.setLocale(locale: locale)
    }

    /// Reads where onboarding stands from the local store (no network).
    public func load() {
        apply { try self.flow.view() }
    }

    /// Brings the local progress up to the server's (after a restart or on another device).
    @discardableResult
    public func refresh() async -> Bool {
        await step { try await self.flow.refresh() }
    }

    /// Step 1a: asks the server to send an OTP to `phone`. `value` does not change.
    @discardableResult
    public func requestOTP(phone: String) async -> Bool {
        await run {
            let sent = try await self.flow.requestOtp(phone: phone)
            self.otpSent = sent
        }
    }

    /// Step 1b: the code received by SMS.
    @discardableResult
    public func verifyOTP(_ code: String) async -> Bool {
        await step { try await self.flow.verifyOtp(code: code) }
    }

    /// Step 2: real name and ID number.
    @discardableResult
    public func submitIdentity(name: String, idNumber: String) async -> Bool {
        await step { try await self.flow.submitIdentity(name: name, idNumber: idNumber) }
    }

    /// Step 3: the bank card. `cardWarning` carries the core's warning, if any.
    @discardableResult
    public func submitCard(_ cardNumber: String) async -> Bool {
        await run {
            let result = try await self.flow.submitCard(cardNumber: cardNumber)
            self.value = result.view
            self.cardWarning = result.warning == nil ? nil : result.warningMessage
        }
    }

    /// Step 4: the trading PIN, typed twice.
    @discardableResult
    public func submitPIN(_ pin: String, again pinAgain: String) async -> Bool {
        await step { try await self.flow.submitPin(pin: pin, pinAgain: pinAgain) }
    }

    /// Fetches the risk questionnaire (cached by the core for offline use) into `questionnaire`.
    @discardableResult
    public func loadQuestionnaire() async -> Bool {
        await run {
            let q = try await self.flow.questionnaire()
            self.questionnaire = q
        }
    }

    /// Step 5: one option index per question, in the questionnaire's order.
    @discardableResult
    public func submitAnswers(_ answers: [UInt32]) async -> Bool {
        await step { try await self.flow.submitAnswers(answers: answers) }
    }

    /// Reads the newbie guide checklist into `guide`.
    public func loadGuide(firstDepositMade: Bool = false) {
        do {
            guide = try flow.newbieGuide(firstDepositMade: firstDepositMade)
            error = nil
        } catch {
            self.error = Self.typed(error)
        }
    }

    /// Marks a guide page read (`what_is_it`, `protection`) and reads the checklist again.
    public func markGuideRead(_ id: String, firstDepositMade: Bool = false) {
        do {
            try flow.markGuideRead(id: id)
            loadGuide(firstDepositMade: firstDepositMade)
        } catch {
            self.error = Self.typed(error)
        }
    }

    // MARK: As-you-type checks (the core's validators; nothing is sent)

    /// Checks a mobile number as typed (`FORMAT`); `message` is the core's text in `locale`.
    public nonisolated static func checkPhone(_ value: String, locale: DisplayLocale? = nil) -> FieldCheck {
        WealthFFI.checkPhone(value: value, locale: locale)
    }

    /// Checks an ID number as typed, at the core's business day: `FORMAT`, `CHECKSUM`,
    /// `BIRTH_DATE`, `UNDER_AGE`.
    public nonisolated static func checkIDNumber(_ value: String, locale: DisplayLocale? = nil) -> FieldCheck {
        do {
            return try WealthFFI.checkIdNumber(value: value, today: nil, locale: locale)
        } catch {
            let e = typed(error)
            return FieldCheck(ok: false, code: e.code, warning: "", message: e.detail)
        }
    }

    /// Checks a card number as typed (`FORMAT`; warning `LUHN`).
    public nonisolated static func checkCard(_ value: String, locale: DisplayLocale? = nil) -> FieldCheck {
        WealthFFI.checkCard(value: value, locale: locale)
    }

    /// Checks a trading PIN as typed (`FORMAT`, `PIN_TOO_SIMPLE`).
    public nonisolated static func checkPIN(_ value: String, locale: DisplayLocale? = nil) -> FieldCheck {
        WealthFFI.checkPin(value: value, locale: locale)
    }

    // MARK: Plumbing

    /// Runs a step that returns the whole view model and publishes it.
    private func step(_ call: @escaping () async throws -> OnboardingViewModel) async -> Bool {
        await run {
            let view = try await call()
            self.value = view
        }
    }

    /// Runs `body`; a failure lands in `error` and changes nothing else.
    private func run(_ body: @escaping () async throws -> Void) async -> Bool {
        isWorking = true
        defer { isWorking = false }
        do {
            try await body()
            error = nil
            return true
        } catch {
            self.error = Self.typed(error)
            return false
        }
    }

    private func apply(_ call: () throws -> OnboardingViewModel) {
        do {
            value = try call()
            error = nil
        } catch {
            self.error = Self.typed(error)
        }
    }

    private nonisolated static func typed(_ error: Error) -> WealthError {
        (error as? WealthError) ?? .Internal(code: "INTERNAL", detail: String(describing: error))
    }
}
#endif
