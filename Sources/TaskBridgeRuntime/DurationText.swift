/// Durations as operators write them: a whole number and one unit, `s`, `m`, `h` or `d` (`3600s`, `90m`, `24h`,
/// `7d`). `RECONCILE_WINDOW` and `taskbridge reconcile --since` read them.
public enum DurationText {
    private static let units: [(suffix: Character, seconds: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// The duration `text` writes, or nil unless it is a positive whole number followed by one unit.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = EnvironmentReader.trimmed(text)
        guard let suffix = trimmed.last?.lowercased().first,
            let unit = units.first(where: { $0.suffix == suffix }),
            let count = Int64(trimmed.dropLast()), count > 0,
            count <= Int64.max / unit.seconds
        else { return nil }
        return .seconds(count * unit.seconds)
    }

    /// `duration` in the largest unit that writes it exactly (`24h`, `2d`, `90m`, `61s`); durations that are not a
    /// whole number of seconds are rounded down.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        // Days only from two on: a window of `24h` reads better than `1d`.
        for unit in units where seconds % unit.seconds == 0 && seconds / unit.seconds >= (unit.suffix == "d" ? 2 : 1) {
            return "\(seconds / unit.seconds)\(unit.suffix)"
        }
        return "\(seconds)s"
    }
}
