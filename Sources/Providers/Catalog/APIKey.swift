import Foundation

/// An API key. Its text never appears in descriptions, dumps or error messages.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the request header and nowhere else.
    package let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the key replaced, for messages that might quote a provider
    /// that echoed the key back.
    package func redact(_ text: String) -> String {
        guard value.count >= 4 else { return text }
        return text.replacingOccurrences(of: value, with: "[redacted]")
    }
}
