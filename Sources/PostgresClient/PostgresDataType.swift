/// A PostgreSQL type OID, as libpq reports it for each result column.
public struct PostgresDataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The type's OID.
    public let rawValue: UInt32

    /// Wraps a type OID.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The type of a value whose type the server left open (also used for elements of unknown array types).
    public static let unknown = PostgresDataType(rawValue: 705)
    /// `bool`.
    public static let bool = PostgresDataType(rawValue: 16)
    /// `bytea`.
    public static let bytea = PostgresDataType(rawValue: 17)
    /// `"char"`.
    public static let char = PostgresDataType(rawValue: 18)
    /// `name`.
    public static let name = PostgresDataType(rawValue: 19)
    /// `int8`.
    public static let int8 = PostgresDataType(rawValue: 20)
    /// `int2`.
    public static let int2 = PostgresDataType(rawValue: 21)
    /// `int4`.
    public static let int4 = PostgresDataType(rawValue: 23)
    /// `text`.
    public static let text = PostgresDataType(rawValue: 25)
    /// `oid`.
    public static let oid = PostgresDataType(rawValue: 26)
    /// `json`.
    public static let json = PostgresDataType(rawValue: 114)
    /// `float4`.
    public static let float4 = PostgresDataType(rawValue: 700)
    /// `float8`.
    public static let float8 = PostgresDataType(rawValue: 701)
    /// `bpchar` (`char(n)`).
    public static let bpchar = PostgresDataType(rawValue: 1042)
    /// `varchar`.
    public static let varchar = PostgresDataType(rawValue: 1043)
    /// `date`.
    public static let date = PostgresDataType(rawValue: 1082)
    /// `timestamp` (without time zone).
    public static let timestamp = PostgresDataType(rawValue: 1114)
    /// `timestamptz`.
    public static let timestamptz = PostgresDataType(rawValue: 1184)
    /// `numeric`.
    public static let numeric = PostgresDataType(rawValue: 1700)
    /// `uuid`.
    public static let uuid = PostgresDataType(rawValue: 2950)
    /// `jsonb`.
    public static let jsonb = PostgresDataType(rawValue: 3802)

    /// The element type when this is a known array type, e.g. `int8` for `int8[]`.
    public var elementType: PostgresDataType? {
        Self.arrayElements[rawValue].map(PostgresDataType.init(rawValue:))
    }

    /// Whether this is one of the known scalar (non-array) types above.
    public var isKnownScalar: Bool {
        Self.names[rawValue] != nil && Self.arrayElements[rawValue] == nil
    }

    /// The SQL name of known types, else `oid N`.
    public var description: String {
        Self.names[rawValue] ?? "oid \(rawValue)"
    }

    private static let arrayElements: [UInt32: UInt32] = [
        1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26, 199: 114,
        1021: 700, 1022: 701, 1014: 1042, 1015: 1043, 1182: 1082, 1115: 1114, 1185: 1184, 1231: 1700,
        2951: 2950, 3807: 3802,
    ]

    private static let names: [UInt32: String] = [
        705: "unknown", 16: "bool", 17: "bytea", 18: "\"char\"", 19: "name", 20: "int8", 21: "int2", 23: "int4",
        25: "text", 26: "oid", 114: "json", 700: "float4", 701: "float8", 1042: "bpchar", 1043: "varchar",
        1082: "date", 1114: "timestamp", 1184: "timestamptz", 1700: "numeric", 2950: "uuid", 3802: "jsonb",
        1000: "bool[]", 1001: "bytea[]", 1002: "\"char\"[]", 1003: "name[]", 1016: "int8[]", 1005: "int2[]",
        1007: "int4[]", 1009: "text[]", 1028: "oid[]", 199: "json[]", 1021: "float4[]", 1022: "float8[]",
        1014: "bpchar[]", 1015: "varchar[]", 1182: "date[]", 1115: "timestamp[]", 1185: "timestamptz[]",
        1231: "numeric[]", 2951: "uuid[]", 3807: "jsonb[]",
    ]
}
