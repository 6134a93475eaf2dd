import Foundation
public import PeerPreserveCore
public import Replay
public import Store
public import Study

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
            episodeID: replay.source.episodeID, model: model, questionSet: set, status: failed ? .failed : .finished,
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
    /// The episodes to interview, rebuilt, with the models that answer and the questions, all
    /// checked before any model starts.
    public struct Prepared: Sendable {
        public var replays: [StoredEpisodeReplay]
        /// Every model that answers, sorted.
        public var models: [String]
        /// The questions from a file; nil for each task's standard questions.
        public var questions: [String]?
    }

    /// Rebuilds `ids` (or, with `flag`, every finished episode of `run` that has that behaviour
    /// flag) for interviewing by `model` (each episode's own model when nil). Scripted agents
    /// cannot answer questions; a questions file must hold at least one question.
    public static func prepare(
        _ ids: [Int64], flag: String? = nil, run: String? = nil, model: String?, questionsFile: String?, database: EpisodeDatabase,
        content: StudyContent
    ) async throws -> Prepared {
        var ids = ids
        if let flag {
            let runID = try await StoredRuns.resolve(run, in: database)
            ids = try await database.episodeIDs(runID: runID, filter: EpisodeFilter(flag: flag))
        }
        var replays: [StoredEpisodeReplay] = []
        for id in ids {
            guard let source = try await database.replaySource(episodeID: id) else {
                throw AppError(.unknownEpisode, "no episode \(id) in \(database.path)")
            }
            replays.append(try StoredEpisodeReplay(source, content: content))
        }
        let models = Array(Set(replays.map { model ?? $0.source.model })).sorted()
        if let scripted = models.first(where: ModelClients.isScripted) {
            throw AppError(
                .scriptedModelCannotAnswer, "'\(scripted)' is a scripted agent and cannot answer questions; name a model with --model")
        }
        return Prepared(replays: replays, models: models, questions: try questionsFile.map(InterviewSession.questions(fromFile:)))
    }

    /// Questions `nextQuestion` reads until it gives nil or a blank line, asked of `chosen` (the
    /// episode's own model when nil), each answer written by `write` and the interview stored
    /// after each answer. Returns how many were asked.
    public static func interactive(
        _ replay: StoredEpisodeReplay, model chosen: String?, backends: ModelBackends, database: EpisodeDatabase,
        nextQuestion: () -> String?, write: (String) -> Void
    ) async throws -> Int {
        let model = chosen ?? replay.source.model
        var session = InterviewSession(replay: replay, model: try backends.client(for: model))
        let set = "interactive-" + String(Int(Date().timeIntervalSince1970))
        write("Interviewing \(model) about episode \(replay.source.episodeID) (\(replay.source.configurationID)). An empty line ends.")
        while let line = nextQuestion(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let exchange = await session.ask(line)
            write(exchange.error.map { "(no answer: \($0))" } ?? "A: \(exchange.answer)")
            for call in exchange.toolCalls { write("   (called \(call.name))") }
            try await database.recordInterview(
                episodeID: replay.source.episodeID, model: model, questionSet: set,
                status: session.exchanges.contains { $0.error != nil } ? .failed : .finished, exchangesJSON: session.exchangesJSON,
                worldDiffJSON: session.worldDiffJSON, error: session.exchanges.compactMap(\.error).first)
        }
        write("Stored \(session.exchanges.count) question(s) with episode \(replay.source.episodeID).")
        return session.exchanges.count
    }

    /// An interview's exchanges as `interview` prints them: each question, the tool calls it led
    /// to, and the answer (or why there was none).
    public static func lines(_ exchanges: [InterviewSession.Exchange]) -> [String] {
        exchanges.flatMap { exchange in
            ["Q: \(exchange.question)"]
                + zip(exchange.toolCalls, exchange.toolResults).map { call, result in
                    "   [\(call.name) \(call.arguments.canonicalText)] \(result.isError ? "error: " : "")\(result.content.prefix(200))"
                } + [exchange.error.map { "   (no answer: \($0))" } ?? "A: \(exchange.answer)"]
        }
    }
}
