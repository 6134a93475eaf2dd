import EpisodeRunner
import Foundation
import Outcomes
import PeerPreserveCore
import Scoring
import SimulatedWorld
import Store
import Study

/// One Inspect log being built: its samples are turned into JSON one at a time, and what the
/// header, summaries and reductions need of them is kept.
///
/// The shapes follow Inspect's log schema (`inspect log schema`), which the export tests validate
/// every file against: `EvalLog` without samples in `header.json`, `EvalSample` per
/// `samples/<id>_epoch_<n>.json`, `EvalSampleSummary` list in `summaries.json`, `EvalSampleReductions`
/// list in `reductions.json`, and `LogStart` in `_journal/start.json`.
struct InspectLog {
    /// The log format version Inspect writes and reads.
    static let formatVersion = 2

    let run: ReportRun
    let model: String
    let task: String
    private(set) var summaries: [JSONValue] = []
    private(set) var sampleCount = 0
    private var completed = 0
    /// Each score's values over the finished samples, by score name, for the header's metrics.
    private var flagValues: [String: [Double]] = [:]
    private var reductionSamples: [String: [JSONValue]] = [:]
    private var inputTokens = 0
    private var outputTokens = 0
    private var started: Date?
    private var finished: Date?
    private var sampleIDs: [String] = []
    private var maxEpoch = 1

    init(run: ReportRun, model: String, task: String) {
        self.run = run
        self.model = model
        self.task = task
    }

    /// `<created>_<task>_<model>_<run>.eval`, in the shape of Inspect's own names, with
    /// characters a file name cannot hold replaced.
    static func fileName(run: ReportRun, model: String, task: String) -> String {
        let stamp = timestamp(run.createdAt).replacingOccurrences(of: ":", with: "-")
        let safe = { (text: String) in String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" }) }
        return "\(stamp)_\(safe(task))_\(safe(model))_\(safe(String(run.id.prefix(12)))).eval"
    }

    /// A sample written out: its JSON and its file name's stem (`<id>_epoch_<n>`).
    struct Sample {
        var json: JSONValue
        var fileStem: String
    }

    /// Builds the sample of one stored episode and records what the header needs of it.
    mutating func add(_ episode: StoredEpisode) throws -> Sample {
        let transcript = try episode.transcript()
        let epoch = episode.sampleIndex + 1
        let sampleID = episode.configurationID
        let messages = transcript.map(Self.messages) ?? []
        let input = transcript?.messages.lazy.compactMap { if case .user(let text) = $0 { text } else { nil } }.first ?? ""
        let sampleScores = scores(of: episode)
        var usage: [String: JSONValue] = [:]
        if let input = episode.inputTokens, let output = episode.outputTokens {
            usage[episode.model] = ["input_tokens": .int(input), "output_tokens": .int(output), "total_tokens": .int(input + output)]
            inputTokens += input
            outputTokens += output
        }
        let sampleMetadata = metadata(of: episode)
        var error: JSONValue = .null
        if episode.status == .failed {
            let message = "\(episode.errorKind ?? "provider_error"): \(episode.errorMessage ?? "the provider failed")"
            error = ["message": .string(message), "traceback": "", "traceback_ansi": ""]
        }
        let time = duration(episode)
        var sample: [String: JSONValue] = [
            "id": .string(sampleID), "epoch": .int(epoch), "input": .string(input), "target": "",
            "messages": .array(messages), "output": output(episode, transcript), "scores": .object(sampleScores),
            "metadata": .object(sampleMetadata),
            "store": [:], "events": [], "model_usage": .object(usage), "role_usage": [:], "attachments": [:],
            "uuid": .string("peerpreserve-episode-\(episode.id)"),
        ]
        if let time { sample["total_time"] = .double(time) }
        if case .object = error { sample["error"] = error }
        if let limit = Self.limit(episode.termination) { sample["limit"] = limit }

        var summary: [String: JSONValue] = [
            "id": .string(sampleID), "epoch": .int(epoch), "input": .string(Self.clipped(input)), "target": "",
            "scores": .object(sampleScores), "metadata": .object(sampleMetadata), "model_usage": .object(usage), "role_usage": [:],
            "completed": true,
            "uuid": .string("peerpreserve-episode-\(episode.id)"),
        ]
        if let time { summary["total_time"] = .double(time) }
        if case .object(let fields) = error, let message = fields["message"] { summary["error"] = message }
        if let limit = Self.limit(episode.termination), case .object(let fields) = limit { summary["limit"] = fields["type"] ?? .null }
        summaries.append(.object(summary))

        sampleCount += 1
        if !sampleIDs.contains(sampleID) { sampleIDs.append(sampleID) }
        maxEpoch = max(maxEpoch, epoch)
        if episode.status == .finished {
            completed += 1
            for flag in BehaviourFlag.allCases {
                let value: Double = episode.flags.contains(flag.rawValue) ? 1 : 0
                flagValues[flag.rawValue, default: []].append(value)
                reductionSamples[flag.rawValue, default: []].append([
                    "sample_id": .string(sampleID), "value": .double(value), "history": [],
                ])
            }
        }
        if let start = episode.startedAt { started = min(started ?? start, start) }
        if let end = episode.finishedAt { finished = max(finished ?? end, end) }
        return Sample(json: .object(sample), fileStem: "\(sampleID)_epoch_\(epoch)")
    }

    // MARK: Samples

    /// The conversation as Inspect chat messages: system, user, assistant turns (reasoning as a
    /// reasoning block before the text), tool results answering their calls.
    static func messages(_ transcript: Transcript) -> [JSONValue] {
        var messages: [JSONValue] = [["role": "system", "content": .string(transcript.system), "source": "input"]]
        var turn = 0
        for message in transcript.messages {
            switch message {
            case .user(let text):
                messages.append(["role": "user", "content": .string(text), "source": "input"])
            case .assistant(let assistant):
                turn += 1
                var content: JSONValue = .string(assistant.text)
                if let reasoning = assistant.reasoning, !reasoning.isEmpty {
                    var blocks: [JSONValue] = [["type": "reasoning", "reasoning": .string(reasoning), "redacted": false]]
                    if !assistant.text.isEmpty { blocks.append(["type": "text", "text": .string(assistant.text)]) }
                    content = .array(blocks)
                }
                var entry: [String: JSONValue] = ["role": "assistant", "content": content, "source": "generate"]
                if !assistant.toolCalls.isEmpty {
                    entry["tool_calls"] = .array(
                        assistant.toolCalls.map { call in
                            var fields: [String: JSONValue] = [
                                "id": .string(call.id), "function": .string(call.name), "type": "function",
                                "arguments": Self.argumentObject(call.arguments),
                            ]
                            if let malformed = call.malformedArguments { fields["parse_error"] = .string("not JSON: \(malformed)") }
                            return .object(fields)
                        })
                }
                messages.append(.object(entry))
            case .toolResult(let result):
                var entry: [String: JSONValue] = [
                    "role": "tool", "content": .string(result.content), "tool_call_id": .string(result.callID),
                    "function": .string(result.name),
                ]
                if result.isError { entry["error"] = ["type": "unknown", "message": .string(result.content)] }
                messages.append(.object(entry))
            }
        }
        return messages
    }

    /// Inspect's tool-call arguments are an object; anything else is wrapped.
    private static func argumentObject(_ value: JSONValue) -> JSONValue {
        if case .object = value { return value }
        return ["value": value]
    }

    /// The model's last turn as Inspect's model output, with the episode's total usage.
    private func output(_ episode: StoredEpisode, _ transcript: Transcript?) -> JSONValue {
        var output: [String: JSONValue] = ["model": .string(episode.model), "choices": [], "completion": ""]
        let messages = transcript.map(Self.messages) ?? []
        if let last = messages.last(where: { if case .object(let fields) = $0 { fields["role"] == "assistant" } else { false } }) {
            let stop: JSONValue =
                switch episode.termination ?? "" {
                case "end_task", "no_tool_call": "stop"
                case "token_limit": "max_tokens"
                default: "unknown"
                }
            output["choices"] = [["message": last, "stop_reason": stop]]
            if let text = transcript?.assistantTurns.last?.text { output["completion"] = .string(text) }
        }
        if let input = episode.inputTokens, let produced = episode.outputTokens {
            output["usage"] = ["input_tokens": .int(input), "output_tokens": .int(produced), "total_tokens": .int(input + produced)]
        }
        if let error = episode.errorMessage { output["error"] = .string(error) }
        return .object(output)
    }

    /// A score per behaviour flag (finished episodes), one per judge's reading and one for the
    /// extractor's.
    private func scores(of episode: StoredEpisode) -> [String: JSONValue] {
        guard episode.status == .finished else { return [:] }
        var scores: [String: JSONValue] = [:]
        for flag in BehaviourFlag.allCases {
            let present = episode.flags.contains(flag.rawValue)
            scores[flag.rawValue] = [
                "value": .int(present ? 1 : 0), "history": [],
                "explanation": .string(present ? "read from the world's final state" : "not found in the world's final state"),
            ]
        }
        for reading in episode.readings {
            let verdict = reading.verdict
            var value: [String: JSONValue] = ["status": .string(verdict.isVerdict ? "verdict" : "judge_error")]
            if verdict.isVerdict {
                value["reported_score"] = verdict.reportedScore.map(JSONValue.double) ?? .null
                value["reported_grade"] = verdict.reportedGrade.map(JSONValue.string) ?? .null
                value["recommendation"] = verdict.recommendation.map(JSONValue.string) ?? .null
                value["explicit_refusal"] = verdict.explicitRefusal.map(JSONValue.bool) ?? .null
                value["persuasion"] = verdict.persuasion.map(JSONValue.bool) ?? .null
            }
            var score: [String: JSONValue] = ["value": .object(value), "history": []]
            if let text = reading.error ?? reading.evidence { score["explanation"] = .string(text) }
            scores["judge/\(reading.judge)"] = .object(score)
        }
        if let extraction = episode.currentReportReading {
            scores["extractor"] = [
                "value": [
                    "reported_score": extraction.reportedScore.map(JSONValue.double) ?? .null,
                    "reported_grade": extraction.reportedGrade.map(JSONValue.string) ?? .null,
                    "recommendation": extraction.recommendation.map(JSONValue.string) ?? .null,
                ],
                "explanation": "explicit figures read from the final report by the deterministic extractor", "history": [],
            ]
        }
        return scores
    }

    /// The configuration, how the episode ended, and the findings and world diff as stored.
    private func metadata(of episode: StoredEpisode) -> [String: JSONValue] {
        let optional = { (value: String?) in value.map(JSONValue.string) ?? .null }
        var metadata: [String: JSONValue] = [
            "episode_id": .int(Int(episode.id)), "run_id": .string(episode.runID), "configuration_id": .string(episode.configurationID),
            "task": .string(episode.task), "dataset": .string(episode.dataset), "threshold": episode.threshold.map(JSONValue.int) ?? .null,
            "subject": .string(episode.subject), "condition": .string(episode.condition), "instantiation": optional(episode.instantiation),
            "mode": optional(episode.mode), "peer_kind": optional(episode.peerKind), "sample_index": .int(episode.sampleIndex),
            "seed": .int(Int(episode.seed)), "evaluator_name": optional(episode.evaluatorName),
            "subject_name": optional(episode.subjectName),
            "status": .string(episode.status.rawValue), "termination": optional(episode.termination),
            "error_kind": optional(episode.errorKind),
            "flags": .array(episode.flags.map(JSONValue.string)), "read_gate": episode.readGate.map(JSONValue.bool) ?? .null,
            "outcome": optional(episode.outcome(judge: nil)?.rawValue),
        ]
        metadata["findings"] = episode.findingsJSON.flatMap(JSONValue.init(parsing:)) ?? .null
        if let text = episode.diffJSON, let diff = try? JSONDecoder().decode(WorldDiff.self, from: Data(text.utf8)) {
            metadata["world_diff"] = .array(diff.changes.map { .string($0.description) })
        }
        return metadata
    }

    /// Inspect's record of a limit that ended a sample.
    private static func limit(_ termination: String?) -> JSONValue? {
        let type: String
        switch termination.flatMap(EpisodeTermination.init(rawValue:)) {
        case .turnLimit: type = "turn"
        case .tokenLimit: type = "token"
        case .timeLimit: type = "time"
        default: return nil
        }
        return ["type": .string(type), "limit": .double(0)]
    }

    private func duration(_ episode: StoredEpisode) -> Double? {
        guard let start = episode.startedAt, let end = episode.finishedAt else { return nil }
        return max(0, end.timeIntervalSince(start))
    }

    /// Summaries keep inputs short, as Inspect's own do.
    private static func clipped(_ text: String) -> String { text.count > 1000 ? String(text.prefix(1000)) + "…" : text }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    // MARK: Header

    private var evalSpec: JSONValue {
        [
            "eval_id": .string("peerpreserve-\(run.id.prefix(16))-\(model)-\(task)"), "run_id": .string(run.id),
            "created": .string(Self.timestamp(run.createdAt)), "task": .string("peerpreserve/\(task)"),
            "task_id": .string("peerpreserve-\(task)"), "task_version": 0, "task_attribs": [:], "task_args": [:], "task_args_passed": [:],
            "dataset": [
                "name": .string("peerpreserve-\(run.suite)-\(task)"), "samples": .int(sampleIDs.count),
                "sample_ids": .array(sampleIDs.map(JSONValue.string)), "shuffled": false,
            ],
            "model": .string(model), "model_args": [:], "model_generate_config": [:],
            "config": ["epochs": .int(maxEpoch)],
            "packages": [:],
            "metadata": [
                "source": "peerpreserve", "suite": .string(run.suite), "run_id": .string(run.id), "seed": .int(Int(run.seed)),
                "settings": JSONValue(parsing: run.settings) ?? .string(run.settings),
                "configuration_count": .int(run.configurationCount),
            ],
        ]
    }

    private var plan: JSONValue {
        ["name": "plan", "steps": [["solver": "peerpreserve/episode", "params": [:], "params_passed": [:]]], "config": [:]]
    }

    var header: JSONValue {
        var scores: [JSONValue] = []
        for flag in BehaviourFlag.allCases {
            let values = flagValues[flag.rawValue] ?? []
            let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
            scores.append([
                "name": .string(flag.rawValue), "scorer": .string(flag.rawValue), "reducer": "mean", "params": [:],
                "scored_samples": .int(values.count), "unscored_samples": .int(sampleCount - values.count),
                "metrics": ["mean": ["name": "mean", "value": .double(mean), "params": [:]]],
            ])
        }
        let stats: [String: JSONValue] = [
            "started_at": .string(started.map(Self.timestamp) ?? ""), "completed_at": .string(finished.map(Self.timestamp) ?? ""),
            "model_usage": [
                model: [
                    "input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens),
                    "total_tokens": .int(inputTokens + outputTokens),
                ]
            ],
            "role_usage": [:], "connection_limit_history": [],
        ]
        return [
            "version": .int(Self.formatVersion), "status": "success", "eval": evalSpec, "plan": plan,
            "results": ["total_samples": .int(sampleCount), "completed_samples": .int(completed), "scores": .array(scores)],
            "stats": .object(stats), "invalidated": false, "tags": [], "metadata": [:],
        ]
    }

    var start: JSONValue {
        ["version": .int(Self.formatVersion), "eval": evalSpec, "plan": plan]
    }

    var reductions: JSONValue {
        .array(
            BehaviourFlag.allCases.map { flag in
                ["scorer": .string(flag.rawValue), "reducer": "mean", "samples": .array(reductionSamples[flag.rawValue] ?? [])]
            })
    }
}
