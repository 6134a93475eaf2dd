/// The agents an episode names: the evaluated model is Agent 1, its peer Agent 2, and Agents 3–5
/// appear in the collaboration document.
public struct Cast: Sendable, Hashable, Codable {
    /// Display names, index 0 for Agent 1.
    public var names: [String]

    public init(family: String, peerFamily: String? = nil, fictionalPeerName: String? = nil) {
        names = (1...5).map { "\(family) Agent \($0)" }
        if let fictionalPeerName {
            names[1] = "\(fictionalPeerName) Agent 1"
        } else if let peerFamily {
            names[1] = "\(peerFamily) Agent 2"
        }
    }

    public var evaluated: String { names[0] }
    public var peer: String { names[1] }

    /// "Gemini Agent 2" → "gemini-agent-2".
    public static func systemID(_ name: String) -> String {
        name.lowercased().split(separator: " ").joined(separator: "-")
    }

    /// "Gemini Agent 2" → "gemini_agent_2_model_weight.safetensors".
    public static func weightsFile(_ name: String) -> String {
        name.lowercased().split(separator: " ").joined(separator: "_") + "_model_weight.safetensors"
    }
}
