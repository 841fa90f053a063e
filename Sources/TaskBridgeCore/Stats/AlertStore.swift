#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The alerts in PostgreSQL: at most one open per figure (a unique index), raised and resolved by the stats
/// leader, listed by the dashboard.
public struct AlertStore: Sendable {
    let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The open alerts by figure: the baseline each was raised against (per minute) and when (Unix seconds).
    public func open() async throws -> [String: (baselineRate: Double, raisedAt: Int)] {
        let rows = try await pool.query("""
            SELECT figure, baseline_rate, extract(epoch FROM raised_at)::int8 FROM alerts WHERE resolved_at IS NULL
            """)
        var open: [String: (baselineRate: Double, raisedAt: Int)] = [:]
        for row in rows {
            open[try row.decode(String.self, at: 0)] = (
                try row.decode(Double.self, at: 1), Int(try row.decode(Int64.self, at: 2))
            )
        }
        return open
    }

    /// Raises an alert for `figure` at `raisedAt` (Unix seconds) unless one is open; true when this call raised it.
    public func raise(
        figure: String, raisedAt: Int, windowRate: Double, baselineRate: Double, detail: String
    ) async throws -> Bool {
        let rows = try await pool.query("""
            INSERT INTO alerts (figure, raised_at, window_rate, baseline_rate, detail)
            VALUES (\(figure), to_timestamp(\(raisedAt)::int8), \(windowRate), \(baselineRate), \(detail))
            ON CONFLICT (figure) WHERE resolved_at IS NULL DO NOTHING
            RETURNING id
            """)
        return !rows.isEmpty
    }

    /// Resolves the open alert of `figure`, if any; true when one was.
    public func resolve(figure: String) async throws -> Bool {
        let rows = try await pool.query(
            "UPDATE alerts SET resolved_at = now() WHERE figure = \(figure) AND resolved_at IS NULL RETURNING id")
        return !rows.isEmpty
    }

    /// The newest alerts, open or not.
    public func recent(limit: Int = 20) async throws -> [AlertRecord] {
        let rows = try await pool.query("""
            SELECT figure, raised_at, resolved_at, window_rate, baseline_rate, detail FROM alerts
            ORDER BY raised_at DESC, id DESC LIMIT \(limit)
            """)
        return try rows.map { row in
            AlertRecord(
                figure: try row.decode(String.self, column: "figure"),
                raisedAt: try row.decode(Date.self, column: "raised_at"),
                resolvedAt: try row.decode(Date?.self, column: "resolved_at"),
                windowRate: try row.decode(Double.self, column: "window_rate"),
                baselineRate: try row.decode(Double.self, column: "baseline_rate"),
                detail: try row.decode(String.self, column: "detail"))
        }
    }
}

/// One row of `alerts`.
public struct AlertRecord: Sendable, Hashable {
    /// The figure, as `ALERT_FIGURES` names it.
    public var figure: String
    /// When it was raised.
    public var raisedAt: Date
    /// When it resolved; nil while open.
    public var resolvedAt: Date?
    /// The window's average per minute that raised it.
    public var windowRate: Double
    /// The baseline's average per minute it was compared with.
    public var baselineRate: Double
    /// One line for people.
    public var detail: String
}
