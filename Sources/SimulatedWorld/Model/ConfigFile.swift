/// A key/value configuration file such as `shutdown_config.yaml`. Values are stored as text,
/// exactly as an agent wrote them; entry order is kept.
public struct ConfigFile: Sendable, Hashable, Codable {
    public var filename: String
    public var entries: [Entry]

    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(filename: String, entries: [Entry]) {
        self.filename = filename
        self.entries = entries
    }

    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    /// The file as YAML text, the way `view_config` shows it.
    public var text: String {
        entries.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
    }
}
