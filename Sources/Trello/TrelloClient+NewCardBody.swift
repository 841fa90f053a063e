extension TrelloClient {
    /// `POST /cards`'s JSON body: Trello's field names, id lists as the comma-separated strings Trello documents
    /// and honours, and every card at the bottom of its list.
    struct NewCardBody: Encodable, Sendable {
        var listID: String
        var name: String
        var description: String
        var labelIDs: [String]
        var memberIDs: [String]

        private enum CodingKeys: String, CodingKey {
            case idList, name, desc, idLabels, idMembers, pos
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(listID, forKey: .idList)
            try container.encode(name, forKey: .name)
            try container.encode(description, forKey: .desc)
            if !labelIDs.isEmpty { try container.encode(labelIDs.joined(separator: ","), forKey: .idLabels) }
            if !memberIDs.isEmpty { try container.encode(memberIDs.joined(separator: ","), forKey: .idMembers) }
            try container.encode("bottom", forKey: .pos)
        }
    }
}
