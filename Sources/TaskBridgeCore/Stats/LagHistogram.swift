/// The buckets lag observations are counted in, and the percentile read back from them. A histogram, not the
/// observations, so that every process adds its counts to one Redis hash with `HINCRBY`.
public enum LagHistogram {
    /// Upper bounds in milliseconds; a lag above the last counts in the last.
    public static let boundsMilliseconds: [Int] = [
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 86_400_000,
    ]

    /// The index of the bucket a lag of `milliseconds` falls in.
    public static func bucket(milliseconds: Int) -> Int {
        boundsMilliseconds.firstIndex { milliseconds <= $0 } ?? boundsMilliseconds.count - 1
    }

    /// The upper bound, in seconds, of the bucket holding the `quantile` of `counts` (per bucket index); nil with
    /// no observations. An upper bound, so the figure errs on the side of an alert.
    public static func quantileSeconds(_ quantile: Double, counts: [Int: Int]) -> Double? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = quantile * Double(total)
        var seen = 0
        for index in boundsMilliseconds.indices {
            seen += counts[index] ?? 0
            if Double(seen) >= rank { return Double(boundsMilliseconds[index]) / 1000 }
        }
        return Double(boundsMilliseconds.last!) / 1000
    }
}
