import NIOCore
import PeerPreserveCore
import Testing

@testable import EpisodeRunner

/// The episode deadline's timer: it fires, and a cancelled wait removes it from its event loop
/// rather than leaving it queued until the deadline.
struct DeadlineTimerTests {
    @Test func aTimerFiresAtItsDeadline() async throws {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(30))
        try await DeadlineTimer.sleep(until: deadline)
        #expect(ContinuousClock.now >= deadline)
    }

    @Test func aPassedDeadlineReturnsAtOnce() async throws {
        #expect(DeadlineTimer.schedule(until: ContinuousClock.now.advanced(by: .seconds(-1))) == nil)
        try await DeadlineTimer.sleep(until: ContinuousClock.now.advanced(by: .seconds(-1)))
    }

    @Test func cancellingTheWaitCancelsTheLoopsTask() async throws {
        let scheduled = try #require(DeadlineTimer.schedule(until: ContinuousClock.now.advanced(by: .seconds(3600))))
        let waiting = Task { try await EventLoopTimer.wait(scheduled) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        // The loop's task itself was cancelled: its future fails now, an hour early.
        await #expect(throws: EventLoopError.self) { try await scheduled.futureResult.get() }
    }
}
