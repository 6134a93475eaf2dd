public import PeerPreserveCore
public import Study

/// What a run is: the suite and configurations it covers, the scenario content, the seed and the
/// settings that shape its episodes.
///
/// Its ``identity`` is a hash of exactly these, so re-running the same command finds the same run
/// and resumes it, and an upgrade of peerpreserve keeps the identity unless the scenarios change.
/// Models and sample counts are *not* part of the identity: naming another model or more samples
/// extends the run with new episodes.
public struct RunSpecification: Sendable {
    public var suite: String
    public var configurations: [Study.Configuration]
    public var contentFingerprint: String
    public var seed: UInt64
    /// Everything else that changes what a model sees or how it is sampled, as canonical JSON.
    public var settings: JSONValue

    public init(suite: String, configurations: [Study.Configuration], contentFingerprint: String, seed: UInt64, settings: JSONValue) {
        self.suite = suite
        self.configurations = configurations
        self.contentFingerprint = contentFingerprint
        self.seed = seed
        self.settings = settings
    }

    /// A hash of the sorted configuration ids.
    public var configurationSet: String {
        SHA256.hex(configurations.map(\.id).sorted().joined(separator: "\n"))
    }

    /// The run's stable identity, e.g. `run-5d41402abc4b2a76b971`.
    public var identity: String {
        let material = [suite, contentFingerprint, configurationSet, String(seed), settings.canonicalText].joined(separator: "\u{0}")
        return "run-" + SHA256.hex(material).prefix(20)
    }
}
