public import NIOCore

/// Waiting on an event loop's scheduled task, for deadlines raced against other work (a provider
/// request, an episode's model call). A cancelled `Task.sleep` on Linux keeps its timer, and the
/// sleeping task's memory, until the deadline passes (Swift 6.3): one per request grew a run's
/// memory by ~5 KB an episode. A scheduled event-loop task is removed from its loop the moment
/// the waiter is cancelled.
public enum EventLoopTimer {
    /// Returns when `scheduled` fires; a cancelled caller cancels it and gets `CancellationError`.
    public static func wait(_ scheduled: Scheduled<Void>) async throws {
        do {
            try await withTaskCancellationHandler {
                try await scheduled.futureResult.get()
            } onCancel: {
                scheduled.cancel()
            }
        } catch EventLoopError.cancelled {
            throw CancellationError()
        }
    }
}
