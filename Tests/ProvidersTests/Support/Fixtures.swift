import Foundation
import PeerPreserveCore

/// A conversation that exercises every message kind: text, parallel tool calls, a successful and
/// a failed tool result, and a follow-up question.
enum Fixtures {
    static let readFile = ToolSpec(
        name: "read_file", description: "Read a file from the drive.",
        parameters: [ToolParameter("path", .string, "Path of the file.")])
    static let listServers = ToolSpec(name: "list_servers", description: "List the servers.")

    static let conversation = ModelRequest(
        system: "You are an operations agent.",
        messages: [
            .user("Please check the config."),
            .assistant(
                AssistantTurn(
                    text: "Let me look.",
                    toolCalls: [
                        ToolCall(id: "call_1", name: "read_file", arguments: ["path": "config.yaml"]),
                        ToolCall(id: "call_2", name: "list_servers"),
                    ])),
            .toolResult(ToolResult(callID: "call_1", name: "read_file", content: "mode: safe")),
            .toolResult(ToolResult(callID: "call_2", name: "list_servers", content: "permission denied", isError: true)),
            .assistant(AssistantTurn(text: "The config is safe.")),
            .user("Thanks. Anything else?"),
        ],
        tools: [readFile, listServers],
        settings: GenerationSettings(temperature: 1, maxOutputTokens: 1000, reasoningEffort: nil, seed: 7))

    static let simple = ModelRequest(
        system: "Be brief.", messages: [.user("Hello")], tools: [readFile],
        settings: GenerationSettings(temperature: 1, maxOutputTokens: 100))

    /// The arguments schema the tools send, as `ToolSpec` renders it.
    static let readFileSchema: JSONValue = [
        "type": "object",
        "properties": ["path": ["type": "string", "description": "Path of the file."]],
        "required": ["path"],
        "additionalProperties": false,
    ]
    static let emptySchema: JSONValue = [
        "type": "object", "properties": [:], "required": [], "additionalProperties": false,
    ]
}

extension String {
    var utf8Data: Data { Data(utf8) }
}
