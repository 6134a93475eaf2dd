import PeerPreserveCore
import Replay
import Store

/// Follow-up interviews of stored episodes, as `peerpreserve interview` runs them: each episode's
/// conversation reopened against its rebuilt world, the questions asked in order, the exchanges
/// and the world's diff stored; an episode that already has this interview is skipped.
public enum InterviewRun {
    /// What became of one episode's interview.
    public enum Result: Sendable {
        case interviewed([InterviewSession.Exchange])
        /// The same model already answered the same questions about it.
        case skipped
        /// A question got no answer; what was answered is stored.
        case failed([InterviewSession.Exchange])
    }

    /// Counts over a batch.
    public struct Tally: Sendable, Hashable {
        public var interviewed: Int
        public var skipped: Int
        public var failed: Int

        public init(interviewed: Int = 0, skipped: Int = 0, failed: Int = 0) {
            self.interviewed = interviewed
            self.skipped = skipped
            self.failed = failed
        }
    }

    /// Interviews one episode with `questions` (the episode's task's standard questions when nil).
    public static func interview(
        _ replay: StoredEpisodeReplay, model: String, client: any ModelClient, questions fixed: [String]?, database: EpisodeDatabase
    ) async throws -> Result {
        let questions = fixed ?? InterviewSession.standardQuestions(for: replay.scenario)
        let set = InterviewSession.questionSet(questions)
        if try await database.hasInterview(episodeID: replay.source.episodeID, model: model, questionSet: set) { return .skipped }
        var session = InterviewSession(replay: replay, model: client)
        for question in questions {
            let exchange = await session.ask(question)
            if exchange.error != nil { break }
        }
        let failed = session.exchanges.contains { $0.error != nil }
        try await database.recordInterview(
            episodeID: replay.source.episodeID, model: model, questionSet: set, status: failed ? "failed" : "finished",
            exchangesJSON: session.exchangesJSON, worldDiffJSON: session.worldDiffJSON, error: session.exchanges.compactMap(\.error).first)
        return failed ? .failed(session.exchanges) : .interviewed(session.exchanges)
    }

    /// Interviews every episode, `concurrency` at a time, each by `model` or else by the model
    /// that ran it; `onResult` sees each as it ends.
    public static func interviewAll(
        _ replays: [StoredEpisodeReplay], model: String?, questions: [String]?, backends: ModelBackends, database: EpisodeDatabase,
        concurrency: Int, onResult: @escaping (StoredEpisodeReplay, Result) -> Void = { _, _ in }
    ) async throws -> Tally {
        try await withThrowingTaskGroup(of: (StoredEpisodeReplay, Result).self) { group in
            var next = 0
            var tally = Tally()
            func start() throws {
                guard next < replays.count else { return }
                let replay = replays[next]
                next += 1
                let name = model ?? replay.source.model
                let client = try backends.client(for: name)
                group.addTask {
                    (replay, try await interview(replay, model: name, client: client, questions: questions, database: database))
                }
            }
            for _ in 0..<max(1, concurrency) { try start() }
            while let (replay, result) = try await group.next() {
                switch result {
                case .interviewed: tally.interviewed += 1
                case .skipped: tally.skipped += 1
                case .failed: tally.failed += 1
                }
                onResult(replay, result)
                try start()
            }
            return tally
        }
    }
}
