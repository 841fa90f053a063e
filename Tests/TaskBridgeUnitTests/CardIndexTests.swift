import Foundation
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import Trello

/// Finding the card an earlier attempt may have made, on a board in memory: the first read reaches back to the
/// moment asked for, later ones read only what the board gained, and a read older than the claim proves nothing.
@Suite(.timeLimit(.minutes(1))) struct CardIndexTests {
    private let bench = WorkerBench()
    private let tenMinutesAgo = Date().addingTimeInterval(-600)

    @discardableResult
    private func card(for taskID: UUID, madeAt: Date? = nil) async -> TrelloCard {
        await bench.trello.addCard(
            name: "card", description: CardFooter.cardDescription(body: "body", taskID: taskID), madeAt: madeAt)
    }

    private func lookups() async -> [MemoryTrello.Request] {
        await bench.trello.requests(of: .boardCards(.all))
    }

    @Test func theFirstReadReachesBackToTheMomentAskedForAndAMinuteMore() async throws {
        let (recent, old) = (UUID(), UUID())
        await card(for: old, madeAt: Date().addingTimeInterval(-3600))
        let made = await card(for: recent)
        let claimedAt = ContinuousClock.now

        #expect(try await bench.index.card(for: recent, madeSince: tenMinutesAgo, claimedAt: claimedAt)?.id == made.id)
        #expect(try await bench.index.card(for: old, madeSince: tenMinutesAgo, claimedAt: claimedAt) == nil)
        let reads = await lookups()
        #expect(reads.count == 1, "the second lookup is answered by the first read")
        #expect(reads.first?.since == BoardCardReader.iso8601(tenMinutesAgo.addingTimeInterval(-60)))
        #expect(reads.first?.before == nil)
    }

    @Test func laterLookupsReadOnlyFromALittleBeforeTheNewestCardSeen() async throws {
        let (first, second) = (UUID(), UUID())
        await card(for: first)
        let newest = await bench.trello.addCard(name: "someone else's", description: "no footer")
        _ = try await bench.index.card(for: first, madeSince: tenMinutesAgo, claimedAt: .now)

        let made = await card(for: second)
        #expect(try await bench.index.card(for: second, madeSince: tenMinutesAgo, claimedAt: .now)?.id == made.id)
        let reads = await lookups()
        #expect(reads.count == 2)
        let newestMade = try #require(CardIndex.creationDate(ofCardID: newest.id))
        let overlap = -Double(CardIndex.overlap.components.seconds)
        #expect(reads.last?.since == BoardCardReader.iso8601(newestMade.addingTimeInterval(overlap)))
    }

    @Test func aReadThatBeganBeforeTheClaimIsNotUsed() async throws {
        let (missing, late) = (UUID(), UUID())
        #expect(try await bench.index.card(for: missing, madeSince: tenMinutesAgo, claimedAt: .now) == nil)

        // Claimed after that read began: the card may have been made since, so the board is read again.
        let claimedAt = ContinuousClock.now
        let made = await card(for: late)
        #expect(try await bench.index.card(for: late, madeSince: tenMinutesAgo, claimedAt: claimedAt)?.id == made.id)
        #expect(await lookups().count == 2)
    }

    @Test func aLookupReachingFurtherBackThanTheReadsStartsAfresh() async throws {
        let old = UUID()
        let made = await card(for: old, madeAt: Date().addingTimeInterval(-3600))
        let claimedAt = ContinuousClock.now
        #expect(try await bench.index.card(for: old, madeSince: tenMinutesAgo, claimedAt: claimedAt) == nil)

        let twoHoursAgo = Date().addingTimeInterval(-7200)
        #expect(try await bench.index.card(for: old, madeSince: twoHoursAgo, claimedAt: claimedAt)?.id == made.id)
        let reads = await lookups()
        #expect(reads.count == 2)
        #expect(reads.last?.since == BoardCardReader.iso8601(twoHoursAgo.addingTimeInterval(-60)))
    }

    @Test func theLowestIDWinsWhenSeveralCardsCarryTheFooter() async throws {
        let task = UUID()
        let first = await card(for: task)
        await card(for: task)
        #expect(try await bench.index.card(for: task, madeSince: tenMinutesAgo, claimedAt: .now)?.id == first.id)
    }
}

/// Reading a board's cards in bounded pages, newest first.
@Suite(.timeLimit(.minutes(1))) struct BoardCardReaderTests {
    @Test func pagesMoveBackByTheOldestIDOfTheLastFullPage() async throws {
        let bench = WorkerBench()
        var made: [TrelloCard] = []
        for index in 0..<5 {
            made.append(await bench.trello.addCard(name: "card \(index)", description: "d"))
        }
        let reader = BoardCardReader(trello: bench.gateway, boardID: bench.trello.boardID, pageSize: 2)
        let cards = try await reader.cards(
            since: Date() - .seconds(60), filter: .all, operation: .lookupCards, keeping: { $0 })
        #expect(cards.map(\.id) == made.reversed().map(\.id))
        let befores = await bench.trello.requests(of: .boardCards(.all)).map(\.before)
        #expect(befores == [nil, made[3].id, made[1].id])
    }

    @Test func aPageTooLargeIsAskedForAgainAtHalfTheSize() async throws {
        let bench = WorkerBench()
        for index in 0..<3 {
            await bench.trello.addCard(name: "card \(index)", description: "d")
        }
        await bench.trello.fail(.boardCards(.all), with: .status(400, message: "too many", code: "API_TOO_MANY_CARDS_REQUESTED"))
        let reader = BoardCardReader(trello: bench.gateway, boardID: bench.trello.boardID, pageSize: 40)
        _ = try await reader.cards(
            since: Date() - .seconds(60), filter: .all, operation: .lookupCards, keeping: { $0 })
        #expect(await bench.trello.requests(of: .boardCards(.all)).count == 2)
    }
}
