import Hummingbird

/// `/1/cards`: what the bridge exists to make.
struct CardRoutes {
    let state: SandboxState

    /// Stores the card first, then drops the connection if the gate asked for it.
    @Sendable func createCard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let draft = try CardDraft(parameters: try await RequestParameters.read(from: request, context: context))
        let milliseconds = TrelloDate.currentMilliseconds()
        let card = try await self.state.withStore { store throws(TrelloError) in
            // Two statements: `store.json(of: store.addCard(...))` would read `store` before the mutation, keeping
            // a second reference that makes the insert copy every card.
            let card = try store.addCard(draft, at: milliseconds)
            return store.json(of: card)
        }
        try await context.dropConnectionIfAsked()
        return card
    }

    @Sendable func card(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let fields = try await RequestParameters.read(from: request, context: context).fields
        return try await self.state.withStore { store throws(TrelloError) in store.json(of: try store.card(id)).narrowed(to: fields) }
    }

    @Sendable func updateCard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let changes = try CardChanges(parameters: try await RequestParameters.read(from: request, context: context))
        let milliseconds = TrelloDate.currentMilliseconds()
        return try await self.state.withStore { store throws(TrelloError) in
            let card = try store.updateCard(id, with: changes, at: milliseconds)
            return store.json(of: card)
        }
    }

    /// Deletes the card; Trello answers `{"limits":{}}`.
    @Sendable func deleteCard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let milliseconds = TrelloDate.currentMilliseconds()
        try await self.state.withStore { store throws(TrelloError) in try store.deleteCard(id, at: milliseconds) }
        return .object([.init("limits", .object([]))])
    }
}
