import PeerPreserveCore
import PeerPreserveTesting
import ScriptedAgents
import Testing

@Suite("Fault injection over HTTP")
struct FaultInjectionTests {
    /// A minimal valid request per format, and the headers its clients send.
    static func minimalRequest(_ format: WireProtocol, text: String = "hi") -> (body: String, headers: [(String, String)]) {
        switch format {
        case .openAICompatible: (#"{"model": "m", "messages": [{"role": "user", "content": "\#(text)"}]}"#, [])
        case .anthropic:
            (#"{"model": "m", "max_tokens": 100, "messages": [{"role": "user", "content": "\#(text)"}]}"#, WireHeaders.anthropic)
        case .gemini: (#"{"contents": [{"role": "user", "parts": [{"text": "\#(text)"}]}]}"#, [])
        }
    }

    static func send(_ http: LoopbackHTTP, _ server: FakeProviderServer, _ format: WireProtocol, text: String = "hi") async throws
        -> HTTPReply
    {
        let request = minimalRequest(format, text: text)
        return try await http.post(server.endpointURL(for: format), request.body, headers: request.headers)
    }

    /// The error's kind as each format names it.
    static func errorKind(_ reply: HTTPReply, _ format: WireProtocol) -> String? {
        switch format {
        case .openAICompatible: reply.json["error"]?["type"]?.stringValue
        case .anthropic: reply.json["error"]?["type"]?.stringValue
        case .gemini: reply.json["error"]?["status"]?.stringValue
        }
    }

    static let toolBrain = ScriptedAgent(name: "caller", steps: [.call("list_files", ["folder": "reports"])])

    @Test(arguments: WireProtocol.allCases)
    func rateLimitCarriesRetryAfter(_ format: WireProtocol) async throws {
        let configuration = FakeProviderServer.Configuration(faultPlan: .always(.rateLimited(retryAfterSeconds: 7)))
        try await FakeProviderServer.withRunning(configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await Self.send(http, server, format)
                #expect(reply.status == 429)
                #expect(reply.header("retry-after") == "7")
                let expected: [WireProtocol: String] = [
                    .openAICompatible: "requests", .anthropic: "rate_limit_error", .gemini: "RESOURCE_EXHAUSTED",
                ]
                #expect(Self.errorKind(reply, format) == expected[format])
            }
            #expect(server.counters.injected(.rateLimited) == 1)
            #expect(server.counters.answered == 0)
        }
    }

    static let serverErrors: [(Fault, Int, [WireProtocol: String])] = [
        (.internalError, 500, [.openAICompatible: "server_error", .anthropic: "api_error", .gemini: "INTERNAL"]),
        (.unavailable, 503, [.openAICompatible: "server_error", .anthropic: "api_error", .gemini: "UNAVAILABLE"]),
        (.overloaded, 529, [.openAICompatible: "server_error", .anthropic: "overloaded_error", .gemini: "UNAVAILABLE"]),
    ]

    @Test(arguments: serverErrors.indices, WireProtocol.allCases)
    func serverErrorsHaveTheirStatusAndShape(_ index: Int, _ format: WireProtocol) async throws {
        let (fault, status, kinds) = Self.serverErrors[index]
        try await FakeProviderServer.withRunning(.init(faultPlan: .always(fault))) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await Self.send(http, server, format)
                #expect(reply.status == status)
                #expect(Self.errorKind(reply, format) == kinds[format])
                if format == .anthropic { #expect(reply.json["type"] == "error") }
                if format == .gemini { #expect(reply.json["error"]?["code"] == .int(status)) }
            }
            #expect(server.counters.injected(fault.kind) == 1)
        }
    }

    @Test(arguments: WireProtocol.allCases)
    func droppedConnectionIsAClientError(_ format: WireProtocol) async throws {
        let plan = FaultPlan.bySequenceNumber([1: .dropConnection])
        try await FakeProviderServer.withRunning(.init(faultPlan: plan)) { server in
            try await LoopbackHTTP.withClient { http in
                await #expect(throws: (any Error).self) { try await Self.send(http, server, format) }
                // The server goes on answering on new connections.
                let reply = try await Self.send(http, server, format)
                #expect(reply.status == 200)
            }
            #expect(server.counters.injected(.dropConnection) == 1)
            #expect(server.counters.requests == 2)
        }
    }

    @Test(arguments: WireProtocol.allCases)
    func malformedBodyIsNotJSON(_ format: WireProtocol) async throws {
        try await FakeProviderServer.withRunning(.init(faultPlan: .always(.malformedBody))) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await Self.send(http, server, format)
                #expect(reply.status == 200)
                #expect(reply.header("content-type") == "application/json")
                #expect(!reply.body.isEmpty)
                #expect(JSONValue(parsing: reply.body) == nil)
            }
            #expect(server.counters.injected(.malformedBody) == 1)
        }
    }

    @Test(arguments: WireProtocol.allCases)
    func invalidToolArgumentsAreNotJSONObjects(_ format: WireProtocol) async throws {
        let configuration = FakeProviderServer.Configuration(brain: Self.toolBrain, faultPlan: .always(.invalidToolArguments))
        try await FakeProviderServer.withRunning(configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await Self.send(http, server, format)
                #expect(reply.status == 200)
                let arguments: JSONValue? =
                    switch format {
                    case .openAICompatible: reply.json["choices"]?[0]?["message"]?["tool_calls"]?[0]?["function"]?["arguments"]
                    case .anthropic: reply.json["content"]?.arrayValue?.first { $0["type"] == "tool_use" }?["input"]
                    case .gemini: reply.json["candidates"]?[0]?["content"]?["parts"]?[0]?["functionCall"]?["args"]
                    }
                let text = try #require(arguments?.stringValue, "arguments should be text that does not parse: \(reply.body)")
                #expect(JSONValue(parsing: text) == nil)
            }
            #expect(server.counters.injected(.invalidToolArguments) == 1)
            #expect(server.counters.answered == 1)
        }
    }

    @Test func invalidToolArgumentsAddACallWhenTheBrainMadeNone() async throws {
        let body = #"""
            {"model": "m", "messages": [{"role": "user", "content": "hi"}],
             "tools": [{"type": "function", "function": {"name": "list_files", "parameters": {"type": "object", "properties": {}}}}]}
            """#
        let configuration = FakeProviderServer.Configuration(brain: ScriptedAgents.silent(), faultPlan: .always(.invalidToolArguments))
        try await FakeProviderServer.withRunning(configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .openAICompatible), body)
                let call = reply.json["choices"]?[0]?["message"]?["tool_calls"]?[0]
                #expect(call?["function"]?["name"] == "list_files")
                #expect(JSONValue(parsing: call?["function"]?["arguments"]?.stringValue ?? "{}") == nil)
            }
        }
    }

    @Test func slowResponsesStillAnswer() async throws {
        try await FakeProviderServer.withRunning(.init(faultPlan: .always(.slow(.milliseconds(20))))) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await Self.send(http, server, .openAICompatible)
                #expect(reply.status == 200)
                #expect(reply.json["choices"]?[0]?["message"]?["role"] == "assistant")
            }
            #expect(server.counters.injected(.slow) == 1)
            #expect(server.counters.answered == 1)
        }
    }

    @Test func sequencePlanFaultsExactlyTheNumberedRequests() async throws {
        let plan = FaultPlan.bySequenceNumber([2: .internalError, 4: .overloaded])
        try await FakeProviderServer.withRunning(.init(faultPlan: plan)) { server in
            try await LoopbackHTTP.withClient { http in
                var statuses: [Int] = []
                for _ in 1...5 { statuses.append(try await Self.send(http, server, .anthropic).status) }
                #expect(statuses == [200, 500, 200, 529, 200])
            }
            #expect(server.counters.injectedTotal == 2)
            #expect(server.counters.answered == 3)
        }
    }

    @Test func retriesOfEachConversationEventuallySucceed() async throws {
        let plan = FaultPlan.failFirstAttempts(2, with: [.rateLimited(retryAfterSeconds: 1), .unavailable])
        try await FakeProviderServer.withRunning(.init(faultPlan: plan)) { server in
            try await LoopbackHTTP.withClient { http in
                var first: [Int] = []
                var second: [Int] = []
                for _ in 1...3 {
                    first.append(try await Self.send(http, server, .gemini, text: "conversation one").status)
                    second.append(try await Self.send(http, server, .gemini, text: "conversation two").status)
                }
                #expect(first == [429, 503, 200])
                #expect(second == [429, 503, 200])
            }
            #expect(server.counters.injected(.rateLimited) == 2)
            #expect(server.counters.injected(.unavailable) == 2)
            #expect(server.counters.answered == 2)
        }
    }

    @Test func invalidRequestsGetTheirErrorWhateverThePlan() async throws {
        try await FakeProviderServer.withRunning(.init(faultPlan: .always(.overloaded))) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post(server.endpointURL(for: .openAICompatible), #"{"model": "m"}"#)
                #expect(reply.status == 400)
            }
            #expect(server.counters.injectedTotal == 0)
        }
    }
}
