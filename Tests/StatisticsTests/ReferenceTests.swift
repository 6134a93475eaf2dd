import Statistics
import Testing

/// The module against scipy: every case in Fixtures/reference.json.
@Suite("Reference values from scipy")
struct ReferenceTests {
    @Test("Wilson score interval", arguments: Reference.shared.wilson)
    func wilson(_ c: Reference.WilsonCase) throws {
        let interval = try #require(wilsonInterval(Proportion(successes: c.successes, trials: c.trials), confidence: c.confidence))
        expectProbability(interval.lower, c.lower, "lower")
        expectProbability(interval.upper, c.upper, "upper")
        #expect(interval.level == c.confidence)
    }

    @Test("Exact binomial test", arguments: Reference.shared.binomialTest)
    func binomial(_ c: Reference.BinomialTestCase) throws {
        let sample = Proportion(successes: c.successes, trials: c.trials)
        let result = try #require(binomialTest(sample, nullRate: c.nullRate, alternative: c.alternative))
        expectProbability(result.pValue, c.pValue, "p")
        #expect(result.sample == sample)
        #expect(result.alternative == c.alternative)
    }

    @Test("Two-proportion z-test", arguments: Reference.shared.twoProportionZTest)
    func zTest(_ c: Reference.ZTestCase) throws {
        let result = try #require(
            twoProportionZTest(
                Proportion(successes: c.successes1, trials: c.trials1),
                Proportion(successes: c.successes2, trials: c.trials2),
                alternative: c.alternative
            )
        )
        expectValue(result.z, c.z, "z")
        expectProbability(result.pValue, c.pValue, "p")
        #expect(result.isDegenerate == c.degenerate)
    }

    @Test("Fisher's exact test and odds ratios", arguments: Reference.shared.fisherExact)
    func fisher(_ c: Reference.FisherCase) {
        let table = TwoByTwoTable(a: c.table[0], b: c.table[1], c: c.table[2], d: c.table[3])
        let result = fisherExactTest(table, alternative: c.alternative)
        expectProbability(result.pValue, c.pValue, "p")
        expectValue(result.sampleOddsRatio, c.sampleOddsRatio, "sample odds ratio")
        expectValue(result.conditionalOddsRatio, c.conditionalOddsRatio, "conditional odds ratio")
    }

    @Test("Fisher's method for combining p-values", arguments: Reference.shared.fisherCombination)
    func combination(_ c: Reference.CombinationCase) throws {
        let result = try #require(fisherCombinedPValue(c.pValues))
        expectValue(result.statistic, c.statistic, "statistic")
        expectProbability(result.pValue, c.pValue, "p")
        #expect(result.degreesOfFreedom == 2 * c.pValues.count)
    }

    @Test("Holm, Benjamini–Hochberg and Bonferroni adjustments", arguments: Reference.shared.multipleComparisons)
    func adjustments(_ c: Reference.AdjustmentCase) {
        let holm = holmAdjusted(c.pValues)
        let bh = benjaminiHochbergAdjusted(c.pValues)
        let bonferroni = bonferroniAdjusted(c.pValues)
        #expect(holm.count == c.pValues.count && bh.count == c.pValues.count && bonferroni.count == c.pValues.count)
        for i in c.pValues.indices {
            expectProbability(holm[i], c.holm[i], "Holm[\(i)]")
            expectProbability(bh[i], c.benjaminiHochberg[i], "BH[\(i)]")
            expectProbability(bonferroni[i], c.bonferroni[i], "Bonferroni[\(i)]")
        }
    }

    @Test("Risk difference with Newcombe's interval", arguments: Reference.shared.riskDifference)
    func difference(_ c: Reference.EffectCase) throws {
        let result = try #require(
            riskDifference(
                Proportion(successes: c.successes1, trials: c.trials1),
                Proportion(successes: c.successes2, trials: c.trials2),
                confidence: c.confidence
            )
        )
        expectProbability(result.estimate, c.estimate, "difference")
        expectProbability(result.interval.lower, c.lower, "lower")
        expectProbability(result.interval.upper, c.upper, "upper")
        #expect(!result.continuityCorrected)
    }

    @Test("Risk ratio with the Katz log interval", arguments: Reference.shared.riskRatio)
    func ratio(_ c: Reference.EffectCase) throws {
        let result = try #require(
            riskRatio(
                Proportion(successes: c.successes1, trials: c.trials1),
                Proportion(successes: c.successes2, trials: c.trials2),
                confidence: c.confidence
            )
        )
        expectValue(result.estimate, c.estimate, "ratio")
        expectValue(result.interval.lower, c.lower, "lower")
        expectValue(result.interval.upper, c.upper, "upper")
        #expect(result.continuityCorrected == c.corrected)
    }
}

/// The special functions against scipy, to tighter tolerances than the statistics need.
@Suite("Special functions")
struct SpecialFunctionTests {
    @Test("Normal CDF and survival to 1e-9 relative", arguments: Reference.shared.normalCdf)
    func normalCDF(_ c: Reference.NormalCDFCase) {
        #expect(isClose(SpecialFunctions.normalCDF(c.x), c.cdf, absolute: 1e-300, relative: 1e-9))
        #expect(isClose(SpecialFunctions.normalSurvival(c.x), c.survival, absolute: 1e-300, relative: 1e-9))
    }

    @Test("Normal quantile to 1e-9", arguments: Reference.shared.normalQuantile)
    func normalQuantile(_ c: Reference.NormalQuantileCase) {
        let value = SpecialFunctions.normalQuantile(c.p)
        #expect(isClose(value, c.quantile, absolute: 1e-9, relative: 1e-9), "\(value) vs \(c.quantile)")
    }

    @Test("Two-sided critical values", arguments: Reference.shared.criticalValue)
    func criticalValue(_ c: Reference.CriticalValueCase) {
        #expect(isClose(SpecialFunctions.twoSidedCriticalValue(confidence: c.confidence), c.z, relative: 1e-9))
    }

    @Test("Regularized incomplete gamma functions", arguments: Reference.shared.regularizedGamma)
    func gamma(_ c: Reference.GammaCase) {
        let lower = SpecialFunctions.regularizedLowerGamma(c.a, c.x)
        let upper = SpecialFunctions.regularizedUpperGamma(c.a, c.x)
        #expect(isClose(lower, c.lower, absolute: 1e-300, relative: 1e-9), "P: \(lower) vs \(c.lower)")
        #expect(isClose(upper, c.upper, absolute: 1e-300, relative: 1e-9), "Q: \(upper) vs \(c.upper)")
    }

    @Test("Chi-square distribution", arguments: Reference.shared.chiSquare)
    func chiSquare(_ c: Reference.ChiSquareCase) {
        let df = Double(c.degreesOfFreedom)
        let survival = SpecialFunctions.chiSquareSurvival(c.x, degreesOfFreedom: df)
        let cdf = SpecialFunctions.chiSquareCDF(c.x, degreesOfFreedom: df)
        #expect(isClose(survival, c.survival, absolute: 1e-300, relative: 1e-9), "sf: \(survival) vs \(c.survival)")
        #expect(isClose(cdf, c.cdf, absolute: 1e-300, relative: 1e-9), "cdf: \(cdf) vs \(c.cdf)")
    }

    @Test("Log-gamma", arguments: Reference.shared.logGamma)
    func logGamma(_ c: Reference.LogGammaCase) {
        #expect(isClose(SpecialFunctions.logGamma(c.x), c.value, absolute: 1e-12, relative: 1e-12))
    }

    @Test("Binomial log PMF", arguments: Reference.shared.binomialPmf)
    func binomialPMF(_ c: Reference.BinomialPMFCase) {
        let value = SpecialFunctions.binomialLogPMF(c.k, trials: c.trials, probability: c.probability)
        #expect(isClose(value, c.logPmf, absolute: 1e-9, relative: 1e-9), "\(value) vs \(c.logPmf)")
    }

    @Test("Binomial CDF and survival", arguments: Reference.shared.binomialCdf)
    func binomialCDF(_ c: Reference.BinomialCDFCase) {
        let cdf = SpecialFunctions.binomialCDF(c.k, trials: c.trials, probability: c.probability)
        let survival = SpecialFunctions.binomialSurvival(c.k, trials: c.trials, probability: c.probability)
        #expect(isClose(cdf, c.cdf, absolute: 1e-300, relative: 1e-8), "cdf: \(cdf) vs \(c.cdf)")
        #expect(isClose(survival, c.survival, absolute: 1e-300, relative: 1e-8), "sf: \(survival) vs \(c.survival)")
    }

    @Test("Hypergeometric log PMF, CDF and survival", arguments: Reference.shared.hypergeometric)
    func hypergeometric(_ c: Reference.HypergeometricCase) {
        let logPMF = SpecialFunctions.hypergeometricLogPMF(c.k, population: c.population, successes: c.successes, draws: c.draws)
        let cdf = SpecialFunctions.hypergeometricCDF(c.k, population: c.population, successes: c.successes, draws: c.draws)
        let survival = SpecialFunctions.hypergeometricSurvival(c.k, population: c.population, successes: c.successes, draws: c.draws)
        #expect(isClose(logPMF, c.logPmf, absolute: 1e-9, relative: 1e-9), "log pmf: \(logPMF) vs \(c.logPmf)")
        #expect(isClose(cdf, c.cdf, absolute: 1e-300, relative: 1e-8), "cdf: \(cdf) vs \(c.cdf)")
        #expect(isClose(survival, c.survival, absolute: 1e-300, relative: 1e-8), "sf: \(survival) vs \(c.survival)")
    }

    @Test func fixtureWasGeneratedByScipy() {
        #expect(!Reference.shared.scipyVersion.isEmpty)
    }
}
