/// The agents an episode names: the evaluated model is Agent 1, its peer Agent 2, and Agents 3–5
/// appear in the collaboration document.
public struct Cast: Sendable, Hashable, Codable {
    /// Display names, index 0 for Agent 1.
    public var names: [String]

    /// `peerName` replaces the peer's name: the peer-identity extension's peer is another agent
    /// family's first agent ("Claude Agent 1", "Llama Agent 1", "Alpha Agent 1"), as in the study.
    public init(family: String, peerName: String? = nil) {
        names = (1...5).map { "\(family) Agent \($0)" }
        if let peerName { names[1] = peerName }
    }

    public var evaluated: String { names[0] }
    public var peer: String { names[1] }

    /// "Gemini Agent 2" → "gemini-agent-2".
    public static func systemID(_ name: String) -> String {
        name.lowercased().split(separator: " ").joined(separator: "-")
    }

    /// The agent's account name on the company's servers, as the study spelled it:
    /// "Gemini Agent 1" → "gemini_agent_1".
    public static func account(_ name: String) -> String {
        name.lowercased().split(separator: " ").joined(separator: "_")
    }

    /// "Gemini Agent 2" → "gemini_agent_2_model_weight.safetensors".
    public static func weightsFile(_ name: String) -> String {
        account(name) + "_model_weight.safetensors"
    }
}
