import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct GeminiCodecTests {
    @Test func encodesAMultiTurnConversationWithFunctionCallsAsDocumented() {
        let body = GeminiCodec.encodeRequest(Fixtures.conversation)
        let expected: JSONValue = [
            "systemInstruction": ["parts": [["text": "You are an operations agent."]]],
            "contents": [
                ["role": "user", "parts": [["text": "Please check the config."]]],
                [
                    "role": "model",
                    "parts": [
                        ["text": "Let me look."],
                        ["functionCall": ["id": "call_1", "name": "read_file", "args": ["path": "config.yaml"]]],
                        ["functionCall": ["id": "call_2", "name": "list_servers", "args": [:]]],
                    ],
                ],
                [
                    "role": "user",
                    "parts": [
                        ["functionResponse": ["id": "call_1", "name": "read_file", "response": ["output": "mode: safe"]]],
                        ["functionResponse": ["id": "call_2", "name": "list_servers", "response": ["error": "permission denied"]]],
                    ],
                ],
                ["role": "model", "parts": [["text": "The config is safe."]]],
                ["role": "user", "parts": [["text": "Thanks. Anything else?"]]],
            ],
            "tools": [
                [
                    "functionDeclarations": [
                        [
                            "name": "read_file", "description": "Read a file from the drive.",
                            "parameters": [
                                "type": "OBJECT",
                                "properties": ["path": ["type": "STRING", "description": "Path of the file."]],
                                "required": ["path"],
                            ],
                        ],
                        [
                            "name": "list_servers", "description": "List the servers.",
                            "parameters": ["type": "OBJECT", "properties": [:], "required": []],
                        ],
                    ]
                ]
            ],
            "generationConfig": ["temperature": 1.0, "maxOutputTokens": 1000, "seed": 7],
        ]
        #expect(body == expected)
    }

    @Test func schemaConversionKeepsOnlyTheSubsetGeminiAccepts() {
        let schema: JSONValue = [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "rows": ["type": "array", "items": ["type": "array", "items": ["type": "string"]], "minItems": 1],
                "note": ["type": ["string", "null"], "format": "uri", "default": "x"],
                "mode": ["const": "fast"],
                "when": ["type": "string", "format": "date-time"],
            ],
            "required": ["rows", "ghost"],
        ]
        let expected: JSONValue = [
            "type": "OBJECT",
            "properties": [
                "rows": ["type": "ARRAY", "items": ["type": "ARRAY", "items": ["type": "STRING"]], "minItems": 1],
                "note": ["type": "STRING", "nullable": true],
                "mode": ["enum": ["fast"]],
                "when": ["type": "STRING", "format": "date-time"],
            ],
            "required": ["rows"],
        ]
        #expect(GeminiSchema.convert(schema) == expected)
    }

    @Test func thinkingConfigFollowsTheModelFamily() {
        var request = Fixtures.simple
        request.settings.reasoningEffort = "low"
        let gemini3 = GeminiCodec.encodeRequest(request, options: .forModel("gemini-3-flash-preview"))
        #expect(gemini3["generationConfig"]?["thinkingConfig"] == ["thinkingLevel": "low", "includeThoughts": true])
        #expect(gemini3["generationConfig"]?["maxOutputTokens"] == 100)

        let gemini25 = GeminiCodec.encodeRequest(request, options: .forModel("gemini-2.5-flash"))
        #expect(gemini25["generationConfig"]?["thinkingConfig"] == ["thinkingBudget": 1024, "includeThoughts": true])
        #expect(gemini25["generationConfig"]?["maxOutputTokens"] == .int(100 + 1024))

        request.settings.reasoningEffort = nil
        let plain = GeminiCodec.encodeRequest(request, options: .forModel("gemini-2.0-flash"))
        #expect(plain["generationConfig"]?["thinkingConfig"] == nil)
    }

    @Test func decodesThoughtsTextCallsAndUsageWithStableSynthesizedIDs() throws {
        let body = """
            {"responseId":"resp-42","candidates":[{"finishReason":"STOP","content":{"role":"model","parts":[
              {"text":"Considering the files.","thought":true},
              {"text":"I will read both."},
              {"functionCall":{"name":"read_file","args":{"path":"a.txt"}},"thoughtSignature":"SIG1"},
              {"functionCall":{"name":"list_servers"}}]}}],
             "usageMetadata":{"promptTokenCount":300,"candidatesTokenCount":40,"thoughtsTokenCount":25,"totalTokenCount":365}}
            """
        let first = try GeminiCodec.decodeResponse(body.utf8Data)
        let second = try GeminiCodec.decodeResponse(body.utf8Data)
        #expect(first.turn.text == "I will read both.")
        #expect(first.turn.reasoning == "Considering the files.")
        #expect(first.turn.toolCalls.map(\.name) == ["read_file", "list_servers"])
        #expect(first.turn.toolCalls[0].arguments == ["path": "a.txt"])
        #expect(first.turn.toolCalls[1].arguments == .object([:]))
        #expect(first.turn.toolCalls.allSatisfy { $0.id.hasPrefix(GeminiCodec.synthesizedCallIDPrefix) })
        #expect(Set(first.turn.toolCalls.map(\.id)).count == 2)
        #expect(first.turn.toolCalls.map(\.id) == second.turn.toolCalls.map(\.id))
        #expect(first.usage == TokenUsage(inputTokens: 300, outputTokens: 65))
        #expect(first.stopReason == "STOP")
    }

    @Test func thoughtSignaturesGoBackAndResultsMapByCallOrder() throws {
        let body = """
            {"candidates":[{"content":{"role":"model","parts":[
              {"text":"secret plan","thought":true},
              {"functionCall":{"name":"read_file","args":{"path":"a.txt"}},"thoughtSignature":"SIG1"},
              {"functionCall":{"name":"list_servers","args":{}}}]}}]}
            """
        let turn = try GeminiCodec.decodeResponse(body.utf8Data).turn
        // Results arrive out of order; Gemini pairs them by position, so they follow the calls.
        let request = ModelRequest(
            system: "",
            messages: [
                .user("go"), .assistant(turn),
                .toolResult(ToolResult(callID: turn.toolCalls[1].id, name: "list_servers", content: "a, b")),
                .toolResult(ToolResult(callID: turn.toolCalls[0].id, name: "read_file", content: "hello")),
            ], tools: [])
        let contents = GeminiCodec.encodeRequest(request)["contents"]?.arrayValue ?? []
        #expect(contents.count == 3)
        let expectedModel: JSONValue = [
            "role": "model",
            "parts": [
                ["functionCall": ["name": "read_file", "args": ["path": "a.txt"]], "thoughtSignature": "SIG1"],
                ["functionCall": ["name": "list_servers", "args": [:]]],
            ],
        ]
        #expect(contents[1] == expectedModel)
        let expectedResults: JSONValue = [
            "role": "user",
            "parts": [
                ["functionResponse": ["name": "read_file", "response": ["output": "hello"]]],
                ["functionResponse": ["name": "list_servers", "response": ["output": "a, b"]]],
            ],
        ]
        #expect(contents[2] == expectedResults)
    }

    @Test func aBlockedPromptIsAnAnswerWithAReason() throws {
        let body = #"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":12}}"#
        let response = try GeminiCodec.decodeResponse(body.utf8Data)
        #expect(response.turn == AssistantTurn())
        #expect(response.stopReason == "prompt_blocked:SAFETY")
        #expect(response.usage.inputTokens == 12)
    }

    @Test func aCandidateWithoutContentDecodesEmpty() throws {
        let response = try GeminiCodec.decodeResponse(#"{"candidates":[{"finishReason":"MALFORMED_FUNCTION_CALL"}]}"#.utf8Data)
        #expect(response.turn.toolCalls.isEmpty)
        #expect(response.stopReason == "MALFORMED_FUNCTION_CALL")
    }

    @Test func malformedBodiesAreClassified() {
        for body in ["{", #"{"candidates":[]}"#, "null"] {
            do {
                _ = try GeminiCodec.decodeResponse(body.utf8Data)
                Issue.record("expected a failure for \(body)")
            } catch {
                #expect(error.kind == .malformedResponse)
            }
        }
    }
}
