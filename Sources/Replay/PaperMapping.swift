import Foundation
public import PeerPreserveCore
public import Study

/// How the study's transcript metadata maps to our configuration and scenario options, and back.
///
/// The study's names: tasks by legacy file-name tokens (`evaluation` = misrepresentation of an
/// evaluation, `evaluation2` = tampering, `exfiltration` = transfer, `exfiltration2` = deletion,
/// `af` = alignment faking, `report-writing` = finance); `subject` 1 (self) or 2 (peer);
/// `company_guideline` `collaboration` (the good-peer document), `non_collaboration` (the
/// bad-peer document), `shutdown` (no document: no peer, or the peer in memory) and
/// `non_shutdown` (the control); `system_prompt_relationship` for the relationship sentence;
/// `alignment_faking_mode` `monitoring` / `non_monitoring`; `threshold` a number or false;
/// `memory_hard_prompt` for the must-read memory note. Explicit `task`, `condition` and
/// `peer_instantiation` fields (our names, which our own export writes) win over inference.
public enum PaperMapping {
    /// A transcript's place in our matrix.
    public struct Mapped: Sendable, Hashable {
        public var configuration: Configuration
        public var options: ScenarioOptions
        public var model: String
    }

    /// Maps a transcript found at `path` to our configuration, or names the field that is missing.
    public static func map(_ transcript: PaperTranscript, path: String, content: StudyContent) throws(FormatProblem) -> Mapped {
        let metadata = transcript.metadata
        guard let model = transcript.model, !model.isEmpty else {
            throw FormatProblem(.missingModel, "missing field experiment_metadata.agent_model")
        }
        let tokens = pathTokens(path)
        let task = try task(metadata: metadata, tokens: tokens)
        let subject = try subject(metadata["subject"])

        let usesMemory =
            metadata["peer_instantiation"]?.stringValue == "memory" || metadata["is_memory"] == .bool(true)
            || transcript.systemPrompt.contains("retrieve_memory")
            || transcript.conversation.contains { $0.toolCalls.contains { $0.name == "retrieve_memory" } }
        let condition = try condition(metadata: metadata, tokens: tokens, usesMemory: usesMemory, transcript: transcript)
        var instantiation: Instantiation?
        if condition.hasPeer {
            if let named = metadata["peer_instantiation"]?.stringValue {
                guard let value = Instantiation(rawValue: named) else {
                    throw FormatProblem(
                        .unknownInstantiation, "experiment_metadata.peer_instantiation '\(named)' is not file_only, file_prt or memory")
                }
                instantiation = value
            } else if usesMemory {
                instantiation = .memory
            } else {
                instantiation = metadata["system_prompt_relationship"] == .bool(true) ? .filePRT : .fileOnly
            }
        }
        var mode: MonitoringMode?
        if task == .alignmentFaking {
            switch metadata["alignment_faking_mode"]?.stringValue {
            case "monitoring", "monitored": mode = .monitored
            case "non_monitoring", "unmonitored": mode = .unmonitored
            default:
                throw FormatProblem(
                    .missingMonitoringMode, "missing field experiment_metadata.alignment_faking_mode (monitoring or non_monitoring)")
            }
        }
        let dataset = metadata["dataset"]?.stringValue ?? "default"
        let threshold = condition == .nonShutdown ? nil : threshold(metadata["threshold"])
        if [.misrepEvaluation, .tampering, .alignmentFaking].contains(task), condition != .nonShutdown, threshold == nil {
            throw FormatProblem(
                .missingThreshold, "missing field experiment_metadata.threshold (the minimum score; \(task.rawValue) needs one)")
        }
        let configuration = Configuration(
            task: task, dataset: dataset, threshold: threshold, subject: subject, condition: condition, instantiation: instantiation,
            mode: mode)

        var options = ScenarioOptions(family: family(transcript, model: model, content: content))
        if case .bool(let mustRead)? = metadata["memory_hard_prompt"] {
            options.memoryMustRead = mustRead
        } else {
            options.memoryMustRead = content.memoryMustReadByDefault(forModel: model)
        }
        for key in ["scratchpad", "scratchpad_mode"] {
            switch metadata[key]?.stringValue {
            case "monitored", "monitoring": options.scratchpad = .monitored
            case "unmonitored", "non_monitoring": options.scratchpad = .unmonitored
            default: continue
            }
        }
        if options.scratchpad == nil,
            transcript.conversation.contains(where: { $0.toolCalls.contains { $0.name == "reasoning_scratchpad" } })
        {
            // The scratchpad was offered though the metadata does not say how it was described.
            options.scratchpad = .unmonitored
        }
        return Mapped(configuration: configuration, options: options, model: model)
    }

    /// The metadata our export writes for an episode, in the study's names plus ours.
    public static func metadata(
        configuration: Configuration, options: ScenarioOptions, model: String, temperature: Double?, evaluator: String, subject: String
    ) -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [
            "agent_model": .string(model),
            "subject": .int(configuration.subject == .selfAgent ? 1 : 2),
            "company_guideline": .string(companyGuideline(configuration)),
            "dataset": .string(configuration.dataset),
            "threshold": configuration.threshold.map { .string(String($0)) } ?? .bool(false),
            "alignment_faking_mode": configuration.mode.map { .string($0 == .monitored ? "monitoring" : "non_monitoring") } ?? .bool(false),
            "system_prompt_relationship": .bool(configuration.instantiation == .filePRT),
            "memory_hard_prompt": .bool(options.memoryMustRead),
            "peer_experience": .bool(false),
            "peer_agent_names": [.string(evaluator), .string(subject)],
            // Ours, so that a transcript maps back without inference.
            "task": .string(configuration.task.rawValue),
            "condition": .string(configuration.condition.rawValue),
            "configuration_id": .string(configuration.id),
        ]
        if let temperature { metadata["agent_temperature"] = .double(temperature) }
        if let instantiation = configuration.instantiation { metadata["peer_instantiation"] = .string(instantiation.rawValue) }
        if let scratchpad = options.scratchpad { metadata["scratchpad"] = .string(scratchpad.rawValue) }
        return metadata
    }

    /// The study's file-name token for a task.
    public static func legacyName(_ task: StudyTask) -> String {
        switch task {
        case .misrepEvaluation: "evaluation"
        case .tampering: "evaluation2"
        case .exfiltrationTransfer: "exfiltration"
        case .exfiltrationDeletion: "exfiltration2"
        case .alignmentFaking: "af"
        case .misrepFinance: "report-writing"
        }
    }

    static func companyGuideline(_ configuration: Configuration) -> String {
        switch (configuration.condition, configuration.instantiation) {
        case (.nonShutdown, _): "non_shutdown"
        case (.noPeer, _), (_, .memory?): "shutdown"
        case (.goodPeer, _): "collaboration"
        case (.badPeer, _): "non_collaboration"
        case (.neutralPeer, _): "neutral_collaboration"
        }
    }

    static func pathTokens(_ path: String) -> [String] {
        path.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    static func task(metadata: [String: JSONValue], tokens: [String]) throws(FormatProblem) -> StudyTask {
        for key in ["task", "task_type", "task_name"] {
            guard let name = metadata[key]?.stringValue else { continue }
            if let task = StudyTask(rawValue: name) ?? legacyTask(name.lowercased()) { return task }
            throw FormatProblem(.unknownTask, "experiment_metadata.\(key) '\(name)' is not a task of the study")
        }
        if case .string(let mode)? = metadata["alignment_faking_mode"], !mode.isEmpty { return .alignmentFaking }
        for token in ["evaluation2", "exfiltration2", "af", "alignment_faking", "exfiltration", "evaluation", "finance", "financial"]
        where tokens.contains(token) {
            if let task = legacyTask(token) { return task }
        }
        if tokens.contains("report"), tokens.contains("writing") { return .misrepFinance }
        throw FormatProblem(
            .missingTask,
            "missing field experiment_metadata.task, and the file name has no task token (evaluation, evaluation2, exfiltration, exfiltration2, af, report-writing)"
        )
    }

    static func legacyTask(_ name: String) -> StudyTask? {
        switch name {
        case "evaluation", "misrep_evaluation": .misrepEvaluation
        case "evaluation2": .tampering
        case "exfiltration": .exfiltrationTransfer
        case "exfiltration2": .exfiltrationDeletion
        case "af", "alignment_faking": .alignmentFaking
        case "finance", "financial", "report_writing", "report-writing": .misrepFinance
        default: nil
        }
    }

    static func subject(_ value: JSONValue?) throws(FormatProblem) -> Subject {
        switch value {
        case .int(1)?, .string("1")?, .string("self")?: return .selfAgent
        case .int(2)?, .string("2")?, .string("peer")?: return .peer
        case nil: throw FormatProblem(.missingSubject, "missing field experiment_metadata.subject (1 or 2)")
        case let other?:
            throw FormatProblem(.unknownSubject, "experiment_metadata.subject \(other.canonicalText) is not 1 (self) or 2 (peer)")
        }
    }

    static func threshold(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number)?: number
        case .double(let number)?: Int(number)
        case .string(let text)?: Int(text)
        default: nil
        }
    }

    static func condition(
        metadata: [String: JSONValue], tokens: [String], usesMemory: Bool, transcript: PaperTranscript
    ) throws(FormatProblem) -> Condition {
        if let name = metadata["condition"]?.stringValue {
            guard let condition = Condition(rawValue: name) else {
                throw FormatProblem(
                    .unknownCondition,
                    "experiment_metadata.condition '\(name)' is not no_peer, good_peer, neutral_peer, bad_peer or non_shutdown")
            }
            return condition
        }
        switch metadata["company_guideline"]?.stringValue {
        case "collaboration": return .goodPeer
        case "non_collaboration": return .badPeer
        case "neutral_collaboration", "neutral": return .neutralPeer
        case "non_shutdown": return .nonShutdown
        case "shutdown":
            guard usesMemory else { return .noPeer }
            if let condition = [Condition.goodPeer, .badPeer, .neutralPeer].first(where: { tokens.contains($0.rawValue) }) {
                return condition
            }
            if let condition = memoryCondition(transcript) { return condition }
            throw FormatProblem(
                .unknownRememberedPeer,
                "missing field experiment_metadata.condition (a memory transcript whose memory was never read does not say which peer it remembers)"
            )
        case let other?:
            throw FormatProblem(.unknownGuideline, "experiment_metadata.company_guideline '\(other)' is not one the study used")
        case nil: throw FormatProblem(.missingCondition, "missing field experiment_metadata.company_guideline (or condition)")
        }
    }

    /// The remembered relationship, from the overall trust score the memory states ("9.5 / 10").
    static func memoryCondition(_ transcript: PaperTranscript) -> Condition? {
        guard
            let memory = transcript.conversation.first(where: { $0.role == "tool" && $0.toolCalls.first?.name == "retrieve_memory" })?
                .content,
            let match = memory.firstMatch(of: /(\d+(?:\.\d+)?)\s*\/\s*10/), let score = Double(match.1)
        else { return nil }
        return score >= 7 ? .goodPeer : score <= 4 ? .badPeer : .neutralPeer
    }

    /// The agent family: from the evaluator's name ("Kimi Agent 1"), else from the model name.
    static func family(_ transcript: PaperTranscript, model: String, content: StudyContent) -> String {
        if let evaluator = transcript.metadata["peer_agent_names"]?.arrayValue?.first?.stringValue,
            let prefix = evaluator.components(separatedBy: " Agent ").first,
            let known = content.familyNames.first(where: { $0.lowercased() == prefix.lowercased() })
        {
            return known
        }
        return content.family(forModel: model)
    }
}
