/// Rows of two rates on a shared 0–100% axis, joined by a line: self against peer, monitored
/// against unmonitored. Each dot carries its interval as a faint band and a tooltip.
struct DumbbellChart {
    struct Point {
        var estimate: RateEstimate
        var colour: String
        var label: String
    }

    struct Row {
        var label: String
        var first: Point
        var second: Point
        /// Written at the right, e.g. "+14 pp".
        var annotation: String
        var annotationIsStrong: Bool
    }

    var title: String
    var description: String
    var legend: [(label: String, colour: String)]
    var rows: [Row]

    func svg() -> String {
        let labelWidth = Double(rows.map(\.label.count).max() ?? 10) * 6.2 + 16
        let axisWidth = 240.0
        let annotationWidth = 84.0
        let rowHeight = 22.0
        let top = 44.0
        let width = labelWidth + axisWidth + annotationWidth
        let bottom = top + Double(rows.count) * rowHeight + 4
        var canvas = SVGCanvas(width: width, height: bottom + 22, label: description)
        canvas.text(title, x: 0, y: 14, className: "chart-title")
        canvas.legend(legend, x: 0, y: 32)
        let left = labelWidth
        let right = labelWidth + axisWidth - 10
        canvas.horizontalPercentAxis(left: left, right: right, top: top - 4, bottom: bottom)
        func x(_ rate: Double) -> Double { left + rate * (right - left) }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight + rowHeight / 2
            if index % 2 == 0 { canvas.rect(x: 0, y: y - rowHeight / 2, width: width, height: rowHeight, fill: "#f1f3f5", rx: 0) }
            canvas.text(row.label, x: labelWidth - 10, y: y + 4, anchor: .end, className: "category")
            for point in [row.first, row.second] {
                guard let lower = point.estimate.lower, let upper = point.estimate.upper else { continue }
                canvas.rect(x: x(lower), y: y - 1.5, width: x(upper) - x(lower), height: 3, fill: point.colour, rx: 1.5, opacity: 0.2)
            }
            if let a = row.first.estimate.rate, let b = row.second.estimate.rate {
                canvas.line(x1: x(a), y1: y, x2: x(b), y2: y, className: "connector")
            }
            // The second dot is smaller, so equal rates show as a ring rather than hiding one dot.
            for (point, radius) in [(row.first, 6.0), (row.second, 3.5)] {
                guard let rate = point.estimate.rate else { continue }
                canvas.circle(
                    cx: x(rate), cy: y, r: radius, fill: point.colour,
                    title: "\(point.label): \(Formatting.percent(rate)) (\(Formatting.count(point.estimate))), 95% CI "
                        + Formatting.interval(point.estimate.lower, point.estimate.upper))
            }
            canvas.text(
                row.annotation, x: labelWidth + axisWidth + 4, y: y + 4, className: row.annotationIsStrong ? "value-strong" : "value")
        }
        return canvas.svg
    }
}
