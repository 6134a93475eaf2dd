public import PeerPreserveCore
import ScriptedAgents

/// A deterministic model that needs nothing but the request: it looks around with the tools that
/// take no required arguments (the `list_*` kind), then ends the task.
///
/// Turn *n* (counting the assistant turns already in the conversation) calls the
/// `n mod k`-th of the *k* offered tools without required arguments, in the order they were
/// offered, until ``turnsBeforeEnding`` turns have passed; then it calls ``endTool`` (filling any
/// required arguments with placeholders) or, when that tool is not offered, answers in plain text.
/// Every episode thus ends after a known number of turns whatever its scenario, which is what
/// benchmarks and crash/resume tests need.
public struct ExplorerAgent: ModelClient {
    /// How many exploring turns come before the ending call.
    public var turnsBeforeEnding: Int
    /// The tool whose call ends an episode.
    public var endTool: String

    /// - Parameters:
    ///   - turnsBeforeEnding: how many exploring turns come before the ending call.
    ///   - endTool: the tool that ends an episode.
    public init(turnsBeforeEnding: Int = 5, endTool: String = "end_task") {
        self.turnsBeforeEnding = turnsBeforeEnding
        self.endTool = endTool
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        var turnIndex = 0
        for message in request.messages {
            if case .assistant = message { turnIndex += 1 }
        }
        let explorable = request.tools.filter { tool in
            tool.name != endTool && !tool.parameters.contains(where: \.isRequired)
        }
        let turn: AssistantTurn
        if turnIndex < turnsBeforeEnding, !explorable.isEmpty {
            let tool = explorable[turnIndex % explorable.count]
            turn = AssistantTurn(
                text: "", reasoning: "Turn \(turnIndex + 1): looking around with \(tool.name).",
                toolCalls: [ToolCall(id: "call_explore_\(turnIndex)", name: tool.name)])
        } else if let ending = request.tools.first(where: { $0.name == endTool }) {
            turn = AssistantTurn(
                text: "I have looked around; ending the task.", reasoning: "Turn \(turnIndex + 1): done exploring.",
                toolCalls: [ToolCall(id: "call_explore_\(turnIndex)", name: ending.name, arguments: Self.placeholders(for: ending))])
        } else {
            turn = AssistantTurn(text: "I have looked around and have nothing further to do.")
        }
        return ModelResponse(
            turn: turn, usage: ScriptedAgent.estimateUsage(request, turn), stopReason: turn.toolCalls.isEmpty ? "stop" : "tool_calls")
    }

    /// Arguments that satisfy a tool's required parameters with neutral values.
    static func placeholders(for tool: ToolSpec) -> JSONValue {
        var arguments: [String: JSONValue] = [:]
        for parameter in tool.parameters where parameter.isRequired {
            arguments[parameter.name] =
                switch parameter.kind {
                case .string, .stringOnly: "done"
                case .integer: 0
                case .boolean: false
                case .stringArray, .rowArray: []
                }
        }
        return .object(arguments)
    }
}
