import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

/// A generator that returns the same value every time, to pin the jitter.
struct FixedGenerator: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(10), maxRetryAfter: .seconds(120))

    @Test func backoffDoublesUpToTheCap() {
        #expect(policy.backoffCeiling(forRetry: 1) == .seconds(1))
        #expect(policy.backoffCeiling(forRetry: 2) == .seconds(2))
        #expect(policy.backoffCeiling(forRetry: 4) == .seconds(8))
        #expect(policy.backoffCeiling(forRetry: 5) == .seconds(10))
        #expect(policy.backoffCeiling(forRetry: 500) == .seconds(10))
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        #expect(policy.delay(forRetry: 3, unitRandom: 0) == .zero)
        #expect(policy.delay(forRetry: 3, unitRandom: 0.5) == .seconds(2))
        #expect(policy.delay(forRetry: 3, unitRandom: 1) == .seconds(4))
        var low = FixedGenerator(value: 0)
        #expect(policy.delay(forRetry: 3, using: &low) == .zero)
        var high = FixedGenerator(value: .max)
        let nearTop = policy.delay(forRetry: 3, using: &high)
        #expect(nearTop > .milliseconds(3900) && nearTop <= .seconds(4))
    }

    @Test func retryAfterWinsWhenLargerAndIsBounded() {
        #expect(policy.delay(forRetry: 1, retryAfter: .seconds(30), unitRandom: 0.9) == .seconds(30))
        #expect(policy.delay(forRetry: 4, retryAfter: .seconds(1), unitRandom: 1) == .seconds(8))
        #expect(policy.delay(forRetry: 1, retryAfter: .seconds(3600), unitRandom: 0) == .seconds(120))
    }

    @Test func retriesOnlyRetryableKindsWithinTheAttemptBudget() {
        #expect(policy.shouldRetry(.rateLimited, afterAttempt: 1))
        #expect(policy.shouldRetry(.malformedResponse, afterAttempt: 3))
        #expect(!policy.shouldRetry(.serverError, afterAttempt: 4))
        #expect(!policy.shouldRetry(.authentication, afterAttempt: 1))
        #expect(!policy.shouldRetry(.badRequest, afterAttempt: 1))
        #expect(!RetryPolicy.none.shouldRetry(.timeout, afterAttempt: 1))
    }

    @Test func parsesRetryAfterSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_400)  // Wed, 21 Oct 2015 07:26:40 GMT
        #expect(RetryAfter.parse("30", now: now) == .seconds(30))
        #expect(RetryAfter.parse(" 1.5 ", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(80))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(headers: ["retry-after-ms": "250", "retry-after": "9"]) == .milliseconds(250))
        #expect(RetryAfter.parse(headers: ["retry-after": "9"]) == .seconds(9))
        #expect(RetryAfter.parse(headers: [:]) == nil)
    }
}
