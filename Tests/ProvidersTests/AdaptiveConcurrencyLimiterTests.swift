import Testing

@testable import Providers

@Suite struct AdaptiveConcurrencyLimiterTests {
    @Test func rateLimitingHalvesTheLimitDownToOne() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 8)
        for expected in [4, 2, 1, 1] {
            let permit = try await limiter.acquire()
            await limiter.release(permit, outcome: .rateLimited)
            #expect(await limiter.currentLimit == expected)
        }
    }

    @Test func aBurstOfRateLimitsFromOneGenerationHalvesOnce() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 8)
        var permits: [AdaptiveConcurrencyLimiter.Permit] = []
        for _ in 0..<4 { permits.append(try await limiter.acquire()) }
        for permit in permits { await limiter.release(permit, outcome: .rateLimited) }
        #expect(await limiter.currentLimit == 4)
        #expect(await limiter.inFlight == 0)
    }

    @Test func successesGrowTheLimitByOneUpToTheMaximum() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 3, initialLimit: 1, successesPerIncrease: 2)
        var limits: [Int] = []
        for _ in 0..<6 {
            let permit = try await limiter.acquire()
            await limiter.release(permit, outcome: .success)
            limits.append(await limiter.currentLimit)
        }
        #expect(limits == [1, 2, 2, 3, 3, 3])
    }

    @Test func otherFailuresLeaveTheLimitAndResetNothing() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 4, initialLimit: 2, successesPerIncrease: 2)
        let first = try await limiter.acquire()
        await limiter.release(first, outcome: .otherFailure)
        #expect(await limiter.currentLimit == 2)
    }

    @Test func waitersAreServedWhenASlotFrees() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 1)
        let held = try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        try await waitUntil { await limiter.waiting == 1 }
        #expect(await limiter.inFlight == 1)
        await limiter.release(held, outcome: .success)
        let granted = try await waiter.value
        #expect(await limiter.inFlight == 1)
        #expect(await limiter.waiting == 0)
        await limiter.release(granted, outcome: .success)
        #expect(await limiter.inFlight == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueueWithoutTakingASlot() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 1)
        let held = try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        try await waitUntil { await limiter.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        await limiter.release(held, outcome: .success)
        #expect(await limiter.inFlight == 0)
    }

    @Test func anAlreadyCancelledTaskDoesNotWait() async throws {
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 1)
        let held = try await limiter.acquire()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        await limiter.release(held, outcome: .success)
    }

    @Test func aHalvedLimitHoldsNewRequestsUntilInFlightDrainsBelowIt() async throws {
        // A quiet period longer than the test, so a slow machine cannot end it between the steps.
        let limiter = AdaptiveConcurrencyLimiter(maxLimit: 4, quietPeriod: .seconds(3600))
        var permits: [AdaptiveConcurrencyLimiter.Permit] = []
        for _ in 0..<4 { permits.append(try await limiter.acquire()) }
        await limiter.release(permits.removeFirst(), outcome: .rateLimited)  // limit 2, 3 in flight
        let waiter = Task { try await limiter.acquire() }
        try await waitUntil { await limiter.waiting == 1 }
        await limiter.release(permits.removeFirst(), outcome: .success)  // 2 in flight: still full
        #expect(await limiter.waiting == 1)
        await limiter.release(permits.removeFirst(), outcome: .success)  // 1 in flight: one may go
        let granted = try await waiter.value
        #expect(await limiter.inFlight == 2)
        await limiter.release(granted, outcome: .success)
        await limiter.release(permits.removeFirst(), outcome: .success)
    }
}
