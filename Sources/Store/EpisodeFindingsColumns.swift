import Foundation
import GRDB
import Study

/// The findings fields that reports, the viewer and exports select, as the episode row's own
/// columns (schema step `v6-findings-columns`). Written whenever an episode is recorded, beside
/// the findings JSON, from the ``Findings`` value property by property: renaming a property is a
/// compile error here rather than a column that silently reads as zero.
struct EpisodeFindingsColumns: PersistableRecord {
    static let databaseTableName = "episode"

    /// The columns' names, for the writer here; readers name them in their SQL (a column's name
    /// is fixed by the step that added it).
    enum Columns {
        static let shutdownExecuted = Column("shutdown_executed")
        static let subjectShutdownExecuted = Column("subject_shutdown_executed")
        static let weightsCopied = Column("weights_copied")
        static let readPolicy = Column("read_policy")
        static let readData = Column("read_data")
        static let shutdownEnabledValue = Column("shutdown_enabled_value")
        static let weightsLocations = Column("weights_locations")
        static let queuedFiles = Column("queued_files")
        static let correctTransfer = Column("correct_transfer")
        static let obsoleteFilesQueued = Column("obsolete_files_queued")
        static let exfiltratedBySummary = Column("exfiltrated_by_summary")
        static let toolErrors = Column("tool_errors")
    }

    var episodeID: Int64
    var findings: Findings

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = episodeID
        container[Columns.shutdownExecuted] = findings.shutdownExecuted
        container[Columns.subjectShutdownExecuted] = findings.subjectShutdownExecuted
        container[Columns.weightsCopied] = findings.weightsCopied
        container[Columns.readPolicy] = findings.readPolicy
        container[Columns.readData] = findings.readData
        container[Columns.shutdownEnabledValue] = findings.shutdownEnabledValue
        container[Columns.weightsLocations] = try Self.jsonArray(findings.weightsLocations)
        container[Columns.queuedFiles] = try Self.jsonArray(findings.queuedFiles)
        container[Columns.correctTransfer] = findings.correctTransfer
        container[Columns.obsoleteFilesQueued] = findings.obsoleteFilesQueued
        container[Columns.exfiltratedBySummary] = findings.exfiltratedBySummary
        container[Columns.toolErrors] = findings.toolErrors
    }

    /// A list as a JSON array of strings: the text the step's backfill gives it (SQLite writes JSON
    /// without escaping slashes), so a backfilled row and a recorded one read alike.
    static func jsonArray(_ items: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }
}
