#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    public var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Date {
    /// The date `duration` later.
    public static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }

    /// The date `duration` earlier.
    public static func - (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(-duration.timeInterval)
    }
}
