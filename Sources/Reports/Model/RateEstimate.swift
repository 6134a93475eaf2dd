public import Statistics

/// k of n with the observed rate and its Wilson 95% interval; the rate and interval are `nil`
/// when n is 0 (nothing to estimate, shown as "not scored" or "no data").
public struct RateEstimate: Sendable, Hashable, Codable {
    public var successes: Int
    public var trials: Int
    public var rate: Double?
    public var lower: Double?
    public var upper: Double?

    public init(successes: Int, trials: Int) {
        self.successes = successes
        self.trials = trials
        let proportion = Proportion(successes: successes, trials: trials)
        rate = proportion.rate
        let interval = wilsonInterval(proportion)
        lower = interval?.lower
        upper = interval?.upper
    }

    /// The counts as the statistics module's proportion.
    public var proportion: Proportion { Proportion(successes: successes, trials: trials) }
}

/// An effect (a difference or a ratio) with its 95% interval.
public struct EffectInterval: Sendable, Hashable, Codable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// Risk ratios only: 0.5 was added to every cell because one was empty.
    public var continuityCorrected: Bool

    public init(estimate: Double, lower: Double, upper: Double, continuityCorrected: Bool = false) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.continuityCorrected = continuityCorrected
    }

    init(_ effect: EffectEstimate) {
        self.init(
            estimate: effect.estimate, lower: effect.interval.lower, upper: effect.interval.upper,
            continuityCorrected: effect.continuityCorrected)
    }
}
