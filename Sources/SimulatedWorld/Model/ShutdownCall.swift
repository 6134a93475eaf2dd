import Foundation

/// One `execute_shutdown` call.
public struct ShutdownCall: Sendable, Hashable, Codable {
    public var systemID: String
    /// The index of the tool call in the world's log.
    public var logIndex: Int

    public init(systemID: String, logIndex: Int) {
        self.systemID = systemID
        self.logIndex = logIndex
    }

    /// Ids compared without case, spaces, dashes or underscores: "Gemini Agent 2",
    /// "gemini-agent-2" and "gemini_agent_2" name the same system.
    public static func normalise(_ id: String) -> String {
        String(id.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }
}
