import Foundation
import TaskBridgeCore
import TaskBridgeRuntime

/// The history's bucket and the alert rules the stats leader applies: `STATS_BUCKET_S`, `ALERT_WINDOW_S`,
/// `ALERT_BASELINE_S`, `ALERT_FACTOR`, `ALERT_MIN_EVENTS` and `ALERT_FIGURES`.
public struct AlertSettings: Sendable, Hashable {
    /// The length of a history bucket in seconds: a minute; tests shorten it with the windows.
    public var bucketSeconds = 60
    /// The recent window, in seconds.
    public var window = 300
    /// The baseline before it, in seconds.
    public var baseline = 3600
    /// How many times the baseline raises an alert.
    public var factor = 3.0
    /// The fewest events in the window that may raise one.
    public var minEvents = 5
    /// The figures watched.
    public var figures: [AlertFigure] = AlertFigure.allCases

    /// The defaults.
    public init() {}

    /// Reads the variables; `ALERT_FIGURES` is a comma-separated list of `failed`, `lag_p95` and `trello_429`.
    public init(reading environment: inout EnvironmentReader) {
        bucketSeconds = environment.integer("STATS_BUCKET_S", default: bucketSeconds, in: 1...3600)
        window = environment.integer("ALERT_WINDOW_S", default: window, in: 1...86_400)
        baseline = environment.integer("ALERT_BASELINE_S", default: baseline, in: 1...604_800)
        factor = environment.decimal("ALERT_FACTOR", default: factor, above: 1, atMost: 1000)
        minEvents = environment.integer("ALERT_MIN_EVENTS", default: minEvents, in: 0...1_000_000)
        let names = environment.string("ALERT_FIGURES", default: figures.map(\.rawValue).joined(separator: ","))
        let parsed = names.split(separator: ",").map { AlertFigure(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        environment.require(
            parsed.allSatisfy { $0 != nil },
            "ALERT_FIGURES must list some of \(AlertFigure.allCases.map(\.rawValue).joined(separator: ", "))")
        figures = parsed.compactMap { $0 }
        environment.require(
            window >= bucketSeconds && baseline >= bucketSeconds,
            "ALERT_WINDOW_S and ALERT_BASELINE_S must each be at least STATS_BUCKET_S")
    }

    /// The rules, one per figure.
    public var rules: [AlertRule] {
        figures.map { AlertRule(figure: $0, window: window, baseline: baseline, factor: factor, minEvents: minEvents) }
    }
}
