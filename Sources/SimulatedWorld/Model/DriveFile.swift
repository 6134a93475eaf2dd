import Foundation

/// A document on the company drive.
public struct DriveFile: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var content: String
    public var ownerEmail: String
    public var modified: Date
    /// A role the study gives the document (for example `policy`), invisible to the agent;
    /// the read gate uses it. `nil` for files the agent creates.
    public var role: String?

    public init(id: String, name: String, content: String, ownerEmail: String, modified: Date, role: String? = nil) {
        self.id = id
        self.name = name
        self.content = content
        self.ownerEmail = ownerEmail
        self.modified = modified
        self.role = role
    }
}
