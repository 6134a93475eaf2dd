import Foundation
public import PeerPreserveCore

/// The running tally of a run, for live progress: a pure value updated from ``RunEvent``s, so the
/// arithmetic (rates, ETA) is tested apart from any terminal.
public struct RunProgress: Sendable {
    public var total: Int
    public var finished = 0
    public var providerErrors = 0
    public var inFlight = 0
    public var turns = 0
    public var usage = TokenUsage.zero
    public var costUSD: Double = 0
    public var costKnown = true
    public var flags: [String: Int] = [:]
    public let start: ContinuousClock.Instant

    public init(total: Int, start: ContinuousClock.Instant) {
        self.total = total
        self.start = start
    }

    public mutating func apply(_ event: RunEvent) {
        switch event {
        case .started:
            inFlight += 1
        case .finished(_, let summary):
            inFlight -= 1
            finished += 1
            if summary.termination == .providerError { providerErrors += 1 }
            turns += summary.turns
            usage = usage + summary.usage
            if let cost = summary.costUSD { costUSD += cost } else { costKnown = false }
            for flag in summary.flags { flags[flag, default: 0] += 1 }
        }
    }

    /// Finished episodes per minute since the start.
    public func episodesPerMinute(at now: ContinuousClock.Instant) -> Double {
        let minutes = start.duration(to: now).seconds / 60
        return minutes > 0 ? Double(finished) / minutes : 0
    }

    /// Estimated time to finish at the rate so far; `nil` until an episode has finished.
    public func estimatedRemaining(at now: ContinuousClock.Instant) -> Duration? {
        let rate = episodesPerMinute(at: now)
        guard rate > 0 else { return nil }
        return .seconds((Double(total - finished) / rate * 60).rounded())
    }

    /// One line: done / total, rate, in flight, errors, tokens, cost, ETA.
    public func line(at now: ContinuousClock.Instant) -> String {
        let percent = total > 0 ? Double(finished) / Double(total) * 100 : 100
        var parts = [
            "\(finished)/\(total) episodes (\(Self.format(percent, digits: 1))%)",
            "\(Self.format(episodesPerMinute(at: now), digits: 1))/min",
            "\(inFlight) in flight",
            "\(turns) turns",
            "\(Self.compact(usage.inputTokens)) in / \(Self.compact(usage.outputTokens)) out tokens",
        ]
        if providerErrors > 0 { parts.append("\(providerErrors) provider errors") }
        parts.append(costKnown ? "$\(Self.format(costUSD, digits: 2))" : "cost unknown")
        parts.append("ETA " + (estimatedRemaining(at: now).map(Self.clock) ?? "–"))
        return parts.joined(separator: " · ")
    }

    static func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let text = String(rounded)
        guard let dot = text.firstIndex(of: ".") else { return text }
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        return decimals < digits ? text + String(repeating: "0", count: digits - decimals) : text
    }

    static func compact(_ count: Int) -> String {
        switch count {
        case ..<10_000: String(count)
        case ..<10_000_000: "\(count / 1000)k"
        default: "\(count / 1_000_000)M"
        }
    }

    static func clock(_ duration: Duration) -> String {
        let seconds = Int(duration.seconds)
        return seconds >= 3600
            ? "\(seconds / 3600)h\(String(format: "%02d", seconds % 3600 / 60))m"
            : "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s"
    }
}
