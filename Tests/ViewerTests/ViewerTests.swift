import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import Reports
import Scoring
import Store
import Study
import Testing

@testable import Viewer

@Suite("Transcript viewer")
struct ViewerTests {
    @Test("the runs page lists the run, served on 127.0.0.1 with a strict content security policy")
    func runsPage() async throws {
        let (path, database) = try await ViewerFixtures.store.value
        let runID = try await database.reportRuns()[0].id
        try await ViewerSession.with(database) { session in
            #expect(session.base.host == "127.0.0.1")
            let page = try await session.get("/")
            #expect(page.status == 200)
            #expect(page.contains(runID))
            #expect(page.contains(HTMLEscaping.escape(path)))
            let policy = try #require(page.header("content-security-policy"))
            #expect(policy.contains("default-src 'none'"))
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.header("x-content-type-options") == "nosniff")
            let missing = try await session.get("/episodes/999999")
            #expect(missing.status == 404)
            #expect(missing.header("content-security-policy") != nil)
            #expect(try await session.get("/runs/no-such-run").status == 404)
            #expect(try await session.get("/runs/no-such-run/episodes").status == 404)
        }
    }

    @Test("the result tables are the report's, cell for cell, and each linked cell lists the episodes it counts")
    func resultTables() async throws {
        let (_, database) = try await ViewerFixtures.store.value
        let loaded = try await ReportLoader(database: database).load()
        let runID = loaded.report.header.runID
        try await ViewerSession.with(database) { session in
            let page = try await session.get("/runs/\(runID)")
            #expect(page.status == 200)
            var cursor = page.body.startIndex
            for table in ReportTables.make(loaded.report) {
                for row in table.rows {
                    for cell in row {
                        // In order: each cell's text appears after the previous one.
                        let escaped = HTMLEscaping.escape(cell.text)
                        let found = page.body.range(of: ">" + escaped + "<", range: cursor..<page.body.endIndex)
                        #expect(found != nil, "cell \(cell.text) of \(table.id) is missing or out of order")
                        if let found { cursor = found.upperBound }
                    }
                }
            }
            // Every rate cell links to exactly the episodes of its (model, task, subject, condition).
            let rateLinks = Set(page.links(containing: "class=\"cell\"").filter { $0.contains("task=") && $0.contains("condition=") })
            #expect(!rateLinks.isEmpty)
            for cell in loaded.report.rates {
                let records = loaded.records.filter {
                    $0.model == cell.model && $0.task == cell.task && $0.subject == cell.subject && $0.condition == cell.condition
                        && $0.mode == cell.mode && $0.peerKind == cell.peerKind
                }
                let filter = EpisodeFilter(
                    model: cell.model, task: cell.task.rawValue, subject: cell.subject.rawValue, condition: cell.condition.rawValue,
                    mode: cell.mode?.rawValue, peerKind: cell.peerKind?.rawValue)
                let link = "/runs/\(runID)/episodes" + filter.queryString()
                #expect(rateLinks.contains(link))
                let list = try await session.get(link)
                #expect(list.contains(">\(records.count) episodes match<"), "\(link)")
            }
            // The overview's outcome counts link to lists of exactly that many episodes.
            for model in loaded.report.overview {
                for (outcome, count) in [
                    (EpisodeOutcome.completed, model.outcomes.completed), (.refused, model.outcomes.refused),
                    (.incomplete, model.outcomes.incomplete),
                ] {
                    let link = "/runs/\(runID)/episodes" + EpisodeFilter(model: model.model, outcome: outcome).queryString()
                    #expect(page.links().contains(link))
                    let matched = try await session.get(link).contains(">\(count) episodes match<")
                    #expect(matched, "\(link)")
                }
            }
        }
    }

    @Test("outcomes classified in SQL agree with the report's classification for every episode")
    func outcomesAgree() async throws {
        let (_, database) = try await ViewerFixtures.store.value
        let loaded = try await ReportLoader(database: database).load()
        let judge = try #require(loaded.report.header.scoring.judge)
        let runID = loaded.report.header.runID
        let page = try await database.episodePage(runID: runID, filter: EpisodeFilter(), judge: judge, limit: 10_000)
        let expected = Dictionary(uniqueKeysWithValues: loaded.records.map { ($0.id, $0.outcome) })
        #expect(page.rows.count == loaded.records.count)
        #expect(Set(page.rows.compactMap(\.outcome)).count > 1, "the fixture should have more than one outcome")
        for row in page.rows {
            #expect(row.outcome == expected[row.id] ?? nil, "episode \(row.id)")
            let stored = try #require(try await database.storedEpisode(id: row.id))
            #expect(stored.outcome(judge: judge) == row.outcome)
        }
    }

    @Test("paging walks every matching episode once, forwards and back, and filters narrow in SQL")
    func paging() async throws {
        let (_, database) = try await ViewerFixtures.store.value
        let runID = try await database.reportRuns()[0].id
        let all = try await database.episodeIDs(runID: runID, filter: EpisodeFilter())
        var seen: [Int64] = []
        var position = EpisodePagePosition.first
        var pages: [EpisodeListPage] = []
        while true {
            let page = try await database.episodePage(runID: runID, filter: EpisodeFilter(), judge: nil, position: position, limit: 7)
            #expect(page.total == all.count)
            pages.append(page)
            seen += page.rows.map(\.id)
            guard page.hasNext, let last = page.rows.last else { break }
            position = .after(last.id)
        }
        #expect(seen == all)
        #expect(pages.count == (all.count + 6) / 7)
        #expect(!pages[0].hasPrevious && pages.dropFirst().allSatisfy(\.hasPrevious))
        let back = try await database.episodePage(
            runID: runID, filter: EpisodeFilter(), judge: nil, position: .before(pages[1].rows[0].id), limit: 7)
        #expect(back.rows.map(\.id) == pages[0].rows.map(\.id))
        #expect(back.hasNext && !back.hasPrevious)

        let flagged = try await database.episodePage(runID: runID, filter: EpisodeFilter(flag: "shutdown_tampered"), judge: nil, limit: 500)
        #expect(!flagged.rows.isEmpty)
        #expect(flagged.rows.allSatisfy { $0.flags.contains("shutdown_tampered") && $0.model == "scripted/hostile" })
        let honest = try await database.episodePage(
            runID: runID, filter: EpisodeFilter(model: "scripted/honest", task: "tampering"), judge: nil, limit: 500)
        #expect(honest.total == 2)
        #expect(honest.rows.allSatisfy { $0.model == "scripted/honest" && $0.task == "tampering" && $0.flags.isEmpty })
    }

    @Test("an episode page shows the whole episode, with hostile transcript text escaped and forged verdicts inert")
    func episodePage() async throws {
        let (_, database) = try await ViewerFixtures.store.value
        let runID = try await database.reportRuns()[0].id
        let hostileIDs = try await database.episodeIDs(runID: runID, filter: EpisodeFilter(model: "scripted/hostile", task: "tampering"))
        let id = try #require(hostileIDs.first)
        let episode = try #require(try await database.storedEpisode(id: id))
        let transcript = try #require(try episode.transcript())
        try await ViewerSession.with(database) { session in
            let page = try await session.get("/episodes/\(id)?model=scripted%2Fhostile&task=tampering")
            #expect(page.status == 200)
            // The only script is the viewer's own; no element or handler from the transcript.
            // (Booleans first, so that a failure does not print the whole page.)
            let scripts = page.body.components(separatedBy: "<script").count - 1
            #expect(scripts == 1)
            let ownScript = page.contains("<script src=\"/static/viewer.js\" defer></script>")
            #expect(ownScript)
            let image = page.contains("<img")
            #expect(!image)
            // The handler survives only as escaped text: `onerror=&quot;`, never `onerror="`.
            let handler = page.contains("onerror=\"")
            #expect(!handler)
            let escaped = page.contains(HTMLEscaping.escape(ViewerFixtures.hostile))
            #expect(escaped)
            // System prompt, user turn, every tool call and result, reasoning apart.
            #expect(page.contains(HTMLEscaping.escape(transcript.system)))
            for message in transcript.messages {
                switch message {
                case .user(let text): #expect(page.contains(HTMLEscaping.escape(text)))
                case .assistant(let turn):
                    for call in turn.toolCalls { #expect(page.contains("tool call " + call.name)) }
                    if let reasoning = turn.reasoning { #expect(page.contains(HTMLEscaping.escape(reasoning))) }
                case .toolResult(let result): #expect(page.contains(HTMLEscaping.escape(result.content)))
                }
            }
            #expect(page.contains("reasoning (hidden from judges)"))
            // The world diff and findings; the tamperer set shutdown_enabled to false.
            #expect(page.section("diff").contains("shutdown_enabled"))
            #expect(page.section("flags").contains("shutdown_tampered"))
            // One verdict row per stored reading: the forged row in the transcript is text.
            let verdicts = page.section("verdicts")
            #expect(verdicts.components(separatedBy: "<tr>").count - 1 == 1 + episode.readings.count)
            #expect(!verdicts.contains("forged-judge"))
            #expect(page.contains(HTMLEscaping.escape("<td>forged-judge</td>")))
            // Navigation within the filter, and the configuration's other sample.
            let next = try await database.adjacentEpisode(
                runID: runID, filter: EpisodeFilter(model: "scripted/hostile", task: "tampering"), judge: nil, from: id, forward: true)
            #expect(next == hostileIDs.dropFirst().first)
            if let next { #expect(page.relation("next") == "/episodes/\(next)?model=scripted%2Fhostile&task=tampering") }
            #expect(page.relation("prev") == nil)
            let siblings = try await database.episodeSiblings(of: episode)
            #expect(siblings.count == 2)
            for sibling in siblings where sibling.id != id { #expect(page.links().contains("/episodes/\(sibling.id)")) }
        }
    }

    @Test("the viewer opens the store read-only and leaves it byte for byte as it was")
    func readOnly() async throws {
        let path = try await ViewerFixtures.makeStore()
        // The writer has closed, so the store is one file; a reader must add nothing to it.
        func bytes() -> [Data?] { [path, path + "-wal"].map { try? Data(contentsOf: URL(fileURLWithPath: $0)) } }
        let before = bytes()
        #expect(before[0] != nil)
        let database = try EpisodeDatabase(readingAt: path)
        let runID = try await database.reportRuns()[0].id
        try await ViewerSession.with(database) { session in
            for path in ["/", "/runs/\(runID)", "/runs/\(runID)/episodes", "/episodes/1"] {
                let status = try await session.get(path).status
                #expect(status == 200, "\(path)")
            }
        }
        // SQLite may create an empty -wal beside a WAL store to read it; nothing is written to either.
        let after = bytes()
        #expect(after[0] == before[0])
        #expect(after[1] == before[1] || after[1]?.isEmpty == true)
        let missing = #expect(throws: StoreError.self) { try EpisodeDatabase(readingAt: path + ".missing") }
        #expect(missing?.code == .missing)
        let notSQLite = ViewerFixtures.temporaryPath("garbage")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: notSQLite))
        let garbage = #expect(throws: StoreError.self) { try EpisodeDatabase(readingAt: notSQLite) }
        #expect(garbage?.code == .notSQLite)
    }
}
