import Foundation
public import Logging
import Synchronization

/// The process's log output: one line per event on standard error, or through a progress
/// display while one is up, so that a redraw never overwrites a log line.
public enum LogLines {
    /// Where log lines go instead of standard error while a progress display is up.
    static let sink = Mutex<(@Sendable (String) -> Void)?>(nil)

    private static let once: Void = LoggingSystem.bootstrap { label in LineLogHandler(label: label) }

    /// A logger at `level` (the logging system is set up on first use).
    public static func logger(_ label: String, level: Logger.Level) -> Logger {
        _ = once
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Sends log lines to `display` while `body` runs.
    public static func routing<T>(to display: @escaping @Sendable (String) -> Void, during body: () async throws -> T) async rethrows -> T {
        sink.withLock { $0 = display }
        defer { sink.withLock { $0 = nil } }
        return try await body()
    }
}

/// One line per event: time, level, label, message and metadata in key order.
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Self.line(
            label: label, level: event.level, message: event.message, metadata: metadata.merging(event.metadata ?? [:]) { $1 })
        if let sink = LogLines.sink.withLock({ $0 }) {
            sink(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// `[HH:MM:SS] level label: message key=value …`, metadata in key order.
    static func line(label: String, level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata, at date: Date = Date())
        -> String
    {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = date.formatted(.iso8601.time(includingFractionalSeconds: false))
        return "[\(stamp)] \(level) \(label): \(message)" + (fields.isEmpty ? "" : " \(fields)")
    }
}
