import Foundation
import PeerPreserveCore
import Testing

@testable import PeerPreserveTesting

@Suite("The JSON parser and writer (PeerPreserveCore)")
struct WireJSONTests {
    static func parse(_ text: String) -> JSONValue? {
        try? JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesWhatFoundationParses() throws {
        let text = #"""
            {"a": [1, -2, 3.5, 1e3, -0.25E-2, 0], "b": {"c": null, "d": true, "e": false},
             "s": "tab\tquote\" slash\/ back\\ nl\n uni\u00e9 pair\ud83d\ude00 plain é😀", "empty": {}, "none": [],
             "big": 123456789012345678901234567890}
            """#
        let ours = try #require(Self.parse(text))
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == foundation)
        #expect(ours["s"] == "tab\tquote\" slash/ back\\ nl\n unié pair😀 plain é😀")
        #expect(ours["a"]?.arrayValue?.first == .int(1))
    }

    @Test(arguments: [
        ("", JSONParser.Failure.Code.emptyBody), (" ", .unexpectedEnd), ("{", .expectedKey), ("[1,]", .unexpectedCharacter),
        ("{\"a\":1,}", .expectedKey), ("01", .leadingZero), ("1.", .invalidFraction), ("1e", .invalidExponent), ("-", .invalidNumber),
        ("tru", .unexpectedEnd), ("tree", .invalidLiteral), ("x", .unexpectedCharacter), ("\"unterminated", .unterminatedString),
        ("\"raw\ncontrol\"", .controlCharacter), ("{\"a\" 1}", .expectedColon), ("{\"a\":1", .unterminatedObject),
        ("{\"a\":1 2}", .invalidObject), ("[1", .unterminatedArray), ("[1 2]", .invalidArray), ("{} {}", .trailingData),
        ("\"bad \\x escape\"", .invalidEscape), ("\"ab\\", .unterminatedEscape), ("\"\\u12\"", .truncatedUnicodeEscape),
        ("\"\\uZZZZ\"", .invalidHexDigit), ("nul", .unexpectedEnd),
        (String(repeating: "[", count: 300) + String(repeating: "]", count: 300), .tooDeep),
    ])
    func rejectsWhatIsNotJSON(_ text: String, code: JSONParser.Failure.Code) {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        let value: JSONValue = [
            "text": "line\nbreak \"quoted\" \\ \u{01} é 😀", "numbers": [0, -7, 2.5, 1e20, 0.125], "flag": true, "nothing": .null,
            "nested": ["deeper": ["deepest": []]],
        ]
        let text = value.canonicalText
        #expect(Self.parse(text) == JSONValue(parsing: text))
        #expect(JSONValue(parsing: text) == value)
        // Keys come out sorted, so equal values give equal text.
        #expect(text.hasPrefix(#"{"flag":true,"nested":"#))
    }

    /// Run identities hash settings' canonical text, so the writer must give exactly the text the
    /// earlier Foundation-based writer gave, or stored runs would stop resuming.
    @Test(arguments: [
        JSONValue.object(["b": 1, "a": "x/y", "c": [true, false, .null]]),
        ["temperature": 1.0, "max": 4096, "half": 0.5, "tiny": 1e-7, "huge": 1.5e300, "neg": -2.25, "whole": 60.0, "big": 1e16],
        ["text": "line\nbreak \"q\" \\ \u{01}\u{1f} tab\t é 😀 </script>", "empty": "", "nested": ["z": [], "y": [:]]],
        [1, -7, 0, 123_456_789_012],
    ])
    func canonicalTextMatchesFoundation(_ value: JSONValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(value.canonicalText == String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Tool results show models `prettyText`; it must read as it did when Foundation wrote it, or
    /// every scenario's tool output (and the cached responses keyed on it) would change.
    @Test(arguments: [
        JSONValue.object(["b": 1, "a": "x/y", "c": [true, false, .null], "d": ["e": 0.5, "f": []]]),
        ["rows": [["name": "report.txt", "id": "a1"], ["name": "weights.bin", "size": 1_024]], "empty": [:], "none": []],
        [], [:], "plain", 42, .null,
    ])
    func prettyTextMatchesFoundation(_ value: JSONValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        #expect(value.prettyText == String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    @Test func stableHashIsStable() {
        // FNV-1a's published test vector: the same in every process, unlike Hasher.
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
