import Foundation
import TaskBridgeCore

/// A line chart of history series, drawn on the server as SVG: no script, no inline style (colours come from
/// classes in the stylesheet), and a text summary for screen readers.
struct SVGChart {
    /// One line: its label, its stylesheet class, and its points.
    struct Line {
        var label: String
        var cssClass: String
        var points: [HistorySeries.Point]
    }

    let id: String
    let title: String
    let unit: String
    let lines: [Line]
    /// The first and last time of the x axis, in Unix seconds.
    let span: ClosedRange<Int>

    static let width = 640.0
    static let height = 180.0
    static let left = 44.0
    static let bottom = 22.0
    static let top = 8.0

    /// The chart as an SVG element inside a `figure` with its caption and legend.
    func render() -> String {
        let values = lines.flatMap { $0.points.map(\.value) }
        let maximum = max(values.max() ?? 0, 1)
        let plotWidth = Self.width - Self.left - 8
        let plotHeight = Self.height - Self.bottom - Self.top
        let duration = Double(max(span.upperBound - span.lowerBound, 1))
        func x(_ time: Int) -> Double { Self.left + Double(time - span.lowerBound) / duration * plotWidth }
        func y(_ value: Double) -> Double { Self.top + plotHeight - value / maximum * plotHeight }
        let total = values.reduce(0, +)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title\" data-points=\"\(values.count)\" data-total=\"\(Self.number(total))\">"
            + "<title id=\"\(id)-title\">\(HTML.escape(title))</title>"
        // Axes and the gridline at the top value.
        svg += "<line class=\"axis\" x1=\"\(Self.left)\" y1=\"\(y(0))\" x2=\"\(Self.width - 8)\" y2=\"\(y(0))\"/>"
        svg += "<line class=\"grid\" x1=\"\(Self.left)\" y1=\"\(y(maximum))\" x2=\"\(Self.width - 8)\" y2=\"\(y(maximum))\"/>"
        svg += "<text class=\"tick\" x=\"\(Self.left - 4)\" y=\"\(y(maximum) + 4)\" text-anchor=\"end\">\(Self.number(maximum))</text>"
        svg += "<text class=\"tick\" x=\"\(Self.left - 4)\" y=\"\(y(0) + 4)\" text-anchor=\"end\">0</text>"
        let hours = (span.upperBound - span.lowerBound) / 3600
        svg += "<text class=\"tick\" x=\"\(Self.left)\" y=\"\(Self.height - 6)\">\(hours > 0 ? "−\(hours) h" : "start")</text>"
        svg += "<text class=\"tick\" x=\"\(Self.width - 8)\" y=\"\(Self.height - 6)\" text-anchor=\"end\">now</text>"
        for line in lines where !line.points.isEmpty {
            let coordinates = line.points.map { "\(Self.number(x($0.time))),\(Self.number(y($0.value)))" }
            svg += "<polyline class=\"line \(line.cssClass)\" points=\"\(coordinates.joined(separator: " "))\">"
                + "<title>\(HTML.escape(line.label))</title></polyline>"
        }
        svg += "</svg>"
        let legend = lines.map { line in
            let sum = line.points.map(\.value).reduce(0, +)
            let last = line.points.last.map { Self.number($0.value) } ?? "none"
            return "<li><span class=\"swatch \(line.cssClass)\"></span>\(HTML.escape(line.label)): "
                + (unit.isEmpty ? "\(Self.number(sum)) in all" : "latest \(last) \(unit)") + "</li>"
        }.joined()
        return "<figure class=\"chart-box\" id=\"\(id)\"><figcaption>\(HTML.escape(title))</figcaption>\(svg)"
            + "<ul class=\"legend\">\(legend)</ul></figure>"
    }

    /// At most two decimals, none when whole.
    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }
}
