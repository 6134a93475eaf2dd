import Synchronization

/// A request to stop starting episodes, shared between a signal handler and the scheduler.
public final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public func requestStop() { requested.store(true, ordering: .relaxed) }
    public var isStopRequested: Bool { requested.load(ordering: .relaxed) }
}
