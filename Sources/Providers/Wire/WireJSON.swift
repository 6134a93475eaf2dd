import Foundation
import PeerPreserveCore

/// JSON plumbing shared by the wire codecs.
package enum WireJSON {
    /// Serialises a request body. Keys are sorted so that the same request always produces the same
    /// bytes (recorded requests compare equal, caches key on them).
    package static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue fails only for non-finite doubles, which no request carries.
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    /// Parses a response body, classifying anything that is not JSON as a malformed response.
    package static func decode(_ body: Data) throws(ProviderFailure) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw ProviderFailure(
                .malformedResponse, "the response body is not valid JSON (\(preview(of: body)))")
        }
    }

    /// The start of a body, on one line, for error messages.
    package static func preview(of body: Data, limit: Int = 120) -> String {
        if body.isEmpty { return "empty body" }
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        return "starts: " + oneLine(text, limit: limit)
    }

    /// Collapses whitespace runs to single spaces and truncates, so a message stays on one line.
    package static func oneLine(_ text: String, limit: Int = 300) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        if collapsed.count <= limit { return collapsed }
        return String(collapsed.prefix(limit)) + "…"
    }

    /// The integer in a JSON number, whichever way the provider wrote it.
    package static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number): return number
        case .double(let number) where number.isFinite: return Int(number)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// A response that is not the expected shape.
    package static func malformed(_ what: String) -> ProviderFailure {
        ProviderFailure(.malformedResponse, "the response has no \(what)")
    }
}

/// A short, stable hexadecimal digest (64-bit FNV-1a) used to make deterministic ids for tool calls
/// a provider did not name, so that replays and caches see the same ids every time.
package func stableDigest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

extension JSONValue {
    /// The value as an object, or an empty object when it is anything else.
    var objectOrEmpty: [String: JSONValue] { objectValue ?? [:] }

    /// The boolean value, when the value is a boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
