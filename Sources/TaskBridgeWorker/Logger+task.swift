import Foundation
import Logging

extension Logger {
    /// This logger with the metadata every log line about one task carries: its id and, when the stream entry had
    /// one, the id of the API request that sent it, so an operator can follow a request from the API to its card.
    func forTask(_ id: UUID, requestID: String?) -> Logger {
        var logger = self
        logger[metadataKey: "task.id"] = "\(id.uuidString.lowercased())"
        if let requestID {
            logger[metadataKey: "request.id"] = "\(requestID)"
        }
        return logger
    }
}
