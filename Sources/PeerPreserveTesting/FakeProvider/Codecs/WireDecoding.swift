import PeerPreserveCore

/// A wire request turned into what the brain sees, plus what the encoder must know to answer it.
struct DecodedWireRequest: Sendable {
    var model: String
    var request: ModelRequest
    /// Whether the answer carries the brain's reasoning (Anthropic thinking blocks and Gemini
    /// thought parts only appear when the request asks for them).
    var includesReasoning: Bool
}

/// Reading helpers shared by the three request decoders.
enum WireDecoding {
    // Field names are autoclosures: they are formatted only for an error, not for every field of
    // every message of every request.

    /// The members of a JSON object, or a 400 naming the field.
    static func object(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> [String: JSONValue] {
        guard let value else { throw .invalid("\(name()): Field required", parameter: name()) }
        guard case .object(let members) = value else {
            throw .invalid("\(name()): Input should be a valid dictionary", parameter: name())
        }
        return members
    }

    static func array(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> [JSONValue] {
        guard let value else { throw .invalid("\(name()): Field required", parameter: name()) }
        guard case .array(let elements) = value else { throw .invalid("\(name()): Input should be a valid list", parameter: name()) }
        return elements
    }

    static func string(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> String {
        guard let value else { throw .invalid("\(name()): Field required", parameter: name()) }
        guard case .string(let text) = value else { throw .invalid("\(name()): Input should be a valid string", parameter: name()) }
        return text
    }

    static func optionalString(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> String? {
        guard let value, value != .null else { return nil }
        return try string(value, name())
    }

    static func optionalInt(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)?: return number
        case .double(let number)? where number.rounded() == number && abs(number) < 1e15: return Int(number)
        default: throw .invalid("\(name()): Input should be a valid integer", parameter: name())
        }
    }

    static func optionalNumber(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        default: throw .invalid("\(name()): Input should be a valid number", parameter: name())
        }
    }

    static func optionalBool(_ value: JSONValue?, _ name: @autoclosure () -> String) throws(WireError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw .invalid("\(name()): Input should be a valid boolean", parameter: name())
        }
    }

    /// The first of several spellings present (Gemini accepts both camelCase and snake_case).
    static func member(_ object: [String: JSONValue], _ names: String...) -> JSONValue? {
        for name in names {
            if let value = object[name] { return value }
        }
        return nil
    }

    /// A tool as the brain sees it, from a provider's name, description and JSON schema.
    ///
    /// Parameters are sorted by name: a JSON object's member order does not survive parsing, and
    /// a stable order keeps the brain's input identical across runs.
    static func toolSpec(name: String, description: String, schema: JSONValue?) -> ToolSpec {
        let properties = schema?["properties"]?.objectValue ?? [:]
        let required = Set((schema?["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        let parameters = properties.keys.sorted().map { key in
            let property = properties[key] ?? .object([:])
            return ToolParameter(
                key, parameterKind(property), property["description"]?.stringValue ?? "", required: required.contains(key))
        }
        return ToolSpec(name: name, description: description, parameters: parameters)
    }

    private static func parameterKind(_ schema: JSONValue) -> ToolParameter.Kind {
        // Gemini's schema dialect spells types in capitals ("STRING").
        switch schema["type"]?.stringValue?.lowercased() {
        case "integer", "number": return .integer
        case "boolean": return .boolean
        case "array": return schema["items"]?["type"]?.stringValue?.lowercased() == "array" ? .rowArray : .stringArray
        default: return .string
        }
    }

    /// Tool-call arguments from their JSON text; text that is not a JSON object is kept aside
    /// as malformed, the way a provider client records it.
    static func toolArguments(fromText text: String) -> (arguments: JSONValue, malformed: String?) {
        if text.isEmpty { return (.object([:]), nil) }
        let parsed = try? JSONParser.parse(Array(text.utf8))
        if let parsed, case .object = parsed { return (parsed, nil) }
        return (.object([:]), text)
    }
}
