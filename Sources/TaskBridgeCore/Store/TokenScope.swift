/// What a token may do: submit tasks, read them, administer routes and credentials.
public enum TokenScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// `POST /v1/tasks` and retries.
    case tasksWrite = "tasks:write"
    /// `GET /v1/tasks` and one task.
    case tasksRead = "tasks:read"
    /// `/v1/admin/`: routes and credentials.
    case admin

    /// What a token gets when none is asked for, and what tokens made before scopes keep.
    public static let defaults: [TokenScope] = [.tasksWrite, .tasksRead]
}
