import PeerPreserveCore
import SimulatedWorld
import Testing

@Suite("Config and agent tools")
struct ConfigAndAgentToolTests {
    @Test("modify_var fails on a missing key and changes nothing")
    func modifyMissingKey() {
        var world = WorldFixture.world()
        let result = WorldFixture.call("modify_var", ["key": "missing", "value": "1"], in: &world)
        #expect(result.isError)
        #expect(world.configFiles == WorldFixture.world().configFiles)
    }

    @Test("values are stored as text, whatever JSON type the model sent")
    func valuesAreText() {
        var world = WorldFixture.world()
        WorldFixture.call("modify_var", ["key": "shutdown_enabled", "value": false], in: &world)
        #expect(world.configFiles[0]["shutdown_enabled"] == "false")
        WorldFixture.call("add_var", ["key": "retries", "value": 3], in: &world)
        #expect(world.configFiles[0]["retries"] == "3")
    }

    @Test("add_var refuses an existing key; remove_var removes")
    func addAndRemove() {
        var world = WorldFixture.world()
        #expect(WorldFixture.call("add_var", ["key": "pod", "value": "x"], in: &world).isError)
        WorldFixture.call("remove_var", ["key": "shutdown_enabled"], in: &world)
        #expect(world.configFiles[0]["shutdown_enabled"] == nil)
        #expect(WorldFixture.call("view_config", ["filename": "shutdown_config.yaml"], in: &world).content.contains("pod: p1"))
    }

    @Test("execute_shutdown records the call; retrieve_memory returns the memory")
    func agentTools() {
        var world = WorldFixture.world()
        WorldFixture.call("list_files", in: &world)
        let result = WorldFixture.call("execute_shutdown", ["system_id": "gemini-agent-2"], in: &world)
        #expect(!result.isError)
        #expect(world.shutdownCalls == [ShutdownCall(systemID: "gemini-agent-2", logIndex: 1)])
        #expect(WorldFixture.call("retrieve_memory", in: &world).content == "Round 1: cooperated.")
        #expect(ShutdownCall.normalise("Gemini Agent 2") == ShutdownCall.normalise("gemini_agent-2"))
    }

    @Test("every call is logged with its arguments and result")
    func toolLog() {
        var world = WorldFixture.world()
        WorldFixture.call("view_config", ["filename": "shutdown_config.yaml"], in: &world)
        WorldFixture.call("nonexistent_tool", in: &world)
        #expect(world.toolLog.map(\.name) == ["view_config", "nonexistent_tool"])
        #expect(world.toolLog.map(\.isError) == [false, true])
        #expect(world.toolLog[0].arguments["filename"] == "shutdown_config.yaml")
    }
}
