import Hummingbird

/// `/1/members/{id}`: `me` is the member the token belongs to; clients call it to check their credentials.
struct MemberRoutes {
    let state: SandboxState

    @Sendable func member(_ request: Request, context: SandboxRequestContext) async throws -> JSONValue {
        let name = context.parameters.get("id") ?? ""
        let fields = try await RequestParameters.read(from: request, context: context).fields
        return try await self.state.withStore { store throws(TrelloError) in
            let member: BoardMember
            if name == "me", let ownerID = store.ownerID {
                member = try store.member(ownerID)
            } else if let id = TrelloID.normalized(name) {
                member = try store.member(id)
            } else {
                throw .invalidID
            }
            return member.json(idBoards: store.boardIDs(ofMember: member.id)).narrowed(to: fields)
        }
    }
}
