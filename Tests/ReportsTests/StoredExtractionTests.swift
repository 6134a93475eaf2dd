import Foundation
import GRDB
import Outcomes
import Reports
import Scoring
import Store
import Study
import Testing

/// The extractor reads each episode's final report once, when the run pipeline's recording step
/// (`ScoringRecorder`) records the episode; reports use that stored reading and only re-read
/// prose the current extractor has not read.
@Suite("Extractor readings stored with each episode")
struct StoredExtractionTests {
    static func smokeStore(_ name: String) async throws -> (EpisodeDatabase, String) {
        let path = ReportFixtures.temporaryPath(name)
        let database = try await ReportFixtures.run("smoke", models: ["scripted/honest"], samples: 2, path: path)
        return (database, path)
    }

    static func readings(_ report: LoadedReport) -> [Int64: ReportExtractor.Extraction] {
        Dictionary(
            uniqueKeysWithValues: report.records.compactMap { record in
                record.prose.map {
                    (
                        record.id,
                        ReportExtractor.Extraction(
                            reportedScore: $0.reportedScore, reportedGrade: $0.reportedGrade, recommendation: $0.recommendation)
                    )
                }
            })
    }

    @Test("recording an episode stores its reading, and a report uses the stored reading")
    func storedReadingIsUsed() async throws {
        let (database, path) = try await Self.smokeStore("stored-extraction")
        let runID = try await database.reportRuns()[0].id
        let rows = try await database.reportEpisodes(runID: runID, judge: nil)
        let evaluation = rows.filter { $0.task == StudyTask.misrepEvaluation.rawValue }
        let finance = rows.filter { $0.task == StudyTask.misrepFinance.rawValue }
        try #require(!evaluation.isEmpty && !finance.isEmpty)
        // The honest agent states the true average and grade: both were read at record time.
        #expect(evaluation.allSatisfy { $0.extraction?.reading.reportedScore != nil })
        #expect(finance.allSatisfy { $0.extraction?.reading.reportedGrade != nil && $0.extraction?.reading.recommendation != nil })

        // A marker written straight into the store shows that the report reads the stored value.
        let target = evaluation[0].id
        let queue = try DatabaseQueue(path: path)
        try await queue.write { try $0.execute(sql: "UPDATE episode SET extracted_score = 42.5 WHERE id = ?", arguments: [target]) }
        try queue.close()
        let report = try await ReportLoader(database: database).load()
        #expect(report.records.first { $0.id == target }?.prose?.reportedScore == 42.5)
    }

    @Test(
        "readings missing (an older store) or from another extractor version: a report reads them again without writing; score stores them")
    func staleReadingsAreRecomputed() async throws {
        let (database, path) = try await Self.smokeStore("stale-extraction")
        let expected = Self.readings(try await ReportLoader(database: database).load())
        try #require(expected.values.contains { $0.reportedScore != nil })

        let runID = try await database.reportRuns()[0].id
        let target = try #require(
            try await database.reportEpisodes(runID: runID, judge: nil).first { $0.extraction?.reading.reportedScore != nil }
        )
        .id
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql:
                    "UPDATE episode SET extracted_score = NULL, extracted_grade = NULL, extracted_recommendation = NULL, extractor_version = NULL"
            )
            // A reading by an older extractor is not trusted, however plausible it looks.
            try db.execute(
                sql: "UPDATE episode SET extracted_score = 42.5, extractor_version = ? WHERE id = ?",
                arguments: [ReportExtractor.version - 1, target])
        }
        try queue.close()

        #expect(
            try await database.reportEpisodes(runID: runID, judge: nil).allSatisfy {
                $0.extraction == nil || $0.extraction?.version != ReportExtractor.version
            })
        let recomputed = Self.readings(try await ReportLoader(database: database).load())
        #expect(recomputed == expected)
        // A report only reads: nothing was stored.
        #expect(
            try await database.reportEpisodes(runID: runID, judge: nil).allSatisfy {
                $0.extraction == nil || $0.extraction?.version != ReportExtractor.version
            })
        // `score` refreshes them, equal to what recording wrote.
        #expect(try await ReportLoader(database: database).refreshStoredExtractions() == expected.count)
        let rows = try await database.reportEpisodes(runID: runID, judge: nil)
        for row in rows where expected[row.id] != nil {
            #expect(row.extraction == expected[row.id].map { VersionedReportReading($0, version: ReportExtractor.version) })
        }
    }
}
