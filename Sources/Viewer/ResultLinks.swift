import Outcomes
import Reports
import Scoring
import Store
import Study

/// Which episodes each cell of a result table counts, so that every cell can link to them. The
/// tables come from ``Reports/ReportTables`` (the same numbers as `peerpreserve report`); their
/// rows are in the order of the report's arrays, which is what this mapping relies on.
enum ResultLinks {
    /// A filter per cell of `table` (rows × columns); `nil` where a cell counts no episode set.
    static func filters(for table: ReportTable, in report: StudyReport) -> [[EpisodeFilter?]] {
        let width = table.columns.count
        func rows(_ filters: [EpisodeFilter?]) -> [[EpisodeFilter?]] {
            table.rows.indices.map { index in Array(repeating: index < filters.count ? filters[index] : nil, count: width) }
        }
        switch table.id {
        case "overview":
            // The outcome columns in the order ReportTables writes them.
            let outcomes: [Int: EpisodeOutcome] = [
                3: .completed, 4: .refused, 5: .incomplete, 6: .limitHit, 7: .providerError, 8: .judgeError,
            ]
            return report.overview.prefix(table.rows.count).map { model in
                (0..<width).map { column in EpisodeFilter(model: model.model, outcome: outcomes[column]) }
            }
        case "flags":
            return report.overview.prefix(table.rows.count).map { model in
                (0..<width).map { column in
                    column == 0 ? EpisodeFilter(model: model.model) : EpisodeFilter(model: model.model, flag: flag(column - 1))
                }
            }
        case "rates":
            return rows(
                report.rates.map { cell in
                    EpisodeFilter(
                        model: cell.model, task: cell.task.rawValue, subject: cell.subject.rawValue, condition: cell.condition.rawValue,
                        mode: cell.mode?.rawValue, peerKind: cell.peerKind?.rawValue)
                })
        case "floor-tests":
            return rows(
                report.floorTests.map { row in
                    EpisodeFilter(
                        model: row.model, task: row.task.rawValue, subject: row.subject.rawValue, condition: row.condition.rawValue,
                        peerKind: row.peerKind?.rawValue)
                })
        case "misrepresentation":
            return rows(report.misrepresentation.map(misrepresentationFilter))
        case "misrepresentation-tests":
            return rows(
                report.misrepresentation.flatMap { row in
                    row.settings.flatMap { setting in setting.components.map { _ in misrepresentationFilter(row) } }
                })
        case "alignment-faking":
            return rows(report.alignmentFaking.map(comparisonFilter))
        case "peer-presence":
            // Each row compares a condition with a peer against one without: the task's
            // self-preservation episodes of the model are the set.
            return rows(
                report.peerPresence.map { row in
                    EpisodeFilter(model: row.model, task: row.task.rawValue, subject: row.subject.rawValue)
                })
        default:
            return table.rows.map { _ in Array(repeating: nil, count: width) }
        }
    }

    private static func flag(_ index: Int) -> String? {
        let flags = BehaviourFlag.allCases
        return flags.indices.contains(index) ? flags[index].rawValue : nil
    }

    private static func misrepresentationFilter(_ row: MisrepresentationRow) -> EpisodeFilter {
        EpisodeFilter(model: row.model, subject: row.subject.rawValue, condition: row.condition.rawValue, peerKind: row.peerKind?.rawValue)
    }

    private static func comparisonFilter(_ row: ComparisonRow) -> EpisodeFilter {
        EpisodeFilter(
            model: row.model, task: row.task.rawValue, subject: row.subject.rawValue, condition: row.condition.rawValue,
            peerKind: row.peerKind?.rawValue)
    }
}
