// One investor's journey through the Swift bindings against the sandbox server.
//
// Mirrors tests/python/test_journey.py and android/src/test/kotlin/com/wealthcore/JourneyTest.kt:
// same steps, same figures, and the same as spec/scenarios/thursday-before-cut-off.json. The
// investor is onboarded through `Onboarding` (OTP read from the sandbox), then
// `Wealth.openWithSecretStore` opens the account with the same secret store; every money
// movement is confirmed with the trading PIN. The server's clock starts at 2026-11-16T09:00:00+08:00 (scripts/test-bindings.sh starts a fresh
// sandbox per language and sets WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE).
import Foundation
import XCTest
@testable import WealthCore

private let per10k = "0.6500"
private let publishFrom = "2026-11-08", publishTo = "2026-11-30"
private let thu1430 = "2026-11-19T14:30:00+08:00"  // before the 15:00 cut-off: T = Thu, confirmed Fri
private let thu1800 = "2026-11-19T18:00:00+08:00"
private let fri0900 = "2026-11-20T09:00:00+08:00"
private let mon0900 = "2026-11-23T09:00:00+08:00"
private let badAmounts = ["-5", "0.001", "1e3", ""]

private let phone = "13800138000"
private let realName = "张三"
private let idNumber = "11010519491231002X"
private let card = "6240008631401148"
private let pin = "135790"
/// Onboarding tasks: card bound +50, questionnaire +50.
private let onboardingPoints: Int64 = 100
/// Newbie privilege: the first confirmed deposit of at least 100.00.
private let newbiePoints: Int64 = 500
/// Holding points: floor(units that earned income on D / 10,000) for Fri, Sat, Sun = 1 + 1 + 1.
private let holdingPoints: Int64 = 3
/// A 5-yuan coupon at 100 points a yuan.
private let couponPoints: Int64 = 500
/// The PIN; the biometric prompt stands in as passed (needed above 5,000.00 a day).
private let withPIN = MovementConfirmation(pin: pin, biometric: true, smsOtp: nil, suitabilityConfirmed: false)

final class JourneyTests: XCTestCase {
    private var sandbox: TestSandbox!
    private var serverURL: String { sandbox.serverURL }
    private var caPEM: String { sandbox.caPEM }
    private var dataDir: URL { sandbox.dataDir }

    override func setUpWithError() throws { sandbox = try TestSandbox.fromEnvironment(required: true) }
    override func tearDownWithError() throws { sandbox?.removeData() }

    private func moveAndSync(_ admin: SandboxAdmin, _ wealth: Wealth, to at: String) async throws -> HomeViewModel {
        let now = try await admin.setClock(now: at)
        XCTAssertTrue(now.hasPrefix(String(at.prefix(16))), "server clock \(now), wanted \(at)")
        let result = try await wealth.sync()
        XCTAssertNil(result.mismatch)
        return try wealth.home()
    }

    private func onboard(_ admin: SandboxAdmin, secrets: PlatformSecretStore) async throws {
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        let flow = try Onboarding.open(serverUrl: serverURL, caCertPem: caPEM, dataDir: dataDir.path, secrets: secrets)
        XCTAssertEqual(try flow.view().step, "phone")
        _ = try await flow.requestOtp(phone: phone)
        var view = try await flow.verifyOtp(code: try await admin.otp(phone: phone))
        XCTAssertEqual(view.step, "identity")
        XCTAssertNotNil(view.accountId)
        view = try await flow.submitIdentity(name: realName, idNumber: idNumber)
        XCTAssertEqual(view.step, "card")
        XCTAssertEqual(view.name, realName)
        let cardStep = try await flow.submitCard(cardNumber: card)
        XCTAssertEqual(cardStep.view.step, "pin")
        XCTAssertEqual(cardStep.view.cardLast4, "1148")
        XCTAssertNil(cardStep.warning)
        view = try await flow.submitPin(pin: pin, pinAgain: pin)
        XCTAssertEqual(view.step, "questionnaire")
        let questionnaire = try await flow.questionnaire()
        view = try await flow.submitAnswers(answers: questionnaire.defaultAnswers)
        XCTAssertEqual(view.step, "done")
        XCTAssertEqual(view.riskLevel, "C3")
        XCTAssertTrue(view.hasSession)
        XCTAssertNotNil(flow.sessionToken())
    }

    func testDepositJourney() async throws {
        let admin = try sandbox.admin()
        let secrets = InMemorySecretStore()
        try await onboard(admin, secrets: secrets)

        let wealth = try Wealth.openWithSecretStore(
            config: WealthConfig(serverUrl: serverURL, caCertPem: caPEM, dataDir: dataDir.path, sessionToken: ""),
            secrets: secrets, spkiPins: [])
        _ = try await wealth.sync()
        XCTAssertEqual(try wealth.points().balance, onboardingPoints)

        try await admin.publishPer10k(fromDay: publishFrom, toDay: publishTo, per10k: per10k)
        _ = try await admin.setClock(now: thu1430)
        _ = try await wealth.sync()

        // Without the PIN (and, above 5,000.00 a day, the biometric prompt) nothing moves.
        do {
            _ = try await wealth.deposit(amount: "10000.00")
            XCTFail("a deposit without the PIN was accepted")
        } catch let WealthError.ConfirmationRequired(code, _, level) {
            XCTAssertEqual([code, level], ["CONFIRMATION_REQUIRED", "pin_biometric"])
        }
        XCTAssertEqual(try wealth.orders().count, 0)

        let order = try await wealth.depositConfirmed(amount: "10000.00", confirmation: withPIN)
        XCTAssertEqual(order.kind, "deposit")
        XCTAssertEqual(order.status, "pending")
        XCTAssertEqual(order.amount, "10000.00")
        XCTAssertEqual(order.tradingDay, "2026-11-19")
        XCTAssertEqual(order.confirmDay, "2026-11-20")

        var home = try await moveAndSync(admin, wealth, to: thu1800)
        var figures = try wealth.homeFigures()
        XCTAssertEqual(figures.pendingIn, "10000.00")
        XCTAssertEqual(figures.units, "0.00")
        XCTAssertEqual(figures.sevenDayYield, "2.401")

        home = try await moveAndSync(admin, wealth, to: fri0900)
        figures = try wealth.homeFigures()
        XCTAssertEqual(figures.pendingIn, "0.00")
        XCTAssertEqual(figures.units, "10000.00")
        XCTAssertEqual(figures.totalIncome, "0.00")

        home = try await moveAndSync(admin, wealth, to: mon0900)
        figures = try wealth.homeFigures()
        XCTAssertEqual(figures.units, "10001.95")
        XCTAssertEqual(figures.yesterdayIncome, "0.65")
        XCTAssertEqual(figures.totalIncome, "1.95")
        XCTAssertEqual(figures.pendingIn, "0.00")

        // Display strings come from the core (zh-CN by default); the app draws them as they are.
        XCTAssertEqual(home.display.units, "¥10,001.95")
        XCTAssertEqual(home.display.asOf, "截至 11月23日 09:00")

        let orders = try wealth.orders()
        XCTAssertEqual(orders.map { [$0.kind, $0.status, $0.amount] }, [["deposit", "confirmed", "10000.00"]])

        // Withdraw instantly (T+0, within the 10,000.00 daily quota).
        let plan = try wealth.withdrawalPlan(amount: "1000.00")
        XCTAssertEqual([plan.instant, plan.normal], ["1000.00", "0.00"])
        let out = try await wealth.withdrawConfirmed(amount: "1000.00", mode: .instant, confirmation: withPIN)
        XCTAssertEqual([out.kind, out.amount], ["instant_withdrawal", "1000.00"])
        home = try wealth.home()
        figures = try wealth.homeFigures()
        XCTAssertEqual([figures.units, figures.cashOut, figures.instantQuotaLeft], ["9001.95", "1000.00", "9000.00"])
        XCTAssertEqual(home.display.units, "¥9,001.95")

        // Points: onboarding tasks, the newbie privilege and three days of holding points.
        let points = try wealth.points().balance
        XCTAssertEqual(points, onboardingPoints + newbiePoints + holdingPoints)
        let walletBefore = try await wealth.coupons()
        XCTAssertEqual(walletBefore, [])
        let coupon = try await wealth.redeemPoints(couponValue: "5")
        XCTAssertEqual(coupon.value, "5.00")
        XCTAssertEqual(try wealth.points().balance, points - couponPoints)
        let wallet = try await wealth.coupons()
        XCTAssertEqual(wallet.map(\.id), [coupon.id])
    }

    func testBadAmountsRaiseInvalidAmount() async throws {
        let session = try await sandbox.newSession("Swift Bad Amounts")
        let wealth = session.core
        for bad in badAmounts {
            do {
                _ = try await wealth.depositConfirmed(amount: bad, confirmation: withPIN)
                XCTFail("deposit(\(bad.debugDescription)) succeeded")
            } catch let error as WealthError {
                guard case let .InvalidAmount(code, detail) = error else {
                    XCTFail("deposit(\(bad.debugDescription)) threw \(error), wanted InvalidAmount")
                    continue
                }
                XCTAssertEqual(code, "INVALID_AMOUNT", bad)
                XCTAssertEqual(error.code, "INVALID_AMOUNT", bad)
                XCTAssertFalse(detail.isEmpty, bad)
                XCTAssertEqual(error.detail, detail, bad)
            }
        }
        XCTAssertEqual(try wealth.orders().count, 0)
    }
}
