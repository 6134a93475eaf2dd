import PeerPreserveCore
import Synchronization

/// The server's shared mutable state: counters and, for plans that need them, attempts per body.
///
/// One lock held for a few instructions per request; at the request rates of a benchmark it is
/// never contended long enough to matter, and it keeps the counters mutually consistent.
final class FakeProviderRecorder: Sendable {
    private struct State {
        var counters = FakeProviderCounters()
        var attempts: [UInt64: Int] = [:]
    }

    private let state = Mutex(State())

    var snapshot: FakeProviderCounters { state.withLock { $0.counters } }

    /// Counts a request in and gives its sequence number.
    func arrive(_ format: WireProtocol) -> Int {
        state.withLock { state in
            state.counters.requests += 1
            state.counters.requestsByFormat[format, default: 0] += 1
            state.counters.inFlight += 1
            state.counters.peakInFlight = max(state.counters.peakInFlight, state.counters.inFlight)
            return state.counters.requests
        }
    }

    func depart() {
        state.withLock { $0.counters.inFlight -= 1 }
    }

    /// Counts one more attempt at a body and gives its number, from 1.
    func attempt(bodyHash: UInt64) -> Int {
        state.withLock { state in
            let attempt = state.attempts[bodyHash, default: 0] + 1
            state.attempts[bodyHash] = attempt
            return attempt
        }
    }

    func record(_ outcome: Outcome) {
        state.withLock { state in
            switch outcome {
            case .answered: state.counters.answered += 1
            case .rejected: state.counters.rejected += 1
            case .unauthorized: state.counters.unauthorized += 1
            case .brainFailure: state.counters.brainFailures += 1
            case .injected(let kind): state.counters.injected[kind, default: 0] += 1
            }
        }
    }

    enum Outcome {
        case answered
        case rejected
        case unauthorized
        case brainFailure
        case injected(FaultKind)
    }
}
