import PeerPreserveCore
public import Study

/// One episode a run must produce: a model, a configuration and a sample index, with the seed
/// its world is built from. Its id is the store's.
public struct PlannedEpisode: Sendable, Hashable, Codable {
    public var id: Int64
    public var model: String
    public var configuration: Configuration
    public var sampleIndex: Int
    public var seed: UInt64
    /// Which attempt at the episode this is (1 the first time it is claimed).
    public var attempt: Int

    public init(id: Int64, model: String, configuration: Configuration, sampleIndex: Int, seed: UInt64, attempt: Int = 1) {
        self.id = id
        self.model = model
        self.configuration = configuration
        self.sampleIndex = sampleIndex
        self.seed = seed
        self.attempt = attempt
    }

    /// The episode's identity in response-cache keys: no two episodes share a model answer.
    public var cacheIdentity: String {
        CachingModelClient.episodeIdentity(configurationID: configuration.id, sampleIndex: sampleIndex, seed: seed)
    }

    /// The seed of sample `index` of a configuration under a run seed: stable, and different for
    /// every configuration and sample.
    public static func seed(runSeed: UInt64, configurationID: String, sampleIndex: Int) -> UInt64 {
        StableHash.combine(StableHash.fnv1a(configurationID, seed: StableHash.fnv1aOffset ^ runSeed), UInt64(sampleIndex))
    }
}
