/// The checked parameters of `PUT /cards/{id}`: only what the request names changes.
struct CardChanges: Sendable {
    let name: String?
    let desc: String?
    let closed: Bool?
    let idList: String?
    let position: Position?
    let idLabels: [String]?
    let idMembers: [String]?
    let due: String??
    let start: String??
    let dueComplete: Bool?

    /// A move to list `idList` and/or an archive or unarchive, as a person makes them in Trello's app.
    init(idList: String? = nil, closed: Bool? = nil) {
        (self.name, self.desc, self.position, self.idLabels, self.idMembers) = (nil, nil, nil, nil, nil)
        (self.due, self.start, self.dueComplete) = (nil, nil, nil)
        self.idList = idList
        self.closed = closed
    }

    /// The changes `parameters` ask for, or the 400 Trello answers for the first bad one.
    init(parameters: RequestParameters) throws(TrelloError) {
        self.name = try parameters["name"].map { text throws(TrelloError) in try CardDraft.text(text, named: "name") }
        self.desc = try parameters["desc"].map { text throws(TrelloError) in try CardDraft.text(text, named: "desc") }
        self.closed = try parameters.flag("closed")
        if let idList = parameters["idList"] {
            guard let normalized = TrelloID.normalized(idList) else { throw .invalidValue("idList") }
            self.idList = normalized
        } else {
            self.idList = nil
        }
        self.position = try parameters["pos"].map { text throws(TrelloError) in try Position(parameter: text, fallback: .bottom) }
        self.idLabels = try parameters["idLabels"].map { text throws(TrelloError) in try CardDraft.idList(text, named: "idLabels") }
        self.idMembers = try parameters["idMembers"].map { text throws(TrelloError) in try CardDraft.idList(text, named: "idMembers") }
        self.due = parameters["due"].map(CardDraft.nullable)
        self.start = parameters["start"].map(CardDraft.nullable)
        self.dueComplete = try parameters.flag("dueComplete")
    }
}
