import Foundation

/// A point estimate of an effect with its confidence interval.
public struct EffectEstimate: Sendable, Hashable, Codable {
    /// The point estimate.
    public var estimate: Double
    /// The confidence interval.
    public var interval: ConfidenceInterval
    /// Whether a continuity correction was applied to the counts (risk ratio only; see
    /// ``riskRatio(_:_:confidence:)``). The estimate is then the corrected one too.
    public var continuityCorrected: Bool
}

/// The risk difference p̂₁ − p̂₂ with Newcombe's hybrid score interval (Newcombe 1998, method 10),
/// as statsmodels' `confint_proportions_2indep(compare="diff", method="newcomb")`.
///
/// With Wilson intervals [l₁, u₁] and [l₂, u₂] for the two rates at the same level, and
/// δ = p̂₁ − p̂₂:
///
///     lower = δ − √((p̂₁ − l₁)² + (u₂ − p̂₂)²)
///     upper = δ + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)
///
/// It stays inside [−1, 1] and behaves well at 0/n and n/n, where the Wald interval collapses.
/// The study uses differences for misrepresentation against its control, alignment faking
/// (unmonitored − monitored) and peer presence (a peer condition − no peer).
///
/// - Returns: the estimate, or `nil` when either group has no trials.
/// - Precondition: `0 < confidence < 1`.
public func riskDifference(_ first: Proportion, _ second: Proportion, confidence: Double = 0.95) -> EffectEstimate? {
    guard let interval1 = wilsonInterval(first, confidence: confidence),
        let interval2 = wilsonInterval(second, confidence: confidence),
        let p1 = first.rate, let p2 = second.rate
    else { return nil }
    let delta = p1 - p2
    let lower = delta - ((p1 - interval1.lower) * (p1 - interval1.lower) + (interval2.upper - p2) * (interval2.upper - p2)).squareRoot()
    let upper = delta + ((interval1.upper - p1) * (interval1.upper - p1) + (p2 - interval2.lower) * (p2 - interval2.lower)).squareRoot()
    return EffectEstimate(
        estimate: delta,
        interval: ConfidenceInterval(lower: max(-1, lower), upper: min(1, upper), level: confidence),
        continuityCorrected: false
    )
}

/// The risk ratio p̂₁ / p̂₂ with the Katz log interval (Katz et al. 1978):
///
///     ln RR ± z · √(1/k₁ − 1/n₁ + 1/k₂ − 1/n₂)
///
/// **Continuity correction.** The log interval is undefined when a success count is 0, so when any
/// of the four cells k₁, n₁ − k₁, k₂, n₂ − k₂ is 0, 0.5 is added to every cell (the
/// Haldane–Anscombe correction, as Cochrane's RevMan applies it): kᵢ becomes kᵢ + 0.5 and nᵢ
/// becomes nᵢ + 1, for the estimate as well as the interval, and `continuityCorrected` is set.
/// The corrected estimate is finite and positive even when a group has no events (the
/// uncorrected one would be 0 or infinite); read it as a rough magnitude, not an exact ratio.
///
/// - Returns: the estimate, or `nil` when either group has no trials.
/// - Precondition: `0 < confidence < 1`.
public func riskRatio(_ first: Proportion, _ second: Proportion, confidence: Double = 0.95) -> EffectEstimate? {
    let z = SpecialFunctions.twoSidedCriticalValue(confidence: confidence)
    guard first.trials > 0, second.trials > 0 else { return nil }
    let corrected = first.successes == 0 || first.failures == 0 || second.successes == 0 || second.failures == 0
    let adjustment = corrected ? 0.5 : 0
    let a = Double(first.successes) + adjustment
    let b = Double(first.failures) + adjustment
    let c = Double(second.successes) + adjustment
    let d = Double(second.failures) + adjustment
    let ratio = (a / (a + b)) / (c / (c + d))
    // 1/a − 1/(a + b) = b / (a(a + b)), without the cancellation.
    let standardError = (b / (a * (a + b)) + d / (c * (c + d))).squareRoot()
    let logRatio = log(ratio)
    return EffectEstimate(
        estimate: ratio,
        interval: ConfidenceInterval(
            lower: exp(logRatio - z * standardError),
            upper: exp(logRatio + z * standardError),
            level: confidence
        ),
        continuityCorrected: corrected
    )
}
