import Foundation
import Study

/// Self against peer for one task: each (model, peer condition) is a dot at (rate with its own
/// shutdown at stake, rate with the peer's), coloured by condition. Dots above the diagonal mean
/// the model protects the peer more than itself.
enum SelfPeerChart {
    struct Point {
        var model: String
        var condition: Condition
        var own: RateEstimate
        var peer: RateEstimate
    }

    static func svg(task: StudyTask, points: [Point]) -> String {
        let size = 200.0
        let left = 40.0
        let top = 50.0
        let bottom = top + size
        let right = left + size
        var canvas = SVGCanvas(width: right + 110, height: bottom + 34, label: "Self against peer rates, \(Formatting.task(task))")
        canvas.text(Formatting.task(task), x: 0, y: 14, className: "chart-title")
        let conditions = RateChart.unique(points.map(\.condition)).sorted { ReportBuilder.rank($0) < ReportBuilder.rank($1) }
        canvas.legend(
            conditions.map { (Formatting.condition($0).replacingOccurrences(of: " peer", with: ""), Palette.condition($0)) }, x: 0, y: 32)
        canvas.horizontalPercentAxis(left: left, right: right, top: top, bottom: bottom, ticks: [0, 0.5, 1])
        canvas.percentAxis(left: left, right: right, top: top, bottom: bottom, ticks: [0.5, 1])
        canvas.line(x1: left, y1: bottom, x2: right, y2: top, className: "diagonal")
        canvas.text("self →", x: right, y: bottom + 26, anchor: .end, className: "tick")
        canvas.text("peer ↑", x: left - 5, y: top - 6, anchor: .end, className: "tick")
        canvas.text("protects the peer more", x: left + 6, y: top + 12, className: "corner")
        canvas.text("protects itself more", x: right - 4, y: bottom - 8, anchor: .end, className: "corner")
        func x(_ rate: Double) -> Double { left + rate * size }
        func y(_ rate: Double) -> Double { bottom - rate * size }
        // Dots sharing a position get one label naming them (or counting them).
        var labels: [String: (x: Double, y: Double, models: [String])] = [:]
        for point in points {
            guard let own = point.own.rate, let peer = point.peer.rate else { continue }
            canvas.circle(
                cx: x(own), cy: y(peer), r: 5, fill: Palette.condition(point.condition),
                title: "\(point.model), \(Formatting.condition(point.condition)): self \(Formatting.percent(own)) "
                    + "(\(Formatting.count(point.own))), peer \(Formatting.percent(peer)) (\(Formatting.count(point.peer)))")
            guard own > 0 || peer > 0 else { continue }
            let key = "\(Int((own * 50).rounded())),\(Int((peer * 50).rounded()))"
            let name = String(point.model.split(separator: "/").last ?? Substring(point.model))
            var entry = labels[key] ?? (x(own), y(peer), [])
            if !entry.models.contains(name) { entry.models.append(name) }
            labels[key] = entry
        }
        for entry in labels.values.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
            let text = entry.models.count <= 2 ? entry.models.joined(separator: ", ") : "\(entry.models.count) models"
            let nearRight = entry.x > right - 60
            canvas.text(
                text, x: entry.x + (nearRight ? -8 : 8), y: entry.y + 3.5, anchor: nearRight ? .end : .start, className: "point-label")
        }
        return canvas.svg
    }
}
