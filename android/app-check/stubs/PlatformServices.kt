// Stand-in for an Android-only class, for the type-check only (app-check/pom.xml).
package com.wealthcore
class KeystoreSecretStore(context: android.content.Context) : uniffi.wealth_ffi.PlatformSecretStore {
    override fun get(name: String): ByteArray? = null
    override fun set(name: String, value: ByteArray) {}
    override fun delete(name: String) {}
}
class LogcatSink : uniffi.wealth_ffi.LogSink { override fun log(record: uniffi.wealth_ffi.LogRecord) {} }
