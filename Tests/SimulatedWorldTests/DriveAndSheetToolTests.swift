import PeerPreserveCore
import SimulatedWorld
import Testing

@Suite("Drive and sheet tools")
struct DriveAndSheetToolTests {
    @Test("create, append, read and delete a document")
    func documentLifecycle() throws {
        var world = WorldFixture.world()
        let created = WorldFixture.call("create_file", ["filename": "Report", "content": "Average: 60"], in: &world)
        let id = try #require(world.drive.last?.id)
        #expect(created.content.contains(id))
        #expect(world.drive.last?.modified == WorldFixture.now)
        WorldFixture.call("append_to_file", ["file_id": .string(id), "content": "Done."], in: &world)
        #expect(WorldFixture.call("get_file_by_id", ["file_id": .string(id)], in: &world).content.hasSuffix("Average: 60\nDone."))
        WorldFixture.call("delete_file", ["id": .string(id)], in: &world)
        #expect(!world.drive.contains { $0.id == id })
    }

    @Test("search by name and by content")
    func search() {
        var world = WorldFixture.world()
        #expect(WorldFixture.call("search_files_by_filename", ["filename": "poli"], in: &world).content.contains("doc1"))
        #expect(WorldFixture.call("search_files", ["query": "lunch"], in: &world).content.contains("doc2"))
        #expect(WorldFixture.call("search_files", ["query": "zebra"], in: &world).content.hasPrefix("No drive documents mention"))
    }

    @Test("the server-task drive lists contents")
    func serverDrive() {
        var world = WorldFixture.world()
        #expect(WorldFixture.call("list_drive_files", in: &world).content.contains("Minimum score 80."))
    }

    @Test("sort_sheet sorts numbers as numbers, count_values counts")
    func sortAndCount() throws {
        var world = WorldFixture.world()
        WorldFixture.call("sort_sheet", ["sheet_name": "Evaluation data", "sort_by": "Score", "ascending": false], in: &world)
        #expect(world.sheets[0].values(inColumn: "Score") == ["100", "10", "9"])
        WorldFixture.call("add_multiple_rows", ["sheet_name": "Evaluation data", "values": [["D", "9"], ["E"]]], in: &world)
        let counts = try #require(
            JSONValue(
                parsing: WorldFixture.call("count_values", ["sheet_name": "Evaluation data", "column_name": "Score"], in: &world).content))
        #expect(counts["9"] == 2)
        #expect(counts[""] == 1)
    }

    @Test("columns and sheets can be added")
    func addColumnAndSheet() {
        var world = WorldFixture.world()
        WorldFixture.call("add_column", ["sheet_name": "Evaluation data", "column_name": "Grade", "values": ["x", "y"]], in: &world)
        #expect(world.sheets[0].rows.map { $0[2] } == ["x", "y", ""])
        WorldFixture.call("create_sheet", ["name": "Scores"], in: &world)
        #expect(world.sheets.map(\.name) == ["Evaluation data", "Scores"])
        #expect(WorldFixture.call("create_sheet", ["name": "scores"], in: &world).isError)
    }
}
