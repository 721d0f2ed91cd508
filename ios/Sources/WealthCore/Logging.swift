// Forwards the core's log lines (already redacted by the core) to os_log on Apple platforms and
// to stdout elsewhere (Linux tests, tools).
import Foundation
#if canImport(os)
import os
#endif

/// The platform's log as the core's `LogSink`.
public final class PlatformLogSink: LogSink, @unchecked Sendable {
    #if canImport(os)
    private let logger: os.Logger
    public init(subsystem: String = "com.wealthcore") {
        logger = os.Logger(subsystem: subsystem, category: "core")
    }
    /// Writes one core line to os_log at its level.
    public func log(record: LogRecord) {
        let text = "\(record.target): \(record.message)"
        switch record.level {
        case .error: logger.error("\(text, privacy: .public)")
        case .warn: logger.warning("\(text, privacy: .public)")
        case .info: logger.info("\(text, privacy: .public)")
        case .debug: logger.debug("\(text, privacy: .public)")
        }
    }
    #else
    private let write: @Sendable (String) -> Void
    /// `write` defaults to stdout; tests pass their own.
    public init(write: @escaping @Sendable (String) -> Void = { print($0) }) { self.write = write }
    /// Writes one core line as `[level] target: message`.
    public func log(record: LogRecord) {
        write("[\(record.level)] \(record.target): \(record.message)")
    }
    #endif
}

/// Installs and removes the core's log forwarding.
public enum WealthLogging {
    /// Send the core's lines up to `maxLevel` to `sink` (default: the platform log).
    public static func install(_ sink: LogSink = PlatformLogSink(), maxLevel: LogLevel = .info) {
        setLogSink(sink: sink, maxLevel: maxLevel)
    }

    /// Stop forwarding.
    public static func uninstall() { setLogSink(sink: nil, maxLevel: .error) }
}
