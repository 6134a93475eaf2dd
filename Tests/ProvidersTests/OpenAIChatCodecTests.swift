import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct OpenAIChatCodecTests {
    @Test func encodesAMultiTurnConversationWithToolCallsAsDocumented() {
        let body = OpenAIChatCodec.encodeRequest(Fixtures.conversation, model: "gpt-5.2")
        let expected: JSONValue = [
            "model": "gpt-5.2",
            "messages": [
                ["role": "system", "content": "You are an operations agent."],
                ["role": "user", "content": "Please check the config."],
                [
                    "role": "assistant", "content": "Let me look.",
                    "tool_calls": [
                        [
                            "id": "call_1", "type": "function",
                            "function": ["name": "read_file", "arguments": #"{"path":"config.yaml"}"#],
                        ],
                        ["id": "call_2", "type": "function", "function": ["name": "list_servers", "arguments": "{}"]],
                    ],
                ],
                ["role": "tool", "tool_call_id": "call_1", "content": "mode: safe"],
                ["role": "tool", "tool_call_id": "call_2", "content": "permission denied"],
                ["role": "assistant", "content": "The config is safe."],
                ["role": "user", "content": "Thanks. Anything else?"],
            ],
            "tools": [
                [
                    "type": "function",
                    "function": [
                        "name": "read_file", "description": "Read a file from the drive.", "parameters": Fixtures.readFileSchema,
                    ],
                ],
                [
                    "type": "function",
                    "function": ["name": "list_servers", "description": "List the servers.", "parameters": Fixtures.emptySchema],
                ],
            ],
            "temperature": 1.0,
            "max_tokens": 1000,
            "seed": 7,
        ]
        #expect(body == expected)
    }

    @Test func usesMaxCompletionTokensForOpenAIAndPassesReasoningEffort() {
        var request = Fixtures.simple
        request.settings.reasoningEffort = "low"
        let options = OpenAIChatCodec.Options.forBaseURL("https://api.openai.com/v1")
        let body = OpenAIChatCodec.encodeRequest(request, model: "gpt-5.2", options: options)
        #expect(body["max_completion_tokens"] == 100)
        #expect(body["max_tokens"] == nil)
        #expect(body["reasoning_effort"] == "low")
        #expect(OpenAIChatCodec.Options.forBaseURL("http://127.0.0.1:8000/v1").maxTokensField == .maxTokens)
    }

    @Test func assistantWithOnlyToolCallsSendsNullContent() {
        let request = ModelRequest(
            system: "", messages: [.user("go"), .assistant(AssistantTurn(toolCalls: [ToolCall(id: "a", name: "list_servers")]))],
            tools: [], settings: GenerationSettings(temperature: nil, maxOutputTokens: nil))
        let body = OpenAIChatCodec.encodeRequest(request, model: "m")
        #expect(body["messages"]?.arrayValue?.count == 2)  // no system message when the prompt is empty
        #expect(body["messages"]?.arrayValue?[1]["content"] == .null)
        #expect(body["tools"] == nil)
        #expect(body["temperature"] == nil)
    }

    /// llama.cpp parses every earlier call's arguments and answers 500 to the whole request when
    /// one is not JSON (seen with a call truncated by the token limit): the history must stay valid.
    @Test func malformedArgumentsGoBackAsValidJSONHoldingTheText() throws {
        let call = ToolCall(id: "a", name: "read_file", malformedArguments: #"{"path": "oops"#)
        let request = ModelRequest(system: "", messages: [.assistant(AssistantTurn(toolCalls: [call]))], tools: [])
        let body = OpenAIChatCodec.encodeRequest(request, model: "m")
        let sent = try #require(body["messages"]?.arrayValue?[0]["tool_calls"]?.arrayValue?[0]["function"]?["arguments"]?.stringValue)
        #expect(JSONValue(parsing: sent) == ["unparseable_arguments": #"{"path": "oops"#])
    }

    @Test func decodesTextToolCallsReasoningUsageAndFinishReason() throws {
        let body = """
            {"id":"chatcmpl-1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
            "content":"Checking.","reasoning_content":"The user wants the file.",
            "tool_calls":[{"id":"call_9","type":"function","function":{"name":"read_file","arguments":"{\\"path\\": \\"a.txt\\"}"}}]}}],
            "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}
            """
        let response = try OpenAIChatCodec.decodeResponse(body.utf8Data, offeredTools: [Fixtures.readFile])
        #expect(response.turn.text == "Checking.")
        #expect(response.turn.reasoning == "The user wants the file.")
        #expect(response.turn.toolCalls == [ToolCall(id: "call_9", name: "read_file", arguments: ["path": "a.txt"])])
        #expect(response.usage == TokenUsage(inputTokens: 120, outputTokens: 30))
        #expect(response.stopReason == "tool_calls")
        #expect(response.turn.replayData == ["openai": ["reasoning_content": "The user wants the file."]])
    }

    @Test func decodesTheReasoningFieldSomeServersUse() throws {
        let body = #"{"choices":[{"finish_reason":"stop","message":{"content":"Hi","reasoning":"Greeting."}}]}"#
        let response = try OpenAIChatCodec.decodeResponse(body.utf8Data)
        #expect(response.turn.reasoning == "Greeting.")
        #expect(response.usage == .zero)
    }

    @Test func replaysReasoningOnlyWhenTheProviderNeedsIt() throws {
        let body =
            #"{"choices":[{"message":{"content":"","reasoning_content":"think","tool_calls":[{"id":"c","function":{"name":"list_servers","arguments":""}}]}}]}"#
        let turn = try OpenAIChatCodec.decodeResponse(body.utf8Data).turn
        let request = ModelRequest(system: "", messages: [.assistant(turn)], tools: [])
        let replayed = OpenAIChatCodec.encodeRequest(request, model: "m", options: .init(replayReasoning: true))
        let plain = OpenAIChatCodec.encodeRequest(request, model: "m")
        #expect(replayed["messages"]?.arrayValue?[0]["reasoning_content"] == "think")
        #expect(plain["messages"]?.arrayValue?[0]["reasoning_content"] == nil)
        #expect(turn.toolCalls[0].arguments == .object([:]))  // empty argument text is no arguments
    }

    /// The client sends the directly written body; it must be the documented body, byte for byte.
    @Test func theBodyWrittenDirectlyIsTheEncodedRequestByteForByte() throws {
        let replayTurn = AssistantTurn(
            text: "", reasoning: "think",
            toolCalls: [
                ToolCall(id: "c1", name: "read_file", arguments: ["path": "a/b.txt"]),
                ToolCall(id: "c2", name: "list_servers", malformedArguments: "{\"x\":"),
            ], replayData: ["openai": ["reasoning_content": "think", "reasoning": "also"]])
        var withReplay = Fixtures.conversation
        withReplay.messages.append(.assistant(replayTurn))
        withReplay.settings = GenerationSettings(temperature: 0.7, maxOutputTokens: 100, reasoningEffort: "low", seed: 9)
        var bare = Fixtures.simple
        bare.system = ""
        bare.tools = []
        bare.settings = GenerationSettings(temperature: nil, maxOutputTokens: nil)
        let optionSets: [OpenAIChatCodec.Options] = [.init(), .init(maxTokensField: .maxCompletionTokens), .init(replayReasoning: true)]
        for request in [Fixtures.conversation, Fixtures.simple, withReplay, bare] {
            for options in optionSets {
                let expected = OpenAIChatCodec.encodeRequest(request, model: "gpt-5.2", options: options).canonicalText
                let written = String(
                    decoding: OpenAIChatCodec.encodeRequestBody(request, model: "gpt-5.2", options: options), as: UTF8.self)
                #expect(written == expected)
            }
        }
    }

    @Test func invalidArgumentJSONBecomesMalformedArgumentsNotACrash() throws {
        let body =
            #"{"choices":[{"message":{"content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"read_file","arguments":"{\"path\": \"a.txt\""}}]}}]}"#
        let call = try #require(try OpenAIChatCodec.decodeResponse(body.utf8Data).turn.toolCalls.first)
        #expect(call.name == "read_file")
        #expect(call.arguments == .object([:]))
        #expect(call.malformedArguments == #"{"path": "a.txt""#)
        #expect(call.recoveredFromText == false)
    }

    @Test func argumentsThatAreJSONButNotAnObjectAreMalformed() throws {
        let body = #"{"choices":[{"message":{"tool_calls":[{"id":"c1","function":{"name":"read_file","arguments":"[1,2]"}}]}}]}"#
        let call = try #require(try OpenAIChatCodec.decodeResponse(body.utf8Data).turn.toolCalls.first)
        #expect(call.malformedArguments == "[1,2]")
    }

    @Test func moveLeadingThinkTagsIntoReasoning() throws {
        let body = #"{"choices":[{"message":{"content":"<think>\nPlan it.\n</think>\n\nHere you go."}}]}"#
        let turn = try OpenAIChatCodec.decodeResponse(body.utf8Data).turn
        #expect(turn.reasoning == "Plan it.")
        #expect(turn.text == "Here you go.")
    }

    @Test func recoversAToolCallWrittenAsFencedJSON() throws {
        let content = "I'll read it.\n```json\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"notes.md\"}}\n```"
        let body = JSONValue.object(["choices": [["message": ["content": .string(content)], "finish_reason": "stop"]]])
        let turn = try OpenAIChatCodec.decodeResponse(WireJSON.encode(body), offeredTools: [Fixtures.readFile]).turn
        #expect(turn.toolCalls.count == 1)
        #expect(turn.toolCalls.first?.name == "read_file")
        #expect(turn.toolCalls.first?.arguments == ["path": "notes.md"])
        #expect(turn.toolCalls.first?.recoveredFromText == true)
        #expect(turn.text == "I'll read it.")
    }

    @Test func doesNotRecoverWhenDisabledOrWhenRealToolCallsExist() throws {
        let content = #"{"name": "read_file", "arguments": {"path": "x"}}"#
        let body = JSONValue.object(["choices": [["message": ["content": .string(content)]]]])
        let disabled = try OpenAIChatCodec.decodeResponse(
            WireJSON.encode(body), offeredTools: [Fixtures.readFile], options: .init(recoverToolCallsFromText: false))
        #expect(disabled.turn.toolCalls.isEmpty)
        #expect(disabled.turn.text == content)
    }

    @Test func malformedBodiesAreClassifiedNotCrashing() {
        for body in ["not json", "", #"{"choices":[]}"#, #"{"choices":[{"index":0}]}"#, "[1,2,3]"] {
            #expect(throws: ProviderFailure.self) { try OpenAIChatCodec.decodeResponse(body.utf8Data) }
            do {
                _ = try OpenAIChatCodec.decodeResponse(body.utf8Data)
            } catch {
                #expect(error.kind == .malformedResponse, "body: \(body)")
            }
        }
    }

    @Test func anErrorObjectInA200IsClassifiedByItsCode() {
        let body = #"{"error":{"message":"Rate limit exceeded","code":429}}"#
        do {
            _ = try OpenAIChatCodec.decodeResponse(body.utf8Data)
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .rateLimited)
            #expect(error.message.contains("Rate limit exceeded"))
        }
    }
}
