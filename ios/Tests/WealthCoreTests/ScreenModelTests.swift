// The observable models of the points tab and the onboarding screens, against the sandbox.
// Neither moves the sandbox clock. The points test lowers the programme's points_per_yuan for its
// own redemption and puts it back before it returns (tests run one at a time).
import Foundation
import XCTest
@testable import WealthCore

#if canImport(Observation)
/// A new investor, not the journey's one. The sandbox bank refuses a card number ending in 0.
private let phone = "13900139001"
private let realName = "李四"
private let idNumber = "110105198506150030"
private let card = "6222020200112248"
private let pin = "135790"

final class ScreenModelTests: XCTestCase {
    private var sandbox: TestSandbox!

    override func setUpWithError() throws { sandbox = try TestSandbox.fromEnvironment() }
    override func tearDownWithError() throws { sandbox?.removeData() }

    @MainActor
    func testPointsModelReloadsAfterARedeemAndShowsTheCoupon() async throws {
        let admin = try sandbox.admin()
        // A sandbox investor starts with the two onboarding tasks' 100 points: at 20 points a yuan
        // they buy a 5-yuan coupon.
        try await admin.setSetting(name: "points_per_yuan", value: "20")
        do {
            try await redeemThroughThePointsModel()
        } catch {
            try? await admin.setSetting(name: "points_per_yuan", value: "100")
            throw error
        }
        try await admin.setSetting(name: "points_per_yuan", value: "100")
    }

    @MainActor
    private func redeemThroughThePointsModel() async throws {
        let session = try await sandbox.newSession("Swift Points Model")
        let model = PointsModel.points(session)
        await model.reload()
        XCTAssertNil(model.error)
        XCTAssertEqual(model.value?.points.balance, 100)
        XCTAssertEqual(model.value?.points.expiring.map(\.left), [50, 50])
        XCTAssertEqual(model.value?.coupons, [])
        // The coupons on offer, priced by the core at the programme's current rate.
        let offers = try XCTUnwrap(model.value?.points.offers)
        XCTAssertEqual(offers.map(\.value), ["5.00", "10.00", "20.00"])
        XCTAssertEqual(offers.map(\.points), [100, 200, 400])
        XCTAssertEqual(offers.map(\.minDeposit), ["500.00", "1000.00", "2000.00"])
        // Display strings are the core's (zh-CN by default).
        XCTAssertEqual(model.value?.points.display.balance, "100 积分")
        XCTAssertEqual([offers[0].valueDisplay, offers[0].pointsDisplay, offers[0].minDepositDisplay],
                       ["¥5.00", "100 积分", "满¥500.00可用"])
        let loads = model.loads

        // No reload() call: the core's observer brings the new points and wallet.
        let coupon = try await session.redeemPoints(offers[0].value)
        XCTAssertEqual([coupon.value, coupon.status, coupon.valueDisplay, coupon.statusDisplay],
                       ["5.00", "issued", "¥5.00", "可使用"])
        XCTAssertEqual(coupon.points, 100)
        try await waitUntil("the coupon in the points model") { model.value?.coupons.map(\.id) == [coupon.id] }
        XCTAssertGreaterThan(model.loads, loads)
        XCTAssertEqual(model.value?.points.balance, 0)
        XCTAssertEqual(model.value?.coupons.first, coupon)
        XCTAssertNil(model.error)
        model.stop()
    }

    @MainActor
    func testOnboardingModelDrivesAFreshOnboardingAndKeepsItsValueOnARefusal() async throws {
        let admin = try sandbox.admin()
        let secrets = InMemorySecretStore()
        let model = try OnboardingModel.open(
            serverURL: sandbox.serverURL, caCertPEM: sandbox.caPEM, dataDirectory: sandbox.dataDir, secrets: secrets)
        model.load()
        XCTAssertEqual(model.value?.step, "phone")
        XCTAssertFalse(model.isDone)

        // As-you-type checks are the core's validators.
        let badPhone = OnboardingModel.checkPhone("1380013800")
        XCTAssertEqual([badPhone.code, badPhone.message], ["FORMAT", "请输入以13-19开头的11位手机号"])
        XCTAssertTrue(OnboardingModel.checkPhone(phone).ok)
        XCTAssertEqual(OnboardingModel.checkIDNumber("110105198506150031").code, "CHECKSUM")
        XCTAssertTrue(OnboardingModel.checkIDNumber(idNumber).ok)
        let notLuhn = OnboardingModel.checkCard("6222020200112231")
        XCTAssertEqual([notLuhn.ok ? "ok" : "refused", notLuhn.warning], ["ok", "LUHN"])
        XCTAssertTrue(OnboardingModel.checkCard("6222020200112231", locale: .en).message.contains("card check"))
        XCTAssertEqual(OnboardingModel.checkCard(card).warning, "")
        XCTAssertEqual(OnboardingModel.checkPIN("123456").code, "PIN_TOO_SIMPLE")
        XCTAssertTrue(OnboardingModel.checkPIN(pin).ok)

        // Phone + OTP; a wrong code is refused as a typed error and changes nothing.
        var ok = await model.requestOTP(phone: phone)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertNotNil(model.otpSent)
        let code = try await admin.otp(phone: phone)
        let atPhone = model.value
        ok = await model.verifyOTP(code == "000000" ? "111111" : "000000")
        XCTAssertFalse(ok)
        guard case .WrongCode(let errorCode, _, _)? = model.error else {
            return XCTFail("a wrong OTP gave \(String(describing: model.error))")
        }
        XCTAssertEqual(errorCode, "OTP_WRONG")
        XCTAssertEqual(model.value, atPhone)
        ok = await model.verifyOTP(code)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertNil(model.error)
        XCTAssertEqual(model.value?.step, "identity")
        XCTAssertNotNil(model.value?.accountId)
        XCTAssertNotNil(model.sessionToken)

        // Identity: a bad checksum is refused on the device, with the field named.
        let atIdentity = model.value
        ok = await model.submitIdentity(name: realName, idNumber: "110105198506150031")
        XCTAssertFalse(ok)
        guard case .InvalidField(let fieldCode, _, let field)? = model.error else {
            return XCTFail("a bad ID number gave \(String(describing: model.error))")
        }
        XCTAssertEqual([fieldCode, field], ["CHECKSUM", "id_number"])
        XCTAssertEqual(model.value, atIdentity)
        ok = await model.submitIdentity(name: realName, idNumber: idNumber)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertEqual(model.value?.step, "card")
        XCTAssertEqual(model.value?.name, realName)

        ok = await model.submitCard(card)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertEqual(model.value?.step, "pin")
        XCTAssertEqual(model.value?.cardLast4, "2248")
        XCTAssertNil(model.cardWarning)

        // Resumable: a model opened again on the same folder and store shows the next step.
        let resumed = try OnboardingModel.open(
            serverURL: sandbox.serverURL, caCertPEM: sandbox.caPEM, dataDirectory: sandbox.dataDir, secrets: secrets)
        resumed.load()
        XCTAssertEqual(resumed.value?.step, "pin")
        XCTAssertEqual(resumed.value?.doneSteps, model.value?.doneSteps)

        // The PIN twice: a mismatch is refused.
        let atPIN = model.value
        ok = await model.submitPIN(pin, again: "246801")
        XCTAssertFalse(ok)
        XCTAssertEqual(model.error?.code, "PIN_MISMATCH")
        XCTAssertEqual(model.value, atPIN)
        ok = await model.submitPIN(pin, again: pin)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertEqual(model.value?.step, "questionnaire")

        ok = await model.loadQuestionnaire()
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        let questionnaire = try XCTUnwrap(model.questionnaire)
        XCTAssertEqual(questionnaire.defaultAnswers.count, questionnaire.questions.count)
        ok = await model.submitAnswers(questionnaire.defaultAnswers)
        XCTAssertTrue(ok, "\(String(describing: model.error))")
        XCTAssertEqual(model.value?.step, "done")
        XCTAssertEqual(model.value?.riskLevel, "C3")
        XCTAssertTrue(model.isDone)
        XCTAssertTrue(secrets.names.contains("session-token"), "\(secrets.names)")

        // The newbie guide: reading a page ticks it.
        model.loadGuide()
        XCTAssertFalse(model.guide.isEmpty)
        XCTAssertEqual(model.guide.first { $0.id == "what_is_it" }?.done, false)
        model.markGuideRead("what_is_it")
        XCTAssertEqual(model.guide.first { $0.id == "what_is_it" }?.done, true)
        XCTAssertNil(model.error)

        // The same secret store opens the investor's session.
        let session = try WealthSession.open(
            serverURL: sandbox.serverURL, caCertPEM: sandbox.caPEM, dataDirectory: sandbox.dataDir, secrets: secrets)
        try await session.sync()
        let points = try await session.points()
        XCTAssertEqual(points.balance, 100)
    }
}
#endif
