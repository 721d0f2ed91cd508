// The Swift layer over the core: observable view models that reload when the core reports a
// change, log forwarding, the secret store protocol and the panic guard. Runs on Linux.
// Does not move the sandbox clock (JourneyTests does), so it runs in any order.
import Foundation
import XCTest
@testable import WealthCore

private final class Collect: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [LogRecord] = []
    func log(record: LogRecord) { lock.lock(); lines.append(record); lock.unlock() }
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return lines.map(\.message) }
}

final class ShellTests: XCTestCase {
    private var sandbox: TestSandbox!

    override func setUpWithError() throws { sandbox = try TestSandbox.fromEnvironment() }
    override func tearDownWithError() throws { sandbox?.removeData() }

    private func newSession(_ name: String) async throws -> WealthSession { try await sandbox.newSession(name) }

    #if canImport(Observation)
    @MainActor
    func testHomeModelReloadsWhenTheCoreReportsAChange() async throws {
        let session = try await newSession("Swift Home Model")
        let home = HomeModel.home(session)
        await home.reload()
        XCTAssertEqual(home.value?.display.pendingIn, "¥0.00")
        XCTAssertEqual(home.loads, 1)

        // No reload() call: the core's observer brings the new view model.
        try await session.deposit("10000.00", pin: "135790")
        try await waitUntil("the deposit in the home model") { home.value?.display.pendingIn == "¥10,000.00" }
        XCTAssertEqual(home.value?.display.pendingIn, "¥10,000.00")

        session.setLanguage("en-GB")
        try await waitUntil("English display strings") { home.value?.display.asOf.hasPrefix("as of ") == true }
        XCTAssertNil(home.error)
        home.stop()
    }
    #endif

    func testRelayFansOutAndUnsubscribes() {
        let relay = ChangeRelay()
        final class Box: @unchecked Sendable { var heard: [ChangeKind] = [] }
        let a = Box(), b = Box()
        let ta = relay.subscribe { a.heard.append($0) }
        relay.subscribe { b.heard.append($0) }
        relay.onChange(what: .account)
        relay.unsubscribe(ta)
        relay.onChange(what: .locale)
        XCTAssertEqual(a.heard, [.account])
        XCTAssertEqual(b.heard, [.account, .locale])
    }

    func testCoreLogsArriveRedacted() async throws {
        let sink = Collect()
        WealthLogging.install(sink, maxLevel: .info)
        defer { WealthLogging.uninstall() }
        let session = try await newSession("Swift Logs")
        do {
            try await session.deposit("1e3", pin: "135790")
            XCTFail("1e3 accepted")
        } catch let e as WealthError {
            XCTAssertEqual(e.code, "INVALID_AMOUNT")
        }
        XCTAssertTrue(sink.messages.contains("sync: done"), "\(sink.messages)")
        XCTAssertTrue(sink.messages.contains { $0.hasPrefix("deposit: INVALID_AMOUNT") }, "\(sink.messages)")
    }

    func testSecretStoreProtocol() throws {
        let store: PlatformSecretStore = InMemorySecretStore()
        XCTAssertNil(try store.get(name: "session"))
        try store.set(name: "session", value: Data("tok".utf8))
        XCTAssertEqual(try store.get(name: "session"), Data("tok".utf8))
        try store.delete(name: "session")
        XCTAssertNil(try store.get(name: "session"))
    }

    #if WEALTH_FFI_TESTING
    func testAPanicInTheCoreArrivesAsAnInternalError() async throws {
        XCTAssertThrowsError(try debugPanic(message: "from swift")) { error in
            XCTAssertEqual((error as? WealthError)?.code, "INTERNAL")
            XCTAssertTrue((error as? WealthError)?.detail.contains("from swift") == true)
        }
        do {
            try await debugPanicAsync(message: "async from swift")
            XCTFail("no error")
        } catch let e as WealthError {
            XCTAssertEqual(e.code, "INTERNAL")
        }
    }
    #endif
}
