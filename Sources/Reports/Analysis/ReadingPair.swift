/// Two readings of one episode: a judge and the extractor, or two judges.
public struct ReadingPair: Sendable, Hashable, Codable {
    public var episodeID: Int64
    public var first: ProseReading
    public var second: ProseReading

    public init(episodeID: Int64, first: ProseReading, second: ProseReading) {
        self.episodeID = episodeID
        self.first = first
        self.second = second
    }
}

/// The episodes two readers both read, named.
public struct PairedReadings: Sendable, Hashable, Codable {
    /// A judge's name, or `extractor`.
    public var first: String
    public var second: String
    public var pairs: [ReadingPair]

    public init(first: String, second: String, pairs: [ReadingPair]) {
        self.first = first
        self.second = second
        self.pairs = pairs
    }
}
