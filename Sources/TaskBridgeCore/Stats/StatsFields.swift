/// How the history is spelled in Redis: one hash per bucket, `{prefix}:stats:{bucket start in Unix seconds}`,
/// whose fields are `figure` or `figure|type`, `lag|{histogram bucket}` and `worker|{name}`.
public enum StatsFields {
    /// The hash of one bucket.
    public static func key(keyPrefix: String, bucket: Int) -> String {
        "\(keyPrefix):stats:\(bucket)"
    }

    /// The field counting `figure`, for `type` when given.
    public static func field(_ figure: StatsFigure, type: String?) -> String {
        type.map { "\(figure.rawValue)|\($0)" } ?? figure.rawValue
    }

    /// The field counting lags in one bucket of `LagHistogram`.
    public static func lagBucket(_ index: Int) -> String {
        "lag|\(index)"
    }

    /// The field marking a worker as alive in the bucket.
    public static func worker(_ name: String) -> String {
        "worker|\(name)"
    }

    /// The points of one bucket's hash (field, value pairs as `HGETALL` answers them): each counted figure by type,
    /// the lag observations and their 95th percentile, and the workers seen.
    public static func points(of hash: [(field: String, value: Int)]) -> [StatsPoint] {
        var points: [StatsPoint] = []
        var lagCounts: [Int: Int] = [:]
        var workers = 0
        for (field, value) in hash {
            let parts = field.split(separator: "|", maxSplits: 1).map(String.init)
            switch parts.first {
            case "lag":
                if parts.count == 2, let index = Int(parts[1]) { lagCounts[index, default: 0] += value }
            case "worker":
                workers += 1
            default:
                guard let figure = parts.first.flatMap(StatsFigure.init(rawValue:)) else { continue }
                points.append(StatsPoint(figure: figure, type: parts.count == 2 ? parts[1] : "", value: Double(value)))
            }
        }
        let observations = lagCounts.values.reduce(0, +)
        if observations > 0 {
            points.append(StatsPoint(figure: .lagObservations, type: "", value: Double(observations)))
            if let p95 = LagHistogram.quantileSeconds(0.95, counts: lagCounts) {
                points.append(StatsPoint(figure: .lagP95, type: "", value: p95))
            }
        }
        points.append(StatsPoint(figure: .workers, type: "", value: Double(workers)))
        return points
    }
}

/// One figure's value in one bucket: a row of `stats_points` without its time.
public struct StatsPoint: Sendable, Hashable {
    /// The figure.
    public var figure: StatsFigure
    /// The task type, or "" for figures not kept per type.
    public var type: String
    /// The count, or the level for gauges.
    public var value: Double

    /// Makes a point.
    public init(figure: StatsFigure, type: String, value: Double) {
        self.figure = figure
        self.type = type
        self.value = value
    }
}
