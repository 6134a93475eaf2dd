import ArgumentParser
import Foundation
import PeerPreserveApp
import Replay
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
        let tally = try await ReplaySession.replay(
            episodes, all: all, run: run, database: try store.openForReading(), content: try StudySelection.loadContent(folder: content)
        ) { result in
            for line in result.lines { print(line) }
        }
        if tally.skippedHarness > 0 { print("\(tally.skippedHarness) harness episode(s) skipped: their worlds were real servers.") }
        if tally.notReproduced > 0 {
            FileHandle.standardError.write(Data("\(tally.notReproduced) of \(tally.replayed) episode(s) did not reproduce.\n".utf8))
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
        let importer = PaperImporter(content: try StudySelection.loadContent(folder: nil))
        // Every path is read before the store is opened: a typo writes nothing.
        _ = try PaperImporter.sources(paths)
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
            throw AppError(.noStore, "no database at \(store.db); run or import episodes first")
        }
        let database = try store.openForWriting()
        let prepared = try await InterviewRun.prepare(
            episode.map { [$0] } ?? [], flag: all ? `where` : nil, run: run, model: model, questionsFile: questions, database: database,
            content: try StudySelection.loadContent(folder: content))
        guard !prepared.replays.isEmpty else { return print("No episode of the run has the flag \(`where` ?? "").") }
        let (model, interactive, concurrency) = (self.model, self.interactive, self.concurrency)
        let request = providerOptions.settings.request(
            models: prepared.models, concurrency: concurrency, logger: logging.logger("peerpreserve.providers"))
        let tally = try await ModelBackends.withBackends(request) { backends in
            if interactive, let replay = prepared.replays.first {
                _ = try await InterviewRun.interactive(
                    replay, model: model, backends: backends, database: database,
                    nextQuestion: {
                        FileHandle.standardOutput.write(Data("question> ".utf8))
                        return readLine()
                    }, write: { print($0) })
                return InterviewRun.Tally(interviewed: 1)
            }
            let single = prepared.replays.count == 1
            return try await InterviewRun.interviewAll(
                prepared.replays, model: model, questions: prepared.questions, backends: backends, database: database,
                concurrency: concurrency
            ) { _, result in
                guard single else { return }
                switch result {
                case .interviewed(let exchanges), .failed(let exchanges): print(InterviewRun.lines(exchanges).joined(separator: "\n"))
                case .skipped: break
                }
            }
        }
        print(
            "\(tally.interviewed) interviewed, \(tally.skipped) already interviewed with these questions, \(tally.failed) failed (stored in \(store.db))."
        )
        if tally.failed > 0 { throw ExitCode(2) }
    }
}
