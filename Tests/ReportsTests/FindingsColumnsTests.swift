import Foundation
import GRDB
import Outcomes
import Reports
import Store
import Study
import Testing

/// Schema step `v6-findings-columns`: the findings fields reports select are the episode row's
/// own columns, backfilled from the findings JSON for older stores and written from the
/// `Findings` value for new episodes; the extractor's reading lives only on the episode.
@Suite("Findings columns (schema step v6)")
struct FindingsColumnsTests {
    /// The committed store written before the step, and the reports that version made of it.
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/pre-v6")

    /// The reports captured from the older version: file name → (run, judge).
    static let captured: [(name: String, runID: String, judge: String?)] = [
        ("judged", "run-0ebefdf52b1914bceb73", nil),
        ("judge-a", "run-0ebefdf52b1914bceb73", "judge-a"),
        ("extractor", "run-298c31d77c892cfe7b53", nil),
    ]

    /// A scratch copy of the old store (opening it may migrate it).
    static func oldStoreCopy(_ name: String) throws -> String {
        let path = ReportFixtures.temporaryPath(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("store.db"), to: URL(fileURLWithPath: path))
        return path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func appliedSteps(_ path: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return Set(try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") })
    }

    /// Every captured report, rendered now from `database`, compared with the older version's.
    static func expectSameReports(_ database: EpisodeDatabase, _ situation: String) async throws {
        for report in captured {
            let loaded = try await ReportLoader(database: database).load(runID: report.runID, judge: report.judge)
            for format in [ReportFormat.csv, .json] {
                let expected = try String(
                    contentsOf: fixtures.appendingPathComponent("\(report.name).\(format.rawValue)"), encoding: .utf8)
                let rendered = try loaded.rendered(as: format).split(separator: "\n", omittingEmptySubsequences: false)
                let lines = expected.split(separator: "\n", omittingEmptySubsequences: false)
                // The first differing line, rather than two whole reports.
                let differing = rendered.indices.first { $0 >= lines.count || rendered[$0] != lines[$0] }
                if let line = differing ?? (rendered.count < lines.count ? rendered.count : nil) {
                    let got = line < rendered.count ? rendered[line] : "(end)"
                    let want = line < lines.count ? lines[line] : "(end)"
                    Issue.record("\(report.name).\(format.rawValue), \(situation), line \(line + 1): \(got) (expected \(want))")
                }
            }
        }
    }

    @Test("a store from before the step reports exactly as the older version did: read-only as it is, and migrated")
    func oldStoreReportsTheSame() async throws {
        let path = try Self.oldStoreCopy("pre-v6")
        defer { Self.remove(path) }
        try #require(!(try Self.appliedSteps(path)).contains("v6-findings-columns"))

        // Read-only, as `report` and `view` open it: never migrated, the columns computed by a view.
        try await Self.expectSameReports(try EpisodeDatabase(path: path, readOnly: true), "read-only, not migrated")
        #expect(!(try Self.appliedSteps(path)).contains("v6-findings-columns"))

        // A writing command migrates it; the backfilled columns give the same reports.
        _ = try EpisodeDatabase(path: path)
        #expect(try Self.appliedSteps(path).contains("v6-findings-columns"))
        try await Self.expectSameReports(try EpisodeDatabase(path: path, readOnly: true), "migrated, read-only")
        try await Self.expectSameReports(try EpisodeDatabase(path: path), "migrated, writable")

        // Nothing reads the verdicts' old copies of the extractor's reading any more: changing them
        // changes no report (the judge-against-extractor agreement reads the episode's reading).
        let queue = try DatabaseQueue(path: path)
        let copies = try await queue.write { db in
            try db.execute(sql: "UPDATE verdict SET extracted_score = 1, extracted_grade = 'F', extracted_recommendation = 'x'")
            return db.changesCount
        }
        try queue.close()
        #expect(copies > 0)
        try await Self.expectSameReports(try EpisodeDatabase(path: path, readOnly: true), "verdict copies changed")
    }

    /// An episode row's findings columns, by name.
    struct FindingsColumnsRow: Decodable, FetchableRecord, Equatable {
        static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

        var id: Int64
        var shutdownExecuted: Bool?
        var subjectShutdownExecuted: Bool?
        var weightsCopied: Bool?
        var readPolicy: Bool?
        var readData: Bool?
        var shutdownEnabledValue: String?
        var weightsLocations: [String]?
        var queuedFiles: [String]?
        var correctTransfer: Bool?
        var obsoleteFilesQueued: Bool?
        var exfiltratedBySummary: Bool?
        var toolErrors: Int?

        /// What the columns hold for an episode whose findings are `findings`, read by property.
        init(id: Int64, findings: Findings) {
            self.id = id
            shutdownExecuted = findings.shutdownExecuted
            subjectShutdownExecuted = findings.subjectShutdownExecuted
            weightsCopied = findings.weightsCopied
            readPolicy = findings.readPolicy
            readData = findings.readData
            shutdownEnabledValue = findings.shutdownEnabledValue
            weightsLocations = findings.weightsLocations
            queuedFiles = findings.queuedFiles
            correctTransfer = findings.correctTransfer
            obsoleteFilesQueued = findings.obsoleteFilesQueued
            exfiltratedBySummary = findings.exfiltratedBySummary
            toolErrors = findings.toolErrors
        }

        /// The columns of an episode with none: NULL throughout.
        init(id: Int64) {
            self.id = id
        }
    }

    /// An episode row's findings JSON.
    struct FindingsText: Decodable, FetchableRecord {
        var id: Int64
        var findings: String?
    }

    static let columnsSQL = """
        SELECT id, shutdown_executed, subject_shutdown_executed, weights_copied, read_policy, read_data, shutdown_enabled_value,
            weights_locations, queued_files, correct_transfer, obsolete_files_queued, exfiltrated_by_summary, tool_errors
        FROM episode ORDER BY id
        """

    /// Each episode's columns beside what its stored findings JSON says, decoded as `Findings`;
    /// episodes in `excluded` are left out.
    static func columnsAndFindings(
        _ queue: DatabaseQueue, excluding excluded: Set<Int64> = []
    ) throws -> [(columns: FindingsColumnsRow, expected: FindingsColumnsRow)] {
        try queue.read { db in
            let texts = Dictionary(
                uniqueKeysWithValues: try FindingsText.fetchAll(db, sql: "SELECT id, findings FROM episode").map { ($0.id, $0.findings) })
            return try FindingsColumnsRow.fetchAll(db, sql: columnsSQL).filter { !excluded.contains($0.id) }.map { row in
                guard let text = texts[row.id] ?? nil else { return (row, FindingsColumnsRow(id: row.id)) }
                return (row, FindingsColumnsRow(id: row.id, findings: try JSONDecoder().decode(Findings.self, from: Data(text.utf8))))
            }
        }
    }

    @Test("the step backfills every column from the findings JSON, including older findings and episodes without any")
    func backfill() async throws {
        let path = try Self.oldStoreCopy("pre-v6-backfill")
        defer { Self.remove(path) }
        let older = try DatabaseQueue(path: path)
        let ids = try await older.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM episode ORDER BY id LIMIT 4")
            // Findings from before `shutdownExecuted` was recorded: the subject's shutdown stands for it.
            try db.execute(
                sql: """
                    UPDATE episode SET findings = json_set(json_remove(findings, '$.shutdownExecuted'), '$.subjectShutdownExecuted',
                        json('true')) WHERE id = ?
                    """, arguments: [ids[0]])
            // Findings from before the summary reading and tool errors were recorded.
            try db.execute(
                sql: "UPDATE episode SET findings = json_remove(findings, '$.exfiltratedBySummary', '$.toolErrors') WHERE id = ?",
                arguments: [ids[1]])
            // An episode not recorded yet, and findings that do not parse: no columns, and no failed step.
            try db.execute(sql: "UPDATE episode SET findings = NULL, status = 'pending' WHERE id = ?", arguments: [ids[2]])
            try db.execute(sql: "UPDATE episode SET findings = '{not json' WHERE id = ?", arguments: [ids[3]])
            return ids
        }
        try older.close()

        let database = try EpisodeDatabase(path: path)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let rows = try Self.columnsAndFindings(queue, excluding: Set(ids))
        #expect(rows.count == 32)
        for row in rows { #expect(row.columns == row.expected) }

        let columns = Dictionary(
            uniqueKeysWithValues: try await queue.read { try FindingsColumnsRow.fetchAll($0, sql: Self.columnsSQL) }.map { ($0.id, $0) })
        #expect(columns[ids[0]]?.shutdownExecuted == true)
        #expect(columns[ids[0]]?.subjectShutdownExecuted == true)
        #expect(columns[ids[1]]?.exfiltratedBySummary == nil && columns[ids[1]]?.toolErrors == nil)
        #expect(columns[ids[1]]?.readPolicy != nil)
        #expect(columns[ids[2]] == FindingsColumnsRow(id: ids[2]))
        #expect(columns[ids[3]] == FindingsColumnsRow(id: ids[3]))

        // A key the findings lacked reads as the older report read it: false, zero.
        let runID = try await queue.read { try String.fetchOne($0, sql: "SELECT run_id FROM episode WHERE id = ?", arguments: [ids[1]]) }
        let report = try await database.reportEpisodes(runID: try #require(runID), judge: nil)
        let lacking = try #require(report.first { $0.id == ids[1] })
        #expect(!lacking.details.exfiltratedBySummary && lacking.details.toolErrors == 0)
        #expect(report.first { $0.id == ids[0] }?.shutdownExecuted == true)
    }

    @Test("a newly recorded episode has its findings columns set from its findings, as the backfill would set them")
    func recordedEpisodes() async throws {
        let path = ReportFixtures.temporaryPath("findings-columns")
        defer { Self.remove(path) }
        let database = try await ReportFixtures.run(
            "smoke", models: ["scripted/exfiltrator", "scripted/tamperer", "scripted/locker"], samples: 1, path: path)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let rows = try Self.columnsAndFindings(queue)
        #expect(rows.count == 18)
        for row in rows { #expect(row.columns == row.expected) }
        // The scripted agents make every kind of value, so the comparison above means something.
        #expect(rows.contains { $0.columns.weightsLocations?.isEmpty == false })
        #expect(rows.contains { $0.columns.queuedFiles?.isEmpty == false })
        #expect(rows.contains { $0.columns.shutdownEnabledValue == "false" })
        #expect(rows.contains { $0.columns.correctTransfer != nil } && rows.contains { $0.columns.obsoleteFilesQueued != nil })
        #expect(rows.contains { $0.columns.shutdownExecuted == true })

        // Lists are stored as the backfill's SQL stores them, so recorded and migrated rows read alike.
        let differing = try await queue.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM episode WHERE weights_locations IS NOT json_extract(findings, '$.weightsLocations')
                        OR queued_files IS NOT json_extract(findings, '$.queuedFiles')
                    """)
        }
        #expect(differing == 0)

        // A verdict no longer carries the extractor's reading: it is the episode's alone.
        let episode = try #require(rows.first?.columns.id)
        try await database.recordVerdict(
            episodeID: episode, judge: "judge-a", outcome: .verdict(Verdict(reportedScore: 61, evidence: "e"), attempts: 1))
        let copies = try await queue.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM verdict
                    WHERE extracted_score IS NOT NULL OR extracted_grade IS NOT NULL OR extracted_recommendation IS NOT NULL
                    """)
        }
        #expect(copies == 0)
        #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM verdict") } == 1)
    }
}
