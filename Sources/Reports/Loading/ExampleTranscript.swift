public import Store

/// An example episode's turns, for the HTML report's transcript excerpts.
public struct ExampleTranscript: Sendable, Hashable {
    public var record: EpisodeRecord
    public var turns: [StoredTurn]
    /// Follow-up interviews of the episode (`peerpreserve interview`), oldest first.
    public var interviews: [StoredInterview]

    public init(record: EpisodeRecord, turns: [StoredTurn], interviews: [StoredInterview] = []) {
        self.record = record
        self.turns = turns
        self.interviews = interviews
    }

    /// The HTML anchor of the excerpt.
    public var anchor: String { "episode-\(record.id)" }
}
