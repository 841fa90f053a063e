import Hummingbird
import TaskBridgeCore

/// A page of tasks as the API shows it (the `TaskPage` schema).
struct TaskPageResponse: ResponseEncodable, Sendable {
    /// This page and the next.
    struct Links: Encodable, Sendable {
        var `self`: String
        var next: String?
    }

    var items: [TaskResponse]
    var nextCursor: String?
    var links: Links

    private enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
        case links
    }

    /// The representation of `page`, with links that repeat the filters of `query`.
    init(_ page: TaskPage, query: TaskListQuery) {
        items = page.tasks.map(TaskResponse.init)
        nextCursor = page.next?.encoded
        links = Links(self: Self.url(query), next: page.next.map { cursor in
            var next = query
            next.cursor = cursor
            return Self.url(next)
        })
    }

    /// `next_cursor` even when null, so clients can test for it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(links, forKey: .links)
    }

    private static func url(_ query: TaskListQuery) -> String {
        var parameters: [String] = []
        if let status = query.status { parameters.append("status=\(status.rawValue)") }
        if let type = query.type { parameters.append("type=\(type)") }
        parameters.append("limit=\(query.limit)")
        if let cursor = query.cursor { parameters.append("cursor=\(cursor.encoded)") }
        return "/v1/tasks?" + parameters.joined(separator: "&")
    }
}
