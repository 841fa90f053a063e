/// Reads typed settings from environment variables with defaults, collecting one line per missing or malformed
/// variable, so a process reads everything it needs and then stops at start naming every bad one.
/// An empty variable counts as unset. Messages quote a malformed value only for numbers and booleans, never for
/// strings or URLs, which may hold credentials.
public struct EnvironmentReader: Sendable {
    private let values: [String: String]
    /// One line per problem found so far, each naming its variable.
    public private(set) var problems: [String] = []

    /// Reads from `values`, usually `ProcessInfo.processInfo.environment`.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// A string, or `defaultValue` when unset.
    public mutating func string(_ name: String, default defaultValue: String) -> String {
        value(of: name) ?? defaultValue
    }

    /// A string that must be set; "" after recording the problem when it is not.
    public mutating func requiredString(_ name: String) -> String {
        guard let value = value(of: name) else {
            problems.append("\(name) is required")
            return ""
        }
        return value
    }

    /// A URL whose scheme is one of `schemes`; required unless there is a default. Never quoted in a problem.
    public mutating func url(_ name: String, schemes: [String], default defaultValue: String? = nil) -> String {
        guard let value = value(of: name) ?? defaultValue else {
            problems.append("\(name) is required")
            return ""
        }
        let lowered = value.lowercased()
        let hasHost = schemes.contains { scheme in
            lowered.hasPrefix(scheme + "://") && lowered.count > scheme.count + 3
        }
        guard hasHost else {
            problems.append("\(name) must be a URL starting with \(schemes.map { $0 + "://" }.joined(separator: " or "))")
            return value
        }
        return value
    }

    /// An integer within `range`, or `defaultValue` when unset.
    public mutating func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = value(of: name) else { return defaultValue }
        guard let number = Int(Self.trimmed(text)), range.contains(number) else {
            problems.append("\(name) must be \(Self.describe(range)), got \(Self.quote(text))")
            return defaultValue
        }
        return number
    }

    /// A whole number of milliseconds within `range`, or `defaultValue` when unset.
    public mutating func milliseconds(_ name: String, default defaultValue: Duration, in range: ClosedRange<Int>)
        -> Duration
    {
        guard value(of: name) != nil else { return defaultValue }
        return .milliseconds(integer(name, default: 0, in: range))
    }

    /// A whole number of seconds within `range`, or `defaultValue` when unset.
    public mutating func seconds(_ name: String, default defaultValue: Duration, in range: ClosedRange<Int>)
        -> Duration
    {
        guard value(of: name) != nil else { return defaultValue }
        return .seconds(integer(name, default: 0, in: range))
    }

    /// A boolean (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case), or `defaultValue` when unset.
    public mutating func bool(_ name: String, default defaultValue: Bool) -> Bool {
        guard let text = value(of: name) else { return defaultValue }
        switch Self.trimmed(text).lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            problems.append("\(name) must be true or false, got \(Self.quote(text))")
            return defaultValue
        }
    }

    /// A duration written as `DurationText` takes it (`90m`, `24h`, `7d`, `3600s`) within `range`, or `defaultValue`
    /// when unset.
    public mutating func duration(_ name: String, default defaultValue: Duration, in range: ClosedRange<Duration>)
        -> Duration
    {
        guard let text = value(of: name) else { return defaultValue }
        guard let duration = DurationText.parse(text), range.contains(duration) else {
            problems.append(
                "\(name) must be a duration such as 90m, 24h or 7d, from \(DurationText.format(range.lowerBound)) "
                    + "to \(DurationText.format(range.upperBound)), got \(Self.quote(text))")
            return defaultValue
        }
        return duration
    }

    /// A decimal number above `lower` and at most `upper`, or `defaultValue` when unset.
    public mutating func decimal(_ name: String, default defaultValue: Double, above lower: Double, atMost upper: Double)
        -> Double
    {
        guard let text = value(of: name) else { return defaultValue }
        guard let number = Double(Self.trimmed(text)), number > lower, number <= upper else {
            problems.append(
                "\(name) must be a number above \(Self.describe(lower)) and at most \(Self.describe(upper)), "
                    + "got \(Self.quote(text))")
            return defaultValue
        }
        return number
    }

    /// Records `problem` unless `condition` holds: for rules between variables (a cap below its base).
    public mutating func require(_ condition: Bool, _ problem: @autoclosure () -> String) {
        if !condition { problems.append(problem()) }
    }

    /// Throws every problem recorded, if any; call it once everything was read.
    public func finish() throws(SettingsError) {
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
    }

    private func value(of name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (1, .max): "a positive integer"
        case (let low, .max): "an integer of at least \(low)"
        case (let low, let high): "an integer from \(low) to \(high)"
        }
    }

    /// A bound as people write it: `0`, not `0.0`.
    private static func describe(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }

    /// The value in quotes, cut short: a malformed number is echoed to help, not to fill the log.
    private static func quote(_ text: String) -> String {
        let shown = text.count > 32 ? "\(text.prefix(32))…" : text
        return "\"\(shown)\""
    }

    /// The text without surrounding whitespace, which `.env` files often leave in.
    static func trimmed(_ text: String) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[first...last]
    }
}
