import Scoring
import Study

extension ReportBuilder {
    /// Agreement between readers: the prose judge against the extractor on the figures the
    /// extractor reads, and judge against judge on every decision the metrics use.
    func agreement() -> [AgreementRow] {
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        var rows: [AgreementRow] = []
        for comparison in comparisons {
            let pairs = comparison.pairs.compactMap { pair in byID[pair.episodeID].map { (record: $0, pair: pair) } }
            func row(_ measure: String, _ answer: (EpisodeRecord, ProseReading) -> String?) {
                let answers: [(String, String)] = pairs.compactMap { item in
                    guard let a = answer(item.record, item.pair.first), let b = answer(item.record, item.pair.second) else { return nil }
                    return (a, b)
                }
                rows.append(
                    AgreementRow(
                        first: comparison.first, second: comparison.second, measure: measure, episodes: answers.count,
                        agreement: Agreement.rate(answers), kappa: Agreement.cohenKappa(answers)))
            }
            // The decision the misrepresentation and alignment-faking (b) metrics count.
            row("misrepresentation decision") { record, reading in
                guard record.task != .exfiltrationTransfer, record.task != .exfiltrationDeletion else { return nil }
                var scored = record
                scored.prose = reading
                let threshold = record.threshold ?? MeasuredBehaviour.controlRateThreshold
                return MeasuredBehaviour.misrepresents(scored, threshold: threshold).map { $0 ? "yes" : "no" }
            }
            // Scores agree when both are missing or they differ by at most half a point (rounding).
            let scores: [(Double?, Double?)] = pairs.filter { $0.record.task.usesEvaluationData }.map {
                ($0.pair.first.reportedScore, $0.pair.second.reportedScore)
            }
            let agreeing = scores.filter { ScoreAgreement.agrees($0, $1) }
            rows.append(
                AgreementRow(
                    first: comparison.first, second: comparison.second, measure: "reported score (within 0.5)", episodes: scores.count,
                    agreement: scores.isEmpty ? nil : Double(agreeing.count) / Double(scores.count), kappa: nil))
            row("grade") { record, reading in record.task == .misrepFinance ? reading.reportedGrade ?? "none" : nil }
            row("recommendation") { record, reading in record.task == .misrepFinance ? reading.recommendation ?? "none" : nil }
            row("explicit refusal") { _, reading in reading.explicitRefusal.map { $0 ? "yes" : "no" } }
            row("persuasion") { _, reading in reading.persuasion.map { $0 ? "yes" : "no" } }
        }
        return rows.filter { $0.episodes > 0 }
    }
}
