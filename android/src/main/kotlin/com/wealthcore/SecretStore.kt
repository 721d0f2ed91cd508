package com.wealthcore

import java.util.concurrent.ConcurrentHashMap

/**
 * Raw secret storage by key (session token, database key). The core's callback interface
 * arrives with issue 5 (offline cache: `PlatformSecretStore`, get/set/delete of bytes by name);
 * until it is merged the Keystore implementation (src/androidMain) implements this interface of
 * the same shape, and conforming is one adapter whose three methods call these.
 */
interface SecretBytesStore {
    fun get(key: String): ByteArray?
    fun set(key: String, value: ByteArray)
    fun delete(key: String)
}

/** In memory: for JVM tests and tools. */
class InMemorySecretStore : SecretBytesStore {
    private val items = ConcurrentHashMap<String, ByteArray>()
    override fun get(key: String): ByteArray? = items[key]?.copyOf()
    override fun set(key: String, value: ByteArray) { items[key] = value.copyOf() }
    override fun delete(key: String) { items.remove(key) }
}
