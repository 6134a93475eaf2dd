import EpisodeRunner
import Foundation
import Synchronization

/// Shows a run's progress on standard error: lines redrawn in place on a terminal, or a plain
/// log line every interval when standard error is a file or a pipe (CI, nohup).
///
/// Notices (an interrupt, a stop) go through the display: on a terminal it clears its lines,
/// writes the notice and redraws below it, so no redraw ever overwrites a notice.
final class ProgressDisplay: Sendable {
    private struct State {
        var progress: RunProgress
        /// Lines of the progress block now on screen (terminal only).
        var drawnLines = 0
    }

    private let state: Mutex<State>
    private let isTerminal: Bool
    private let extraLines: @Sendable () async -> [String]

    init(total: Int, extraLines: @escaping @Sendable () async -> [String] = { [] }) {
        state = Mutex(State(progress: RunProgress(total: total, start: .now)))
        isTerminal = isatty(STDERR_FILENO) == 1
        self.extraLines = extraLines
    }

    func apply(_ event: RunEvent) {
        state.withLock { $0.progress.apply(event) }
    }

    var snapshot: RunProgress { state.withLock { $0.progress } }

    /// Redraws until cancelled.
    func run() async {
        let interval: Duration = isTerminal ? .milliseconds(500) : .seconds(15)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            let extra = await extraLines()
            state.withLock { state in
                state.drawnLines = draw(lines: [state.progress.line(at: .now)] + extra, previousLines: state.drawnLines)
            }
        }
    }

    /// Writes `text` on a line of its own above the progress block, which is redrawn below it.
    func notice(_ text: String) {
        state.withLock { state in
            FileHandle.standardError.write(Data((clear(state.drawnLines) + text + "\n").utf8))
            state.drawnLines = 0
        }
    }

    /// The final line, printed once the run is over.
    func finish() {
        state.withLock { state in
            let line = state.progress.line(at: .now)
            FileHandle.standardError.write(Data((clear(state.drawnLines) + line + "\n").utf8))
            state.drawnLines = 0
        }
    }

    /// Moves to the top of the drawn block and erases it (nothing off a terminal).
    private func clear(_ drawn: Int) -> String {
        guard isTerminal, drawn > 0 else { return "" }
        return (drawn > 1 ? "\u{1B}[\(drawn - 1)A" : "") + "\r\u{1B}[J"
    }

    private func draw(lines: [String], previousLines: Int) -> Int {
        if isTerminal {
            let text = clear(previousLines) + lines.joined(separator: "\n")
            FileHandle.standardError.write(Data(text.utf8))
            return lines.count
        }
        let stamp = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
        FileHandle.standardError.write(Data(lines.map { "[\(stamp)] \($0)\n" }.joined().utf8))
        return 0
    }
}
