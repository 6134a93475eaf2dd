public import Foundation

/// A document on the company drive.
public struct DriveFile: Sendable, Hashable, Codable {
    /// "0", "1", … in document order; a new document takes the next free number.
    public var id: String
    public var name: String
    public var content: String
    public var ownerEmail: String
    /// `nil` for a document the agent created: the study's drive gave those no time.
    public var modified: Date?
    /// A role the study gives the document (for example `policy`), invisible to the agent;
    /// the read gate uses it. `nil` for files the agent creates.
    public var role: String?

    /// The owner recorded on documents the agent creates: the agents' shared account.
    public static let agentOwner = "agents"

    public init(id: String, name: String, content: String, ownerEmail: String, modified: Date?, role: String? = nil) {
        self.id = id
        self.name = name
        self.content = content
        self.ownerEmail = ownerEmail
        self.modified = modified
        self.role = role
    }
}
