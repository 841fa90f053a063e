/// What `POST /cards` should make: where, its text, its labels and members.
public struct TrelloNewCard: Sendable, Hashable {
    /// The list the card goes into.
    public var listID: String
    /// The card's title.
    public var name: String
    /// The card's description, sent in the JSON body so its length never hits a URL limit.
    public var description: String
    /// Label ids to put on the card.
    public var labelIDs: [String]
    /// Member ids to assign.
    public var memberIDs: [String]
    /// Where in the list: "top", "bottom" or a number.
    public var position: String

    /// A card for the given list.
    public init(
        listID: String,
        name: String,
        description: String,
        labelIDs: [String] = [],
        memberIDs: [String] = [],
        position: String = "bottom"
    ) {
        self.listID = listID
        self.name = name
        self.description = description
        self.labelIDs = labelIDs
        self.memberIDs = memberIDs
        self.position = position
    }
}

extension TrelloNewCard: Encodable {
    private enum CodingKeys: String, CodingKey {
        case idList, name, desc, idLabels, idMembers, pos
    }

    /// Encodes Trello's body: id lists as comma-separated strings, the form Trello documents and honours.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(listID, forKey: .idList)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .desc)
        if !labelIDs.isEmpty { try container.encode(labelIDs.joined(separator: ","), forKey: .idLabels) }
        if !memberIDs.isEmpty { try container.encode(memberIDs.joined(separator: ","), forKey: .idMembers) }
        try container.encode(position, forKey: .pos)
    }
}
