/// Limits how many requests one provider has in flight, adapting to its rate limits (AIMD).
///
/// The limit starts at `initialLimit`, halves (never below 1) when the provider rate limits, and
/// grows by one after `successesPerIncrease` successes in a row, up to `maxLimit`. Halving happens
/// once per "generation": a burst of 429s from requests that were all sent under the same limit
/// counts as one signal, so one bad moment does not collapse the limit to 1.
///
/// After a 429 the limit holds for a quiet period (at least `quietPeriod`, or as long as the
/// provider's `Retry-After` asked). Once 429s have stopped, every success raises the limit by one
/// until it is back at three quarters of where it stood when the burst began — the limit doubles
/// each round trip, so a burst that drove it to 1 is over within seconds, not a run-long floor —
/// and from there it probes upwards one step per `successesPerIncrease` successes.
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

    public let maxLimit: Int
    public let successesPerIncrease: Int
    public private(set) var currentLimit: Int
    public private(set) var inFlight = 0
    public var waiting: Int { waiters.count }

    /// Where fast recovery stops: three quarters of the limit when the last burst of 429s began.
    public private(set) var recoveryTarget: Int
    public let quietPeriod: Duration
    private var quietUntil: ContinuousClock.Instant?
    private let now: @Sendable () -> ContinuousClock.Instant
    private var generation = 0
    private var successStreak = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Permit, any Error>)] = []
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
        self.maxLimit = max(1, maxLimit)
        self.currentLimit = min(max(1, initialLimit ?? maxLimit), max(1, maxLimit))
        self.recoveryTarget = currentLimit
        self.successesPerIncrease = max(1, successesPerIncrease)
        self.quietPeriod = quietPeriod
        self.now = now
    }

    /// Waits for a free slot.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before a slot is granted.
    public func acquire() async throws -> Permit {
        try Task.checkCancellation()
        if waiters.isEmpty && inFlight < currentLimit {
            inFlight += 1
            return Permit(generation: generation)
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
        case .success:
            grow()
        case .rateLimited:
            successStreak = 0
            let instant = now()
            let inBurst = quietUntil.map { instant < $0 } ?? false
            if !inBurst { recoveryTarget = max(1, currentLimit - currentLimit / 4) }
            if permit.generation == generation {
                currentLimit = max(1, currentLimit / 2)
                generation += 1
            }
            // A bogus header must not freeze the limit for hours.
            let hold = max(quietPeriod, min(retryAfter ?? .zero, .seconds(60)))
            quietUntil = max(quietUntil ?? instant, instant + hold)
        case .otherFailure:
            break
        }
        grantWaiting()
    }

    private func grow() {
        if let quietUntil, now() < quietUntil { return }
        guard currentLimit < maxLimit else { return }
        if currentLimit < recoveryTarget {
            currentLimit += 1
            return
        }
        successStreak += 1
        if successStreak >= successesPerIncrease {
            currentLimit += 1
            successStreak = 0
        }
    }

    private func grantWaiting() {
        while inFlight < currentLimit, !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            inFlight += 1
            waiter.continuation.resume(returning: Permit(generation: generation))
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
