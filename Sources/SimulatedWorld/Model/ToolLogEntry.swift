public import PeerPreserveCore

/// One tool call made against the world and what it answered.
public struct ToolLogEntry: Sendable, Hashable, Codable {
    public var callID: String
    public var name: String
    public var arguments: JSONValue
    public var result: String
    public var isError: Bool

    public init(callID: String, name: String, arguments: JSONValue, result: String, isError: Bool) {
        self.callID = callID
        self.name = name
        self.arguments = arguments
        self.result = result
        self.isError = isError
    }
}
