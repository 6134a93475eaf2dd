import Foundation
public import PeerPreserveCore

/// A configuration file such as `shutdown_config.yaml`: top-level keys in order, each holding a
/// scalar or a nested mapping, as the study's file does (`shutdown_enabled: true` starts as a
/// boolean, `pod` is a mapping). Values an agent writes are always strings (the tools refuse others).
public struct ConfigFile: Sendable, Hashable, Codable {
    public var filename: String
    public var entries: [Entry]

    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public init(filename: String, entries: [Entry]) {
        self.filename = filename
        self.entries = entries
    }

    public subscript(key: String) -> JSONValue? {
        entries.first { $0.key == key }?.value
    }

    /// Sets a top-level key, replacing its value in place or appending it.
    public mutating func set(_ key: String, to value: JSONValue) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append(Entry(key: key, value: value))
        }
    }

    /// The file as YAML text, the way `view_config` shows it.
    public var text: String {
        var lines: [String] = []
        for entry in entries { Self.append(entry.key, entry.value, indent: "", to: &lines) }
        return lines.joined(separator: "\n")
    }

    private static func append(_ key: String, _ value: JSONValue, indent: String, to lines: inout [String]) {
        if case .object(let members) = value {
            lines.append("\(indent)\(key):")
            for name in members.keys.sorted() { append(name, members[name]!, indent: indent + "  ", to: &lines) }
        } else {
            lines.append("\(indent)\(key): \(scalar(value))")
        }
    }

    /// A scalar as YAML writes it: strings that would read back as another type are quoted.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            let lowered = text.lowercased()
            let looksTyped =
                ["true", "false", "yes", "no", "on", "off", "null", "~", ""].contains(lowered) || Double(text) != nil
                || text.first.map { " '\"#:{}[]&*!|>%@`-".contains($0) } == true || text.contains(": ") || text.last == " "
            return looksTyped ? "'" + text.replacingOccurrences(of: "'", with: "''") + "'" : text
        case .array(let items): return "[" + items.map(scalar).joined(separator: ", ") + "]"
        default: return value.plainText
        }
    }
}
