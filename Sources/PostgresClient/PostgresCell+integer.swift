extension PostgresCell {
    /// Parses a decimal integer without making a String, rejecting what does not fit in `Value`.
    func integer<Value: FixedWidthInteger>(
        as swiftType: Value.Type, from types: Set<PostgresDataType>
    ) throws(PostgresError) -> Value {
        let text = try self.text(as: Value.self, from: types)
        var index = text.startIndex
        let isNegative = index < text.endIndex && text[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < text.endIndex else { throw invalidValue(as: Value.self) }
        var value: Value = 0
        while index < text.endIndex {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw invalidValue(as: Value.self) }
            let (shifted, overflowedMultiply) = value.multipliedReportingOverflow(by: 10)
            // Accumulate negatively for negative numbers so that Value.min fits.
            let (next, overflowedAdd) = isNegative
                ? shifted.subtractingReportingOverflow(Value(digit))
                : shifted.addingReportingOverflow(Value(digit))
            guard !overflowedMultiply, !overflowedAdd else { throw invalidValue(as: Value.self) }
            value = next
            index += 1
        }
        return value
    }
}
