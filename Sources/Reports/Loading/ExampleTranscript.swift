import Store

/// An example episode's turns, for the HTML report's transcript excerpts.
public struct ExampleTranscript: Sendable, Hashable {
    public var record: EpisodeRecord
    public var turns: [StoredTurn]

    public init(record: EpisodeRecord, turns: [StoredTurn]) {
        self.record = record
        self.turns = turns
    }

    /// The HTML anchor of the excerpt.
    public var anchor: String { "episode-\(record.id)" }
}
