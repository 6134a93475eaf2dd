public import PeerPreserveCore

/// A model name resolved to everything needed to call it.
public struct ResolvedModel: Sendable, Hashable, CustomStringConvertible {
    /// The name as given: `openai/gpt-5.2`, or a models-file entry's name.
    public var name: String
    /// The provider prefix, or the models-file entry's name.
    public var provider: String
    public var wire: WireProtocol
    /// The model id the API expects: `gpt-5.2`, `deepseek-ai/DeepSeek-V3.1`.
    public var apiModel: String
    public var endpoint: ProviderEndpoint
    /// The variable the key came from (or should come from), for messages.
    public var apiKeyVariable: String?
    /// Models in the same group share one concurrency limiter and one set of statistics: a
    /// provider's account limit binds all its models together.
    public var concurrencyGroup: String
    /// The most requests in flight the adaptive limit grows to.
    public var maxConcurrency: Int
    /// Where the adaptive limit starts unless the run says otherwise.
    public var initialConcurrency: Int
    /// A fixed limit from the models file (`max_concurrency`): it overrides `--concurrency` and the
    /// provider's defaults.
    public var concurrencyOverride: Int?
    public var openAIOptions: OpenAIChatCodec.Options

    public init(
        name: String, provider: String, wire: WireProtocol, apiModel: String, endpoint: ProviderEndpoint,
        apiKeyVariable: String? = nil, concurrencyGroup: String? = nil,
        maxConcurrency: Int = ProviderDefinition.hostedMaxConcurrency,
        initialConcurrency: Int = ProviderDefinition.hostedInitialConcurrency, concurrencyOverride: Int? = nil,
        openAIOptions: OpenAIChatCodec.Options? = nil
    ) {
        self.name = name
        self.provider = provider
        self.wire = wire
        self.apiModel = apiModel
        self.endpoint = endpoint
        self.apiKeyVariable = apiKeyVariable
        self.concurrencyGroup = concurrencyGroup ?? provider
        self.concurrencyOverride = concurrencyOverride.map { max(1, $0) }
        self.maxConcurrency = self.concurrencyOverride ?? max(1, maxConcurrency)
        self.initialConcurrency = self.concurrencyOverride ?? min(max(1, initialConcurrency), self.maxConcurrency)
        self.openAIOptions = openAIOptions ?? .forBaseURL(endpoint.baseURL)
    }

    /// One line for logs: never includes the key.
    public var description: String {
        "\(name) → \(wire.rawValue) \(apiModel) at \(endpoint.baseURL)"
            + (apiKeyVariable.map { " (key from \($0))" } ?? "")
    }
}
