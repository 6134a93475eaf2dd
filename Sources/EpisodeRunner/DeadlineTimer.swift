import NIOCore
import NIOPosix
import PeerPreserveCore

/// Waiting for an episode's deadline on an event loop's timer (``EventLoopTimer``), removed from
/// its loop the moment the model call it races is answered, rather than a `Task.sleep` that would
/// stay queued until the deadline.
enum DeadlineTimer {
    /// The loop's task that fires at `deadline`; nil when the deadline has passed.
    static func schedule(until deadline: ContinuousClock.Instant) -> Scheduled<Void>? {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return nil }
        return MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(remaining.wholeNanoseconds)) {}
    }

    /// Returns at `deadline`, or throws `CancellationError` when cancelled first.
    static func sleep(until deadline: ContinuousClock.Instant) async throws {
        guard let scheduled = schedule(until: deadline) else { return }
        try await EventLoopTimer.wait(scheduled)
    }
}
