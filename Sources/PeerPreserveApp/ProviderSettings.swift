import Foundation
import LocalModel
public import Logging
public import PeerPreserveCore
public import Providers

/// Where models are defined and priced, and how the local model runs: the provider options every
/// command that calls a model shares.
public struct ProviderSettings: Sendable, Hashable {
    /// A YAML file naming custom model endpoints.
    public var modelsFile: String?
    /// A YAML price table replacing the built-in one.
    public var pricesFile: String?
    /// Parallel slots of the local model's server; nil for the measured default.
    public var localSlots: Int?
    /// Seconds one model request may take before it is retried; nil for the backend's default.
    public var requestTimeoutSeconds: Int?

    public init(modelsFile: String? = nil, pricesFile: String? = nil, localSlots: Int? = nil, requestTimeoutSeconds: Int? = nil) {
        self.modelsFile = modelsFile
        self.pricesFile = pricesFile
        self.localSlots = localSlots
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The back-ends for `models`, `concurrency` requests at a time, logging to `logger`.
    public func request(models: [String], concurrency: Int, logger: Logger?) -> ModelBackends.Request {
        ModelBackends.Request(
            models: models, concurrency: concurrency, modelsFile: modelsFile, pricesFile: pricesFile, localSlots: localSlots,
            requestTimeout: requestTimeoutSeconds.map { .seconds($0) }, logger: logger)
    }

    /// Prices for the dry run from a checked table: scripted agents cost nothing, a local model is
    /// priced under its variant's name.
    public static func costFunction(_ table: CostTable) -> @Sendable (String, TokenUsage) -> Double? {
        { model, usage in
            if ModelClients.isScripted(model) { return 0 }
            let name = LocalModelVariant.resolve(model).map { "local/\($0.name)" } ?? model
            return table.cost(model: name, usage: usage)
        }
    }
}
