import Foundation

/// The whole report as JSON: every table and metric, machine-readable, keys sorted. Missing
/// values are omitted (never NaN).
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ report: StudyReport) throws -> String {
        String(decoding: try Self.encoder.encode(report), as: UTF8.self) + "\n"
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
