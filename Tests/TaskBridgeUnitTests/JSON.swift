import Foundation
import TaskBridgeCore
import TaskBridgeJSON

/// Parses JSON text the way the API does, into a `JSONValue`.
func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: Array(text.utf8))
}

/// What Foundation's `JSONDecoder` (the API's parser until `JSONValue(parsing:)`) makes of `bytes`, nil if it refuses.
func foundationJSON(_ bytes: [UInt8]) -> JSONValue? {
    try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
}
