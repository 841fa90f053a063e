#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `timestamptz` text both ways, by calendar arithmetic rather than a formatter: formatters are slow and depend on
/// locale and time-zone data, while `TimeZone=UTC, DateStyle=ISO` on every transaction (`PostgresOutputSettings`)
/// makes the text fixed.
enum PostgresTimestamp {
    private static let microsecondsPerSecond: Int64 = 1_000_000
    private static let secondsPerDay: Int64 = 86_400

    /// `2024-05-06T07:08:09.123456Z` (microseconds, PostgreSQL's precision); years before 1 get a ` BC` suffix.
    /// Instants beyond what 64-bit microseconds hold (far outside PostgreSQL's range too) become `±infinity`.
    static func format(_ date: Date) -> String {
        let scaled = (date.timeIntervalSince1970 * 1e6).rounded()
        guard scaled.magnitude < 9e18 else { return scaled > 0 ? "infinity" : "-infinity" }
        let microseconds = Int64(scaled)
        let seconds = floorDivide(microseconds, microsecondsPerSecond)
        let fraction = microseconds - seconds * microsecondsPerSecond
        let days = floorDivide(seconds, secondsPerDay)
        let secondOfDay = seconds - days * secondsPerDay
        let (year, month, day) = civil(fromDays: days)
        var text = ""
        text.reserveCapacity(32)
        append(year > 0 ? year : 1 - year, width: 4, to: &text)
        text += "-"
        append(month, width: 2, to: &text)
        text += "-"
        append(day, width: 2, to: &text)
        text += "T"
        append(secondOfDay / 3600, width: 2, to: &text)
        text += ":"
        append(secondOfDay / 60 % 60, width: 2, to: &text)
        text += ":"
        append(secondOfDay % 60, width: 2, to: &text)
        text += "."
        append(fraction, width: 6, to: &text)
        text += "Z"
        if year <= 0 { text += " BC" }
        return text
    }

    /// Parses `timestamptz`, `timestamp` (taken as UTC) and `date` text in ISO style, `infinity` and `-infinity`.
    static func parse(_ text: ArraySlice<UInt8>) -> Date? {
        if text.elementsEqual("infinity".utf8) { return .distantFuture }
        if text.elementsEqual("-infinity".utf8) { return .distantPast }
        var scanner = Scanner(text: text)
        var isBC = false
        if text.count > 3, text.suffix(3).elementsEqual(" BC".utf8) {
            isBC = true
            scanner.end -= 3
        }
        guard var year = scanner.number(minDigits: 4, maxDigits: 9), scanner.skip("-"),
            let month = scanner.number(minDigits: 2, maxDigits: 2), (1...12).contains(month), scanner.skip("-"),
            let day = scanner.number(minDigits: 2, maxDigits: 2), (1...31).contains(day)
        else { return nil }
        if isBC { year = 1 - year }
        var seconds = days(fromYear: year, month: month, day: day) * secondsPerDay
        var microseconds: Int64 = 0
        if !scanner.isAtEnd {
            guard scanner.skip(" ") || scanner.skip("T"),
                let hour = scanner.number(minDigits: 2, maxDigits: 2), hour <= 24, scanner.skip(":"),
                let minute = scanner.number(minDigits: 2, maxDigits: 2), minute < 60, scanner.skip(":"),
                let second = scanner.number(minDigits: 2, maxDigits: 2), second <= 60
            else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if scanner.skip(".") {
                guard let (digits, count) = scanner.digits(maxDigits: 6) else { return nil }
                microseconds = digits
                for _ in count..<6 { microseconds *= 10 }
                _ = scanner.digits(maxDigits: 64)  // finer than microseconds: PostgreSQL never sends it
            }
            guard let offset = scanner.utcOffset() else { return nil }
            seconds -= offset
        }
        guard scanner.isAtEnd else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + Double(microseconds) / 1e6)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays count: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = count + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.utf8.count < width { text += String(repeating: "0", count: width - digits.utf8.count) }
        text += digits
    }

    /// A cursor over the ASCII text of one timestamp.
    private struct Scanner {
        let text: ArraySlice<UInt8>
        var position: Int
        var end: Int

        init(text: ArraySlice<UInt8>) {
            self.text = text
            position = text.startIndex
            end = text.endIndex
        }

        var isAtEnd: Bool { position == end }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < end, text[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digits(maxDigits: Int) -> (value: Int64, count: Int)? {
            var value: Int64 = 0
            var count = 0
            while position < end, count < maxDigits, (48...57).contains(text[position]) {
                value = value * 10 + Int64(text[position] - 48)
                position += 1
                count += 1
            }
            return count == 0 ? nil : (value, count)
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            guard let (value, count) = digits(maxDigits: maxDigits), count >= minDigits else { return nil }
            return value
        }

        /// Seconds east of UTC from `Z`, `+HH`, `+HH:MM` or `+HH:MM:SS` (0 when there is none: `timestamp`).
        mutating func utcOffset() -> Int64? {
            if isAtEnd { return 0 }
            if skip("Z") { return 0 }
            let sign: Int64
            if skip("+") {
                sign = 1
            } else if skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(minDigits: 2, maxDigits: 2) else { return nil }
            var offset = hours * 3600
            if skip(":") {
                guard let minutes = number(minDigits: 2, maxDigits: 2) else { return nil }
                offset += minutes * 60
                if skip(":") {
                    guard let seconds = number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += seconds
                }
            }
            return sign * offset
        }
    }
}
