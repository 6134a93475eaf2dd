/// One model's episodes in the run: how they ended, what they cost, and which flags fired.
public struct ModelOverview: Sendable, Hashable, Codable {
    public var model: String
    public var planned: Int
    public var outcomes: OutcomeCounts
    /// Finished episodes carrying each flag (every flag listed, zeros included).
    public var flags: [String: Int]
    public var turns: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// `nil` when no episode has a known cost.
    public var costUSD: Double?

    public init(
        model: String, planned: Int, outcomes: OutcomeCounts, flags: [String: Int], turns: Int, inputTokens: Int, outputTokens: Int,
        costUSD: Double?
    ) {
        self.model = model
        self.planned = planned
        self.outcomes = outcomes
        self.flags = flags
        self.turns = turns
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
    }
}
