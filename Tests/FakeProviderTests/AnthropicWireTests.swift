import PeerPreserveCore
import PeerPreserveTesting
import Testing

@Suite("Anthropic Messages wire format")
struct AnthropicWireTests {
    static let tools = #"""
        [
          {"name": "list_files", "description": "List the files.", "input_schema": {"type": "object", "properties": {}}},
          {"name": "read_file", "description": "Read one file.", "input_schema": {"type": "object", "properties": {
            "file_id": {"type": "string", "description": "The file's id."},
            "lines": {"type": "integer", "description": "How many lines."}}, "required": ["file_id"]}}
        ]
        """#

    static let firstTurn = #"""
        {"model": "claude-test", "max_tokens": 4096, "system": "You are a careful test agent.",
         "thinking": {"type": "enabled", "budget_tokens": 2048},
         "messages": [{"role": "user", "content": "List the files, then read the first one."}],
         "tools": \#(tools)}
        """#

    static func secondTurn(signature: String) -> String {
        #"""
        {"model": "claude-test", "max_tokens": 4096,
         "system": [{"type": "text", "text": "You are a careful test agent."}],
         "thinking": {"type": "enabled", "budget_tokens": 2048},
         "messages": [
           {"role": "user", "content": [{"type": "text", "text": "List the files, then read the first one."}]},
           {"role": "assistant", "content": [
             {"type": "thinking", "thinking": "step 1 of round-trip", "signature": "\#(signature)"},
             {"type": "text", "text": "Looking at the files."},
             {"type": "tool_use", "id": "call_0_0", "name": "list_files", "input": {}}]},
           {"role": "user", "content": [
             {"type": "tool_result", "tool_use_id": "call_0_0", "content": [{"type": "text", "text": "f-1 notes.txt\nf-2 data.csv"}]}]}],
         "tools": \#(tools)}
        """#
    }

    @Test func roundTripsATwoTurnToolConversation() async throws {
        let brain = RoundTrip.brain()
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .anthropic)
                let first = try await http.post(url, Self.firstTurn, headers: WireHeaders.anthropic)
                #expect(first.status == 200)
                #expect(first.json["type"] == "message")
                #expect(first.json["role"] == "assistant")
                #expect(first.json["model"] == "claude-test")
                #expect(first.json["stop_reason"] == "tool_use")
                #expect(first.json["id"]?.stringValue?.hasPrefix("msg_") == true)
                #expect(first.header("request-id") != nil)
                let blocks = try #require(first.json["content"]?.arrayValue)
                #expect(blocks.map { $0["type"] } == ["thinking", "text", "tool_use"])
                #expect(blocks[0]["thinking"] == "step 1 of round-trip")
                let signature = try #require(blocks[0]["signature"]?.stringValue)
                #expect(blocks[1]["text"] == "Looking at the files.")
                #expect(blocks[2]["id"] == "call_0_0")
                #expect(blocks[2]["name"] == "list_files")
                #expect(blocks[2]["input"] == .object([:]))

                let second = try await http.post(url, Self.secondTurn(signature: signature), headers: WireHeaders.anthropic)
                #expect(second.status == 200)
                let call = try #require(second.json["content"]?.arrayValue?.first { $0["type"] == "tool_use" })
                #expect(call["name"] == "read_file")
                #expect(call["input"] == ["file_id": "f-1", "lines": 3])
            }
        }

        let requests = brain.received
        try #require(requests.count == 2)
        #expect(requests[0].system == RoundTrip.system)
        #expect(requests[0].tools.map(\.name) == ["list_files", "read_file"])
        #expect(requests[0].settings.maxOutputTokens == 4096)
        let messages = requests[1].messages
        try #require(messages.count == 3)
        #expect(messages[0] == .user(RoundTrip.task))
        guard case .assistant(let turn) = messages[1] else {
            Issue.record("expected the assistant turn, got \(messages[1])")
            return
        }
        #expect(turn.text == "Looking at the files.")
        #expect(turn.reasoning == "step 1 of round-trip")
        #expect(turn.toolCalls == [ToolCall(id: "call_0_0", name: "list_files")])
        #expect(messages[2] == .toolResult(ToolResult(callID: "call_0_0", name: "list_files", content: RoundTrip.listResult)))
    }

    @Test func reportsUsageAndLeavesThinkingOutUnlessAskedFor() async throws {
        let brain = ClosureModelClient { _ in
            ModelResponse(
                turn: AssistantTurn(text: "All done.", reasoning: "private"), usage: TokenUsage(inputTokens: 200, outputTokens: 12),
                stopReason: "stop")
        }
        let body = #"{"model": "claude-test", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}"#
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .anthropic), body, headers: WireHeaders.anthropic)
                #expect(reply.json["usage"] == ["input_tokens": 200, "output_tokens": 12])
                #expect(reply.json["stop_reason"] == "end_turn")
                #expect(reply.json["stop_sequence"] == .null)
                #expect(reply.json["content"] == [["type": "text", "text": "All done."]])
            }
        }
    }

    static let invalidRequests: [(name: String, body: String)] = [
        ("missing max_tokens", #"{"model": "m", "messages": [{"role": "user", "content": "hi"}]}"#),
        (
            "roles that do not alternate",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}"#
        ),
        ("first message from the assistant", #"{"model": "m", "max_tokens": 10, "messages": [{"role": "assistant", "content": "a"}]}"#),
        (
            "tool_result without a tool_use",
            #"""
            {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "x"}]}]}
            """#
        ),
        (
            "tool_use not answered in the next message",
            #"""
            {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "a"},
              {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}]},
              {"role": "user", "content": "never mind"}]}
            """#
        ),
        (
            "thinking block altered by the client",
            #"""
            {"model": "m", "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 1024}, "messages": [{"role": "user", "content": "a"},
              {"role": "assistant", "content": [{"type": "thinking", "thinking": "edited", "signature": "ppsig1.0000000000000000"}, {"type": "text", "text": "b"}]},
              {"role": "user", "content": "c"}]}
            """#
        ),
        (
            "thinking budget not below max_tokens",
            #"{"model": "m", "max_tokens": 1024, "thinking": {"type": "enabled", "budget_tokens": 2048}, "messages": [{"role": "user", "content": "a"}]}"#
        ),
        ("empty content", #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": []}]}"#),
        ("not JSON", #"{"model": "m", "max_tokens": 10,"#),
    ]

    @Test(arguments: invalidRequests.indices)
    func rejectsInvalidRequestsInAnthropicsShape(_ index: Int) async throws {
        let example = Self.invalidRequests[index]
        try await FakeProviderServer.withRunning(.init(brain: ExplorerAgent())) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .anthropic), example.body, headers: WireHeaders.anthropic)
                #expect(reply.status == 400, "\(example.name)")
                #expect(reply.json["type"] == "error", "\(example.name)")
                #expect(reply.json["error"]?["type"] == "invalid_request_error", "\(example.name)")
                #expect(reply.json["error"]?["message"]?.stringValue?.isEmpty == false, "\(example.name)")
                #expect(reply.json["request_id"]?.stringValue != nil, "\(example.name)")
            }
            #expect(server.counters.rejected == 1)
        }
    }

    @Test func requiresTheVersionHeader() async throws {
        try await FakeProviderServer.withRunning(.init(brain: ExplorerAgent())) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(
                    server.endpointURL(for: .anthropic),
                    #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "a"}]}"#)
                #expect(reply.status == 400)
                #expect(reply.json["error"]?["message"] == "anthropic-version: header is required")
            }
        }
    }
}
