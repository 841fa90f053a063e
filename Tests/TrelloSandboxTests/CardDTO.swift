/// A Trello card as the tests read it: Trello's field names, decoded strictly.
struct CardDTO: Decodable, Sendable, Equatable {
    let id: String
    let idShort: Int
    let name: String
    let desc: String
    let idList: String
    let idBoard: String
    let idLabels: [String]
    let idMembers: [String]
    let labels: [LabelDTO]
    let pos: Double
    let shortLink: String
    let shortUrl: String
    let url: String
    let closed: Bool
    let dateLastActivity: String
}
