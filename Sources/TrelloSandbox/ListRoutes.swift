import Hummingbird

/// `/1/lists`.
struct ListRoutes {
    let state: SandboxState

    @Sendable func list(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let fields = try await RequestParameters.read(from: request, context: context).fields
        return try await self.state.withStore { store throws(TrelloError) in try store.list(id).json.narrowed(to: fields) }
    }

    /// Trello answers an unknown board here with a 401, not a 404.
    @Sendable func createList(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let name = parameters.name() else { throw TrelloError.badRequestJSON("invalid value for name") }
        guard let boardID = parameters["idBoard"].flatMap(TrelloID.normalized) else { throw TrelloError.invalidValue("idBoard") }
        let position = try Position(parameter: parameters["pos"], fallback: .bottom)
        return try await self.state.withStore { store throws(TrelloError) in
            guard (try? store.board(boardID)) != nil else { throw .unauthorized("unauthorized board list requested \(boardID)") }
            return try store.addList(name: name, boardID: boardID, position: position).json
        }
    }

    /// The open cards of the list, in `pos` order.
    @Sendable func cards(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let fields = try await RequestParameters.read(from: request, context: context).fields
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.cards(inList: id).map { store.json(of: $0).narrowed(to: fields) })
        }
    }
}
