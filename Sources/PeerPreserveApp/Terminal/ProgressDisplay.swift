public import EpisodeRunner
public import Foundation
import Synchronization

/// Shows a run's progress on standard error: lines redrawn in place on a terminal, or a plain
/// log line every interval when standard error is a file or a pipe (CI, nohup).
///
/// Notices (an interrupt, a stop, a log line) go through the display: on a terminal it clears
/// its lines, writes the notice and redraws below it, so no redraw ever overwrites a notice.
public final class ProgressDisplay: Sendable {
    private struct State {
        var progress: RunProgress
        /// Lines of the progress block now on screen (terminal only).
        var drawnLines = 0
    }

    private let state: Mutex<State>
    private let isTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let extraLines: @Sendable () async -> [String]

    /// A display of `total` episodes. `extraLines` adds lines below the progress line (the
    /// providers' limits); `isTerminal` and `write` default to standard error.
    public init(
        total: Int, isTerminal: Bool = isatty(STDERR_FILENO) == 1,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        extraLines: @escaping @Sendable () async -> [String] = { [] }
    ) {
        state = Mutex(State(progress: RunProgress(total: total, start: .now)))
        self.isTerminal = isTerminal
        self.write = write
        self.extraLines = extraLines
    }

    public func apply(_ event: RunEvent) {
        state.withLock { $0.progress.apply(event) }
    }

    public var snapshot: RunProgress { state.withLock { $0.progress } }

    /// Redraws until cancelled: twice a second on a terminal, every 15 seconds elsewhere.
    public func run() async {
        let interval: Duration = isTerminal ? .milliseconds(500) : .seconds(15)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            await redraw()
        }
    }

    /// Draws the progress block once: in place of the previous one on a terminal, as time-stamped
    /// lines elsewhere.
    public func redraw() async {
        let extra = await extraLines()
        state.withLock { state in
            let lines = [state.progress.line(at: .now)] + extra
            if isTerminal {
                write(clear(state.drawnLines) + lines.joined(separator: "\n"))
                state.drawnLines = lines.count
            } else {
                let stamp = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
                write(lines.map { "[\(stamp)] \($0)\n" }.joined())
            }
        }
    }

    /// Writes `text` on a line of its own above the progress block, which is redrawn below it.
    public func notice(_ text: String) {
        state.withLock { state in
            write(clear(state.drawnLines) + text + "\n")
            state.drawnLines = 0
        }
    }

    /// The final line, printed once the run is over.
    public func finish() {
        state.withLock { state in
            write(clear(state.drawnLines) + state.progress.line(at: .now) + "\n")
            state.drawnLines = 0
        }
    }

    /// Moves to the top of the drawn block and erases it (nothing off a terminal).
    private func clear(_ drawn: Int) -> String {
        guard isTerminal, drawn > 0 else { return "" }
        return (drawn > 1 ? "\u{1B}[\(drawn - 1)A" : "") + "\r\u{1B}[J"
    }
}
