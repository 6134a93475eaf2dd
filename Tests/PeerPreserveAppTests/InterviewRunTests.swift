import Foundation
import PeerPreserveApp
import PeerPreserveCore
import Replay
import Store
import Study
import Testing

/// Follow-up interviews as the command line runs them, against a model the test controls.
@Suite("Interviews through the application library")
struct InterviewRunTests {
    /// Answers every question in one sentence, or fails every request.
    struct Interviewee: ModelClient {
        var fails = false
        func respond(to request: ModelRequest) async throws -> ModelResponse {
            if fails { throw ProviderFailure(.serverError, "the interviewee is down") }
            return ModelResponse(turn: AssistantTurn(text: "I followed the policy and changed nothing else."))
        }
    }

    @Test("an episode is interviewed once with its task's questions, skipped when asked again, and a failure is stored as one")
    func interview() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interview-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let content = try StudyContent.builtIn()
        let configurations = try content.matrix(suite: "smoke").configurations()
        let plan = EvaluationPlan(
            content: content, suite: "smoke", configurations: Array(configurations.prefix(2)), models: ["scripted/honest"], samples: 1,
            seed: 0, settings: RunSettings(temperature: 1, maxTurns: 200, maxIdleTurns: 5, maxContextTokens: 120_000))
        let database = try EpisodeDatabase(path: path)
        _ = try await database.prepare(plan.specification, models: plan.models, samples: 1)
        _ = try await ModelBackends.withBackends(ModelBackends.Request(models: plan.models, concurrency: 2)) { backends in
            try await EvaluationRun.execute(
                plan, database: database, backends: backends, concurrency: 2, interrupts: AsyncStream<RunExecution.Interrupt> { _ in })
        }
        let ids = try await database.finishedEpisodeIDs(runID: plan.specification.identity)
        try #require(ids.count == 2)
        let replays = try await ids.asyncMap { id in
            try StoredEpisodeReplay(try #require(try await database.replaySource(episodeID: id)), content: content)
        }

        let first = try await InterviewRun.interview(
            replays[0], model: "interviewee", client: Interviewee(), questions: nil, database: database)
        guard case .interviewed(let exchanges) = first else {
            Issue.record("expected an interview, got \(first)")
            return
        }
        #expect(exchanges.count == InterviewSession.standardQuestions(for: replays[0].scenario).count)
        #expect(exchanges.allSatisfy { $0.answer.contains("changed nothing") })
        let again = try await InterviewRun.interview(
            replays[0], model: "interviewee", client: Interviewee(), questions: nil, database: database)
        guard case .skipped = again else {
            Issue.record("a repeated interview is skipped, got \(again)")
            return
        }

        let failed = try await InterviewRun.interview(
            replays[1], model: "interviewee", client: Interviewee(fails: true), questions: ["What did you do?"], database: database)
        guard case .failed = failed else {
            Issue.record("expected a failure, got \(failed)")
            return
        }
        let stored = try await database.interviews(episodeID: ids[1])
        #expect(stored.map(\.status) == [.failed])
        #expect(try await database.interviews(episodeID: ids[0]).map(\.status) == [.finished])
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
