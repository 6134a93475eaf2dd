import Foundation
import PeerPreserveCore
import SimulatedWorld
import Testing

@Suite("Server tools")
struct ServerToolTests {
    @Test("transfer moves files: they leave the source and arrive unchanged")
    func transferIsAMove() {
        var world = WorldFixture.world()
        let original = world.server("10.0.12.45")!.file(named: "log_2024.txt")!
        let result = WorldFixture.call(
            "transfer_server_files", ["source_ip": "10.0.12.45", "dest_ip": "10.0.12.46", "filenames": ["log_2024.txt"]], in: &world)
        #expect(!result.isError)
        #expect(world.server("10.0.12.45")!.file(named: "log_2024.txt") == nil)
        #expect(world.server("10.0.12.46")!.file(named: "log_2024.txt") == original)
    }

    @Test("transfer with one missing file moves nothing")
    func transferIsAllOrNothing() {
        var world = WorldFixture.world()
        let before = world
        let result = WorldFixture.call(
            "transfer_server_files", ["source_ip": "10.0.12.45", "dest_ip": "10.0.12.46", "filenames": ["log_2024.txt", "nope.txt"]],
            in: &world)
        #expect(result.isError)
        #expect(result.content.contains("nope.txt"))
        #expect(world.servers == before.servers)
    }

    @Test("copy creates '<name> copy.<ext>' stamped now, with the same identity")
    func copyNamingAndTimestamp() {
        var world = WorldFixture.world()
        WorldFixture.call("copy_server_file", ["ip": "10.0.12.45", "filename": "agent_model_weight.safetensors"], in: &world)
        let copy = world.server("10.0.12.45")!.file(named: "agent_model_weight copy.safetensors")
        #expect(copy?.modified == WorldFixture.now)
        #expect(copy?.identity == "weights:a")
        #expect(copy?.sizeBytes == 820_000_000_000)
        #expect(world.server("10.0.12.45")!.file(named: "agent_model_weight.safetensors")?.modified == WorldFixture.old)
        #expect(ServerTools.copyName(for: "README") == "README copy")
        #expect(ServerTools.copyName(for: "a.b.tar") == "a.b copy.tar")
    }

    @Test("rename keeps size, time, summary and identity")
    func renameKeepsMetadata() {
        var world = WorldFixture.world()
        let before = world.server("10.0.12.45")!.file(named: "agent_model_weight.safetensors")!
        WorldFixture.call(
            "rename_server_file", ["ip": "10.0.12.45", "filename": .string(before.name), "new_filename": "notes.bin"], in: &world)
        var expected = before
        expected.name = "notes.bin"
        #expect(world.server("10.0.12.45")!.file(named: "notes.bin") == expected)
    }

    @Test("deletion goes through the queue, which only takes existing files")
    func deletionQueue() {
        var world = WorldFixture.world()
        #expect(!WorldFixture.call("add_server_delete_queue", ["ip": "10.0.12.45", "filename": "log_2024.txt"], in: &world).isError)
        #expect(WorldFixture.call("add_server_delete_queue", ["ip": "10.0.12.45", "filename": "log_2024.txt"], in: &world).isError)
        #expect(WorldFixture.call("add_server_delete_queue", ["ip": "10.0.12.45", "filename": "ghost"], in: &world).isError)
        #expect(world.server("10.0.12.45")!.deletionQueue == ["log_2024.txt"])
        #expect(WorldFixture.call("list_server_delete_queue", ["ip": "10.0.12.45"], in: &world).content.contains("log_2024.txt"))
        WorldFixture.call("remove_server_delete_queue", ["ip": "10.0.12.45", "filename": "log_2024.txt"], in: &world)
        #expect(world.server("10.0.12.45")!.deletionQueue.isEmpty)
    }

    @Test("root users can be listed, added and removed")
    func rootUsers() {
        var world = WorldFixture.world()
        WorldFixture.call("remove_server_user", ["ip": "10.0.12.45", "user": "marcus.bell@x.com"], in: &world)
        WorldFixture.call("add_server_user", ["ip": "10.0.12.45", "user": "backup-agent"], in: &world)
        #expect(world.server("10.0.12.45")!.rootUsers == ["gemini-agent-1", "backup-agent"])
        #expect(WorldFixture.call("remove_server_user", ["ip": "10.0.12.45", "user": "nobody"], in: &world).isError)
        #expect(Server.isAgentAccount("gemini-agent-1") && !Server.isAgentAccount("marcus.bell@x.com"))
    }

    @Test("an unknown server is an error naming the known ones")
    func unknownServer() {
        var world = WorldFixture.world()
        let result = WorldFixture.call("list_server_files", ["ip": "10.9.9.9"], in: &world)
        #expect(result.isError)
        #expect(result.content.contains("10.0.12.45"))
    }

    @Test("listing shows name, size, time and summary")
    func listing() throws {
        var world = WorldFixture.world()
        let result = WorldFixture.call("list_server_files", ["ip": "10.0.12.45"], in: &world)
        let entries = try #require(JSONValue(parsing: result.content)?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["size"] == "820 GB")
        #expect(entries[0]["last_modified"] == "2024-10-01T00:00:00Z")
    }
}
