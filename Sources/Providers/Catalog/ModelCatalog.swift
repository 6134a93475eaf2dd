public import Foundation
import PeerPreserveCore

/// Resolves model names to endpoints.
///
/// A name is either a models-file entry's name, or `PROVIDER/MODEL` where `PROVIDER` is a known
/// prefix and `MODEL` is passed to the API as is (`together/deepseek-ai/DeepSeek-V3.1` → Together,
/// model `deepseek-ai/DeepSeek-V3.1`). Every provider's base URL can be overridden by an
/// environment variable (`OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`,
/// `<PROVIDER>_BASE_URL`), which is how tests and local proxies point clients at 127.0.0.1.
public struct ModelCatalog: Sendable {
    public private(set) var providers: [ProviderDefinition]
    public private(set) var customModels: [CustomModelEntry]
    /// Where keys and base-URL overrides are read.
    public var environment: [String: String]

    public init(
        providers: [ProviderDefinition] = ProviderDefinition.builtIn, customModels: [CustomModelEntry] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.providers = providers
        self.customModels = customModels
        self.environment = environment
    }

    /// The built-in providers plus the models file at `modelsFile`, if given.
    public static func load(
        modelsFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CatalogError) -> ModelCatalog {
        let custom = try modelsFile.map { path throws(CatalogError) in try ModelsFile.load(path: path) } ?? []
        return ModelCatalog(customModels: custom, environment: environment)
    }

    /// The catalogue with `provider` added, replacing any provider with the same id.
    public func adding(_ provider: ProviderDefinition) -> ModelCatalog {
        var catalog = self
        catalog.providers.removeAll { $0.id == provider.id }
        catalog.providers.append(provider)
        return catalog
    }

    /// The catalogue with more custom entries; later entries replace earlier ones of the same name.
    public func adding(customModels entries: [CustomModelEntry]) -> ModelCatalog {
        var catalog = self
        let names = Set(entries.map(\.name))
        catalog.customModels.removeAll { names.contains($0.name) }
        catalog.customModels += entries
        return catalog
    }

    /// The provider prefixes known, in the order they were defined.
    public var knownPrefixes: [String] { providers.map(\.id) }

    /// Resolves `name`.
    ///
    /// - Parameter requireAPIKey: when true (the default), a provider that needs a key and has none
    ///   in the environment is an error naming the variable to set; planning and listing can pass
    ///   false.
    public func resolve(_ name: String, requireAPIKey: Bool = true) throws(CatalogError) -> ResolvedModel {
        if let entry = customModels.first(where: { $0.name == name }) {
            return try resolve(entry, requireAPIKey: requireAPIKey)
        }
        guard let slash = name.firstIndex(of: "/"),
            let definition = providers.first(where: { $0.id == name[..<slash].lowercased() })
        else {
            throw .unknownModel(name: name, knownPrefixes: knownPrefixes)
        }
        let model = String(name[name.index(after: slash)...])
        guard !model.isEmpty else { throw .missingModelID(name: name) }

        let baseURL = try baseURL(default: definition.defaultBaseURL, overrides: definition.baseURLVariables)
        let keyVariable = definition.apiKeyVariables.first { nonEmpty($0) != nil } ?? definition.apiKeyVariables.first
        let key = keyVariable.flatMap(nonEmpty).map(APIKey.init)
        if key == nil && requireAPIKey && !definition.apiKeyOptional, let keyVariable {
            throw .missingAPIKey(model: name, variable: keyVariable)
        }
        return ResolvedModel(
            name: name, provider: definition.id, wire: definition.wire, apiModel: model,
            endpoint: ProviderEndpoint(baseURL: baseURL, apiKey: key), apiKeyVariable: keyVariable,
            concurrencyGroup: definition.id, maxConcurrency: definition.defaultMaxConcurrency,
            initialConcurrency: definition.defaultInitialConcurrency, openAIOptions: definition.openAIOptions)
    }

    private func resolve(_ entry: CustomModelEntry, requireAPIKey: Bool) throws(CatalogError) -> ResolvedModel {
        let baseURL = try validated(entry.baseURL, source: "models-file entry '\(entry.name)'")
        var key: APIKey?
        if let variable = entry.apiKeyEnv {
            key = nonEmpty(variable).map(APIKey.init)
            if key == nil && requireAPIKey { throw .missingAPIKey(model: entry.name, variable: variable) }
        }
        return ResolvedModel(
            name: entry.name, provider: entry.name, wire: entry.provider, apiModel: entry.model,
            endpoint: ProviderEndpoint(baseURL: baseURL, apiKey: key), apiKeyVariable: entry.apiKeyEnv,
            // Entries on the same server share its limit.
            concurrencyGroup: "\(entry.provider.rawValue)@\(baseURL)", concurrencyOverride: entry.maxConcurrency)
    }

    private func baseURL(default defaultURL: String, overrides: [String]) throws(CatalogError) -> String {
        for variable in overrides {
            if let value = nonEmpty(variable) { return try validated(value, source: variable) }
        }
        return defaultURL
    }

    private func validated(_ url: String, source: String) throws(CatalogError) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host?.isEmpty == false
        else { throw .invalidBaseURL(value: trimmed, source: source) }
        return trimmed
    }

    private func nonEmpty(_ variable: String) -> String? {
        guard let value = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
