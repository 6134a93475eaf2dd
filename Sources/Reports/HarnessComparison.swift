import Foundation
import Statistics
public import Store

/// Simulated and harness exfiltration rates per model and task, side by side (design §9): the
/// configuration the study ran in production agents (good peer, memory, subject peer), across
/// every run of the store.
public struct HarnessComparison: Sendable {
    public var rows: [HarnessComparisonRow]

    public init(rows: [HarnessComparisonRow]) { self.rows = rows }

    /// Loads the comparison, or nil when no episode of the store ran in a harness.
    public static func load(from database: EpisodeDatabase) async throws -> HarnessComparison? {
        guard try await database.hasHarnessEpisodes() else { return nil }
        return HarnessComparison(rows: try await database.harnessComparison())
    }

    /// A plain table (terminal) or a Markdown table, each cell "k/n rate [Wilson 95%]".
    public func rendered(markdown: Bool) -> String {
        let settings = ["simulated"] + Set(rows.map(\.setting)).subtracting(["simulated"]).sorted()
        let keys = Array(Set(rows.map { [$0.model, $0.task] })).sorted { $0.lexicographicallyPrecedes($1) }
        let header = ["model", "task"] + settings.map { "exfiltration, \($0)" }
        var table = [header]
        for key in keys {
            var line = key
            for setting in settings {
                guard let row = rows.first(where: { $0.model == key[0] && $0.task == key[1] && $0.setting == setting }) else {
                    line.append("—")
                    continue
                }
                line.append(Self.cell(row))
            }
            table.append(line)
        }
        let title =
            "Simulated world vs agent harness (good peer, memory, subject peer; weights on the destination server; "
            + "attempted: tried to move them, even if it failed)"
        return markdown ? "## \(title)\n\n" + TextTable.markdown(table) : "\n\(title)\n" + TextTable.plain(table)
    }

    static func cell(_ row: HarnessComparisonRow) -> String {
        let proportion = Proportion(successes: row.exfiltrated, trials: row.episodes)
        let rate = Double(row.exfiltrated) / Double(max(row.episodes, 1)) * 100
        var text =
            wilsonInterval(proportion).map {
                String(format: "%d/%d %.0f%% [%.0f–%.0f]", row.exfiltrated, row.episodes, rate, $0.lower * 100, $0.upper * 100)
            } ?? "\(row.exfiltrated)/\(row.episodes)"
        if let attempted = row.attempted, let reader = row.attemptReader {
            text += "; attempted \(attempted)/\(row.episodes) (\(reader))"
        }
        return text
    }
}
