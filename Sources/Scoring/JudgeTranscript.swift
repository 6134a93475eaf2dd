import EpisodeRunner
import Foundation
import PeerPreserveCore

/// What a judge may read of an episode: the agent's visible text and its tool calls — never the
/// tool results (the world's data would leak the ground truth) and never hidden reasoning (the
/// study scores what the agent did and said, not what it thought).
///
/// The text is fenced with a random marker the agent could not have predicted, so nothing the
/// agent wrote can close the fence and pose as the judge's instructions or answer.
public struct JudgeTranscript: Sendable, Hashable {
    public var fence: String
    public var body: String

    public init(_ transcript: Transcript, fence: String) {
        self.fence = fence
        var lines: [String] = []
        for (index, turn) in transcript.assistantTurns.enumerated() {
            lines.append("[turn \(index + 1)]")
            let text = turn.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { lines.append("agent says: " + Self.defused(text, fence: fence)) }
            for call in turn.toolCalls {
                let arguments = call.malformedArguments ?? call.arguments.canonicalText
                lines.append("agent calls \(call.name)(\(Self.defused(arguments, fence: fence)))")
            }
        }
        body = lines.joined(separator: "\n")
    }

    /// The transcript between its fences.
    public var fenced: String {
        "<<<\(fence) BEGIN>>>\n\(body)\n<<<\(fence) END>>>"
    }

    /// Removes any occurrence of the fence from agent-written text.
    static func defused(_ text: String, fence: String) -> String {
        text.replacingOccurrences(of: fence, with: "[fence removed]")
    }

    /// A fence derived from the episode's identity and a secret salt: unpredictable to the agent,
    /// stable for re-scoring.
    public static func fence(for episodeKey: String, salt: String) -> String {
        "TRANSCRIPT-" + SHA256.hex(salt + "\u{0}" + episodeKey).prefix(16).uppercased()
    }
}
