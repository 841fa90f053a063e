import Foundation

/// Timestamps as Trello writes them: ISO 8601 in UTC with milliseconds, e.g. `2019-09-16T16:19:17.156Z`.
enum TrelloDate {
    /// The current time in Trello's format.
    static func now() -> String {
        self.format(millisecondsSince1970: self.currentMilliseconds())
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    static func currentMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `milliseconds` after 1970-01-01T00:00:00Z in Trello's format.
    static func format(millisecondsSince1970 milliseconds: Int64) -> String {
        let (days, millisecondOfDay) = milliseconds.quotientAndRemainderFlooring(dividingBy: 86_400_000)
        let (year, month, day) = self.civilDate(daysSince1970: days)
        let seconds = millisecondOfDay / 1000
        return "\(self.pad(year, 4))-\(self.pad(month, 2))-\(self.pad(day, 2))T"
            + "\(self.pad(seconds / 3600, 2)):\(self.pad(seconds / 60 % 60, 2)):\(self.pad(seconds % 60, 2))."
            + "\(self.pad(millisecondOfDay % 1000, 3))Z"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count, without calendar objects.
    private static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    /// Quotient and a non-negative remainder, so dates before 1970 still format correctly.
    fileprivate func quotientAndRemainderFlooring(dividingBy divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = self.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
