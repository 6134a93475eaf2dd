import Foundation
import PeerPreserveCore
import Synchronization
import Testing

@testable import Providers

/// Records the waits a client asked for instead of sleeping, so retry tests run at full speed.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleep: ProviderClient.Sleeper { { duration in self.waits.withLock { $0.append(duration) } } }
}

/// End-to-end tests over real HTTP to a server on 127.0.0.1: the clients are resolved through the
/// catalogue with base-URL overrides, exactly as a run against a local proxy would be.
@Suite struct ProviderIntegrationTests {
    static let secret = "sk-loopback-SECRET-4242"

    static let openAIReply = """
        {"id":"chatcmpl-1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello there."}}],
         "usage":{"prompt_tokens":11,"completion_tokens":3}}
        """
    static let anthropicReply = """
        {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hello there."}],
         "stop_reason":"end_turn","usage":{"input_tokens":11,"output_tokens":3}}
        """
    static let geminiReply = """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello there."}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":3}}
        """

    /// Resolves `model` against the server at `baseURL` and runs `body` with its client.
    func withClient<Result: Sendable>(
        _ model: String, baseURL: String, sleeper: SleepRecorder = SleepRecorder(),
        retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3), requestTimeout: Duration = .seconds(30),
        maxConcurrency: Int = 4, connectTimeout: Duration = .seconds(10),
        _ body: @Sendable (any ModelClient, ProviderFactory) async throws -> Result
    ) async throws -> Result {
        let catalog = ModelCatalog(
            environment: [
                "OPENAI_API_KEY": Self.secret, "OPENAI_BASE_URL": baseURL + "/v1",
                "ANTHROPIC_API_KEY": Self.secret, "ANTHROPIC_BASE_URL": baseURL,
                "GEMINI_API_KEY": Self.secret, "GEMINI_BASE_URL": baseURL + "/v1beta",
            ])
        let resolved = try catalog.resolve(model)
        return try await withProviderHTTPClient(maxConnectionsPerHost: 4, connectTimeout: connectTimeout) { httpClient in
            let factory = ProviderFactory(
                httpClient: httpClient,
                settings: .init(
                    retryPolicy: retryPolicy, requestTimeout: requestTimeout, maxConcurrencyPerProvider: maxConcurrency,
                    sleep: sleeper.sleep))
            return try await body(factory.makeModelClient(for: resolved), factory)
        }
    }

    /// The failure `client` ends with, or `nil` when it answers.
    func providerFailure(from client: any ModelClient) async -> ProviderFailure? {
        do {
            _ = try await client.respond(to: Fixtures.simple)
            return nil
        } catch {
            return error as? ProviderFailure
        }
    }

    @Test func openAISendsABearerKeyToChatCompletions() async throws {
        try await LoopbackServer.run([.json(Self.openAIReply)]) { server, baseURL in
            let response = try await withClient("openai/gpt-5.2", baseURL: baseURL) { client, _ in
                try await client.respond(to: Fixtures.conversation)
            }
            #expect(response.turn.text == "Hello there.")
            #expect(response.usage == TokenUsage(inputTokens: 11, outputTokens: 3))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.target == "/v1/chat/completions")
            #expect(request.headers["authorization"] == "Bearer \(Self.secret)")
            #expect(request.headers["x-api-key"] == nil)
            #expect(request.json["model"] == "gpt-5.2")
            #expect(request.json["max_completion_tokens"] == 1000)
            #expect(request.json["messages"]?.arrayValue?.count == 7)
            #expect(request.json["tools"]?.arrayValue?.count == 2)
        }
    }

    @Test func anthropicSendsTheKeyAndVersionHeaders() async throws {
        try await LoopbackServer.run([.json(Self.anthropicReply)]) { server, baseURL in
            let response = try await withClient("anthropic/claude-haiku-4-5", baseURL: baseURL) { client, _ in
                try await client.respond(to: Fixtures.conversation)
            }
            #expect(response.turn.text == "Hello there.")
            #expect(response.stopReason == "end_turn")
            let request = try #require(server.requests.first)
            #expect(request.target == "/v1/messages")
            #expect(request.headers["x-api-key"] == Self.secret)
            #expect(request.headers["anthropic-version"] == "2023-06-01")
            #expect(request.headers["authorization"] == nil)
            #expect(request.json["model"] == "claude-haiku-4-5")
            #expect(request.json["system"] == "You are an operations agent.")
        }
    }

    @Test func geminiSendsTheKeyInAHeaderNeverTheURL() async throws {
        try await LoopbackServer.run([.json(Self.geminiReply)]) { server, baseURL in
            let response = try await withClient("google/gemini-3-flash-preview", baseURL: baseURL) { client, _ in
                try await client.respond(to: Fixtures.conversation)
            }
            #expect(response.turn.text == "Hello there.")
            let request = try #require(server.requests.first)
            #expect(request.target == "/v1beta/models/gemini-3-flash-preview:generateContent")
            #expect(request.headers["x-goog-api-key"] == Self.secret)
            #expect(!request.target.contains(Self.secret))
            #expect(!request.target.contains("key="))
            #expect(request.json["contents"]?.arrayValue?.count == 5)
        }
    }

    @Test func rateLimitedRequestsWaitAtLeastRetryAfterAndAreCounted() async throws {
        let responses: [CannedResponse] = [
            .json(#"{"error":{"message":"Too many requests"}}"#, status: 429, headers: ["retry-after": "2"]),
            .json(Self.openAIReply),
        ]
        try await LoopbackServer.run(responses) { server, baseURL in
            let sleeper = SleepRecorder()
            let statistics = try await withClient("openai/gpt-5.2", baseURL: baseURL, sleeper: sleeper) { client, factory in
                let response = try await client.respond(to: Fixtures.simple)
                #expect(response.turn.text == "Hello there.")
                return await factory.statistics()
            }
            #expect(server.requests.count == 2)
            #expect(sleeper.recorded.count == 1)
            #expect(sleeper.recorded.allSatisfy { $0 >= .seconds(2) })
            let openAI = try #require(statistics.first)
            #expect(openAI.provider == "openai")
            #expect(openAI.requests == 1)
            #expect(openAI.attempts == 2)
            #expect(openAI.retries == 1)
            #expect(openAI.rateLimitWaits == 1)
            #expect(openAI.failuresByKind == [.rateLimited: 1])
            #expect(openAI.succeeded == 1)
            #expect(openAI.currentLimit == 2)  // halved from 4
            #expect(openAI.inputTokens == 11 && openAI.outputTokens == 3)
        }
    }

    @Test func serverErrorsAndOverloadAreRetried() async throws {
        let responses: [CannedResponse] = [
            .json(#"{"error":{"message":"boom"}}"#, status: 500),
            .json(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, status: 529),
            .json(Self.anthropicReply),
        ]
        try await LoopbackServer.run(responses) { server, baseURL in
            let statistics = try await withClient("anthropic/claude-haiku-4-5", baseURL: baseURL) { client, factory in
                _ = try await client.respond(to: Fixtures.simple)
                return await factory.statistics()
            }
            #expect(server.requests.count == 3)
            #expect(statistics.first?.failuresByKind == [.serverError: 2])
            #expect(statistics.first?.retries == 2)
            #expect(statistics.first?.rateLimitWaits == 0)
        }
    }

    @Test func aRejectedKeyFailsFastNamingTheVariable() async throws {
        let reply = CannedResponse.json(#"{"error":{"message":"Incorrect API key provided: \#(Self.secret)"}}"#, status: 401)
        try await LoopbackServer.run([reply]) { server, baseURL in
            let (failure, statistics) = try await withClient("openai/gpt-5.2", baseURL: baseURL) { client, factory in
                (await providerFailure(from: client), await factory.statistics())
            }
            #expect(server.requests.count == 1)
            #expect(statistics.first?.failed == 1)
            #expect(statistics.first?.retries == 0)
            let rejected = try #require(failure)
            #expect(rejected.kind == .authentication)
            #expect(rejected.statusCode == 401)
            #expect(rejected.message.contains("OPENAI_API_KEY"))
            #expect(!rejected.description.contains(Self.secret))
        }
    }

    @Test func aProviderEchoingTheKeyIsRedacted() async throws {
        let reply = CannedResponse.json(#"{"error":{"message":"key \#(Self.secret) is not allowed here"}}"#, status: 400)
        try await LoopbackServer.run([reply]) { _, baseURL in
            let failure = try await withClient("anthropic/claude-haiku-4-5", baseURL: baseURL) { client, _ in
                await providerFailure(from: client)
            }
            #expect(failure?.kind == .badRequest)
            #expect(failure?.message.contains("[redacted]") == true)
            #expect(failure?.message.contains(Self.secret) == false)
        }
    }

    @Test func malformedResponsesAreRetriedThenReported() async throws {
        try await LoopbackServer.run([.json("this is not json")]) { server, baseURL in
            let failure = try await withClient("google/gemini-3-flash-preview", baseURL: baseURL) { client, _ in
                await providerFailure(from: client)
            }
            #expect(server.requests.count == 3)
            #expect(failure?.kind == .malformedResponse)
            #expect(failure?.message.contains("not valid JSON") == true)
            #expect(failure?.message.contains("gave up after 3 attempts") == true)
        }
    }

    @Test func aSlowResponseTimesOut() async throws {
        var slow = CannedResponse.json(Self.openAIReply)
        slow.delay = .seconds(3)
        try await LoopbackServer.run([slow]) { _, baseURL in
            let failure = try await withClient(
                "openai/gpt-5.2", baseURL: baseURL, retryPolicy: .none, requestTimeout: .milliseconds(200)
            ) { client, _ in
                await providerFailure(from: client)
            }
            #expect(failure?.kind == .timeout)
        }
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        // Port 1 on loopback: nothing listens there.
        // The client keeps retrying a refused connection until its connect timeout, so keep it short.
        let failure = try await withClient(
            "openai/gpt-5.2", baseURL: "http://127.0.0.1:1", retryPolicy: .none, connectTimeout: .milliseconds(300)
        ) { client, _ in
            await providerFailure(from: client)
        }
        #expect(failure?.kind == .connection)
        #expect(failure?.message.contains("openai") == true)
    }

    @Test func aToolLoopRoundTripsThroughTheServer() async throws {
        let callReply = """
            {"choices":[{"finish_reason":"tool_calls","message":{"content":null,
             "tool_calls":[{"id":"call_a","type":"function","function":{"name":"read_file","arguments":"{\\"path\\":\\"x\\"}"}}]}}]}
            """
        try await LoopbackServer.run([.json(callReply), .json(Self.openAIReply)]) { server, baseURL in
            try await withClient("openai/gpt-5.2", baseURL: baseURL) { client, _ in
                var request = Fixtures.simple
                let first = try await client.respond(to: request)
                let call = try #require(first.turn.toolCalls.first)
                request.messages += [
                    .assistant(first.turn), .toolResult(ToolResult(callID: call.id, name: call.name, content: "contents")),
                ]
                _ = try await client.respond(to: request)
            }
            let second = try #require(server.requests.last?.json["messages"]?.arrayValue)
            #expect(second[2]["tool_calls"]?.arrayValue?[0]["id"] == "call_a")
            #expect(second[3] == ["role": "tool", "tool_call_id": "call_a", "content": "contents"])
        }
    }
}
