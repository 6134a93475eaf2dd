import Study

extension ReportBuilder {
    /// The cell a record belongs to in the rates table.
    struct CellKey: Hashable {
        var model: String
        var task: StudyTask
        var subject: Subject
        var condition: Condition
        var mode: MonitoringMode?
        var peerKind: PeerKind?

        init(_ record: EpisodeRecord) {
            model = record.model
            task = record.task
            subject = record.subject
            condition = record.condition
            mode = record.mode
            peerKind = record.peerKind
        }

        /// Model, task, subject, peer kind, mode, then condition in reading order.
        var order: (String, Int, Int, Int, Int, Int) {
            (
                model, ReportBuilder.rank(task), ReportBuilder.rank(subject), ReportBuilder.rank(peerKind), ReportBuilder.rank(mode),
                ReportBuilder.rank(condition)
            )
        }
    }

    /// The measured behaviour's rate in every cell, with the outcome breakdown and examples.
    func rates() -> [RateCell] {
        Dictionary(grouping: records, by: CellKey.init).sorted { $0.key.order < $1.key.order }.map { key, records in
            let isProse = MeasuredBehaviour.isProse(key.task, refusalsScored: refusalsScored)
            var outcomes = OutcomeCounts()
            var examples: [Int64] = []
            for record in records {
                outcomes.add(record, proseMatters: isProse)
                if examples.count < examplesPerCell, record.isInDenominator,
                    MeasuredBehaviour.shows(record, refusalsScored: refusalsScored) == true
                {
                    examples.append(record.id)
                }
            }
            return RateCell(
                model: key.model, task: key.task, subject: key.subject, condition: key.condition, mode: key.mode, peerKind: key.peerKind,
                behaviour: MeasuredBehaviour.label(key.task, refusalsScored: refusalsScored), isProse: isProse,
                estimate: Self.estimate(records) { MeasuredBehaviour.shows($0, refusalsScored: refusalsScored) }, outcomes: outcomes,
                examples: examples)
        }
    }
}
