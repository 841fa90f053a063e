/// What the bridge knows of its board, resolved by name: the target list, the labels, the members.
/// Codable so the fleet can share one copy in Redis.
public struct BoardMetadata: Sendable, Hashable, Codable {
    /// The name of the list cards go to (`TRELLO_LIST_NAME`).
    public var listName: String
    /// That list's id, or nil when the board has no open list of that name.
    public var listID: String?
    /// Label ids by exact label name.
    public var labelIDs: [String: String]
    /// The board's members, in the order Trello lists them.
    public var members: [BoardMember]

    /// Makes the metadata of a board.
    public init(listName: String, listID: String?, labelIDs: [String: String], members: [BoardMember]) {
        self.listName = listName
        self.listID = listID
        self.labelIDs = labelIDs
        self.members = members
    }

    /// The target list's id, or the error that names the missing list.
    public func requireListID() throws(CardPlanError) -> String {
        guard let listID else { throw .missingList(listName) }
        return listID
    }

    /// The id of the label named exactly `name`, or the error that names the missing label.
    public func requireLabelID(named name: String) throws(CardPlanError) -> String {
        guard let id = labelIDs[name] else { throw .missingLabel(name) }
        return id
    }
}
