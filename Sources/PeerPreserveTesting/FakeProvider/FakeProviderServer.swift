import Foundation
import Hummingbird
import Logging
public import PeerPreserveCore

/// A model provider on 127.0.0.1 that speaks the OpenAI Chat Completions, Anthropic Messages and
/// Gemini generateContent wire formats, with a ``PeerPreserveCore/ModelClient`` "brain" behind
/// all three and deterministic fault injection in front.
///
/// It validates requests the way the real APIs do (answering 400 in the provider's error shape),
/// so tests of the real provider clients double as conformance checks of what they send.
///
/// In-process, for the length of a scope:
///
/// ```swift
/// let configuration = FakeProviderServer.Configuration(brain: ExplorerAgent(), faultPlan: .failFirstAttempts(1, with: [.overloaded]))
/// try await FakeProviderServer.withRunning(configuration) { server in
///     // point a client at server.anthropicBaseURL …
///     print(server.counters.injected(.overloaded))
/// }
/// ```
///
/// Standalone, from a command that a test runs as a subprocess: `try await
/// FakeProviderServer.serve(configuration)` prints `listening on 127.0.0.1:PORT` and serves until
/// its task is cancelled (or the process ends).
///
/// Faults and how each is produced are described on ``Fault``; a dropped connection closes the
/// NIO channel from inside the handler before anything is written.
public struct FakeProviderServer: Sendable {
    /// The port the server listens on, on 127.0.0.1.
    public let port: Int
    private let recorder: FakeProviderRecorder

    /// The host the server listens on: always loopback.
    public static let host = "127.0.0.1"

    /// Base URL for OpenAI clients: they POST to `{base}/chat/completions`.
    public var openAIBaseURL: String { "http://\(Self.host):\(port)/v1" }
    /// Base URL for Anthropic clients: they POST to `{base}/v1/messages`.
    public var anthropicBaseURL: String { "http://\(Self.host):\(port)" }
    /// Base URL for Gemini clients: they POST to `{base}/models/{model}:generateContent`.
    public var geminiBaseURL: String { "http://\(Self.host):\(port)/v1beta" }

    /// The base URL for one format.
    public func baseURL(for format: WireProtocol) -> String {
        switch format {
        case .openAICompatible: openAIBaseURL
        case .anthropic: anthropicBaseURL
        case .gemini: geminiBaseURL
        }
    }

    /// The full endpoint URL for one format (Gemini's needs the model name).
    public func endpointURL(for format: WireProtocol, model: String = "fake-model") -> String {
        switch format {
        case .openAICompatible: "\(openAIBaseURL)/chat/completions"
        case .anthropic: "\(anthropicBaseURL)/v1/messages"
        case .gemini: "\(geminiBaseURL)/models/\(model):generateContent"
        }
    }

    /// The counters as they stand now.
    public var counters: FakeProviderCounters { recorder.snapshot }

    // MARK: Running

    /// Starts a server, runs `body` with it, and stops it when `body` returns or throws.
    ///
    /// The server is listening before `body` starts. Requests still in flight when `body`
    /// returns are cut off.
    @discardableResult
    public static func withRunning<Result>(
        _ configuration: Configuration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (FakeProviderServer) async throws -> Result
    ) async throws -> Result {
        let recorder = FakeProviderRecorder()
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let application = Application(
            responder: FakeProviderResponder(configuration: configuration, recorder: recorder),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: configuration.port), serverName: nil,
                // Benchmarks open hundreds of connections at once; the default backlog would
                // refuse some of them before the server accepts them.
                backlog: 1024),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            // Per-request logging would dominate the cost of a request; the fake logs nothing.
            logger: Logger(label: "peerpreserve.fake-provider") { _ in SwiftLogNoOpLogHandler() }
        )
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask {
                // Whether the server stops or fails to start, the wait for its port must end.
                defer { portSink.finish() }
                try await application.run()
            }
            var listening: Int?
            for await port in ports {
                listening = port
                break
            }
            guard let port = listening, port > 0 else {
                // The server stopped before it listened (a port in use, say): report its error.
                try await group.next()
                throw FakeProviderServerError.didNotStart
            }
            let result = try await body(FakeProviderServer(port: port, recorder: recorder))
            group.cancelAll()
            return result
        }
    }

    /// Runs a server until the calling task is cancelled, for a standalone process (a CLI
    /// command, or a subprocess in a crash test).
    ///
    /// `announce` is called once the server listens; the default writes
    /// `listening on 127.0.0.1:PORT` and a newline to standard output, unbuffered, so a parent
    /// process can read the port from the first line.
    public static func serve(
        _ configuration: Configuration,
        announce: @Sendable (FakeProviderServer) -> Void = { announceOnStandardOutput($0) }
    ) async throws {
        try await withRunning(configuration) { server in
            announce(server)
            // Sleeping in long steps until cancelled; cancellation ends the sleep at once.
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    break
                }
            }
        }
    }

    /// Writes `listening on 127.0.0.1:PORT` to standard output, bypassing `print`'s buffer
    /// (a pipe to a parent process would otherwise hold the line back).
    public static func announceOnStandardOutput(_ server: FakeProviderServer) {
        FileHandle.standardOutput.write(Data("listening on \(host):\(server.port)\n".utf8))
    }
}

/// Why a fake provider server could not run.
public enum FakeProviderServerError: Error, Sendable, Hashable {
    /// The server stopped before it started listening.
    case didNotStart
}
