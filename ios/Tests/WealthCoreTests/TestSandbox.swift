// Setup shared by the tests that talk to the sandbox server: its URL and CA (set by
// scripts/test-bindings.sh as WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE), a fresh data directory
// per test, and an already-onboarded investor.
import Foundation
import XCTest
@testable import WealthCore

/// The sandbox server of this test run and a data directory of the current test.
struct TestSandbox {
    /// The server's URL (https on 127.0.0.1).
    let serverURL: String
    /// The sandbox's CA certificate (PEM).
    let caPEM: String
    /// A fresh directory for the test's local store (not yet created).
    let dataDir: URL

    /// Reads the environment; without a sandbox the test is skipped, or fails when `required`.
    static func fromEnvironment(required: Bool = false) throws -> TestSandbox {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["WEALTH_SERVER_URL"], let pemFile = env["WEALTH_CA_PEM_FILE"] else {
            let why = "WEALTH_SERVER_URL / WEALTH_CA_PEM_FILE not set: run scripts/test-bindings.sh --only swift"
            if required { XCTFail(why) }
            throw XCTSkip(why)
        }
        return TestSandbox(
            serverURL: url,
            caPEM: try String(contentsOfFile: pemFile, encoding: .utf8),
            dataDir: FileManager.default.temporaryDirectory.appendingPathComponent("wealth-swift-\(UUID().uuidString)"))
    }

    /// The sandbox's admin API (clock, 万份收益, settings, OTPs, investors).
    func admin() throws -> SandboxAdmin {
        try SandboxAdmin(serverUrl: serverURL, caCertPem: caPEM)
    }

    /// A session of a new, already-onboarded investor (trading PIN 135790, C3, 100 task points),
    /// synced once.
    func newSession(_ name: String) async throws -> WealthSession {
        let investor = try await admin().createInvestor(name: name, cardLast4: "0042")
        let session = try WealthSession.open(
            serverURL: serverURL, caCertPEM: caPEM, dataDirectory: dataDir, sessionToken: investor.token)
        try await session.sync()
        return session
    }

    /// Removes the test's data directory.
    func removeData() {
        try? FileManager.default.removeItem(at: dataDir)
    }
}

extension XCTestCase {
    /// Waits (up to 5 s) for `condition`, which an observer-driven reload should make true.
    @MainActor
    func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<250 where !condition() { try await Task.sleep(nanoseconds: 20_000_000) }
        XCTAssertTrue(condition(), "timed out waiting for \(what)")
    }
}
