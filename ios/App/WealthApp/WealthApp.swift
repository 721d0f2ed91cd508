// SwiftUI demo app: onboarding (when there is no session), then home, deposit, withdraw
// (instant/normal plan), points & coupons, statement. It draws the core's view models as they
// are (display strings included) and passes input to the core. No business rule and no
// formatting here.
#if canImport(SwiftUI)
import SwiftUI
import WealthCore

@main
struct WealthApp: App {
    @State private var app = AppState()

    var body: some Scene {
        WindowGroup {
            if let session = app.session {
                RootView(session: session)
            } else if let onboarding = app.onboarding {
                OnboardingFlowView(model: onboarding) { app.openSession() }
            } else if let error = app.error {
                Text(error.detail)
            } else {
                ProgressView()
            }
        }
    }
}

/// Opens the onboarding flow with the Keychain; once the core reports it done (or at a later
/// launch), opens the session with the same store (session token and the local database's key)
/// and the same data directory. Forwards core logs to os_log.
@MainActor
@Observable
final class AppState {
    /// The signed-in investor, once onboarding is done.
    private(set) var session: WealthSession?
    /// The onboarding flow while there is no session.
    private(set) var onboarding: OnboardingModel?
    /// Why the local store could not be opened.
    private(set) var error: WealthError?

    /// The sandbox on this Mac; a release build points at the production host and passes its pins.
    private let serverURL = "https://127.0.0.1:8443"
    private let secrets = KeychainSecretStore()
    private let dataDirectory = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        .appendingPathComponent("wealth")

    init() {
        WealthLogging.install()
        do {
            let onboarding = try OnboardingModel.open(
                serverURL: serverURL, dataDirectory: dataDirectory, secrets: secrets)
            onboarding.setLanguage(Locale.preferredLanguages.first ?? "zh-CN")
            onboarding.load()
            self.onboarding = onboarding
            if onboarding.isDone { openSession() }
        } catch {
            self.error = (error as? WealthError) ?? .Internal(code: "INTERNAL", detail: String(describing: error))
        }
    }

    /// Opens the investor's session (the core found the onboarding done).
    func openSession() {
        do {
            let session = try WealthSession.open(serverURL: serverURL, dataDirectory: dataDirectory, secrets: secrets)
            session.setLanguage(Locale.preferredLanguages.first ?? "zh-CN")
            self.session = session
            onboarding = nil
        } catch {
            self.error = (error as? WealthError) ?? .Internal(code: "INTERNAL", detail: String(describing: error))
        }
    }
}

struct RootView: View {
    let session: WealthSession
    @State private var home: HomeModel
    @State private var points: PointsModel
    @State private var statement: StatementModel

    init(session: WealthSession) {
        self.session = session
        _home = State(initialValue: .home(session))
        _points = State(initialValue: .points(session))
        // The sandbox demo's month; a month picker comes with the statement history screen.
        _statement = State(initialValue: .statement(session, month: "2026-11"))
    }

    var body: some View {
        TabView {
            HomeView(model: home, session: session).tabItem { Label("Home", systemImage: "house") }
            AmountView(title: "Deposit") { try await session.deposit($0, pin: $1) }
                .tabItem { Label("Deposit", systemImage: "arrow.down.circle") }
            WithdrawView(session: session).tabItem { Label("Withdraw", systemImage: "arrow.up.circle") }
            PointsScreen(model: points, session: session).tabItem { Label("Points", systemImage: "gift") }
            StatementScreen(model: statement).tabItem { Label("Statement", systemImage: "doc.text") }
        }
        .task {
            await home.reload()
            await points.reload()
            await statement.reload()
            _ = try? await session.sync()
        }
    }
}
#endif
