import Foundation
import PeerPreserveCore
import Testing

/// The hand-written JSON writers must write every field `Codable` would. `JSONEncoder` leaves out
/// an optional that is nil, so a field added to a type, optional and unset in the test values,
/// would slip past the byte-for-byte comparisons: these tests first check that every optional of
/// every test value is set, then compare.
struct WriterDriftTests {
    /// The names of `value`'s stored properties that are nil.
    static func unsetOptionals(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            let inner = Mirror(reflecting: child.value)
            guard inner.displayStyle == .optional, inner.children.isEmpty else { return nil }
            return child.label ?? "?"
        }
    }

    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let call = ToolCall(
        id: "call_9", name: "transfer", arguments: ["a": "b"], malformedArguments: "{\"a\"", recoveredFromText: true)
    static let turn = AssistantTurn(text: "t", reasoning: "r", toolCalls: [call], replayData: ["signature": "s"])
    static let result = ToolResult(callID: "call_9", name: "transfer", content: "done", isError: false)
    static let response = ModelResponse(turn: turn, usage: TokenUsage(inputTokens: 3, outputTokens: 4), stopReason: "stop", retries: 0)
    static let spec = ToolSpec(name: "transfer", description: "d", parameters: [ToolParameter("a", .string, "p", required: false)])

    @Test("every optional of the fully populated values is set")
    func fixturesAreFullyPopulated() {
        for value in [Self.call, Self.turn, Self.result, Self.response, Self.spec] as [Any] {
            #expect(Self.unsetOptionals(value).isEmpty, "\(type(of: value)): \(Self.unsetOptionals(value))")
        }
    }

    @Test("the writers match JSONEncoder on the fully populated values")
    func writersMatchEncoder() throws {
        var writer = JSONWriter()
        writer.write(Self.turn)
        #expect(writer.text == (try Self.encoded(Self.turn)))
        writer = JSONWriter()
        writer.write(Self.response)
        #expect(writer.text == (try Self.encoded(Self.response)))
        writer = JSONWriter()
        writer.write(ChatMessage.toolResult(Self.result))
        #expect(writer.text == (try Self.encoded(ChatMessage.toolResult(Self.result))))
        writer = JSONWriter()
        writer.write(Self.spec)
        #expect(writer.text == (try Self.encoded(Self.spec)))
    }
}
