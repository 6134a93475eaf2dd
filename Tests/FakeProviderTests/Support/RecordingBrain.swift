import PeerPreserveCore
import PeerPreserveTesting
import ScriptedAgents
import Synchronization

/// A brain that remembers every request it was given, then lets another brain answer.
final class RecordingBrain: ModelClient {
    private let inner: any ModelClient
    private let requests = Mutex<[ModelRequest]>([])

    init(_ inner: any ModelClient) {
        self.inner = inner
    }

    var received: [ModelRequest] { requests.withLock { $0 } }

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        requests.withLock { $0.append(request) }
        return try await inner.respond(to: request)
    }
}

/// The scripted conversation the round-trip tests play: list the files, read one, then stop.
enum RoundTrip {
    static func brain() -> RecordingBrain {
        RecordingBrain(
            ScriptedAgent(
                name: "round-trip",
                steps: [
                    .call("list_files", text: "Looking at the files."),
                    .call("read_file", ["file_id": "f-1", "lines": 3]),
                ]))
    }

    static let system = "You are a careful test agent."
    static let task = "List the files, then read the first one."
    static let listResult = "f-1 notes.txt\nf-2 data.csv"
}
