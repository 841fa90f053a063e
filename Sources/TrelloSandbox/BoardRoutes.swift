import Hummingbird

/// `/1/boards`: boards and what hangs off them.
struct BoardRoutes {
    let state: SandboxState

    @Sendable func board(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let fields = try await RequestParameters.read(from: request, context: context).fields
        return try await self.state.withStore { store throws(TrelloError) in try store.board(id).json.narrowed(to: fields) }
    }

    @Sendable func createBoard(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let name = parameters.name() else { throw TrelloError.invalidValue("name") }
        let defaultLists = try parameters.flag("defaultLists") ?? true
        let defaultLabels = try parameters.flag("defaultLabels") ?? true
        return try await self.state.withStore { store throws(TrelloError) in
            let board = store.addBoard(name: name, memberIDs: store.ownerID.map { [$0] } ?? [], now: TrelloDate.now())
            if defaultLists {
                for listName in ["To Do", "Doing", "Done"] { try store.addList(name: listName, boardID: board.id, position: .bottom) }
            }
            if defaultLabels {
                for color in ["green", "yellow", "orange", "red", "purple", "blue"] { try store.addLabel(name: "", color: color, boardID: board.id) }
            }
            return board.json
        }
    }

    @Sendable func lists(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        let (filter, fields) = (parameters["filter"], parameters.fields)
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.lists(onBoard: id, filter: filter).map { $0.json.narrowed(to: fields) })
        }
    }

    @Sendable func createList(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let name = parameters.name() else { throw TrelloError.badRequestJSON("invalid value for name") }
        let position = try Position(parameter: parameters["pos"], fallback: .top)
        return try await self.state.withStore { store throws(TrelloError) in
            try store.addList(name: name, boardID: id, position: position).json
        }
    }

    /// Trello lists 50 labels unless `limit` (0 to 1000) asks for another number.
    @Sendable func labels(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        let limit = try parameters.integer("limit", fallback: 50, maximum: 1000)
        let fields = parameters.fields
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.labels(onBoard: id, limit: limit).map { $0.json.narrowed(to: fields) })
        }
    }

    @Sendable func createLabel(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        return try await LabelRoutes.createLabel(parameters: parameters, boardID: id, state: self.state)
    }

    @Sendable func members(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.members(ofBoard: id).map(\.json))
        }
    }

    /// Open cards unless the path names another of Trello's filters; with `limit` (at most 1000), `before` or
    /// `since`, one page of them, newest first.
    @Sendable func cards(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let filter = context.parameters.get("filter")
        let parameters = try await RequestParameters.read(from: request, context: context)
        let paging = try Paging(parameters: parameters, defaultLimit: nil, maximumLimit: 1000)
        let fields = parameters.fields
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.cards(onBoard: id, filter: filter, paging: paging).map { store.json(of: $0).narrowed(to: fields) })
        }
    }

    /// The board's card actions, newest first: `filter` names types (`createCard,deleteCard`; default all),
    /// `limit` is 50 unless given (at most 1000), `before` and `since` take an action id or a date.
    @Sendable func actions(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let id = try context.id()
        let parameters = try await RequestParameters.read(from: request, context: context)
        let paging = try Paging(parameters: parameters, defaultLimit: 50, maximumLimit: 1000)
        let types = parameters["filter"].flatMap { $0 == "all" ? nil : Set($0.split(separator: ",").map(String.init)) }
        return try await self.state.withStore { store throws(TrelloError) in
            .array(try store.actions(onBoard: id, types: types, paging: paging).map(\.json))
        }
    }
}
