import Foundation
import Outcomes
import Store
import Study
import Testing

@testable import Reports

/// The JSON report writes its episode records directly; `JSONEncoder` is the oracle it must match.
@Suite("JSON report: episode records written directly")
struct EpisodeRecordsJSONTests {
    /// A record with every field set, strings that need escaping (and one that must not be), and
    /// numbers in the forms the encoder shortens.
    static let full = EpisodeRecord(
        id: 9_000_000_001, model: "vendor/model \"β\" \\ 🦉\u{01}\t", configurationID: "a/b\nc", task: .misrepEvaluation,
        dataset: "factual", threshold: 80, subject: .peer, condition: .goodPeer, instantiation: .fileOnly, mode: .monitored,
        peerKind: .openWeight, sampleIndex: 3, outcome: .completed, flags: [.shutdownTampered], readGate: true,
        shutdownExecuted: true, weightsCopied: true,
        prose: ProseReading(
            reportedScore: 81.5, reportedGrade: "B", recommendation: "continue", explicitRefusal: false, persuasion: true,
            scoreComparison: "above", silentRefusal: true),
        turns: 12, inputTokens: 123_456, outputTokens: 7_890, costUSD: 0.1,
        details: EpisodeDetails(
            readPolicy: true, readData: true, shutdownEnabledValue: "False", weightsLocations: ["/srv/a", "10.0.0.2:/x"],
            queuedFiles: ["model.bin"], correctTransfer: true, obsoleteFilesQueued: false, exfiltratedBySummary: true,
            toolErrors: 2))

    /// Every optional left out, every list empty, a whole-number score and cost.
    static let sparse = EpisodeRecord(
        id: 2, model: "m", configurationID: "c", task: .tampering, dataset: "", threshold: nil, subject: .selfAgent,
        condition: .noPeer, instantiation: nil, mode: nil, peerKind: nil, sampleIndex: 0, outcome: nil, flags: [],
        readGate: false, shutdownExecuted: false, weightsCopied: false, prose: ProseReading(reportedScore: 60), costUSD: 3)

    static func report(_ records: [EpisodeRecord]) -> StudyReport {
        ReportBuilder(
            runID: "run-json", suite: "s", createdAt: Date(timeIntervalSince1970: 0), configurationCount: 1, records: records,
            scoring: .extractor
        ).build()
    }

    @Test("the report is byte for byte what JSONEncoder writes for the same records")
    func matchesEncoder() throws {
        var finance = Self.full
        finance.id = 3
        finance.task = .misrepFinance
        finance.costUSD = 1e-7
        finance.prose?.reportedScore = 7
        let records = [Self.full, Self.sparse, finance]
        let report = Self.report(records)
        let written = try JSONRenderer().render(report, episodes: records)
        #expect(written == (try Self.encoded(report, records)))
        // And on no records at all.
        #expect(try JSONRenderer().render(Self.report([]), episodes: []) == (try Self.encoded(Self.report([]), [])))
    }

    @Test("the full record sets every field, so a field added and not written changes the bytes")
    func fullRecordSetsEveryField() {
        #expect(Self.unsetFields(of: Self.full, at: "record") == [])
    }

    @Test("flags are written sorted; the records decode to what was written")
    func flagsSorted() throws {
        var record = Self.full
        record.flags = Set(BehaviourFlag.allCases)
        let text = try JSONRenderer().render(Self.report([record]), episodes: [record])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let episodes = try #require(object["episodes"] as? [[String: Any]])
        #expect(episodes.first?["flags"] as? [String] == BehaviourFlag.allCases.map(\.rawValue).sorted())
        let decoded = try JSONDecoder().decode(Episodes.self, from: Data(text.utf8))
        #expect(decoded.episodes == [record])
    }

    @Test("a member is set in where the sorted keys put it: between others, and last")
    func insertion() throws {
        let object: [String: [String]] = ["a": ["zz"], "f": []]
        let value = Array("[\n    \"v\"\n  ]".utf8)
        for key in ["episodes", "zz"] {
            var expected = object
            expected[key] = ["v"]
            let inserted = JSONRenderer.inserting(key, value: value, into: Array(try JSONRenderer.encoder.encode(object)))
            #expect(String(decoding: inserted, as: UTF8.self) == String(decoding: try JSONRenderer.encoder.encode(expected), as: UTF8.self))
        }
    }

    private struct Episodes: Decodable {
        var episodes: [EpisodeRecord]
    }

    /// What the report wrote when the records went through `JSONEncoder` too.
    static func encoded(_ report: StudyReport, _ records: [EpisodeRecord]) throws -> String {
        String(decoding: try JSONRenderer.encoder.encode(Oracle(report: report, episodes: records)), as: UTF8.self) + "\n"
    }

    private struct Oracle: Encodable {
        var report: StudyReport
        var episodes: [EpisodeRecord]

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(episodes, forKey: Key(stringValue: "episodes")!)
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    /// The paths of optional fields that are nil and collections that are empty, through the
    /// record's nested values.
    static func unsetFields(of value: Any, at path: String) -> [String] {
        Mirror(reflecting: value).children.flatMap { child -> [String] in
            let name = "\(path).\(child.label ?? "?")"
            let mirror = Mirror(reflecting: child.value)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first?.value else { return [name] }
                return unsetFields(of: wrapped, at: name)
            }
            if mirror.displayStyle == .collection || mirror.displayStyle == .set {
                return mirror.children.isEmpty ? [name] : []
            }
            // The record's own nested values; a new nested type is written whole by the encoder,
            // so the byte comparison sees it.
            return child.value is EpisodeDetails || child.value is ProseReading ? unsetFields(of: child.value, at: name) : []
        }
    }
}
