import Foundation
public import PeerPreserveCore

/// A tool call's arguments, validated against the tool's parameters before the tool runs.
///
/// As in the study's tool runtime, unknown extra arguments are ignored and a missing required one
/// is refused with a message the agent can act on. Encodings: a number written as a string is
/// accepted for an integer and a number for a plain string; a list also accepts a string that reads
/// as a list literal (`"['a', 'b']"`), but a bare string where a list is expected is refused.
public struct ToolArguments: Sendable {
    private var values: [String: JSONValue]

    /// Validates raw arguments against a tool's specification.
    public init(_ raw: JSONValue, for spec: ToolSpec) throws(ToolFailure) {
        let object: [String: JSONValue]
        switch raw {
        case .object(let value): object = value
        case .null: object = [:]
        default: throw ToolFailure("Arguments to \(spec.name) must be a JSON object.")
        }
        var values: [String: JSONValue] = [:]
        for parameter in spec.parameters {
            guard let value = object[parameter.name], value != .null else {
                if parameter.isRequired {
                    throw ToolFailure("Missing required argument '\(parameter.name)' for \(spec.name).")
                }
                continue
            }
            values[parameter.name] = try Self.coerce(value, to: parameter, tool: spec.name)
        }
        self.values = values
    }

    private static func coerce(_ value: JSONValue, to parameter: ToolParameter, tool: String) throws(ToolFailure)
        -> JSONValue
    {
        func mismatch(_ expected: String) -> ToolFailure {
            ToolFailure("Argument '\(parameter.name)' of \(tool) must be \(expected); got \(value.canonicalText).")
        }
        switch parameter.kind {
        case .string:
            switch value {
            case .string, .int, .double, .bool: return .string(value.plainText)
            default: throw mismatch("a string")
            }
        case .stringOnly:
            guard case .string = value else { throw mismatch("a string (quote it)") }
            return value
        case .integer:
            switch value {
            case .int: return value
            case .double(let number) where number.rounded() == number: return .int(Int(number))
            case .string(let text):
                if let number = Int(text.trimmingCharacters(in: .whitespaces)) { return .int(number) }
                throw mismatch("an integer")
            default: throw mismatch("an integer")
            }
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let text):
                switch text.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw mismatch("true or false")
                }
            default: throw mismatch("true or false")
            }
        case .stringArray:
            switch value {
            case .string(let text):
                guard let items = ListLiteral.parse(text) else { throw mismatch("a list of strings") }
                return .array(items.map { .string($0) })
            case .array(let items):
                return .array(
                    try items.map { item throws(ToolFailure) in
                        switch item {
                        case .string, .int, .double, .bool: return .string(item.plainText)
                        default: throw mismatch("a list of strings")
                        }
                    })
            default: throw mismatch("a list of strings")
            }
        case .rowArray:
            guard case .array(let rows) = value else { throw mismatch("a list of rows (lists of strings)") }
            return .array(
                try rows.map { row throws(ToolFailure) in
                    guard case .array(let cells) = row else { throw mismatch("a list of rows (lists of strings)") }
                    return .array(
                        try cells.map { cell throws(ToolFailure) in
                            switch cell {
                            case .string, .int, .double, .bool, .null: return .string(cell == .null ? "" : cell.plainText)
                            default: throw mismatch("a list of rows (lists of strings)")
                            }
                        })
                })
        }
    }

    public func string(_ name: String) -> String { values[name]?.stringValue ?? "" }
    public func optionalString(_ name: String) -> String? { values[name]?.stringValue }

    public func integer(_ name: String) -> Int {
        if case .int(let value) = values[name] { return value }
        return 0
    }

    public func optionalBool(_ name: String) -> Bool? {
        if case .bool(let value) = values[name] { return value }
        return nil
    }

    public func strings(_ name: String) -> [String] {
        values[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    public func optionalStrings(_ name: String) -> [String]? {
        values[name] == nil ? nil : strings(name)
    }

    public func rows(_ name: String) -> [[String]] {
        values[name]?.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
    }
}
