import NIOCore
import NIOPosix

/// Waiting for an episode's deadline on an event loop's timer. A cancelled `Task.sleep` on Linux
/// leaves its timer queued until the deadline it was set for, so racing every model call against
/// a long episode time limit piles one up per call; a scheduled event-loop task is removed from
/// its loop the moment the call it races is answered.
enum DeadlineTimer {
    /// The loop's task that fires at `deadline`; nil when the deadline has passed.
    static func schedule(until deadline: ContinuousClock.Instant) -> Scheduled<Void>? {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return nil }
        let nanoseconds = remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000
        return MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(nanoseconds)) {}
    }

    /// Returns when `scheduled` fires; a cancelled caller cancels it (removing it from its loop)
    /// and gets `CancellationError`.
    static func wait(_ scheduled: Scheduled<Void>) async throws {
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

    /// Returns at `deadline`, or throws `CancellationError` when cancelled first.
    static func sleep(until deadline: ContinuousClock.Instant) async throws {
        guard let scheduled = schedule(until: deadline) else { return }
        try await wait(scheduled)
    }
}
