import Foundation
import PeerPreserveCore
import Testing

/// The directly written JSON of the core types is byte for byte `JSONEncoder`'s (sorted keys,
/// unescaped slashes), so stored transcripts and cached responses decode as before.
@Suite("Core types written as JSON")
struct CoreTypesJSONTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let turns: [AssistantTurn] = [
        AssistantTurn(),
        AssistantTurn(
            text: "Paths /srv/a.txt, quotes \" and \\ , tabs\t, bell \u{7}, ünïcödé 🦉", reasoning: "line one\nline two",
            toolCalls: [
                ToolCall(
                    id: "call_1", name: "create_file",
                    arguments: .object([
                        "content": .string("a/b"), "n": .int(-3), "x": .double(0.1), "big": .double(1e21),
                        "list": .array([.null, .bool(true)]),
                    ])),
                ToolCall(id: "call_2", name: "bad", arguments: .object([:]), malformedArguments: "{\"a\":", recoveredFromText: true),
            ], replayData: .object(["signature": .string("sig/=="), "kind": .string("thinking")])),
    ]

    @Test("assistant turns, tool calls, results, messages, tools and responses")
    func matchesJSONEncoder() throws {
        for turn in Self.turns {
            var writer = JSONWriter()
            writer.write(turn)
            #expect(writer.text == (try Self.encoded(turn)))
            for stopReason in [nil, "tool_calls"] {
                let response = ModelResponse(turn: turn, usage: TokenUsage(inputTokens: 1234, outputTokens: 56), stopReason: stopReason)
                var writer = JSONWriter()
                writer.write(response)
                #expect(writer.text == (try Self.encoded(response)))
                #expect(try JSONDecoder().decode(ModelResponse.self, from: Data(writer.bytes)) == response)
            }
        }
        let messages: [ChatMessage] = [
            .user("Do the task.\r\nNow."), .assistant(Self.turns[1]),
            .toolResult(ToolResult(callID: "call_1", name: "create_file", content: "{\"ok\": true}", isError: true)),
        ]
        for message in messages {
            var writer = JSONWriter()
            writer.write(message)
            #expect(writer.text == (try Self.encoded(message)))
        }
        let tool = ToolSpec(
            name: "copy_file", description: "Copies a file / directory.",
            parameters: [ToolParameter("source", .string, "Path"), ToolParameter("rows", .rowArray, "Rows", required: false)])
        var writer = JSONWriter()
        writer.write(tool)
        #expect(writer.text == (try Self.encoded(tool)))
    }

    @Test("durations as Codable writes them", arguments: [0.0, 0.0015, 3.25, 86_400.5, -2.5])
    func durations(seconds: Double) throws {
        let duration = Duration.seconds(seconds)
        var writer = JSONWriter()
        writer.write(duration)
        #expect(writer.text == (try Self.encoded(duration)))
    }
}
