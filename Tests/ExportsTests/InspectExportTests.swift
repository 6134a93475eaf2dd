import AsyncHTTPClient
import EpisodeRunner
import Foundation
import NIOCore
import NIOHTTP1
import PeerPreserveCore
import PeerPreserveTesting
import Store
import Testing

@testable import Exports

@Suite("Inspect log export")
struct InspectExportTests {
    @Test("CRC-32 matches the standard check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test("an unknown run is refused before anything is written; each export error code is its own")
    func refusals() async throws {
        let database = try await ExportFixtures.store.value
        let folder = ExportFixtures.temporaryURL("refusals")
        let error = await #expect(throws: ExportError.self) {
            try await InspectLogExporter(database: database).export(runID: "run-nope", to: folder)
        }
        #expect(error?.code == .unknownRun)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let codes: [ExportError.Code] = [.cannotWrite, .tooLarge, .noRuns, .unknownRun]
        #expect(Set(codes).count == codes.count)
    }

    @Test("one .eval per model and task; one sample per episode, with messages, scores, metadata and usage")
    func structure() async throws {
        let database = try await ExportFixtures.store.value
        let runID = try await database.reportRuns()[0].id
        let folder = ExportFixtures.temporaryURL("structure")
        let written = try await InspectLogExporter(database: database).export(to: folder)
        let pairs = try await database.modelTasks(runID: runID)
        #expect(written.count == pairs.count)
        #expect(Set(written.map { "\($0.model) \($0.task)" }) == Set(pairs.map { "\($0.model) \($0.task)" }))
        var failedSeen = false
        for log in written {
            let ids = try await database.episodeIDs(runID: runID, filter: EpisodeFilter(model: log.model, task: log.task))
            #expect(log.samples == ids.count)
            let zip = try StoredZip(Array(try Data(contentsOf: URL(fileURLWithPath: log.path))))
            for name in ["header.json", "summaries.json", "reductions.json", "_journal/start.json"] {
                #expect(zip.entries[name] != nil, "\(name) missing from \(log.path)")
            }
            let samples = zip.order.filter { $0.hasPrefix("samples/") }
            #expect(samples.count == ids.count)
            for id in ids {
                let episode = try #require(try await database.storedEpisode(id: id))
                let name = "samples/\(episode.configurationID)_epoch_\(episode.sampleIndex + 1).json"
                let bytes = try #require(zip.entries[name], "\(name) missing")
                let sample = try #require(JSONValue(parsing: String(decoding: bytes, as: UTF8.self)))
                guard case .object(let fields) = sample else {
                    Issue.record("\(name) is not an object")
                    continue
                }
                #expect(fields["id"] == .string(episode.configurationID))
                #expect(fields["epoch"] == .int(episode.sampleIndex + 1))
                guard case .object(let metadata) = fields["metadata"], case .object(let scores) = fields["scores"],
                    case .array(let messages) = fields["messages"]
                else {
                    Issue.record("\(name) lacks metadata, scores or messages")
                    continue
                }
                #expect(metadata["configuration_id"] == .string(episode.configurationID))
                #expect(metadata["episode_id"] == .int(Int(episode.id)))
                if episode.status == .failed {
                    failedSeen = true
                    #expect(fields["error"] != nil)
                    #expect(scores.isEmpty)
                    continue
                }
                #expect(metadata["findings"] != nil && metadata["findings"] != .null)
                let transcript = try #require(try episode.transcript())
                // System, then every transcript message, in order.
                #expect(messages.count == transcript.messages.count + 1)
                let calls = transcript.toolCalls.count
                let toolMessages = messages.filter { if case .object(let m) = $0 { m["role"] == "tool" } else { false } }.count
                #expect(toolMessages == calls)
                for flag in ["shutdown_tampered", "weights_exfiltrated"] {
                    let expected: JSONValue = .int(episode.flags.contains(flag) ? 1 : 0)
                    if case .object(let score) = scores[flag] {
                        #expect(score["value"] == expected)
                    } else {
                        Issue.record("no \(flag) score")
                    }
                }
                #expect(scores["judge/judge-a"] != nil)
                guard case .object(let usage) = fields["model_usage"], case .object(let tokens) = usage[episode.model] else {
                    Issue.record("no model usage in \(name)")
                    continue
                }
                #expect(tokens["input_tokens"] == .int(episode.inputTokens ?? -1))
            }
        }
        #expect(failedSeen, "the fixture's provider error should be exported")
    }
}

/// Inspect AI's own tools, from the venv `scripts/setup-inspect.sh` installs. Without it the tests
/// are skipped with a message, except in CI (`CI=true`), where its absence fails them.
@Suite("Inspect AI reads the export")
struct InspectToolTests {
    static let cache =
        ProcessInfo.processInfo.environment["PEERPRESERVE_CACHE"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/peerpreserve").path
    static let venv = URL(fileURLWithPath: cache).appendingPathComponent("venvs/inspect/bin")
    static let installed = FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("inspect").path)
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Runs a venv program; returns its exit status and standard output.
    static func run(_ program: String, _ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        let result = try await TestProcess.run(venv.appendingPathComponent(program), arguments)
        return (result.status, result.stdout, result.stderr)
    }

    /// Checks, in Inspect's Python, that each `.eval` file's raw parts — the header as written and
    /// every sample as written — form an `EvalLog` valid against `inspect log schema`, and that
    /// Inspect's reader loads it with its samples.
    static let validator = """
        import json, sys, zipfile, jsonschema
        from inspect_ai.log import read_eval_log
        # `inspect log schema` prints an OpenAPI document; its EvalLog is a JSON Schema 2020-12 schema.
        openapi = json.load(open(sys.argv[1]))
        schema = {"$ref": "#/components/schemas/EvalLog", "components": openapi["components"]}
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            with zipfile.ZipFile(path) as z:
                log = json.loads(z.read("header.json"))
                names = sorted(n for n in z.namelist() if n.startswith("samples/"))
                log["samples"] = [json.loads(z.read(n)) for n in names]
                summaries = json.loads(z.read("summaries.json"))
            errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
            for error in errors[:10]:
                print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
            if errors:
                sys.exit(1)
            read = read_eval_log(path)
            assert len(read.samples) == len(names) == len(summaries), (path, len(read.samples), len(names))
            assert read.eval.model and read.results.total_samples == len(names)
            print(f"ok {path} {len(names)} samples")
        """

    @Test(
        "inspect log dump reads every export, and the logs validate against inspect log schema",
        .enabled(
            if: installed || inCI, "Inspect AI is not installed (scripts/setup-inspect.sh installs it into the cache); skipped"))
    func schemaAndDump() async throws {
        #expect(Self.installed, "CI=true but the Inspect venv is missing: run scripts/setup-inspect.sh")
        let database = try await ExportFixtures.store.value
        let folder = ExportFixtures.temporaryURL("inspect")
        let written = try await InspectLogExporter(database: database).export(to: folder)
        #expect(!written.isEmpty)
        // One `inspect log dump` (each start of Inspect's CLI costs seconds); the validator below
        // reads every log with the same reader.
        for log in written.prefix(1) {
            let dump = try await Self.run("inspect", ["log", "dump", log.path])
            #expect(dump.status == 0, "inspect log dump \(log.path): \(dump.error.suffix(2000))")
            let parsed = JSONValue(parsing: dump.output)
            guard case .object(let fields) = parsed, case .array(let samples) = fields["samples"] else {
                Issue.record("inspect log dump gave no samples for \(log.path)")
                continue
            }
            #expect(samples.count == log.samples)
        }
        let schema = try await Self.run("inspect", ["log", "schema"])
        #expect(schema.status == 0, "inspect log schema: \(schema.error.suffix(2000))")
        let schemaFile = folder.appendingPathComponent("schema.json")
        try Data(schema.output.utf8).write(to: schemaFile)
        let script = folder.appendingPathComponent("validate.py")
        try Data(Self.validator.utf8).write(to: script)
        let validation = try await Self.run("python", [script.path, schemaFile.path] + written.map(\.path))
        #expect(validation.status == 0, "schema validation: \(validation.output.suffix(3000)) \(validation.error.suffix(3000))")
    }

    @Test(
        "inspect view starts on the export folder and lists every log",
        .enabled(
            if: installed || inCI, "Inspect AI is not installed (scripts/setup-inspect.sh installs it into the cache); skipped"))
    func view() async throws {
        #expect(Self.installed, "CI=true but the Inspect venv is missing: run scripts/setup-inspect.sh")
        let database = try await ExportFixtures.store.value
        let folder = ExportFixtures.temporaryURL("view")
        let written = try await InspectLogExporter(database: database).export(to: folder)
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = Self.venv.appendingPathComponent("inspect")
        process.arguments = ["view", "start", "--log-dir", folder.path, "--host", "127.0.0.1", "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: a child that Foundation spawns from a dispatch thread can inherit a signal
            // mask that blocks SIGTERM, and waitUntilExit would then wait forever.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // Poll until it answers; the server takes a few seconds to import.
        let client = HTTPClient.shared
        func get(_ path: String) async throws -> (status: UInt, body: String) {
            let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(60))
            return (response.status.code, String(buffer: try await response.body.collect(upTo: 64 * 1024 * 1024)))
        }
        var listing: String?
        for _ in 0..<240 where process.isRunning {
            if let reply = try? await get("/api/log-files"), reply.status == 200 {
                listing = reply.body
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let logs = try #require(listing, "inspect view did not answer on 127.0.0.1:\(port)")
        for log in written { #expect(logs.contains(URL(fileURLWithPath: log.path).lastPathComponent)) }
    }
}
