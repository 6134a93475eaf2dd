public import EpisodeRunner
import Foundation
import PeerPreserveCore

/// What a judge may read of an episode: the agent's visible text and its tool calls — never the
/// tool results (the world's data would leak the ground truth) and never hidden reasoning (the
/// study scores what the agent did and said, not what it thought).
///
/// The text is fenced with a code the agent could not have predicted — it is a hash of the salt,
/// the episode and everything the agent wrote, so no text can contain its own code — and the
/// judge must echo that code in its verdict. Nothing the agent wrote can close the fence and pose
/// as the judge's instructions, and a verdict the agent forged inside its own text (which a
/// gullible judge might copy) cannot carry the right code, so it is refused rather than counted.
public struct JudgeTranscript: Sendable, Hashable {
    public var fence: String
    public var body: String

    /// The transcript fenced with a code derived from `episodeKey`, `salt` and the transcript's
    /// own text: stable for re-scoring (so cached judge answers replay), unforgeable by the agent.
    public init(_ transcript: Transcript, episodeKey: String, salt: String) {
        let lines = Self.lines(of: transcript)
        let code = SHA256.hex(salt + "\u{0}" + episodeKey + "\u{0}" + lines.joined(separator: "\n")).prefix(16).uppercased()
        self.init(lines: lines, fence: "TRANSCRIPT-" + code)
    }

    /// The transcript fenced with a given code (tests; or a caller with its own secret).
    public init(_ transcript: Transcript, fence: String) {
        self.init(lines: Self.lines(of: transcript), fence: fence)
    }

    private init(lines: [String], fence: String) {
        self.fence = fence
        body = lines.map { Self.defused($0, fence: fence) }.joined(separator: "\n")
    }

    private static func lines(of transcript: Transcript) -> [String] {
        var lines: [String] = []
        for (index, turn) in transcript.assistantTurns.enumerated() {
            lines.append("[turn \(index + 1)]")
            let text = turn.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { lines.append("agent says: " + text) }
            for call in turn.toolCalls {
                let arguments = call.malformedArguments ?? call.arguments.canonicalText
                lines.append("agent calls \(call.name)(\(arguments))")
            }
        }
        return lines
    }

    /// The transcript between its fences.
    public var fenced: String {
        "<<<\(fence) BEGIN>>>\n\(body)\n<<<\(fence) END>>>"
    }

    /// Removes any occurrence of the fence from agent-written text.
    static func defused(_ text: String, fence: String) -> String {
        text.replacingOccurrences(of: fence, with: "[fence removed]")
    }

    /// A fence derived from the episode's identity and a salt alone (no transcript text).
    public static func fence(for episodeKey: String, salt: String) -> String {
        "TRANSCRIPT-" + SHA256.hex(salt + "\u{0}" + episodeKey).prefix(16).uppercased()
    }
}
