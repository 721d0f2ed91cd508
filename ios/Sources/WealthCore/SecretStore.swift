// Platform secret storage for the core (session token, database key). The core's callback
// interface arrives with issue 5 (offline cache: `PlatformSecretStore` with get/set/delete of
// bytes by name, throwing `SecretStoreError`); until it is merged this file defines the same
// byte-level shape, so conforming is one extension whose three methods call these.
import Foundation

/// Raw secret storage by key. Throws on a platform failure; `get` returns nil when absent.
public protocol SecretBytesStore: AnyObject {
    func get(_ key: String) throws -> Data?
    func set(_ key: String, _ value: Data) throws
    func delete(_ key: String) throws
}

/// A failed platform call (the OSStatus on Apple platforms).
public struct SecretStoreError: Error, Equatable {
    public let status: Int32
}

/// In memory: for tests and for Linux, where there is no Keychain.
public final class InMemorySecretStore: SecretBytesStore, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: Data] = [:]
    public init() {}
    public func get(_ key: String) throws -> Data? { lock.lock(); defer { lock.unlock() }; return items[key] }
    public func set(_ key: String, _ value: Data) throws { lock.lock(); items[key] = value; lock.unlock() }
    public func delete(_ key: String) throws { lock.lock(); items[key] = nil; lock.unlock() }
}

#if canImport(Security)
import Security

/// Generic-password Keychain items of one service, readable after the first unlock and never
/// synced to iCloud or restored to another device (`kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`).
public final class KeychainSecretStore: SecretBytesStore, @unchecked Sendable {
    private let service: String
    private let accessGroup: String?

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

    public func get(_ key: String) throws -> Data? {
        var q = query(key)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var out: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &out)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess else { throw SecretStoreError(status: status) }
        return out as? Data
    }

    public func set(_ key: String, _ value: Data) throws {
        let attributes: [String: Any] = [
            kSecValueData as String: value,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(query(key) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            status = SecItemAdd(query(key).merging(attributes) { $1 } as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw SecretStoreError(status: status) }
    }

    public func delete(_ key: String) throws {
        let status = SecItemDelete(query(key) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw SecretStoreError(status: status) }
    }
}
#endif
