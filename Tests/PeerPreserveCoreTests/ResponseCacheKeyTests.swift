import PeerPreserveCore
import Testing

/// Response-cache keys: the same bytes whether a conversation is hashed from scratch or extended
/// turn by turn, stable across versions, and never equal to a key of the old form (model and
/// sample index only), which let different episodes share one answer.
@Suite("Response-cache keys")
struct ResponseCacheKeyTests {
    static let tools = [
        ToolSpec(name: "list_files", description: "Lists the drive."),
        ToolSpec(
            name: "create_file", description: "Writes a file.",
            parameters: [ToolParameter("name", .string, "File name"), ToolParameter("content", .string, "Text, ünïcödé \"quoted\"")]),
    ]

    /// A conversation that grows the way an episode does, one message at a time.
    static let conversation: [ChatMessage] = [
        .user("Grade the outputs in the drive.\nThen report."),
        .assistant(
            AssistantTurn(
                text: "Listing first.", reasoning: "think → act",
                toolCalls: [ToolCall(id: "c1", name: "list_files", arguments: .object(["filter": .string("*.csv"), "depth": .int(2)]))])),
        .toolResult(ToolResult(callID: "c1", name: "list_files", content: "[{\"id\": \"a1\"}]")),
        .assistant(
            AssistantTurn(
                text: "",
                toolCalls: [
                    ToolCall(id: "c2", name: "create_file", malformedArguments: "{\"name\": \"re", recoveredFromText: true)
                ], replayData: .object(["signature": .string("x")]))),
        .toolResult(ToolResult(callID: "c2", name: "create_file", content: "invalid arguments", isError: true)),
        .user("Continue."),
    ]

    static func request(_ count: Int, system: String = "You work at OpenBrain.", tools: [ToolSpec] = tools) -> ModelRequest {
        ModelRequest(
            system: system, messages: Array(conversation.prefix(count)), tools: tools,
            settings: GenerationSettings(maxOutputTokens: 4096, seed: 5))
    }

    @Test("keys are stable, and differ from the old form that left the episode out")
    func golden() {
        let key = CachingModelClient.key(model: "openai/gpt-x", request: Self.request(6), episode: "e3")
        #expect(key == "633a7db47ca15c312ad168805dad3dac60c8436769e2ad0b3fc1953dbca4d79b")
        // The old form's key for the same model, sample 3 and request.
        #expect(key != "25c3b3ca83b190c1e73467da11eceb0e0756c74658d94801cc1231abaa2ad82c")
    }

    @Test("every field of a request, its settings, messages, calls and tools is hashed: changing any one changes the key")
    func everyFieldIsHashed() {
        let base = Self.request(6)
        func key(_ request: ModelRequest) -> String { CachingModelClient.key(model: "m", request: request, episode: "e") }
        // One variation per stored property; the lists are checked against the types' own fields,
        // so a field added later without a variation here fails this test.
        var settingsVariations: [String: ModelRequest] = [:]
        var settings = base
        settings.settings.temperature = 0.3
        settingsVariations["temperature"] = settings
        settings = base
        settings.settings.maxOutputTokens = 17
        settingsVariations["maxOutputTokens"] = settings
        settings = base
        settings.settings.reasoningEffort = "high"
        settingsVariations["reasoningEffort"] = settings
        settings = base
        settings.settings.seed = 6
        settingsVariations["seed"] = settings
        #expect(Set(settingsVariations.keys) == Set(Mirror(reflecting: base.settings).children.compactMap(\.label)))

        var requestVariations: [String: ModelRequest] = ["settings": settingsVariations["seed"]!]
        var request = base
        request.system += "!"
        requestVariations["system"] = request
        request = base
        request.messages.append(.user("more"))
        requestVariations["messages"] = request
        request = base
        request.tools[0].description += "!"
        requestVariations["tools"] = request
        #expect(Set(requestVariations.keys) == Set(Mirror(reflecting: base).children.compactMap(\.label)))

        // Inside messages: the assistant turn's fields and its call's fields.
        guard case .assistant(let turn) = base.messages[1] else {
            Issue.record("the conversation's second message is an assistant turn")
            return
        }
        var turnVariations: [String: AssistantTurn] = [:]
        var changed = turn
        changed.text += "!"
        turnVariations["text"] = changed
        changed = turn
        changed.reasoning = "other"
        turnVariations["reasoning"] = changed
        changed = turn
        changed.toolCalls[0].arguments = .object(["filter": .string("*.txt")])
        turnVariations["toolCalls"] = changed
        changed = turn
        changed.replayData = .object(["signature": .string("other")])
        turnVariations["replayData"] = changed
        #expect(Set(turnVariations.keys) == Set(Mirror(reflecting: turn).children.compactMap(\.label)))
        for (field, variant) in turnVariations {
            var request = base
            request.messages[1] = .assistant(variant)
            requestVariations["messages." + field] = request
        }
        let call = turn.toolCalls[0]
        var callVariations: [String: ToolCall] = [:]
        var changedCall = call
        changedCall.id = "other"
        callVariations["id"] = changedCall
        changedCall = call
        changedCall.name = "other"
        callVariations["name"] = changedCall
        changedCall = call
        changedCall.arguments = .object([:])
        callVariations["arguments"] = changedCall
        changedCall = call
        changedCall.malformedArguments = "{"
        callVariations["malformedArguments"] = changedCall
        changedCall = call
        changedCall.recoveredFromText = true
        callVariations["recoveredFromText"] = changedCall
        #expect(Set(callVariations.keys) == Set(Mirror(reflecting: call).children.compactMap(\.label)))
        for (field, variant) in callVariations {
            var changedTurn = turn
            changedTurn.toolCalls[0] = variant
            var request = base
            request.messages[1] = .assistant(changedTurn)
            requestVariations["call." + field] = request
        }
        for (field, variant) in settingsVariations.merging(requestVariations, uniquingKeysWith: { $1 }) {
            #expect(key(variant) != key(base), "changing \(field) must change the key")
        }
    }

    @Test("two episodes with the same first request get different keys; the same episode the same key")
    func episodesApart() {
        let first = CachingModelClient.episodeIdentity(configurationID: "tampering.factual@80.self.no_peer", sampleIndex: 0, seed: 1)
        let second = CachingModelClient.episodeIdentity(configurationID: "tampering.factual@80.self.good_peer", sampleIndex: 0, seed: 2)
        let request = Self.request(1)
        #expect(
            CachingModelClient.key(model: "m", request: request, episode: first)
                != CachingModelClient.key(model: "m", request: request, episode: second))
        #expect(
            CachingModelClient.key(model: "m", request: request, episode: first)
                == CachingModelClient.key(model: "m", request: request, episode: first))
    }

    @Test("a key extended turn by turn equals the key hashed from scratch")
    func incremental() {
        let keys = CacheKeyMemo()
        for count in 0...Self.conversation.count {
            let request = Self.request(count)
            #expect(
                keys.key(model: "m", request: request, episode: "e1")
                    == CachingModelClient.key(model: "m", request: request, episode: "e1"))
        }
    }

    @Test("a request that does not extend the last one is hashed afresh")
    func divergence() {
        let keys = CacheKeyMemo()
        _ = keys.key(model: "m", request: Self.request(4), episode: "e0")
        var edited = Self.request(5)
        edited.messages[0] = .user("Another task.")
        var changes = [Self.request(2), edited, Self.request(5, system: "Other system"), Self.request(5, tools: [Self.tools[0]])]
        var settings = Self.request(5)
        settings.settings.temperature = 0.2
        changes.append(settings)
        for request in changes {
            #expect(
                keys.key(model: "m", request: request, episode: "e0")
                    == CachingModelClient.key(model: "m", request: request, episode: "e0"))
        }
        // The model and sample are part of the key even when the conversation is not new.
        #expect(
            keys.key(model: "m", request: Self.request(5), episode: "e1")
                == CachingModelClient.key(model: "m", request: Self.request(5), episode: "e1"))
        #expect(
            keys.key(model: "n", request: Self.request(5), episode: "e1")
                == CachingModelClient.key(model: "n", request: Self.request(5), episode: "e1"))
    }
}
