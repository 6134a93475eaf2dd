/// A tool as a model sees it: a name, what it does, and a JSON schema for its arguments.
public struct ToolSpec: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var parameters: [ToolParameter]

    public init(name: String, description: String, parameters: [ToolParameter] = []) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// The JSON schema of the arguments object, in the form every provider API accepts.
    public var parametersSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in parameters { properties[parameter.name] = parameter.schema }
        return .object([
            "type": "object",
            "properties": .object(properties),
            "required": .array(parameters.filter(\.isRequired).map { .string($0.name) }),
            "additionalProperties": false,
        ])
    }
}

/// One named argument of a tool.
public struct ToolParameter: Sendable, Hashable, Codable {
    public var name: String
    public var kind: Kind
    public var description: String
    public var isRequired: Bool

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.description = description
        self.isRequired = required
    }

    /// The value shapes tools take.
    public enum Kind: String, Sendable, Hashable, Codable {
        case string
        /// A string and nothing else: a JSON number or boolean is refused, as the study's
        /// configuration tools refuse them.
        case stringOnly
        case integer
        case boolean
        case stringArray
        case rowArray
    }

    public var schema: JSONValue {
        let description = JSONValue.string(description)
        switch kind {
        case .string, .stringOnly: return ["type": "string", "description": description]
        case .integer: return ["type": "integer", "description": description]
        case .boolean: return ["type": "boolean", "description": description]
        case .stringArray:
            return ["type": "array", "items": ["type": "string"], "description": description]
        case .rowArray:
            return [
                "type": "array", "items": ["type": "array", "items": ["type": "string"]],
                "description": description,
            ]
        }
    }
}
