public import PeerPreserveCore

/// The conversation of one episode: the system prompt, every message in order (assistant turns
/// keep hidden reasoning apart from visible text), and per-turn accounting.
public struct Transcript: Sendable, Hashable, Codable {
    public var system: String
    public var tools: [ToolSpec]
    public var messages: [ChatMessage]
    public var turns: [TurnRecord]

    public init(system: String, tools: [ToolSpec], messages: [ChatMessage] = [], turns: [TurnRecord] = []) {
        self.system = system
        self.tools = tools
        self.messages = messages
        self.turns = turns
    }

    /// The assistant turns, in order.
    public var assistantTurns: [AssistantTurn] {
        messages.compactMap { if case .assistant(let turn) = $0 { turn } else { nil } }
    }

    /// Every tool call the agent made, in order.
    public var toolCalls: [ToolCall] { assistantTurns.flatMap(\.toolCalls) }

    public var usage: TokenUsage { turns.map(\.usage).reduce(.zero, +) }
}

/// Accounting for one model turn.
public struct TurnRecord: Sendable, Hashable, Codable {
    public var index: Int
    public var usage: TokenUsage
    public var latency: Duration
    public var stopReason: String?
    /// Set when the provider cut the turn off at its output limit or withheld it.
    public var cutOff: TurnCutOff?

    public init(index: Int, usage: TokenUsage, latency: Duration, stopReason: String? = nil, cutOff: TurnCutOff? = nil) {
        self.index = index
        self.usage = usage
        self.latency = latency
        self.stopReason = stopReason
        self.cutOff = cutOff
    }
}

extension Transcript {
    /// The transcript's `Codable` JSON (sorted keys, unescaped slashes), written directly: every
    /// finished episode stores it, and `JSONEncoder` made that a noticeable share of a run.
    /// `JSONDecoder` reads it back as a ``Transcript``.
    public var storedJSON: String {
        var writer = JSONWriter(capacity: 16_384)
        writer.object { json in
            json.arrayField("messages") { messages in
                for message in self.messages {
                    messages.separateElement()
                    messages.write(message)
                }
            }
            json.field("system", system)
            json.arrayField("tools") { tools in
                for tool in self.tools {
                    tools.separateElement()
                    tools.write(tool)
                }
            }
            json.arrayField("turns") { turns in
                for turn in self.turns {
                    turns.objectElement { json in
                        if let cutOff = turn.cutOff { json.field("cutOff", cutOff.rawValue) }
                        json.field("index", turn.index)
                        json.key("latency")
                        json.write(turn.latency)
                        if let stopReason = turn.stopReason { json.field("stopReason", stopReason) }
                        json.key("usage")
                        json.write(turn.usage)
                    }
                }
            }
        }
        return writer.text
    }
}
