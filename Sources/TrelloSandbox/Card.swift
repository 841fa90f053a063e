/// A card: what the bridge makes for each task.
struct Card: Sendable {
    let id: String
    let idShort: Int
    var name: String
    var desc: String
    var idList: String
    let idBoard: String
    var idLabels: [String]
    var idMembers: [String]
    var pos: Double
    let shortLink: String
    var closed: Bool
    var dateLastActivity: String
    var due: String?
    var start: String?
    var dueComplete: Bool
    /// When the card was made, in milliseconds since 1970, so search can lag behind writes.
    let createdAtMilliseconds: Int64

    var shortUrl: String { "https://trello.com/c/\(self.shortLink)" }
    var url: String {
        let slug = Slug.make(self.name)
        return "https://trello.com/c/\(self.shortLink)/\(self.idShort)\(slug.isEmpty ? "" : "-")\(slug)"
    }

    /// The card as Trello's API returns it, with its labels spelled out in full.
    func json(labels: [Label]) -> JSONValue {
        .object([
            .init("id", .string(self.id)),
            .init("badges", self.badges),
            .init("checkItemStates", .array([])),
            .init("closed", .bool(self.closed)),
            .init("dueComplete", .bool(self.dueComplete)),
            .init("dateLastActivity", .string(self.dateLastActivity)),
            .init("desc", .string(self.desc)),
            .init("descData", .object([.init("emoji", .object([]))])),
            .init("due", .optional(self.due)),
            .init("dueReminder", .null),
            .init("email", .null),
            .init("idBoard", .string(self.idBoard)),
            .init("idChecklists", .array([])),
            .init("idList", .string(self.idList)),
            .init("idMembers", .array(self.idMembers.map(JSONValue.string))),
            .init("idMembersVoted", .array([])),
            .init("idShort", .int(self.idShort)),
            .init("idAttachmentCover", .null),
            .init("labels", .array(labels.map(\.json))),
            .init("idLabels", .array(self.idLabels.map(JSONValue.string))),
            .init("manualCoverAttachment", .bool(false)),
            .init("name", .string(self.name)),
            .init("pos", .double(self.pos)),
            .init("shortLink", .string(self.shortLink)),
            .init("shortUrl", .string(self.shortUrl)),
            .init("start", .optional(self.start)),
            .init("subscribed", .bool(false)),
            .init("url", .string(self.url)),
        ])
    }

    private var badges: JSONValue {
        .object([
            .init("attachmentsByType", .object([.init("trello", .object([.init("board", .int(0)), .init("card", .int(0))]))])),
            .init("location", .bool(false)),
            .init("votes", .int(0)),
            .init("viewingMemberVoted", .bool(false)),
            .init("subscribed", .bool(false)),
            .init("fogbugz", .string("")),
            .init("checkItems", .int(0)),
            .init("checkItemsChecked", .int(0)),
            .init("comments", .int(0)),
            .init("attachments", .int(0)),
            .init("description", .bool(!self.desc.isEmpty)),
            .init("due", .optional(self.due)),
            .init("dueComplete", .bool(self.dueComplete)),
            .init("start", .optional(self.start)),
        ])
    }
}
