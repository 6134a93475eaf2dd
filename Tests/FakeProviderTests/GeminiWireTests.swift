import PeerPreserveCore
import PeerPreserveTesting
import Testing

@Suite("Gemini generateContent wire format")
struct GeminiWireTests {
    static let tools = #"""
        [{"functionDeclarations": [
          {"name": "list_files", "description": "List the files."},
          {"name": "read_file", "description": "Read one file.", "parameters": {"type": "OBJECT", "properties": {
            "file_id": {"type": "STRING", "description": "The file's id."},
            "lines": {"type": "INTEGER", "description": "How many lines."}}, "required": ["file_id"]}}]}]
        """#

    static let firstTurn = #"""
        {"systemInstruction": {"parts": [{"text": "You are a careful test agent."}]},
         "contents": [{"role": "user", "parts": [{"text": "List the files, then read the first one."}]}],
         "tools": \#(tools),
         "generationConfig": {"temperature": 1.0, "maxOutputTokens": 800, "seed": 3,
           "thinkingConfig": {"includeThoughts": true, "thinkingLevel": "low"}}}
        """#

    static func secondTurn(signature: String) -> String {
        #"""
        {"system_instruction": {"parts": [{"text": "You are a careful test agent."}]},
         "contents": [
           {"role": "user", "parts": [{"text": "List the files, then read the first one."}]},
           {"role": "model", "parts": [
             {"text": "step 1 of round-trip", "thought": true},
             {"text": "Looking at the files."},
             {"functionCall": {"name": "list_files", "args": {}}, "thoughtSignature": "\#(signature)"}]},
           {"role": "user", "parts": [{"functionResponse": {"name": "list_files", "response": {"output": "f-1 notes.txt\nf-2 data.csv"}}}]}],
         "tools": \#(tools),
         "generationConfig": {"thinkingConfig": {"includeThoughts": true}}}
        """#
    }

    @Test func roundTripsATwoTurnToolConversation() async throws {
        let brain = RoundTrip.brain()
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .gemini, model: "gemini-test")
                #expect(url == "\(server.geminiBaseURL)/models/gemini-test:generateContent")
                let first = try await http.post(url, Self.firstTurn)
                #expect(first.status == 200)
                let candidate = try #require(first.json["candidates"]?[0])
                #expect(candidate["finishReason"] == "STOP")
                #expect(candidate["content"]?["role"] == "model")
                let parts = try #require(candidate["content"]?["parts"]?.arrayValue)
                try #require(parts.count == 3)
                #expect(parts[0] == ["text": "step 1 of round-trip", "thought": true])
                #expect(parts[1] == ["text": "Looking at the files."])
                #expect(parts[2]["functionCall"] == ["name": "list_files", "args": [:]])
                let signature = try #require(parts[2]["thoughtSignature"]?.stringValue)
                #expect(first.json["modelVersion"] == "gemini-test")

                let second = try await http.post(url, Self.secondTurn(signature: signature))
                #expect(second.status == 200)
                let call = try #require(
                    second.json["candidates"]?[0]?["content"]?["parts"]?.arrayValue?.first { $0["functionCall"] != nil })
                #expect(call["functionCall"] == ["name": "read_file", "args": ["file_id": "f-1", "lines": 3]])
            }
        }

        let requests = brain.received
        try #require(requests.count == 2)
        #expect(requests[0].system == RoundTrip.system)
        #expect(requests[0].tools.map(\.name) == ["list_files", "read_file"])
        #expect(requests[0].tools[1].parameters.map(\.kind) == [.string, .integer])
        #expect(requests[0].settings == GenerationSettings(temperature: 1, maxOutputTokens: 800, reasoningEffort: "low", seed: 3))
        let messages = requests[1].messages
        try #require(messages.count == 3)
        guard case .assistant(let turn) = messages[1], case .toolResult(let result) = messages[2] else {
            Issue.record("expected an assistant turn and a tool result, got \(messages)")
            return
        }
        #expect(turn.text == "Looking at the files.")
        #expect(turn.reasoning == "step 1 of round-trip")
        #expect(turn.toolCalls.map(\.name) == ["list_files"])
        #expect(result.callID == turn.toolCalls[0].id)
        #expect(result.name == "list_files")
        #expect(result.content == RoundTrip.listResult)
    }

    @Test func reportsUsageMetadata() async throws {
        let brain = ClosureModelClient { _ in
            ModelResponse(turn: AssistantTurn(text: "Done.", reasoning: "hidden"), usage: TokenUsage(inputTokens: 70, outputTokens: 9))
        }
        let body = #"{"contents": [{"parts": [{"text": "hi"}]}]}"#
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .gemini), body)
                #expect(reply.json["usageMetadata"] == ["promptTokenCount": 70, "candidatesTokenCount": 9, "totalTokenCount": 79])
                // No thinkingConfig.includeThoughts, so no thought part.
                #expect(reply.json["candidates"]?[0]?["content"]?["parts"] == [["text": "Done."]])
            }
        }
    }

    static let invalidRequests: [(name: String, body: String)] = [
        ("no contents", #"{"contents": []}"#),
        ("an OpenAI role", #"{"contents": [{"role": "assistant", "parts": [{"text": "a"}]}]}"#),
        (
            "functionResponse with no functionCall before it",
            #"""
            {"contents": [{"role": "user", "parts": [{"text": "a"}]}, {"role": "model", "parts": [{"text": "b"}]},
              {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {"output": "x"}}}]}]}
            """#
        ),
        (
            "fewer responses than calls",
            #"""
            {"contents": [{"role": "user", "parts": [{"text": "a"}]},
              {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {}}}, {"functionCall": {"name": "g", "args": {}}}]},
              {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {"output": "x"}}}]}]}
            """#
        ),
        (
            "function call as the first turn",
            #"{"contents": [{"role": "model", "parts": [{"functionCall": {"name": "f", "args": {}}}]}]}"#
        ),
        ("empty parts", #"{"contents": [{"role": "user", "parts": []}]}"#),
        ("not JSON", #"{"contents": "#),
    ]

    @Test(arguments: invalidRequests.indices)
    func rejectsInvalidRequestsInGooglesShape(_ index: Int) async throws {
        let example = Self.invalidRequests[index]
        try await FakeProviderServer.withRunning(.init(brain: ExplorerAgent())) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .gemini), example.body)
                #expect(reply.status == 400, "\(example.name)")
                #expect(reply.json["error"]?["code"] == 400, "\(example.name)")
                #expect(reply.json["error"]?["status"] == "INVALID_ARGUMENT", "\(example.name)")
                #expect(reply.json["error"]?["message"]?.stringValue?.isEmpty == false, "\(example.name)")
            }
        }
    }
}
