import Foundation
import TaskBridgeCore

/// Decodes JSON text the way the API will, into a `JSONValue`.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}
