#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The history in PostgreSQL (`stats_points`): finished buckets written by the stats leader, read back in steps
/// for `GET /v1/stats/history`, the dashboard's charts and the alert rules.
public struct StatsStore: Sendable {
    /// How long buckets are kept.
    public static let retention: Duration = .seconds(7 * 24 * 3600)

    let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Writes one bucket's points, replacing what an earlier write of the same bucket left: the values are totals.
    public func persist(bucket: Int, points: [StatsPoint]) async throws {
        guard !points.isEmpty else { return }
        _ = try await pool.query("""
            INSERT INTO stats_points (bucket_start, name, type, value)
            SELECT to_timestamp(\(bucket)::int8), name, type, value
            FROM unnest(\(points.map(\.figure.rawValue))::text[], \(points.map(\.type))::text[],
                        \(points.map(\.value))::float8[]) AS p (name, type, value)
            ON CONFLICT (bucket_start, name, type) DO UPDATE SET value = EXCLUDED.value
            """)
    }

    /// The start (Unix seconds) of the newest bucket written, if any.
    public func lastPersistedBucket() async throws -> Int? {
        let rows = try await pool.query(
            "SELECT extract(epoch FROM max(bucket_start))::int8 FROM stats_points")
        return try rows.first?.decode(Int64?.self, at: 0).map(Int.init)
    }

    /// Deletes buckets older than `retention`.
    public func prune(retention: Duration = StatsStore.retention) async throws {
        _ = try await pool.query("""
            DELETE FROM stats_points
            WHERE bucket_start < now() - \(Int64(retention.components.seconds))::int8 * interval '1 second'
            """)
    }

    /// One figure's value per bucket (summed over types) for buckets starting at or after `from` (Unix seconds).
    public func values(of figure: StatsFigure, from: Int) async throws -> [Int: Double] {
        let rows = try await pool.query("""
            SELECT extract(epoch FROM bucket_start)::int8, sum(value) FROM stats_points
            WHERE name = \(figure.rawValue) AND bucket_start >= to_timestamp(\(from)::int8)
            GROUP BY bucket_start
            """)
        var values: [Int: Double] = [:]
        for row in rows {
            values[Int(try row.decode(Int64.self, at: 0))] = try row.decode(Double.self, at: 1)
        }
        return values
    }

    /// The history over `query`'s window, in its steps: counts summed and levels at their largest per step,
    /// counts with a zero for every step without data so every series has the same times.
    public func history(_ query: HistoryQuery, now: Date = Date()) async throws -> [HistorySeries] {
        let grid = query.grid(now: now)
        var filter: PostgresQuery = "TRUE"
        if let type = query.type {
            filter = "type = \(type)"
        }
        let gauges = StatsFigure.allCases.filter(\.isGauge).map(\.rawValue)
        let rows = try await pool.query("""
            SELECT (floor(extract(epoch FROM bucket_start) / \(query.step)) * \(query.step))::int8 AS t, name, type,
                   CASE WHEN name = ANY(\(gauges)::text[]) THEN max(value) ELSE sum(value) END AS value
            FROM stats_points
            WHERE bucket_start >= to_timestamp(\(grid.lowerBound)::int8) AND \(fragment: filter)
            GROUP BY 1, 2, 3
            ORDER BY 2, 3, 1
            """)
        var series: [HistorySeries.Key: [Int: Double]] = [:]
        for row in rows {
            guard let figure = StatsFigure(rawValue: try row.decode(String.self, column: "name")) else { continue }
            let key = HistorySeries.Key(figure: figure, type: try row.decode(String.self, column: "type"))
            series[key, default: [:]][Int(try row.decode(Int64.self, column: "t"))] = try row.decode(
                Double.self, column: "value")
        }
        let times = Array(stride(from: grid.lowerBound, through: grid.upperBound, by: query.step))
        return series.keys.sorted().map { key in
            let values = series[key] ?? [:]
            let points: [HistorySeries.Point] = key.figure.isGauge
                ? times.compactMap { time in values[time].map { .init(time: time, value: $0) } }
                : times.map { .init(time: $0, value: values[$0] ?? 0) }
            return HistorySeries(figure: key.figure, type: key.type.isEmpty ? nil : key.type, points: points)
        }
    }
}

/// What the API needs of the history: its series over a window. `StatsStore` is the PostgreSQL one.
public protocol HistoryRepository: Sendable {
    /// The history over `query`'s window, in its steps.
    func history(_ query: HistoryQuery, now: Date) async throws -> [HistorySeries]
}

extension StatsStore: HistoryRepository {}
