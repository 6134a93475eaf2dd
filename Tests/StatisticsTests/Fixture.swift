import Foundation
import Statistics
import Testing

/// The reference values written by `scripts/reference/statistics_reference.py` (scipy).
struct Reference: Decodable, Sendable {
    struct WilsonCase: Decodable, Sendable, CustomTestStringConvertible {
        var successes: Int
        var trials: Int
        var confidence: Double
        var lower: Double
        var upper: Double
        var testDescription: String { "\(successes)/\(trials) at \(confidence)" }
    }

    struct BinomialTestCase: Decodable, Sendable, CustomTestStringConvertible {
        var successes: Int
        var trials: Int
        var nullRate: Double
        var alternative: Alternative
        var pValue: Double
        var testDescription: String { "\(successes)/\(trials) vs \(nullRate), \(alternative.rawValue)" }
    }

    struct ZTestCase: Decodable, Sendable, CustomTestStringConvertible {
        var successes1: Int
        var trials1: Int
        var successes2: Int
        var trials2: Int
        var alternative: Alternative
        var z: Double
        var pValue: Double
        var degenerate: Bool
        var testDescription: String { "\(successes1)/\(trials1) vs \(successes2)/\(trials2), \(alternative.rawValue)" }
    }

    struct FisherCase: Decodable, Sendable, CustomTestStringConvertible {
        var table: [Int]
        var alternative: Alternative
        var pValue: Double
        var sampleOddsRatio: Double
        var conditionalOddsRatio: Double
        var testDescription: String { "\(table), \(alternative.rawValue)" }
    }

    struct CombinationCase: Decodable, Sendable, CustomTestStringConvertible {
        var pValues: [Double]
        var statistic: Double
        var pValue: Double
        var testDescription: String { "\(pValues)" }
    }

    struct AdjustmentCase: Decodable, Sendable, CustomTestStringConvertible {
        var pValues: [Double]
        var holm: [Double]
        var benjaminiHochberg: [Double]
        var bonferroni: [Double]
        var testDescription: String { "\(pValues.count) p-values" }
    }

    struct EffectCase: Decodable, Sendable, CustomTestStringConvertible {
        var successes1: Int
        var trials1: Int
        var successes2: Int
        var trials2: Int
        var confidence: Double
        var estimate: Double
        var lower: Double
        var upper: Double
        var corrected: Bool?
        var testDescription: String { "\(successes1)/\(trials1) vs \(successes2)/\(trials2) at \(confidence)" }
    }

    struct NormalCDFCase: Decodable, Sendable, CustomTestStringConvertible {
        var x: Double
        var cdf: Double
        var survival: Double
        var testDescription: String { "x = \(x)" }
    }

    struct NormalQuantileCase: Decodable, Sendable, CustomTestStringConvertible {
        var p: Double
        var quantile: Double
        var testDescription: String { "p = \(p)" }
    }

    struct CriticalValueCase: Decodable, Sendable, CustomTestStringConvertible {
        var confidence: Double
        var z: Double
        var testDescription: String { "\(confidence)" }
    }

    struct GammaCase: Decodable, Sendable, CustomTestStringConvertible {
        var a: Double
        var x: Double
        var lower: Double
        var upper: Double
        var testDescription: String { "a = \(a), x = \(x)" }
    }

    struct ChiSquareCase: Decodable, Sendable, CustomTestStringConvertible {
        var x: Double
        var degreesOfFreedom: Int
        var survival: Double
        var cdf: Double
        var testDescription: String { "x = \(x), df = \(degreesOfFreedom)" }
    }

    struct LogGammaCase: Decodable, Sendable, CustomTestStringConvertible {
        var x: Double
        var value: Double
        var testDescription: String { "x = \(x)" }
    }

    struct BinomialPMFCase: Decodable, Sendable, CustomTestStringConvertible {
        var k: Int
        var trials: Int
        var probability: Double
        var logPmf: Double
        var testDescription: String { "k = \(k), n = \(trials), p = \(probability)" }
    }

    struct BinomialCDFCase: Decodable, Sendable, CustomTestStringConvertible {
        var k: Int
        var trials: Int
        var probability: Double
        var cdf: Double
        var survival: Double
        var testDescription: String { "k = \(k), n = \(trials), p = \(probability)" }
    }

    struct HypergeometricCase: Decodable, Sendable, CustomTestStringConvertible {
        var k: Int
        var population: Int
        var successes: Int
        var draws: Int
        var logPmf: Double
        var cdf: Double
        var survival: Double
        var testDescription: String { "k = \(k), M = \(population), n = \(successes), N = \(draws)" }
    }

    var scipyVersion: String
    var wilson: [WilsonCase]
    var binomialTest: [BinomialTestCase]
    var twoProportionZTest: [ZTestCase]
    var fisherExact: [FisherCase]
    var fisherCombination: [CombinationCase]
    var multipleComparisons: [AdjustmentCase]
    var riskDifference: [EffectCase]
    var riskRatio: [EffectCase]
    var normalCdf: [NormalCDFCase]
    var normalQuantile: [NormalQuantileCase]
    var criticalValue: [CriticalValueCase]
    var regularizedGamma: [GammaCase]
    var chiSquare: [ChiSquareCase]
    var logGamma: [LogGammaCase]
    var binomialPmf: [BinomialPMFCase]
    var binomialCdf: [BinomialCDFCase]
    var hypergeometric: [HypergeometricCase]

    /// The fixture, loaded once from the test bundle.
    static let shared: Reference = {
        guard let url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures") else {
            fatalError("Fixtures/reference.json is missing from the test bundle")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"
        )
        do {
            return try decoder.decode(Reference.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot decode Fixtures/reference.json: \(error)")
        }
    }()
}

/// Whether `actual` is within `max(absolute, relative·|expected|)` of `expected`; non-finite
/// expected values must be matched exactly (NaN by NaN).
func isClose(_ actual: Double, _ expected: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    if expected.isNaN { return actual.isNaN }
    if expected.isInfinite { return actual == expected }
    return abs(actual - expected) <= max(absolute, relative * abs(expected))
}

/// Expects `actual` to match `expected` to 1e-6 absolute, the contract for p-values and interval
/// bounds, and also to 1e-6 relative wherever the expected value is above 1e-300, so that tiny
/// tail probabilities are checked too.
func expectProbability(_ actual: Double, _ expected: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(isClose(actual, expected, absolute: 1e-6), "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    #expect(
        isClose(actual, expected, absolute: 1e-300, relative: 1e-6),
        "\(what) (relative): \(actual) vs \(expected)",
        sourceLocation: sourceLocation
    )
}

/// Expects `actual` to match `expected` to 1e-6 relative (absolute below 1), for statistics and
/// ratios that can be large.
func expectValue(_ actual: Double, _ expected: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(isClose(actual, expected, absolute: 1e-6, relative: 1e-6), "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
}
