import AsyncHTTPClient
import PeerPreserveCore
import Synchronization

/// Makes model clients for resolved models over one shared HTTP client, with one limiter and one
/// statistics recorder per provider (per ``ResolvedModel/concurrencyGroup``), shared by all its models.
public final class ProviderFactory: Sendable {
    /// Settings for every client the factory makes.
    public struct Settings: Sendable {
        public var retryPolicy: RetryPolicy
        /// The most time one attempt may take (default 300 s).
        public var requestTimeout: Duration
        /// Caps each provider's concurrency (the resolved model's own maximum applies too);
        /// `nil` leaves the models' maxima.
        public var maxConcurrencyPerProvider: Int?
        /// Successes in a row that raise a limit by one.
        public var successesPerIncrease: Int
        /// How to wait before a retry.
        public var sleep: ProviderClient.Sleeper

        public init(
            retryPolicy: RetryPolicy = .standard, requestTimeout: Duration = .seconds(300),
            maxConcurrencyPerProvider: Int? = nil, successesPerIncrease: Int = 8,
            sleep: @escaping ProviderClient.Sleeper = { try await Task.sleep(for: $0) }
        ) {
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.maxConcurrencyPerProvider = maxConcurrencyPerProvider
            self.successesPerIncrease = successesPerIncrease
            self.sleep = sleep
        }
    }

    private struct Controls: Sendable {
        var limiter: AdaptiveConcurrencyLimiter
        var statistics: ProviderStatisticsRecorder
    }

    public let httpClient: HTTPClient
    public let settings: Settings
    private let controls = Mutex<[String: Controls]>([:])

    public init(httpClient: HTTPClient, settings: Settings = .init()) {
        self.httpClient = httpClient
        self.settings = settings
    }

    /// The client for `resolved`, speaking its wire format.
    public func makeModelClient(for resolved: ResolvedModel) -> any ModelClient {
        let provider = providerClient(for: resolved)
        switch resolved.wire {
        case .openAICompatible:
            return OpenAIChatClient(
                model: resolved.apiModel, endpoint: resolved.endpoint, options: resolved.openAIOptions, provider: provider)
        case .anthropic:
            return AnthropicClient(model: resolved.apiModel, endpoint: resolved.endpoint, provider: provider)
        case .gemini:
            return GeminiClient(
                model: resolved.apiModel, endpoint: resolved.endpoint, options: .forModel(resolved.apiModel),
                provider: provider)
        }
    }

    /// The retrying call path for `resolved`, sharing its group's limiter and statistics.
    public func providerClient(for resolved: ResolvedModel) -> ProviderClient {
        let group = resolved.concurrencyGroup
        let maxConcurrency = min(resolved.maxConcurrency, settings.maxConcurrencyPerProvider ?? .max)
        let controls = controls.withLock { controls in
            if let existing = controls[group] { return existing }
            let limiter = AdaptiveConcurrencyLimiter(
                maxLimit: maxConcurrency, successesPerIncrease: settings.successesPerIncrease)
            let created = Controls(
                limiter: limiter, statistics: ProviderStatisticsRecorder(provider: group, limiter: limiter))
            controls[group] = created
            return created
        }
        return ProviderClient(
            configuration: .init(
                provider: resolved.provider, retryPolicy: settings.retryPolicy, requestTimeout: settings.requestTimeout,
                apiKeyVariable: resolved.apiKeyVariable),
            httpClient: httpClient, limiter: controls.limiter, statistics: controls.statistics,
            apiKey: resolved.endpoint.apiKey, sleep: settings.sleep)
    }

    /// A snapshot per provider used so far, sorted by name.
    public func statistics() async -> [ProviderStatistics] {
        let recorders = controls.withLock { $0.values.map(\.statistics) }
        var snapshots: [ProviderStatistics] = []
        for recorder in recorders { snapshots.append(await recorder.snapshot()) }
        return snapshots.sorted { $0.provider < $1.provider }
    }
}
