#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private let integerTypes: Set<PostgresDataType> = [.int2, .int4, .int8, .oid]
private let textTypes: Set<PostgresDataType> = [.text, .varchar, .bpchar, .name, .unknown]

extension String: PostgresDecodable {
    /// Any column's text form: every PostgreSQL type has one (enums and other custom types included).
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> String {
        String(decoding: try cell.text(as: String.self), as: UTF8.self)
    }
}

extension Int: PostgresDecodable {
    /// From `int2`, `int4`, `int8` or `oid`.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Int {
        try cell.integer(as: Int.self, from: integerTypes)
    }
}

extension Int16: PostgresDecodable {
    /// From `int2`.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Int16 {
        try cell.integer(as: Int16.self, from: [.int2])
    }
}

extension Int32: PostgresDecodable {
    /// From `int2` or `int4`.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Int32 {
        try cell.integer(as: Int32.self, from: [.int2, .int4])
    }
}

extension Int64: PostgresDecodable {
    /// From `int2`, `int4`, `int8` or `oid`.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Int64 {
        try cell.integer(as: Int64.self, from: integerTypes)
    }
}

extension Double: PostgresDecodable {
    /// From `float4`, `float8`, `numeric` (rounded to the nearest double) or an integer type.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Double {
        let text = try cell.text(as: Double.self, from: integerTypes.union([.float4, .float8, .numeric]))
        guard let value = Double(String(decoding: text, as: UTF8.self)) else {
            throw cell.invalidValue(as: Double.self)
        }
        return value
    }
}

extension Bool: PostgresDecodable {
    /// From `bool` (`t` or `f`).
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Bool {
        let text = try cell.text(as: Bool.self, from: [.bool])
        switch text.first {
        case UInt8(ascii: "t") where text.count == 1: return true
        case UInt8(ascii: "f") where text.count == 1: return false
        default: throw cell.invalidValue(as: Bool.self)
        }
    }
}

extension UUID: PostgresDecodable {
    /// From `uuid`, or from text that holds one.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> UUID {
        let text = try cell.text(as: UUID.self, from: textTypes.union([.uuid]))
        guard let value = UUID(uuidString: String(decoding: text, as: UTF8.self)) else {
            throw cell.invalidValue(as: UUID.self)
        }
        return value
    }
}

extension Date: PostgresDecodable {
    /// From `timestamptz`, `timestamp` (taken as UTC) or `date` (its midnight UTC); `±infinity` as the distant
    /// future and past.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Date {
        let text = try cell.text(as: Date.self, from: [.timestamptz, .timestamp, .date])
        guard let value = PostgresTimestamp.parse(text) else { throw cell.invalidValue(as: Date.self) }
        return value
    }
}

extension Data: PostgresDecodable {
    /// From `bytea` (hex form, which every connection of this client asks for).
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Data {
        let text = try cell.text(as: Data.self, from: [.bytea])
        guard let value = PostgresByteaHex.decode(text) else { throw cell.invalidValue(as: Data.self) }
        return value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// nil for NULL, else the wrapped type's decoding.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Wrapped? {
        guard cell.bytes != nil else { return nil }
        return try Wrapped.decode(from: cell)
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// From a one-dimensional array; NULL elements need an Optional element type.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> [Element] {
        let text = try cell.text(as: [Element].self)
        guard !cell.dataType.isKnownScalar, let elements = PostgresArrayLiteral.parse(text) else {
            throw PostgresError(
                kind: .decoding,
                message: "cannot decode column '\(cell.columnName)' of type \(cell.dataType) as \([Element].self)"
            )
        }
        let elementType = cell.dataType.elementType ?? .unknown
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let elementCell = PostgresCell(
                bytes: element, dataType: elementType, columnName: "\(cell.columnName)[\(index + 1)]"
            )
            values.append(try Element.decode(from: elementCell))
        }
        return values
    }
}

extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    /// A raw-value enum decodes through its raw value; a value with no case is an invalid value.
    public static func decode(from cell: PostgresCell) throws(PostgresError) -> Self {
        guard let value = Self(rawValue: try RawValue.decode(from: cell)) else { throw cell.invalidValue(as: Self.self) }
        return value
    }
}
