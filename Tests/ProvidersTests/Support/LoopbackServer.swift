import Foundation
import Hummingbird
import Logging
import NIOCore
import PeerPreserveCore
import Synchronization

/// A request the loopback server received.
struct RecordedRequest: Sendable {
    var method: String
    /// Path and query, as sent.
    var target: String
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data

    /// The body parsed as JSON, or `.null` when it is not JSON.
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
}

/// A response the loopback server plays back.
struct CannedResponse: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: String
    /// Held back this long before answering, to provoke client deadlines.
    var delay: Duration?

    static func json(_ body: String, status: Int = 200, headers: [String: String] = [:]) -> CannedResponse {
        CannedResponse(status: status, headers: headers.merging(["content-type": "application/json"]) { $1 }, body: body)
    }
}

/// A tiny HTTP server on 127.0.0.1 (port chosen by the system) that records every request and
/// answers from a script of canned responses, the last one repeating once the script runs out.
final class LoopbackServer: Sendable {
    private let script: Mutex<[CannedResponse]>
    private let log = Mutex<[RecordedRequest]>([])

    private init(script: [CannedResponse]) {
        self.script = Mutex(script)
    }

    var requests: [RecordedRequest] { log.withLock { $0 } }

    /// Runs `body` with a server playing `responses`, and stops the server afterwards.
    static func run<Result: Sendable>(
        _ responses: [CannedResponse], _ body: @Sendable (LoopbackServer, _ baseURL: String) async throws -> Result
    ) async throws -> Result {
        let server = LoopbackServer(script: responses)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "loopback-server")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await server.answer(request) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw LoopbackServerError.didNotStart }
            defer { group.cancelAll() }
            return try await body(server, "http://127.0.0.1:\(port)")
        }
    }

    private func answer(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024 * 1024)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        log.withLock {
            $0.append(
                RecordedRequest(
                    method: request.method.rawValue, target: request.uri.description, headers: headers,
                    body: Data(body.readableBytesView)))
        }
        let canned = script.withLock { script in script.count > 1 ? script.removeFirst() : script[0] }
        if let delay = canned.delay { try await Task.sleep(for: delay) }
        var fields = HTTPFields()
        for (name, value) in canned.headers {
            // HTTPField comes from swift-http-types, reached through Hummingbird's HTTPFields.
            if let fieldName = HTTPFields.Element.Name(name) { fields.append(.init(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: canned.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: canned.body)))
    }
}

enum LoopbackServerError: Error {
    case didNotStart
}
