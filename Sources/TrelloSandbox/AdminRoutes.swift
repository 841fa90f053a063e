import Hummingbird

/// `/_sandbox/...`: what tests and scripts use to look inside the sandbox and steer it. No authentication.
struct AdminRoutes {
    let state: SandboxState

    /// `{"status":"ok"}` once the sandbox serves, for scripts waiting on it.
    @Sendable func health(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        .object([.init("status", .string("ok"))])
    }

    /// The board `?board=ID` names among the sandbox's (an extra board), else the seeded one.
    private func boardID(of request: Request) throws -> String {
        guard let asked = request.uri.queryParameters.get("board")?.lowercased() else { return self.state.boardID }
        guard self.state.boardIDs.contains(asked) else { throw HTTPError(.notFound, message: "no such board") }
        return asked
    }

    /// The seeded board (or `?board=ID`) with every list (closed ones too), every label and its members.
    @Sendable func board(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let boardID = try self.boardID(of: request)
        return try await self.state.withStore { store throws(TrelloError) in
            .object([
                .init("board", try store.board(boardID).json),
                .init("lists", .array(try store.lists(onBoard: boardID, filter: "all").map(\.json))),
                .init("labels", .array(try store.labels(onBoard: boardID, limit: .max).map(\.json))),
                .init("members", .array(try store.members(ofBoard: boardID).map(\.json))),
            ])
        }
    }

    /// Every card of the seeded board (or `?board=ID`), archived ones too, oldest first, as Trello card objects.
    @Sendable func cards(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let boardID = try self.boardID(of: request)
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.cards(onBoard: boardID, filter: "all").map { store.json(of: $0) })
        }
    }

    /// Makes many cards at once (`CardSeed`); answers `{"count": N, "first": id, "last": id}`.
    @Sendable func seedCards(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let seed = try await request.decode(as: CardSeed.self, context: context)
        if let problem = seed.problem { throw HTTPError(.badRequest, message: problem) }
        let (boardID, milliseconds) = (try self.boardID(of: request), TrelloDate.currentMilliseconds())
        let (first, last) = try await self.state.withStore { store throws(TrelloError) in
            try store.addCards(seed, boardID: boardID, at: milliseconds)
        }
        return .object([.init("count", .int(seed.count)), .init("first", .string(first.id)), .init("last", .string(last.id))])
    }

    /// Moves a card to the open list named in `{"list": "Done"}`, as a person dragging it would: the board records
    /// the action and its webhooks hear of it. 404 for an unknown card or list name.
    @Sendable func moveCard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let move = try await request.decode(as: CardMove.self, context: context)
        let (boardID, milliseconds) = (self.state.boardID, TrelloDate.currentMilliseconds())
        return try await self.state.withStore { store throws(TrelloError) in
            guard let list = try store.lists(onBoard: boardID, filter: "open").first(where: { $0.name == move.list }) else {
                throw .modelNotFound
            }
            return store.json(of: try store.updateCard(id, with: CardChanges(idList: list.id), at: milliseconds))
        }
    }

    /// Archives a card, as a person would.
    @Sendable func archiveCard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let milliseconds = TrelloDate.currentMilliseconds()
        return try await self.state.withStore { store throws(TrelloError) in
            store.json(of: try store.updateCard(id, with: CardChanges(closed: true), at: milliseconds))
        }
    }

    /// Every webhook with its state: active or not, and its failures in a row.
    @Sendable func webhooks(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        .array(await self.state.webhooks.map(\.json))
    }

    /// The latest `/1` requests, oldest first (`LoggedRequest`): when each arrived, its route, target and outcome.
    @Sendable func requests(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        try Self.encoded(await self.state.requests, request: request, context: context)
    }

    /// Back to the state at start; answers 204.
    @Sendable func reset(_ request: Request, context: SandboxRequestContext) async throws -> HTTPResponse.Status {
        await self.state.reset()
        return .noContent
    }

    /// `{"POST /1/cards": {"200": 12, "429": 3, "dropped": 1}}`: `/1` responses by route and outcome.
    @Sendable func counters(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        try Self.encoded(await self.state.counts, request: request, context: context)
    }

    @Sendable func faults(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        try Self.encoded(await self.state.currentFaults, request: request, context: context)
    }

    @Sendable func updateFaults(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let update = try await request.decode(as: FaultsUpdate.self, context: context)
        return try Self.encoded(try await self.state.update(update), request: request, context: context)
    }

    @Sendable func limits(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        try Self.encoded(await self.state.currentLimits, request: request, context: context)
    }

    @Sendable func updateLimits(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let update = try await request.decode(as: RateLimitsUpdate.self, context: context)
        return try Self.encoded(try await self.state.update(update), request: request, context: context)
    }

    @Sendable func credentials(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        try Self.encoded(await self.state.currentCredentials, request: request, context: context)
    }

    @Sendable func updateCredentials(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let update = try await request.decode(as: CredentialsUpdate.self, context: context)
        return try Self.encoded(await self.state.update(update), request: request, context: context)
    }

    private static func encoded(_ value: some Encodable, request: Request, context: SandboxRequestContext) throws -> Response {
        try context.responseEncoder.encode(value, from: request, context: context)
    }
}
