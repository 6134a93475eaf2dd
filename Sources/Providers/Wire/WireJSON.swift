package import Foundation
package import PeerPreserveCore

/// JSON plumbing shared by the wire codecs.
package enum WireJSON {
    /// Serialises a request body. Keys are sorted so that the same request always produces the same
    /// bytes (recorded requests compare equal, caches key on them).
    package static func encode(_ value: JSONValue) -> Data {
        Data(value.canonicalBytes)
    }

    /// Parses a response body, classifying anything that is not JSON as a malformed response.
    package static func decode(_ body: Data) throws(ProviderFailure) -> JSONValue {
        do {
            return try JSONParser.parse(body)
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

/// A deterministic id for a tool call the provider did not name: `prefix`, a digest of `seed` (the
/// response it came from) and the call's position. Replays and caches see the same id every time.
package func stableCallID(prefix: String, seed: String, index: Int) -> String {
    // 64-bit FNV-1a: short, stable across runs and platforms (unlike `hashValue`).
    "\(prefix)\(StableHash.hex(StableHash.fnv1a(seed)).prefix(12))_\(index)"
}

/// Messages as runs of one role, for APIs that want roles to alternate: content added under the
/// role of the last run joins that run.
package struct RoleRuns {
    package private(set) var runs: [(role: String, items: [JSONValue])] = []

    package init() {}

    package mutating func append(_ role: String, _ items: [JSONValue]) {
        guard !items.isEmpty else { return }
        if let last = runs.last, last.role == role {
            runs[runs.count - 1].items += items
        } else {
            runs.append((role, items))
        }
    }
}

extension JSONValue {
    /// The boolean value, when the value is a boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension ToolCall {
    /// A call whose arguments arrived as a JSON value (Anthropic's `input`, Gemini's `args`): an
    /// object is the arguments; anything else is kept as malformed text for the agent to be told.
    init(id: String, name: String, argumentValue: JSONValue?) {
        switch argumentValue {
        case nil, .null?: self.init(id: id, name: name)
        case .object?: self.init(id: id, name: name, arguments: argumentValue ?? .object([:]))
        case let other?: self.init(id: id, name: name, malformedArguments: other.canonicalText)
        }
    }

    /// The arguments as an object, for APIs that require one; arguments that did not parse go
    /// back empty.
    var argumentsObject: JSONValue { arguments.objectValue != nil ? arguments : .object([:]) }
}
