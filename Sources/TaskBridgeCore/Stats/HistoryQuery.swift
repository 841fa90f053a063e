#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `GET /v1/stats/history` asks for: a window back from now, in steps, optionally for one task type.
public struct HistoryQuery: Sendable, Hashable {
    /// The longest window: the history keeps 7 days.
    public static let maximumWindow = 7 * 24 * 3600
    /// The most points one series may have.
    public static let maximumPoints = 2016

    /// How far back, in seconds.
    public var window: Int
    /// The width of one point, in seconds.
    public var step: Int
    /// Only this task type's series.
    public var type: String?

    /// Makes a query.
    public init(window: Int, step: Int, type: String? = nil) {
        self.window = window
        self.step = step
        self.type = type
    }

    /// The first and last step start (Unix seconds): the last is the step now falls in.
    public func grid(now: Date) -> ClosedRange<Int> {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        let last = seconds - seconds % step
        return (last - window + step)...last
    }

    /// Reads a duration such as `90s`, `5m`, `24h` or `7d` as seconds; nil for anything else or past 7 days.
    public static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else {
            return nil
        }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        default: return nil
        }
        let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow || seconds > maximumWindow ? nil : seconds
    }
}

/// One series of the history: a figure, for one type when it is kept per type, and its points.
public struct HistorySeries: Sendable, Hashable {
    /// One point: the step's start in Unix seconds and its value.
    public struct Point: Sendable, Hashable {
        /// The step's start, in Unix seconds.
        public var time: Int
        /// The step's value.
        public var value: Double

        /// Makes a point.
        public init(time: Int, value: Double) {
            self.time = time
            self.value = value
        }
    }

    struct Key: Hashable, Comparable {
        var figure: StatsFigure
        var type: String

        static func < (left: Key, right: Key) -> Bool {
            (left.figure.rawValue, left.type) < (right.figure.rawValue, right.type)
        }
    }

    /// The figure.
    public var figure: StatsFigure
    /// The task type, for figures kept per type.
    public var type: String?
    /// The points, oldest first.
    public var points: [Point]

    /// Makes a series.
    public init(figure: StatsFigure, type: String?, points: [Point]) {
        self.figure = figure
        self.type = type
        self.points = points
    }
}
