/// The card a worker asks Trello to create for one task; the Trello client turns it into `POST /1/cards`.
public struct CardPlan: Sendable, Hashable {
    /// The list the card goes to.
    public var listID: String
    /// The card's title.
    public var name: String
    /// The card's description, always ending with the task's footer (see `CardFooter`).
    public var description: String
    /// Labels to put on the card.
    public var labelIDs: [String]
    /// Members to assign.
    public var memberIDs: [String]

    /// Makes a plan.
    public init(listID: String, name: String, description: String, labelIDs: [String] = [], memberIDs: [String] = []) {
        self.listID = listID
        self.name = name
        self.description = description
        self.labelIDs = labelIDs
        self.memberIDs = memberIDs
    }
}
