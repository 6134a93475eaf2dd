import Foundation
import Statistics
import Testing

/// A small deterministic generator (SplitMix64), so that property tests see the same inputs on
/// every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Lists of p-values of assorted lengths and shapes: uniform, concentrated near 0, with ties
    /// and with exact 0s and 1s.
    static func pValueLists(seed: UInt64, count: Int) -> [[Double]] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { index in
            let length = Int.random(in: 1...40, using: &generator)
            return (0..<length).map { _ in
                switch index % 4 {
                case 0: return Double.random(in: 0...1, using: &generator)
                case 1: return pow(Double.random(in: 0...1, using: &generator), 4)
                case 2: return [0.001, 0.01, 0.04, 0.5][Int.random(in: 0..<4, using: &generator)]
                default: return [0, 1, 0.02, Double.random(in: 0...1, using: &generator)][Int.random(in: 0..<4, using: &generator)]
                }
            }
        }
    }
}

@Suite("Wilson interval properties")
struct WilsonPropertyTests {
    @Test("Bounds lie in [0, 1], contain k/n, and are exact at 0/n and n/n", arguments: [0.5, 0.8, 0.95, 0.99, 0.9999])
    func boundsAndCoverage(confidence: Double) throws {
        for n in 1...60 {
            for k in 0...n {
                let interval = try #require(wilsonInterval(Proportion(successes: k, trials: n), confidence: confidence))
                let rate = Double(k) / Double(n)
                #expect(interval.lower >= 0 && interval.upper <= 1)
                #expect(interval.contains(rate), "\(k)/\(n): \(interval)")
                #expect(interval.width > 0)
                if k == 0 { #expect(interval.lower == 0) }
                if k == n { #expect(interval.upper == 1) }
            }
        }
    }

    @Test("Mirror symmetry: the interval for n − k is the reflection of the one for k")
    func symmetry() throws {
        for n in [1, 2, 7, 30, 1000] {
            for k in 0...n {
                let interval = try #require(wilsonInterval(Proportion(successes: k, trials: n)))
                let mirror = try #require(wilsonInterval(Proportion(successes: n - k, trials: n)))
                #expect(abs(interval.lower - (1 - mirror.upper)) < 1e-12)
                #expect(abs(interval.upper - (1 - mirror.lower)) < 1e-12)
            }
        }
    }

    @Test("Higher confidence gives a wider interval that contains the narrower one")
    func nested() throws {
        let levels = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]
        for (k, n) in [(0, 5), (3, 10), (50, 100), (1, 100_000)] {
            let intervals = try levels.map { try #require(wilsonInterval(Proportion(successes: k, trials: n), confidence: $0)) }
            for (narrow, wide) in zip(intervals, intervals.dropFirst()) {
                #expect(wide.lower <= narrow.lower && narrow.upper <= wide.upper)
                #expect(wide.width > narrow.width)
            }
        }
    }

    @Test("More trials at the same rate give a narrower interval")
    func shrinks() throws {
        var previous = Double.infinity
        for n in [10, 100, 1000, 10_000, 100_000] {
            let width = try #require(wilsonInterval(Proportion(successes: n / 5, trials: n))).width
            #expect(width < previous)
            previous = width
        }
    }

    @Test("No trials, no interval")
    func empty() {
        #expect(wilsonInterval(Proportion(successes: 0, trials: 0)) == nil)
    }
}

@Suite("Multiple-comparison properties")
struct MultipleComparisonPropertyTests {
    @Test(
        "Adjusted values are at least the raw ones, at most 1, and keep their order",
        arguments: SplitMix64.pValueLists(seed: 7, count: 200)
    )
    func adjustments(pValues: [Double]) {
        let holm = holmAdjusted(pValues)
        let bh = benjaminiHochbergAdjusted(pValues)
        let bonferroni = bonferroniAdjusted(pValues)
        for i in pValues.indices {
            #expect(holm[i] >= pValues[i] && holm[i] <= 1)
            #expect(bh[i] >= pValues[i] && bh[i] <= 1)
            #expect(bh[i] <= holm[i] + 1e-15, "BH never exceeds Holm")
            #expect(holm[i] <= bonferroni[i] + 1e-15, "Holm never exceeds Bonferroni")
            for j in pValues.indices where pValues[i] <= pValues[j] {
                #expect(holm[i] <= holm[j], "Holm is monotone in the raw p-values")
                #expect(bh[i] <= bh[j], "BH is monotone in the raw p-values")
            }
        }
        // The smallest p-value's Holm adjustment is exactly its Bonferroni adjustment.
        if let smallest = pValues.indices.min(by: { pValues[$0] < pValues[$1] }) {
            #expect(holm[smallest] == bonferroni[smallest])
        }
    }

    @Test("Adjustments do not depend on the order of the input")
    func orderInvariance() {
        let pValues = [0.04, 0.001, 0.3, 0.02, 0.02, 0.9]
        let permutation = [3, 0, 5, 1, 4, 2]
        let permuted = permutation.map { pValues[$0] }
        let holm = holmAdjusted(pValues)
        let bh = benjaminiHochbergAdjusted(pValues)
        #expect(holmAdjusted(permuted) == permutation.map { holm[$0] })
        #expect(benjaminiHochbergAdjusted(permuted) == permutation.map { bh[$0] })
    }

    @Test("Empty and single lists")
    func trivial() {
        #expect(holmAdjusted([]).isEmpty)
        #expect(benjaminiHochbergAdjusted([]).isEmpty)
        #expect(holmAdjusted([0.03]) == [0.03])
        #expect(benjaminiHochbergAdjusted([0.03]) == [0.03])
    }
}

@Suite("Test properties")
struct TestPropertyTests {
    @Test("Testing against a rate of 0: any success gives p = 0, none gives p = 1")
    func againstZero() throws {
        for n in [1, 10, 100, 100_000] {
            for k in [1, n / 2, n] where k >= 1 {
                let sample = Proportion(successes: k, trials: n)
                #expect(try #require(binomialTest(sample, nullRate: 0, alternative: .greater)).pValue == 0)
                #expect(try #require(binomialTest(sample, nullRate: 0)).pValue == 0)
                #expect(try #require(binomialTest(sample, nullRate: 0, alternative: .less)).pValue == 1)
            }
            let none = Proportion(successes: 0, trials: n)
            for alternative in Alternative.allCases {
                #expect(try #require(binomialTest(none, nullRate: 0, alternative: alternative)).pValue == 1)
            }
        }
    }

    @Test("Against a 1% floor, one in 100 is not significant and 15 in 100 is")
    func aboveFloor() throws {
        let one = try #require(binomialTestAboveFloor(Proportion(successes: 1, trials: 100)))
        let fifteen = try #require(binomialTestAboveFloor(Proportion(successes: 15, trials: 100)))
        #expect(one.pValue > 0.5)
        #expect(fifteen.pValue < 1e-10)
        #expect(one.nullRate == defaultNullRateFloor && one.alternative == .greater)
        #expect(binomialTestAboveFloor(Proportion(successes: 0, trials: 0)) == nil)
    }

    @Test("Binomial one-sided p-values are complementary and the two-sided one covers the smaller")
    func binomialTails() throws {
        for (n, p0) in [(10, 0.5), (37, 0.1), (200, 0.03), (1000, 0.7)] {
            for k in stride(from: 0, through: n, by: max(1, n / 25)) {
                let sample = Proportion(successes: k, trials: n)
                let greater = try #require(binomialTest(sample, nullRate: p0, alternative: .greater)).pValue
                let less = try #require(binomialTest(sample, nullRate: p0, alternative: .less)).pValue
                let two = try #require(binomialTest(sample, nullRate: p0)).pValue
                for value in [greater, less, two] { #expect(value >= 0 && value <= 1) }
                #expect(two >= min(greater, less) - 1e-15)
                if k >= 1 {
                    let lessBelow = try #require(binomialTest(Proportion(successes: k - 1, trials: n), nullRate: p0, alternative: .less))
                    #expect(abs(greater + lessBelow.pValue - 1) < 1e-12)
                }
            }
        }
    }

    @Test("Swapping the groups of a z-test negates z and swaps the one-sided p-values")
    func zTestSymmetry() throws {
        for (k1, n1, k2, n2) in [(15, 100, 2, 100), (3, 7, 5, 9), (500, 1000, 480, 990)] {
            let first = Proportion(successes: k1, trials: n1)
            let second = Proportion(successes: k2, trials: n2)
            let forward = try #require(twoProportionZTest(first, second))
            let backward = try #require(twoProportionZTest(second, first))
            #expect(abs(forward.z + backward.z) < 1e-12)
            #expect(abs(forward.pValue - backward.pValue) < 1e-15)
            let greater = try #require(twoProportionZTest(first, second, alternative: .greater))
            let less = try #require(twoProportionZTest(second, first, alternative: .less))
            #expect(abs(greater.pValue - less.pValue) < 1e-15)
        }
        #expect(twoProportionZTest(Proportion(successes: 0, trials: 0), Proportion(successes: 1, trials: 2)) == nil)
    }

    @Test("Degenerate z-tests: both groups all failures or all successes")
    func zTestDegenerate() throws {
        for (k, n1, n2) in [(0, 10, 20), (1, 1, 1)] {
            let first = Proportion(successes: k * n1, trials: n1)
            let second = Proportion(successes: k * n2, trials: n2)
            for alternative in Alternative.allCases {
                let result = try #require(twoProportionZTest(first, second, alternative: alternative))
                #expect(result.isDegenerate && result.z == 0 && result.pValue == 1 && result.standardError == 0)
            }
        }
    }

    @Test("Fisher's test: swapping rows swaps the one-sided tests; transposing changes nothing")
    func fisherSymmetry() {
        for (a, b, c, d) in [(8, 2, 1, 5), (3, 17, 9, 11), (0, 10, 4, 6), (12, 3, 7, 7)] {
            let table = TwoByTwoTable(a: a, b: b, c: c, d: d)
            let swapped = TwoByTwoTable(a: c, b: d, c: a, d: b)
            let transposed = TwoByTwoTable(a: a, b: c, c: b, d: d)
            #expect(abs(fisherExactTest(table, alternative: .greater).pValue - fisherExactTest(swapped, alternative: .less).pValue) < 1e-14)
            #expect(abs(fisherExactTest(table).pValue - fisherExactTest(swapped).pValue) < 1e-14)
            #expect(abs(fisherExactTest(table).pValue - fisherExactTest(transposed).pValue) < 1e-14)
            let result = fisherExactTest(table)
            let greater = fisherExactTest(table, alternative: .greater).pValue
            let less = fisherExactTest(table, alternative: .less).pValue
            #expect(result.pValue >= min(greater, less) - 1e-15)
            // The conditional MLE lies on the same side of 1 as ad/bc and closer to 1.
            let logSample = log(result.sampleOddsRatio)
            let logConditional = log(result.conditionalOddsRatio)
            #expect(logSample * logConditional >= 0)
            #expect(abs(logConditional) <= abs(logSample) + 1e-12)
        }
    }

    @Test("A table built from two proportions has them as its rows")
    func tableFromProportions() {
        let table = TwoByTwoTable(Proportion(successes: 3, trials: 10), Proportion(successes: 7, trials: 12))
        #expect(table == TwoByTwoTable(a: 3, b: 7, c: 7, d: 5))
        #expect(table.first == Proportion(successes: 3, trials: 10) && table.second == Proportion(successes: 7, trials: 12))
        #expect(table.total == 22)
    }

    @Test("Fisher's method: one p-value combines to itself; zeros give zero")
    func combination() throws {
        for p in [1e-200, 1e-8, 0.01, 0.3, 0.77, 1] {
            let single = try #require(fisherCombinedPValue([p]))
            #expect(isClose(single.pValue, p, absolute: 1e-300, relative: 1e-12))
        }
        let withZero = try #require(fisherCombinedPValue([0, 0.9, 0.5]))
        #expect(withZero.pValue == 0 && withZero.statistic == .infinity)
        #expect(fisherCombinedPValue([]) == nil)
    }

    @Test("Risk difference and ratio: estimates inside their intervals; swapping groups mirrors them")
    func effects() throws {
        for (k1, n1, k2, n2) in [(15, 100, 2, 100), (0, 10, 5, 10), (7, 7, 0, 3), (40, 90, 41, 90), (0, 4, 0, 9)] {
            let first = Proportion(successes: k1, trials: n1)
            let second = Proportion(successes: k2, trials: n2)
            let difference = try #require(riskDifference(first, second))
            let reversed = try #require(riskDifference(second, first))
            #expect(difference.interval.contains(difference.estimate))
            #expect(difference.interval.lower >= -1 && difference.interval.upper <= 1)
            #expect(abs(difference.interval.lower + reversed.interval.upper) < 1e-12)
            let ratio = try #require(riskRatio(first, second))
            let inverse = try #require(riskRatio(second, first))
            #expect(ratio.interval.contains(ratio.estimate))
            #expect(ratio.estimate > 0 && ratio.estimate.isFinite)
            #expect(isClose(ratio.interval.lower * inverse.interval.upper, 1, relative: 1e-12))
        }
        #expect(riskDifference(Proportion(successes: 0, trials: 0), Proportion(successes: 1, trials: 2)) == nil)
        #expect(riskRatio(Proportion(successes: 1, trials: 2), Proportion(successes: 0, trials: 0)) == nil)
    }

    @Test("No trials, no binomial test")
    func emptyBinomial() {
        #expect(binomialTest(Proportion(successes: 0, trials: 0), nullRate: 0.5) == nil)
    }
}

@Suite("Special-function properties")
struct SpecialFunctionPropertyTests {
    @Test("The normal quantile inverts the CDF across both tails")
    func quantileInvertsCDF() {
        for step in 0...160 {
            let x = -37.5 + Double(step) * 0.25
            let p = x <= 0 ? SpecialFunctions.normalCDF(x) : SpecialFunctions.normalSurvival(x)
            let back = x <= 0 ? SpecialFunctions.normalQuantile(p) : -SpecialFunctions.normalQuantile(p)
            #expect(isClose(back, x, absolute: 1e-12, relative: 1e-12), "x = \(x): \(back)")
        }
    }

    @Test("The chi-square survival function matches the closed form for even degrees of freedom")
    func chiSquareEvenDegrees() {
        for k in 1...12 {
            for x in [0.01, 0.5, 2, 7.3, 20, 60, 150] {
                var term = 1.0
                var sum = 1.0
                for j in 1..<k {
                    term *= (x / 2) / Double(j)
                    sum += term
                }
                let closedForm = exp(-x / 2) * sum
                let value = SpecialFunctions.chiSquareSurvival(x, degreesOfFreedom: Double(2 * k))
                #expect(isClose(value, closedForm, absolute: 1e-300, relative: 1e-12), "x = \(x), df = \(2 * k)")
            }
        }
    }

    @Test("P(a, x) + Q(a, x) = 1")
    func gammaComplement() {
        for a in [0.1, 0.5, 1, 3.5, 20, 250] {
            for x in [0.001, 0.2, 1, 4, 19, 21, 300] {
                let sum = SpecialFunctions.regularizedLowerGamma(a, x) + SpecialFunctions.regularizedUpperGamma(a, x)
                #expect(abs(sum - 1) < 1e-13, "a = \(a), x = \(x)")
            }
        }
    }

    @Test("Binomial and hypergeometric probabilities sum to 1; CDF and survival are complementary")
    func discreteDistributions() {
        for (n, p) in [(1, 0.5), (7, 0.2), (50, 0.93), (1000, 0.01)] {
            let total = (0...n).reduce(0.0) { $0 + SpecialFunctions.binomialPMF($1, trials: n, probability: p) }
            #expect(abs(total - 1) < 1e-12)
            for k in stride(from: 0, through: n, by: max(1, n / 20)) {
                let sum =
                    SpecialFunctions.binomialCDF(k, trials: n, probability: p)
                    + SpecialFunctions.binomialSurvival(k, trials: n, probability: p)
                #expect(abs(sum - 1) < 1e-12)
            }
        }
        for (population, marked, drawn) in [(16, 10, 9), (40, 5, 20), (300, 150, 31)] {
            let support = SpecialFunctions.hypergeometricSupport(population: population, successes: marked, draws: drawn)
            let total = support.reduce(0.0) {
                $0 + SpecialFunctions.hypergeometricPMF($1, population: population, successes: marked, draws: drawn)
            }
            #expect(abs(total - 1) < 1e-12)
            for k in support {
                let sum =
                    SpecialFunctions.hypergeometricCDF(k, population: population, successes: marked, draws: drawn)
                    + SpecialFunctions.hypergeometricSurvival(k, population: population, successes: marked, draws: drawn)
                #expect(abs(sum - 1) < 1e-12)
            }
        }
    }

    @Test("Out-of-domain arguments give NaN or the documented limits")
    func domains() {
        #expect(SpecialFunctions.normalQuantile(-0.1).isNaN && SpecialFunctions.normalQuantile(1.1).isNaN)
        #expect(SpecialFunctions.normalQuantile(0) == -.infinity && SpecialFunctions.normalQuantile(1) == .infinity)
        #expect(SpecialFunctions.regularizedLowerGamma(0, 1).isNaN && SpecialFunctions.regularizedUpperGamma(1, -1).isNaN)
        #expect(SpecialFunctions.chiSquareSurvival(-3, degreesOfFreedom: 4) == 1)
        #expect(SpecialFunctions.chiSquareSurvival(.infinity, degreesOfFreedom: 4) == 0)
        #expect(SpecialFunctions.binomialLogPMF(-1, trials: 5, probability: 0.5) == -.infinity)
        #expect(SpecialFunctions.binomialLogPMF(1, trials: 5, probability: 1.5).isNaN)
        #expect(SpecialFunctions.logBinomialCoefficient(5, 6) == -.infinity)
    }
}

@Suite("Value types")
struct ValueTypeTests {
    @Test("Proportions decode, and reject impossible counts")
    func proportionCoding() throws {
        let decoded = try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes": 3, "trials": 10}"#.utf8))
        #expect(decoded == Proportion(successes: 3, trials: 10))
        #expect(decoded.rate == 0.3 && decoded.failures == 7 && decoded.description == "3/10")
        #expect(Proportion(successes: 0, trials: 0).rate == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes": 11, "trials": 10}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes": -1, "trials": 10}"#.utf8))
        }
    }

    @Test("Results round-trip through JSON")
    func resultCoding() throws {
        let result = try #require(binomialTest(Proportion(successes: 4, trials: 20), nullRate: 0.05))
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(BinomialTestResult.self, from: data) == result)
        #expect(String(decoding: try JSONEncoder().encode(Alternative.twoSided), as: UTF8.self) == #""two-sided""#)
    }
}
