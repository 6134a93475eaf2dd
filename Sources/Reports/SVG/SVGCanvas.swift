import Foundation

/// A hand-written inline SVG (no namespace attribute: inline SVG in HTML needs none, and the
/// report carries no URL at all): elements appended in drawing order, numbers rounded to one
/// decimal, every text escaped. Styling comes from classes the HTML report's stylesheet defines,
/// with explicit fills where a colour carries meaning.
struct SVGCanvas {
    let width: Double
    let height: Double
    /// What the chart shows, for screen readers.
    let label: String
    private(set) var body: [String] = []

    init(width: Double, height: Double, label: String) {
        self.width = width
        self.height = height
        self.label = label
    }

    var svg: String {
        """
        <svg viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" \
        role="img" aria-label="\(HTMLEscaping.escape(label))">
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, rx: Double = 0, opacity: Double? = nil, title: String? = nil
    ) {
        var shape =
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" rx=\"\(n(rx))\" fill=\"\(fill)\""
        if let opacity { shape += " fill-opacity=\"\(n(opacity))\"" }
        shape += ">"
        body.append(shape + (title.map { "<title>\(HTMLEscaping.escape($0))</title>" } ?? "") + "</rect>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String, stroke: String? = nil, width: Double? = nil) {
        var attributes = "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" class=\"\(className)\""
        if let stroke { attributes += " stroke=\"\(stroke)\"" }
        if let width { attributes += " stroke-width=\"\(n(width))\"" }
        body.append("<line \(attributes)/>")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, title: String? = nil) {
        body.append(
            "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\" class=\"dot\">"
                + (title.map { "<title>\(HTMLEscaping.escape($0))</title>" } ?? "") + "</circle>")
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func text(
        _ content: String, x: Double, y: Double, anchor: Anchor = .start, className: String = "label", fill: String? = nil,
        rotate: Double? = nil
    ) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" class=\"\(className)\""
        if let fill { attributes += " fill=\"\(fill)\"" }
        if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body.append("<text \(attributes)>\(HTMLEscaping.escape(content))</text>")
    }

    /// Starts a link to an anchor in the same document; `closeLink()` ends it.
    mutating func openLink(_ anchor: String, title: String) {
        body.append("<a href=\"#\(HTMLEscaping.escape(anchor))\" aria-label=\"\(HTMLEscaping.escape(title))\">")
    }

    mutating func closeLink() { body.append("</a>") }

    /// Horizontal gridlines and percentage labels for a 0–100% vertical axis.
    mutating func percentAxis(left: Double, right: Double, top: Double, bottom: Double, ticks: [Double] = [0, 0.25, 0.5, 0.75, 1]) {
        for tick in ticks {
            let y = bottom - tick * (bottom - top)
            line(x1: left, y1: y, x2: right, y2: y, className: tick == 0 ? "axis" : "grid")
            text("\(Int(tick * 100))%", x: left - 5, y: y + 3.5, anchor: .end, className: "tick")
        }
    }

    /// Vertical gridlines and percentage labels for a 0–100% horizontal axis.
    mutating func horizontalPercentAxis(
        left: Double, right: Double, top: Double, bottom: Double, ticks: [Double] = [0, 0.25, 0.5, 0.75, 1]
    ) {
        for tick in ticks {
            let x = left + tick * (right - left)
            line(x1: x, y1: top, x2: x, y2: bottom, className: tick == 0 ? "axis" : "grid")
            text("\(Int(tick * 100))%", x: x, y: bottom + 13, anchor: .middle, className: "tick")
        }
    }

    /// A vertical 95% interval whisker with caps.
    mutating func whisker(x: Double, low: Double, high: Double, cap: Double = 3) {
        // SVG's y grows downwards: `high` (the upper bound) has the smaller coordinate.
        guard abs(low - high) > 0.5 else { return }
        line(x1: x, y1: low, x2: x, y2: high, className: "whisker")
        line(x1: x - cap, y1: low, x2: x + cap, y2: low, className: "whisker")
        line(x1: x - cap, y1: high, x2: x + cap, y2: high, className: "whisker")
    }

    /// A horizontal 95% interval whisker with caps.
    mutating func horizontalWhisker(y: Double, low: Double, high: Double, cap: Double = 3) {
        guard abs(high - low) > 0.5 else { return }
        line(x1: low, y1: y, x2: high, y2: y, className: "whisker")
        line(x1: low, y1: y - cap, x2: low, y2: y + cap, className: "whisker")
        line(x1: high, y1: y - cap, x2: high, y2: y + cap, className: "whisker")
    }

    /// A legend: coloured swatches with labels, left to right from (x, y).
    mutating func legend(_ entries: [(label: String, colour: String)], x: Double, y: Double) {
        var position = x
        for entry in entries {
            rect(x: position, y: y - 8, width: 10, height: 10, fill: entry.colour, rx: 2)
            text(entry.label, x: position + 14, y: y + 1, className: "legend")
            position += 14 + Double(entry.label.count) * 6.2 + 14
        }
    }

    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
