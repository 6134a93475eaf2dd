public import AsyncHTTPClient
public import Foundation
public import Logging
public import PeerPreserveCore

/// The resilient call path every model client shares: wait for a slot from the provider's
/// limiter, send, classify, release the slot, and retry retryable failures after a backoff.
///
/// Waits between attempts are taken without holding a slot, so a backing-off call never blocks
/// another from running.
public struct ProviderClient: Sendable {
    /// Settings that hold for every call.
    public struct Configuration: Sendable {
        /// The provider's name, in messages and statistics.
        public var provider: String
        public var retryPolicy: RetryPolicy
        /// The most time one attempt may take, reading the whole response included.
        public var requestTimeout: Duration
        /// The key's environment variable, named when the key is rejected.
        public var apiKeyVariable: String?

        public init(
            provider: String, retryPolicy: RetryPolicy = .standard, requestTimeout: Duration = .seconds(300),
            apiKeyVariable: String? = nil
        ) {
            self.provider = provider
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.apiKeyVariable = apiKeyVariable
        }
    }

    /// Waits between attempts; tests pass one that records instead of sleeping.
    public typealias Sleeper = @Sendable (Duration) async throws -> Void

    public let configuration: Configuration
    public let httpClient: HTTPClient
    public let limiter: AdaptiveConcurrencyLimiter
    public let statistics: ProviderStatisticsRecorder
    private let apiKey: APIKey?
    private let sleep: Sleeper
    /// Retries and failures at `info` and above, each request at `debug`, answers slower than a
    /// minute at `notice`: what a long run that slows down leaves behind.
    public let logger: Logger

    /// - Parameters:
    ///   - apiKey: scrubbed from every error message, whatever the provider echoed back.
    ///   - sleep: how to wait before a retry; `Task.sleep` by default.
    public init(
        configuration: Configuration, httpClient: HTTPClient, limiter: AdaptiveConcurrencyLimiter,
        statistics: ProviderStatisticsRecorder, apiKey: APIKey? = nil,
        sleep: @escaping Sleeper = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "peerpreserve.providers") { _ in SwiftLogNoOpLogHandler() }
    ) {
        var logger = logger
        logger[metadataKey: "provider"] = "\(configuration.provider)"
        self.logger = logger
        self.configuration = configuration
        self.httpClient = httpClient
        self.limiter = limiter
        self.statistics = statistics
        self.apiKey = apiKey
        self.sleep = sleep
    }

    /// Sends `request` until it succeeds, fails for good or runs out of attempts.
    ///
    /// - Parameter decode: turns a 2xx body into a response; a ``ProviderFailure`` it throws is
    ///   classified like any other (a malformed body is retried).
    /// - Throws: ``ProviderFailure`` for the last failure, or `CancellationError`.
    public func send(
        _ request: ProviderHTTPRequest, decode: (Data) throws(ProviderFailure) -> ModelResponse
    ) async throws -> ModelResponse {
        let policy = configuration.retryPolicy
        var generator = SystemRandomNumberGenerator()
        await statistics.requestStarted()
        var attempt = 1
        while true {
            let result = try await performAttempt(request, decode: decode)
            switch result {
            case .success(var response):
                await statistics.succeeded(usage: response.usage)
                response.retries = attempt - 1
                return response
            case .failure(let failure):
                await statistics.attemptFailed(failure.kind)
                guard policy.shouldRetry(failure.kind, afterAttempt: attempt) else {
                    await statistics.failed()
                    let final = finalFailure(failure, attempts: attempt)
                    logger.warning(
                        "request failed for good",
                        metadata: ["kind": "\(final.kind.rawValue)", "attempts": "\(attempt)", "message": "\(final.message)"])
                    throw final
                }
                let wait = policy.delay(forRetry: attempt, retryAfter: failure.retryAfter, using: &generator)
                logger.info(
                    "retrying",
                    metadata: [
                        "kind": "\(failure.kind.rawValue)", "attempt": "\(attempt)",
                        "status": "\(failure.statusCode.map(String.init) ?? "-")",
                        "wait_ms": "\(wait.wholeMilliseconds)",
                    ])
                await statistics.retrying(after: failure.kind, wait: wait)
                try await sleep(wait)
                attempt += 1
            }
        }
    }

    /// Answers slower than this are logged at `notice`.
    static let slowAnswer: Duration = .seconds(60)

    /// One attempt under a limiter slot. Cancellation is thrown; every other outcome is returned.
    private func performAttempt(
        _ request: ProviderHTTPRequest, decode: (Data) throws(ProviderFailure) -> ModelResponse
    ) async throws -> Result<ModelResponse, ProviderFailure> {
        let permit = try await limiter.acquire()
        await statistics.attemptStarted()
        let result: Result<ModelResponse, ProviderFailure>
        let start = ContinuousClock.now
        logger.debug("request", metadata: ["url": "\(request.url)", "bytes": "\(request.body.count)"])
        do {
            let response = try await HTTPExchange.send(
                request, with: httpClient, deadline: configuration.requestTimeout, provider: configuration.provider, logger: logger)
            let elapsed = start.duration(to: .now)
            if elapsed > Self.slowAnswer {
                logger.notice("slow answer", metadata: ["seconds": "\(elapsed.components.seconds)", "status": "\(response.status)"])
            }
            result = classify(response, decode: decode)
        } catch let failure as ProviderFailure {
            result = .failure(failure)
        } catch {
            await limiter.release(permit, outcome: .otherFailure)
            throw error
        }
        switch result {
        case .success: await limiter.release(permit, outcome: .success)
        case .failure(let failure):
            await limiter.release(
                permit, outcome: failure.kind == .rateLimited ? .rateLimited : .otherFailure, retryAfter: failure.retryAfter)
        }
        return result
    }

    private func classify(
        _ response: ProviderHTTPResponse, decode: (Data) throws(ProviderFailure) -> ModelResponse
    ) -> Result<ModelResponse, ProviderFailure> {
        if let failure = FailureClassifier.failure(
            status: response.status, headers: response.headers, body: response.body, provider: configuration.provider,
            apiKeyVariable: configuration.apiKeyVariable)
        {
            return .failure(failure)
        }
        do throws(ProviderFailure) {
            return .success(try decode(response.body))
        } catch {
            var failure = error
            failure.message = "\(configuration.provider): \(failure.message)"
            failure.statusCode = failure.statusCode ?? response.status
            return .failure(failure)
        }
    }

    /// The failure as the caller sees it: attempts counted, and the key scrubbed out.
    private func finalFailure(_ failure: ProviderFailure, attempts: Int) -> ProviderFailure {
        var final = failure
        final.retries = attempts - 1
        if attempts > 1 { final.message += " (gave up after \(attempts) attempts)" }
        if let apiKey { final.message = apiKey.redact(final.message) }
        return final
    }
}
