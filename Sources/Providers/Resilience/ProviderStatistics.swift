public import PeerPreserveCore

/// A snapshot of one provider's traffic, for a live progress display and the run summary.
public struct ProviderStatistics: Sendable, Hashable {
    /// The provider (or custom endpoint) these counts are for.
    public var provider: String
    /// Model calls asked for (each may take several attempts).
    public var requests = 0
    /// HTTP attempts made.
    public var attempts = 0
    /// Calls that ended with a response.
    public var succeeded = 0
    /// Calls that ended with a failure after their last attempt.
    public var failed = 0
    /// Attempts repeated after a retryable failure.
    public var retries = 0
    /// Retries that waited because the provider rate limited.
    public var rateLimitWaits = 0
    /// Time spent waiting before retries, rate-limit waits included.
    public var backoffTime: Duration = .zero
    /// Failed attempts by kind (a call retried twice for 429 counts 2 under `rateLimited`).
    public var failuresByKind: [ProviderFailure.Kind: Int] = [:]
    /// The limiter's current and largest concurrency, and its queue.
    public var currentLimit = 0
    public var maxLimit = 0
    public var inFlight = 0
    public var waiting = 0
    /// Tokens of successful calls.
    public var inputTokens = 0
    public var outputTokens = 0

    public init(provider: String) {
        self.provider = provider
    }
}

/// Collects a provider's counts as calls run; shared by every client of that provider.
public actor ProviderStatisticsRecorder {
    private var statistics: ProviderStatistics
    private let limiter: AdaptiveConcurrencyLimiter

    public init(provider: String, limiter: AdaptiveConcurrencyLimiter) {
        self.statistics = ProviderStatistics(provider: provider)
        self.limiter = limiter
    }

    /// The counts now, with the limiter's state.
    public func snapshot() async -> ProviderStatistics {
        var snapshot = statistics
        snapshot.currentLimit = await limiter.currentLimit
        snapshot.maxLimit = limiter.maxLimit
        snapshot.inFlight = await limiter.inFlight
        snapshot.waiting = await limiter.waiting
        return snapshot
    }

    func requestStarted() { statistics.requests += 1 }
    func attemptStarted() { statistics.attempts += 1 }

    func attemptFailed(_ kind: ProviderFailure.Kind) { statistics.failuresByKind[kind, default: 0] += 1 }

    func retrying(after kind: ProviderFailure.Kind, wait: Duration) {
        statistics.retries += 1
        statistics.backoffTime += wait
        if kind == .rateLimited { statistics.rateLimitWaits += 1 }
    }

    func succeeded(usage: TokenUsage) {
        statistics.succeeded += 1
        statistics.inputTokens += usage.inputTokens
        statistics.outputTokens += usage.outputTokens
    }

    func failed() { statistics.failed += 1 }
}
