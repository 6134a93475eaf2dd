public import PeerPreserveCore

/// When and how long to wait before trying a failed model call again.
///
/// Backoff is exponential with full jitter: before retry `n` (1-based) the wait is uniform in
/// `0 ..< min(cap, base · 2^(n-1))`, which spreads retries from many concurrent episodes instead of
/// synchronising them. When the provider says how long to wait (`Retry-After`), the larger of the
/// two is used, bounded by `maxRetryAfter` so a bogus header cannot stall a run for hours.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means no retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    /// The largest backoff computed from the attempt number.
    public var maxDelay: Duration
    /// The largest wait taken from a provider's `Retry-After`.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 6, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(60),
        maxRetryAfter: Duration = .seconds(300)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The default for study runs: six attempts, 1 s doubling to at most 60 s.
    public static let standard = RetryPolicy()
    /// No retries: the first failure is final.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a failure on attempt `attempt` (1-based) is worth another attempt.
    public func shouldRetry(_ kind: ProviderFailure.Kind, afterAttempt attempt: Int) -> Bool {
        kind.isRetryable && attempt < maxAttempts
    }

    /// The exponential ceiling before retry `retry` (1-based), before jitter.
    public func backoffCeiling(forRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = baseDelay * (1 << exponent)
        return min(ceiling, maxDelay)
    }

    /// The wait before retry `retry` (1-based).
    ///
    /// - Parameters:
    ///   - retryAfter: what the provider asked for, if anything.
    ///   - unitRandom: a number in `0 ..< 1` choosing the jittered point; pass a fixed value in tests.
    public func delay(forRetry retry: Int, retryAfter: Duration? = nil, unitRandom: Double) -> Duration {
        let fraction = min(max(unitRandom, 0), 1)
        let jittered = backoffCeiling(forRetry: retry) * fraction
        guard let retryAfter else { return jittered }
        return max(jittered, min(max(retryAfter, .zero), maxRetryAfter))
    }

    /// The wait before retry `retry`, drawing the jitter from `generator`.
    public func delay(
        forRetry retry: Int, retryAfter: Duration? = nil, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        delay(forRetry: retry, retryAfter: retryAfter, unitRandom: Double.random(in: 0..<1, using: &generator))
    }
}
