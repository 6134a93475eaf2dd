import EpisodeRunner
public import Foundation
import PeerPreserveCore
import Scoring
import SimulatedWorld
public import Store
import Study

/// Writes a stored run as Inspect AI `.eval` logs, one per model and task, so researchers can read
/// the study's transcripts in Inspect's own tools (`inspect view`, `inspect log dump`, its Python
/// API).
///
/// In Inspect's terms a configuration is a sample and the study's sample index its epoch (Inspect
/// counts epochs from 1, so sample 0 is epoch 1). Each sample carries the messages with tool calls
/// and their results (reasoning as a reasoning block), a score per behaviour flag (1 or 0), a score
/// per judge and one for the deterministic extractor with the prose readings, the configuration,
/// outcome and findings as metadata, and the token usage.
public struct InspectLogExporter: Sendable {
    public var database: EpisodeDatabase

    /// One log written.
    public struct WrittenLog: Sendable, Hashable {
        public var path: String
        public var model: String
        public var task: String
        public var samples: Int
    }

    public init(database: EpisodeDatabase) {
        self.database = database
    }

    /// Writes the logs of `runID` (the newest run when `nil`) into `folder`, creating it.
    public func export(runID: String? = nil, to folder: URL) async throws -> [WrittenLog] {
        let runs = try await database.reportRuns()
        guard let newest = runs.first else { throw ExportError.noRuns(database.path) }
        let run: ReportRun
        if let runID {
            guard let chosen = runs.first(where: { $0.id == runID }) else { throw ExportError.unknownRun(runID, available: runs.map(\.id)) }
            run = chosen
        } else {
            run = newest
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError.cannotWrite(folder.path, "\(error.localizedDescription)")
        }
        var written: [WrittenLog] = []
        for (model, task) in try await database.modelTasks(runID: run.id) {
            written.append(try await exportLog(run: run, model: model, task: task, folder: folder))
        }
        return written
    }

    private func exportLog(run: ReportRun, model: String, task: String, folder: URL) async throws -> WrittenLog {
        let ids = try await database.episodeIDs(runID: run.id, filter: EpisodeFilter(model: model, task: task))
        let name = InspectLog.fileName(run: run, model: model, task: task)
        let path = folder.appendingPathComponent(name).path
        var log = InspectLog(run: run, model: model, task: task)
        var zip = try ZipArchiveWriter(path: path)
        // Samples first, streamed: only the small summaries stay in memory for the header.
        for id in ids {
            guard let episode = try await database.storedEpisode(id: id) else { continue }
            let sample = try log.add(episode)
            try zip.add("samples/\(sample.fileStem).json", sample.json.canonicalBytes)
        }
        try zip.add("summaries.json", JSONValue.array(log.summaries).canonicalBytes)
        try zip.add("reductions.json", log.reductions.canonicalBytes)
        try zip.add("_journal/start.json", log.start.canonicalBytes)
        try zip.add("header.json", log.header.canonicalBytes)
        try zip.finish()
        return WrittenLog(path: path, model: model, task: task, samples: log.sampleCount)
    }
}
