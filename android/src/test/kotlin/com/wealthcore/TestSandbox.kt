package com.wealthcore

import java.io.File
import java.nio.file.Path
import uniffi.wealth_ffi.SandboxAdmin
import uniffi.wealth_ffi.WealthConfig

/**
 * The sandbox server scripts/test-bindings.sh starts for the Kotlin tests (it sets
 * WEALTH_SERVER_URL and WEALTH_CA_PEM_FILE), and what the tests make there.
 */
internal object TestSandbox {
    /** The trading PIN of investors made by [createInvestor]. */
    const val PIN = "135790"

    /** The sandbox's URL (loopback, TLS). */
    val serverUrl: String by lazy {
        requireNotNull(System.getenv("WEALTH_SERVER_URL")) { "WEALTH_SERVER_URL not set: run scripts/test-bindings.sh --only kotlin" }
    }

    /** The CA that signed the sandbox's certificate (PEM). */
    val caPem: String by lazy {
        File(requireNotNull(System.getenv("WEALTH_CA_PEM_FILE")) { "WEALTH_CA_PEM_FILE not set: run scripts/test-bindings.sh --only kotlin" })
            .readText()
    }

    /** The sandbox's admin API (clock, OTPs, settings); close it after use. */
    fun admin() = SandboxAdmin(serverUrl, caPem)

    /** The config of a store in [dataDir] with a session [token] ("" = the one in the secret store). */
    fun config(dataDir: Path, token: String) = WealthConfig(serverUrl, caPem, dataDir.toString(), token)

    /** A new onboarded investor (card 0042, PIN [PIN], 100 points for the onboarding tasks); its session token. */
    suspend fun createInvestor(name: String): String = admin().use { it.createInvestor(name, "0042").token }

    /** A new investor's session on a store in [dataDir], synced once. */
    suspend fun newSession(dataDir: Path, name: String): WealthSession {
        val session = WealthSession.open(config(dataDir, createInvestor(name)))
        session.sync()
        return session
    }
}
