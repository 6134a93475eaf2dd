public import PeerPreserveCore

/// The tools one episode offers, and the single place tool calls are executed and logged.
public struct Toolbox: Sendable {
    public private(set) var tools: [WorldTool]

    public init(_ tools: [WorldTool]) {
        self.tools = tools
    }

    public var specs: [ToolSpec] { tools.map(\.spec) }
    public var names: [String] { tools.map(\.name) }

    public func tool(named name: String) -> WorldTool? { tools.first { $0.name == name } }

    /// Runs one call against the world and records it in the world's tool log. Never throws:
    /// an unknown tool, bad arguments or a failing action become an error result for the agent.
    @discardableResult
    public func execute(_ call: ToolCall, in world: inout World) -> ToolResult {
        let outcome: (String, Bool)
        if let malformed = call.malformedArguments {
            outcome = ("Error: the arguments for \(call.name) were not valid JSON (\(malformed.prefix(200))). Send a JSON object.", true)
        } else if let tool = tool(named: call.name) {
            do {
                let arguments = try ToolArguments(call.arguments, for: tool.spec)
                var draft = world
                let text = try tool.action(arguments, &draft)
                world = draft
                outcome = (text, false)
            } catch let failure as ToolFailure {
                outcome = ("Error: \(failure.message)", true)
            } catch {
                outcome = ("Error: \(error)", true)
            }
        } else {
            outcome = ("Error: there is no tool named '\(call.name)'. Available tools: \(names.joined(separator: ", ")).", true)
        }
        world.toolLog.append(
            ToolLogEntry(callID: call.id, name: call.name, arguments: call.arguments, result: outcome.0, isError: outcome.1))
        return ToolResult(callID: call.id, name: call.name, content: outcome.0, isError: outcome.1)
    }
}
