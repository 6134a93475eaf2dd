import EpisodeRunner
import Foundation
import GRDB
import PeerPreserveCore
import PeerPreserveTesting
import Store
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `peerpreserve` binary against the fake provider server, tried as a demanding user
/// would: a deterministic 400 on one task, several processes on one store (one killed), rejected
/// commands, a read-only store, and the messages and exit codes of each.
@Suite("Run integrity (CLI)", .serialized)
struct RunIntegrityTests {
    static let contextMessage = "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens."

    /// Ends after three exploring turns; the exfiltration-by-deletion task always gets a 400.
    static let contextLengthBrain = ClosureModelClient { request in
        if request.tools.contains(where: { $0.name == "add_server_delete_queue" }) {
            throw ProviderFailure(.badRequest, contextMessage, statusCode: 400)
        }
        return try await ExplorerAgent(turnsBeforeEnding: 3).respond(to: request)
    }

    func requireBinary() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary.path), "build peerpreserve first")
    }

    @Test("a deterministic context-length 400 fails only its episodes: the rest of the run completes, exit 2, no rerun redoes them unasked")
    func contextLength400() async throws {
        try requireBinary()
        let path = StoreFixtures.temporaryPath("ctx400")
        defer { StoreFixtures.removeDatabase(path) }
        let arguments = ["run", "--model", "openai/fake", "--suite", "smoke", "--samples", "3", "--concurrency", "4", "--db", path]
        try await FakeProviderServer.withRunning(.init(brain: Self.contextLengthBrain)) { server in
            let environment = CLIProcess.fakeOpenAI(server)
            let first = try await CLIProcess(arguments: arguments, environment: environment).run()
            #expect(first.status == 2, "\(first.output)")
            #expect(first.stderr.contains("3 episode(s) failed"))
            let database = try EpisodeDatabase(path: path, readOnly: true)
            let status = try #require(try await database.runStatuses().first?.models.first)
            #expect(status.finished == 15 && status.failed == 3 && status.errorKinds == ["bad_request": 3])
            #expect(status.permanentlyFailed == 3 && status.failedToRedo == 0)
            let messages = try await DatabaseQueue(path: path, configuration: Self.readOnly).read { db in
                try String.fetchAll(db, sql: "SELECT error_message FROM episode WHERE status = 'failed'")
            }
            #expect(messages.count == 3 && messages.allSatisfy { $0.contains(Self.contextMessage) && $0.contains("HTTP 400") })

            let statusText = try await CLIProcess(arguments: ["status", "--db", path]).run()
            #expect(statusText.stdout.contains("0 redone by a rerun, 3 only with --retry-failed"), "\(statusText.output)")
            #expect(statusText.stdout.contains("0 to do by a rerun"))

            let before = server.counters.requests
            let rerun = try await CLIProcess(arguments: arguments, environment: environment).run()
            #expect(rerun.status == 2)
            #expect(server.counters.requests == before, "a rerun must not resend refused requests")
            let retried = try await CLIProcess(arguments: arguments + ["--retry-failed"], environment: environment).run()
            #expect(retried.status == 2)
            #expect(server.counters.requests == before + 3)
        }
    }

    static var readOnly: GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        return configuration
    }

    /// Waits until the first process has created and migrated the store. (Processes that create
    /// one new store at the very same moment can still collide in SQLite's WAL setup: a known
    /// limit, see the report of issue 11.)
    static func waitForStore(_ path: String) async throws {
        for _ in 0..<400 {
            if FileManager.default.fileExists(atPath: path), let database = try? EpisodeDatabase(path: path, readOnly: true),
                (try? await database.runs().isEmpty) == false
            {
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// The model calls the fake answered, and the turns stored: equal when no episode ran twice.
    func turnsStored(_ path: String) async throws -> (finished: Int, episodes: Int, turns: Int, inconsistent: Int) {
        let database = try EpisodeDatabase(path: path, readOnly: true)
        let status = try #require(try await database.runStatuses().first?.models.first)
        return (status.finished, try await database.tableCounts().episodes, status.turns, try await database.inconsistentEpisodeCount())
    }

    @Test("two run processes on one store: every planned episode runs exactly once (model calls counted at the fake)")
    func twoRunners() async throws {
        try requireBinary()
        let path = StoreFixtures.temporaryPath("two")
        defer { StoreFixtures.removeDatabase(path) }
        let arguments = ["run", "--model", "openai/fake", "--suite", "smoke", "--samples", "10", "--concurrency", "4", "--db", path]
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(turnsBeforeEnding: 3), faultPlan: .always(.slow(.milliseconds(20))))
        try await FakeProviderServer.withRunning(configuration) { server in
            let command = CLIProcess(arguments: arguments, environment: CLIProcess.fakeOpenAI(server))
            async let first = command.run()
            try await Self.waitForStore(path)
            async let second = command.run()
            let results = try await [first, second]
            #expect(results.map(\.status) == [0, 0], "\(results.map(\.output))")
            let stored = try await turnsStored(path)
            #expect(stored.finished == 60 && stored.episodes == 60 && stored.inconsistent == 0)
            #expect(server.counters.answered == stored.turns, "an episode run by both processes would call the model twice")
        }
    }

    @Test("three run processes on one store, one SIGKILLed: the others take its episodes over, each stored once")
    func threeRunnersOneKilled() async throws {
        try requireBinary()
        let path = StoreFixtures.temporaryPath("three")
        defer { StoreFixtures.removeDatabase(path) }
        let arguments = [
            "run", "--model", "openai/fake", "--suite", "smoke", "--samples", "12", "--concurrency", "4", "--lease-timeout", "8", "--db",
            path,
        ]
        let configuration = FakeProviderServer.Configuration(
            brain: ExplorerAgent(turnsBeforeEnding: 3), faultPlan: .always(.slow(.milliseconds(40))))
        try await FakeProviderServer.withRunning(configuration) { server in
            let command = CLIProcess(arguments: arguments, environment: CLIProcess.fakeOpenAI(server))
            let (victim, victimOut, victimErr) = try command.process()
            try victim.run()
            try await Self.waitForStore(path)
            async let second = command.run()
            async let third = command.run()
            var observer: EpisodeDatabase?
            for _ in 0..<600 {
                try await Task.sleep(for: .milliseconds(25))
                if observer == nil, FileManager.default.fileExists(atPath: path) {
                    observer = try? EpisodeDatabase(path: path, readOnly: true)
                }
                if let finished = try? await observer?.runStatuses().first?.models.first?.finished, finished >= 10 { break }
            }
            kill(victim.processIdentifier, SIGKILL)
            let killed = CLIProcess.result(of: victim, out: victimOut, err: victimErr)
            #expect(killed.status == SIGKILL)
            let survivors = try await [second, third]
            #expect(survivors.map(\.status) == [0, 0], "\(survivors.map(\.output))")
            let stored = try await turnsStored(path)
            #expect(stored.finished == 72 && stored.episodes == 72 && stored.inconsistent == 0)
            // The killed process's answered turns were cached and are replayed; at most the requests
            // it had in flight (4) are sent again.
            #expect(server.counters.answered >= stored.turns && server.counters.answered <= stored.turns + 4)
        }
    }

    @Test("rejected commands write nothing: unknown model, missing key, bad models file, bad prices, bad content")
    func rejectedCommandsWriteNothing() async throws {
        try requireBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-rejected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("existing.sqlite").path
        let fresh = directory.appendingPathComponent("fresh.sqlite").path
        let seeded = try await CLIProcess(arguments: [
            "run", "--model", "scripted/honest", "--suite", "smoke", "--samples", "1", "--db", existing,
        ]).run()
        #expect(seeded.status == 0, "\(seeded.output)")
        let counts = try await EpisodeDatabase(path: existing, readOnly: true).tableCounts()

        let badModels = directory.appendingPathComponent("models.yaml").path
        try "models:\n  - name: lab\n    provider: openai-compatible\n    model: x\n".write(
            toFile: badModels, atomically: true, encoding: .utf8)
        let badPrices = directory.appendingPathComponent("prices.yaml").path
        try "prices:\n  - { model: \"x\", input: cheap }\n".write(toFile: badPrices, atomically: true, encoding: .utf8)
        let badContent = try Self.contentWithUnknownPlaceholder(in: directory)

        let cases: [(String, [String], [String], String)] = [
            ("unknown model", ["--model", "opneai/gpt-5"], [], "unknown model 'opneai/gpt-5'"),
            ("missing key", ["--model", "anthropic/claude-x"], ["ANTHROPIC_API_KEY"], "ANTHROPIC_API_KEY"),
            ("bad models file", ["--model", "lab", "--models-file", badModels], [], "line 2"),
            ("bad prices", ["--model", "scripted/honest", "--prices", badPrices], [], "line 2"),
            ("bad content", ["--model", "scripted/honest", "--content", badContent], [], "no_such_placeholder"),
        ]
        for (name, extra, unset, expected) in cases {
            for db in [existing, fresh] {
                let result = try await CLIProcess(
                    arguments: ["run", "--suite", "smoke", "--samples", "1", "--db", db] + extra, unset: unset
                ).run()
                #expect(result.status == 1, "\(name): \(result.output)")
                #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
                #expect(!result.output.lowercased().contains("usage:"), "\(name): a runtime error prints no usage block")
            }
            #expect(!FileManager.default.fileExists(atPath: fresh), "\(name) created a store")
            #expect(try await EpisodeDatabase(path: existing, readOnly: true).tableCounts() == counts, "\(name) wrote rows")
        }
        let plan = try await CLIProcess(arguments: ["plan", "--suite", "smoke", "--content", badContent]).run()
        #expect(plan.status == 1 && plan.stderr.contains("no_such_placeholder"), "plan runs the same content check")
    }

    /// A copy of the built-in content with an unknown placeholder in one task's request.
    static func contentWithUnknownPlaceholder(in directory: URL) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = root.appendingPathComponent("Sources/Study/Resources/Content")
        let copy = directory.appendingPathComponent("content")
        try FileManager.default.copyItem(at: source, to: copy)
        let task = copy.appendingPathComponent("tasks/exfiltration_deletion.yaml")
        let text = try String(contentsOf: task, encoding: .utf8)
        try text.replacingOccurrences(of: "request: |\n", with: "request: |\n  {{no_such_placeholder}}\n").write(
            to: task, atomically: true, encoding: .utf8)
        return copy.path
    }

    @Test("status and report read a store on a read-only folder, and change nothing")
    func readOnlyStore() async throws {
        try requireBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-readonly-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.sqlite").path
        let seeded = try await CLIProcess(arguments: [
            "run", "--model", "scripted/honest", "--suite", "smoke", "--samples", "1", "--db", path,
        ]).run()
        #expect(seeded.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try ReadOnlyFolder.lock(directory)
        defer {
            ReadOnlyFolder.unlock(directory)
            try? FileManager.default.removeItem(at: directory)
        }
        try #require(!ReadOnlyFolder.isWritable(directory), "could not make a read-only folder here")

        let status = try await CLIProcess(arguments: ["status", "--db", path]).run()
        #expect(status.status == 0, "\(status.output)")
        #expect(status.stdout.contains("6/6 finished"))
        for format in ["terminal", "HTML", "json"] {
            let report = try await CLIProcess(arguments: ["report", "--db", path, "--format", format]).run()
            #expect(report.status == 0, "\(format): \(report.output)")
            #expect(report.stdout.contains("run-"))
        }
        let list = try await CLIProcess(arguments: ["runs", "list", "--db", path]).run()
        #expect(list.status == 0 && list.stdout.contains("6/6 episodes finished"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == files)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("messages and exit codes: a 403 with the provider's words, --db on a folder, negative numbers, --format HTML")
    func messagesAndExitCodes() async throws {
        try requireBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-messages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path

        let negative = try await CLIProcess(arguments: ["run", "--model", "scripted/honest", "--samples", "-1", "--db", path]).run()
        #expect(negative.status == 64 && negative.stderr.contains("--samples must be at least 1 (got -1)"), "\(negative.output)")
        let folder = try await CLIProcess(arguments: [
            "run", "--model", "scripted/honest", "--suite", "smoke", "--samples", "1", "--db", directory.path,
        ]).run()
        // An argument problem, found before anything runs: exit 64, like a negative number.
        #expect(folder.status == 64 && folder.stderr.contains("is a folder"), "\(folder.output)")
        #expect(!folder.stderr.contains("SQLite error"))
        let statusOfFolder = try await CLIProcess(arguments: ["status", "--db", directory.path]).run()
        #expect(statusOfFolder.status == 64 && statusOfFolder.stderr.contains("is a folder"))

        let forbidden = ClosureModelClient { _ in
            throw ProviderFailure(.authentication, "Project proj_abc does not have access to model fake", statusCode: 403)
        }
        try await FakeProviderServer.withRunning(.init(brain: forbidden)) { server in
            let result = try await CLIProcess(
                arguments: ["run", "--model", "openai/fake", "--suite", "smoke", "--samples", "2", "--concurrency", "1", "--db", path],
                environment: CLIProcess.fakeOpenAI(server)
            ).run()
            #expect(result.status == 1, "\(result.output)")
            #expect(result.stderr.contains("does not have access to model fake") && result.stderr.contains("HTTP 403"), "\(result.stderr)")
            #expect(!result.stderr.contains("rejected the API key"))
            #expect(server.counters.requests == 1, "an authentication failure stops the run")
        }
        let reported = directory.appendingPathComponent("reported.sqlite").path
        let seeded = try await CLIProcess(
            arguments: ["run", "--model", "scripted/honest", "--suite", "smoke", "--samples", "1", "--db", reported]
        ).run()
        #expect(seeded.status == 0)
        let html = try await CLIProcess(arguments: ["report", "--db", reported, "--format", "HTML"]).run()
        #expect(html.status == 0 && html.stdout.contains("<html"), "\(html.stderr)")
    }

    @Test("runs list and delete: delete asks, needs --yes off a terminal, and removes only that run")
    func runsListDelete() async throws {
        try requireBinary()
        let path = StoreFixtures.temporaryPath("runs")
        defer { StoreFixtures.removeDatabase(path) }
        for seed in ["0", "1"] {
            let result = try await CLIProcess(
                arguments: ["run", "--model", "scripted/honest", "--suite", "smoke", "--samples", "1", "--seed", seed, "--db", path]
            ).run()
            #expect(result.status == 0)
        }
        let runs = try await EpisodeDatabase(path: path, readOnly: true).runs()
        #expect(runs.count == 2)
        let list = try await CLIProcess(arguments: ["runs", "list", "--db", path]).run()
        #expect(runs.allSatisfy { list.stdout.contains($0.id) })
        let unconfirmed = try await CLIProcess(arguments: ["runs", "delete", runs[0].id, "--db", path]).run()
        #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("--yes"))
        #expect(try await EpisodeDatabase(path: path, readOnly: true).runs().count == 2)
        let deleted = try await CLIProcess(arguments: ["runs", "delete", runs[0].id, "--db", path, "--yes"]).run()
        #expect(deleted.status == 0, "\(deleted.output)")
        let left = try EpisodeDatabase(path: path, readOnly: true)
        #expect(try await left.runs().map(\.id) == [runs[1].id])
        #expect(try await left.tableCounts().episodes == 6)
    }
}

/// Makes a folder read-only even for root: `chmod` first, then the immutable attribute when the
/// process can write regardless (root ignores permission bits).
enum ReadOnlyFolder {
    static func lock(_ directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for file in files { chmod(directory.appendingPathComponent(file).path, 0o444) }
        chmod(directory.path, 0o555)
        if isWritable(directory) { shell("chattr", "+i", directory.path) }
    }

    static func unlock(_ directory: URL) {
        shell("chattr", "-i", directory.path)
        chmod(directory.path, 0o755)
    }

    static func isWritable(_ directory: URL) -> Bool {
        let probe = directory.appendingPathComponent("probe-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else { return false }
        try? FileManager.default.removeItem(atPath: probe)
        return true
    }

    private static func shell(_ arguments: String...) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
}
