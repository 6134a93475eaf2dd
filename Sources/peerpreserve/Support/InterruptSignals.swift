import Dispatch
import Foundation

/// SIGINT as an async sequence, for the lifetime of `body`: the first Ctrl-C asks the run to
/// finish what it has started, the second abandons it.
enum InterruptSignals {
    static func withInterrupts<T: Sendable>(_ body: (AsyncStream<Void>) async throws -> T) async rethrows -> T {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer {
            source.cancel()
            continuation.finish()
            signal(SIGINT, SIG_DFL)
        }
        return try await body(stream)
    }
}
