package com.wealthcore

import java.util.concurrent.ConcurrentHashMap

/**
 * Raw secret storage by key (session token, database key). The core's `SecretStore` callback
 * interface arrives with issue 5 (offline cache); until then the Keystore implementation
 * (src/androidMain) implements this small interface, and conforming it to the core's interface
 * later maps get/set/delete one to one.
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
