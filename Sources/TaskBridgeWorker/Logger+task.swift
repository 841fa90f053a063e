import Foundation
import Logging

extension Logger {
    /// This logger with the metadata every log line about one task carries: its id and, when the stream entry had
    /// one, the id of the API request that sent it, so an operator can follow a request from the API to its card.
    func forTask(_ id: UUID, delivery: UUID? = nil, requestID: String?) -> Logger {
        var logger = self
        logger[metadataKey: "task.id"] = "\(id.uuidString.lowercased())"
        // A task's first delivery has the task's id: only the others need naming.
        if let delivery, delivery != id {
            logger[metadataKey: "delivery.id"] = "\(delivery.uuidString.lowercased())"
        }
        if let requestID {
            logger[metadataKey: "request.id"] = "\(requestID)"
        }
        return logger
    }
}
