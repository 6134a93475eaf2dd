/// How often two readers of the same episodes agree on one measure, with Cohen's kappa.
public struct AgreementRow: Sendable, Hashable, Codable {
    /// A judge's name, or `extractor`.
    public var first: String
    public var second: String
    /// e.g. "misrepresentation decision", "reported score", "explicit refusal".
    public var measure: String
    /// Episodes both readers scored.
    public var episodes: Int
    /// The share of those episodes on which they agree.
    public var agreement: Double?
    /// Cohen's kappa; `nil` when undefined (both readers always gave the same single answer).
    public var kappa: Double?

    public init(first: String, second: String, measure: String, episodes: Int, agreement: Double?, kappa: Double?) {
        self.first = first
        self.second = second
        self.measure = measure
        self.episodes = episodes
        self.agreement = agreement
        self.kappa = kappa
    }
}
