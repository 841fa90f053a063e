import Foundation

/// The checked parameters of `POST /cards`, before the store checks what they refer to.
struct CardDraft: Sendable {
    /// Trello's longest card name and description, in UTF-16 code units as JavaScript counts them.
    static let maximumTextLength = 16384

    let idList: String
    let name: String
    let desc: String
    let position: Position
    let idLabels: [String]
    let idMembers: [String]
    let due: String?
    let start: String?
    let dueComplete: Bool

    /// The draft `parameters` describe, or the 400 Trello answers for the first bad one.
    init(parameters: RequestParameters) throws(TrelloError) {
        guard let idList = parameters["idList"].flatMap(TrelloID.normalized) else { throw .invalidValue("idList") }
        self.idList = idList
        self.name = try Self.text(parameters["name"], named: "name")
        self.desc = try Self.text(parameters["desc"], named: "desc")
        self.position = try Position(parameter: parameters["pos"], fallback: .bottom)
        self.idLabels = try Self.idList(parameters["idLabels"], named: "idLabels")
        self.idMembers = try Self.idList(parameters["idMembers"], named: "idMembers")
        self.due = Self.nullable(parameters["due"])
        self.start = Self.nullable(parameters["start"])
        self.dueComplete = try parameters.flag("dueComplete") ?? false
    }

    /// A plain card at the bottom of list `idList`: no labels, members or dates.
    init(idList: String, name: String, desc: String) {
        self.idList = idList
        self.name = name
        self.desc = desc
        self.position = .bottom
        self.idLabels = []
        self.idMembers = []
        self.due = nil
        self.start = nil
        self.dueComplete = false
    }

    /// A card text of at most 16384 characters.
    static func text(_ value: String?, named name: String) throws(TrelloError) -> String {
        guard let value else { return "" }
        guard value.utf16.count <= Self.maximumTextLength else { throw .invalidValue(name) }
        return value
    }

    /// A comma-separated id list, each id well-formed, duplicates dropped.
    static func idList(_ value: String?, named name: String) throws(TrelloError) -> [String] {
        guard let value, value != "null" else { return [] }
        var ids: [String] = []
        for part in value.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let id = TrelloID.normalized(trimmed) else { throw .invalidValue(name) }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// A value that may be `null` to mean none.
    static func nullable(_ value: String?) -> String? {
        value == "null" || value?.isEmpty == true ? nil : value
    }
}
