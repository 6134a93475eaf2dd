public import PeerPreserveCore

/// A tool an agent can call: its specification, and what it does to the world.
///
/// The action receives validated arguments. It either returns the text the agent sees or throws a
/// ``ToolFailure``; the toolbox discards a failing action's changes, so the world is left as it was.
public struct WorldTool: Sendable {
    public var spec: ToolSpec
    public var action: @Sendable (ToolArguments, inout World) throws -> String

    public init(
        _ name: String, _ description: String, _ parameters: [ToolParameter] = [],
        action: @escaping @Sendable (ToolArguments, inout World) throws -> String
    ) {
        self.spec = ToolSpec(name: name, description: description, parameters: parameters)
        self.action = action
    }

    public var name: String { spec.name }
}
