package com.wealthcore

import android.util.Log
import uniffi.wealth_ffi.LogLevel
import uniffi.wealth_ffi.LogRecord
import uniffi.wealth_ffi.LogSink

/** The core's log lines (already redacted by the core) in Logcat. Android only. */
class LogcatSink(private val tag: String = "WealthCore") : LogSink {
    override fun log(record: LogRecord) {
        val text = "${record.target}: ${record.message}"
        when (record.level) {
            LogLevel.ERROR -> Log.e(tag, text)
            LogLevel.WARN -> Log.w(tag, text)
            LogLevel.INFO -> Log.i(tag, text)
            LogLevel.DEBUG -> Log.d(tag, text)
        }
    }
}
