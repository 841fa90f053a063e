/// A page request for `TaskStore.list(_:)`: newest first, optionally filtered, after an optional cursor.
public struct TaskListQuery: Sendable, Hashable {
    /// The page size when none is asked for.
    public static let defaultLimit = 50
    /// The largest page size.
    public static let maximumLimit = 200

    /// Only tasks in this status.
    public var status: TaskStatus?
    /// Only tasks of this type.
    public var type: String?
    /// Only tasks of this category.
    public var category: String?
    /// Only tasks whose title holds this text, ignoring case.
    public var titleContains: String?
    /// The page size, 1 to `maximumLimit`.
    public var limit: Int
    /// Where the previous page ended.
    public var cursor: TaskCursor?

    /// Makes a page request; `limit` is clamped to 1...`maximumLimit`.
    public init(status: TaskStatus? = nil, type: String? = nil, limit: Int = defaultLimit, cursor: TaskCursor? = nil) {
        self.status = status
        self.type = type
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.cursor = cursor
    }
}
