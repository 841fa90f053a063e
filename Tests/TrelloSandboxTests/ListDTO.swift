/// A Trello list.
struct ListDTO: Decodable, Sendable, Equatable {
    let id: String
    let name: String
    let closed: Bool
    let pos: Double
    let idBoard: String
}
