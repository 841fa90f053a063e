/// A card as Trello answers it, narrowed to the fields the bridge reads.
public struct TrelloCard: Sendable, Hashable, Codable {
    /// The card's id.
    public var id: String
    /// The card's title.
    public var name: String
    /// The card's description.
    public var desc: String
    /// The list the card is in.
    public var idList: String
    /// The card's labels.
    public var idLabels: [String]
    /// The card's members (assignees).
    public var idMembers: [String]
    /// The card's full URL.
    public var url: String?
    /// The card's short URL.
    public var shortUrl: String?
    /// Whether the card is archived.
    public var closed: Bool

    /// A card from its fields.
    public init(
        id: String,
        name: String,
        desc: String,
        idList: String,
        idLabels: [String] = [],
        idMembers: [String] = [],
        url: String? = nil,
        shortUrl: String? = nil,
        closed: Bool = false
    ) {
        self.id = id
        self.name = name
        self.desc = desc
        self.idList = idList
        self.idLabels = idLabels
        self.idMembers = idMembers
        self.url = url
        self.shortUrl = shortUrl
        self.closed = closed
    }

    /// The fields to ask for, so Trello sends only what this type holds.
    static let fields = "id,name,desc,idList,idLabels,idMembers,url,shortUrl,closed"

    private enum CodingKeys: String, CodingKey {
        case id, name, desc, idList, idLabels, idMembers, url, shortUrl, closed
    }

    /// Decodes a card, reading absent text and id lists as empty: `fields` may leave them out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        desc = try container.decodeIfPresent(String.self, forKey: .desc) ?? ""
        idList = try container.decodeIfPresent(String.self, forKey: .idList) ?? ""
        idLabels = try container.decodeIfPresent([String].self, forKey: .idLabels) ?? []
        idMembers = try container.decodeIfPresent([String].self, forKey: .idMembers) ?? []
        url = try container.decodeIfPresent(String.self, forKey: .url)
        shortUrl = try container.decodeIfPresent(String.self, forKey: .shortUrl)
        closed = try container.decodeIfPresent(Bool.self, forKey: .closed) ?? false
    }
}
