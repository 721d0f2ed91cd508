// Swift conveniences over the uniffi-generated `WealthFFI` module.
// Re-exported so that apps `import WealthCore` only.
@_exported import WealthFFI
import Foundation

extension WealthError {
    /// The stable code of any variant (`INVALID_AMOUNT`, `OFFLINE`, ...): every variant carries one.
    public var code: String { payloadField("code") ?? "INTERNAL" }

    /// The message a person can act on.
    public var detail: String { payloadField("detail") ?? String(describing: self) }

    /// Reads a named associated value, so new variants need no change here.
    private func payloadField(_ name: String) -> String? {
        guard let payload = Mirror(reflecting: self).children.first?.value else { return nil }
        return Mirror(reflecting: payload).children.first { $0.label == name }?.value as? String
    }
}

extension Wealth {
    /// Opens the local store for a signed-in investor and fetches what changed from the server.
    public static func openAndSync(
        serverURL: String,
        caCertPEM: String? = nil,
        dataDirectory: URL,
        sessionToken: String
    ) async throws -> Wealth {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let wealth = try Wealth.open(config: WealthConfig(
            serverUrl: serverURL,
            caCertPem: caCertPEM,
            dataDir: dataDirectory.path,
            sessionToken: sessionToken
        ))
        _ = try await wealth.sync()
        return wealth
    }
}
