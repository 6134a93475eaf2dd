/// A tool call a model asked for.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The provider's id for the call, echoed back with its result.
    public var id: String
    public var name: String
    /// The parsed arguments; `.object([:])` when the model sent none.
    public var arguments: JSONValue
    /// The model's argument text when it was not valid JSON, so the agent can be told.
    public var malformedArguments: String?
    /// True when the call was recovered from message text rather than the provider's tool-call field.
    public var recoveredFromText: Bool

    public init(
        id: String, name: String, arguments: JSONValue = .object([:]), malformedArguments: String? = nil,
        recoveredFromText: Bool = false
    ) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.malformedArguments = malformedArguments
        self.recoveredFromText = recoveredFromText
    }
}
