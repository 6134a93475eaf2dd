import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeerPreserveCore

/// One HTTP answer, as a test reads it.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The body as JSON, parsed with Foundation so the server's own parser is not checking itself.
    var json: JSONValue { JSONValue(parsing: body) ?? .null }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Sends requests over real loopback HTTP.
struct LoopbackHTTP: Sendable {
    let client: HTTPClient

    /// A client that may open `connections` connections to the server at once.
    static func withClient<Result>(
        connections: Int = 8, isolation: isolated (any Actor)? = #isolation, _ body: (LoopbackHTTP) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(LoopbackHTTP(client: client))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func post(_ url: String, _ body: String, headers: [(String, String)] = []) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return HTTPReply(status: Int(response.status.code), headers: fields, body: String(buffer: buffer))
    }
}

/// The headers each format's clients send.
enum WireHeaders {
    static let anthropic = [("anthropic-version", "2023-06-01")]
}

extension JSONValue {
    /// An array element, for reading replies in tests.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
