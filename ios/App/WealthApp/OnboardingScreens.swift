// Onboarding screens: phone + OTP, identity, bank card, trading PIN twice, risk questionnaire,
// newbie guide. They draw `OnboardingModel` and pass input to it; which step to show, every
// check and every refusal come from the core. No business rule and no formatting here.
#if canImport(SwiftUI)
import SwiftUI
import WealthCore

/// Shows the step the core says is next; `onDone` opens the investor's session.
struct OnboardingFlowView: View {
    let model: OnboardingModel
    let onDone: () -> Void

    var body: some View {
        NavigationStack {
            Group {
                switch model.value?.step {
                case "phone": PhoneStep(model: model)
                case "identity": IdentityStep(model: model)
                case "card": CardStep(model: model)
                case "pin": PINStep(model: model)
                case "questionnaire": QuestionnaireStep(model: model)
                case "done": GuideStep(model: model, onDone: onDone)
                default:
                    if let error = model.error { Text(error.detail) } else { ProgressView() }
                }
            }
            .navigationTitle("Open an account")
            .disabled(model.isWorking)
        }
        .task { await model.refresh() }
    }
}

/// The core's refusal of the last step (its message), under a form.
private struct StepError: View {
    let model: OnboardingModel

    var body: some View {
        if let error = model.error { Text(error.detail).foregroundStyle(.red) }
    }
}

/// An as-you-type check's outcome under a field: the refusal or the warning code, as copy.
private struct FieldNote: View {
    let check: FieldCheck?

    var body: some View {
        if let check, !check.ok {
            Text(check.message).font(.footnote).foregroundStyle(.red)
        } else if let check, !check.warning.isEmpty {
            Text(check.message).font(.footnote).foregroundStyle(.orange)
        }
    }
}

struct PhoneStep: View {
    let model: OnboardingModel
    @State private var phone = ""
    @State private var code = ""
    @State private var check: FieldCheck?

    var body: some View {
        Form {
            Section("Mobile number") {
                TextField("Mobile number", text: $phone)
                    .keyboardType(.phonePad)
                    .textContentType(.telephoneNumber)
                    .onChange(of: phone) { _, new in check = new.isEmpty ? nil : OnboardingModel.checkPhone(new, locale: model.locale) }
                FieldNote(check: check)
                Button("Send code") { Task { await model.requestOTP(phone: phone) } }
                if let sent = model.otpSent {
                    LabeledContent("Valid until", value: sent.expiresDisplay)
                    LabeledContent("New code from", value: sent.resendDisplay)
                }
            }
            if model.otpSent != nil {
                Section("Code received by SMS") {
                    TextField("Code", text: $code)
                        .keyboardType(.numberPad)
                        .textContentType(.oneTimeCode)
                    Button("Verify") { Task { await model.verifyOTP(code) } }
                }
            }
            StepError(model: model)
        }
    }
}

struct IdentityStep: View {
    let model: OnboardingModel
    @State private var name = ""
    @State private var idNumber = ""
    @State private var check: FieldCheck?

    var body: some View {
        Form {
            Section("Real name") {
                TextField("Name as on the ID card", text: $name).textContentType(.name)
            }
            Section("ID number") {
                TextField("18-character ID number", text: $idNumber)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                    .onChange(of: idNumber) { _, new in
                        check = new.isEmpty ? nil : OnboardingModel.checkIDNumber(new, locale: model.locale)
                    }
                FieldNote(check: check)
            }
            Button("Continue") { Task { await model.submitIdentity(name: name, idNumber: idNumber) } }
            StepError(model: model)
        }
    }
}

struct CardStep: View {
    let model: OnboardingModel
    @State private var card = ""
    @State private var check: FieldCheck?

    var body: some View {
        Form {
            if let name = model.value?.name, let masked = model.value?.idNumberMasked {
                Section("Card holder") { LabeledContent(name, value: masked) }
            }
            Section("Debit card in your name") {
                TextField("Card number", text: $card)
                    .keyboardType(.numberPad)
                    .onChange(of: card) { _, new in check = new.isEmpty ? nil : OnboardingModel.checkCard(new, locale: model.locale) }
                FieldNote(check: check)
            }
            Button("Bind card") { Task { await model.submitCard(card) } }
            StepError(model: model)
        }
    }
}

struct PINStep: View {
    let model: OnboardingModel
    @State private var pin = ""
    @State private var pinAgain = ""
    @State private var check: FieldCheck?

    var body: some View {
        Form {
            if let last4 = model.value?.cardLast4, let warning = model.cardWarning {
                Section("Card •••• \(last4)") { Text(warning).foregroundStyle(.orange) }
            }
            Section("Trading PIN (6 digits)") {
                SecureField("PIN", text: $pin)
                    .keyboardType(.numberPad)
                    .onChange(of: pin) { _, new in check = new.isEmpty ? nil : OnboardingModel.checkPIN(new, locale: model.locale) }
                FieldNote(check: check)
                SecureField("PIN again", text: $pinAgain).keyboardType(.numberPad)
            }
            Button("Set PIN") {
                Task {
                    await model.submitPIN(pin, again: pinAgain)
                    pin = ""
                    pinAgain = ""
                }
            }
            StepError(model: model)
        }
    }
}

struct QuestionnaireStep: View {
    let model: OnboardingModel
    /// Option index chosen per question index.
    @State private var answers: [Int: Int] = [:]

    var body: some View {
        Form {
            if let q = model.questionnaire {
                ForEach(q.questions.indices, id: \.self) { index in
                    let question = q.questions[index]
                    Section(question.text) {
                        Picker(question.text, selection: answer(index)) {
                            ForEach(question.options.indices, id: \.self) { option in
                                Text(question.options[option]).tag(Optional(option))
                            }
                        }
                        .pickerStyle(.inline)
                        .labelsHidden()
                    }
                }
                Button("Submit answers") {
                    let chosen = q.questions.indices.compactMap { answers[$0].map { UInt32($0) } }
                    Task { await model.submitAnswers(chosen) }
                }
                .disabled(answers.count < q.questions.count)
            } else {
                ProgressView()
            }
            StepError(model: model)
        }
        .task { await model.loadQuestionnaire() }
    }

    private func answer(_ index: Int) -> Binding<Int?> {
        Binding(get: { answers[index] }, set: { answers[index] = $0 })
    }
}

/// The result (risk level) and the newbie guide checklist; pages are marked read by the core.
struct GuideStep: View {
    let model: OnboardingModel
    let onDone: () -> Void

    var body: some View {
        List {
            if let level = model.value?.riskLevel {
                Section("Risk level") { Text(level).font(.title) }
            }
            Section("Newbie guide") {
                ForEach(model.guide, id: \.id) { item in
                    Button {
                        model.markGuideRead(item.id)
                    } label: {
                        Label(item.title, systemImage: item.done ? "checkmark.circle.fill" : "circle")
                    }
                    .disabled(item.done)
                }
            }
            StepError(model: model)
            Button("Open my account", action: onDone).disabled(!model.isDone)
        }
        .onAppear { model.loadGuide() }
    }
}
#endif
