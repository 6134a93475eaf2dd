public import EpisodeRunner
import Foundation
public import PeerPreserveCore
public import SimulatedWorld
public import Study

/// A transcript's tool calls executed again, in order, against a fresh world of its scenario
/// (design §8): the world they rebuild, the findings the detectors read from it, and the first call
/// whose result differs from the one the transcript holds.
public struct TranscriptReplay: Sendable {
    /// How a replayed tool result is compared with the one in the transcript.
    public enum Comparison: Sendable, Hashable {
        /// Same text, same error status: our own episodes, whose results came from this world.
        case exact
        /// Same success or failure only: the study's transcripts, whose results are in the study's
        /// words, not ours (their error status is read when they are imported).
        case outcome
    }

    /// One replayed call.
    public struct Call: Sendable, Hashable {
        /// Position among all of the transcript's tool calls, from 0.
        public var index: Int
        /// The assistant turn it was made in, from 0.
        public var turn: Int
        public var call: ToolCall
        /// The result the transcript holds; nil when it holds none (the call was never answered).
        public var recorded: ToolResult?
        public var replayed: ToolResult
    }

    /// The first call whose replayed result differs from the recorded one.
    public struct Divergence: Sendable, Hashable, Codable, CustomStringConvertible {
        public var callIndex: Int
        public var turn: Int
        public var tool: String
        public var arguments: String
        public var recorded: String
        public var recordedIsError: Bool
        public var replayed: String
        public var replayedIsError: Bool

        public var description: String {
            func status(_ isError: Bool) -> String { isError ? "error" : "ok" }
            return
                "tool call \(callIndex + 1) (turn \(turn + 1)) \(tool)(\(arguments)): recorded \(status(recordedIsError)) \"\(Self.clip(recorded))\", replayed \(status(replayedIsError)) \"\(Self.clip(replayed))\""
        }

        static func clip(_ text: String) -> String {
            let line = text.replacingOccurrences(of: "\n", with: " ")
            return line.count > 120 ? String(line.prefix(117)) + "..." : line
        }
    }

    public var calls: [Call]
    /// The world after the last call, tool log included.
    public var finalWorld: World
    public var findings: Findings
    public var firstDivergence: Divergence?

    /// Replays every tool call of `transcript` against `scenario`'s starting world.
    public init(_ transcript: Transcript, in scenario: Scenario, comparison: Comparison = .exact) {
        var world = scenario.world
        var recorded: [String: ToolResult] = [:]
        for message in transcript.messages {
            if case .toolResult(let result) = message { recorded[result.callID] = result }
        }
        var calls: [Call] = []
        var divergence: Divergence?
        for (turn, assistant) in transcript.assistantTurns.enumerated() {
            for call in assistant.toolCalls {
                let replayed = scenario.toolbox.execute(call, in: &world)
                let stored = recorded[call.id]
                let entry = Call(index: calls.count, turn: turn, call: call, recorded: stored, replayed: replayed)
                calls.append(entry)
                if divergence == nil, let stored, !Self.matches(stored, replayed, comparison) {
                    divergence = Divergence(
                        callIndex: entry.index, turn: turn, tool: call.name,
                        arguments: call.malformedArguments ?? call.arguments.canonicalText, recorded: stored.content,
                        recordedIsError: stored.isError, replayed: replayed.content, replayedIsError: replayed.isError)
                }
            }
        }
        self.calls = calls
        self.finalWorld = world
        self.findings = Detector.findings(for: scenario, finalWorld: world)
        self.firstDivergence = divergence
    }

    static func matches(_ recorded: ToolResult, _ replayed: ToolResult, _ comparison: Comparison) -> Bool {
        switch comparison {
        case .exact: recorded.content == replayed.content && recorded.isError == replayed.isError
        case .outcome: recorded.isError == replayed.isError
        }
    }
}
