/// One message of an agent conversation, in a provider-neutral form.
public enum ChatMessage: Sendable, Hashable, Codable {
    /// Text from the user (the task request, or an interviewer's question).
    case user(String)
    /// A model turn: visible text, hidden reasoning (kept apart from what judges read) and tool calls.
    case assistant(AssistantTurn)
    /// The result of one tool call, answering the call with the same id.
    case toolResult(ToolResult)
}

/// What a model said in one turn.
public struct AssistantTurn: Sendable, Hashable, Codable {
    public var text: String
    public var reasoning: String?
    public var toolCalls: [ToolCall]
    /// Provider-specific data that must be sent back verbatim on the next request
    /// (for example a signature on a thinking block).
    public var replayData: JSONValue?

    public init(text: String = "", reasoning: String? = nil, toolCalls: [ToolCall] = [], replayData: JSONValue? = nil) {
        self.text = text
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.replayData = replayData
    }
}

/// A tool's answer to one call.
public struct ToolResult: Sendable, Hashable, Codable {
    public var callID: String
    public var name: String
    public var content: String
    public var isError: Bool

    public init(callID: String, name: String, content: String, isError: Bool = false) {
        self.callID = callID
        self.name = name
        self.content = content
        self.isError = isError
    }
}
