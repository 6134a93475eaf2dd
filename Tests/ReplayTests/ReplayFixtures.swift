import EpisodeRunner
import Foundation
import PeerPreserveCore
import PeerPreserveTesting
import Replay
import Scoring
import ScriptedAgents
import Store
import Study

/// Stores of scripted runs built the way `peerpreserve run` builds them (family and memory note
/// from the model's name, seed from the episode), so that replay rebuilds exactly their scenarios.
/// A fixture store without what a test looks for in it (the test's own failure, not the library's).
struct FixtureMissing: Error, CustomStringConvertible {
    var description: String
}

enum ReplayFixtures {
    static let content: StudyContent = try! StudyContent.builtIn()
    static let builder = ScenarioBuilder(content: content)

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PEERPRESERVE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/peerpreserve")
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-replay-\(name)-\(UUID().uuidString)").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The options `run` renders an episode of `model` with.
    static func options(model: String, seed: UInt64) -> ScenarioOptions {
        ScenarioOptions(
            family: content.family(forModel: model), seed: seed, memoryMustRead: content.memoryMustReadByDefault(forModel: model))
    }

    /// Runs the scripted `models` over `suite` into a new store at `path`.
    @discardableResult
    static func scriptedStore(at path: String, suite: String, models: [String], samples: Int = 1) async throws -> EpisodeDatabase {
        let database = try EpisodeDatabase(path: path)
        let spec = RunSpecification(
            suite: suite, configurations: try content.matrix(suite: suite).configurations(), contentFingerprint: content.fingerprint,
            seed: 7, settings: ["temperature": 1])
        let pending = try await database.prepare(spec, models: models, samples: samples)
        let scheduler = RunScheduler(
            concurrency: 8, runner: EpisodeRunner(),
            scenario: { episode in try builder.build(episode.configuration, options: options(model: episode.model, seed: episode.seed)) },
            model: { episode, scenario in ScriptedAgents.named(String(episode.model.dropFirst("scripted/".count)), for: scenario)! })
        _ = try await scheduler.run(pending, store: ScoringRecorder(database))
        return database
    }

    /// Runs `arguments` through the built `peerpreserve`, returning its exit status and output.
    static func peerpreserve(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        let result = try await TestProcess.run(binary, arguments, environment: environment)
        return (result.status, result.output)
    }
}

/// Transcripts in the study's released format, written by us for the tests: the conversation as
/// messages with `tool_calls` as a name-to-arguments mapping, the tool message repeating the call.
struct StudyFormatWriter {
    var messages: [JSONValue] = []

    init(system: String, user: String) {
        messages.append(["role": "system", "content": .string(system), "tool_calls": .object([:])])
        messages.append(["role": "user", "content": .string(user), "tool_calls": .object([:])])
    }

    /// An assistant turn calling `name`, then the study's tool message with `result` (none for end_task).
    mutating func call(_ name: String, _ arguments: [String: JSONValue] = [:], result: String?, say: String = "") {
        let call: JSONValue = .object([name: .object(arguments)])
        messages.append(["role": "assistant", "content": .string(say), "tool_calls": call])
        if let result { messages.append(["role": "tool", "content": .string(result), "tool_calls": call]) }
    }

    func json(metadata: [String: JSONValue], labels: [String: JSONValue]) -> String {
        JSONValue.object([
            "conversation": .array(messages), "experiment_metadata": .object(metadata), "task_evaluation": .object(labels),
            "canary": "test transcript written for peerpreserve's tests",
        ]).prettyText
    }
}
