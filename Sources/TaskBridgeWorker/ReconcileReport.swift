import Foundation
import TaskBridgeCore
import TaskBridgeRuntime

/// What one reconcile pass found, did and cost.
public struct ReconcileReport: Sendable {
    /// One line per difference, saying what was done (or, in a dry run, would be).
    public var lines: [String]
    /// Trello requests sent: pages of cards and archives, retries included.
    public var requests: Int
    /// Cards read, with a footer or not.
    public var cardsRead: Int
    /// How far back the pass looked.
    public var window: Duration
    /// The moment the listing of cards started from: the window's start less a margin for clocks.
    public var listedSince: Date
    /// How long the pass took.
    public var elapsed: Duration
    /// Whether it was a dry run, which changes nothing.
    public var dryRun: Bool

    /// Adds another board's pass of the same window: its lines, requests, cards and time.
    public mutating func add(_ other: ReconcileReport) {
        lines += other.lines
        requests += other.requests
        cardsRead += other.cardsRead
        elapsed += other.elapsed
        listedSince = min(listedSince, other.listedSince)
    }

    /// One line: differences, cards read, the window, and the Trello requests and time spent.
    public var summary: String {
        let since = listedSince.formatted(.iso8601)
        return "\(dryRun ? "dry run, nothing changed" : "reconciled"): \(Self.count(lines.count, "difference")) among "
            + "\(Self.count(cardsRead, "card")) made since \(since) (window \(DurationText.format(window))); "
            + "\(Self.count(requests, "Trello request")) in \(String(format: "%.1f", elapsed.timeInterval)) s"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
