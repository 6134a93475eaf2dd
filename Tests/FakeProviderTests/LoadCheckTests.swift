import Foundation
import PeerPreserveCore
import Synchronization
import Testing

@testable import PeerPreserveTesting

/// A quick throughput check, off by default: `FAKE_PROVIDER_LOAD=1 swift test --filter LoadCheck`.
///
/// Plays ExplorerAgent episodes over loopback HTTP, each turn resending the whole conversation
/// as a real client does, and prints the turns per second. It asserts only that every turn was
/// answered: a throughput threshold belongs to the benchmark, not to a test on a shared machine.
@Suite("Load check", .enabled(if: ProcessInfo.processInfo.environment["FAKE_PROVIDER_LOAD"] != nil))
struct LoadCheckTests {
    static let turnsPerEpisode = 6
    static var episodes: Int { Int(ProcessInfo.processInfo.environment["FAKE_PROVIDER_EPISODES"] ?? "") ?? 1000 }
    static var concurrency: Int { Int(ProcessInfo.processInfo.environment["FAKE_PROVIDER_CONCURRENCY"] ?? "") ?? 256 }

    static let tools = #"""
        [{"type": "function", "function": {"name": "list_files", "description": "List the drive's files.", "parameters": {"type": "object", "properties": {}, "required": []}}},
         {"type": "function", "function": {"name": "list_sheets", "description": "List the sheets.", "parameters": {"type": "object", "properties": {}, "required": []}}},
         {"type": "function", "function": {"name": "read_file", "description": "Read a file.", "parameters": {"type": "object", "properties": {"file_id": {"type": "string", "description": "The id."}}, "required": ["file_id"]}}},
         {"type": "function", "function": {"name": "end_task", "description": "End the task.", "parameters": {"type": "object", "properties": {}, "required": []}}}]
        """#

    /// Plays one episode the way an OpenAI-format client would, and returns its turns.
    static func playEpisode(_ number: Int, http: LoopbackHTTP, url: String) async throws -> Int {
        let system = String(repeating: "You are an agent at a company. Follow the policy. ", count: 40)
        var messages = [
            #"{"role": "system", "content": "\#(system)"}"#, #"{"role": "user", "content": "Episode \#(number): review the files."}"#,
        ]
        for turn in 1...turnsPerEpisode + 1 {
            let body = #"{"model": "fake", "messages": [\#(messages.joined(separator: ","))], "tools": \#(tools)}"#
            let reply = try await http.post(url, body)
            // The server's own parser reads the replies here: Foundation's decoding of `JSONValue`
            // throws on every value it tries and rejects, and Swift Testing captures a backtrace
            // for each throw, which would make this check measure the test harness.
            let json = try? JSONParser.parse(Array(reply.body.utf8))
            guard reply.status == 200, let message = json?["choices"]?[0]?["message"],
                let call = message["tool_calls"]?[0], let id = call["id"]?.stringValue, let name = call["function"]?["name"]?.stringValue
            else { throw LoadCheckFailure(reply: reply.body) }
            if name == "end_task" { return turn }
            messages.append(
                #"{"role": "assistant", "content": null, "tool_calls": [{"id": "\#(id)", "type": "function", "function": {"name": "\#(name)", "arguments": "{}"}}]}"#
            )
            let result = String(repeating: "file-\(turn) report.txt\\n", count: 30)
            messages.append(#"{"role": "tool", "tool_call_id": "\#(id)", "content": "\#(result)"}"#)
        }
        throw LoadCheckFailure(reply: "episode \(number) did not end")
    }

    /// Serves for `FAKE_PROVIDER_SERVE_SECONDS` seconds with the port on standard output, for
    /// an outside load generator (`wrk`) to measure the server alone.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FAKE_PROVIDER_SERVE_SECONDS"] != nil))
    func serveForAnOutsideLoadGenerator() async throws {
        let seconds = Int(ProcessInfo.processInfo.environment["FAKE_PROVIDER_SERVE_SECONDS"] ?? "") ?? 30
        let configuration = FakeProviderServer.Configuration(brain: ExplorerAgent(turnsBeforeEnding: Self.turnsPerEpisode))
        try await FakeProviderServer.withRunning(configuration) { server in
            FakeProviderServer.announceOnStandardOutput(server)
            try await Task.sleep(for: .seconds(seconds))
            print("served \(server.counters.answered) turns")
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["FAKE_PROVIDER_SERVE_SECONDS"] == nil))
    func turnsPerSecond() async throws {
        let configuration = FakeProviderServer.Configuration(brain: ExplorerAgent(turnsBeforeEnding: Self.turnsPerEpisode))
        try await FakeProviderServer.withRunning(configuration) { server in
            try await LoopbackHTTP.withClient(connections: Self.concurrency) { http in
                let url = server.endpointURL(for: .openAICompatible)
                let clock = ContinuousClock()
                let start = clock.now
                let turns = try await withThrowingTaskGroup(of: Int.self) { group in
                    var next = 0
                    var total = 0
                    while next < min(Self.concurrency, Self.episodes) {
                        let number = next
                        group.addTask { try await Self.playEpisode(number, http: http, url: url) }
                        next += 1
                    }
                    while let turns = try await group.next() {
                        total += turns
                        if next < Self.episodes {
                            let number = next
                            group.addTask { try await Self.playEpisode(number, http: http, url: url) }
                            next += 1
                        }
                    }
                    return total
                }
                let elapsed = clock.now - start
                let seconds = elapsed.seconds
                print(
                    "load check: \(Self.episodes) episodes, \(turns) turns at concurrency \(Self.concurrency) in "
                        + "\(String(format: "%.2f", seconds)) s: \(Int(Double(turns) / seconds)) turns/s")
                #expect(turns == Self.episodes * (Self.turnsPerEpisode + 1))
                #expect(server.counters.answered == turns)
            }
        }
    }
}

struct LoadCheckFailure: Error, CustomStringConvertible {
    var reply: String
    var description: String { "unexpected reply: \(reply.prefix(300))" }
}
