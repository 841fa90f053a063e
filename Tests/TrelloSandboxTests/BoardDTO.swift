/// A Trello board.
struct BoardDTO: Decodable, Sendable, Equatable {
    let id: String
    let name: String
}
