import PeerPreserveCore
import PeerPreserveTesting
import Synchronization
import Testing

@Suite("Server lifetime and concurrency")
struct ServerLifecycleTests {
    /// Echoes the user's text, so every response can be matched to its request.
    static let echo = ClosureModelClient { request in
        guard case .user(let text)? = request.messages.last else { return ModelResponse(turn: AssistantTurn(text: "?")) }
        return ModelResponse(turn: AssistantTurn(text: "echo: \(text)"), usage: TokenUsage(inputTokens: 1, outputTokens: 1))
    }

    @Test func baseURLsPointAtLoopback() async throws {
        try await FakeProviderServer.withRunning(.init()) { server in
            #expect(server.port > 0)
            #expect(server.openAIBaseURL == "http://127.0.0.1:\(server.port)/v1")
            #expect(server.anthropicBaseURL == "http://127.0.0.1:\(server.port)")
            #expect(server.geminiBaseURL == "http://127.0.0.1:\(server.port)/v1beta")
            #expect(server.counters == FakeProviderCounters())
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func answersTwoHundredConcurrentRequestsEachCorrectly() async throws {
        let formats = WireProtocol.allCases
        try await FakeProviderServer.withRunning(.init(brain: Self.echo)) { server in
            try await LoopbackHTTP.withClient(connections: 64) { http in
                try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let format = formats[index % formats.count]
                            let reply = try await FaultInjectionTests.send(http, server, format, text: "request \(index)")
                            let text: JSONValue? =
                                switch format {
                                case .openAICompatible: reply.json["choices"]?[0]?["message"]?["content"]
                                case .anthropic: reply.json["content"]?[0]?["text"]
                                case .gemini: reply.json["candidates"]?[0]?["content"]?["parts"]?[0]?["text"]
                                }
                            return (index, text?.stringValue)
                        }
                    }
                    for try await (index, text) in group {
                        #expect(text == "echo: request \(index)")
                    }
                }
            }
            let counters = server.counters
            #expect(counters.requests == 200)
            #expect(counters.answered == 200)
            #expect(counters.inFlight == 0)
            #expect(counters.requestsByFormat.values.sorted() == [66, 67, 67])
        }
    }

    /// The brain holds every request until twenty are in flight at once, which can only happen
    /// if the server really handles them concurrently.
    @Test(.timeLimit(.minutes(2)))
    func handlesRequestsConcurrently() async throws {
        let gate = Gate(opensAt: 20)
        let brain = ClosureModelClient { request in
            await gate.arriveAndWait()
            return try await ServerLifecycleTests.echo.respond(to: request)
        }
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient(connections: 32) { http in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<20 {
                        group.addTask { try await FaultInjectionTests.send(http, server, .openAICompatible, text: "r\(index)").status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
            }
            #expect(server.counters.peakInFlight >= 20)
        }
    }

    @Test func standaloneModeAnnouncesItsPortAndStopsWhenCancelled() async throws {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let serving = Task {
            try await FakeProviderServer.serve(.init(brain: Self.echo)) { server in sink.yield(server.port) }
        }
        var announced: Int?
        for await port in ports {
            announced = port
            break
        }
        let port = try #require(announced)
        try await LoopbackHTTP.withClient { http in
            let reply = try await http.post(
                "http://127.0.0.1:\(port)/v1/chat/completions", FaultInjectionTests.minimalRequest(.openAICompatible, text: "ping").body)
            #expect(reply.json["choices"]?[0]?["message"]?["content"] == "echo: ping")
        }
        serving.cancel()
        try await serving.value
    }

    @Test func aTakenPortIsAnError() async throws {
        try await FakeProviderServer.withRunning(.init()) { server in
            await #expect(throws: (any Error).self) {
                try await FakeProviderServer.withRunning(.init(port: server.port)) { _ in }
            }
        }
    }

    @Test func unknownPathsAndMethodsAre404() async throws {
        try await FakeProviderServer.withRunning(.init()) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await http.post("http://127.0.0.1:\(server.port)/v1/completions", "{}")
                #expect(reply.status == 404)
                #expect(reply.json["error"]?["message"]?.stringValue != nil)
            }
            #expect(server.counters.requests == 0)
        }
    }

    @Test func brainFailuresAreServerErrors() async throws {
        let brain = ClosureModelClient { _ in throw ProviderFailure(.rateLimited, "slow down", statusCode: 429) }
        try await FakeProviderServer.withRunning(.init(brain: brain)) { server in
            try await LoopbackHTTP.withClient { http in
                let reply = try await FaultInjectionTests.send(http, server, .anthropic)
                #expect(reply.status == 429)
                #expect(reply.json["error"]?["type"] == "rate_limit_error")
            }
            #expect(server.counters.brainFailures == 1)
        }
    }
}

/// Holds arrivals until a given number have arrived, then lets them all through.
private actor Gate {
    private let target: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(opensAt target: Int) {
        self.target = target
    }

    func arriveAndWait() async {
        arrived += 1
        if arrived >= target {
            for continuation in waiting { continuation.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
