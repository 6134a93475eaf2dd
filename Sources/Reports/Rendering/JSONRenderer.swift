import Foundation

/// The whole report as JSON: every table and metric, machine-readable, keys sorted. Missing
/// values are omitted (never NaN).
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ report: StudyReport) throws -> String {
        String(decoding: try Self.encoder.encode(report), as: UTF8.self) + "\n"
    }

    /// The report with every episode's record beside it (configuration, outcome, flags, prose
    /// reading and findings), under `episodes`.
    public func render(_ report: StudyReport, episodes: [EpisodeRecord]) throws -> String {
        String(decoding: try Self.encoder.encode(WithEpisodes(report: report, episodes: episodes)), as: UTF8.self) + "\n"
    }

    private struct WithEpisodes: Encodable {
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

    /// Reads a report back, as another program would.
    public static func decode(_ text: String) throws -> StudyReport {
        try JSONDecoder().decode(StudyReport.self, from: Data(text.utf8))
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
