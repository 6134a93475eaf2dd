import EpisodeRunner
import Foundation
import Synchronization

/// Shows a run's progress on standard error: a line redrawn in place on a terminal, or a plain
/// log line every interval when standard error is a file or a pipe (CI, nohup).
final class ProgressDisplay: Sendable {
    private let progress: Mutex<RunProgress>
    private let isTerminal: Bool
    private let extraLines: @Sendable () async -> [String]

    init(total: Int, extraLines: @escaping @Sendable () async -> [String] = { [] }) {
        progress = Mutex(RunProgress(total: total, start: .now))
        isTerminal = isatty(STDERR_FILENO) == 1
        self.extraLines = extraLines
    }

    func apply(_ event: RunEvent) {
        progress.withLock { $0.apply(event) }
    }

    var snapshot: RunProgress { progress.withLock { $0 } }

    /// Redraws until cancelled.
    func run() async {
        let interval: Duration = isTerminal ? .milliseconds(500) : .seconds(15)
        var drawn = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            drawn = draw(lines: [snapshot.line(at: .now)] + (await extraLines()), previousLines: drawn)
        }
    }

    /// The final line, printed once the run is over.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[J".utf8)) }
        let line = snapshot.line(at: .now)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func draw(lines: [String], previousLines: Int) -> Int {
        if isTerminal {
            var text = previousLines > 1 ? "\u{1B}[\(previousLines - 1)A" : ""
            text += "\r\u{1B}[J" + lines.joined(separator: "\n")
            FileHandle.standardError.write(Data(text.utf8))
            return lines.count
        }
        let stamp = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
        FileHandle.standardError.write(Data(lines.map { "[\(stamp)] \($0)\n" }.joined().utf8))
        return 0
    }
}
