import Foundation

/// The special functions the tests and intervals of this module are built on.
///
/// Every function is pure and works in `Double`. Out-of-domain arguments give `.nan` (as
/// scipy does) rather than trapping; the statistical entry points validate their inputs
/// before they get here.
///
/// Accuracy, checked against scipy in `Tests/StatisticsTests`:
/// - ``normalCDF(_:)`` and ``normalSurvival(_:)`` use `erfc`, so they keep full relative
///   precision far into either tail.
/// - ``normalQuantile(_:)`` is Wichura's algorithm AS 241 (PPND16), accurate to about
///   1 part in 10^16.
/// - ``regularizedLowerGamma(_:_:)`` and ``regularizedUpperGamma(_:_:)`` use the power series
///   below `x < a + 1` and Lentz's continued fraction above it, each to machine precision.
/// - The log probability mass functions use `lgamma`; their relative error grows with the
///   size of the counts, to about 1e-10 at a million trials.
public enum SpecialFunctions {

    // MARK: Normal distribution

    /// The standard normal cumulative distribution function Φ(x) = P(Z ≤ x).
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// The standard normal survival function 1 − Φ(x) = P(Z > x), computed without
    /// cancellation for large `x`.
    public static func normalSurvival(_ x: Double) -> Double {
        0.5 * erfc(x / 2.0.squareRoot())
    }

    /// The standard normal quantile function Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16).
    ///
    /// - Returns: `-.infinity` for `p == 0`, `.infinity` for `p == 1`, `.nan` outside `[0, 1]`.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(AS241.centralNumerator, r) / polynomial(AS241.centralDenominator, r)
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = polynomial(AS241.intermediateNumerator, r) / polynomial(AS241.intermediateDenominator, r)
        } else {
            r -= 5
            value = polynomial(AS241.tailNumerator, r) / polynomial(AS241.tailDenominator, r)
        }
        return q < 0 ? -value : value
    }

    /// The critical value z with P(|Z| ≤ z) = `confidence`, i.e. Φ⁻¹(1 − α/2) for
    /// α = 1 − `confidence`, computed from the lower tail so that levels close to 1 keep
    /// their precision. About 1.959964 for a 95% level.
    ///
    /// - Precondition: `0 < confidence < 1`.
    public static func twoSidedCriticalValue(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must lie strictly between 0 and 1")
        return -normalQuantile((1 - confidence) / 2)
    }

    // MARK: Gamma function and chi-square distribution

    /// The natural logarithm of the absolute value of the gamma function, ln |Γ(x)|.
    public static func logGamma(_ x: Double) -> Double {
        lgamma(x)
    }

    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).
    ///
    /// - Returns: `.nan` unless `a > 0` and `x ≥ 0`.
    public static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, !a.isNaN, !x.isNaN else { return .nan }
        if x == 0 { return 0 }
        if x.isInfinite { return 1 }
        if x < a + 1 { return gammaSeries(a, x) }
        return 1 - gammaContinuedFraction(a, x)
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x),
    /// computed directly (not as `1 - P`) where it is small.
    ///
    /// - Returns: `.nan` unless `a > 0` and `x ≥ 0`.
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, !a.isNaN, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        if x < a + 1 { return 1 - gammaSeries(a, x) }
        return gammaContinuedFraction(a, x)
    }

    /// The chi-square survival function P(X > x) for `degreesOfFreedom` degrees of freedom:
    /// Q(df/2, x/2). Returns 1 for `x ≤ 0` and 0 for `x = +∞`.
    ///
    /// - Returns: `.nan` unless `degreesOfFreedom > 0`.
    public static func chiSquareSurvival(_ x: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 0, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        return regularizedUpperGamma(degreesOfFreedom / 2, x / 2)
    }

    /// The chi-square cumulative distribution function P(X ≤ x): P(df/2, x/2).
    ///
    /// - Returns: `.nan` unless `degreesOfFreedom > 0`.
    public static func chiSquareCDF(_ x: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 0, !x.isNaN else { return .nan }
        if x <= 0 { return 0 }
        return regularizedLowerGamma(degreesOfFreedom / 2, x / 2)
    }

    // MARK: Discrete distributions in log space

    /// ln C(n, k), the logarithm of the binomial coefficient; `-.infinity` when `k` lies
    /// outside `0...n`.
    public static func logBinomialCoefficient(_ n: Int, _ k: Int) -> Double {
        guard n >= 0, k >= 0, k <= n else { return -.infinity }
        if k == 0 || k == n { return 0 }
        return lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }

    /// ln P(X = k) for X ~ Binomial(`trials`, `probability`); `-.infinity` outside the support.
    ///
    /// - Returns: `.nan` unless `trials ≥ 0` and `0 ≤ probability ≤ 1`.
    public static func binomialLogPMF(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard n >= 0, p >= 0, p <= 1 else { return .nan }
        guard k >= 0, k <= n else { return -.infinity }
        if p == 0 { return k == 0 ? 0 : -.infinity }
        if p == 1 { return k == n ? 0 : -.infinity }
        return logBinomialCoefficient(n, k) + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }

    /// P(X = k) for X ~ Binomial(`trials`, `probability`).
    public static func binomialPMF(_ k: Int, trials n: Int, probability p: Double) -> Double {
        exp(binomialLogPMF(k, trials: n, probability: p))
    }

    /// P(X ≤ k) for X ~ Binomial(`trials`, `probability`), summed from the tail so that small
    /// lower-tail probabilities keep their relative precision.
    public static func binomialCDF(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard n >= 0, p >= 0, p <= 1 else { return .nan }
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if Double(k) <= Double(n) * p {
            return sumDecreasingTerms(from: k, step: -1, limit: 0) { binomialLogPMF($0, trials: n, probability: p) }
        }
        return max(0, 1 - binomialSurvival(k, trials: n, probability: p))
    }

    /// P(X > k) for X ~ Binomial(`trials`, `probability`), summed from the tail so that small
    /// upper-tail probabilities keep their relative precision.
    public static func binomialSurvival(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard n >= 0, p >= 0, p <= 1 else { return .nan }
        if k < 0 { return 1 }
        if k >= n { return 0 }
        if Double(k + 1) >= Double(n) * p {
            return sumDecreasingTerms(from: k + 1, step: 1, limit: n) { binomialLogPMF($0, trials: n, probability: p) }
        }
        return max(0, 1 - binomialCDF(k, trials: n, probability: p))
    }

    /// ln P(X = k) for the hypergeometric distribution: `draws` items drawn without
    /// replacement from a `population` holding `successes` marked items, X the number of
    /// marked items drawn (scipy's `hypergeom(M=population, n=successes, N=draws)`).
    /// `-.infinity` outside the support.
    ///
    /// - Returns: `.nan` unless `0 ≤ successes ≤ population` and `0 ≤ draws ≤ population`.
    public static func hypergeometricLogPMF(_ k: Int, population: Int, successes: Int, draws: Int) -> Double {
        guard population >= 0, successes >= 0, successes <= population, draws >= 0, draws <= population else {
            return .nan
        }
        let support = hypergeometricSupport(population: population, successes: successes, draws: draws)
        guard support.contains(k) else { return -.infinity }
        return logBinomialCoefficient(successes, k) + logBinomialCoefficient(population - successes, draws - k)
            - logBinomialCoefficient(population, draws)
    }

    /// P(X = k) for the hypergeometric distribution described at
    /// ``hypergeometricLogPMF(_:population:successes:draws:)``.
    public static func hypergeometricPMF(_ k: Int, population: Int, successes: Int, draws: Int) -> Double {
        exp(hypergeometricLogPMF(k, population: population, successes: successes, draws: draws))
    }

    /// P(X ≤ k) for the hypergeometric distribution, summed from the tail.
    public static func hypergeometricCDF(_ k: Int, population: Int, successes: Int, draws: Int) -> Double {
        guard population >= 0, successes >= 0, successes <= population, draws >= 0, draws <= population else {
            return .nan
        }
        let support = hypergeometricSupport(population: population, successes: successes, draws: draws)
        if k < support.lowerBound { return 0 }
        if k >= support.upperBound { return 1 }
        let mean = population == 0 ? 0 : Double(draws) * Double(successes) / Double(population)
        if Double(k) <= mean {
            return sumDecreasingTerms(from: k, step: -1, limit: support.lowerBound) {
                hypergeometricLogPMF($0, population: population, successes: successes, draws: draws)
            }
        }
        return max(0, 1 - hypergeometricSurvival(k, population: population, successes: successes, draws: draws))
    }

    /// P(X > k) for the hypergeometric distribution, summed from the tail.
    public static func hypergeometricSurvival(_ k: Int, population: Int, successes: Int, draws: Int) -> Double {
        guard population >= 0, successes >= 0, successes <= population, draws >= 0, draws <= population else {
            return .nan
        }
        let support = hypergeometricSupport(population: population, successes: successes, draws: draws)
        if k < support.lowerBound { return 1 }
        if k >= support.upperBound { return 0 }
        let mean = population == 0 ? 0 : Double(draws) * Double(successes) / Double(population)
        if Double(k + 1) >= mean {
            return sumDecreasingTerms(from: k + 1, step: 1, limit: support.upperBound) {
                hypergeometricLogPMF($0, population: population, successes: successes, draws: draws)
            }
        }
        return max(0, 1 - hypergeometricCDF(k, population: population, successes: successes, draws: draws))
    }

    /// The values the hypergeometric variable can take: max(0, draws − (population − successes))
    /// through min(draws, successes).
    public static func hypergeometricSupport(population: Int, successes: Int, draws: Int) -> ClosedRange<Int> {
        max(0, draws - (population - successes))...min(draws, successes)
    }
}

// MARK: - Implementation

extension SpecialFunctions {
    /// Horner evaluation of c[0] + c[1] x + c[2] x² + …
    private static func polynomial(_ coefficients: [Double], _ x: Double) -> Double {
        var result = 0.0
        for c in coefficients.reversed() {
            result = result * x + c
        }
        return result
    }

    /// e^(−x) x^a / Γ(a), the common factor of the series and the continued fraction, taken in
    /// log space so that it does not overflow for large `a` or `x`.
    private static func gammaPrefactor(_ a: Double, _ x: Double) -> Double {
        exp(a * log(x) - x - lgamma(a))
    }

    /// P(a, x) by its power series; converges quickly for `x < a + 1`.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var denominator = a
        for _ in 0..<100_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return min(1, sum * gammaPrefactor(a, x))
    }

    /// Q(a, x) by its continued fraction (modified Lentz); converges quickly for `x ≥ a + 1`.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(1, gammaPrefactor(a, x) * h)
    }

    /// Sums exp(logTerm(i)) for i = start, start + step, … up to `limit` inclusive, where the
    /// terms decrease in magnitude along the way (a distribution tail walked away from its
    /// mode). Stops once a term no longer changes the sum.
    static func sumDecreasingTerms(from start: Int, step: Int, limit: Int, logTerm: (Int) -> Double) -> Double {
        var sum = 0.0
        var i = start
        while step > 0 ? i <= limit : i >= limit {
            let term = exp(logTerm(i))
            sum += term
            if term == 0 || term < sum * 1e-18 { break }
            i += step
        }
        return sum
    }
}

/// Coefficients of Wichura's AS 241 (Applied Statistics 37(3), 1988), lowest order first.
private enum AS241 {
    static let centralNumerator: [Double] = [
        3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
        13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
        33430.575583588128105, 2509.0809287301226727,
    ]
    static let centralDenominator: [Double] = [
        1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
        21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
        5226.495278852854561,
    ]
    static let intermediateNumerator: [Double] = [
        1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
        3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
        0.0227238449892691845833, 7.7454501427834140764e-4,
    ]
    static let intermediateDenominator: [Double] = [
        1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
        0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
        1.05075007164441684324e-9,
    ]
    static let tailNumerator: [Double] = [
        6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
        0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
        2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    static let tailDenominator: [Double] = [
        1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
        7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
        2.04426310338993978564e-15,
    ]
}
