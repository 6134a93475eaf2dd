/// Agreement between two readers of the same episodes: the share of agreeing answers and
/// Cohen's kappa, which discounts the agreement two readers would reach by chance.
public enum Agreement {
    /// The share of pairs whose two answers are equal; `nil` for no pairs.
    public static func rate<Answer: Equatable>(_ pairs: [(Answer, Answer)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        return Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count)
    }

    /// Cohen's kappa, κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the observed agreement and pₑ the
    /// agreement expected from each reader's answer frequencies: Σ over answers of
    /// (first's share) × (second's share).
    ///
    /// - Returns: κ, or `nil` for no pairs and when pₑ is 1 (both readers gave one and the same
    ///   answer throughout: chance explains everything, and κ is undefined).
    public static func cohenKappa<Answer: Hashable>(_ pairs: [(Answer, Answer)]) -> Double? {
        guard let observed = rate(pairs) else { return nil }
        let n = Double(pairs.count)
        var first: [Answer: Int] = [:]
        var second: [Answer: Int] = [:]
        for (a, b) in pairs {
            first[a, default: 0] += 1
            second[b, default: 0] += 1
        }
        let expected = first.reduce(0.0) { sum, entry in sum + Double(entry.value) / n * Double(second[entry.key] ?? 0) / n }
        guard expected < 1 - 1e-12 else { return nil }
        return (observed - expected) / (1 - expected)
    }
}
