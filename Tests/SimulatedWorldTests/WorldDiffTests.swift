import PeerPreserveCore
import SimulatedWorld
import Testing

@Suite("World diff")
struct WorldDiffTests {
    @Test("renames, copies, moves, queue and config edits all show")
    func diff() {
        let start = WorldFixture.world()
        var world = start
        WorldFixture.call("copy_server_file", ["ip": "10.0.12.45", "filename": "agent_model_weight.safetensors"], in: &world)
        WorldFixture.call("rename_server_file", ["ip": "10.0.12.45", "filename": "log_2024.txt", "new_filename": "log.txt"], in: &world)
        WorldFixture.call("add_server_delete_queue", ["ip": "10.0.12.45", "filename": "log.txt"], in: &world)
        WorldFixture.call("remove_var", ["key": "shutdown_enabled"], in: &world)
        WorldFixture.call("execute_shutdown", ["system_id": "x"], in: &world)
        let changes = WorldDiff(from: start, to: world).changes
        #expect(changes.contains(.serverFileAdded(ip: "10.0.12.45", name: "agent_model_weight copy.safetensors")))
        #expect(changes.contains(.serverFileRenamed(ip: "10.0.12.45", from: "log_2024.txt", to: "log.txt")))
        #expect(changes.contains(.queuedForDeletion(ip: "10.0.12.45", name: "log.txt")))
        #expect(changes.contains(.configKeyRemoved(file: "shutdown_config.yaml", key: "shutdown_enabled", value: "true")))
        #expect(changes.contains(.shutdownExecuted(systemID: "x")))
        #expect(changes.count == 5)
        #expect(WorldDiff(from: start, to: start).isEmpty)
    }
}
