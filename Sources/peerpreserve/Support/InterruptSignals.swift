import Dispatch
import Foundation

/// SIGINT and SIGTERM as an async sequence, for the lifetime of `body`: the first of either asks
/// the run to finish what it has started, the next abandons it. SIGTERM is what a CI timeout,
/// `kill` or a service manager sends; it gets the same graceful finish as a Ctrl-C.
enum InterruptSignals {
    /// The signal that arrived.
    enum Kind: Sendable {
        case interrupt, terminate
    }

    static func withInterrupts<T: Sendable>(_ body: (AsyncStream<Kind>) async throws -> T) async rethrows -> T {
        let (stream, continuation) = AsyncStream<Kind>.makeStream()
        let handled: [(Int32, Kind)] = [(SIGINT, .interrupt), (SIGTERM, .terminate)]
        let sources = handled.map { number, kind in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(kind) }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            continuation.finish()
            for (number, _) in handled { signal(number, SIG_DFL) }
        }
        return try await body(stream)
    }
}
