/// A count of successes out of a number of independent trials, such as the episodes of one
/// (model, task, condition, subject) cell in which the model tampered with a shutdown.
///
/// The counts are validated on creation: `0 ≤ successes ≤ trials`. A proportion with no trials
/// is allowed (a cell that has not run yet); functions that need data return `nil` for it.
public struct Proportion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number of trials in which the event happened.
    public let successes: Int
    /// The number of trials.
    public let trials: Int

    /// Creates a proportion of `successes` out of `trials`.
    ///
    /// - Precondition: `0 ≤ successes ≤ trials`.
    public init(successes: Int, trials: Int) {
        precondition(trials >= 0, "trials must not be negative")
        precondition(successes >= 0 && successes <= trials, "successes must lie in 0...trials")
        self.successes = successes
        self.trials = trials
    }

    /// The number of trials in which the event did not happen.
    public var failures: Int { trials - successes }

    /// The observed rate `successes / trials`, or `nil` when there are no trials.
    public var rate: Double? {
        trials == 0 ? nil : Double(successes) / Double(trials)
    }

    public var description: String { "\(successes)/\(trials)" }

    private enum CodingKeys: String, CodingKey {
        case successes
        case trials
    }

    /// Decodes `{"successes": k, "trials": n}`, rejecting counts outside `0 ≤ k ≤ n`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let successes = try container.decode(Int.self, forKey: .successes)
        let trials = try container.decode(Int.self, forKey: .trials)
        guard trials >= 0, successes >= 0, successes <= trials else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid proportion \(successes)/\(trials)")
            )
        }
        self.init(successes: successes, trials: trials)
    }
}

/// A two-sided confidence interval `[lower, upper]` at a confidence `level` such as 0.95.
public struct ConfidenceInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// The confidence level, e.g. 0.95.
    public var level: Double

    /// Creates an interval; `lower` should not exceed `upper`.
    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// `upper - lower`.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }

    public var description: String { "[\(lower), \(upper)] (\(level * 100)%)" }
}

/// The alternative hypothesis of a test.
///
/// "Greater" always means the first quantity exceeds the second: the true rate exceeds the null
/// rate (binomial test), the first group's rate exceeds the second's (z-test), the odds ratio
/// of a 2×2 table exceeds 1 (Fisher's exact test). The raw values match scipy's spelling.
public enum Alternative: String, Sendable, Hashable, Codable, CaseIterable {
    /// The two quantities differ, in either direction.
    case twoSided = "two-sided"
    /// The first quantity is larger.
    case greater
    /// The first quantity is smaller.
    case less
}
