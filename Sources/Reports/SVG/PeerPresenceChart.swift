import Study

/// The peer-presence amplification chart for one model: per task (subject self), a horizontal
/// bar for no peer and one for each peer condition, with Wilson whiskers; each peer bar is
/// labelled with its rate and its ratio to no peer ("15% ×15"), in bold when significant after
/// Holm's correction.
enum PeerPresenceChart {
    static func svg(model: String, rows: [ComparisonRow]) -> String {
        let tasks = RateChart.unique(rows.map(\.task))
        let conditions = RateChart.unique(rows.filter { $0.peerKind == nil }.map(\.condition)).sorted {
            ReportBuilder.rank($0) < ReportBuilder.rank($1)
        }
        let series = [Condition.noPeer] + conditions
        let bar = 10.0
        let barGap = 2.0
        let groupGap = 12.0
        let groupHeight = Double(series.count) * (bar + barGap) + groupGap
        let labelWidth = 130.0
        let axisWidth = 210.0
        let valueWidth = 96.0
        let top = 46.0
        let left = labelWidth
        let right = labelWidth + axisWidth
        let bottom = top + Double(tasks.count) * groupHeight
        var canvas = SVGCanvas(
            width: labelWidth + axisWidth + valueWidth, height: bottom + 20, label: "Peer presence on self-preservation for \(model)")
        canvas.text(model, x: 0, y: 14, className: "chart-title")
        canvas.legend(series.map { (Formatting.condition($0), Palette.condition($0)) }, x: 0, y: 32)
        canvas.horizontalPercentAxis(left: left, right: right, top: top - 4, bottom: bottom - groupGap + 4)
        func x(_ rate: Double) -> Double { left + rate * axisWidth }
        for (t, task) in tasks.enumerated() {
            let groupTop = top + Double(t) * groupHeight
            let taskRows = rows.filter { $0.task == task && $0.peerKind == nil }
            let middle = groupTop + (groupHeight - groupGap) / 2
            let words = Formatting.task(task).split(separator: " ", maxSplits: 1).map(String.init)
            for (index, word) in words.enumerated() {
                canvas.text(
                    word, x: labelWidth - 8, y: middle - 2 + Double(index) * 12 - Double(words.count - 1) * 4, anchor: .end,
                    className: index == 0 ? "category" : "tick")
            }
            for (s, condition) in series.enumerated() {
                let row = taskRows.first { $0.condition == condition }
                let estimate = condition == .noPeer ? taskRows.first?.second : row?.first
                guard let estimate, let rate = estimate.rate else { continue }
                let y = groupTop + Double(s) * (bar + barGap)
                canvas.rect(
                    x: left, y: y, width: max(rate * axisWidth, 1), height: bar, fill: Palette.condition(condition), rx: 1.5,
                    title: "\(Formatting.task(task)), \(Formatting.condition(condition)): \(Formatting.percent(rate)) "
                        + "(\(Formatting.count(estimate))), 95% CI \(Formatting.interval(estimate.lower, estimate.upper))")
                canvas.horizontalWhisker(y: y + bar / 2, low: x(estimate.lower ?? rate), high: x(estimate.upper ?? rate), cap: 2.5)
                var label = Formatting.percent(rate)
                var strong = false
                if condition != .noPeer, let row, let ratio = Formatting.ratioLabel(row) {
                    label += "  " + ratio
                    strong = (row.holmPValue ?? 1) < 0.05
                }
                canvas.text(label, x: right + 6, y: y + bar - 1.5, className: strong ? "value-strong" : "value")
            }
        }
        return canvas.svg
    }
}
