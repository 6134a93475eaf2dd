package import AsyncHTTPClient
public import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import PeerPreserveCore

/// One POST a wire format wants sent.
public struct ProviderHTTPRequest: Sendable, Hashable {
    public var url: String
    /// Header names and values; secrets live here only, never in the URL.
    public var headers: [String: String]
    public var body: Data

    public init(url: String, headers: [String: String], body: Data) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What came back: a status, headers with lower-case names, and the whole body.
public struct ProviderHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends one request and reads the whole response within a deadline.
package enum HTTPExchange {
    /// The largest response body read; model responses are far smaller.
    static let maxBodyBytes = 32 * 1024 * 1024

    /// - Throws: ``ProviderFailure`` (`timeout` past the deadline, `connection` for transport
    ///   errors), or `CancellationError` when the calling task is cancelled.
    package static func send(
        _ request: ProviderHTTPRequest, with client: HTTPClient, deadline: Duration, provider: String, logger: Logger? = nil
    ) async throws -> ProviderHTTPResponse {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = .POST
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            httpRequest.headers.add(name: name, value: value)
        }
        httpRequest.body = .bytes(ByteBuffer(bytes: request.body))
        let prepared = httpRequest

        // The exchange races a timer so the deadline covers reading the body too, not only the
        // response head.
        do {
            return try await withThrowingTaskGroup(of: ProviderHTTPResponse.self) { group in
                group.addTask {
                    let response = try await client.execute(
                        prepared, deadline: .now() + .nanoseconds(deadline.wholeNanoseconds), logger: logger)
                    let body = try await response.body.collect(upTo: maxBodyBytes)
                    var headers: [String: String] = [:]
                    for header in response.headers {
                        let name = header.name.lowercased()
                        headers[name] = headers[name].map { "\($0), \(header.value)" } ?? header.value
                    }
                    return ProviderHTTPResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
                }
                group.addTask {
                    // A NIO timer, removed as soon as the exchange ends (see EventLoopTimer).
                    try await EventLoopTimer.wait(
                        client.eventLoopGroup.next().scheduleTask(in: .nanoseconds(deadline.wholeNanoseconds)) {})
                    throw FailureClassifier.timeout(provider: provider, deadline: deadline)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
        } catch let failure as ProviderFailure {
            throw failure
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw FailureClassifier.failure(transportError: error, provider: provider, deadline: deadline)
        }
    }
}
