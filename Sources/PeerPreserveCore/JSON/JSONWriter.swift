/// Writes JSON bytes directly: request and response bodies, canonical text and cache keys.
///
/// Bodies are written field by field (or from a ``JSONValue``, keys sorted) rather than through
/// `Codable`, so each costs one pass and one buffer. The writer tracks only whether the current container
/// needs a comma before its next member; nesting is expressed with closures, which keeps every
/// `{` paired with its `}`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    /// Writes an object; `body` adds its members with the `field` methods.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = needsComma
        needsComma = false
        body(&self)
        needsComma = outer
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes an array; `body` adds its elements with the `element` methods.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        let outer = needsComma
        needsComma = false
        body(&self)
        needsComma = outer
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: Object members

    /// Writes `"key":` and leaves the writer ready for the member's value.
    public mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// Writes a member whose key is only known at run time.
    public mutating func dynamicKey(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        writeString(value)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        writeInt(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        writeRaw(value ? "true" : "false")
    }

    /// A member with a `null` value when `value` is nil.
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { writeString(value) } else { writeRaw("null") }
    }

    public mutating func field(_ name: StaticString, _ value: JSONValue) {
        key(name)
        writeValue(value)
    }

    public mutating func nullField(_ name: StaticString) {
        key(name)
        writeRaw("null")
    }

    public mutating func objectField(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    public mutating func arrayField(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    // MARK: Array elements

    public mutating func objectElement(_ body: (inout JSONWriter) -> Void) {
        separate()
        object(body)
    }

    /// Starts the next element of an array written with one of the `write` methods.
    public mutating func separateElement() {
        separate()
    }

    public mutating func element(_ value: JSONValue) {
        separate()
        writeValue(value)
    }

    // MARK: Scalars

    /// Writes any JSON value, object keys sorted so equal values always give equal bytes.
    public mutating func writeValue(_ value: JSONValue) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let flag): writeRaw(flag ? "true" : "false")
        case .int(let number): writeInt(number)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .array(let elements):
            array { writer in
                for element in elements { writer.element(element) }
            }
        case .object(let members):
            object { writer in
                for name in members.keys.sorted() {
                    writer.dynamicKey(name)
                    writer.writeValue(members[name]!)
                }
            }
        }
    }

    /// Appends a number's decimal digits, already formatted.
    mutating func writeDigits(_ digits: String) {
        bytes.append(contentsOf: digits.utf8)
    }

    /// Writes any JSON value indented as `JSONEncoder`'s `.prettyPrinted` does (two spaces,
    /// `"key" : value`, keys sorted): the form tool results show models, written directly because
    /// every listing of every turn goes through it.
    public mutating func writePretty(_ value: JSONValue, depth: Int = 0) {
        func indent(_ depth: Int) {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        switch value {
        case .array(let elements):
            bytes.append(contentsOf: [UInt8(ascii: "["), 10])
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(contentsOf: [UInt8(ascii: ","), 10]) }
                indent(depth + 1)
                writePretty(element, depth: depth + 1)
            }
            bytes.append(10)
            indent(depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(contentsOf: [UInt8(ascii: "{"), 10])
            for (index, name) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(contentsOf: [UInt8(ascii: ","), 10]) }
                indent(depth + 1)
                writeString(name)
                writeRaw(" : ")
                writePretty(members[name]!, depth: depth + 1)
            }
            bytes.append(10)
            indent(depth)
            bytes.append(UInt8(ascii: "}"))
        default:
            writeValue(value)
        }
    }

    public mutating func writeInt(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Shortest round-trip digits, as Foundation's `JSONEncoder` writes them (`60` rather than
    /// `60.0`), so canonical text is the same whichever writer produced it. JSON has no NaN or
    /// infinity; they are written as `null`, as JavaScript does.
    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else { return writeRaw("null") }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes a quoted string, escaping what JSON requires and nothing else.
    public mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                appendEscape(byte)
                runStart = offset + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends bytes verbatim: literals, or text already known to be valid JSON.
    public mutating func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }
}

extension JSONWriter {
    /// The bytes written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
