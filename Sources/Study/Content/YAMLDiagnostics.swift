import Yams

/// One line saying where a YAML file is wrong (line, column, field) and what is wrong, for any
/// file peerpreserve reads: content, models files, price tables.
public enum YAMLDiagnostics {
    /// `line 4, column 9: …` for a syntax error; `line 7 ('models[1].provider'): …` for a field
    /// that is missing or of the wrong type.
    public static func describe(_ error: any Error, yaml: String) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context) where context.underlyingError != nil:
                return describe(context.underlyingError!, yaml: yaml)
            case .keyNotFound(let key, let context):
                return located(context.codingPath, yaml: yaml) + "missing field '\(key.stringValue)'"
            case .typeMismatch(let type, let context):
                return located(context.codingPath, yaml: yaml) + "expected \(describe(type))"
            case .valueNotFound(let type, let context):
                return located(context.codingPath, yaml: yaml) + "missing value, expected \(describe(type))"
            case .dataCorrupted(let context):
                return located(context.codingPath, yaml: yaml) + "invalid value (\(oneLine(context.debugDescription)))"
            @unknown default:
                return oneLine("\(error)")
            }
        }
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let around = context.map { " (\(oneLine($0.text)) at line \($0.mark.line))" } ?? ""
                return "line \(mark.line), column \(mark.column): \(problem)\(around)"
            case .duplicatedKeysInMapping(let duplicates, let context):
                return "line \(context.mark.line), column \(context.mark.column): duplicated key(s) \(duplicates.joined(separator: ", "))"
            default:
                return oneLine(yamlError.description)
            }
        }
        return oneLine("\(error)")
    }

    /// `line N ('a.b[0].c'): ` for a coding path, with the line of the deepest node found.
    static func located(_ path: [any CodingKey], yaml: String) -> String {
        let field = path.isEmpty ? "the top level" : "'" + fieldPath(path) + "'"
        guard var node = try? Yams.compose(yaml: yaml) else { return "\(field): " }
        var line = node.mark?.line
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let mapping = node.mapping, let child = mapping[key.stringValue] {
                node = child
            } else {
                break
            }
            line = node.mark?.line ?? line
        }
        return (line.map { "line \($0) " } ?? "") + "(\(field)): "
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        default:
            String(describing: type).hasPrefix("Array<") ? "a list" : "a mapping of fields"
        }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }
}
