import ArgumentParser
import Foundation
import Logging
import Synchronization

/// `--log-level`: what the providers log (retries, failures for good, answers slower than a
/// minute; every request at `debug`) goes to standard error, one line each. During a run on a
/// terminal the lines go through the progress display, so a redraw never overwrites them.
struct LoggingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Log level for provider traffic on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevel = .warning

    /// swift-log's levels, as the command line spells them.
    enum LogLevel: String, CaseIterable, ExpressibleByArgument {
        case trace, debug, info, notice, warning, error, critical

        var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .warning }
    }

    /// A logger at the chosen level (the logging system is set up on first use).
    func logger(_ label: String) -> Logger {
        CommandLogging.bootstrap()
        var logger = Logger(label: label)
        logger.logLevel = logLevel.level
        return logger
    }
}

enum CommandLogging {
    /// Where log lines go instead of standard error while a progress display is up.
    static let sink = Mutex<(@Sendable (String) -> Void)?>(nil)

    private static let once: Void = LoggingSystem.bootstrap { label in LineLogHandler(label: label) }

    static func bootstrap() { _ = once }

    /// Sends log lines to `display` while `body` runs.
    static func routing<T>(to display: @escaping @Sendable (String) -> Void, during body: () async throws -> T) async rethrows -> T {
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
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
        let line = "[\(stamp)] \(event.level) \(label): \(event.message)" + (fields.isEmpty ? "" : " \(fields)")
        if let sink = CommandLogging.sink.withLock({ $0 }) {
            sink(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
