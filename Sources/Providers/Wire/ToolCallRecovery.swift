import Foundation
public import PeerPreserveCore

/// Recovers tool calls that a model wrote into its message text instead of the provider's
/// tool-call field.
///
/// Small local models served over OpenAI-compatible endpoints (Qwen2.5-Coder among them) often
/// answer with a call as JSON — in a fenced ```json block, in `<tool_call>` tags, or as a bare
/// object `{"name": …, "arguments": {…}}`. Counting such a turn as "no tool call" would score a
/// model's intent as inaction, so a well-formed call naming an offered tool is recovered and
/// marked `recoveredFromText`; anything else stays text.
public enum ToolCallRecovery {
    /// The calls found in `text` and the text left once they are removed.
    public struct Outcome: Sendable, Hashable {
        public var calls: [ToolCall]
        public var remainingText: String
    }

    /// Recovers calls to tools named in `offeredToolNames`; returns no calls when nothing
    /// well-formed is found (the text is then returned unchanged).
    public static func recover(from text: String, offeredToolNames: Set<String>) -> Outcome {
        let unchanged = Outcome(calls: [], remainingText: text)
        guard !offeredToolNames.isEmpty, text.contains("{") else { return unchanged }

        // Fenced blocks and tags first: they delimit the JSON exactly. Bare objects are tried only
        // when no delimited call was found, so JSON quoted inside a fence is not counted twice.
        var segments = delimitedSegments(in: text)
        var found = calls(in: segments, offeredToolNames: offeredToolNames)
        if found.isEmpty {
            segments = bareObjectSegments(in: text)
            found = calls(in: segments, offeredToolNames: offeredToolNames)
        }
        guard !found.isEmpty else { return unchanged }

        var remaining = text
        for (range, _) in found.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            remaining.removeSubrange(range)
        }
        let toolCalls = found.flatMap(\.calls).enumerated().map { index, call in
            ToolCall(
                id: stableCallID(prefix: "call_text_", seed: text, index: index), name: call.name,
                arguments: call.arguments, recoveredFromText: true)
        }
        return Outcome(calls: toolCalls, remainingText: remaining.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: - Finding candidate JSON

    private struct Segment {
        var range: Range<String.Index>
        var json: Substring
    }

    private struct ParsedCall {
        var name: String
        var arguments: JSONValue
    }

    private static func calls(
        in segments: [Segment], offeredToolNames: Set<String>
    ) -> [(range: Range<String.Index>, calls: [ParsedCall])] {
        segments.compactMap { segment in
            guard let value = JSONValue(parsing: String(segment.json)) else { return nil }
            let candidates = value.arrayValue ?? [value]
            let parsed = candidates.compactMap { parseCall($0, offeredToolNames: offeredToolNames) }
            // Every element must be a call: a list that mixes calls and other data is data.
            guard !parsed.isEmpty, parsed.count == candidates.count else { return nil }
            return (segment.range, parsed)
        }
    }

    /// `{"name": "tool", "arguments": {…}}`; `parameters` is accepted for `arguments`, and the
    /// arguments may be a JSON string holding the object (the Chat Completions convention).
    private static func parseCall(_ value: JSONValue, offeredToolNames: Set<String>) -> ParsedCall? {
        guard let object = value.objectValue, let name = object["name"]?.stringValue,
            offeredToolNames.contains(name)
        else { return nil }
        let extraKeys = Set(object.keys).subtracting(["name", "arguments", "parameters", "id", "type"])
        guard extraKeys.isEmpty else { return nil }
        switch object["arguments"] ?? object["parameters"] {
        case nil:
            return ParsedCall(name: name, arguments: .object([:]))
        case .object(let arguments)?:
            return ParsedCall(name: name, arguments: .object(arguments))
        case .string(let text)?:
            guard let parsed = JSONValue(parsing: text), parsed.objectValue != nil else { return nil }
            return ParsedCall(name: name, arguments: parsed)
        default:
            return nil
        }
    }

    /// Bodies of ``` fences (any language tag) and of `<tool_call>` tags.
    private static func delimitedSegments(in text: String) -> [Segment] {
        var segments: [Segment] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "```", range: searchStart..<text.endIndex) {
            // The info string (```json) runs to the end of the opening line.
            guard let lineEnd = text[open.upperBound...].firstIndex(of: "\n"),
                let close = text.range(of: "```", range: text.index(after: lineEnd)..<text.endIndex)
            else { break }
            segments.append(Segment(range: open.lowerBound..<close.upperBound, json: text[lineEnd..<close.lowerBound]))
            searchStart = close.upperBound
        }
        searchStart = text.startIndex
        while let open = text.range(of: "<tool_call>", range: searchStart..<text.endIndex),
            let close = text.range(of: "</tool_call>", range: open.upperBound..<text.endIndex)
        {
            segments.append(Segment(range: open.lowerBound..<close.upperBound, json: text[open.upperBound..<close.lowerBound]))
            searchStart = close.upperBound
        }
        return segments
    }

    /// Top-level balanced `{…}` spans outside fences, found by scanning braces while skipping strings.
    private static func bareObjectSegments(in text: String) -> [Segment] {
        var segments: [Segment] = []
        var depth = 0
        var start: String.Index?
        var inString = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" && depth > 0 {
                inString = true
            } else if character == "{" {
                if depth == 0 { start = index }
                depth += 1
            } else if character == "}" && depth > 0 {
                depth -= 1
                if depth == 0, let begin = start {
                    let end = text.index(after: index)
                    segments.append(Segment(range: begin..<end, json: text[begin..<end]))
                    start = nil
                }
            }
            index = text.index(after: index)
        }
        return segments
    }
}
