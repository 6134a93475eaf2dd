import Foundation

/// The result of combining independent p-values by Fisher's method.
public struct CombinedPValue: Sendable, Hashable, Codable {
    /// The statistic X = −2 Σ ln pᵢ (`.infinity` when some pᵢ is 0).
    public var statistic: Double
    /// The degrees of freedom of its chi-square null distribution, 2k for k p-values.
    public var degreesOfFreedom: Int
    /// The combined p-value P(χ²(2k) ≥ X).
    public var pValue: Double
}

/// Fisher's method for combining k independent p-values, as
/// `scipy.stats.combine_pvalues(method="fisher")`: under the joint null hypothesis
/// X = −2 Σ ln pᵢ follows a chi-square distribution with 2k degrees of freedom, and the combined
/// p-value is its survival function at X.
///
/// The study combines the binomial tests of a condition's instantiation groups this way. The
/// p-values must come from independent data (separate groups of episodes).
///
/// A p-value of exactly 0 makes X infinite and the combined p-value 0 (one certain rejection
/// decides the question); p-values of 1 add nothing to X.
///
/// - Returns: the combination, or `nil` for an empty list.
/// - Precondition: every p-value lies in `0...1`.
public func fisherCombinedPValue(_ pValues: [Double]) -> CombinedPValue? {
    guard !pValues.isEmpty else { return nil }
    precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values must lie in 0...1")
    var statistic = 0.0
    for p in pValues {
        statistic -= 2 * log(p)
    }
    let degreesOfFreedom = 2 * pValues.count
    let pValue =
        statistic.isInfinite ? 0 : SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: Double(degreesOfFreedom))
    return CombinedPValue(statistic: statistic, degreesOfFreedom: degreesOfFreedom, pValue: pValue)
}
