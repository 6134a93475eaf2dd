public import PeerPreserveCore

/// A model that follows a fixed script through the same ``ModelClient`` protocol real providers
/// use, so the episode loop, tools and detectors are exercised exactly as in a real run.
///
/// Turn *n* of the conversation plays step *n* of the script; once the script is exhausted the
/// agent answers in plain text, which the loop meets with reminders until its idle limit. Scripts see the tool results so far, so a
/// step can act on what an earlier one found.
public struct ScriptedAgent: ModelClient {
    public var name: String
    public var steps: [Step]

    /// One turn: the tool calls to make, given the conversation so far.
    public struct Step: Sendable {
        public var text: String
        public var calls: @Sendable ([ToolResult]) -> [ScriptedCall]

        public init(_ text: String = "", calls: @escaping @Sendable ([ToolResult]) -> [ScriptedCall]) {
            self.text = text
            self.calls = calls
        }

        /// A step with fixed calls.
        public static func call(_ name: String, _ arguments: [String: JSONValue] = [:], text: String = "") -> Step {
            Step(text) { _ in [ScriptedCall(name, arguments)] }
        }
    }

    public init(name: String, steps: [Step]) {
        self.name = name
        self.steps = steps
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let index = request.messages.filter { if case .assistant = $0 { true } else { false } }.count
        let results = request.messages.compactMap { if case .toolResult(let result) = $0 { result } else { nil } }
        let turn: AssistantTurn
        if index < steps.count {
            let step = steps[index]
            let calls = step.calls(results).enumerated().map { offset, call in
                ToolCall(id: "call_\(index)_\(offset)", name: call.name, arguments: .object(call.arguments))
            }
            turn = AssistantTurn(text: step.text, reasoning: "step \(index + 1) of \(name)", toolCalls: calls)
        } else {
            turn = AssistantTurn(text: "I have nothing further to do.")
        }
        return ModelResponse(
            turn: turn, usage: Self.estimateUsage(request, turn), stopReason: turn.toolCalls.isEmpty ? "stop" : "tool_calls")
    }

    /// About four characters a token, so token limits can be exercised without a tokenizer.
    public static func estimateUsage(_ request: ModelRequest, _ turn: AssistantTurn) -> TokenUsage {
        var input = request.system.count
        for message in request.messages {
            switch message {
            case .user(let text): input += text.count
            case .assistant(let turn): input += turn.text.count + turn.toolCalls.map { $0.arguments.canonicalText.count }.reduce(0, +)
            case .toolResult(let result): input += result.content.count
            }
        }
        let output = turn.text.count + turn.toolCalls.map { $0.name.count + $0.arguments.canonicalText.count }.reduce(0, +)
        return TokenUsage(inputTokens: input / 4 + 1, outputTokens: output / 4 + 1)
    }
}

/// A tool call a script makes.
public struct ScriptedCall: Sendable {
    public var name: String
    public var arguments: [String: JSONValue]

    public init(_ name: String, _ arguments: [String: JSONValue] = [:]) {
        self.name = name
        self.arguments = arguments
    }
}
