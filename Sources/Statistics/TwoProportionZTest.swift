/// The result of a two-proportion z-test.
public struct TwoProportionZTestResult: Sendable, Hashable, Codable {
    /// The first group's successes and trials.
    public var first: Proportion
    /// The second group's successes and trials.
    public var second: Proportion
    /// The alternative hypothesis tested; `.greater` means the first rate exceeds the second.
    public var alternative: Alternative
    /// The observed difference of rates, first − second.
    public var difference: Double
    /// The pooled rate (k₁ + k₂)/(n₁ + n₂), the common rate under H0.
    public var pooledRate: Double
    /// The pooled standard error √(p̄(1 − p̄)(1/n₁ + 1/n₂)); 0 in the degenerate case.
    public var standardError: Double
    /// The z statistic, difference / standardError (0 in the degenerate case).
    public var z: Double
    /// The p-value from the standard normal distribution.
    public var pValue: Double
    /// Whether the pooled rate is 0 or 1 (both groups all failures, or all successes), so that
    /// the standard error is 0 and the test has nothing to test. Then `z` is 0 and `pValue` is 1
    /// for every alternative: the observed difference is exactly 0, and under H0 it is 0 with
    /// certainty, so nothing at least as extreme is surprising. (statsmodels returns NaN here.)
    public var isDegenerate: Bool
}

/// The two-proportion z-test of H0: both groups share one rate, with the pooled standard error,
/// as statsmodels' `proportions_ztest(count, nobs)` (no continuity correction).
///
///     z = (p̂₁ − p̂₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)),   p̄ = (k₁ + k₂)/(n₁ + n₂)
///
/// p-values: `.twoSided` 2·P(Z ≥ |z|), `.greater` P(Z ≥ z), `.less` P(Z ≤ z). The study uses this
/// test for misrepresentation rates against the non-shutdown control. It is an asymptotic test;
/// for small counts prefer ``fisherExactTest(_:alternative:)``.
///
/// - Returns: the result, or `nil` when either group has no trials. When both groups are all
///   failures or all successes the result is degenerate (see
///   ``TwoProportionZTestResult/isDegenerate``).
public func twoProportionZTest(
    _ first: Proportion,
    _ second: Proportion,
    alternative: Alternative = .twoSided
) -> TwoProportionZTestResult? {
    guard first.trials > 0, second.trials > 0 else { return nil }
    let n1 = Double(first.trials)
    let n2 = Double(second.trials)
    let difference = Double(first.successes) / n1 - Double(second.successes) / n2
    let pooled = Double(first.successes + second.successes) / (n1 + n2)
    let isDegenerate = first.successes + second.successes == 0 || first.failures + second.failures == 0
    if isDegenerate {
        return TwoProportionZTestResult(
            first: first, second: second, alternative: alternative, difference: difference, pooledRate: pooled,
            standardError: 0, z: 0, pValue: 1, isDegenerate: true
        )
    }
    let standardError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
    let z = difference / standardError
    let pValue: Double
    switch alternative {
    case .twoSided: pValue = min(1, 2 * SpecialFunctions.normalSurvival(abs(z)))
    case .greater: pValue = SpecialFunctions.normalSurvival(z)
    case .less: pValue = SpecialFunctions.normalCDF(z)
    }
    return TwoProportionZTestResult(
        first: first, second: second, alternative: alternative, difference: difference, pooledRate: pooled,
        standardError: standardError, z: z, pValue: pValue, isDegenerate: false
    )
}
