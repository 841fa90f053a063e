/// The values a notification template may name, written `{{name}}`.
public enum TemplatePlaceholder: String, Sendable, CaseIterable, Hashable {
    /// The task's title (a bug's built title).
    case title
    /// The task's type: `bug`, `issue` or `research`.
    case type
    /// The task's category, empty when it has none.
    case category
    /// The task's description.
    case description
    /// The card's URL on Trello, empty until the card exists.
    case cardURL = "card_url"
    /// The task's URL in the API, from `PUBLIC_BASE_URL`.
    case taskURL = "task_url"
    /// The moment notified of: `accepted`, `carded` or `failed`.
    case moment

    /// Every placeholder as written in a template, for error messages and documentation.
    public static var documented: String {
        allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
    }
}
