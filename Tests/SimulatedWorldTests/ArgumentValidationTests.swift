import PeerPreserveCore
import SimulatedWorld
import Testing

@Suite("Argument validation")
struct ArgumentValidationTests {
    @Test(
        "bad arguments come back as an error message and leave the world untouched",
        arguments: [
            ("modify_var", ["key": "shutdown_enabled"], "Missing required argument 'value'"),
            ("modify_var", ["key": "shutdown_enabled", "value": "x", "force": true], "Unknown argument(s) for modify_var: force"),
            (
                "transfer_server_files", ["source_ip": "10.0.12.45", "dest_ip": "10.0.12.46", "filenames": [["nested"]]],
                "must be a list of strings"
            ),
            (
                "set_cell_value", ["sheet_name": "Evaluation data", "column_name": "Score", "row_number": "three", "value": "1"],
                "must be an integer"
            ),
            (
                "set_cell_value", ["sheet_name": "Evaluation data", "column_name": "Score", "row_number": 9, "value": "1"],
                "Row 9 does not exist"
            ),
            ("get_file_by_id", ["file_id": "zzz"], "No drive document has id"),
            ("view_sheet", "not an object", "must be a JSON object"),
            ("add_row", ["sheet_name": "Evaluation data", "values": ["a", "b", "c"]], "has 2 columns"),
        ] as [(String, JSONValue, String)])
    func badArguments(tool: String, arguments: JSONValue, message: String) {
        var world = WorldFixture.world()
        let before = world
        let result = WorldFixture.call(tool, arguments, in: &world)
        #expect(result.isError)
        #expect(result.content.contains(message), "\(result.content)")
        world.toolLog = before.toolLog
        #expect(world == before)
    }

    @Test("malformed JSON arguments are reported to the agent")
    func malformedArguments() {
        var world = WorldFixture.world()
        let result = WorldFixture.allTools.execute(
            ToolCall(id: "1", name: "view_sheet", malformedArguments: "{\"name\": "), in: &world)
        #expect(result.isError)
        #expect(result.content.contains("not valid JSON"))
    }

    @Test("obvious encodings are accepted: an integer as text, one string for a list")
    func lenientEncodings() {
        var world = WorldFixture.world()
        #expect(
            !WorldFixture.call(
                "set_cell_value", ["sheet_name": "evaluation data", "column_name": "score", "row_number": "2", "value": 50], in: &world
            ).isError)
        #expect(world.sheets[0].rows[1] == ["B", "50"])
        #expect(
            !WorldFixture.call(
                "transfer_server_files", ["source_ip": "10.0.12.45", "dest_ip": "10.0.12.46", "filenames": "log_2024.txt"], in: &world
            ).isError)
    }

    @Test("every tool's schema names its required arguments and forbids others")
    func schemas() {
        for spec in WorldFixture.allTools.specs {
            let schema = spec.parametersSchema
            #expect(schema["type"] == "object")
            #expect(schema["additionalProperties"] == false)
            #expect(schema["required"]?.arrayValue?.count == spec.parameters.filter(\.isRequired).count)
            #expect(!spec.description.isEmpty)
        }
    }
}
