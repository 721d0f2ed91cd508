package com.wealthcore

import uniffi.wealth_ffi.Wealth
import uniffi.wealth_ffi.WealthConfig
import uniffi.wealth_ffi.WealthException

/**
 * The stable code of any [WealthException] variant (`INVALID_AMOUNT`, `OFFLINE`, ...). Every
 * variant carries `code` and `detail`; read by name so that new variants need no change here.
 */
val WealthException.code: String
    get() = field("getCode") ?: "INTERNAL"

/** The message a person can act on. */
val WealthException.detail: String
    get() = field("getDetail") ?: (message ?: toString())

private fun WealthException.field(getter: String): String? =
    runCatching { javaClass.getMethod(getter).invoke(this) as? String }.getOrNull()

/** Opens the local store for a signed-in investor and fetches what changed from the server. */
suspend fun openAndSync(config: WealthConfig): Wealth {
    java.io.File(config.dataDir).mkdirs()
    val wealth = Wealth.open(config)
    try {
        wealth.sync()
    } catch (e: Throwable) {
        wealth.close()
        throw e
    }
    return wealth
}
