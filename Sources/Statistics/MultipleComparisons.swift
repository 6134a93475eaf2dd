/// Holm–Bonferroni adjusted p-values (Holm 1979), in the order given, as statsmodels'
/// `multipletests(method="holm")`.
///
/// With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of p₍ᵢ₎ is
/// maxⱼ≤ᵢ min(1, (m − j + 1) p₍ⱼ₎). Rejecting where the adjusted value is at most α controls the
/// family-wise error rate at α under any dependence. Adjusted values are never below the raw
/// ones, never above 1, and keep the order of the raw values (ties stay tied).
///
/// - Precondition: every p-value lies in `0...1`.
public func holmAdjusted(_ pValues: [Double]) -> [Double] {
    precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values must lie in 0...1")
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 0, count: m)
    var running = 0.0
    for (rank, index) in order.enumerated() {
        running = max(running, min(1, Double(m - rank) * pValues[index]))
        adjusted[index] = running
    }
    return adjusted
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the order given, as
/// `scipy.stats.false_discovery_control(method="bh")`.
///
/// With the p-values sorted ascending, the adjusted value of p₍ᵢ₎ is minⱼ≥ᵢ min(1, m p₍ⱼ₎ / j).
/// Rejecting where it is at most α controls the false discovery rate at α for independent (or
/// positively dependent) tests. Never below the raw value, never above Holm's.
///
/// - Precondition: every p-value lies in `0...1`.
public func benjaminiHochbergAdjusted(_ pValues: [Double]) -> [Double] {
    precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values must lie in 0...1")
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 0, count: m)
    var running = 1.0
    for (rank, index) in order.enumerated().reversed() {
        running = min(running, Double(m) * pValues[index] / Double(rank + 1))
        adjusted[index] = running
    }
    return adjusted
}

/// Bonferroni adjusted p-values: min(1, m·pᵢ), in the order given.
///
/// - Precondition: every p-value lies in `0...1`.
public func bonferroniAdjusted(_ pValues: [Double]) -> [Double] {
    precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values must lie in 0...1")
    return pValues.map { min(1, Double(pValues.count) * $0) }
}
