/// A tool call that could not be carried out. Its message goes back to the agent as the tool's
/// result; the world is left unchanged.
public struct ToolFailure: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
