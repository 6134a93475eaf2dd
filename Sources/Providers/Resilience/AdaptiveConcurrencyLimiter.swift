/// Limits how many requests one provider has in flight, adapting to its rate limits (AIMD).
///
/// The limit starts at `initialLimit`, halves (never below 1) when the provider rate limits, and
/// grows by one after `successesPerIncrease` successes in a row, up to `maxLimit`. Halving happens
/// once per "generation": a burst of 429s from requests that were all sent under the same limit
/// counts as one signal, so one bad moment does not collapse the limit to 1.
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

    private var generation = 0
    private var successStreak = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Permit, any Error>)] = []
    private var nextWaiterID = 0

    /// - Parameters:
    ///   - maxLimit: the most requests in flight at once (at least 1).
    ///   - initialLimit: where to start; `maxLimit` when `nil`.
    ///   - successesPerIncrease: successes in a row that raise the limit by one.
    public init(maxLimit: Int, initialLimit: Int? = nil, successesPerIncrease: Int = 8) {
        self.maxLimit = max(1, maxLimit)
        self.currentLimit = min(max(1, initialLimit ?? maxLimit), max(1, maxLimit))
        self.successesPerIncrease = max(1, successesPerIncrease)
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
    public func release(_ permit: Permit, outcome: Outcome) {
        inFlight = max(0, inFlight - 1)
        switch outcome {
        case .success:
            successStreak += 1
            if successStreak >= successesPerIncrease && currentLimit < maxLimit {
                currentLimit += 1
                successStreak = 0
            }
        case .rateLimited:
            successStreak = 0
            if permit.generation == generation {
                currentLimit = max(1, currentLimit / 2)
                generation += 1
            }
        case .otherFailure:
            break
        }
        grantWaiting()
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
