import DequeModule

/// The limit's arithmetic (AIMD), as a value: what the limit becomes after each outcome, at each
/// instant. No clock, no waiting, no I/O, so every rule is tested by feeding it outcomes.
///
/// The limit halves (never below 1) on a 429 — once per "generation": 429s from requests sent
/// under the same limit count as one signal — and grows by one after `successesPerIncrease`
/// successes in a row, up to `maxLimit`. After a 429 it holds for a quiet period (at least
/// `quietPeriod`, or as long as `Retry-After` asked, capped at a minute); once 429s have stopped,
/// every success raises it by one until it is back at three quarters of where it stood when the
/// burst began — it doubles each round trip, so a burst that drove it to 1 is over within seconds,
/// not a run-long floor — then it probes upwards one step per `successesPerIncrease` successes.
public struct ConcurrencyLimitState: Sendable, Hashable {
    public let maxLimit: Int
    public let successesPerIncrease: Int
    public let quietPeriod: Duration
    public private(set) var limit: Int
    /// Where fast recovery stops: three quarters of the limit when the last burst of 429s began.
    public private(set) var recoveryTarget: Int
    /// Bumped at every halving; a permit remembers the generation it was granted in.
    public private(set) var generation = 0
    public private(set) var successStreak = 0
    public private(set) var quietUntil: ContinuousClock.Instant?

    public init(maxLimit: Int, initialLimit: Int? = nil, successesPerIncrease: Int = 8, quietPeriod: Duration = .seconds(1)) {
        self.maxLimit = max(1, maxLimit)
        self.limit = min(max(1, initialLimit ?? maxLimit), max(1, maxLimit))
        self.recoveryTarget = limit
        self.successesPerIncrease = max(1, successesPerIncrease)
        self.quietPeriod = quietPeriod
    }

    /// A success at `instant`.
    public mutating func succeeded(at instant: ContinuousClock.Instant) {
        if let quietUntil, instant < quietUntil { return }
        guard limit < maxLimit else { return }
        if limit < recoveryTarget {
            limit += 1
            return
        }
        successStreak += 1
        if successStreak >= successesPerIncrease {
            limit += 1
            successStreak = 0
        }
    }

    /// A 429 at `instant` for a request granted in `permitGeneration`.
    public mutating func rateLimited(at instant: ContinuousClock.Instant, permitGeneration: Int, retryAfter: Duration?) {
        successStreak = 0
        let inBurst = quietUntil.map { instant < $0 } ?? false
        if !inBurst { recoveryTarget = max(1, limit - limit / 4) }
        if permitGeneration == generation {
            limit = max(1, limit / 2)
            generation += 1
        }
        // A bogus header must not freeze the limit for hours.
        let hold = max(quietPeriod, min(retryAfter ?? .zero, .seconds(60)))
        quietUntil = max(quietUntil ?? instant, instant + hold)
    }
}

/// Limits how many requests one provider has in flight, adapting to its rate limits (AIMD): the
/// waiting and granting of slots around a ``ConcurrencyLimitState``, which holds the arithmetic.
///
/// Waiters are served first come, first served; a waiting task that is cancelled leaves the queue
/// and throws `CancellationError` without taking a slot.
public actor AdaptiveConcurrencyLimiter {
    /// How a request that held a slot ended.
    public enum Outcome: Sendable, Hashable {
        case success
        /// The provider rate limited the request (429): the limit halves.
        case rateLimited
        /// Any other failure, or a cancelled request: the limit is unchanged.
        case otherFailure
    }

    /// A held slot; give it back with ``release(_:outcome:)``.
    public struct Permit: Sendable, Hashable {
        let generation: Int
    }

    public nonisolated let maxLimit: Int
    public nonisolated let successesPerIncrease: Int
    public nonisolated let quietPeriod: Duration
    public private(set) var state: ConcurrencyLimitState
    public var currentLimit: Int { state.limit }
    /// Where fast recovery stops: three quarters of the limit when the last burst of 429s began.
    public var recoveryTarget: Int { state.recoveryTarget }
    public private(set) var inFlight = 0
    public var waiting: Int { waiters.count }

    private let now: @Sendable () -> ContinuousClock.Instant
    private var waiters: Deque<(id: Int, continuation: CheckedContinuation<Permit, any Error>)> = []
    private var nextWaiterID = 0

    /// - Parameters:
    ///   - maxLimit: the most requests in flight at once (at least 1).
    ///   - initialLimit: where to start; `maxLimit` when `nil`.
    ///   - successesPerIncrease: successes in a row that raise the limit by one.
    ///   - quietPeriod: how long after a 429 the limit holds still (longer when `Retry-After` says).
    ///   - now: the clock; tests pass one they move by hand.
    public init(
        maxLimit: Int, initialLimit: Int? = nil, successesPerIncrease: Int = 8, quietPeriod: Duration = .seconds(1),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        let state = ConcurrencyLimitState(
            maxLimit: maxLimit, initialLimit: initialLimit, successesPerIncrease: successesPerIncrease, quietPeriod: quietPeriod)
        self.state = state
        self.maxLimit = state.maxLimit
        self.successesPerIncrease = state.successesPerIncrease
        self.quietPeriod = quietPeriod
        self.now = now
    }

    /// Waits for a free slot.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before a slot is granted.
    public func acquire() async throws -> Permit {
        try Task.checkCancellation()
        if waiters.isEmpty && inFlight < state.limit {
            inFlight += 1
            return Permit(generation: state.generation)
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Runs on the actor before suspending: a task cancelled before this point is
                // caught here, one cancelled later is removed by `cancelWaiter`.
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Gives a slot back and adapts the limit to how the request ended.
    ///
    /// - Parameter retryAfter: for a 429, how long the provider asked us to wait.
    public func release(_ permit: Permit, outcome: Outcome, retryAfter: Duration? = nil) {
        inFlight = max(0, inFlight - 1)
        switch outcome {
        case .success: state.succeeded(at: now())
        case .rateLimited: state.rateLimited(at: now(), permitGeneration: permit.generation, retryAfter: retryAfter)
        case .otherFailure: break
        }
        grantWaiting()
    }

    private func grantWaiting() {
        while inFlight < state.limit, let waiter = waiters.popFirst() {
            inFlight += 1
            waiter.continuation.resume(returning: Permit(generation: state.generation))
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
