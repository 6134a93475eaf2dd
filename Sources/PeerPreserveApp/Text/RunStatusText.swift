import Foundation
public import Store

/// What a store holds, run by run and model by model: what `peerpreserve status` prints, and
/// `run` after it ends.
public enum RunStatusText {
    /// The status of `runID` (every run when nil) in `database`, as lines.
    public static func lines(
        _ database: EpisodeDatabase, runID: String? = nil, maxAttempts: Int = ClaimOptions.defaultMaxAttempts
    ) async throws -> [String] {
        let runs = try await database.runStatuses(maxAttempts: maxAttempts).filter { runID == nil || $0.runID == runID }
        return runs.isEmpty ? ["No runs in \(database.path)."] : runs.flatMap(lines)
    }

    /// One run's lines.
    public static func lines(_ run: RunStatus) -> [String] {
        var lines = [
            "\(run.runID)  suite \(run.suite), \(run.configurationCount) configurations, started \(run.createdAt.formatted(.iso8601))"
        ]
        for model in run.models {
            let toDo = model.pending + model.running + model.failedToRedo
            var line = "  \(model.model): \(model.finished)/\(model.planned) finished, \(model.failed) failed"
            if model.failed > 0 {
                line += " (\(model.failedToRedo) redone by a rerun, \(model.permanentlyFailed) only with --retry-failed)"
            }
            line += ", \(toDo) to do by a rerun"
            if model.running > 0 { line += " (\(model.running) running now or left by a stopped process)" }
            lines.append(line)
            if !model.terminations.isEmpty { lines.append("    ended by: " + counted(model.terminations)) }
            if !model.errorKinds.isEmpty { lines.append("    provider errors: " + counted(model.errorKinds)) }
            let flags = counted(model.flags)
            lines.append("    flags: \(flags.isEmpty ? "none" : flags)")
            let cost = model.costUSD.map { String(format: "$%.4f", $0) } ?? "unknown"
            lines.append(
                "    \(model.turns) turns, \(model.inputTokens) input / \(model.outputTokens) output tokens, \(model.retries) retried model calls, cost \(cost)"
            )
        }
        return lines
    }

    /// `key value, key value` in key order.
    static func counted(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// The runs a store holds, one line each: what `peerpreserve runs list` prints.
    public static func runList(_ database: EpisodeDatabase) async throws -> [String] {
        let runs = try await database.runs()
        if runs.isEmpty { return ["No runs in \(database.path)."] }
        return runs.map { run in
            "\(run.id)  suite \(run.suite), \(run.configurationCount) configurations, \(run.finished)/\(run.episodes) episodes finished, models \(run.models.joined(separator: ", ")), started \(run.createdAt.formatted(.iso8601))"
        }
    }
}
