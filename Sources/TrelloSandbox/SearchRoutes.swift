import Hummingbird

/// `/1/search`: cards only, found by the words of their name and description, behind a configurable lag.
struct SearchRoutes {
    let state: SandboxState

    private static let modelTypes = ["actions", "cards", "boards", "organizations", "members"]

    @Sendable func search(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let query = parameters.name("query") else { throw TrelloError.invalidValue("query") }
        let limit = try parameters.integer("cards_limit", fallback: 10, maximum: 1000)
        let modelTypes = parameters["modelTypes"].map { $0 == "all" ? Self.modelTypes : $0.split(separator: ",").map(String.init) } ?? Self.modelTypes
        guard modelTypes.allSatisfy(Self.modelTypes.contains) else { throw TrelloError.invalidValue("modelTypes") }
        let boardIDs = try Self.boardIDs(parameters["idBoards"])
        let visibleBefore = TrelloDate.currentMilliseconds() - self.state.searchLagMilliseconds
        let cards: [JSONValue] = modelTypes.contains("cards")
            ? try await self.state.withStore { store in
                store.search(query: query, boardIDs: boardIDs, limit: limit, visibleBefore: visibleBefore).map { store.json(of: $0) }
            }
            : []
        let options = JSONValue.object([
            .init("terms", .array(query.split(whereSeparator: \.isWhitespace).map { .object([.init("text", .string(String($0)))]) })),
            .init("modifiers", .array([])),
            .init("modelTypes", .array(modelTypes.map(JSONValue.string))),
            .init("partial", .bool(false)),
        ])
        return .object([.init("options", options)] + modelTypes.map { .init($0, .array($0 == "cards" ? cards : [])) })
    }

    /// `mine` or nothing means every board; otherwise a comma-separated list of board ids.
    private static func boardIDs(_ text: String?) throws(TrelloError) -> Set<String>? {
        guard let text, text != "mine" else { return nil }
        return Set(try CardDraft.idList(text, named: "idBoards"))
    }
}
