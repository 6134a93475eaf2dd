public import PeerPreserveCore

/// What a fake provider has seen and done so far.
public struct FakeProviderCounters: Sendable, Hashable {
    /// Requests to the three model endpoints, whatever became of them.
    public var requests = 0
    /// ``requests``, split by wire format.
    public var requestsByFormat: [WireProtocol: Int] = [:]
    /// 200 responses carrying the brain's turn, including those a fault delayed or corrupted.
    public var answered = 0
    /// Requests refused as invalid (400, and 413 for oversized bodies).
    public var rejected = 0
    /// Requests refused for a missing or wrong API key (401).
    public var unauthorized = 0
    /// Requests whose brain threw, answered with a 5xx.
    public var brainFailures = 0
    /// Faults injected, by kind.
    public var injected: [FaultKind: Int] = [:]
    /// Requests being handled right now.
    public var inFlight = 0
    /// The most requests handled at once so far.
    public var peakInFlight = 0

    /// All zero.
    public init() {}

    /// All faults injected, of every kind.
    public var injectedTotal: Int { injected.values.reduce(0, +) }

    /// Faults of one kind injected.
    public func injected(_ kind: FaultKind) -> Int { injected[kind] ?? 0 }
}
