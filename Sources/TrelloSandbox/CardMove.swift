/// The body of `POST /_sandbox/cards/{id}/move`: the name of the list to move the card to.
struct CardMove: Decodable, Sendable {
    let list: String
}
