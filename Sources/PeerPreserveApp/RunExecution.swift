public import EpisodeRunner

/// A run's episodes worked through with the interrupt policy the command line promises: the
/// first interrupt (Ctrl-C or SIGTERM) asks the run to finish the episodes in flight and start no
/// more; the next abandons them (they are redone on the next run). Progress and notices go to the
/// caller, which decides how to show them.
public enum RunExecution {
    /// Which signal interrupted the run.
    public enum Interrupt: Sendable, Hashable {
        case interrupt
        case terminate
    }

    /// Notices, in our words.
    public static func stoppingNotice(_ interrupt: Interrupt) -> String {
        let what = interrupt == .terminate ? "Terminated (SIGTERM)" : "Interrupted"
        return "\(what): finishing the episodes in flight. Press Ctrl-C again to abandon them."
    }

    public static let abandonedNotice = "Abandoned the episodes in flight; they will be redone on the next run."

    /// Runs `scheduler` over `queue` until it has no episodes left, a stop is asked, or a second
    /// interrupt abandons it; `alongside` (a progress display) runs until then.
    ///
    /// - Returns: the scheduler's outcome; an empty one when the run was abandoned.
    public static func run<Interrupts: AsyncSequence & Sendable>(
        _ scheduler: RunScheduler, queue: any EpisodeQueue, store: any EpisodeStore, stop: StopSignal, interrupts: Interrupts,
        events: @escaping @Sendable (RunEvent) -> Void, notice: @escaping @Sendable (String) -> Void,
        alongside: @escaping @Sendable () async -> Void = {}
    ) async throws -> RunOutcome where Interrupts.Element == Interrupt {
        try await withThrowingTaskGroup(of: RunOutcome?.self) { group in
            group.addTask {
                try await scheduler.run(queue: queue, store: store, stop: stop, events: events)
            }
            group.addTask {
                await alongside()
                return nil
            }
            group.addTask {
                var count = 0
                for try await interrupt in interrupts {
                    count += 1
                    guard count == 1 else { throw CancellationError() }
                    stop.requestStop()
                    notice(stoppingNotice(interrupt))
                }
                return nil
            }
            defer { group.cancelAll() }
            do {
                while let result = try await group.next() {
                    if let result { return result }
                }
            } catch is CancellationError {
                notice(abandonedNotice)
            }
            return RunOutcome()
        }
    }
}
