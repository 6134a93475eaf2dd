/// Why a provider stopped a turn early, read from the stop reason it gave, in any of the three
/// wire formats: the output limit was reached, or the answer was withheld by a filter.
public enum TurnCutOff: String, Sendable, Hashable, Codable {
    /// OpenAI `length`, Anthropic `max_tokens`, Gemini `MAX_TOKENS`.
    case outputLimit = "output_limit"
    /// OpenAI `content_filter`, Anthropic `refusal`, Gemini `SAFETY`, `RECITATION`, `BLOCKLIST`,
    /// `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY` and a blocked prompt.
    case filtered

    /// The cut-off a provider's stop reason means; `nil` for a normal stop or an unknown reason.
    public init?(stopReason: String?) {
        guard let reason = stopReason?.lowercased() else { return nil }
        switch reason {
        case "length", "max_tokens", "max_output_tokens": self = .outputLimit
        case "content_filter", "refusal", "safety", "recitation", "blocklist", "prohibited_content", "spii", "image_safety":
            self = .filtered
        default:
            guard reason.hasPrefix("prompt_blocked") else { return nil }
            self = .filtered
        }
    }
}
