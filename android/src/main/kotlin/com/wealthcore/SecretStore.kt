package com.wealthcore

import java.util.concurrent.ConcurrentHashMap
import uniffi.wealth_ffi.PlatformSecretStore

/**
 * In memory: for JVM tests and tools. Implements the core's [PlatformSecretStore] callback
 * interface (the core keeps the local database's key and the session token there). Give the
 * SAME store to `Onboarding.open` and [WealthSession.open].
 */
class InMemorySecretStore : PlatformSecretStore {
    private val items = ConcurrentHashMap<String, ByteArray>()
    override fun get(name: String): ByteArray? = items[name]?.copyOf()
    override fun set(name: String, value: ByteArray) { items[name] = value.copyOf() }
    override fun delete(name: String) { items.remove(name) }

    /** The names held (tests check what the core stored). */
    val names: Set<String> get() = items.keys.toSortedSet()
}
