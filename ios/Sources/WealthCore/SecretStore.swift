// Platform secret storage for the core: the generated `PlatformSecretStore` callback interface
// (get/set/delete of bytes by name, throwing `SecretStoreError`). The core keeps the local
// database's key (`replica-key`) and the session token (`session-token`) here, never in SQLite.
// Give the SAME store to `Onboarding.open` and `WealthSession.open(..., secrets:)`.
import Foundation

/// In memory: for tests and for Linux, where there is no Keychain.
public final class InMemorySecretStore: PlatformSecretStore, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: Data] = [:]
    /// An empty store.
    public init() {}
    /// The bytes stored under `name`, or nil.
    public func get(name: String) throws -> Data? { lock.lock(); defer { lock.unlock() }; return items[name] }
    /// Stores `value` under `name`, replacing what was there.
    public func set(name: String, value: Data) throws { lock.lock(); items[name] = value; lock.unlock() }
    /// Removes `name` (nothing happens if it is absent).
    public func delete(name: String) throws { lock.lock(); items[name] = nil; lock.unlock() }
    /// The names held (tests check what the core stored).
    public var names: [String] { lock.lock(); defer { lock.unlock() }; return items.keys.sorted() }
}

#if canImport(Security)
import Security

/// Generic-password Keychain items of one service, readable after the first unlock and never
/// synced to iCloud or restored to another device (`kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`).
/// A failed call throws `SecretStoreError.Failed` with the OSStatus.
public final class KeychainSecretStore: PlatformSecretStore, @unchecked Sendable {
    private let service: String
    private let accessGroup: String?

    /// Items of `service`, shared through `accessGroup` when given (app extensions).
    public init(service: String = "com.wealthcore.secrets", accessGroup: String? = nil) {
        self.service = service
        self.accessGroup = accessGroup
    }

    private func query(_ key: String) -> [String: Any] {
        var q: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
        if let accessGroup { q[kSecAttrAccessGroup as String] = accessGroup }
        return q
    }

    private static func failure(_ status: OSStatus) -> SecretStoreError {
        .Failed(detail: "keychain status \(status)")
    }

    /// The item's data, or nil when there is none.
    public func get(name: String) throws -> Data? {
        var q = query(name)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var out: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &out)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess else { throw Self.failure(status) }
        return out as? Data
    }

    /// Updates the item, or adds it when there is none.
    public func set(name: String, value: Data) throws {
        let attributes: [String: Any] = [
            kSecValueData as String: value,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(query(name) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            status = SecItemAdd(query(name).merging(attributes) { $1 } as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw Self.failure(status) }
    }

    /// Deletes the item (an absent item is not an error).
    public func delete(name: String) throws {
        let status = SecItemDelete(query(name) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw Self.failure(status) }
    }
}
#endif
