/// What the card maker needs for one destination (a board and list, reached with one credential): the board's
/// metadata, the Trello gateway carrying that credential, and the lookup of the board's footed cards.
struct CardDestination: Sendable {
    let board: BoardDirectory
    let trello: TrelloGateway
    let index: CardIndex
    /// Whether it uses the environment's key and token, whose refusal pauses the whole fleet.
    var usesEnvironmentCredentials: Bool
}
