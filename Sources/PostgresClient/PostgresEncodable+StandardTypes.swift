#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension String: PostgresArrayElement {
    /// The string itself.
    public var postgresText: String? { self }
}

extension Substring: PostgresArrayElement {
    /// The string itself.
    public var postgresText: String? { String(self) }
}

extension Int: PostgresArrayElement {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int16: PostgresArrayElement {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresArrayElement {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresArrayElement {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Double: PostgresArrayElement {
    /// The shortest text that reads back as the same double; `Infinity`, `-Infinity` and `NaN` as PostgreSQL spells them.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Bool: PostgresArrayElement {
    /// `true` or `false`.
    public var postgresText: String? { self ? "true" : "false" }
}

extension UUID: PostgresArrayElement {
    /// The canonical 36-character form.
    public var postgresText: String? { uuidString }
}

extension Date: PostgresArrayElement {
    /// ISO 8601 in UTC with microseconds, for `timestamptz`.
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Data: PostgresArrayElement {
    /// `bytea` hex form: `\x` and two hex digits per byte.
    public var postgresText: String? { PostgresByteaHex.encode(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// NULL for nil, else the wrapped value's text.
    public var postgresText: String? {
        switch self {
        case .none: nil
        case .some(let value): value.postgresText
        }
    }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// A one-dimensional array literal, every element quoted and escaped, nil elements as NULL.
    public var postgresText: String? { PostgresArrayLiteral.encode(self) }
}

extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    /// A raw-value enum is sent as its raw value.
    public var postgresText: String? { rawValue.postgresText }
}
