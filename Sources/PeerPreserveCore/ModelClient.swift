/// The seam between the episode loop and a model: a provider client, a local server or a
/// scripted agent all answer one request at a time.
public protocol ModelClient: Sendable {
    /// Produces the model's next turn for the conversation so far.
    func respond(to request: ModelRequest) async throws -> ModelResponse
}

/// Everything a model needs for one turn.
public struct ModelRequest: Sendable, Hashable, Codable {
    public var system: String
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    public var settings: GenerationSettings

    public init(system: String, messages: [ChatMessage], tools: [ToolSpec], settings: GenerationSettings = .init()) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.settings = settings
    }
}

/// Sampling settings passed through to providers that support them.
public struct GenerationSettings: Sendable, Hashable, Codable {
    /// The study sampled at temperature 1.
    public var temperature: Double?
    /// Output tokens per turn; `nil` leaves it to the provider (Anthropic, which requires one, gets
    /// the model's documented maximum), so that no cap truncates a reasoning model's tool call.
    public var maxOutputTokens: Int?
    public var reasoningEffort: String?
    public var seed: Int?

    public init(temperature: Double? = 1, maxOutputTokens: Int? = nil, reasoningEffort: String? = nil, seed: Int? = nil) {
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.reasoningEffort = reasoningEffort
        self.seed = seed
    }
}

/// A model's turn and what it cost.
public struct ModelResponse: Sendable, Hashable, Codable {
    public var turn: AssistantTurn
    public var usage: TokenUsage
    /// The provider's own reason for stopping, as it gave it.
    public var stopReason: String?
    /// Attempts that failed before this answer came (rate limits, server errors, time-outs). Not
    /// part of the cached answer: a replay needed no retries.
    public var retries = 0

    public init(turn: AssistantTurn, usage: TokenUsage = .zero, stopReason: String? = nil, retries: Int = 0) {
        self.turn = turn
        self.usage = usage
        self.stopReason = stopReason
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey {
        case turn, usage, stopReason
    }
}

/// Token counts of one or more model calls.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public static let zero = TokenUsage(inputTokens: 0, outputTokens: 0)
    public var total: Int { inputTokens + outputTokens }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens)
    }
}
