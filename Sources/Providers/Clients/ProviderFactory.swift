public import AsyncHTTPClient
public import Logging
public import PeerPreserveCore
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
        /// Where every provider's adaptive limit starts (the run's `--concurrency`); `nil` leaves
        /// each provider's default. The limit may grow past it up to the provider's maximum.
        public var initialConcurrency: Int?
        /// Fixed limits by provider id or concurrency group (`--max-connections PROVIDER=N`).
        public var connectionOverrides: [String: Int]
        /// Successes in a row that raise a limit by one.
        public var successesPerIncrease: Int
        /// How to wait before a retry.
        public var sleep: ProviderClient.Sleeper
        /// Where every call's retries, failures, slow answers and limit changes are logged (and
        /// async-http-client's own connection events); silent by default.
        public var logger: Logger

        public init(
            retryPolicy: RetryPolicy = .standard, requestTimeout: Duration = .seconds(300),
            maxConcurrencyPerProvider: Int? = nil, initialConcurrency: Int? = nil, connectionOverrides: [String: Int] = [:],
            successesPerIncrease: Int = 8, sleep: @escaping ProviderClient.Sleeper = { try await Task.sleep(for: $0) },
            logger: Logger = Logger(label: "peerpreserve.providers") { _ in SwiftLogNoOpLogHandler() }
        ) {
            self.logger = logger
            self.initialConcurrency = initialConcurrency
            self.connectionOverrides = connectionOverrides
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
        let limits = concurrencyLimits(for: resolved)
        let controls = controls.withLock { controls in
            if let existing = controls[group] { return existing }
            let limiter = AdaptiveConcurrencyLimiter(
                maxLimit: limits.max, initialLimit: limits.initial, successesPerIncrease: settings.successesPerIncrease)
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
            apiKey: resolved.endpoint.apiKey, sleep: settings.sleep, logger: settings.logger)
    }

    /// Where `resolved`'s limiter starts and how far it may grow. An override (`--max-connections`,
    /// then the models file) fixes both; otherwise the run's `--concurrency` or the provider's
    /// default is the start, and the provider's maximum (or the start, if higher) the ceiling.
    public func concurrencyLimits(for resolved: ResolvedModel) -> (initial: Int, max: Int) {
        let cap = settings.maxConcurrencyPerProvider ?? .max
        let override =
            settings.connectionOverrides[resolved.name] ?? settings.connectionOverrides[resolved.provider]
            ?? settings.connectionOverrides[resolved.concurrencyGroup] ?? resolved.concurrencyOverride
        if let override { return (min(max(1, override), cap), min(max(1, override), cap)) }
        let initial = max(1, settings.initialConcurrency ?? resolved.initialConcurrency)
        let ceiling = max(initial, resolved.maxConcurrency)
        return (min(initial, cap), min(ceiling, cap))
    }

    /// A snapshot per provider used so far, sorted by name.
    public func statistics() async -> [ProviderStatistics] {
        let recorders = controls.withLock { $0.values.map(\.statistics) }
        var snapshots: [ProviderStatistics] = []
        for recorder in recorders { snapshots.append(await recorder.snapshot()) }
        return snapshots.sorted { $0.provider < $1.provider }
    }
}
