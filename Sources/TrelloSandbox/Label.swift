/// A label on a board; a null color hides it from the card's front.
struct Label: Sendable {
    /// The colors Trello accepts for a label.
    static let colors: Set<String> = ["yellow", "purple", "blue", "red", "green", "orange", "black", "sky", "pink", "lime"]

    let id: String
    let idBoard: String
    var name: String
    var color: String?
    /// How many cards carry the label.
    var uses: Int

    /// The label as Trello's API returns it.
    var json: JSONValue {
        .object([
            .init("id", .string(self.id)),
            .init("idBoard", .string(self.idBoard)),
            .init("name", .string(self.name)),
            .init("color", .optional(self.color)),
            .init("uses", .int(self.uses)),
        ])
    }
}
