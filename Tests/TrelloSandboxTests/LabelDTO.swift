/// A Trello label.
struct LabelDTO: Decodable, Sendable, Equatable {
    let id: String
    let idBoard: String
    let name: String
    let color: String?
}
