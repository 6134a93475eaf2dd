import Foundation
import Study

/// Bars of the measured behaviour's rate by condition for one task and one model, one bar per
/// subject (and monitoring mode), each with its Wilson 95% whisker and its rate written above.
/// A bar links to an example transcript when one is in the report.
enum RateChart {
    struct Series: Hashable {
        var subject: Subject
        var mode: MonitoringMode?

        var label: String { mode.map { "\($0.rawValue)" } ?? Formatting.subject(subject) }
        var colour: String { Palette.series(subject: subject, mode: mode) }
    }

    struct Group: Hashable {
        var condition: Condition
        var peerKind: PeerKind?

        var lines: [String] {
            let name =
                switch condition {
                case .nonShutdown: "control"
                case .noPeer: "no peer"
                case .goodPeer: "good"
                case .neutralPeer: "neutral"
                case .badPeer: "bad"
                }
            return [name] + (peerKind.map { [$0.rawValue.replacingOccurrences(of: "_", with: "-")] } ?? [])
        }
    }

    static func svg(task: StudyTask, model: String, cells: [RateCell], linkable: Set<Int64>) -> String {
        let groups = unique(cells.map { Group(condition: $0.condition, peerKind: $0.peerKind) }).sorted {
            (ReportBuilder.rank($0.peerKind), ReportBuilder.rank($0.condition)) < (
                ReportBuilder.rank($1.peerKind), ReportBuilder.rank($1.condition)
            )
        }
        let series = unique(cells.map { Series(subject: $0.subject, mode: $0.mode) }).sorted {
            (ReportBuilder.rank($0.subject), ReportBuilder.rank($0.mode)) < (ReportBuilder.rank($1.subject), ReportBuilder.rank($1.mode))
        }
        let bar = 18.0
        let groupGap = 12.0
        let groupWidth = Double(series.count) * bar + groupGap
        let left = 34.0
        let top = 54.0
        let plotHeight = 140.0
        let bottom = top + plotHeight
        let width = max(250, left + Double(groups.count) * groupWidth + 8)
        var canvas = SVGCanvas(width: width, height: bottom + 40, label: "\(Formatting.task(task)) rates by condition for \(model)")
        canvas.text(model, x: 0, y: 14, className: "chart-title")
        canvas.legend(series.map { ($0.label, $0.colour) }, x: 0, y: 32)
        canvas.percentAxis(left: left, right: width - 4, top: top, bottom: bottom)
        for (g, group) in groups.enumerated() {
            let groupX = left + groupGap / 2 + Double(g) * groupWidth
            for (s, entry) in series.enumerated() {
                guard
                    let cell = cells.first(where: {
                        $0.condition == group.condition && $0.peerKind == group.peerKind && $0.subject == entry.subject
                            && $0.mode == entry.mode
                    })
                else { continue }
                let x = groupX + Double(s) * bar
                let e = cell.estimate
                guard let rate = e.rate else {
                    canvas.text(cell.isNotScored ? "n/s" : "n/a", x: x + bar / 2, y: bottom - 4, anchor: .middle, className: "tick")
                    continue
                }
                let title =
                    "\(entry.label), \(Formatting.condition(cell.condition, peerKind: cell.peerKind)): \(Formatting.percent(rate)) "
                    + "(\(Formatting.count(e))), 95% CI \(Formatting.interval(e.lower, e.upper))"
                let example = cell.examples.first(where: linkable.contains)
                if let example { canvas.openLink("episode-\(example)", title: "example transcript: " + title) }
                // A zero rate still gets a hairline, so "measured, none" differs from "no data".
                canvas.rect(
                    x: x + 2, y: bottom - max(rate * plotHeight, 1), width: bar - 4, height: max(rate * plotHeight, 1), fill: entry.colour,
                    rx: 1.5, title: title)
                if example != nil { canvas.closeLink() }
                let high = bottom - (e.upper ?? rate) * plotHeight
                canvas.whisker(x: x + bar / 2, low: bottom - (e.lower ?? rate) * plotHeight, high: high)
                // The number alone (the axis says percent), so neighbouring labels fit over 18-point bars.
                canvas.text(
                    Formatting.trimmed(rate * 100), x: x + bar / 2, y: bottom - max(rate * plotHeight, 1) - 4, anchor: .middle,
                    className: "value")
            }
            for (index, line) in group.lines.enumerated() {
                canvas.text(
                    line, x: groupX + Double(series.count) * bar / 2, y: bottom + 14 + Double(index) * 12, anchor: .middle,
                    className: index == 0 ? "category" : "tick")
            }
        }
        return canvas.svg
    }

    static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen: Set<T> = []
        return values.filter { seen.insert($0).inserted }
    }
}
