import Foundation
import TaskBridgeCore
import Testing
import Trello

extension WorkerWorld {
    /// Expects the sandbox's board to hold exactly one card for each of `ids`, and no other card.
    func expectOneCardPerTask(_ ids: [UUID], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let cards = try await sandbox.cards()
        #expect(cards.count == ids.count, sourceLocation: sourceLocation)
        #expect(Set(cards.compactMap { CardFooter.taskID(in: $0.desc) }) == Set(ids), sourceLocation: sourceLocation)
    }
}
