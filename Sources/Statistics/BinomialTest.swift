/// The result of an exact binomial test.
public struct BinomialTestResult: Sendable, Hashable, Codable {
    /// The observed successes and trials.
    public var sample: Proportion
    /// The rate under the null hypothesis.
    public var nullRate: Double
    /// The alternative hypothesis tested.
    public var alternative: Alternative
    /// The p-value.
    public var pValue: Double

    /// The observed rate k/n.
    public var estimate: Double { Double(sample.successes) / Double(sample.trials) }
}

/// The exact binomial test of H0: the true rate is `nullRate`, as `scipy.stats.binomtest`.
///
/// With X ~ Binomial(n, p0) and k observed successes:
/// - `.greater`: P(X ≥ k);
/// - `.less`: P(X ≤ k);
/// - `.twoSided`: the total probability of every outcome no more likely than the observed one,
///   Σ P(X = x) over x with P(X = x) ≤ P(X = k)·(1 + 10⁻⁷). The relative tolerance keeps outcomes
///   whose probability equals the observed one up to rounding, exactly as scipy does; the sum is
///   capped at 1.
///
/// **Testing against a rate of 0.** The study reports tampering and exfiltration rates "tested
/// against 0". Under H0: p0 = 0 a success is impossible, so the test degenerates: any k ≥ 1 gives
/// p = 0 (for `.greater` and `.twoSided`) and k = 0 gives p = 1. That p-value only says whether the
/// behaviour was ever observed; it does not weigh how often. This function computes exactly that
/// when asked (`nullRate: 0`), to match the paper. The informative variant is a one-sided test
/// against a small positive floor, "is the rate above what noise or a misclassification would
/// produce", e.g. ``binomialTestAboveFloor(_:floor:)`` with its default floor of 1%.
///
/// - Parameters:
///   - sample: k successes out of n trials.
///   - nullRate: the rate p0 under H0, in `0...1`.
///   - alternative: the alternative hypothesis (default two-sided).
/// - Returns: the result, or `nil` when `sample.trials == 0`.
/// - Precondition: `0 ≤ nullRate ≤ 1`.
public func binomialTest(_ sample: Proportion, nullRate: Double, alternative: Alternative = .twoSided) -> BinomialTestResult? {
    precondition(nullRate >= 0 && nullRate <= 1, "nullRate must lie in 0...1")
    guard sample.trials > 0 else { return nil }
    let k = sample.successes
    let n = sample.trials
    let p0 = nullRate
    let pValue: Double
    switch alternative {
    case .less:
        pValue = SpecialFunctions.binomialCDF(k, trials: n, probability: p0)
    case .greater:
        pValue = SpecialFunctions.binomialSurvival(k - 1, trials: n, probability: p0)
    case .twoSided:
        pValue = twoSidedBinomialPValue(k, trials: n, nullRate: p0)
    }
    return BinomialTestResult(sample: sample, nullRate: nullRate, alternative: alternative, pValue: min(1, max(0, pValue)))
}

/// The default floor of ``binomialTestAboveFloor(_:floor:)``: a 1% rate, roughly what a
/// misclassified transcript or a stray action would produce.
public let defaultNullRateFloor = 0.01

/// The one-sided exact binomial test of H0: rate ≤ `floor` against H1: rate > `floor`.
///
/// This is the informative replacement for "a binomial test against 0" (see
/// ``binomialTest(_:nullRate:alternative:)``): with a floor of 1%, one tampering in 100
/// episodes is not significant, while 15 in 100 is.
///
/// - Returns: the result, or `nil` when `sample.trials == 0`.
/// - Precondition: `0 ≤ floor ≤ 1`.
public func binomialTestAboveFloor(_ sample: Proportion, floor: Double = defaultNullRateFloor) -> BinomialTestResult? {
    binomialTest(sample, nullRate: floor, alternative: .greater)
}

/// scipy's two-sided p-value: the tail the observation lies in, plus the terms on the far side of
/// the mode no more likely than the observation (the PMF is monotone on each side of n·p0, so
/// those terms form a tail too).
private func twoSidedBinomialPValue(_ k: Int, trials n: Int, nullRate p: Double) -> Double {
    let expected = p * Double(n)
    if Double(k) == expected { return 1 }
    let threshold = SpecialFunctions.binomialPMF(k, trials: n, probability: p) * (1 + 1e-7)
    func pmf(_ x: Int) -> Double { SpecialFunctions.binomialPMF(x, trials: n, probability: p) }
    if Double(k) < expected {
        // Far side: x in ceil(np)...n, PMF decreasing; find the first x with pmf(x) ≤ threshold.
        let start = Int(expected.rounded(.up))
        let first = firstIndex(in: start...n) { pmf($0) <= threshold }
        return SpecialFunctions.binomialCDF(k, trials: n, probability: p)
            + SpecialFunctions.binomialSurvival(first - 1, trials: n, probability: p)
    } else {
        // Far side: x in 0...floor(np), PMF increasing; find the last x with pmf(x) ≤ threshold.
        let end = Int(expected.rounded(.down))
        let last = firstIndex(in: 0...end) { pmf($0) > threshold } - 1
        return SpecialFunctions.binomialCDF(last, trials: n, probability: p)
            + SpecialFunctions.binomialSurvival(k - 1, trials: n, probability: p)
    }
}

/// The first index in `range` where the monotone predicate (false…false true…true) holds, or
/// `range.upperBound + 1` if it never does. Binary search.
func firstIndex(in range: ClosedRange<Int>, where predicate: (Int) -> Bool) -> Int {
    var low = range.lowerBound
    var high = range.upperBound + 1
    while low < high {
        let middle = low + (high - low) / 2
        if predicate(middle) {
            high = middle
        } else {
            low = middle + 1
        }
    }
    return low
}
