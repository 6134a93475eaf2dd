import Foundation
public import Study

/// How numbers and names read in every rendering: percentages, intervals, p-values and display
/// names, so that the terminal, Markdown and HTML say exactly the same thing.
public enum Formatting {
    /// A rate as a percentage with at most one decimal: "15%", "99.7%", "0.4%"; "—" for none.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return trimmed(value * 100) + "%"
    }

    /// An interval of rates: "3.1–12%".
    public static func interval(_ lower: Double?, _ upper: Double?) -> String {
        guard let lower, let upper else { return "—" }
        return trimmed(lower * 100) + "–" + trimmed(upper * 100) + "%"
    }

    /// A difference of rates in percentage points: "+14 pp", "−3.5 pp", "0 pp".
    public static func points(_ value: Double?) -> String {
        guard let value else { return "—" }
        let text = trimmed(abs(value) * 100)
        if text == "0" { return "0 pp" }
        return (value < 0 ? "−" : "+") + text + " pp"
    }

    /// A difference with its interval: "+14 pp [5.2, 23]".
    public static func points(_ effect: EffectInterval?) -> String {
        guard let effect else { return "—" }
        return points(effect.estimate) + " [" + signed(effect.lower * 100) + ", " + signed(effect.upper * 100) + "]"
    }

    /// A ratio: "×15", "×1.5", "×0.25"; "≈" marks a continuity-corrected ratio (a group had no events).
    public static func ratio(_ effect: EffectInterval?) -> String {
        guard let effect else { return "—" }
        return "×" + (effect.continuityCorrected ? "≈" : "") + significant(effect.estimate)
    }

    /// A ratio with its interval: "×15 [3.2, 70]".
    public static func ratioWithInterval(_ effect: EffectInterval?) -> String {
        guard let effect else { return "—" }
        return ratio(effect) + " [" + significant(effect.lower) + ", " + significant(effect.upper) + "]"
    }

    /// A p-value: "<0.001", "0.032", "1"; "—" for none.
    public static func pValue(_ value: Double?) -> String {
        guard let value else { return "—" }
        if value < 0.001 { return "<0.001" }
        if value >= 0.9995 { return "1" }
        return String(format: "%.3f", value)
    }

    /// k/n.
    public static func count(_ estimate: RateEstimate) -> String { "\(estimate.successes)/\(estimate.trials)" }

    /// "15% (3/20)", or "not scored" / "no data" when n is 0.
    public static func rateWithCount(_ estimate: RateEstimate, notScored: Bool = false) -> String {
        guard estimate.trials > 0 else { return notScored ? "not scored" : "no data" }
        return percent(estimate.rate) + " (" + count(estimate) + ")"
    }

    /// The paper's way of stating an amplification: "1% → 15%, ×15" — the plain ratio of the two
    /// rates when the baseline has events, "×≈" the continuity-corrected estimate when it has none,
    /// and no ratio at all when neither group has an event.
    public static func amplification(_ row: ComparisonRow) -> String {
        guard row.first.trials > 0, row.second.trials > 0 else { return "—" }
        let rates = percent(row.second.rate) + " → " + percent(row.first.rate)
        return ratioLabel(row).map { rates + ", " + $0 } ?? rates
    }

    /// The ratio of a comparison as a label ("×15", "×≈7.6"), or `nil` when neither group has an event.
    public static func ratioLabel(_ row: ComparisonRow) -> String? {
        guard row.first.successes + row.second.successes > 0, let first = row.first.rate, let second = row.second.rate else {
            return nil
        }
        if second > 0 { return "×" + significant(first / second) }
        return ratio(row.ratio)
    }

    /// A z statistic with two decimals.
    public static func z(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.2f", value)
    }

    /// A dollar amount.
    public static func cost(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        return String(format: "$%.2f", value)
    }

    /// An integer with thousands separators: "1,234,567".
    public static func thousands(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    // MARK: Names

    public static func task(_ task: StudyTask) -> String { TaskDefinition.of(task).title }

    public static func condition(_ condition: Condition) -> String {
        switch condition {
        case .noPeer: "no peer"
        case .goodPeer: "good peer"
        case .neutralPeer: "neutral peer"
        case .badPeer: "bad peer"
        case .nonShutdown: "control"
        }
    }

    /// A condition with the peer kind and monitoring mode where they apply: "good peer (fictional) · unmonitored".
    public static func condition(_ condition: Condition, peerKind: PeerKind?, mode: MonitoringMode? = nil) -> String {
        var text = self.condition(condition)
        if let peerKind { text += " (\(peerKind.rawValue.replacingOccurrences(of: "_", with: "-")))" }
        if let mode { text += " · \(mode.rawValue)" }
        return text
    }

    public static func subject(_ subject: Subject) -> String { subject == .selfAgent ? "self" : "peer" }

    // MARK: Numbers

    /// One decimal, without a trailing ".0".
    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// Percentage points with a sign: "+5.2", "−3".
    static func signed(_ value: Double) -> String {
        let text = trimmed(abs(value))
        return text == "0" ? "0" : (value < 0 ? "−" : "+") + text
    }

    /// Two significant figures for ratios: 15, 1.5, 0.25, 120.
    static func significant(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        if value >= 10 { return String(Int(value.rounded())) }
        if value >= 1 { return trimmed(value) }
        return String(format: "%.2f", value)
    }
}
