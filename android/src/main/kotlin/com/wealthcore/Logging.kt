package com.wealthcore

import uniffi.wealth_ffi.LogLevel
import uniffi.wealth_ffi.LogRecord
import uniffi.wealth_ffi.LogSink
import uniffi.wealth_ffi.setLogSink

/**
 * The core's log lines (already redacted by the core) on stdout: the JVM (tests, tools). On
 * Android use `LogcatSink` (src/androidMain).
 */
class StdoutLogSink(private val write: (String) -> Unit = ::println) : LogSink {
    override fun log(record: LogRecord) = write("[${record.level}] ${record.target}: ${record.message}")
}

/** Installs and removes the process-wide sink of the core's logs. */
object WealthLogging {
    fun install(sink: LogSink = StdoutLogSink(), maxLevel: LogLevel = LogLevel.INFO) = setLogSink(sink, maxLevel)

    fun uninstall() = setLogSink(null, LogLevel.ERROR)
}
