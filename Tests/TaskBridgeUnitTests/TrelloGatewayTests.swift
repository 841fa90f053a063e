import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import Trello

/// The one way the worker calls Trello, on a board in memory and the fleet's schedule in memory: what Trello says
/// moves the fleet, and a request that could not finish within its lease is never sent.
@Suite(.timeLimit(.minutes(1))) struct TrelloGatewayTests {
    private let clock = ManualClock()
    /// The fleet's schedule, Trello's default limits: slots 101 ms apart (the token's 100 per 10.1 s).
    private let limiter: RateLimiter
    private let bench: WorkerBench

    init() {
        let clock = clock
        limiter = RateLimiter(store: MemoryRateLimitStore(clock: { clock.now }), limits: TrelloRateLimits())
        bench = WorkerBench(limiter: limiter, retryAfterCap: .seconds(120))
    }

    /// Reads the board's lists through the gateway (its slot reservations running for the call), by `deadline`.
    private func readLists(deadline: ContinuousClock.Instant? = nil) async throws {
        let boardID = bench.trello.boardID
        let gateway = bench.gateway
        _ = try await gateway.serving {
            try await gateway.perform(.lists, deadline: deadline) { try await $0.lists(board: boardID) }
        }
    }

    @Test func aRateLimitedAnswerPushesTheWholeFleetBackByItsRetryAfter() async throws {
        await bench.trello.fail(.lists, with: .rateLimited(retryAfter: .seconds(30)))
        await #expect(throws: TrelloError.self) { try await readLists() }
        // Any worker's next slot, not just this one's.
        #expect(try await limiter.reserve() == [.seconds(30)])
    }

    @Test func aRateLimitedAnswerWithoutRetryAfterPushesTheFleetBackAWindow() async throws {
        await bench.trello.fail(.lists, with: .rateLimited(retryAfter: nil))
        await #expect(throws: TrelloError.self) { try await readLists() }
        #expect(try await limiter.reserve() == [TrelloRateLimits.defaultWindow])
    }

    @Test func aRetryAfterPastTheCapPushesTheFleetBackOnlyTheCap() async throws {
        await bench.trello.fail(.lists, with: .rateLimited(retryAfter: .seconds(86_000)))
        await #expect(throws: TrelloError.self) { try await readLists() }
        #expect(try await limiter.reserve() == [.seconds(120)])
    }

    @Test func aSpentBudgetInTrellosHeadersSlowsTheFleetDown() async throws {
        // Someone else shares the token: Trello allows it 10 requests per 10 s, and none is left.
        let window = TrelloRateLimit.Window(maximum: 10, remaining: 0, interval: .seconds(10))
        await bench.trello.answer(rateLimit: TrelloRateLimit(token: window))
        try await readLists()
        // Pushed back one slot of Trello's spacing (10 s / 10) from now, past this worker's own 101 ms.
        #expect(try await limiter.reserve() == [.seconds(1)])
    }

    @Test func refusedCredentialsPauseTheFleet() async throws {
        await bench.trello.fail(.lists, with: .refusedCredentials)
        let error = await #expect(throws: TrelloError.self) { try await readLists() }
        #expect(error?.kind == .credentials)
        #expect(await bench.fleet.isPaused)
        #expect(await bench.fleet.state.reason?.contains("invalid token") == true)
    }

    @Test func otherFailuresNeitherPauseNorPushBack() async throws {
        await bench.trello.fail(.lists, with: .status(503, message: "down"), .timeout(applied: false))
        await #expect(throws: TrelloError.self) { try await readLists() }
        await #expect(throws: TrelloError.self) { try await readLists() }
        #expect(!(await bench.fleet.isPaused))
        // Two slots spent, 101 ms apart: the third comes one slot after the second.
        #expect(try await limiter.reserve() == [.milliseconds(202)])
    }

    @Test func aRequestThatCouldNotFinishBeforeTheDeadlineIsNotSent() async throws {
        // Trello may take 10 s to answer; 5 s are left.
        await #expect(throws: LeaseTooShort.self) { try await readLists(deadline: .now + .seconds(5)) }
        #expect(await bench.trello.requests.isEmpty)
    }

    @Test func aRequestWhoseSlotComesTooLateForTheDeadlineIsNotSent() async throws {
        try await limiter.pushBack(by: .seconds(30))
        await #expect(throws: LeaseTooShort.self) { try await readLists(deadline: .now + .seconds(20)) }
        #expect(await bench.trello.requests.isEmpty)
    }

    @Test func everyGrantMovesTheHorizonTheDispatcherClaimsWithin() async throws {
        #expect(bench.gateway.requestsFitting(within: .seconds(1)) == 10)
        try await limiter.pushBack(by: .seconds(30))
        try? await readLists(deadline: .now + .seconds(20))
        #expect(bench.gateway.requestsFitting(within: .seconds(10)) == 0)
    }
}
