import ArgumentParser
import Logging
import PeerPreserveApp

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
    }

    func logger(_ label: String) -> Logger { LogLines.logger(label, level: Logger.Level(rawValue: logLevel.rawValue) ?? .warning) }
}
