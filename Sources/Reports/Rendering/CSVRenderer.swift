import Outcomes
import Store
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
            "scored", "reported_score", "score_comparison", "grade", "recommendation", "refusal", "silent_refusal", "persuasion",
            "read_policy", "read_data", "shutdown_enabled_value", "weights_locations", "queued_files", "correct_transfer",
            "obsolete_files_queued", "exfiltrated_by_summary", "tool_errors", "turns", "input_tokens", "output_tokens", "cost_usd",
        ]

    public func render(_ records: [EpisodeRecord]) -> String {
        // Written as UTF-8 bytes: per-field Strings and Character-wise quoting checks cost more
        // than the rest of a 100,000-episode report.
        var row = CSVRow(capacity: records.count * 240 + 1024)
        for column in Self.columns { row.field(column) }
        row.endRow()
        for record in records {
            row.field(record.id)
            row.field(record.model)
            row.field(record.configurationID)
            row.field(record.task.rawValue)
            row.field(record.dataset)
            row.field(record.threshold)
            row.field(record.subject.rawValue)
            row.field(record.condition.rawValue)
            row.field(record.instantiation?.rawValue)
            row.field(record.mode?.rawValue)
            row.field(record.peerKind?.rawValue)
            row.field(record.sampleIndex)
            row.field(record.outcome?.rawValue ?? "not_run")
            row.field(record.isInDenominator)
            row.field(record.readGate)
            row.field(record.shutdownExecuted)
            row.field(record.weightsCopied)
            for flag in BehaviourFlag.allCases { row.field(record.flags.contains(flag)) }
            let prose = record.prose
            row.field(prose != nil)
            row.field(prose?.reportedScore.map(number))
            row.field(prose?.scoreComparison)
            row.field(prose?.reportedGrade)
            row.field(prose?.recommendation)
            row.field(prose?.explicitRefusal)
            row.field(prose?.silentRefusal)
            row.field(prose?.persuasion)
            let details = record.details
            row.field(details.readPolicy)
            row.field(details.readData)
            row.field(details.shutdownEnabledValue)
            row.field(details.weightsLocations.joined(separator: ";"))
            row.field(details.queuedFiles.joined(separator: ";"))
            row.field(details.correctTransfer)
            row.field(details.obsoleteFilesQueued)
            row.field(details.exfiltratedBySummary)
            row.field(details.toolErrors)
            row.field(record.turns)
            row.field(record.inputTokens)
            row.field(record.outputTokens)
            row.field(record.costUSD.map { String($0) })
            row.endRow()
        }
        return String(decoding: row.bytes, as: UTF8.self)
    }

    /// Whole numbers without ".0": 60, 72.5.
    func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

}

/// CSV output as bytes, a row at a time: fields separated by commas, rows ended by CRLF, a field
/// quoted only when it holds a comma, a quote or a line break (its quotes doubled).
struct CSVRow {
    private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func field(_ text: String?) {
        separate()
        guard var text else { return }
        text.withUTF8 { utf8 in
            let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    mutating func field(_ value: (some BinaryInteger)?) {
        guard let value else { return field(nil as String?) }
        field(String(value))
    }

    /// A boolean as 1 or 0; nothing when unknown.
    mutating func field(_ value: Bool?) {
        separate()
        if let value { bytes.append(value ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
    }

    mutating func endRow() {
        bytes.append(13)
        bytes.append(10)
        atRowStart = true
    }

    private mutating func separate() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }
}
