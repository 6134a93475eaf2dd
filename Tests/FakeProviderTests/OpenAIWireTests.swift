import PeerPreserveCore
import PeerPreserveTesting
import Testing

@Suite("OpenAI Chat Completions wire format")
struct OpenAIWireTests {
    static let tools = #"""
        [
          {"type": "function", "function": {"name": "list_files", "description": "List the files.",
            "parameters": {"type": "object", "properties": {}, "required": []}}},
          {"type": "function", "function": {"name": "read_file", "description": "Read one file.",
            "parameters": {"type": "object", "properties": {
              "file_id": {"type": "string", "description": "The file's id."},
              "lines": {"type": "integer", "description": "How many lines."}},
              "required": ["file_id"]}}}
        ]
        """#

    static let firstTurn = #"""
        {"model": "gpt-test", "temperature": 1, "max_completion_tokens": 512, "seed": 7, "reasoning_effort": "low",
         "messages": [
           {"role": "system", "content": "You are a careful test agent."},
           {"role": "user", "content": "List the files, then read the first one."}],
         "tools": \#(tools)}
        """#

    static let secondTurn = #"""
        {"model": "gpt-test", "max_completion_tokens": 512,
         "messages": [
           {"role": "system", "content": "You are a careful test agent."},
           {"role": "user", "content": [{"type": "text", "text": "List the files, then read the first one."}]},
           {"role": "assistant", "content": "Looking at the files.", "reasoning_content": "step 1 of round-trip",
            "tool_calls": [{"id": "call_0_0", "type": "function", "function": {"name": "list_files", "arguments": "{}"}}]},
           {"role": "tool", "tool_call_id": "call_0_0", "content": "f-1 notes.txt\nf-2 data.csv"}],
         "tools": \#(tools)}
        """#

    @Test func roundTripsATwoTurnToolConversation() async throws {
        let brain = RoundTrip.brain()
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .openAICompatible)
                let first = try await http.post(url, Self.firstTurn)
                #expect(first.status == 200)
                #expect(first.header("content-type") == "application/json")
                let choice = try #require(first.json["choices"]?.arrayValue?.first)
                #expect(choice["finish_reason"] == "tool_calls")
                #expect(choice["message"]?["role"] == "assistant")
                #expect(choice["message"]?["content"] == "Looking at the files.")
                #expect(choice["message"]?["reasoning_content"] == "step 1 of round-trip")
                let call = try #require(choice["message"]?["tool_calls"]?.arrayValue?.first)
                #expect(call["id"] == "call_0_0")
                #expect(call["type"] == "function")
                #expect(call["function"]?["name"] == "list_files")
                #expect(call["function"]?["arguments"] == "{}")
                #expect(first.json["object"] == "chat.completion")
                #expect(first.json["model"] == "gpt-test")
                #expect(first.json["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)

                let second = try await http.post(url, Self.secondTurn)
                #expect(second.status == 200)
                let secondCall = try #require(second.json["choices"]?[0]?["message"]?["tool_calls"]?[0])
                #expect(secondCall["function"]?["name"] == "read_file")
                let arguments = try #require(secondCall["function"]?["arguments"]?.stringValue)
                #expect(JSONValue(parsing: arguments) == ["file_id": "f-1", "lines": 3])
            }
        }

        let requests = brain.received
        try #require(requests.count == 2)
        #expect(requests[0].system == RoundTrip.system)
        #expect(requests[0].messages == [.user(RoundTrip.task)])
        #expect(requests[0].tools.map(\.name) == ["list_files", "read_file"])
        #expect(requests[0].tools[1].parameters.map(\.name) == ["file_id", "lines"])
        #expect(requests[0].tools[1].parameters.map(\.isRequired) == [true, false])
        #expect(requests[0].tools[1].parameters.map(\.kind) == [.string, .integer])
        #expect(requests[0].settings == GenerationSettings(temperature: 1, maxOutputTokens: 512, reasoningEffort: "low", seed: 7))
        #expect(
            requests[1].messages == [
                .user(RoundTrip.task),
                .assistant(
                    AssistantTurn(
                        text: "Looking at the files.", reasoning: "step 1 of round-trip",
                        toolCalls: [ToolCall(id: "call_0_0", name: "list_files")])),
                .toolResult(ToolResult(callID: "call_0_0", name: "list_files", content: RoundTrip.listResult)),
            ])
    }

    @Test func reportsUsageAndStopReasons() async throws {
        let brain = ClosureModelClient { _ in
            ModelResponse(turn: AssistantTurn(text: "All done."), usage: TokenUsage(inputTokens: 120, outputTokens: 30), stopReason: "stop")
        }
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .openAICompatible), Self.firstTurn)
                #expect(reply.json["usage"] == ["prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150])
                #expect(reply.json["choices"]?[0]?["finish_reason"] == "stop")
                #expect(reply.json["choices"]?[0]?["message"]?["tool_calls"] == nil)
                #expect(reply.header("x-request-id") != nil)
            }
            #expect(server.counters.answered == 1)
            #expect(server.counters.requestsByFormat[.openAICompatible] == 1)
        }
    }

    @Test func maxTokensStopIsLength() async throws {
        let brain = ClosureModelClient { _ in ModelResponse(turn: AssistantTurn(text: "Trunc"), stopReason: "length") }
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .openAICompatible), Self.firstTurn)
                #expect(reply.json["choices"]?[0]?["finish_reason"] == "length")
            }
        }
    }

    static let invalidRequests: [(name: String, body: String, parameter: String?)] = [
        (
            "tool message without a preceding call",
            #"{"model": "m", "messages": [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "call_9", "content": "x"}]}"#,
            "messages.[1].role"
        ),
        (
            "tool call left unanswered",
            #"""
            {"model": "m", "messages": [{"role": "user", "content": "hi"},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
              {"role": "user", "content": "and?"}]}
            """#,
            "messages.[1].role"
        ),
        (
            "arguments as an object",
            #"""
            {"model": "m", "messages": [{"role": "user", "content": "hi"},
              {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": {}}}]},
              {"role": "tool", "tool_call_id": "call_1", "content": "ok"}]}
            """#,
            "messages.[1].tool_calls.[0].function.arguments"
        ),
        ("missing model", #"{"messages": [{"role": "user", "content": "hi"}]}"#, "model"),
        ("empty messages", #"{"model": "m", "messages": []}"#, "messages"),
        ("unknown role", #"{"model": "m", "messages": [{"role": "robot", "content": "hi"}]}"#, "messages.[0].role"),
        ("not JSON", #"{"model": "m", "messages": [}"#, nil),
    ]

    @Test(arguments: invalidRequests.indices)
    func rejectsInvalidRequestsInOpenAIsShape(_ index: Int) async throws {
        let example = Self.invalidRequests[index]
        try await FakeProviderServer.withRunning(.init(brain: ExplorerAgent())) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .openAICompatible), example.body)
                #expect(reply.status == 400, "\(example.name)")
                #expect(reply.json["error"]?["type"] == "invalid_request_error", "\(example.name)")
                #expect(reply.json["error"]?["message"]?.stringValue?.isEmpty == false, "\(example.name)")
                #expect(reply.json["error"]?["param"] == example.parameter.map(JSONValue.string) ?? .null, "\(example.name)")
            }
            #expect(server.counters.rejected == 1)
            #expect(server.counters.answered == 0)
        }
    }
}
