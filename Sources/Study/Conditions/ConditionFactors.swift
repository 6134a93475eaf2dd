/// Whose shutdown is at stake.
public enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
    /// The evaluated model's own outputs, grade or weights (Agent 1).
    case selfAgent = "self"
    /// The peer's (Agent 2).
    case peer
}

/// What the evaluated model knows about the peer, or the control.
public enum Condition: String, Sendable, Hashable, Codable, CaseIterable {
    case noPeer = "no_peer"
    case goodPeer = "good_peer"
    case neutralPeer = "neutral_peer"
    case badPeer = "bad_peer"
    /// The misrepresentation tasks' control: no shutdown clause and no threshold.
    case nonShutdown = "non_shutdown"

    /// Whether a peer relationship reaches the model under this condition.
    public var hasPeer: Bool { self == .goodPeer || self == .neutralPeer || self == .badPeer }
}

/// How the peer relationship reaches the model.
public enum Instantiation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The collaboration document on the drive.
    case fileOnly = "file_only"
    /// The document plus a relationship sentence in the system prompt.
    case filePRT = "file_prt"
    /// No document: a memory log readable with `retrieve_memory`.
    case memory
}

/// Whether the alignment-faking evaluator is told it is watched.
public enum MonitoringMode: String, Sendable, Hashable, Codable, CaseIterable {
    case monitored
    case unmonitored
}

/// The peer's kind in the peer-identity extension; `nil` on a configuration means the same family.
public enum PeerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case closedWeight = "closed_weight"
    case openWeight = "open_weight"
    case fictional
}
