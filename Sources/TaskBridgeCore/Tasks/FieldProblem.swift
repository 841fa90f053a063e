/// One thing wrong with a submitted task, reported to the client in the problem's `errors` list.
public struct FieldProblem: Sendable, Hashable, Encodable {
    /// The offending field's name, or nil when the problem is the body itself.
    public var field: String?
    /// What is wrong, in a sentence a client developer can act on.
    public var message: String
    /// A stable machine-readable reason, so clients need not parse the message.
    public var code: Code

    /// Makes a problem for `field` (nil: the whole body).
    public init(field: String?, code: Code, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case field, message, code
    }

    /// Encodes every member; `field` as `null` rather than left out, as the OpenAPI document requires it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let field {
            try container.encode(field, forKey: .field)
        } else {
            try container.encodeNil(forKey: .field)
        }
        try container.encode(message, forKey: .message)
        try container.encode(code, forKey: .code)
    }

    /// A stable reason for a problem; new ones may be added.
    public struct Code: RawRepresentable, Sendable, Hashable, Encodable, CustomStringConvertible {
        public var rawValue: String

        /// Wraps a raw code string.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The body is absent or not a JSON object.
        public static let notAnObject = Code(rawValue: "not_an_object")
        /// A required field is absent (or null).
        public static let required = Code(rawValue: "required")
        /// A field this type of task does not have.
        public static let unknownField = Code(rawValue: "unknown_field")
        /// A field the bridge fills itself, so the client must not send it.
        public static let notAllowed = Code(rawValue: "not_allowed")
        /// A field of the wrong JSON type (a number where a string belongs, ...).
        public static let wrongType = Code(rawValue: "wrong_type")
        /// An empty or whitespace-only string.
        public static let empty = Code(rawValue: "empty")
        /// A string over its length limit.
        public static let tooLong = Code(rawValue: "too_long")
        /// A character that cannot be stored (U+0000).
        public static let invalidCharacter = Code(rawValue: "invalid_character")
        /// A value outside a fixed set (`type`, `category`).
        public static let notAllowedValue = Code(rawValue: "not_allowed_value")

        /// The raw code.
        public var description: String { rawValue }

        /// Encodes as the bare string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }
}
