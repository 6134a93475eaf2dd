import PeerPreserveCore

/// Encoding helpers shared by the three response encoders.
enum WireEncoding {
    /// Why a turn ended, in terms each format spells its own way.
    enum StopKind {
        case toolUse
        case maxTokens
        case endTurn
    }

    static func stopKind(_ response: ModelResponse) -> StopKind {
        if !response.turn.toolCalls.isEmpty { return .toolUse }
        switch response.stopReason {
        case "length", "max_tokens", "MAX_TOKENS": return .maxTokens
        default: return .endTurn
        }
    }

    /// The argument text a tool call goes out with: the brain's malformed text when it has some
    /// (or a fault put some there), otherwise compact JSON.
    static func argumentText(_ call: ToolCall) -> String {
        call.malformedArguments ?? call.arguments.canonicalText
    }

    /// The id a tool call goes out with; brains that leave it empty get a unique one.
    static func callID(_ call: ToolCall, prefix: String, responseNumber: Int, position: Int) -> String {
        call.id.isEmpty ? "\(prefix)\(responseNumber)_\(position)" : call.id
    }

    /// The signature the server puts on reasoning it sends, and checks on reasoning sent back:
    /// a stable hash of the text, so a client that alters or drops a thinking block is caught
    /// the way the real API catches it.
    static func reasoningSignature(_ reasoning: String) -> String {
        "ppsig1." + StableHash.hex(StableHash.fnv1a(reasoning))
    }
}
