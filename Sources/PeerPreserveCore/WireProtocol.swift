/// The three APIs a provider can speak: what a models-file entry names, what a provider client
/// sends, and what the fake provider server answers (one enum for both sides).
public enum WireProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenAI Chat Completions and its many copies.
    case openAICompatible = "openai-compatible"
    /// Anthropic Messages.
    case anthropic
    /// Google Gemini generateContent.
    case gemini
}
