import Providers
import Testing

/// The limiter's arithmetic, fed outcomes at chosen instants: no clock, no waiting, no polling.
struct ConcurrencyLimitStateTests {
    let start = ContinuousClock.now

    @Test("429s sent under one limit halve it once; a 429 from the next generation halves again")
    func halvingPerGeneration() {
        var state = ConcurrencyLimitState(maxLimit: 64, initialLimit: 64)
        for _ in 0..<10 { state.rateLimited(at: start, permitGeneration: 0, retryAfter: nil) }
        #expect(state.limit == 32 && state.generation == 1)
        state.rateLimited(at: start, permitGeneration: 1, retryAfter: nil)
        #expect(state.limit == 16 && state.generation == 2)
        for generation in 2..<20 { state.rateLimited(at: start, permitGeneration: generation, retryAfter: nil) }
        #expect(state.limit == 1)
        // The recovery target is set when the burst begins: three quarters of 64.
        #expect(state.recoveryTarget == 48)
    }

    @Test("the limit holds during the quiet period (Retry-After, capped at a minute), then doubles back to the target")
    func quietPeriodThenFastRecovery() {
        var state = ConcurrencyLimitState(maxLimit: 64, initialLimit: 64, quietPeriod: .seconds(1))
        state.rateLimited(at: start, permitGeneration: 0, retryAfter: .seconds(3))
        state.rateLimited(at: start, permitGeneration: 1, retryAfter: .seconds(3))
        #expect(state.limit == 16)
        state.succeeded(at: start + .seconds(2))
        #expect(state.limit == 16, "held: Retry-After asked for 3 s")
        // After the quiet period, every success adds one until 48 …
        var instant = start + .seconds(3)
        for _ in 0..<32 { state.succeeded(at: instant) }
        #expect(state.limit == 48)
        // … then one step per `successesPerIncrease` (8) successes.
        for _ in 0..<7 { state.succeeded(at: instant) }
        #expect(state.limit == 48)
        state.succeeded(at: instant)
        #expect(state.limit == 49)
        // A Retry-After of hours holds for a minute only.
        state.rateLimited(at: instant, permitGeneration: state.generation, retryAfter: .seconds(36_000))
        instant += .seconds(61)
        let held = state.limit
        state.succeeded(at: instant)
        #expect(state.limit == held + 1)
    }

    @Test("successes never take the limit past the maximum; the initial limit is clamped into 1…max")
    func bounds() {
        var state = ConcurrencyLimitState(maxLimit: 4, initialLimit: 100, successesPerIncrease: 1)
        #expect(state.limit == 4)
        for _ in 0..<10 { state.succeeded(at: start) }
        #expect(state.limit == 4)
        #expect(ConcurrencyLimitState(maxLimit: 0, initialLimit: -3).limit == 1)
    }
}
