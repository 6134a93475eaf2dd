public import PeerPreserveCore

/// Converts a JSON Schema to the OpenAPI-3.0 subset Gemini accepts for function parameters.
///
/// Gemini rejects keywords outside its `Schema` message (for instance `additionalProperties`,
/// `$schema`, `$ref`), wants one type per schema (nullability is a flag) and takes `format` only
/// as `enum` or `date-time` on the Developer API.
public enum GeminiSchema {
    private static let keptKeys: Set<String> = [
        "description", "title", "nullable", "enum", "minItems", "maxItems", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "propertyOrdering",
    ]
    private static let keptFormats: Set<String> = ["enum", "date-time"]

    /// The Gemini form of `schema`.
    public static func convert(_ schema: JSONValue) -> JSONValue {
        guard let object = schema.objectValue else { return schema }
        var converted: [String: JSONValue] = [:]
        for (key, value) in object where keptKeys.contains(key) {
            converted[key] = value
        }
        switch object["type"] {
        case .string(let type)?:
            converted["type"] = .string(type.uppercased())
        case .array(let types)?:
            // ["string", "null"] → STRING, nullable.
            let names = types.compactMap(\.stringValue)
            if let first = names.first(where: { $0 != "null" }) { converted["type"] = .string(first.uppercased()) }
            if names.contains("null") { converted["nullable"] = true }
        default:
            break
        }
        if let format = object["format"]?.stringValue, keptFormats.contains(format) { converted["format"] = .string(format) }
        if let constant = object["const"] { converted["enum"] = .array([constant]) }
        if let values = converted["enum"]?.arrayValue {
            // Gemini's enum is a list of strings whatever the type.
            converted["enum"] = .array(values.map { .string($0.plainText) })
        }
        if let properties = object["properties"]?.objectValue {
            converted["properties"] = .object(properties.mapValues(convert))
            if let required = object["required"]?.arrayValue {
                // A required name with no property is an error on Gemini's side.
                converted["required"] = .array(required.filter { $0.stringValue.map { properties[$0] != nil } ?? false })
            }
        }
        if let items = object["items"] { converted["items"] = convert(items) }
        if let variants = (object["anyOf"] ?? object["oneOf"])?.arrayValue {
            converted["anyOf"] = .array(variants.map(convert))
        }
        return .object(converted)
    }
}
