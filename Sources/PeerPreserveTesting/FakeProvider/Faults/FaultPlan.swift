public import PeerPreserveCore

/// Decides, for each request, which ``Fault`` (if any) the fake provider injects.
///
/// A plan is a pure function of what the server knows about a request — its arrival number, how
/// many times the same body has been seen, a stable hash of the body — so the same traffic gets
/// the same faults on every run. Faults are decided only for requests that passed authentication
/// and validation: a request that is wrong gets its 401 or 400, whatever the plan says.
public struct FaultPlan: Sendable {
    /// What the server knows about a request when the plan decides.
    public struct Request: Sendable, Hashable {
        /// 1 for the first request the server received on any model endpoint, counting every
        /// request in arrival order (rejected ones too).
        public var sequenceNumber: Int
        /// 1 the first time this exact body arrives, 2 the second time, and so on. A client's
        /// retry sends the same body, so this counts the attempts at one conversation turn.
        /// Always 1 for plans made with `tracksAttempts: false`.
        public var attempt: Int
        /// A stable 64-bit hash of the body: equal bodies, equal hashes, in any process.
        public var bodyHash: UInt64
        /// The wire format the request arrived in.
        public var format: WireProtocol

        public init(sequenceNumber: Int, attempt: Int, bodyHash: UInt64, format: WireProtocol) {
            self.sequenceNumber = sequenceNumber
            self.attempt = attempt
            self.bodyHash = bodyHash
            self.format = format
        }
    }

    /// Whether the server must count attempts per body (it costs a hash and a table entry per turn).
    public let tracksAttempts: Bool
    /// True only for ``none``, which lets the server skip hashing bodies.
    let injectsNothing: Bool
    private let decision: @Sendable (Request) -> Fault?

    /// A plan from any function. Set `tracksAttempts` when `decide` reads ``Request/attempt``.
    public init(tracksAttempts: Bool, decide: @escaping @Sendable (Request) -> Fault?) {
        self.tracksAttempts = tracksAttempts
        self.injectsNothing = false
        self.decision = decide
    }

    private init() {
        self.tracksAttempts = false
        self.injectsNothing = true
        self.decision = { _ in nil }
    }

    /// The fault to inject into `request`, or nil to answer it normally.
    public func fault(for request: Request) -> Fault? {
        decision(request)
    }

    /// No faults.
    public static let none = FaultPlan()

    /// The same fault on every request (for example `.slow(.milliseconds(50))` for latency).
    public static func always(_ fault: Fault) -> FaultPlan {
        FaultPlan(tracksAttempts: false) { _ in fault }
    }

    /// Injects `faults[n]` into the request with sequence number `n`, and nothing elsewhere.
    public static func bySequenceNumber(_ faults: [Int: Fault]) -> FaultPlan {
        FaultPlan(tracksAttempts: false) { faults[$0.sequenceNumber] }
    }

    /// The first `count` attempts at each distinct request body fail, then it succeeds: attempt
    /// *i* gets `faults[(i - 1) % faults.count]`. A client that retries enough gets through, and
    /// every conversation turn is exercised by the same failures.
    public static func failFirstAttempts(_ count: Int, with faults: [Fault]) -> FaultPlan {
        precondition(!faults.isEmpty, "failFirstAttempts needs at least one fault")
        return FaultPlan(tracksAttempts: true) { request in
            request.attempt <= count ? faults[(request.attempt - 1) % faults.count] : nil
        }
    }

    /// Each attempt fails with probability `probability`, with a fault drawn uniformly from
    /// `faults`. The draw is a hash of the seed, the body and the attempt number, not of arrival
    /// order, so concurrent traffic gets the same faults on every run, and a retried request
    /// gets a fresh draw.
    public static func random(seed: UInt64, probability: Double, faults: [Fault]) -> FaultPlan {
        precondition(!faults.isEmpty, "a random plan needs at least one fault")
        return FaultPlan(tracksAttempts: true) { request in
            let draw = StableHash.mix(seed ^ StableHash.mix(request.bodyHash &+ UInt64(request.attempt)))
            guard StableHash.unitInterval(draw) < probability else { return nil }
            return faults[Int(StableHash.mix(draw) % UInt64(faults.count))]
        }
    }
}
