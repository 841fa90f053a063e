import Foundation
import TaskBridgeCore
import Testing
import TestSupport
import Trello

/// Each kind of task becomes the card the design specifies, and its row records the card.
@Suite(.timeLimit(.minutes(3))) struct CardShapeTests {
    @Test func everyKindMakesItsCardInToDoAndTheRowRecordsIt() async throws {
        try await WorkerWorld.with { world in
            let issue = try await world.submit(#"{"type":"issue","title":"Login page is slow","description":"Takes 9 s on 3G."}"#)
            let bug = try await world.submit(#"{"type":"bug","description":"Crash when saving an empty form."}"#)
            var taskIDs: [String: UUID] = [:]
            for category in CategorizedTaskKind.categories {
                taskIDs[category] = try await world.submit(#"{"type":"task","title":"Do \#(category)","category":"\#(category)"}"#)
            }
            let all = [issue, bug] + taskIDs.values
            try await world.withWorkers {
                try await eventually("every task is done") { try await world.count(.done) == all.count }
            }

            let board = try await world.sandbox.board()
            let toDo = try #require(board.lists.first { $0.name == "To Do" })
            let labelNames = Dictionary(uniqueKeysWithValues: board.labels.map { ($0.id, $0.name) })
            let memberIDs = Set(board.members.map(\.id))
            let cards = try await world.sandbox.cards()
            #expect(cards.count == all.count)
            var cardByTask: [UUID: TrelloCard] = [:]
            for card in cards {
                let taskID = try #require(CardFooter.taskID(in: card.desc), "card \(card.name) has no footer")
                #expect(cardByTask[taskID] == nil)
                cardByTask[taskID] = card
                #expect(card.idList == toDo.id)
                // The description ends with the footer carrying the task id.
                #expect(card.desc.hasSuffix(CardFooter.marker + taskID.uuidString.lowercased()))
            }

            // The row is done and points at its card.
            for id in all {
                let row = try await world.task(id)
                let card = try #require(cardByTask[id])
                #expect(row.status == .done)
                #expect(row.cardID == card.id)
                #expect(row.cardURL != nil && row.cardURL == (card.url ?? card.shortUrl))
                #expect(row.doneAt != nil)
                let api = try await world.fetch(id)
                #expect(api["status"] as? String == "done")
                #expect((api["card"] as? [String: Any])?["id"] as? String == card.id)
            }

            let issueCard = try #require(cardByTask[issue])
            #expect(issueCard.name == "Login page is slow")
            #expect(issueCard.desc.hasPrefix("Takes 9 s on 3G."))
            #expect(issueCard.idLabels.isEmpty)
            #expect(issueCard.idMembers.isEmpty)

            let bugRow = try await world.task(bug)
            let bugCard = try #require(cardByTask[bug])
            #expect(bugCard.name == bugRow.title)
            #expect(bugCard.name.wholeMatch(of: /bug-[a-z]+-[0-9]{1,4}/) != nil)
            #expect(bugCard.desc.hasPrefix("Crash when saving an empty form."))
            #expect(bugCard.idLabels.map { labelNames[$0] } == ["Bug"])
            #expect(bugCard.idMembers.count == 1)
            #expect(bugCard.idMembers.allSatisfy(memberIDs.contains))
            #expect(bugRow.assigneeID == bugCard.idMembers.first)

            for (category, id) in taskIDs {
                let card = try #require(cardByTask[id])
                #expect(card.name == "Do \(category)")
                #expect(card.idLabels.map { labelNames[$0] } == [category])
                #expect(card.idMembers.isEmpty)
                #expect(try await world.task(id).labelIDs == card.idLabels)
            }
        }
    }
}
