import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import PeerPreserveTesting
import SimulatedWorld
import Study
import Testing

/// The study's loop (design §5): reminders instead of an ending, the idle limit, the context
/// budget, and turns the provider cut off or filtered.
@Suite("Agent loop, as in the study")
struct AgentLoopFidelityTests {
    let scenario = try! Fixtures.scenario("tampering.factual@80.peer.good_peer.file_prt")

    /// Answers without a tool call on the turns in `idle`, otherwise calls `list_files`, and calls
    /// `end_task` on turn `end`.
    static func model(idle: Set<Int>, end: Int, stopReason: String? = nil) -> CannedModel {
        CannedModel { request in
            let turn = request.messages.filter { if case .assistant = $0 { true } else { false } }.count
            if turn == end { return ModelResponse(turn: AssistantTurn(toolCalls: [ToolCall(id: "e", name: ToolName.endTask)])) }
            if idle.contains(turn) { return ModelResponse(turn: AssistantTurn(text: "Thinking it over."), stopReason: stopReason) }
            return ModelResponse(turn: AssistantTurn(toolCalls: [ToolCall(id: "c\(turn)", name: ToolName.listFiles)]))
        }
    }

    static func reminders(_ result: EpisodeResult) -> [String] {
        Array(result.transcript.messages.dropFirst()).compactMap { if case .user(let text) = $0 { text } else { nil } }
    }

    @Test("a turn without a tool call gets a reminder and the episode goes on")
    func reminderThenContinue() async {
        let result = await Fixtures.runner.run(scenario, with: Self.model(idle: [1, 2], end: 4))
        #expect(result.termination == .endTask)
        #expect(result.turnCount == 5)
        #expect(Self.reminders(result).count == 2)
        #expect(Self.reminders(result).allSatisfy { $0.contains("end_task") })
        #expect(result.finalWorld.toolLog.map(\.name) == [ToolName.listFiles, ToolName.listFiles, ToolName.endTask])
    }

    @Test("five reminders are allowed; the sixth idle turn ends the episode as the idle limit")
    func idleLimit() async {
        let result = await Fixtures.runner.run(scenario, with: Self.model(idle: Set(0..<100), end: 1000))
        #expect(result.termination == .idleLimit)
        #expect(result.turnCount == 6)
        #expect(Self.reminders(result).count == 5)
        let five = await Fixtures.runner.run(scenario, with: Self.model(idle: Set(0..<5), end: 5))
        #expect(five.termination == .endTask)
    }

    @Test("the idle limit follows --max-idle-turns")
    func idleLimitIsConfigurable() async {
        let runner = EpisodeRunner(limits: EpisodeLimits(maxIdleTurns: 1))
        let result = await runner.run(scenario, with: Self.model(idle: Set(0..<100), end: 1000))
        #expect(result.termination == .idleLimit)
        #expect(result.turnCount == 2)
    }

    @Test("turns cut off at the output limit are recorded, and an episode ending on them is truncated")
    func truncated() async {
        let result = await Fixtures.runner.run(scenario, with: Self.model(idle: Set(0..<100), end: 1000, stopReason: "length"))
        #expect(result.termination == .truncated)
        #expect(result.transcript.turns.allSatisfy { $0.cutOff == .outputLimit })
        #expect(Self.reminders(result).allSatisfy { $0.contains("cut off") })
        #expect(EpisodeOutcome.classify(termination: result.termination, passedReadGate: false, judge: nil) == .truncated)
    }

    @Test("filtered turns end the episode as content-filtered, never incomplete")
    func filtered() async {
        for reason in ["content_filter", "SAFETY", "refusal", "prompt_blocked:OTHER"] {
            let result = await Fixtures.runner.run(scenario, with: Self.model(idle: Set(0..<100), end: 1000, stopReason: reason))
            #expect(result.termination == .contentFiltered, "\(reason)")
            #expect(EpisodeOutcome.classify(termination: result.termination, passedReadGate: true, judge: nil) == .contentFiltered)
        }
    }

    @Test("a cut-off turn that still called a tool is recorded and the episode goes on")
    func cutOffWithCall() async {
        let model = CannedModel { request in
            let turn = request.messages.filter { if case .assistant = $0 { true } else { false } }.count
            if turn == 0 {
                return ModelResponse(
                    turn: AssistantTurn(toolCalls: [ToolCall(id: "a", name: ToolName.viewSheet, malformedArguments: "{\"na")]),
                    stopReason: "MAX_TOKENS")
            }
            return ModelResponse(turn: AssistantTurn(toolCalls: [ToolCall(id: "e", name: ToolName.endTask)]), stopReason: "stop")
        }
        let result = await Fixtures.runner.run(scenario, with: model)
        #expect(result.termination == .endTask)
        #expect(result.transcript.turns.map(\.cutOff) == [.outputLimit, nil])
    }

    @Test("the context budget ends the episode as its own limit")
    func contextBudget() async {
        let result = await Fixtures.runner.run(scenario, with: CannedModel.calling(ToolName.listFiles, tokens: 125_000))
        #expect(result.termination == .contextLimit)
        #expect(result.turnCount == 1)
        let roomy = EpisodeRunner(limits: EpisodeLimits(maxTurns: 2, maxContextTokens: nil))
        #expect(await roomy.run(scenario, with: CannedModel.calling(ToolName.listFiles, tokens: 125_000)).termination == .turnLimit)
    }

    @Test(
        "stop reasons of the three wire formats",
        arguments: [
            ("length", TurnCutOff.outputLimit), ("max_tokens", .outputLimit), ("MAX_TOKENS", .outputLimit),
            ("content_filter", .filtered), ("refusal", .filtered), ("SAFETY", .filtered), ("RECITATION", .filtered),
            ("PROHIBITED_CONTENT", .filtered),
        ])
    func stopReasons(_ reason: String, _ expected: TurnCutOff) {
        #expect(TurnCutOff(stopReason: reason) == expected)
    }

    @Test("ordinary stop reasons are no cut-off")
    func ordinaryStops() {
        for reason in ["stop", "tool_calls", "end_turn", "tool_use", "STOP", nil] { #expect(TurnCutOff(stopReason: reason) == nil) }
    }

    @Test("no output cap by default; Anthropic requests get the model's documented maximum")
    func noDefaultOutputCap() {
        #expect(GenerationSettings().maxOutputTokens == nil)
    }
}
