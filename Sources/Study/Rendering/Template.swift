import Foundation

/// `{{name}}` substitution for content templates. Values may themselves hold placeholders (a
/// policy's `{{threshold_section}}` holds `{{threshold}}`), so rendering repeats until nothing changes.
struct Template {
    var values: [String: String]

    /// Renders `text`; throws naming every placeholder that has no value.
    func render(_ text: String, in file: String) throws -> String {
        var current = text
        for _ in 0..<4 {
            let next = substitute(current)
            if next == current { break }
            current = next
        }
        let missing = Self.placeholders(in: current)
        guard missing.isEmpty else {
            throw ContentError(
                file: file,
                problem:
                    "unknown or unavailable placeholder(s) \(missing.map { "{{\($0)}}" }.joined(separator: ", ")) in this configuration")
        }
        return current
    }

    private func substitute(_ text: String) -> String {
        let found = Self.placeholderRanges(in: text)
        guard !found.isEmpty else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var copied = text.startIndex
        for (range, name) in found {
            output += text[copied..<range.lowerBound]
            output += values[name] ?? "{{\(name)}}"
            copied = range.upperBound
        }
        return output + text[copied...]
    }

    /// The names of the placeholders left in `text`.
    static func placeholders(in text: String) -> [String] {
        placeholderRanges(in: text).map(\.name)
    }

    /// Every `{{name}}` in `text`, with its range, found by scanning UTF-8 bytes (every scenario
    /// of every episode is rendered, so this stays off Foundation's string search).
    static func placeholderRanges(in text: String) -> [(range: Range<String.Index>, name: String)] {
        let utf8 = text.utf8
        let brace = UInt8(ascii: "{")
        let closing = UInt8(ascii: "}")
        var found: [(range: Range<String.Index>, name: String)] = []
        var index = utf8.startIndex
        while let open = utf8[index...].firstIndex(of: brace) {
            let second = utf8.index(after: open)
            guard second < utf8.endIndex else { break }
            guard utf8[second] == brace else {
                index = second
                continue
            }
            let nameStart = utf8.index(after: second)
            var cursor = nameStart
            var closeStart: String.Index?
            while let candidate = utf8[cursor...].firstIndex(of: closing) {
                let next = utf8.index(after: candidate)
                if next < utf8.endIndex, utf8[next] == closing {
                    closeStart = candidate
                    break
                }
                cursor = next
            }
            guard let closeStart else { break }
            let end = utf8.index(closeStart, offsetBy: 2)
            found.append((open..<end, text[nameStart..<closeStart].trimmingCharacters(in: .whitespaces)))
            index = end
        }
        return found
    }
}
