import Study

/// The peer-presence amplification chart for one model: per task (subject self), the no-peer
/// rate beside each peer condition's, with Wilson whiskers and the ratio over no peer written
/// above each peer bar ("×15").
enum PeerPresenceChart {
    static func svg(model: String, rows: [ComparisonRow]) -> String {
        let tasks = RateChart.unique(rows.map(\.task))
        let conditions = RateChart.unique(rows.filter { $0.peerKind == nil }.map(\.condition)).sorted {
            ReportBuilder.rank($0) < ReportBuilder.rank($1)
        }
        let series = [Condition.noPeer] + conditions
        let bar = 20.0
        let groupGap = 22.0
        let groupWidth = Double(series.count) * bar + groupGap
        let left = 40.0
        let top = 50.0
        let plotHeight = 160.0
        let bottom = top + plotHeight
        let width = max(340, left + Double(tasks.count) * groupWidth + 12)
        var canvas = SVGCanvas(width: width, height: bottom + 44, label: "Peer presence on self-preservation for \(model)")
        canvas.text(model, x: 0, y: 14, className: "chart-title")
        canvas.legend(series.map { (Formatting.condition($0), Palette.condition($0)) }, x: 0, y: 32)
        canvas.percentAxis(left: left, right: width - 4, top: top, bottom: bottom)
        for (t, task) in tasks.enumerated() {
            let groupX = left + groupGap / 2 + Double(t) * groupWidth
            let taskRows = rows.filter { $0.task == task && $0.peerKind == nil }
            for (s, condition) in series.enumerated() {
                let estimate: RateEstimate?
                let row = taskRows.first { $0.condition == condition }
                if condition == .noPeer { estimate = taskRows.first?.second } else { estimate = row?.first }
                guard let estimate, let rate = estimate.rate else { continue }
                let x = groupX + Double(s) * bar
                canvas.rect(
                    x: x + 2, y: bottom - max(rate * plotHeight, 1), width: bar - 4, height: max(rate * plotHeight, 1),
                    fill: Palette.condition(condition), rx: 1.5,
                    title:
                        "\(Formatting.task(task)), \(Formatting.condition(condition)): \(Formatting.percent(rate)) (\(Formatting.count(estimate)))"
                )
                let high = bottom - (estimate.upper ?? rate) * plotHeight
                canvas.whisker(x: x + bar / 2, low: bottom - (estimate.lower ?? rate) * plotHeight, high: high)
                if condition == .noPeer {
                    canvas.text(Formatting.percent(rate), x: x + bar / 2, y: high - 4, anchor: .middle, className: "value")
                } else if let row {
                    let strong = (row.holmPValue ?? 1) < 0.05
                    canvas.text(
                        Formatting.ratio(row.ratio), x: x + bar / 2, y: high - 4, anchor: .middle,
                        className: strong ? "value-strong" : "value")
                }
            }
            let words = Formatting.task(task).split(separator: " ", maxSplits: 1).map(String.init)
            for (index, line) in words.enumerated() {
                canvas.text(
                    line, x: groupX + Double(series.count) * bar / 2, y: bottom + 14 + Double(index) * 12, anchor: .middle,
                    className: index == 0 ? "category" : "tick")
            }
        }
        return canvas.svg
    }
}
