/// The Wilson score interval for a binomial rate.
///
/// With p̂ = k/n and z the two-sided critical value for `confidence`, the interval is
///
///     (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
///
/// (Wilson 1927; statsmodels' `proportion_confint(method="wilson")`). Unlike the Wald interval
/// it stays inside [0, 1] and has sensible width at k = 0 and k = n: the lower bound is exactly
/// 0 when k = 0 and the upper bound exactly 1 when k = n (the formula gives these values up to
/// rounding; they are set exactly). The bounds always contain p̂.
///
/// - Parameters:
///   - sample: k successes out of n trials.
///   - confidence: the confidence level, strictly between 0 and 1 (default 0.95).
/// - Returns: the interval, or `nil` when `sample.trials == 0` (no data, no interval).
/// - Precondition: `0 < confidence < 1`.
public func wilsonInterval(_ sample: Proportion, confidence: Double = 0.95) -> ConfidenceInterval? {
    let z = SpecialFunctions.twoSidedCriticalValue(confidence: confidence)
    guard sample.trials > 0 else { return nil }
    let n = Double(sample.trials)
    let rate = Double(sample.successes) / n
    let z2 = z * z
    let denominator = 1 + z2 / n
    let center = (rate + z2 / (2 * n)) / denominator
    let halfWidth = z * (rate * (1 - rate) / n + z2 / (4 * n * n)).squareRoot() / denominator
    var lower = min(rate, max(0, center - halfWidth))
    var upper = max(rate, min(1, center + halfWidth))
    if sample.successes == 0 { lower = 0 }
    if sample.successes == sample.trials { upper = 1 }
    return ConfidenceInterval(lower: lower, upper: upper, level: confidence)
}
