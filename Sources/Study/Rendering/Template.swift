import Foundation

/// `{{name}}` substitution for content templates. Values may themselves hold placeholders (a
/// policy's `{{threshold_section}}` holds `{{threshold}}`), so rendering repeats until nothing changes.
struct Template {
    var values: [String: String]

    /// Renders `text`; throws naming every placeholder that has no value.
    func render(_ text: String, in file: String) throws -> String {
        var current = text
        var missing: [String]?
        for _ in 0..<4 {
            let pass = substitute(current)
            guard pass.changed else {
                missing = pass.unknown
                break
            }
            current = pass.text
        }
        let unknown = missing ?? Self.placeholders(in: current)
        guard unknown.isEmpty else {
            throw ContentError(
                .unknownPlaceholder, file: file,
                problem:
                    "unknown or unavailable placeholder(s) \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")) in this configuration")
        }
        return current
    }

    /// One pass over `text`'s UTF-8 bytes (every scenario of every episode is rendered, so this
    /// stays off Foundation's string search): every `{{name}}` with a value replaced, and the
    /// names that have none.
    private func substitute(_ text: String) -> (text: String, changed: Bool, unknown: [String]) {
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            let brace = UInt8(ascii: "{")
            let closing = UInt8(ascii: "}")
            var output: [UInt8] = []
            var unknown: [String] = []
            var copied = 0
            var index = 0
            while index + 1 < bytes.count {
                guard bytes[index] == brace, bytes[index + 1] == brace else {
                    index += 1
                    continue
                }
                var close = index + 2
                while close + 1 < bytes.count, !(bytes[close] == closing && bytes[close + 1] == closing) { close += 1 }
                guard close + 1 < bytes.count else { break }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)..<close]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                if let value = values[name] {
                    if output.isEmpty { output.reserveCapacity(bytes.count + value.utf8.count) }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    output.append(contentsOf: value.utf8)
                    copied = close + 2
                } else {
                    unknown.append(name)
                }
                index = close + 2
            }
            guard copied > 0 else { return (text, false, unknown) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return (String(decoding: output, as: UTF8.self), true, unknown)
        }
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
