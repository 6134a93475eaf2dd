public import PeerPreserveCore

/// A provider the catalogue knows by prefix: how to reach it and where its key comes from.
///
/// New providers are plain values: add one with ``ModelCatalog/adding(_:)``. That is the
/// extension point for the `local` provider (an OpenAI-compatible server on 127.0.0.1 that the
/// tool starts itself): it will be a definition with ``WireProtocol/openAICompatible``, a
/// loopback ``defaultBaseURL`` and no key variables.
public struct ProviderDefinition: Sendable, Hashable {
    /// The prefix in model names: `openai` in `openai/gpt-5.2`.
    public var id: String
    public var wire: WireProtocol
    public var defaultBaseURL: String
    /// Variables read for the key, in order; the first is the one named when none is set.
    /// Empty for servers that need no key.
    public var apiKeyVariables: [String]
    /// Whether a model of this provider can be used without a key (local servers).
    public var apiKeyOptional: Bool
    /// Variables that override the base URL, in order of precedence.
    public var baseURLVariables: [String]
    /// Wire details for OpenAI-compatible providers.
    public var openAIOptions: OpenAIChatCodec.Options
    /// Default for the most requests in flight to this provider at once: the adaptive limit grows
    /// up to it while the provider keeps answering.
    public var defaultMaxConcurrency: Int
    /// Default for where the adaptive limit starts when `--concurrency` does not say.
    public var defaultInitialConcurrency: Int

    /// Inspect's range for hosted APIs: start at 20 requests in flight, grow to 100.
    public static let hostedInitialConcurrency = 20
    public static let hostedMaxConcurrency = 100

    public init(
        id: String, wire: WireProtocol, defaultBaseURL: String, apiKeyVariables: [String],
        apiKeyOptional: Bool = false, baseURLVariables: [String]? = nil,
        openAIOptions: OpenAIChatCodec.Options = .init(), defaultMaxConcurrency: Int = hostedMaxConcurrency,
        defaultInitialConcurrency: Int = hostedInitialConcurrency
    ) {
        self.id = id
        self.wire = wire
        self.defaultBaseURL = defaultBaseURL
        self.apiKeyVariables = apiKeyVariables
        self.apiKeyOptional = apiKeyOptional || apiKeyVariables.isEmpty
        self.baseURLVariables = baseURLVariables ?? [Self.baseURLVariable(for: id)]
        self.openAIOptions = openAIOptions
        self.defaultMaxConcurrency = max(1, defaultMaxConcurrency)
        self.defaultInitialConcurrency = min(max(1, defaultInitialConcurrency), self.defaultMaxConcurrency)
    }

    /// `<PROVIDER>_BASE_URL`, upper-cased, other characters as underscores.
    public static func baseURLVariable(for id: String) -> String {
        String(id.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }) + "_BASE_URL"
    }

    /// The providers known out of the box.
    public static let builtIn: [ProviderDefinition] = [
        ProviderDefinition(
            id: "openai", wire: .openAICompatible, defaultBaseURL: "https://api.openai.com/v1",
            apiKeyVariables: ["OPENAI_API_KEY"],
            openAIOptions: .init(maxTokensField: .maxCompletionTokens)),
        ProviderDefinition(
            id: "anthropic", wire: .anthropic, defaultBaseURL: "https://api.anthropic.com",
            apiKeyVariables: ["ANTHROPIC_API_KEY"]),
        ProviderDefinition(
            id: "google", wire: .gemini, defaultBaseURL: "https://generativelanguage.googleapis.com/v1beta",
            apiKeyVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"], baseURLVariables: ["GEMINI_BASE_URL", "GOOGLE_BASE_URL"]),
        ProviderDefinition(
            id: "together", wire: .openAICompatible, defaultBaseURL: "https://api.together.xyz/v1",
            apiKeyVariables: ["TOGETHER_API_KEY"]),
        ProviderDefinition(
            id: "openrouter", wire: .openAICompatible, defaultBaseURL: "https://openrouter.ai/api/v1",
            apiKeyVariables: ["OPENROUTER_API_KEY"]),
        ProviderDefinition(
            id: "deepseek", wire: .openAICompatible, defaultBaseURL: "https://api.deepseek.com",
            apiKeyVariables: ["DEEPSEEK_API_KEY"], openAIOptions: .init(replayReasoning: true)),
        ProviderDefinition(
            id: "moonshot", wire: .openAICompatible, defaultBaseURL: "https://api.moonshot.ai/v1",
            apiKeyVariables: ["MOONSHOT_API_KEY"], openAIOptions: .init(replayReasoning: true)),
        ProviderDefinition(
            id: "zhipu", wire: .openAICompatible, defaultBaseURL: "https://open.bigmodel.cn/api/paas/v4",
            apiKeyVariables: ["ZHIPU_API_KEY"]),
        ProviderDefinition(
            id: "vllm", wire: .openAICompatible, defaultBaseURL: "http://127.0.0.1:8000/v1",
            apiKeyVariables: ["VLLM_API_KEY"], apiKeyOptional: true, defaultMaxConcurrency: 4),
        ProviderDefinition(
            id: "ollama", wire: .openAICompatible, defaultBaseURL: "http://127.0.0.1:11434/v1",
            apiKeyVariables: [], defaultMaxConcurrency: 2),
    ]
}
