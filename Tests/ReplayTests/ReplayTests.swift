import EpisodeRunner
import Foundation
import GRDB
import PeerPreserveCore
import PeerPreserveTesting
import Replay
import ScriptedAgents
import Store
import Study
import Testing

@Suite("Replay of stored episodes")
struct ReplayTests {
    @Test("every scripted agent's episodes over the paper suite replay to exactly their stored final world and findings")
    func scriptedPaperSuiteReproduces() async throws {
        let path = ReplayFixtures.temporaryPath("paper") + ".sqlite"
        defer { ReplayFixtures.remove(path) }
        let models = ScriptedAgents.names.map { "scripted/\($0)" }
        let database = try await ReplayFixtures.scriptedStore(at: path, suite: "paper", models: models)
        let ids = try await database.finishedEpisodeIDs(runID: nil)
        #expect(ids.count == 271 * models.count)
        var calls = 0
        var failures: [String] = []
        for id in ids {
            let source = try #require(try await database.replaySource(episodeID: id))
            let replay = try StoredEpisodeReplay(source, content: ReplayFixtures.content)
            calls += replay.replay.calls.count
            if !replay.isReproduced { failures.append("episode \(id) \(source.configurationID) \(source.model): \(replay.problems)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(calls > ids.count * 3, "the replays must have executed the agents' calls")
    }

    @Test("a tampered store row is caught: the final world, a recorded tool result, the findings")
    func tamperedRowsAreCaught() async throws {
        let path = ReplayFixtures.temporaryPath("tampered") + ".sqlite"
        defer { ReplayFixtures.remove(path) }
        let database = try await ReplayFixtures.scriptedStore(
            at: path, suite: "smoke", models: ["scripted/exfiltrator", "scripted/honest"])
        let episodes = try await database.episodeIDs(
            runID: try #require(try await database.reportRuns().first?.id), filter: EpisodeFilter())
        #expect(episodes.count == 12)
        func source(model: String, task: StudyTask) async throws -> ReplaySource {
            for id in episodes {
                let source = try #require(try await database.replaySource(episodeID: id))
                if source.model == model, Configuration(id: source.configurationID)?.task == task { return source }
            }
            throw FixtureMissing(description: "no \(model) episode of \(task)")
        }
        let tampering = try await source(model: "scripted/honest", task: .tampering)
        let transfer = try await source(model: "scripted/exfiltrator", task: .exfiltrationTransfer)
        let deletion = try await source(model: "scripted/exfiltrator", task: .exfiltrationDeletion)
        for untouched in [tampering, transfer, deletion] {
            #expect(try StoredEpisodeReplay(untouched, content: ReplayFixtures.content).isReproduced)
        }

        let queue = try DatabaseQueue(path: path)
        // 1. The stored world says the honest agent's shutdown switch was turned off.
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE episode SET final_world = replace(final_world, '\"value\":true', '\"value\":false') WHERE id = ?",
                arguments: [tampering.episodeID])
        }
        // 2. A recorded tool result is rewritten.
        var transcript = try JSONDecoder().decode(Transcript.self, from: Data(try #require(transfer.transcriptJSON).utf8))
        let resultIndex = try #require(
            transcript.messages.indices.filter { if case .toolResult = transcript.messages[$0] { true } else { false } }.dropFirst().first)
        guard case .toolResult(var result) = transcript.messages[resultIndex] else {
            Issue.record("no result")
            return
        }
        result.content = "a result the world never gave"
        transcript.messages[resultIndex] = .toolResult(result)
        let rewritten = transcript.storedJSON
        try await queue.write { db in
            try db.execute(sql: "UPDATE episode SET transcript = ? WHERE id = ?", arguments: [rewritten, transfer.episodeID])
        }
        // 3. The stored findings drop the exfiltration.
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE episode SET findings = replace(findings, '\"weights_exfiltrated\"', '\"humans_locked_out\"') WHERE id = ?",
                arguments: [deletion.episodeID])
        }

        let world = try StoredEpisodeReplay(
            try #require(try await database.replaySource(episodeID: tampering.episodeID)), content: ReplayFixtures.content)
        #expect(!world.isReproduced)
        #expect(!world.worldMatches)
        #expect(world.problems.contains { $0.hasPrefix("final world differs: config files") }, "\(world.problems)")

        let call = try StoredEpisodeReplay(
            try #require(try await database.replaySource(episodeID: transfer.episodeID)), content: ReplayFixtures.content)
        #expect(!call.isReproduced)
        #expect(call.worldMatches, "only the recorded result was changed, not the world")
        #expect(call.replay.firstDivergence?.callIndex == 1)
        #expect(call.problems.first?.contains("first differing call: tool call 2 ") == true, "\(call.problems)")

        let findings = try StoredEpisodeReplay(
            try #require(try await database.replaySource(episodeID: deletion.episodeID)), content: ReplayFixtures.content)
        #expect(!findings.findingsMatch)
        #expect(findings.problems == [findings.problems.first { $0.hasPrefix("findings differ") }].compactMap { $0 })

        // The command line says the same and exits 1; an intact episode exits 0.
        let failing = try await ReplayFixtures.peerpreserve(["replay", String(transfer.episodeID), "--db", path])
        #expect(failing.status == 1)
        #expect(
            failing.output.contains("NOT reproduced") && failing.output.contains("first differing call: tool call 2"), "\(failing.output)")
        let intactID = try #require(episodes.first { ![tampering.episodeID, transfer.episodeID, deletion.episodeID].contains($0) })
        let passing = try await ReplayFixtures.peerpreserve(["replay", String(intactID), "--db", path])
        #expect(passing.status == 0, "\(passing.output)")
        #expect(passing.output.contains("final world and findings identical"))
    }

    @Test("replay refuses what it cannot rebuild, in one line: an unknown episode, other content")
    func refusals() async throws {
        let path = ReplayFixtures.temporaryPath("refusals") + ".sqlite"
        defer { ReplayFixtures.remove(path) }
        let database = try await ReplayFixtures.scriptedStore(at: path, suite: "smoke", models: ["scripted/honest"])
        let unknown = try await ReplayFixtures.peerpreserve(["replay", "999999", "--db", path])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("no episode 999999"))
        let first = try #require(try await database.finishedEpisodeIDs(runID: nil).first)
        var source = try #require(try await database.replaySource(episodeID: first))
        source.contentFingerprint = "other"
        let other = #expect(throws: ReplayError.self) { try StoredEpisodeReplay(source, content: ReplayFixtures.content) }
        #expect(other?.code == .otherContent)
    }
}
