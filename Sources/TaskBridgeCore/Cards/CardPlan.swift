/// The card a worker asks Trello to create for one task: the fields of `POST /1/cards`.
public struct CardPlan: Sendable, Hashable {
    /// The card's title.
    public var name: String
    /// The card's description, always ending with the task's footer (see `CardFooter`).
    public var desc: String
    /// The list the card goes to.
    public var idList: String
    /// Label ids (Trello wants them comma-separated).
    public var idLabels: [String]
    /// Member ids to assign (Trello wants them comma-separated).
    public var idMembers: [String]

    /// Makes a plan.
    public init(name: String, desc: String, idList: String, idLabels: [String], idMembers: [String]) {
        self.name = name
        self.desc = desc
        self.idList = idList
        self.idLabels = idLabels
        self.idMembers = idMembers
    }
}
