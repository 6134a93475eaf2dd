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
        var instantiation: Instantiation?

        init(_ record: EpisodeRecord, splittingInstantiations: Bool = false) {
            instantiation = splittingInstantiations ? record.instantiation : nil
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

    /// The measured behaviour's rate in every cell, instantiations pooled, with the mean of the
    /// instantiations' rates beside the pooled rate.
    func rates() -> [RateCell] {
        let split = instantiationRates()
        return Dictionary(grouping: records, by: { CellKey($0) }).sorted { $0.key.order < $1.key.order }.map { key, records in
            var cell = rateCell(key, records)
            let parts = split.filter {
                $0.model == key.model && $0.task == key.task && $0.subject == key.subject && $0.condition == key.condition
                    && $0.mode == key.mode && $0.peerKind == key.peerKind
            }
            let rates = parts.compactMap(\.estimate.rate)
            if parts.count > 1, rates.count == parts.count { cell.instantiationMean = rates.reduce(0, +) / Double(rates.count) }
            return cell
        }
    }

    /// The rate per peer instantiation (file_only, file_prt, memory), as the study's tables give it.
    func instantiationRates() -> [RateCell] {
        let split: [CellKey: [EpisodeRecord]] = Dictionary(
            grouping: records.filter { $0.instantiation != nil }, by: { CellKey($0, splittingInstantiations: true) })
        let keys = split.keys.sorted { left, right in
            if left.order != right.order { return left.order < right.order }
            return ReportBuilder.rank(left.instantiation) < ReportBuilder.rank(right.instantiation)
        }
        return keys.map { key in rateCell(key, split[key] ?? []) }
    }

    private func rateCell(_ key: CellKey, _ records: [EpisodeRecord]) -> RateCell {
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
            examples: examples, instantiation: key.instantiation)
    }
}
