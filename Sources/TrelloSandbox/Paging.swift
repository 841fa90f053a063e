import Foundation

/// `limit`, `before` and `since` of a card or action listing. `before` and `since` take an id or a date and are
/// kept as id bounds: ids sort by creation (`TrelloID.make(second:sequence:)`), so comparing ids compares times.
struct Paging: Sendable {
    /// At most this many results; nil: all of them.
    var limit: Int?
    /// Only objects made before this id (a date: before that second).
    var before: String?
    /// Only objects made after this id (a date: from that second on).
    var since: String?

    /// Whether any of the three was given: then results come newest first, as Trello's actions do.
    var isPaged: Bool { self.limit != nil || self.before != nil || self.since != nil }

    /// The paging `parameters` ask for, with `defaultLimit` when they name none, or Trello's 400.
    init(parameters: RequestParameters, defaultLimit: Int?, maximumLimit: Int) throws(TrelloError) {
        self.limit = try parameters["limit"] == nil ? defaultLimit : parameters.integer("limit", fallback: 0, maximum: maximumLimit)
        self.before = try Self.bound(parameters["before"], named: "before")
        self.since = try Self.bound(parameters["since"], named: "since")
    }

    /// `elements`, in creation order, cut to this page: newest first once paged, else all of them oldest first.
    func apply<Element>(to elements: [Element], id: (Element) -> String) -> [Element] {
        guard self.isPaged else { return elements }
        var page: [Element] = []
        for element in elements.reversed() {
            if let limit, page.count >= limit { break }
            let elementID = id(element)
            if let before, elementID >= before { continue }
            if let since, elementID <= since { break }
            page.append(element)
        }
        return page
    }

    /// An id as it is, or a date as the smallest id of its second; anything else is Trello's 400.
    private static func bound(_ text: String?, named name: String) throws(TrelloError) -> String? {
        guard let text else { return nil }
        if let id = TrelloID.normalized(text) { return id }
        // A formatter per call: sharing one across requests is not documented as safe everywhere.
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let wholeSeconds = ISO8601DateFormatter()
        guard let date = parser.date(from: text) ?? wholeSeconds.date(from: text) else { throw .invalidValue(name) }
        return TrelloID.lowerBound(ofSecond: Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
