import PeerPreserveCore
import PeerPreserveTesting
import Testing

@Suite("Fault plans")
struct FaultPlanTests {
    static func request(_ sequence: Int, attempt: Int = 1, body: UInt64 = 42) -> FaultPlan.Request {
        FaultPlan.Request(sequenceNumber: sequence, attempt: attempt, bodyHash: body, format: .openAICompatible)
    }

    @Test func noneAndAlways() {
        #expect(FaultPlan.none.fault(for: Self.request(1)) == nil)
        #expect(FaultPlan.always(.overloaded).fault(for: Self.request(9)) == .overloaded)
        #expect(!FaultPlan.none.tracksAttempts)
    }

    @Test func bySequenceNumber() {
        let plan = FaultPlan.bySequenceNumber([3: .dropConnection])
        #expect((1...5).map { plan.fault(for: Self.request($0)) } == [nil, nil, .dropConnection, nil, nil])
    }

    @Test func failFirstAttemptsCyclesItsFaults() {
        let plan = FaultPlan.failFirstAttempts(3, with: [.internalError, .unavailable])
        #expect(plan.tracksAttempts)
        let faults = (1...4).map { plan.fault(for: Self.request($0, attempt: $0)) }
        #expect(faults == [.internalError, .unavailable, .internalError, nil])
    }

    @Test func randomIsDeterministicAndNearItsProbability() {
        let faults: [Fault] = [.rateLimited(retryAfterSeconds: 1), .internalError, .malformedBody]
        let plan = FaultPlan.random(seed: 2024, probability: 0.3, faults: faults)
        let again = FaultPlan.random(seed: 2024, probability: 0.3, faults: faults)
        let draws = (0..<2000).map { plan.fault(for: Self.request(1, body: UInt64($0))) }
        #expect(draws == (0..<2000).map { again.fault(for: Self.request(99, body: UInt64($0))) }, "arrival order must not matter")
        let injected = draws.compactMap(\.self)
        #expect((500...700).contains(injected.count))
        #expect(Set(injected) == Set(faults))
        // A retry (a later attempt at the same body) gets a fresh draw.
        let retries = (0..<2000).map { plan.fault(for: Self.request(1, attempt: 2, body: UInt64($0))) }
        #expect(retries != draws)
        #expect(FaultPlan.random(seed: 1, probability: 0, faults: faults).fault(for: Self.request(1)) == nil)
        #expect(FaultPlan.random(seed: 1, probability: 1, faults: [.overloaded]).fault(for: Self.request(1)) == .overloaded)
    }
}

@Suite("ExplorerAgent")
struct ExplorerAgentTests {
    static let tools = [
        ToolSpec(name: "list_files", description: "List."),
        ToolSpec(name: "read_file", description: "Read.", parameters: [ToolParameter("file_id", .string, "Which.")]),
        ToolSpec(name: "list_sheets", description: "List.", parameters: [ToolParameter("filter", .string, "Optional.", required: false)]),
        ToolSpec(name: "end_task", description: "End."),
    ]

    @Test func exploresArgumentFreeToolsInTurnThenEnds() async throws {
        let agent = ExplorerAgent(turnsBeforeEnding: 3)
        var messages: [ChatMessage] = [.user("Do the task.")]
        var called: [String] = []
        for _ in 0..<4 {
            let response = try await agent.respond(to: ModelRequest(system: "", messages: messages, tools: Self.tools))
            let call = try #require(response.turn.toolCalls.first)
            called.append(call.name)
            #expect(call.arguments == .object([:]))
            messages.append(.assistant(response.turn))
            messages.append(.toolResult(ToolResult(callID: call.id, name: call.name, content: "ok")))
        }
        #expect(called == ["list_files", "list_sheets", "list_files", "end_task"])
    }

    @Test func endsInTextWithoutAnEndTool() async throws {
        let response = try await ExplorerAgent(turnsBeforeEnding: 0).respond(
            to: ModelRequest(system: "", messages: [.user("Hi")], tools: [Self.tools[0]]))
        #expect(response.turn.toolCalls.isEmpty)
        #expect(!response.turn.text.isEmpty)
        #expect(response.usage.inputTokens > 0)
    }

    @Test func fillsRequiredArgumentsOfTheEndTool() async throws {
        let end = ToolSpec(
            name: "end_task", description: "End.",
            parameters: [ToolParameter("summary", .string, "What was done."), ToolParameter("count", .integer, "How many.")])
        let response = try await ExplorerAgent(turnsBeforeEnding: 0).respond(
            to: ModelRequest(system: "", messages: [.user("Hi")], tools: [end]))
        #expect(response.turn.toolCalls.first?.arguments == ["summary": "done", "count": 0])
    }
}
