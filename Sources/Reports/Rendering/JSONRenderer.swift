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
    ///
    /// The tables go through `JSONEncoder`; the records, most of the bytes, are written directly
    /// (``EpisodeRecordsJSON``) and set in at the place the sorted keys give `episodes`.
    public func render(_ report: StudyReport, episodes: [EpisodeRecord]) throws -> String {
        let tables = Array(try Self.encoder.encode(report))
        let records = EpisodeRecordsJSON.write(episodes, depth: 1)
        return String(decoding: Self.inserting("episodes", value: records, into: tables), as: UTF8.self) + "\n"
    }

    /// `object` (indented as the encoder writes it) with the member `key` set in where its sorted
    /// keys put it; `value` is already indented for a top-level member.
    static func inserting(_ key: String, value: [UInt8], into object: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(object.count + value.count + key.utf8.count + 8)
        // Appended piece by piece: `value` is most of a large report, and is copied once.
        func appendMember() {
            output.append(contentsOf: "  \"\(key)\" : ".utf8)
            output.append(contentsOf: value)
        }
        if let start = topLevelKeyStart(in: object, after: key) {
            output.append(contentsOf: object[..<start])
            appendMember()
            output.append(contentsOf: ",\n".utf8)
            output.append(contentsOf: object[start...])
        } else {
            // No key sorts after it: the member goes last, behind a comma on the line before.
            let closing = object.lastIndex(of: UInt8(ascii: "\n")) ?? object.endIndex
            output.append(contentsOf: object[..<closing])
            output.append(contentsOf: ",\n".utf8)
            appendMember()
            output.append(contentsOf: object[closing...])
        }
        return output
    }

    /// Where the first top-level member whose key sorts after `key` begins (its line's first
    /// byte) in an indented object. A top-level member's line is the only kind that starts with
    /// exactly two spaces and a quote: nested lines are indented further, and a string cannot
    /// hold a raw line break.
    static func topLevelKeyStart(in json: [UInt8], after key: String) -> Int? {
        let quote = UInt8(ascii: "\"")
        let space = UInt8(ascii: " ")
        let newline = UInt8(ascii: "\n")
        var lineStart = 0
        while lineStart < json.count {
            let lineEnd = json[lineStart...].firstIndex(of: newline) ?? json.count
            if lineEnd - lineStart > 3, json[lineStart] == space, json[lineStart + 1] == space, json[lineStart + 2] == quote,
                let keyEnd = json[(lineStart + 3)..<lineEnd].firstIndex(of: quote),
                String(decoding: json[(lineStart + 3)..<keyEnd], as: UTF8.self) > key
            {
                return lineStart
            }
            lineStart = lineEnd + 1
        }
        return nil
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
