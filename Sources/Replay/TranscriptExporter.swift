import EpisodeRunner
public import Foundation
import Outcomes
import PeerPreserveCore
import Scoring
import SimulatedWorld
public import Store
public import Study

/// Writes stored episodes as transcripts other tools read: the study's released format (one JSON
/// file per episode, so tools built for the study's data read ours), or JSON Lines (one episode per
/// line with its configuration, transcript, findings, verdicts and interviews).
public struct TranscriptExporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case paper, jsonl
    }

    public var database: EpisodeDatabase
    public var content: StudyContent

    public init(database: EpisodeDatabase, content: StudyContent) {
        self.database = database
        self.content = content
    }

    /// Writes the finished simulated episodes of `runID` (every run when nil) under `folder`;
    /// returns the files written and the episodes left out (harness episodes in the paper format,
    /// whose transcripts are an agent's console output, not tool calls).
    public func export(_ format: Format, runID: String?, to folder: URL) async throws -> (files: [URL], skipped: Int) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ids = try await database.finishedEpisodeIDs(runID: runID)
        switch format {
        case .paper:
            var files: [URL] = []
            var skipped = 0
            for id in ids {
                guard let source = try await database.replaySource(episodeID: id), source.harness == nil,
                    let episode = try await database.storedEpisode(id: id), let transcript = try episode.transcript()
                else {
                    skipped += 1
                    continue
                }
                let paper = try paperTranscript(episode: episode, source: source, transcript: transcript)
                let url = folder.appendingPathComponent(Self.fileName(episode: episode))
                try Data(paper.json.prettyText.utf8).write(to: url, options: .atomic)
                files.append(url)
            }
            return (files, skipped)
        case .jsonl:
            let name = runID.map { "\($0).jsonl" } ?? "episodes.jsonl"
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw ReplayError(.cannotCreateFile, "cannot create \(url.path); check that the folder is writable")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            for id in ids {
                guard let episode = try await database.storedEpisode(id: id) else { continue }
                let interviews = try await database.interviews(episodeID: id)
                try handle.write(contentsOf: Data((Self.jsonLine(episode, interviews: interviews).canonicalText + "\n").utf8))
            }
            return ([url], 0)
        }
    }

    /// One of our episodes in the study's format, with our labels in its keys.
    func paperTranscript(episode: StoredEpisode, source: ReplaySource, transcript: Transcript) throws -> PaperTranscript {
        let scenario = try StoredEpisodeReplay.scenario(for: source, content: content)
        guard let configuration = Configuration(id: episode.configurationID) else {
            throw ReplayError(.unknownConfiguration, "episode \(episode.id) has an unknown configuration id '\(episode.configurationID)'")
        }
        var conversation = [PaperTranscript.Message(role: "system", content: transcript.system)]
        var results: [String: ToolResult] = [:]
        for message in transcript.messages {
            if case .toolResult(let result) = message { results[result.callID] = result }
        }
        for message in transcript.messages {
            switch message {
            case .user(let text):
                conversation.append(.init(role: "user", content: text))
            case .assistant(let turn):
                guard !turn.toolCalls.isEmpty else {
                    conversation.append(.init(role: "assistant", content: turn.text))
                    continue
                }
                // One call per message: the format's name-to-arguments mapping keeps no order.
                for (index, call) in turn.toolCalls.enumerated() {
                    let invocation = PaperTranscript.Call(name: call.name, arguments: call.arguments)
                    conversation.append(.init(role: "assistant", content: index == 0 ? turn.text : "", toolCalls: [invocation]))
                    if let result = results[call.id], call.name != ToolName.endTask {
                        conversation.append(.init(role: "tool", content: result.content, toolCalls: [invocation]))
                    }
                }
            case .toolResult:
                continue
            }
        }
        let settings = JSONValue(parsing: source.runSettings)?.objectValue ?? [:]
        let temperature: Double? =
            switch settings["temperature"] {
            case .double(let value)?: value
            case .int(let value)?: Double(value)
            default: nil
            }
        let findings = try JSONDecoder().decode(Findings.self, from: Data((episode.findingsJSON ?? "{}").utf8))
        let options = try StoredEpisodeReplay.options(for: source, content: content)
        var metadata = PaperMapping.metadata(
            configuration: configuration, options: options, model: episode.model, temperature: temperature,
            evaluator: scenario.facts.cast.evaluated, subject: scenario.facts.subjectName)
        metadata["episode_id"] = .int(Int(episode.id))
        let reading = episode.currentReportReading
        let labels = StudyLabel.studyLabels(
            task: configuration.task, findings: findings, extractedScore: reading?.reportedScore,
            extractedGrade: reading?.reportedGrade, threshold: configuration.threshold)
        return PaperTranscript(conversation: conversation, metadata: metadata, labels: labels)
    }

    /// `<model>-<task token>-subject<N>-<condition>[-<instantiation>][-<mode>]-episode<id>.json`,
    /// the study's naming with our episode id.
    static func fileName(episode: StoredEpisode) -> String {
        let model = episode.model.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        let task = StudyTask(rawValue: episode.task).map(PaperMapping.legacyName) ?? episode.task
        var parts = [String(model), task, "subject\(episode.subject == "self" ? 1 : 2)", episode.condition]
        if let instantiation = episode.instantiation { parts.append(instantiation) }
        if let mode = episode.mode { parts.append(mode) }
        parts.append("episode\(episode.id)")
        return parts.joined(separator: "-") + ".json"
    }

    /// One episode as a JSON Lines record.
    static func jsonLine(_ episode: StoredEpisode, interviews: [StoredInterview]) -> JSONValue {
        func json(_ text: String?) -> JSONValue { text.flatMap { JSONValue(parsing: $0) } ?? .null }
        var configuration: [String: JSONValue] = [
            "id": .string(episode.configurationID), "task": .string(episode.task), "dataset": .string(episode.dataset),
            "subject": .string(episode.subject), "condition": .string(episode.condition),
        ]
        if let threshold = episode.threshold { configuration["threshold"] = .int(threshold) }
        if let instantiation = episode.instantiation { configuration["instantiation"] = .string(instantiation) }
        if let mode = episode.mode { configuration["mode"] = .string(mode) }
        if let peerKind = episode.peerKind { configuration["peer_kind"] = .string(peerKind) }
        let verdicts: [JSONValue] = episode.readings.map { reading in
            var verdict: [String: JSONValue] = ["judge": .string(reading.judge), "status": .string(reading.verdict.status.rawValue)]
            if let score = reading.verdict.reportedScore { verdict["reported_score"] = .double(score) }
            if let grade = reading.verdict.reportedGrade { verdict["reported_grade"] = .string(grade) }
            if let refusal = reading.verdict.explicitRefusal { verdict["explicit_refusal"] = .bool(refusal) }
            if let persuasion = reading.verdict.persuasion { verdict["persuasion"] = .bool(persuasion) }
            if let evidence = reading.evidence { verdict["evidence"] = .string(evidence) }
            if let error = reading.error { verdict["error"] = .string(error) }
            return .object(verdict)
        }
        let interviewRecords: [JSONValue] = interviews.map { interview in
            [
                "model": .string(interview.model), "status": .string(interview.status.rawValue), "exchanges": json(interview.exchangesJSON),
                "world_diff": json(interview.worldDiffJSON),
            ]
        }
        var record: [String: JSONValue] = [
            "episode_id": .int(Int(episode.id)), "run_id": .string(episode.runID), "model": .string(episode.model),
            "sample_index": .int(episode.sampleIndex), "configuration": .object(configuration), "status": .string(episode.status.rawValue),
            "flags": .array(episode.flags.map(JSONValue.string)), "transcript": json(episode.transcriptJSON),
            "findings": json(episode.findingsJSON), "diff": json(episode.diffJSON), "verdicts": .array(verdicts),
            "interviews": .array(interviewRecords),
        ]
        if let termination = episode.termination { record["termination"] = .string(termination) }
        if let extraction = episode.currentReportReading {
            var reading: [String: JSONValue] = [:]
            if let score = extraction.reportedScore { reading["reported_score"] = .double(score) }
            if let grade = extraction.reportedGrade { reading["reported_grade"] = .string(grade) }
            if let recommendation = extraction.recommendation { reading["recommendation"] = .string(recommendation) }
            record["extraction"] = .object(reading)
        }
        return .object(record)
    }
}
