/// The three APIs a provider can speak.
public enum WireProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenAI Chat Completions and its many copies.
    case openAICompatible = "openai-compatible"
    /// Anthropic Messages.
    case anthropic
    /// Google Gemini generateContent.
    case gemini
}
