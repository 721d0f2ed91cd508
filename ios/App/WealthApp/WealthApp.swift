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

/// Opens the session with the token from the Keychain and forwards core logs to os_log.
@MainActor
@Observable
final class AppState {
    let session: WealthSession?

    init() {
        WealthLogging.install()
        let secrets = KeychainSecretStore()
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("wealth")
        if let token = try? secrets.get("session_token").flatMap({ String(data: $0, encoding: .utf8) }),
           let session = try? WealthSession.open(
               serverURL: "https://127.0.0.1:8443", dataDirectory: dir, sessionToken: token) {
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
            AmountView(title: "Deposit") { try await session.deposit($0) }.tabItem { Text("Deposit") }
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
