import Hummingbird

/// `/1/labels`.
struct LabelRoutes {
    let state: SandboxState

    @Sendable func createLabel(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let parameters = try await RequestParameters.read(from: request, context: context)
        guard let boardID = parameters["idBoard"].flatMap(TrelloID.normalized) else { throw TrelloError.invalidValue("idBoard") }
        return try await Self.createLabel(parameters: parameters, boardID: boardID, state: self.state)
    }

    /// Makes the label `parameters` describe (`name`, `color` a Trello color or `null`) on board `boardID`.
    static func createLabel(parameters: RequestParameters, boardID: String, state: SandboxState) async throws -> JSONValue {
        guard let name = parameters.name() else { throw TrelloError.invalidValue("name") }
        let color: String?
        switch parameters["color"] {
        case "null", "": color = nil
        case let value? where Label.colors.contains(value): color = value
        default: throw TrelloError.invalidValue("color")
        }
        return try await state.withStore { store throws(TrelloError) in
            try store.addLabel(name: name, color: color, boardID: boardID).json
        }
    }
}
