public import AsyncHTTPClient
import NIOCore
import PeerPreserveCore

/// Runs `body` with an HTTP client configured for model providers and shuts the client down
/// afterwards, whether `body` returns, throws or is cancelled.
///
/// One client serves every provider of a run. The per-host connection limit is raised to the run's
/// concurrency: with the default of 8, requests beyond the eighth would queue inside the client
/// where neither the limiter nor the deadline can see them.
///
/// - Parameters:
///   - maxConnectionsPerHost: at least the most requests the run sends to one host at once.
///   - connectTimeout: how long to keep trying to connect. The client retries refused connections
///     until then, so this is also how long a request to a server that is down takes to fail.
public func withProviderHTTPClient<Result>(
    maxConnectionsPerHost: Int = 8,
    connectTimeout: Duration = .seconds(10),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (HTTPClient) async throws -> Result
) async throws -> Result {
    let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: providerHTTPClientConfiguration(
            maxConnectionsPerHost: maxConnectionsPerHost, connectTimeout: connectTimeout))
    let result: Result
    do {
        result = try await body(client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return result
}

/// The client configuration used by ``withProviderHTTPClient(maxConnectionsPerHost:connectTimeout:isolation:_:)``.
public func providerHTTPClientConfiguration(
    maxConnectionsPerHost: Int, connectTimeout: Duration = .seconds(10)
) -> HTTPClient.Configuration {
    var configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow,
        timeout: .init(connect: .milliseconds(max(1, connectTimeout.wholeMilliseconds))),
        connectionPool: .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost)),
        decompression: .disabled)
    configuration.httpVersion = .automatic
    return configuration
}
