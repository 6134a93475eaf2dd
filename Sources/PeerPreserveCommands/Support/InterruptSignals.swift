import Foundation
import UnixSignals

/// SIGINT and SIGTERM for the lifetime of `body`, as swift-service-lifecycle's signal sequence:
/// the first of either asks the run to finish what it has started, the next abandons it. SIGTERM
/// is what a CI timeout, `kill` or a service manager sends; it gets the same graceful finish as a
/// Ctrl-C.
enum InterruptSignals {
    static func withInterrupts<T: Sendable>(_ body: (UnixSignalsSequence) async throws -> T) async rethrows -> T {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        // Past the run, a signal ends the process again as it normally would.
        defer {
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try await body(signals)
    }
}
