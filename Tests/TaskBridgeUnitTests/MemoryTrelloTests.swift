import Foundation
import Testing
import Trello

/// The board in memory behaves as Trello does where the worker depends on it: ids sort by creation, listings page
/// newest first, and scripted failures come back as the client raises them.
@Suite(.timeLimit(.minutes(1))) struct MemoryTrelloTests {
    private let trello = MemoryTrello()

    @Test func cardIDsSortByCreationWhateverSecondTheyWereMadeIn() async throws {
        let now = await trello.addCard(name: "now", description: "")
        let earlier = await trello.addCard(name: "earlier", description: "", madeAt: Date().addingTimeInterval(-60))
        let later = await trello.addCard(name: "later", description: "")
        #expect(earlier.id < now.id && now.id < later.id)
        #expect(await trello.cards.map(\.id) == [earlier.id, now.id, later.id])
    }

    @Test func listingsPageNewestFirstBySinceBeforeAndLimit() async throws {
        var ids: [String] = []
        for index in 0..<5 { ids.append(await trello.addCard(name: "\(index)", description: "").id) }
        let boardID = trello.boardID
        let page = try await trello.cards(board: boardID, filter: .all, since: ids[0], before: ids[4], limit: 2).value
        #expect(page.map(\.id) == [ids[3], ids[2]])
        let dated = try await trello.cards(
            board: boardID, filter: .all, since: "2000-01-01T00:00:00.000Z", before: nil, limit: 10).value
        #expect(dated.count == 5)
        let future = try await trello.cards(
            board: boardID, filter: .all, since: "2999-01-01T00:00:00.000Z", before: nil, limit: 10).value
        #expect(future.isEmpty)
    }

    @Test func archivedCardsAreListedOnlyWhenAskedFor() async throws {
        let card = await trello.addCard(name: "c", description: "")
        _ = try await trello.archiveCard(card.id)
        let boardID = trello.boardID
        #expect(try await trello.cards(board: boardID, filter: .open, since: nil, before: nil, limit: 10).value.isEmpty)
        #expect(try await trello.cards(board: boardID, filter: .all, since: nil, before: nil, limit: 10).value.count == 1)
    }

    @Test func aTimedOutCreateIsAnUnknownOutcomeThatMayHaveHappened() async throws {
        let listID = try await trello.lists(board: trello.boardID).value[0].id
        await trello.fail(.createCard, with: .timeout(applied: true), .timeout(applied: false))
        for _ in 0..<2 {
            let error = await #expect(throws: TrelloError.self) {
                try await trello.createCard(listID: listID, name: "n", description: "d", labelIDs: [], memberIDs: [])
            }
            #expect(error?.kind == .outcomeUnknown)
            #expect(error?.operation == .createCard)
        }
        #expect(await trello.cards.count == 1)
    }

    @Test func statusesAreSortedAsTheClientSortsThem() async throws {
        await trello.fail(
            .lists, with: .status(503), .rateLimited(retryAfter: .seconds(3)), .refusedCredentials, .status(404))
        var errors: [TrelloError] = []
        for _ in 0..<4 {
            do {
                _ = try await trello.lists(board: trello.boardID)
            } catch {
                errors.append(error)
            }
        }
        #expect(errors.map(\.kind) == [.transient, .transient, .credentials, .permanent])
        #expect(errors[1].isRateLimited && errors[1].retryAfter == .seconds(3))
        #expect(errors[2].status == 401)
        #expect(try await trello.lists(board: trello.boardID).value.count == 3)
    }

    @Test func aCardForAListTheBoardLacksIsRefused() async throws {
        let error = await #expect(throws: TrelloError.self) {
            try await trello.createCard(listID: "gone", name: "n", description: "d", labelIDs: [], memberIDs: [])
        }
        #expect(error?.status == 404 && error?.kind == .permanent)
    }
}
