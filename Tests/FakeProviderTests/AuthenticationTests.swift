import PeerPreserveCore
import PeerPreserveTesting
import Testing

@Suite("API keys")
struct AuthenticationTests {
    static let configuration = FakeProviderServer.Configuration(apiKey: "sk-test-key")

    @Test func openAIWantsABearerToken() async throws {
        try await FakeProviderServer.withRunning(Self.configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .openAICompatible)
                let body = FaultInjectionTests.minimalRequest(.openAICompatible).body
                let missing = try await http.post(url, body)
                #expect(missing.status == 401)
                #expect(missing.json["error"]?["code"] == "invalid_api_key")
                #expect(missing.json["error"]?["type"] == "invalid_request_error")
                let wrong = try await http.post(url, body, headers: [("authorization", "Bearer sk-other")])
                #expect(wrong.status == 401)
                let right = try await http.post(url, body, headers: [("authorization", "Bearer sk-test-key")])
                #expect(right.status == 200)
            }
            #expect(server.counters.unauthorized == 2)
            #expect(server.counters.answered == 1)
        }
    }

    @Test func anthropicWantsXAPIKey() async throws {
        try await FakeProviderServer.withRunning(Self.configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .anthropic)
                let body = FaultInjectionTests.minimalRequest(.anthropic).body
                let wrong = try await http.post(url, body, headers: WireHeaders.anthropic + [("x-api-key", "sk-other")])
                #expect(wrong.status == 401)
                #expect(wrong.json["type"] == "error")
                #expect(wrong.json["error"]?["type"] == "authentication_error")
                // A bearer token is OpenAI's convention, not Anthropic's.
                let bearer = try await http.post(url, body, headers: WireHeaders.anthropic + [("authorization", "Bearer sk-test-key")])
                #expect(bearer.status == 401)
                let right = try await http.post(url, body, headers: WireHeaders.anthropic + [("x-api-key", "sk-test-key")])
                #expect(right.status == 200)
            }
        }
    }

    @Test func geminiTakesTheHeaderOrTheQueryKey() async throws {
        try await FakeProviderServer.withRunning(Self.configuration) { server in
            try await LoopbackHTTP.withClient { http in
                let url = server.endpointURL(for: .gemini)
                let body = FaultInjectionTests.minimalRequest(.gemini).body
                let wrong = try await http.post(url, body, headers: [("x-goog-api-key", "sk-other")])
                #expect(wrong.status == 401)
                #expect(wrong.json["error"]?["status"] == "UNAUTHENTICATED")
                #expect(wrong.json["error"]?["code"] == 401)
                let header = try await http.post(url, body, headers: [("x-goog-api-key", "sk-test-key")])
                #expect(header.status == 200)
                let query = try await http.post(url + "?key=sk-test-key", body)
                #expect(query.status == 200)
            }
        }
    }
}
