/// A Trello board: the container of lists, labels, members and cards.
struct Board: Sendable {
    let id: String
    var name: String
    var desc: String
    var closed: Bool
    let shortLink: String
    var dateLastActivity: String
    /// The `idShort` the next card on this board gets: Trello numbers cards per board from 1.
    var nextCardNumber: Int

    var shortUrl: String { "https://trello.com/b/\(self.shortLink)" }
    var url: String { "https://trello.com/b/\(self.shortLink)/\(Slug.make(self.name))" }

    /// The board as Trello's API returns it.
    var json: JSONValue {
        .object([
            .init("id", .string(self.id)),
            .init("name", .string(self.name)),
            .init("desc", .string(self.desc)),
            .init("descData", .null),
            .init("closed", .bool(self.closed)),
            .init("idOrganization", .null),
            .init("pinned", .bool(false)),
            .init("url", .string(self.url)),
            .init("shortUrl", .string(self.shortUrl)),
            .init("shortLink", .string(self.shortLink)),
            .init("dateLastActivity", .string(self.dateLastActivity)),
        ])
    }
}
