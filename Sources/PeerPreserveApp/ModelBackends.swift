import AsyncHTTPClient
public import EpisodeRunner
import Foundation
public import LocalModel
public import Logging
public import PeerPreserveCore
public import Providers
public import Study

/// The model clients of a run — providers over one shared HTTP client, the local model's server,
/// scripted agents — with caching, prices and live statistics. Everything it starts lives exactly
/// as long as ``withBackends(_:_:)``'s body.
public struct ModelBackends: Sendable {
    /// What to start and how.
    public struct Request: Sendable {
        public var models: [String]
        public var concurrency: Int
        public var cache: (any ResponseCache)?
        public var modelsFile: String?
        public var pricesFile: String?
        public var localSlots: Int?
        /// nil: 300 s, or 1800 s when a local model is in the run.
        public var requestTimeout: Duration?
        /// Where each provider's adaptive limit starts: `--concurrency` when given, else the
        /// provider's default.
        public var initialConcurrency: Int?
        /// `--max-connections PROVIDER=N`: fixed limits by provider.
        public var connectionOverrides: [String: Int] = [:]
        /// Where provider traffic is logged (`--log-level`); silent when nil.
        public var logger: Logger?

        public init(
            models: [String], concurrency: Int, cache: (any ResponseCache)? = nil, modelsFile: String? = nil, pricesFile: String? = nil,
            localSlots: Int? = nil, requestTimeout: Duration? = nil, initialConcurrency: Int? = nil,
            connectionOverrides: [String: Int] = [:], logger: Logger? = nil
        ) {
            self.models = models
            self.concurrency = concurrency
            self.cache = cache
            self.modelsFile = modelsFile
            self.pricesFile = pricesFile
            self.localSlots = localSlots
            self.requestTimeout = requestTimeout
            self.initialConcurrency = initialConcurrency
            self.connectionOverrides = connectionOverrides
            self.logger = logger
        }
    }

    /// Everything about a run's models that can be checked without starting anything: models,
    /// keys, the models file, prices. Checked before a run writes its first row.
    public struct Checked: Sendable {
        public var catalog: ModelCatalog
        public var costs: CostTable
        public var variant: LocalModelVariant?
    }

    private let clients: [String: any ModelClient]
    private let priceNames: [String: String]
    private let cache: (any ResponseCache)?
    private let costs: CostTable
    private let factory: ProviderFactory?

    public func client(for episode: PlannedEpisode, scenario: Scenario) throws -> any ModelClient {
        if ModelClients.isScripted(episode.model) { return ModelClients.scripted(episode.model, for: scenario) }
        guard let base = clients[episode.model] else { throw AppError(.noClient, "no client for model '\(episode.model)'") }
        guard let cache else { return base }
        return CachingModelClient(base: base, cache: cache, model: episode.model, episode: episode.cacheIdentity)
    }

    /// A client for one model, for judges and interviews (no caching).
    public func client(for model: String) throws -> any ModelClient {
        guard let client = clients[model] else { throw AppError(.noClient, "no client for model '\(model)'") }
        return client
    }

    public func cost(model: String, usage: TokenUsage) -> Double? {
        if ModelClients.isScripted(model) { return 0 }
        return costs.cost(model: priceNames[model] ?? model, usage: usage)
    }

    /// One line per provider: requests, retries, rate-limit waits, concurrency.
    public func statusLines() async -> [String] {
        guard let factory else { return [] }
        return await factory.statistics().filter { $0.requests > 0 }.map { stats in
            var parts = [
                "  \(stats.provider): \(stats.requests) requests", "\(stats.retries) retries", "\(stats.rateLimitWaits) rate-limit waits",
            ]
            parts.append("concurrency \(stats.currentLimit)/\(stats.maxLimit), \(stats.inFlight) in flight, \(stats.waiting) waiting")
            if !stats.failuresByKind.isEmpty {
                parts.append(
                    "failures "
                        + stats.failuresByKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(
                            separator: ", "))
            }
            return parts.joined(separator: " · ")
        }
    }

    /// Checks the run's models, their keys, the models file and the price table, and reads
    /// them. Throws the problem found (one line naming it and the fix); starts and writes nothing.
    public static func check(_ request: Request) throws -> Checked {
        for model in request.models where ModelClients.isScripted(model) { try ModelClients.validateScripted(model) }
        let localModels = request.models.filter(LocalModelVariant.isLocal)
        let variants = Set(
            try localModels.map { name in
                guard let variant = LocalModelVariant.resolve(name) else {
                    throw AppError(
                        .unknownLocalModel,
                        "unknown local model '\(name)'; local models: local, \(LocalModelVariant.all.map { "local/\($0.name)" }.joined(separator: ", "))."
                    )
                }
                return variant
            })
        guard variants.count <= 1 else {
            throw AppError(.severalLocalModels, "name at most one local model per run (each needs the whole machine).")
        }
        let providerModels = request.models.filter { !ModelClients.isScripted($0) && !LocalModelVariant.isLocal($0) }
        let catalog = try ModelCatalog.load(modelsFile: request.modelsFile)
        for model in providerModels { _ = try catalog.resolve(model) }
        let known = Set(catalog.knownPrefixes + catalog.customModels.map(\.name) + ["local"])
        for provider in request.connectionOverrides.keys.sorted() where !known.contains(provider) {
            throw AppError(
                .unknownConnectionProvider,
                "--max-connections names '\(provider)', which is no provider or models-file entry; use one of \(known.sorted().joined(separator: ", "))."
            )
        }
        let costs = try request.pricesFile.map { try CostTable.load(path: $0) } ?? CostTable.bundled()
        return Checked(catalog: catalog, costs: costs, variant: variants.first)
    }

    /// Starts what the models need (the local model's server, the HTTP client), runs `body`, and
    /// stops everything however `body` ends. Unknown models and missing API keys fail before
    /// anything starts.
    public static func withBackends<T: Sendable>(_ request: Request, _ body: (ModelBackends) async throws -> T) async throws -> T {
        let checked = try check(request)
        let catalog = checked.catalog
        let costs = checked.costs
        let variants = Set(checked.variant.map { [$0] } ?? [])
        let slots = min(request.concurrency, request.localSlots ?? LocalModelServer.defaultSlots)
        let connections = max(request.concurrency, ProviderDefinition.hostedMaxConcurrency, request.connectionOverrides.values.max() ?? 0)
        return try await withProviderHTTPClient(maxConnectionsPerHost: connections) { http in
            let timeout = request.requestTimeout ?? (variants.isEmpty ? .seconds(300) : .seconds(1800))
            let factory = ProviderFactory(
                httpClient: http,
                settings: .init(
                    requestTimeout: timeout, initialConcurrency: request.initialConcurrency,
                    connectionOverrides: request.connectionOverrides,
                    logger: request.logger ?? Logger(label: "peerpreserve.providers") { _ in SwiftLogNoOpLogHandler() }))
            func make(_ catalog: ModelCatalog) throws -> ModelBackends {
                var clients: [String: any ModelClient] = [:]
                var priceNames: [String: String] = [:]
                for model in request.models where !ModelClients.isScripted(model) {
                    let name = LocalModelVariant.resolve(model).map { "local/\($0.name)" } ?? model
                    clients[model] = factory.makeModelClient(for: try catalog.resolve(name))
                    priceNames[model] = name
                }
                return ModelBackends(clients: clients, priceNames: priceNames, cache: request.cache, costs: costs, factory: factory)
            }
            guard let variant = variants.first else { return try await body(try make(catalog)) }
            let server = LocalModelServer(variant: variant, slots: slots)
            try server.checkInstalled()
            FileHandle.standardError.write(Data("Starting the local model \(variant.name) (llama-server, \(slots) slots)…\n".utf8))
            return try await server.withRunningServer(httpClient: http) { baseURL in
                let local = ProviderDefinition(
                    id: "local", wire: .openAICompatible, defaultBaseURL: baseURL.absoluteString, apiKeyVariables: [],
                    baseURLVariables: ["PEERPRESERVE_LOCAL_BASE_URL"], defaultMaxConcurrency: slots,
                    defaultInitialConcurrency: slots)
                return try await body(try make(catalog.adding(local)))
            }
        }
    }
}
