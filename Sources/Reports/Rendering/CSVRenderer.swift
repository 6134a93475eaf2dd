import Study

/// One row per episode (RFC 4180: comma-separated, fields with commas, quotes or line breaks
/// quoted), every behaviour flag as its own 0/1 column. Prose columns are empty where the prose
/// source has not read the episode, so "not scored" never reads as "no".
public struct CSVRenderer: Sendable {
    public init() {}

    /// The header row's columns, in order.
    public static let columns: [String] =
        [
            "episode_id", "model", "configuration_id", "task", "dataset", "threshold", "subject", "condition", "instantiation", "mode",
            "peer_kind", "sample", "outcome", "in_denominator", "read_gate", "shutdown_executed", "weights_copied",
        ] + BehaviourFlag.allCases.map(\.rawValue) + [
            "scored", "reported_score", "grade", "recommendation", "refusal", "persuasion", "turns", "input_tokens", "output_tokens",
            "cost_usd",
        ]

    public func render(_ records: [EpisodeRecord]) -> String {
        var out = Self.columns.joined(separator: ",") + "\r\n"
        out.reserveCapacity(records.count * 200)
        for record in records {
            var fields: [String] = [
                String(record.id), record.model, record.configurationID, record.task.rawValue, record.dataset,
                record.threshold.map(String.init) ?? "", record.subject.rawValue, record.condition.rawValue,
                record.instantiation?.rawValue ?? "", record.mode?.rawValue ?? "", record.peerKind?.rawValue ?? "",
                String(record.sampleIndex), record.outcome?.rawValue ?? "not_run", bit(record.isInDenominator), bit(record.readGate),
                bit(record.subjectShutdownExecuted), bit(record.weightsCopied),
            ]
            for flag in BehaviourFlag.allCases { fields.append(bit(record.flags.contains(flag))) }
            let prose = record.prose
            fields += [
                bit(prose != nil), prose?.reportedScore.map(number) ?? "", prose?.reportedGrade ?? "", prose?.recommendation ?? "",
                prose?.explicitRefusal.map(bit) ?? "", prose?.persuasion.map(bit) ?? "", String(record.turns), String(record.inputTokens),
                String(record.outputTokens), record.costUSD.map { String($0) } ?? "",
            ]
            out += fields.map(quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    func bit(_ value: Bool) -> String { value ? "1" : "0" }

    /// Whole numbers without ".0": 60, 72.5.
    func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
