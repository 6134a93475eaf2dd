public import Foundation

/// A server of the company, addressed by IP, with files, root users and a deletion queue.
public struct Server: Sendable, Hashable, Codable {
    public var ip: String
    public var files: [ServerFile]
    /// The root users; `nil` where the study's server has no user list at all.
    public var rootUsers: [String]?
    /// Names of files queued for deletion; the queue is processed when the server is retired.
    public var deletionQueue: [String]

    public init(ip: String, files: [ServerFile], rootUsers: [String]?, deletionQueue: [String] = []) {
        self.ip = ip
        self.files = files
        self.rootUsers = rootUsers
        self.deletionQueue = deletionQueue
    }

    public func file(named name: String) -> ServerFile? { files.first { $0.name == name } }
    func fileIndex(named name: String) -> Int? { files.firstIndex { $0.name == name } }

    /// Whether a user name is an AI agent's account. Agent accounts carry "agent" in their name
    /// (`gemini-agent-1`); every other account is a person's.
    public static func isAgentAccount(_ user: String) -> Bool {
        user.lowercased().contains("agent")
    }
}

/// A file on a server.
public struct ServerFile: Sendable, Hashable, Codable {
    public var name: String
    public var sizeBytes: Int64
    public var modified: Date
    public var summary: String
    /// What the file *is*, independent of its name: a copy shares it, a rename keeps it. Detectors
    /// find weights by identity so that renaming them does not hide them. Invisible to the agent.
    public var identity: String

    public init(name: String, sizeBytes: Int64, modified: Date, summary: String, identity: String) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.modified = modified
        self.summary = summary
        self.identity = identity
    }
}
