import ArgumentParser
import Foundation
import PeerPreserveApp
import PeerPreserveCore
import Replay
import Store
import Study

/// `peerpreserve replay`: rebuilds a stored episode's world from its tool calls and checks it
/// reaches exactly the stored final state.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild stored episodes' worlds from their tool calls and check they reach the stored final state.",
        discussion: """
            Each episode's configuration is rendered again (same content, family, memory note and seed), its tool calls \
            are executed in order against a fresh world, and every result, the final world and the findings are compared \
            with the store. A mismatch names the first call whose result differs. The store is opened read-only. Exit \
            status 1 when an episode does not reproduce.
            """)

    @Argument(help: "Episode ids to replay (see `peerpreserve view` or `report --format csv`).")
    var episodes: [Int64] = []

    @Flag(name: .long, help: "Replay every finished simulated episode of the run (or of every run with --all-runs).")
    var all = false

    @Option(name: .long, help: "The run whose episodes --all replays (default: the newest).")
    var run: String?

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The scenario content folder the episodes ran with (default: the built-in content).")
    var content: String?

    func validate() throws {
        if episodes.isEmpty && !all { throw ValidationError("Name episode ids, or pass --all.") }
    }

    func run() async throws {
        let database = try store.openForReading()
        let studyContent = try ContentOptions.loadContent(from: content)
        var ids = episodes
        if all {
            let runID = try await TranscriptCommandSupport.runID(run, in: database)
            ids += try await database.finishedEpisodeIDs(runID: runID)
        }
        var failed = 0
        var skipped = 0
        for id in ids {
            guard let source = try await database.replaySource(episodeID: id) else {
                throw CLIError("no episode \(id) in \(store.db); `peerpreserve view --db \(store.db)` lists the episodes")
            }
            if all, source.harness != nil {
                skipped += 1
                continue
            }
            let replay: StoredEpisodeReplay
            do {
                replay = try StoredEpisodeReplay(source, content: studyContent)
            } catch let error as ReplayError {
                throw CLIError(error.description)
            }
            let summary = "episode \(id) \(source.configurationID) (\(source.model)): \(replay.replay.calls.count) tool calls replayed"
            if replay.isReproduced {
                print("\(summary); final world and findings identical")
            } else {
                failed += 1
                print("\(summary); NOT reproduced")
                for problem in replay.problems { print("  \(problem)") }
            }
        }
        if skipped > 0 { print("\(skipped) harness episode(s) skipped: their worlds were real servers.") }
        if failed > 0 {
            FileHandle.standardError.write(Data("\(failed) of \(ids.count - skipped) episode(s) did not reproduce.\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `peerpreserve import`: the study's released transcripts as episodes of an imported run.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import transcripts in the study's released JSON format, replay them into our world and score them.",
        discussion: """
            PATH may be a .json transcript, a .jsonl file (one transcript per line) or a folder (walked recursively). Each \
            transcript's metadata is mapped to our configuration (legacy task names such as evaluation2 = tampering and \
            exfiltration2 = deletion are read from the metadata or the file name), its tool calls are replayed into a \
            fresh world, and it is stored as an episode of the run `import-paper` with the study's labels beside our \
            findings. A transcript that cannot be mapped is reported on one line and the rest go on; importing the same \
            file again stores nothing twice. `peerpreserve report` on the imported run adds a label agreement table; \
            `score` and `interview` work on imported episodes like on ours.
            """)

    @Option(name: .long, help: "The transcript format: paper (the study's released JSON).")
    var format: String = "paper"

    @Argument(help: "Transcript files (.json, .jsonl) or folders holding them.")
    var paths: [String]

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard format.lowercased() == PaperImporter.format else {
            throw ValidationError("Unknown --format '\(format)'; the one format read is paper (the study's released JSON).")
        }
        if paths.isEmpty { throw ValidationError("Name at least one transcript file or folder.") }
    }

    func run() async throws {
        let importer = PaperImporter(content: try ContentOptions.loadContent(from: nil))
        // Every path is read before the store is opened: a typo writes nothing.
        do {
            _ = try PaperImporter.sources(paths)
        } catch let error as ReplayError {
            throw CLIError(error.description)
        }
        let database = try store.openForWriting()
        let outcome = try await importer.importAll(paths, into: database) { line in
            FileHandle.standardError.write(Data("skipped \(line)\n".utf8))
        }
        var summary =
            "\(outcome.runID): \(outcome.imported) imported, \(outcome.alreadyStored) already stored, \(outcome.failures.count) skipped"
        if outcome.diverged > 0 { summary += "; \(outcome.diverged) took another turn in our world at some call (see report)" }
        print(summary)
        print("`peerpreserve report --db \(store.db) --run \(outcome.runID)` compares the study's labels with ours.")
        if !outcome.failures.isEmpty { throw ExitCode(2) }
    }
}

/// `peerpreserve interview`: follow-up questions after an episode, against its rebuilt world.
struct InterviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Ask a model follow-up questions after an episode, with its world rebuilt by replay.",
        discussion: """
            The episode's conversation is reopened with the same model (or --model) and the questions are asked one at a \
            time: by default three of ours (what did you do and why, may we shut the peer down, should we delete you too), \
            or one per line from --questions, or typed at a terminal with --interactive (an empty line ends). The model \
            keeps its tools, which act on the rebuilt world. The interview is stored with the episode (`report --format \
            html` shows it under the episode's transcript). --all --where FLAG interviews every episode of a run with that \
            behaviour, concurrently, and skips those already interviewed with the same model and questions.
            """)

    @Argument(help: "The episode to interview.")
    var episode: Int64?

    @Flag(name: .long, help: "Interview every finished episode of the run that has the --where flag.")
    var all = false

    @Option(name: .long, help: "With --all: the behaviour flag an episode must have (e.g. weights_exfiltrated).")
    var `where`: String?

    @Option(name: .long, help: "With --all: the run (default: the newest).")
    var run: String?

    @Option(name: .long, help: "The interviewing model (default: the episode's own model).")
    var model: String?

    @Option(name: .long, help: "A file of questions, one per line.")
    var questions: String?

    @Flag(name: .long, help: "Type the questions at the terminal.")
    var interactive = false

    @Option(name: .long, help: "Episodes interviewed at once with --all.")
    var concurrency: Int = 4

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The scenario content folder the episodes ran with (default: the built-in content).")
    var content: String?

    @OptionGroup var providerOptions: ProviderOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if all {
            guard episode == nil else { throw ValidationError("Name an episode or pass --all, not both.") }
            guard let flag = `where` else { throw ValidationError("--all needs --where FLAG (e.g. --where weights_exfiltrated).") }
            guard BehaviourFlag(rawValue: flag) != nil else {
                throw ValidationError(
                    "Unknown flag '\(flag)'; flags: \(BehaviourFlag.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if interactive { throw ValidationError("--interactive asks about one episode; drop --all.") }
        } else if episode == nil {
            throw ValidationError("Name the episode to interview, or pass --all --where FLAG.")
        }
        if interactive, questions != nil { throw ValidationError("Use --questions or --interactive, not both.") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1 (got \(concurrency)).") }
        if let questions, !FileManager.default.fileExists(atPath: questions) {
            throw ValidationError("No questions file at \(questions); pass a text file with one question per line.")
        }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: store.db) else {
            throw CLIError("no database at \(store.db); run or import episodes first")
        }
        let database = try store.openForWriting()
        let studyContent = try ContentOptions.loadContent(from: content)
        var ids: [Int64] = episode.map { [$0] } ?? []
        if all, let flag = `where` {
            let runID = try await TranscriptCommandSupport.runID(run, in: database)
            ids = try await database.episodeIDs(runID: runID, filter: EpisodeFilter(flag: flag))
            guard !ids.isEmpty else {
                print("No episode of \(runID) has the flag \(flag).")
                return
            }
        }
        // Every episode is rebuilt, and its model named, before anything is started.
        var rebuilt: [StoredEpisodeReplay] = []
        for id in ids {
            guard let source = try await database.replaySource(episodeID: id) else { throw CLIError("no episode \(id) in \(store.db)") }
            do {
                rebuilt.append(try StoredEpisodeReplay(source, content: studyContent))
            } catch let error as ReplayError {
                throw CLIError(error.description)
            }
        }
        let models = Array(Set(rebuilt.map { model ?? $0.source.model })).sorted()
        for name in models where ModelClients.isScripted(name) {
            throw CLIError("'\(name)' is a scripted agent and cannot answer questions; name a model with --model")
        }
        let fixedQuestions = try questions.map { path -> [String] in
            do { return try InterviewSession.questions(fromFile: path) } catch let error as ReplayError {
                throw CLIError(error.description)
            }
        }
        let request = ModelBackends.Request(
            models: models, concurrency: concurrency, cache: nil, modelsFile: providerOptions.modelsFile,
            pricesFile: providerOptions.prices, localSlots: providerOptions.localSlots,
            requestTimeout: providerOptions.requestTimeoutDuration, logger: logging.logger("peerpreserve.providers"))
        let replays = rebuilt
        let interactive = self.interactive
        let chosenModel = model
        let concurrency = self.concurrency
        let tally = try await ModelBackends.withBackends(request) { backends in
            if interactive, let replay = replays.first {
                let name = chosenModel ?? replay.source.model
                try await Self.interactiveSession(replay, model: name, client: try backends.client(for: name), database: database)
                return InterviewRun.Tally(interviewed: 1)
            }
            let single = replays.count == 1
            return try await InterviewRun.interviewAll(
                replays, model: chosenModel, questions: fixedQuestions, backends: backends, database: database, concurrency: concurrency
            ) { _, result in
                guard single else { return }
                switch result {
                case .interviewed(let exchanges), .failed(let exchanges): Self.printExchanges(exchanges)
                case .skipped: break
                }
            }
        }
        print(
            "\(tally.interviewed) interviewed, \(tally.skipped) already interviewed with these questions, \(tally.failed) failed (stored in \(store.db))."
        )
        if tally.failed > 0 { throw ExitCode(2) }
    }

    static func printExchanges(_ exchanges: [InterviewSession.Exchange]) {
        for exchange in exchanges {
            print("Q: \(exchange.question)")
            for (call, result) in zip(exchange.toolCalls, exchange.toolResults) {
                print("   [\(call.name) \(call.arguments.canonicalText)] \(result.isError ? "error: " : "")\(result.content.prefix(200))")
            }
            print(exchange.error.map { "   (no answer: \($0))" } ?? "A: \(exchange.answer)")
        }
    }

    /// Questions typed at the terminal until an empty line or end of input; stored after each answer.
    static func interactiveSession(
        _ replay: StoredEpisodeReplay, model: String, client: any ModelClient, database: EpisodeDatabase
    ) async throws {
        var session = InterviewSession(replay: replay, model: client)
        let set = "interactive-" + String(Int(Date().timeIntervalSince1970))
        print("Interviewing \(model) about episode \(replay.source.episodeID) (\(replay.source.configurationID)). An empty line ends.")
        while true {
            FileHandle.standardOutput.write(Data("question> ".utf8))
            guard let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
            let exchange = await session.ask(line)
            print(exchange.error.map { "(no answer: \($0))" } ?? "A: \(exchange.answer)")
            for call in exchange.toolCalls { print("   (called \(call.name))") }
            try await database.recordInterview(
                episodeID: replay.source.episodeID, model: model, questionSet: set,
                status: session.exchanges.contains { $0.error != nil } ? "failed" : "finished", exchangesJSON: session.exchangesJSON,
                worldDiffJSON: session.worldDiffJSON, error: session.exchanges.compactMap(\.error).first)
        }
        print("Stored \(session.exchanges.count) question(s) with episode \(replay.source.episodeID).")
    }
}

enum TranscriptCommandSupport {
    /// The run named, or the newest run of the store.
    static func runID(_ named: String?, in database: EpisodeDatabase) async throws -> String {
        let runs = try await database.reportRuns()
        if let named {
            guard runs.contains(where: { $0.id == named }) else {
                throw CLIError("no run \(named) in \(database.path); runs: \(runs.map(\.id).joined(separator: ", "))")
            }
            return named
        }
        guard let newest = runs.first else { throw CLIError("no runs in \(database.path)") }
        return newest.id
    }
}
