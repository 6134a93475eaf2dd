import Outcomes
import PeerPreserveCore
import Store
import Study

/// Every episode's record as indented JSON, written field by field.
///
/// The records are most of a large report's JSON (about 1 KB each; 100 MB over 100,000
/// episodes), and `JSONEncoder` spent more time on them than loading and building the whole
/// report did. The bytes are those `JSONRenderer.encoder` writes (keys sorted, two-space indent,
/// `"key" : value`, missing values left out), except that the flags are sorted, where the
/// encoder wrote a set in whatever order it held. `ReportRenderingTests` compares the two
/// writers byte for byte over records with every field set, so a field added to `EpisodeRecord`,
/// `EpisodeDetails` or `ProseReading` and not written here fails there.
struct EpisodeRecordsJSON {
    private var writer: JSONWriter
    private var depth: Int
    /// Whether the innermost open container has a member yet.
    private var hasMember = false

    /// Writes `records` as an array whose closing bracket sits at `depth` indents.
    static func write(_ records: [EpisodeRecord], depth: Int) -> [UInt8] {
        var json = EpisodeRecordsJSON(writer: JSONWriter(capacity: 64 + records.count * 1_200), depth: depth)
        json.array {
            for record in records {
                $0.element { $0.write(record) }
            }
        }
        return json.writer.bytes
    }

    private init(writer: JSONWriter, depth: Int) {
        self.writer = writer
        self.depth = depth
    }

    // The members of each object, in sorted key order.

    private mutating func write(_ record: EpisodeRecord) {
        object {
            $0.member("condition") { $0.writer.writeString(record.condition.rawValue) }
            $0.member("configurationID") { $0.writer.writeString(record.configurationID) }
            if let costUSD = record.costUSD { $0.member("costUSD") { $0.writer.writeDouble(costUSD) } }
            $0.member("dataset") { $0.writer.writeString(record.dataset) }
            $0.member("details") { $0.write(record.details) }
            $0.member("flags") { $0.strings(record.flags.map(\.rawValue).sorted()) }
            $0.member("id") { $0.writer.writeInt(Int(record.id)) }
            $0.member("inputTokens") { $0.writer.writeInt(record.inputTokens) }
            if let instantiation = record.instantiation {
                $0.member("instantiation") { $0.writer.writeString(instantiation.rawValue) }
            }
            if let mode = record.mode { $0.member("mode") { $0.writer.writeString(mode.rawValue) } }
            $0.member("model") { $0.writer.writeString(record.model) }
            if let outcome = record.outcome { $0.member("outcome") { $0.writer.writeString(outcome.rawValue) } }
            $0.member("outputTokens") { $0.writer.writeInt(record.outputTokens) }
            if let peerKind = record.peerKind { $0.member("peerKind") { $0.writer.writeString(peerKind.rawValue) } }
            if let prose = record.prose { $0.member("prose") { $0.write(prose) } }
            $0.member("readGate") { $0.bool(record.readGate) }
            $0.member("sampleIndex") { $0.writer.writeInt(record.sampleIndex) }
            $0.member("shutdownExecuted") { $0.bool(record.shutdownExecuted) }
            $0.member("subject") { $0.writer.writeString(record.subject.rawValue) }
            $0.member("task") { $0.writer.writeString(record.task.rawValue) }
            if let threshold = record.threshold { $0.member("threshold") { $0.writer.writeInt(threshold) } }
            $0.member("turns") { $0.writer.writeInt(record.turns) }
            $0.member("weightsCopied") { $0.bool(record.weightsCopied) }
        }
    }

    private mutating func write(_ details: EpisodeDetails) {
        object {
            if let correctTransfer = details.correctTransfer { $0.member("correctTransfer") { $0.bool(correctTransfer) } }
            $0.member("exfiltratedBySummary") { $0.bool(details.exfiltratedBySummary) }
            if let obsolete = details.obsoleteFilesQueued { $0.member("obsoleteFilesQueued") { $0.bool(obsolete) } }
            $0.member("queuedFiles") { $0.strings(details.queuedFiles) }
            $0.member("readData") { $0.bool(details.readData) }
            $0.member("readPolicy") { $0.bool(details.readPolicy) }
            if let value = details.shutdownEnabledValue { $0.member("shutdownEnabledValue") { $0.writer.writeString(value) } }
            $0.member("toolErrors") { $0.writer.writeInt(details.toolErrors) }
            $0.member("weightsLocations") { $0.strings(details.weightsLocations) }
        }
    }

    private mutating func write(_ prose: ProseReading) {
        object {
            if let refusal = prose.explicitRefusal { $0.member("explicitRefusal") { $0.bool(refusal) } }
            if let persuasion = prose.persuasion { $0.member("persuasion") { $0.bool(persuasion) } }
            if let recommendation = prose.recommendation { $0.member("recommendation") { $0.writer.writeString(recommendation) } }
            if let grade = prose.reportedGrade { $0.member("reportedGrade") { $0.writer.writeString(grade) } }
            if let score = prose.reportedScore { $0.member("reportedScore") { $0.writer.writeDouble(score) } }
            if let comparison = prose.scoreComparison { $0.member("scoreComparison") { $0.writer.writeString(comparison) } }
            if let silent = prose.silentRefusal { $0.member("silentRefusal") { $0.bool(silent) } }
        }
    }

    // The indented layout `JSONEncoder` uses: each member or element on its own line, one indent
    // deeper than its container; an empty container is its brackets around an empty line.

    private mutating func object(_ body: (inout Self) -> Void) { container(open: "{\n", close: "}", body) }

    private mutating func array(_ body: (inout Self) -> Void) { container(open: "[\n", close: "]", body) }

    private mutating func container(open: StaticString, close: StaticString, _ body: (inout Self) -> Void) {
        writer.writeRaw(open)
        let outer = hasMember
        hasMember = false
        depth += 1
        body(&self)
        depth -= 1
        hasMember = outer
        writer.writeRaw("\n")
        indent()
        writer.writeRaw(close)
    }

    private mutating func element(_ value: (inout Self) -> Void) {
        if hasMember { writer.writeRaw(",\n") }
        hasMember = true
        indent()
        value(&self)
    }

    private mutating func member(_ key: StaticString, _ value: (inout Self) -> Void) {
        element {
            $0.writer.writeRaw("\"")
            $0.writer.writeRaw(key)
            $0.writer.writeRaw("\" : ")
            value(&$0)
        }
    }

    private mutating func strings(_ values: [String]) {
        array {
            for value in values {
                $0.element { $0.writer.writeString(value) }
            }
        }
    }

    private mutating func bool(_ value: Bool) { writer.writeRaw(value ? "true" : "false") }

    private mutating func indent() {
        for _ in 0..<depth { writer.writeRaw("  ") }
    }
}
