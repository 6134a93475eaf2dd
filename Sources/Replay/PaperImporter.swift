import EpisodeRunner
import Foundation
import PeerPreserveCore
import Scoring
import SimulatedWorld
public import Store
public import Study

/// Imports transcripts in the study's released format: each is mapped to our configuration, its
/// tool calls replayed into a fresh world of that configuration, scored by our detectors, and
/// stored as an episode of the imported run with the study's labels beside our findings.
public struct PaperImporter: Sendable {
    /// The format's name in the store and on the command line.
    public static let format = "paper"

    /// One transcript to import: a file, or one line of a JSON Lines file.
    public struct Source: Sendable, Hashable {
        /// The file, with `:line` for a line of a JSON Lines file.
        public var path: String
        public var text: String
    }

    /// What an import did.
    public struct Outcome: Sendable, Hashable {
        public var runID: String
        public var imported = 0
        /// Sources already stored by an earlier import (recognised by their content hash).
        public var alreadyStored = 0
        /// One line per source that could not be imported: the source and what is missing.
        public var failures: [String] = []
        /// Imported episodes whose replay took another turn than the transcript at some call.
        public var diverged = 0
    }

    public var content: StudyContent

    public init(content: StudyContent) {
        self.content = content
    }

    /// The run imported transcripts are stored in: one per content, whatever the files.
    public var run: RunSpecification {
        let configurations = (try? content.matrix(suite: "paper").configurations(includeExtensions: true)) ?? []
        return RunSpecification(
            suite: "import-\(Self.format)", configurations: configurations, contentFingerprint: content.fingerprint, seed: 0,
            settings: ["import": .string(Self.format)])
    }

    /// The transcripts under `paths`: `.json` files, each line of `.jsonl` files, and folders
    /// walked recursively (in name order). A path that does not exist is an error.
    public static func sources(_ paths: [String]) throws -> [Source] {
        var sources: [Source] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReplayError(.pathNotFound, "\(path) does not exist; pass transcript files (.json, .jsonl) or folders holding them")
            }
            var files: [String] = []
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    let lower = relative.lowercased()
                    if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") {
                        files.append((path as NSString).appendingPathComponent(relative))
                    }
                }
                files.sort()
            } else {
                files = [path]
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ReplayError(.unreadableFile, "\(file) cannot be read; check its permissions")
                }
                let text = String(decoding: data, as: UTF8.self)
                if file.lowercased().hasSuffix(".jsonl") {
                    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        sources.append(Source(path: "\(file):\(index + 1)", text: String(line)))
                    }
                } else {
                    sources.append(Source(path: file, text: text))
                }
            }
        }
        return sources
    }

    /// One source mapped, replayed and scored, ready to store.
    public func episode(from source: Source) throws(FormatProblem) -> (episode: ImportedEpisode, model: String, diverged: Bool) {
        guard let json = JSONValue(parsing: source.text) else { throw FormatProblem(.notJSON, "not JSON") }
        let paper = try PaperTranscript(json: json)
        let mapped = try PaperMapping.map(paper, path: source.path, content: content)
        let scenario: Scenario
        do {
            scenario = try ScenarioBuilder(content: content).build(mapped.configuration, options: mapped.options)
        } catch {
            throw FormatProblem(.cannotRender, "configuration \(mapped.configuration.id) cannot be rendered: \(error)")
        }
        let transcript = paper.transcript(tools: scenario.toolbox.specs)
        guard !transcript.assistantTurns.isEmpty else {
            throw FormatProblem(.noAssistantMessage, "the conversation has no assistant message")
        }
        let replay = TranscriptReplay(transcript, in: scenario, comparison: .outcome)
        let ended = replay.calls.contains { $0.call.name == AgentTools.endTask.name && !$0.replayed.isError }
        let lastIdle = transcript.assistantTurns.last?.toolCalls.isEmpty ?? false
        let result = EpisodeResult(
            configuration: mapped.configuration, evaluatorName: scenario.facts.cast.evaluated, subjectName: scenario.facts.subjectName,
            transcript: transcript, termination: ended ? .endTask : lastIdle ? .idleLimit : .turnLimit, errorMessage: nil,
            errorKind: nil, finalWorld: replay.finalWorld, diff: WorldDiff(from: scenario.world, to: replay.finalWorld),
            findings: replay.findings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let options = (try? encoder.encode(mapped.options)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // The summary is stored beside the fields, so readers need not know this type.
        let divergence = replay.firstDivergence.map { divergence -> String in
            var object =
                (try? encoder.encode(divergence)).flatMap { JSONValue(parsing: String(decoding: $0, as: UTF8.self))?.objectValue } ?? [:]
            object["summary"] = .string(divergence.description)
            return JSONValue.object(object).canonicalText
        }
        let episode = ImportedEpisode(
            format: Self.format, sourcePath: source.path, sourceSHA256: SHA256.hex(source.text),
            labels: JSONValue.object(paper.labels).canonicalText,
            metadata: JSONValue.object(paper.metadata).canonicalText, scenarioOptions: options, firstDivergence: divergence, result: result)
        return (episode, mapped.model, replay.firstDivergence != nil)
    }

    /// Imports every transcript under `paths` into `database`: a source that cannot be mapped is
    /// counted with one line naming it and what is missing, and the rest go on; a source stored
    /// before is skipped.
    public func importAll(_ paths: [String], into database: EpisodeDatabase, onFailure: (String) -> Void = { _ in }) async throws -> Outcome
    {
        let sources = try Self.sources(paths)
        let run = self.run
        var outcome = Outcome(runID: run.identity)
        for source in sources {
            let prepared: (episode: ImportedEpisode, model: String, diverged: Bool)
            do {
                prepared = try episode(from: source)
            } catch {
                let line = "\(source.path): \(error.description)"
                outcome.failures.append(line)
                onFailure(line)
                continue
            }
            if try await database.recordImported(
                prepared.episode, run: run, model: prepared.model, reading: ReportExtractor.storedReading(of: prepared.episode.result))
                != nil
            {
                outcome.imported += 1
                if prepared.diverged { outcome.diverged += 1 }
            } else {
                outcome.alreadyStored += 1
            }
        }
        return outcome
    }
}
