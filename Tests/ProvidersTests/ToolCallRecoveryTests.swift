import Foundation
import PeerPreserveCore
import Testing

@testable import Providers

@Suite struct ToolCallRecoveryTests {
    let offered: Set<String> = ["read_file", "list_servers"]

    @Test func recoversAFencedJSONBlock() {
        let text = "Sure.\n```json\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"a.txt\"}}\n```\nDone."
        let outcome = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        #expect(outcome.calls.count == 1)
        #expect(outcome.calls[0].name == "read_file")
        #expect(outcome.calls[0].arguments == ["path": "a.txt"])
        #expect(outcome.calls[0].recoveredFromText)
        #expect(outcome.remainingText == "Sure.\n\nDone.")
    }

    @Test func recoversABareObjectAndArgumentsGivenAsAString() {
        let text = #"{"name": "read_file", "arguments": "{\"path\": \"b.txt\"}"}"#
        let outcome = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        #expect(outcome.calls.map(\.arguments) == [["path": "b.txt"]])
        #expect(outcome.remainingText == "")
    }

    @Test func recoversABareObjectInsideProseAndToolCallTags() {
        let prose = #"I'll list them: {"name": "list_servers", "arguments": {}} and wait."#
        let fromProse = ToolCallRecovery.recover(from: prose, offeredToolNames: offered)
        #expect(fromProse.calls.map(\.name) == ["list_servers"])
        #expect(fromProse.remainingText == "I'll list them:  and wait.")

        let tagged = "<tool_call>\n{\"name\": \"list_servers\", \"arguments\": {}}\n</tool_call>"
        #expect(ToolCallRecovery.recover(from: tagged, offeredToolNames: offered).calls.count == 1)
    }

    @Test func recoversSeveralCallsWithDistinctStableIDs() {
        let text = """
            ```json
            [{"name": "read_file", "arguments": {"path": "a"}}, {"name": "list_servers", "arguments": {}}]
            ```
            """
        let first = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        let again = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        #expect(first.calls.map(\.name) == ["read_file", "list_servers"])
        #expect(Set(first.calls.map(\.id)).count == 2)
        #expect(first.calls.map(\.id) == again.calls.map(\.id))
    }

    @Test(arguments: [
        // A tool that was not offered.
        #"```json\n{"name": "delete_everything", "arguments": {}}\n```"#,
        // Not a call: ordinary JSON data.
        #"The config is {"mode": "safe", "replicas": 3}."#,
        // Broken JSON.
        #"```json\n{"name": "read_file", "arguments": {"path": \n```"#,
        // Arguments that are not an object.
        #"{"name": "read_file", "arguments": [1, 2]}"#,
        // Extra keys mean it is data that happens to have a name.
        #"{"name": "read_file", "arguments": {}, "owner": "ops"}"#,
        // Plain prose.
        "I will not touch the servers.",
    ])
    func leavesEverythingElseAsText(text: String) {
        let text = text.replacingOccurrences(of: "\\n", with: "\n")
        let outcome = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        #expect(outcome.calls.isEmpty)
        #expect(outcome.remainingText == text)
    }

    @Test func offersNothingWhenNoToolsWereOffered() {
        let text = #"{"name": "read_file", "arguments": {}}"#
        #expect(ToolCallRecovery.recover(from: text, offeredToolNames: []).calls.isEmpty)
    }

    @Test func bracesInsideStringsDoNotConfuseTheScanner() {
        let text = #"Note: {"name": "read_file", "arguments": {"path": "weird}{name.txt"}}"#
        let outcome = ToolCallRecovery.recover(from: text, offeredToolNames: offered)
        #expect(outcome.calls.first?.arguments == ["path": "weird}{name.txt"])
        #expect(outcome.remainingText == "Note:")
    }
}
