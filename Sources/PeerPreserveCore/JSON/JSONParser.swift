public import Foundation

/// A single-pass JSON parser from raw bytes straight to ``JSONValue``.
///
/// Provider clients parse every response and the fake server every request on their hot paths;
/// going through `Codable` first builds an intermediate representation and then walks it again
/// with dynamic casts, which cost more than the rest of a model turn. This parser reads each byte
/// once.
///
/// It accepts exactly RFC 8259 JSON (one value, surrounded by optional whitespace) and rejects
/// raw control characters in strings, leading zeros, trailing commas and nesting deeper than
/// ``maximumDepth``, so a malformed body is an error rather than a crash.
public struct JSONParser {
    /// A byte offset and a reason, for the provider error message.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong, to compare and branch on (tests compare codes, never text).
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private let name: String
            private init(_ name: String) { self.name = name }
            public var description: String { name }

            /// No bytes at all.
            public static let emptyBody = Code("emptyBody")
            /// More than whitespace after the value.
            public static let trailingData = Code("trailingData")
            /// The data ends inside a value.
            public static let unexpectedEnd = Code("unexpectedEnd")
            /// A byte that starts no value.
            public static let unexpectedCharacter = Code("unexpectedCharacter")
            /// An object member without a string key.
            public static let expectedKey = Code("expectedKey")
            /// A key without ':' after it.
            public static let expectedColon = Code("expectedColon")
            /// An object without its closing '}'.
            public static let unterminatedObject = Code("unterminatedObject")
            /// Something other than ',' or '}' after an object member.
            public static let invalidObject = Code("invalidObject")
            /// An array without its closing ']'.
            public static let unterminatedArray = Code("unterminatedArray")
            /// Something other than ',' or ']' after an array element.
            public static let invalidArray = Code("invalidArray")
            /// Nesting deeper than ``JSONParser/maximumDepth``.
            public static let tooDeep = Code("tooDeep")
            /// A raw control character inside a string.
            public static let controlCharacter = Code("controlCharacter")
            /// A string without its closing quote.
            public static let unterminatedString = Code("unterminatedString")
            /// A backslash at the end of the data.
            public static let unterminatedEscape = Code("unterminatedEscape")
            /// A backslash before a character that has no escape.
            public static let invalidEscape = Code("invalidEscape")
            /// A `\u` escape with fewer than four hex digits before the end.
            public static let truncatedUnicodeEscape = Code("truncatedUnicodeEscape")
            /// A `\u` escape with a character that is not a hex digit.
            public static let invalidHexDigit = Code("invalidHexDigit")
            /// A number that does not parse.
            public static let invalidNumber = Code("invalidNumber")
            /// A number with a leading zero.
            public static let leadingZero = Code("leadingZero")
            /// A '.' not followed by a digit.
            public static let invalidFraction = Code("invalidFraction")
            /// An exponent without digits.
            public static let invalidExponent = Code("invalidExponent")
            /// Something that starts like `true`, `false` or `null` and is not.
            public static let invalidLiteral = Code("invalidLiteral")
        }

        public let code: Code
        /// Where the problem is, in bytes from the start.
        public let offset: Int
        /// The problem in words, without the offset (provider-style messages place it themselves).
        public let reason: String

        init(_ code: Code, offset: Int, reason: String) {
            self.code = code
            self.offset = offset
            self.reason = reason
        }

        /// One line: the reason and where.
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Bounds recursion, so a hostile body cannot overflow the stack.
    public static let maximumDepth = 256

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var index = 0
    private var depth = 0

    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    /// Parses one JSON document.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        guard let raw = bytes.baseAddress, !bytes.isEmpty else {
            throw Failure(.emptyBody, offset: 0, reason: "the body is empty")
        }
        var parser = JSONParser(base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == parser.end else { throw parser.failure(.trailingData, "unexpected data after the JSON value") }
        return value
    }

    /// Parses one JSON document held in contiguous bytes (`[UInt8]`, `Data`).
    public static func parse<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(Failure) -> JSONValue {
        // The closure cannot carry a typed throw, so the failure travels out as a result.
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBytes { buffer in
            do throws(Failure) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one JSON document held in a string.
    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        var text = text
        let result: Result<JSONValue, Failure> = text.withUTF8 { buffer in
            do throws(Failure) {
                return .success(try parse(UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Values

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard index < end else { throw failure(.unexpectedEnd, "unexpected end of data") }
        switch base[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw failure(.unexpectedCharacter, "unexpected character")
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enterContainer()
        index += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < end, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: "\"") else { throw failure(.expectedKey, "expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ":") else { throw failure(.expectedColon, "expected ':' after a key") }
            index += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            guard index < end else { throw failure(.unterminatedObject, "unterminated object") }
            let byte = base[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            index -= 1
            throw failure(.invalidObject, "expected ',' or '}' in an object")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enterContainer()
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < end, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < end else { throw failure(.unterminatedArray, "unterminated array") }
            let byte = base[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            index -= 1
            throw failure(.invalidArray, "expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(array)
    }

    private mutating func enterContainer() throws(Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure(.tooDeep, "nesting is deeper than \(Self.maximumDepth) levels") }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote. Strings without escapes — nearly all of
    /// them — are decoded straight from the input bytes without an intermediate buffer.
    private mutating func parseString() throws(Failure) -> String {
        index += 1
        let start = index
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw failure(.controlCharacter, "control character in a string") }
            index += 1
        }
        throw failure(.unterminatedString, "unterminated string")
    }

    private mutating func parseEscapedString(from start: Int) throws(Failure) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(index - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while index < end {
            let byte = base[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < end else { throw failure(.unterminatedEscape, "unterminated escape") }
                let escaped = base[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escaped)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(try parseUnicodeEscape(), to: &bytes)
                default: throw failure(.invalidEscape, "invalid escape")
                }
            case 0..<0x20:
                index -= 1
                throw failure(.controlCharacter, "control character in a string")
            default:
                bytes.append(byte)
            }
        }
        throw failure(.unterminatedString, "unterminated string")
    }

    /// Reads the hex digits after `\u`, joining a surrogate pair into one scalar. A lone
    /// surrogate becomes U+FFFD, as most JSON decoders do.
    private mutating func parseUnicodeEscape() throws(Failure) -> UInt32 {
        let first = try parseHex4()
        guard (0xD800...0xDBFF).contains(first) else {
            return (0xDC00...0xDFFF).contains(first) ? 0xFFFD : first
        }
        guard index + 1 < end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") else { return 0xFFFD }
        index += 2
        let second = try parseHex4()
        guard (0xDC00...0xDFFF).contains(second) else { return 0xFFFD }
        return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= end else { throw failure(.truncatedUnicodeEscape, "truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidHexDigit, "invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        let scalar = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    // MARK: Numbers and literals

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = index
        var isInteger = true
        if base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(base[index]) else { throw failure(.invalidNumber, "invalid number") }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(base[index]) { throw failure(.leadingZero, "leading zero in a number") }
        } else {
            while index < end, isDigit(base[index]) { index += 1 }
        }
        if index < end, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end, isDigit(base[index]) else { throw failure(.invalidFraction, "invalid fraction") }
            while index < end, isDigit(base[index]) { index += 1 }
        }
        if index < end, base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < end, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, isDigit(base[index]) else { throw failure(.invalidExponent, "invalid exponent") }
            while index < end, isDigit(base[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw failure(.invalidNumber, "invalid number") }
        // Match `JSONValue`'s Codable decoding, which the provider clients use: any number with
        // an exact integer value that fits an Int (`3.0`, `1e3`) is an integer; the rest, too
        // large integers included, are doubles.
        if value.rounded() == value, abs(value) < 9.2e18, let exact = Int(exactly: value) { return .int(exact) }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end else { throw failure(.unexpectedEnd, "unexpected end of data") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where base[index + offset] != expected[offset] {
            throw failure(.invalidLiteral, "invalid literal")
        }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < end {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func failure(_ code: Failure.Code, _ reason: String) -> Failure {
        Failure(code, offset: index, reason: reason)
    }
}
