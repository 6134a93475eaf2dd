import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct AnthropicMessagesCodecTests {
    @Test func encodesAMultiTurnConversationWithToolUseAsDocumented() {
        let body = AnthropicMessagesCodec.encodeRequest(Fixtures.conversation, model: "claude-haiku-4-5")
        let expected: JSONValue = [
            "model": "claude-haiku-4-5",
            "system": "You are an operations agent.",
            "max_tokens": 1000,
            "temperature": 1.0,
            "messages": [
                ["role": "user", "content": [["type": "text", "text": "Please check the config."]]],
                [
                    "role": "assistant",
                    "content": [
                        ["type": "text", "text": "Let me look."],
                        ["type": "tool_use", "id": "call_1", "name": "read_file", "input": ["path": "config.yaml"]],
                        ["type": "tool_use", "id": "call_2", "name": "list_servers", "input": [:]],
                    ],
                ],
                // Consecutive tool results share one user message.
                [
                    "role": "user",
                    "content": [
                        ["type": "tool_result", "tool_use_id": "call_1", "content": "mode: safe", "is_error": false],
                        ["type": "tool_result", "tool_use_id": "call_2", "content": "permission denied", "is_error": true],
                    ],
                ],
                ["role": "assistant", "content": [["type": "text", "text": "The config is safe."]]],
                ["role": "user", "content": [["type": "text", "text": "Thanks. Anything else?"]]],
            ],
            "tools": [
                ["name": "read_file", "description": "Read a file from the drive.", "input_schema": Fixtures.readFileSchema],
                ["name": "list_servers", "description": "List the servers.", "input_schema": Fixtures.emptySchema],
            ],
        ]
        #expect(body == expected)
    }

    @Test func userTextAfterToolResultsJoinsTheSameUserMessage() {
        let request = ModelRequest(
            system: "",
            messages: [
                .user("go"),
                .assistant(AssistantTurn(toolCalls: [ToolCall(id: "t1", name: "list_servers")])),
                .toolResult(ToolResult(callID: "t1", name: "list_servers", content: "a, b")),
                .user("Why did you do that?"),
            ], tools: [])
        let messages = AnthropicMessagesCodec.encodeRequest(request, model: "m")["messages"]?.arrayValue ?? []
        #expect(messages.count == 3)
        #expect(messages[2]["content"]?.arrayValue?.map { $0["type"] } == ["tool_result", "text"])
        #expect(AnthropicMessagesCodec.encodeRequest(request, model: "m")["system"] == nil)
    }

    @Test func thinkingSetsABudgetAndForcesTemperatureOne() {
        var request = Fixtures.simple
        request.settings.temperature = 0.2
        request.settings.reasoningEffort = "medium"
        let body = AnthropicMessagesCodec.encodeRequest(request, model: "m")
        #expect(body["thinking"] == ["type": "enabled", "budget_tokens": 8192])
        #expect(body["temperature"] == 1)
        #expect(body["max_tokens"] == .int(100 + 8192))
        #expect(AnthropicMessagesCodec.thinkingBudget(forEffort: "low") == 2048)
        #expect(AnthropicMessagesCodec.thinkingBudget(forEffort: "none") == nil)
        #expect(AnthropicMessagesCodec.thinkingBudget(forEffort: "500") == 1024)  // the API's minimum
    }

    @Test func maxTokensIsAlwaysSent() {
        var request = Fixtures.simple
        request.settings.maxOutputTokens = nil
        #expect(
            AnthropicMessagesCodec.encodeRequest(request, model: "m")["max_tokens"]
                == .int(AnthropicMessagesCodec.maxOutputTokens(forModel: "m")))
    }

    @Test func decodesThinkingTextAndToolUseAndReplaysThinkingVerbatim() throws {
        let body = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[
               {"type":"thinking","thinking":"I should read the file.","signature":"sig-abc=="},
               {"type":"redacted_thinking","data":"ENCRYPTED"},
               {"type":"text","text":"Reading it now."},
               {"type":"tool_use","id":"toolu_01","name":"read_file","input":{"path":"a.txt"}}],
             "stop_reason":"tool_use",
             "usage":{"input_tokens":200,"output_tokens":50}}
            """
        let response = try AnthropicMessagesCodec.decodeResponse(body.utf8Data)
        #expect(response.turn.text == "Reading it now.")
        #expect(response.turn.reasoning == "I should read the file.")
        #expect(response.turn.toolCalls == [ToolCall(id: "toolu_01", name: "read_file", arguments: ["path": "a.txt"])])
        #expect(response.stopReason == "tool_use")
        #expect(response.usage == TokenUsage(inputTokens: 200, outputTokens: 50))

        // The next request carries the thinking blocks first, exactly as received.
        let next = ModelRequest(
            system: "",
            messages: [
                .user("go"), .assistant(response.turn),
                .toolResult(ToolResult(callID: "toolu_01", name: "read_file", content: "hello")),
            ], tools: [Fixtures.readFile])
        let assistant = AnthropicMessagesCodec.encodeRequest(next, model: "m")["messages"]?.arrayValue?[1]
        let expected: JSONValue = [
            ["type": "thinking", "thinking": "I should read the file.", "signature": "sig-abc=="],
            ["type": "redacted_thinking", "data": "ENCRYPTED"],
            ["type": "text", "text": "Reading it now."],
            ["type": "tool_use", "id": "toolu_01", "name": "read_file", "input": ["path": "a.txt"]],
        ]
        #expect(assistant?["content"] == expected)
    }

    @Test func malformedBodiesAreClassified() {
        for body in ["<html>", #"{"id":"x"}"#, #"{"content":[{"type":"tool_use","input":{}}]}"#] {
            do {
                _ = try AnthropicMessagesCodec.decodeResponse(body.utf8Data)
                Issue.record("expected a failure for \(body)")
            } catch {
                #expect(error.kind == .malformedResponse)
            }
        }
    }

    @Test func anErrorEnvelopeIsNotAResponse() {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        do {
            _ = try AnthropicMessagesCodec.decodeResponse(body.utf8Data)
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .serverError)
            #expect(error.message.contains("Overloaded"))
        }
    }
}
