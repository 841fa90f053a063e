import TaskBridgeRuntime
/// How to reach the board: `TRELLO_BASE_URL`, `TRELLO_API_KEY`, `TRELLO_API_TOKEN`, `TRELLO_BOARD_ID`,
/// `TRELLO_LIST_NAME`, `TRELLO_AUTO_PROVISION`.
public struct TrelloSettings: Sendable, Hashable {
    /// Trello itself; tests point this at the sandbox, the only difference between a test and production.
    public static let defaultBaseURL = "https://api.trello.com/1"
    /// The list cards go to.
    public static let defaultListName = "To Do"

    /// The API's base URL, without a trailing slash.
    public var baseURL: String
    /// The API key.
    public var apiKey: Secret
    /// The API token.
    public var apiToken: Secret
    /// The board's id (or short link).
    public var boardID: String
    /// The name of the list cards go to.
    public var listName: String
    /// Whether a missing list or label is created rather than failing the task.
    public var autoProvision: Bool

    /// Makes settings.
    public init(
        baseURL: String = defaultBaseURL,
        apiKey: Secret,
        apiToken: Secret,
        boardID: String,
        listName: String = defaultListName,
        autoProvision: Bool = false
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiToken = apiToken
        self.boardID = boardID
        self.listName = listName
        self.autoProvision = autoProvision
    }

    /// Reads the variables; the key, token and board id are required.
    public init(reading environment: inout EnvironmentReader) {
        var baseURL = environment.url("TRELLO_BASE_URL", schemes: ["https", "http"], default: Self.defaultBaseURL)
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        self.init(
            baseURL: baseURL,
            apiKey: Secret(environment.requiredString("TRELLO_API_KEY")),
            apiToken: Secret(environment.requiredString("TRELLO_API_TOKEN")),
            boardID: environment.requiredString("TRELLO_BOARD_ID"),
            listName: environment.string("TRELLO_LIST_NAME", default: Self.defaultListName),
            autoProvision: environment.bool("TRELLO_AUTO_PROVISION", default: false)
        )
    }
}
