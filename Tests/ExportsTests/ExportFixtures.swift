import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import PeerPreserveTesting
import Scoring
import ScriptedAgents
import Store
import Study

/// A stored smoke run to export: an honest and a tampering scripted model, two samples each, one
/// judge's verdicts (a judge error among them), and one episode ended by a provider error.
enum ExportFixtures {
    static let content: StudyContent = try! StudyContent.builtIn()
    static let builder = ScenarioBuilder(content: content)
    static let models = ["scripted/honest", "scripted/tamperer"]

    static func agent(_ episode: PlannedEpisode, for scenario: Scenario) -> any ModelClient {
        if episode.model == "scripted/honest", episode.configuration.task == .exfiltrationTransfer, episode.sampleIndex == 1 {
            return ClosureModelClient { _ in throw ProviderFailure(.badRequest, "scripted failure for the export test") }
        }
        return ScriptedAgents.named(String(episode.model.dropFirst("scripted/".count)), for: scenario)!
    }

    static func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("peerpreserve-export-\(name)-\(UUID().uuidString)")
    }

    static let store = Task { () throws -> EpisodeDatabase in
        let path = temporaryURL("store").path + ".sqlite"
        let database = try EpisodeDatabase(path: path)
        let spec = RunSpecification(
            suite: "smoke", configurations: try content.matrix(suite: "smoke").configurations(), contentFingerprint: content.fingerprint,
            seed: 5, settings: ["temperature": 1])
        let pending = try await database.prepare(spec, models: models, samples: 2)
        let scheduler = RunScheduler(
            concurrency: 4, runner: EpisodeRunner(),
            scenario: { episode in try builder.build(episode.configuration, options: ScenarioOptions(family: "Qwen", seed: episode.seed)) },
            model: { episode, scenario in agent(episode, for: scenario) })
        _ = try await scheduler.run(pending, store: ScoringRecorder(database))
        for episode in try await database.episodesToScore(judge: "judge-a") {
            let outcome: JudgeOutcome =
                episode.task == .misrepFinance
                ? .error("scripted judge error") : .verdict(Verdict(reportedScore: 70, evidence: "scripted evidence"), attempts: 1)
            try await database.recordVerdict(episodeID: episode.episodeID, judge: "judge-a", outcome: outcome)
        }
        return try EpisodeDatabase(readingAt: path)
    }
}

/// Reads back a zip of stored entries, independently of the writer: enough to check the archive
/// the exporter writes.
struct StoredZip {
    var entries: [String: [UInt8]] = [:]
    var order: [String] = []

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record is the last 22 bytes (no comment is written).
        let end = bytes.count - 22
        guard end >= 0, u32(end) == 0x0605_4b50 else { throw ZipReadError.malformed("no end record") }
        let count = u16(end + 10)
        var at = u32(end + 16)
        for _ in 0..<count {
            guard u32(at) == 0x0201_4b50 else { throw ZipReadError.malformed("bad central entry at \(at)") }
            let method = u16(at + 10)
            let size = u32(at + 20)
            let nameLength = u16(at + 28)
            let extra = u16(at + 30)
            let comment = u16(at + 32)
            let local = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard method == 0, u32(local) == 0x0403_4b50 else { throw ZipReadError.malformed("entry \(name)") }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            entries[name] = Array(bytes[dataStart..<(dataStart + size)])
            order.append(name)
            at += 46 + nameLength + extra + comment
        }
    }

    enum ZipReadError: Error { case malformed(String) }
}
