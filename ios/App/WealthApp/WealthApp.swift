// SwiftUI demo app: home, deposit, withdraw (instant/normal plan), statement. It draws the
// core's view models as they are (display strings included) and passes input to the core.
// No business rule and no formatting here.
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
            } else {
                // Onboarding (issue 3) draws here once its core view model exists.
                Text("No session: sign in first")
            }
        }
    }
}

/// Opens the session with the Keychain (the store the onboarding filled: session token and the
/// local database's key) and forwards core logs to os_log.
@MainActor
@Observable
final class AppState {
    let session: WealthSession?

    init() {
        WealthLogging.install()
        let secrets = KeychainSecretStore()
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("wealth")
        if (try? secrets.get(name: "session-token")) != nil,
           let session = try? WealthSession.open(
               serverURL: "https://127.0.0.1:8443", dataDirectory: dir, secrets: secrets) {
            session.setLanguage(Locale.preferredLanguages.first ?? "zh-CN")
            self.session = session
        } else {
            session = nil
        }
    }
}

struct RootView: View {
    let session: WealthSession
    @State private var home: HomeModel
    @State private var statement: StatementModel

    init(session: WealthSession) {
        self.session = session
        _home = State(initialValue: .home(session))
        // The sandbox demo's month; a month picker comes with the statement history screen.
        _statement = State(initialValue: .statement(session, month: "2026-11"))
    }

    var body: some View {
        TabView {
            HomeView(model: home, session: session).tabItem { Text("Home") }
            AmountView(title: "Deposit") { try await session.deposit($0, pin: $1) }.tabItem { Text("Deposit") }
            WithdrawView(session: session).tabItem { Text("Withdraw") }
            StatementScreen(model: statement).tabItem { Text("Statement") }
        }
        .task {
            await home.reload()
            await statement.reload()
            _ = try? await session.sync()
        }
    }
}
#endif
