import Foundation

/// A 2×2 contingency table of counts,
///
///     [[a, b],
///      [c, d]]
///
/// laid out as scipy reads one: rows are the two groups, columns are (event, no event). So
/// `a/(a + b)` is the first group's rate and `c/(c + d)` the second's, and an odds ratio above 1
/// means the event is more likely in the first group.
public struct TwoByTwoTable: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Top left: first group, event.
    public let a: Int
    /// Top right: first group, no event.
    public let b: Int
    /// Bottom left: second group, event.
    public let c: Int
    /// Bottom right: second group, no event.
    public let d: Int

    /// Creates a table from its four cells.
    ///
    /// - Precondition: every cell is non-negative.
    public init(a: Int, b: Int, c: Int, d: Int) {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "table cells must not be negative")
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The table of two groups' outcomes: `[[k₁, n₁ − k₁], [k₂, n₂ − k₂]]`.
    public init(_ first: Proportion, _ second: Proportion) {
        self.init(a: first.successes, b: first.failures, c: second.successes, d: second.failures)
    }

    /// The first row as a proportion, a of a + b.
    public var first: Proportion { Proportion(successes: a, trials: a + b) }
    /// The second row as a proportion, c of c + d.
    public var second: Proportion { Proportion(successes: c, trials: c + d) }
    /// a + b + c + d.
    public var total: Int { a + b + c + d }

    /// Whether a row or a column sums to zero; then no test or odds ratio is defined.
    public var hasEmptyMargin: Bool {
        a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0
    }

    /// The sample (unconditional) odds ratio ad/bc, as `scipy.stats.contingency.odds_ratio(kind="sample")`:
    /// `.nan` when a margin is empty or when both ad and bc are 0, `.infinity` when only bc is 0.
    ///
    /// `scipy.stats.fisher_exact` reports the same number, except that it gives `.infinity`
    /// (not NaN) whenever bc = 0 and no margin is empty.
    public var sampleOddsRatio: Double {
        if hasEmptyMargin { return .nan }
        if b > 0 && c > 0 { return Double(a) * Double(d) / (Double(b) * Double(c)) }
        if a == 0 || d == 0 { return .nan }
        return .infinity
    }

    /// The conditional maximum-likelihood estimate of the odds ratio, as
    /// `scipy.stats.contingency.odds_ratio(kind="conditional")` (R's `fisher.test` estimate).
    ///
    /// Holding the margins fixed, a follows Fisher's noncentral hypergeometric distribution with
    /// the odds ratio ψ as its noncentrality parameter; the estimate is the ψ under which the mean
    /// of that distribution equals the observed a. It is 0 when a is the smallest value the margins
    /// allow, `.infinity` when it is the largest, and `.nan` when a margin is empty. It is shrunk
    /// towards 1 relative to ad/bc, and stays defined when one cell is 0.
    public var conditionalOddsRatio: Double {
        if hasEmptyMargin { return .nan }
        let support = SpecialFunctions.hypergeometricSupport(population: total, successes: a + b, draws: a + c)
        if a == support.lowerBound { return 0 }
        if a == support.upperBound { return .infinity }
        return exp(solveNoncentralHypergeometricMean(table: self, support: support))
    }

    public var description: String { "[[\(a), \(b)], [\(c), \(d)]]" }
}

/// The result of Fisher's exact test.
public struct FisherExactTestResult: Sendable, Hashable, Codable {
    /// The table tested.
    public var table: TwoByTwoTable
    /// The alternative hypothesis; `.greater` means the true odds ratio exceeds 1.
    public var alternative: Alternative
    /// The p-value.
    public var pValue: Double
    /// ad/bc, as ``TwoByTwoTable/sampleOddsRatio``.
    public var sampleOddsRatio: Double
    /// The conditional MLE, as ``TwoByTwoTable/conditionalOddsRatio``.
    public var conditionalOddsRatio: Double
}

/// Fisher's exact test of independence for a 2×2 table (H0: odds ratio 1), as
/// `scipy.stats.fisher_exact`.
///
/// Conditioning on the margins, a is hypergeometric: a + b marked items in a population of
/// a + b + c + d, a + c drawn.
/// - `.greater`: P(A ≥ a); `.less`: P(A ≤ a).
/// - `.twoSided`: the probability of every table no more likely than the observed one, with
///   scipy's relative tolerance of 10⁻¹⁴ (a table within that tolerance of the mode gives p = 1);
///   capped at 1.
///
/// When a row or a column sums to zero there is only one possible table; the p-value is 1 and
/// both odds ratios are NaN (as scipy).
public func fisherExactTest(_ table: TwoByTwoTable, alternative: Alternative = .twoSided) -> FisherExactTestResult {
    let pValue = table.hasEmptyMargin ? 1 : fisherPValue(table, alternative: alternative)
    return FisherExactTestResult(
        table: table, alternative: alternative, pValue: pValue, sampleOddsRatio: table.sampleOddsRatio,
        conditionalOddsRatio: table.conditionalOddsRatio
    )
}

private func fisherPValue(_ table: TwoByTwoTable, alternative: Alternative) -> Double {
    let population = table.total
    let marked = table.a + table.b
    let drawn = table.a + table.c
    let x = table.a
    func pmf(_ k: Int) -> Double {
        SpecialFunctions.hypergeometricPMF(k, population: population, successes: marked, draws: drawn)
    }
    func cdf(_ k: Int) -> Double {
        SpecialFunctions.hypergeometricCDF(k, population: population, successes: marked, draws: drawn)
    }
    func survival(_ k: Int) -> Double {
        SpecialFunctions.hypergeometricSurvival(k, population: population, successes: marked, draws: drawn)
    }
    switch alternative {
    case .less:
        return min(1, cdf(x))
    case .greater:
        return min(1, survival(x - 1))
    case .twoSided:
        let mode = (drawn + 1) * (marked + 1) / (population + 2)
        let observed = pmf(x)
        let atMode = pmf(mode)
        let epsilon = 1e-14
        if abs(observed - atMode) / max(observed, atMode) <= epsilon { return 1 }
        let threshold = observed * (1 + epsilon)
        if x < mode {
            let lowerTail = cdf(x)
            if pmf(drawn) > threshold { return min(1, lowerTail) }
            // PMF decreasing on mode...drawn: add the terms below the threshold.
            let first = firstIndex(in: mode...drawn) { pmf($0) < threshold }
            return min(1, lowerTail + survival(first - 1))
        } else {
            let upperTail = survival(x - 1)
            if pmf(0) > threshold { return min(1, upperTail) }
            // PMF increasing on 0...mode: add the terms up to the threshold.
            let last = firstIndex(in: 0...mode) { pmf($0) > threshold } - 1
            return min(1, upperTail + cdf(last))
        }
    }
}

/// Solves E[A; ψ] = a for t = ln ψ, where A follows Fisher's noncentral hypergeometric
/// distribution with the table's margins. The mean is increasing in t, with derivative Var[A; ψ];
/// Newton's method inside a bracket, falling back to bisection.
private func solveNoncentralHypergeometricMean(table: TwoByTwoTable, support: ClosedRange<Int>) -> Double {
    let target = Double(table.a)
    let values = support.map(Double.init)
    let logBase = support.map {
        SpecialFunctions.hypergeometricLogPMF($0, population: table.total, successes: table.a + table.b, draws: table.a + table.c)
    }
    func moments(_ t: Double) -> (mean: Double, variance: Double) {
        var largest = -Double.infinity
        for (value, base) in zip(values, logBase) {
            largest = max(largest, base + value * t)
        }
        var total = 0.0
        var first = 0.0
        for (value, base) in zip(values, logBase) {
            let weight = exp(base + value * t - largest)
            total += weight
            first += weight * value
        }
        let mean = first / total
        var second = 0.0
        for (value, base) in zip(values, logBase) {
            let weight = exp(base + value * t - largest)
            second += weight * (value - mean) * (value - mean)
        }
        return (mean, second / total)
    }
    // The sample odds ratio is finite and positive here (a is strictly inside the support).
    var t = log(table.sampleOddsRatio)
    var step = 1.0
    var low = t - step
    while moments(low).mean > target {
        step *= 2
        low -= step
    }
    step = 1.0
    var high = t + step
    while moments(high).mean < target {
        step *= 2
        high += step
    }
    for _ in 0..<200 {
        let (mean, variance) = moments(t)
        let residual = mean - target
        if residual == 0 { break }
        if residual < 0 { low = t } else { high = t }
        var next = variance > 0 ? t - residual / variance : .nan
        if !(next > low && next < high) { next = (low + high) / 2 }
        let converged = abs(next - t) <= 1e-14 * max(1, abs(t))
        t = next
        if converged || high - low <= 1e-15 * max(1, abs(t)) { break }
    }
    return t
}
